import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * knowledge_question_search_words orders terms by their code points (COLLATE "C"), whatever the database's
 * collation: the five completions of the word being typed among equally frequent ones, the terms of a word,
 * words equally rare, and the closest term for a typing error among equals. The API resolves the words of a
 * text from its own index when it knows them all (server/services/research/question-index.ts) and orders them the same
 * way, so both find the same questions; under a linguistic collation (en_US, say) a hyphen or a digit sorts
 * elsewhere. Only the order among equals changes, which was arbitrary. Otherwise the function of migration
 * QuestionIndexInApi.
 */
export class QuestionWordsInCodePointOrder1796600000000 implements MigrationInterface {
  name = 'QuestionWordsInCodePointOrder1796600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(searchWords(' COLLATE "C"'));
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(searchWords(''));
  }
}

/** Plans made once per connection; no JIT compilation, which costs more than these small statements. */
const PLANS = `SET plan_cache_mode = force_generic_plan SET jit = off`;
/** Unknown words looked up as typing errors, at most. */
const CORRECTED_WORDS = 5;

/** The function as migration QuestionIndexInApi made it, with `order` after every ORDER BY of a term. */
const searchWords = (order: string) => `
            CREATE OR REPLACE FUNCTION knowledge_question_search_words(search text, typed_word text, of_question uuid)
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
                           ORDER BY t.questions DESC, t.term${order} LIMIT 5) c
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
                           ORDER BY public.similarity(t.term, s.stem) DESC, t.questions DESC, t.term${order} LIMIT 1) c
                )
                SELECT coalesce(jsonb_agg(w.terms ORDER BY w.questions, w.stem${order}), '[]') INTO words
                  FROM (SELECT a.stem, jsonb_agg(a.term ORDER BY a.term${order}) AS terms, sum(a.questions) AS questions
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
        `;
