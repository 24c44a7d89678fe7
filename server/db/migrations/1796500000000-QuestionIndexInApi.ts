import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Duplicate search moves its candidate search into the API (server/services/research/question-index.ts): the
 * ladder of full-text index scans that knowledge_question_similar ran per keystroke cost 2–4 ms of
 * PostgreSQL time per search at national volume, most of the search's cost. The database keeps what only
 * it knows:
 * - knowledge_question_search_words: the words of a text (or of a question) as known terms, with the
 *   completions of the word being typed and the closest term for a typing error, rarest first — the first
 *   half of knowledge_question_similar, unchanged — and the version of the questions' search data;
 * - knowledge_question_index_version: a counter that every statement changing what the index holds (a
 *   question's terms, its intervention, whether it is merged) moves, in the writing transaction; other
 *   changes (a status step, priorities, notes, a statement that changes nothing) leave it, so an index is
 *   not read again for nothing. It is never below the clock's milliseconds at the last change, so neither
 *   a table made again (a revert and a re-run) nor a restored backup goes back to a version an instance
 *   holds. An API instance compares it with the version its index was read at, on every search, and reads
 *   the index again when it moved: a search never answers from questions older than the statement it runs.
 * knowledge_question_similar and knowledge_question_similar_best stay until a later release drops them:
 * instances of the previous release, still serving during a rolling deploy, call them.
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
    await queryRunner.query(
      `INSERT INTO "knowledge_question_index_version" (id, version) VALUES (true, (extract(epoch FROM clock_timestamp()) * 1000)::bigint)`,
    );
    await queryRunner.query(`
            CREATE TRIGGER "iza_data_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "knowledge_question_index_version"
            FOR EACH STATEMENT EXECUTE FUNCTION "iza_notify_data_change"()
        `);
    // Past the clock's milliseconds: a version follows the one before it and is never below the time of the
    // change, so even a database restored from a backup goes on past every version an instance holds.
    await queryRunner.query(`
            CREATE FUNCTION knowledge_question_index_bump() RETURNS void LANGUAGE sql AS $$
                UPDATE public.knowledge_question_index_version
                   SET version = greatest(version + 1, (extract(epoch FROM clock_timestamp()) * 1000)::bigint)
            $$
        `);
    // Only statements that change what the index holds move it: the terms (not their positions), the
    // intervention, whether the question is merged.
    await queryRunner.query(`
            CREATE FUNCTION knowledge_question_index_changed() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP = 'TRUNCATE' THEN
                    PERFORM public.knowledge_question_index_bump();
                ELSIF TG_OP = 'INSERT' THEN
                    IF EXISTS (SELECT 1 FROM new_rows) THEN
                        PERFORM public.knowledge_question_index_bump();
                    END IF;
                ELSIF TG_OP = 'DELETE' THEN
                    IF EXISTS (SELECT 1 FROM old_rows) THEN
                        PERFORM public.knowledge_question_index_bump();
                    END IF;
                ELSIF EXISTS (
                    SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id
                     WHERE (tsvector_to_array(o.search_vector), o.intervention_id, o.status = 'MERGED')
                           IS DISTINCT FROM (tsvector_to_array(n.search_vector), n.intervention_id, n.status = 'MERGED')) THEN
                    PERFORM public.knowledge_question_index_bump();
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
                -- Without it no index could be trusted (not no_data_found: that is a question that does not exist).
                IF index_version IS NULL THEN
                    RAISE EXCEPTION 'knowledge_question_index_version holds no version';
                END IF;
                RETURN NEXT;
            END $$
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION knowledge_question_search_words(text, text, uuid)`);
    for (const event of ['insert', 'update', 'delete', 'truncate'])
      await queryRunner.query(`DROP TRIGGER knowledge_question_index_changed_${event} ON "knowledge_question"`);
    await queryRunner.query(`DROP FUNCTION knowledge_question_index_changed()`);
    await queryRunner.query(`DROP FUNCTION knowledge_question_index_bump()`);
    await queryRunner.query(`DROP TABLE "knowledge_question_index_version"`);
  }
}

/** Plans made once per connection; no JIT compilation, which costs more than these small statements. */
const PLANS = `SET plan_cache_mode = force_generic_plan SET jit = off`;
/** Unknown words looked up as typing errors, at most. */
const CORRECTED_WORDS = 5;
