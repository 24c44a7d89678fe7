import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Duplicate search (similarQuestions) with a bounded amount of work, whatever the number of questions.
 * - knowledge_question_term: the vocabulary of the questions' search vectors, with how many questions hold
 *   each term, kept by statement triggers.
 * - knowledge_question_similar: the candidates. The words are read as known terms (with the completions of
 *   the word being typed, or the closest term for a typing error); then the full-text index is asked for
 *   the questions with all of them, then ever fewer (the most frequent left out first), each step a
 *   LIMITed index scan, until enough are found.
 * - knowledge_question_similar_best: scores them and returns the best with their question and its sectors;
 *   given a question, searches with its text and intervention.
 * Functions, so that PostgreSQL plans their statements once per connection rather than on every keystroke.
 */
export class QuestionSearchTerms1796200000000 implements MigrationInterface {
  name = 'QuestionSearchTerms1796200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "knowledge_question_term" (
                "term" text NOT NULL,
                "questions" integer NOT NULL,
                CONSTRAINT "PK_knowledge_question_term" PRIMARY KEY ("term")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "knowledge_question_term_trigram" ON "knowledge_question_term" USING gin (term gin_trgm_ops)
        `);
    await queryRunner.query(`
            INSERT INTO "knowledge_question_term" (term, questions)
            SELECT t.term, count(*) FROM "knowledge_question" q, unnest(tsvector_to_array(q.search_vector)) AS t(term)
             GROUP BY t.term
        `);
    // Where DataChangeNotifications ran before this migration, the new table tells listeners too (elsewhere
    // that migration gives it the trigger, as every table).
    await queryRunner.query(`
            DO $$
            BEGIN
                IF to_regprocedure('iza_notify_data_change()') IS NOT NULL THEN
                    CREATE TRIGGER "iza_data_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "knowledge_question_term"
                    FOR EACH STATEMENT EXECUTE FUNCTION "iza_notify_data_change"();
                END IF;
            END $$
        `);
    // One upsert per statement, in term order, so concurrent writers lock the counts they share in one order.
    await queryRunner.query(`
            CREATE FUNCTION knowledge_question_count_terms() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    INSERT INTO public.knowledge_question_term AS t (term, questions)
                    SELECT d.term, count(*) FROM new_rows n, unnest(tsvector_to_array(n.search_vector)) AS d(term)
                     GROUP BY d.term ORDER BY d.term
                    ON CONFLICT (term) DO UPDATE SET questions = t.questions + excluded.questions;
                ELSIF TG_OP = 'UPDATE' THEN
                    INSERT INTO public.knowledge_question_term AS t (term, questions)
                    SELECT d.term, sum(d.delta) FROM (
                        SELECT unnest(tsvector_to_array(n.search_vector)) AS term, 1 AS delta
                          FROM new_rows n JOIN old_rows o ON o.id = n.id
                         WHERE o.search_vector IS DISTINCT FROM n.search_vector
                        UNION ALL
                        SELECT unnest(tsvector_to_array(o.search_vector)), -1
                          FROM new_rows n JOIN old_rows o ON o.id = n.id
                         WHERE o.search_vector IS DISTINCT FROM n.search_vector
                    ) d GROUP BY d.term HAVING sum(d.delta) <> 0 ORDER BY d.term
                    ON CONFLICT (term) DO UPDATE SET questions = t.questions + excluded.questions;
                ELSE
                    INSERT INTO public.knowledge_question_term AS t (term, questions)
                    SELECT d.term, -count(*) FROM old_rows o, unnest(tsvector_to_array(o.search_vector)) AS d(term)
                     GROUP BY d.term ORDER BY d.term
                    ON CONFLICT (term) DO UPDATE SET questions = t.questions + excluded.questions;
                END IF;
                RETURN NULL;
            END $$
        `);
    await queryRunner.query(`
            CREATE TRIGGER knowledge_question_count_terms_insert AFTER INSERT ON "knowledge_question"
            REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION knowledge_question_count_terms()
        `);
    await queryRunner.query(`
            CREATE TRIGGER knowledge_question_count_terms_update AFTER UPDATE ON "knowledge_question"
            REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION knowledge_question_count_terms()
        `);
    await queryRunner.query(`
            CREATE TRIGGER knowledge_question_count_terms_delete AFTER DELETE ON "knowledge_question"
            REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION knowledge_question_count_terms()
        `);
    // A term as a tsquery operand, quoted so it is taken as the lexeme it is.
    const operand = `('''' || replace(replace(a.term, '\\', '\\\\'), '''', '''''') || '''')`;
    // Plans made once per connection, for any input (each step is a bounded index scan whatever the words);
    // no JIT compilation, which costs more than these small statements.
    const PLANS = `SET plan_cache_mode = force_generic_plan SET jit = off`;
    // Bounds on the work for long or garbled text: unknown words looked up as typing errors, and the rarest
    // words the steps are made of (every word still counts in the score).
    const CORRECTED_WORDS = 5;
    const LADDER_WORDS = 6;
    // With more words than this, the first step asks for every question with the rarest few of them.
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
    await queryRunner.query(`
            CREATE FUNCTION knowledge_question_similar_best(
                search text, typed_word text, of_question uuid, intervention uuid, max_text integer, max_intervention integer,
                intervention_bonus numeric, text_threshold numeric, min_score numeric, how_many integer)
            RETURNS TABLE (score numeric, text_score numeric, same_intervention boolean, question jsonb, sectors jsonb)
            LANGUAGE plpgsql STABLE ${PLANS} AS $$
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
                ), best AS (
                    SELECT s.* FROM scored s
                     WHERE (s.text_score >= text_threshold OR s.same_intervention) AND s.score >= min_score
                     ORDER BY s.score DESC, s.question_id
                     LIMIT how_many
                )
                SELECT b.score, b.text_score, b.same_intervention, to_jsonb(q) - 'search_vector' - 'search_text',
                       (SELECT coalesce(jsonb_agg(to_jsonb(s)), '[]')
                          FROM public.knowledge_question_sector qs JOIN public.sector s ON s.id = qs.sector_id
                         WHERE qs.question_id = q.id)
                  FROM best b JOIN public.knowledge_question q ON q.id = b.question_id
                 ORDER BY b.score DESC, b.question_id;
            END $$
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DROP FUNCTION knowledge_question_similar_best(text, text, uuid, uuid, integer, integer, numeric, numeric, numeric, integer)`,
    );
    await queryRunner.query(`DROP FUNCTION knowledge_question_similar(text, text, uuid, uuid, integer, integer)`);
    await queryRunner.query(`DROP TRIGGER knowledge_question_count_terms_delete ON "knowledge_question"`);
    await queryRunner.query(`DROP TRIGGER knowledge_question_count_terms_update ON "knowledge_question"`);
    await queryRunner.query(`DROP TRIGGER knowledge_question_count_terms_insert ON "knowledge_question"`);
    await queryRunner.query(`DROP FUNCTION knowledge_question_count_terms()`);
    await queryRunner.query(`DROP TABLE "knowledge_question_term"`);
  }
}
