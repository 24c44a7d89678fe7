import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Duplicate search moves its candidate search into the API (server/services/question-index.ts): the
 * ladder of full-text index scans that knowledge_question_similar ran per keystroke cost 2–4 ms of
 * PostgreSQL time per search at national volume, most of the search's cost. The database keeps what only
 * it knows:
 * - knowledge_question_search_words: the words of a text (or of a question) as known terms, with the
 *   completions of the word being typed and the closest term for a typing error, rarest first — the first
 *   half of knowledge_question_similar, unchanged — and the version of the questions' search data;
 * - knowledge_question_index_version: a counter that every statement changing what the search reads
 *   (the words, the intervention, the status of questions) moves, in the writing transaction (statements
 *   that change nothing the search reads leave it, so an index is not read again for nothing). An API
 *   instance compares it with the version its index was read at, on every search, and reads the index
 *   again when they differ: a search never answers from questions older than the statement it runs.
 * knowledge_question_similar and knowledge_question_similar_best go (down brings them back).
 */
export class QuestionIndexInApi1796500000000 implements MigrationInterface {
  name = 'QuestionIndexInApi1796500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "knowledge_question_index_version" (
                "id" boolean NOT NULL DEFAULT true,
                "version" bigint NOT NULL,
                CONSTRAINT "PK_knowledge_question_index_version" PRIMARY KEY ("id"),
                CONSTRAINT "CHK_knowledge_question_index_version_one_row" CHECK ("id")
            )
        `);
    await queryRunner.query(`INSERT INTO "knowledge_question_index_version" (id, version) VALUES (true, 1)`);
    await queryRunner.query(`
            CREATE TRIGGER "iza_data_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "knowledge_question_index_version"
            FOR EACH STATEMENT EXECUTE FUNCTION "iza_notify_data_change"()
        `);
    // Only statements that change what the search reads move it (a statement that touches no row, or
    // another column, does not): the words (search_vector follows the texts), the intervention, the status.
    await queryRunner.query(`
            CREATE FUNCTION knowledge_question_index_changed() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'TRUNCATE' THEN
                    UPDATE public.knowledge_question_index_version SET version = version + 1;
                ELSIF TG_OP = 'INSERT' THEN
                    IF EXISTS (SELECT 1 FROM new_rows) THEN
                        UPDATE public.knowledge_question_index_version SET version = version + 1;
                    END IF;
                ELSIF TG_OP = 'DELETE' THEN
                    IF EXISTS (SELECT 1 FROM old_rows) THEN
                        UPDATE public.knowledge_question_index_version SET version = version + 1;
                    END IF;
                ELSIF EXISTS (
                    SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
                     WHERE (o.search_vector, o.intervention_id, o.status) IS DISTINCT FROM (n.search_vector, n.intervention_id, n.status)) THEN
                    UPDATE public.knowledge_question_index_version SET version = version + 1;
                END IF;
                RETURN NULL;
            END $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER knowledge_question_index_changed_insert AFTER INSERT ON "knowledge_question"
            REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION knowledge_question_index_changed()
        `);
    await queryRunner.query(`
            CREATE TRIGGER knowledge_question_index_changed_update AFTER UPDATE ON "knowledge_question"
            REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION knowledge_question_index_changed()
        `);
    await queryRunner.query(`
            CREATE TRIGGER knowledge_question_index_changed_delete AFTER DELETE ON "knowledge_question"
            REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION knowledge_question_index_changed()
        `);
    await queryRunner.query(`
            CREATE TRIGGER knowledge_question_index_changed_truncate AFTER TRUNCATE ON "knowledge_question"
            FOR EACH STATEMENT EXECUTE FUNCTION knowledge_question_index_changed()
        `);
    await queryRunner.query(`
            CREATE FUNCTION knowledge_question_search_words(search text, typed_word text, of_question uuid)
            RETURNS TABLE (words jsonb, stems integer, intervention uuid, index_version bigint)
            LANGUAGE plpgsql STABLE ${PLANS} AS $$
            DECLARE
                search_stems text[];
                typed_stems text[] := coalesce(tsvector_to_array(to_tsvector('pg_catalog.dutch'::regconfig, typed_word)), '{}');
                typed_prefix text := replace(replace(replace(typed_word, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%';
                -- The question itself holds every one of its stems; it does not count.
                itself integer := (of_question IS NOT NULL)::integer;
            BEGIN
                -- For a question: its text and intervention (no_data_found when there is no such question).
                IF of_question IS NOT NULL THEN
                    SELECT concat_ws(' ', q.title, q.population, q.intervention_text, q.comparison, q.outcome), q.intervention_id
                      INTO search, intervention
                      FROM public.knowledge_question q WHERE q.id = of_question;
                    IF NOT FOUND THEN
                        RAISE EXCEPTION 'No knowledge question %', of_question USING ERRCODE = 'no_data_found';
                    END IF;
                END IF;
                search_stems := ARRAY(SELECT DISTINCT s FROM unnest(tsvector_to_array(
                    to_tsvector('pg_catalog.dutch'::regconfig, public.iza_unaccent(search)))) AS s);
                stems := cardinality(search_stems);
                -- Each word as the known terms it stands for, rarest first: the term itself and, for the word
                -- being typed, its five most frequent completions; an unknown word as the closest known term
                -- (a typing error).
                WITH known AS (
                    SELECT t.term, t.questions - itself AS questions FROM public.knowledge_question_term t
                     WHERE t.term = ANY (search_stems)
                ), completed AS (
                    SELECT s.stem, c.term, c.questions
                      FROM unnest(typed_stems) AS s(stem)
                      CROSS JOIN LATERAL (
                          SELECT t.term, t.questions FROM public.knowledge_question_term t
                           WHERE t.term LIKE typed_prefix AND t.questions > 0
                           ORDER BY t.questions DESC, t.term LIMIT 5) c
                     WHERE s.stem = ANY (search_stems)
                ), corrected AS (
                    SELECT s.stem, c.term, c.questions
                      FROM (SELECT u.stem FROM unnest(search_stems) AS u(stem)
                             WHERE u.stem NOT IN (SELECT k.term FROM known k UNION ALL SELECT c.stem FROM completed c)
                             LIMIT ${CORRECTED_WORDS}) s
                      CROSS JOIN LATERAL (
                          SELECT t.term, t.questions FROM public.knowledge_question_term t
                           WHERE t.term OPERATOR(public.%) s.stem AND t.questions > 0
                             AND public.similarity(t.term, s.stem) >= 0.5
                           ORDER BY public.similarity(t.term, s.stem) DESC, t.questions DESC, t.term LIMIT 1) c
                )
                SELECT coalesce(jsonb_agg(w.terms ORDER BY w.questions, w.stem), '[]') INTO words
                  FROM (SELECT a.stem, jsonb_agg(a.term ORDER BY a.term) AS terms, sum(a.questions) AS questions
                          FROM (SELECT k.term AS stem, k.term, k.questions FROM known k WHERE k.questions > 0
                                UNION SELECT * FROM completed
                                UNION ALL SELECT * FROM corrected) a
                         GROUP BY a.stem) w;
                SELECT v.version INTO index_version FROM public.knowledge_question_index_version v;
                RETURN NEXT;
            END $$
        `);
    await queryRunner.query(
      `DROP FUNCTION knowledge_question_similar_best(text, text, uuid, uuid, integer, integer, numeric, numeric, numeric, integer)`,
    );
    await queryRunner.query(`DROP FUNCTION knowledge_question_similar(text, text, uuid, uuid, integer, integer)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // As migration QuestionSearchTerms made it.
    const operand = `('''' || replace(replace(a.term, '\\', '\\\\'), '''', '''''') || '''')`;
    const LADDER_WORDS = 6;
    const FIRST_STEP_WORDS = 4;
    await queryRunner.query(`
            CREATE FUNCTION knowledge_question_similar(
                search text, typed_word text, exclude_id uuid, intervention uuid, max_text integer, max_intervention integer)
            RETURNS TABLE (question_id uuid, shared integer, own integer, theirs integer, same_intervention boolean)
            LANGUAGE plpgsql STABLE ${PLANS} AS $$
            DECLARE
                stems text[] := ARRAY(SELECT DISTINCT s FROM unnest(tsvector_to_array(
                    to_tsvector('pg_catalog.dutch'::regconfig, public.iza_unaccent(search)))) AS s);
                typed_stems text[] := coalesce(tsvector_to_array(to_tsvector('pg_catalog.dutch'::regconfig, typed_word)), '{}');
                typed_prefix text := replace(replace(replace(typed_word, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%';
                -- The question itself holds every one of its stems; it does not count.
                itself integer := (exclude_id IS NOT NULL)::integer;
                words tsquery[];
                ladder tsquery[];
                without tsquery;
                probing boolean;
                depth integer;
                step tsquery;
                stricter tsquery;
                total integer := 0;
                added integer;
            BEGIN
                -- Each word as the known terms it stands for, rarest first: the term itself and, for the word
                -- being typed, its five most frequent completions; an unknown word as the closest known term
                -- (a typing error).
                WITH known AS (
                    SELECT t.term, t.questions - itself AS questions FROM public.knowledge_question_term t
                     WHERE t.term = ANY (stems)
                ), completed AS (
                    SELECT s.stem, c.term, c.questions
                      FROM unnest(typed_stems) AS s(stem)
                      CROSS JOIN LATERAL (
                          SELECT t.term, t.questions FROM public.knowledge_question_term t
                           WHERE t.term LIKE typed_prefix AND t.questions > 0
                           ORDER BY t.questions DESC, t.term LIMIT 5) c
                     WHERE s.stem = ANY (stems)
                ), corrected AS (
                    SELECT s.stem, c.term, c.questions
                      FROM (SELECT u.stem FROM unnest(stems) AS u(stem)
                             WHERE u.stem NOT IN (SELECT k.term FROM known k UNION ALL SELECT c.stem FROM completed c)
                             LIMIT ${CORRECTED_WORDS}) s
                      CROSS JOIN LATERAL (
                          SELECT t.term, t.questions FROM public.knowledge_question_term t
                           WHERE t.term OPERATOR(public.%) s.stem AND t.questions > 0
                             AND public.similarity(t.term, s.stem) >= 0.5
                           ORDER BY public.similarity(t.term, s.stem) DESC, t.questions DESC, t.term LIMIT 1) c
                )
                SELECT coalesce(array_agg(w.tsq ORDER BY w.questions, w.stem), '{}') INTO words
                  FROM (SELECT a.stem, string_agg(${operand}, ' | ')::tsquery AS tsq, sum(a.questions) AS questions
                          FROM (SELECT k.term AS stem, k.term, k.questions FROM known k WHERE k.questions > 0
                                UNION SELECT * FROM completed
                                UNION ALL SELECT * FROM corrected) a
                         GROUP BY a.stem) w;
                -- The questions with all of the words, then ever fewer (the most frequent dropped first), each
                -- step a bounded index scan. With many words the first step takes every question with the
                -- rarest few, when they are not too many. When the budget is not spent, the next pass leaves
                -- the rarest word out (one the duplicates may not share: another spelling, a compound).
                FOR pass IN 1..least(3, cardinality(words)) LOOP
                    EXIT WHEN total >= max_text;
                    IF pass > 1 THEN
                        without := coalesce(without || words[pass - 1], words[pass - 1]);
                    END IF;
                    ladder := words[pass:pass + ${LADDER_WORDS} - 1];
                    probing := cardinality(ladder) > ${FIRST_STEP_WORDS};
                    depth := least(cardinality(ladder), ${FIRST_STEP_WORDS});
                    stricter := NULL;
                    LOOP
                        step := ladder[1];
                        FOR i IN 2..depth LOOP
                            step := step && ladder[i];
                        END LOOP;
                        RETURN QUERY
                        SELECT q.id, (SELECT count(*)::integer FROM unnest(words) AS w(tsq) WHERE q.search_vector @@ w.tsq),
                               length(q.search_vector), cardinality(stems), coalesce(q.intervention_id = intervention, false)
                          FROM public.knowledge_question q
                         WHERE q.search_vector @@ step AND (stricter IS NULL OR NOT q.search_vector @@ stricter)
                           AND (without IS NULL OR NOT q.search_vector @@ without)
                           AND q.status <> 'MERGED' AND q.id IS DISTINCT FROM exclude_id
                         LIMIT max_text - total;
                        GET DIAGNOSTICS added = ROW_COUNT;
                        IF probing AND total + added >= max_text THEN
                            -- Too many with the rarest few: keep these, and look for those with more of the words.
                            probing := false;
                            depth := cardinality(ladder);
                            CONTINUE;
                        END IF;
                        probing := false;
                        total := total + added;
                        EXIT WHEN total >= max_text OR depth = 1;
                        stricter := step;
                        depth := depth - 1;
                    END LOOP;
                END LOOP;
                IF intervention IS NOT NULL THEN
                    RETURN QUERY
                    SELECT q.id, (SELECT count(*)::integer FROM unnest(words) AS w(tsq) WHERE q.search_vector @@ w.tsq),
                           length(q.search_vector), cardinality(stems), true
                      FROM public.knowledge_question q
                     WHERE q.intervention_id = intervention AND q.status <> 'MERGED' AND q.id IS DISTINCT FROM exclude_id
                     LIMIT max_intervention;
                END IF;
            END $$
        `);
    // As migration SimilarSectorsOnce made it.
    await queryRunner.query(`
            CREATE FUNCTION knowledge_question_similar_best(
                search text, typed_word text, of_question uuid, intervention uuid, max_text integer, max_intervention integer,
                intervention_bonus numeric, text_threshold numeric, min_score numeric, how_many integer)
            RETURNS TABLE (score numeric, text_score numeric, same_intervention boolean, question jsonb, sector_ids uuid[], sectors jsonb)
            LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan SET jit = off AS $$
            BEGIN
                -- For a question: its text and intervention (no_data_found when there is no such question).
                IF of_question IS NOT NULL THEN
                    SELECT concat_ws(' ', q.title, q.population, q.intervention_text, q.comparison, q.outcome), q.intervention_id
                      INTO search, intervention
                      FROM public.knowledge_question q WHERE q.id = of_question;
                    IF NOT FOUND THEN
                        RAISE EXCEPTION 'No knowledge question %', of_question USING ERRCODE = 'no_data_found';
                    END IF;
                END IF;
                -- The text score is the mean of the Dice and overlap coefficients of the shared words.
                RETURN QUERY
                WITH scored AS (
                    SELECT c.question_id, c.same_intervention, t.text_score,
                           least(1, t.text_score + CASE WHEN c.same_intervention THEN intervention_bonus ELSE 0 END) AS score
                      FROM (SELECT DISTINCT * FROM public.knowledge_question_similar(
                                search, typed_word, of_question, intervention, max_text, max_intervention)) c
                      CROSS JOIN LATERAL (
                          SELECT CASE WHEN least(c.own, c.theirs) = 0 THEN 0
                                      ELSE round((2.0 * c.shared / (c.own + c.theirs) + 1.0 * c.shared / least(c.own, c.theirs)) / 2, 3)
                                 END AS text_score) t
                ), best AS MATERIALIZED (
                    SELECT s.*, ARRAY(SELECT qs.sector_id FROM public.knowledge_question_sector qs
                                       WHERE qs.question_id = s.question_id ORDER BY qs.sector_id) AS sector_ids
                      FROM scored s
                     WHERE (s.text_score >= text_threshold OR s.same_intervention) AND s.score >= min_score
                     ORDER BY s.score DESC, s.question_id
                     LIMIT how_many
                )
                -- Each sector once, on the first row: the answers share a handful of sectors.
                SELECT b.score, b.text_score, b.same_intervention, to_jsonb(q) - 'search_vector' - 'search_text', b.sector_ids,
                       CASE WHEN row_number() OVER (ORDER BY b.score DESC, b.question_id) = 1 THEN
                           (SELECT coalesce(jsonb_agg(to_jsonb(s)), '[]') FROM public.sector s
                             WHERE s.id IN (SELECT unnest(a.sector_ids) FROM best a))
                       END
                  FROM best b JOIN public.knowledge_question q ON q.id = b.question_id
                 ORDER BY b.score DESC, b.question_id;
            END $$
        `);
    await queryRunner.query(`DROP FUNCTION knowledge_question_search_words(text, text, uuid)`);
    for (const event of ['insert', 'update', 'delete', 'truncate'])
      await queryRunner.query(`DROP TRIGGER knowledge_question_index_changed_${event} ON "knowledge_question"`);
    await queryRunner.query(`DROP FUNCTION knowledge_question_index_changed()`);
    await queryRunner.query(`DROP TABLE "knowledge_question_index_version"`);
  }
}

/** Plans made once per connection; no JIT compilation, which costs more than these small statements. */
const PLANS = `SET plan_cache_mode = force_generic_plan SET jit = off`;
/** Unknown words looked up as typing errors, at most. */
const CORRECTED_WORDS = 5;
