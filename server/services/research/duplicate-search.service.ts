import type { DataSource } from 'typeorm';
import { KnowledgeQuestion, Sector } from '../../../entities';
import { SimilarityReason } from '../../../entities/research.enums';
import { decodeIdOf } from '../../../schema/global-id';
import type { SimilarQuestionsInput } from '../../../schema/inputs/research.input';
import { readRows } from '../../db/data-source';
import { entityReader, type EntityReader } from '../../db/entity-reader';
import { BadUserInputError, NotFoundError } from '../../errors';
import type { Loaders } from '../../loaders';
import { byKey } from '../../loaders/order';
import { sqlState } from '../../shared/sql-state';
import {
  heldQuestionIndex,
  piecesOf,
  questionIndexAt,
  rememberStems,
  stemsOf,
  unstemmed,
  type QuestionIndex,
  type SimilarCandidate,
  type SimilarSearch,
} from './question-index';

/**
 * Duplicate search (mogelijke dubbelingen): the questions most like a text or a question, from every
 * sector, scored on their rarest shared words and a shared intervention. Read-only; the index it
 * reads lives in question-index.ts.
 */

/** Weight of a shared intervention in the similarity score (on top of the text score, capped at 1). */
const SAME_INTERVENTION_BONUS = 0.5;
/** How many questions found on their words are scored at most, whatever the number of questions. */
const TEXT_CANDIDATES = 100;
/** How many questions on the same intervention are scored at most. */
const INTERVENTION_CANDIDATES = 50;
/** Text score from which TEXT is given as a reason. */
const TEXT_REASON_THRESHOLD = 0.2;
/** SQLSTATE of knowledge_question_search_words for a question that does not exist. */
const NO_DATA_FOUND = 'P0002';

/**
 * The words of the text (or of the question) as known terms, rarest first, and the version of the
 * questions' search data (migration QuestionIndexInApi); and the stems of the pieces of text given ($4),
 * which the API keeps to read the words of later texts from its index (question-index.ts, `stemsOf`).
 */
export const SEARCH_WORDS_SQL = `SELECT w.words, w.stems, w.intervention, w.index_version::text AS index_version,
       (SELECT json_object_agg(p, tsvector_to_array(to_tsvector('pg_catalog.dutch'::regconfig, public.iza_unaccent(p))))
          FROM unnest($4::text[]) AS p) AS piece_stems
  FROM knowledge_question_search_words($1, $2, $3) w`;

/**
 * The questions found as rows (not merged since the index was read), each with its sector ids, and their
 * sectors once, on the first row: plain columns, not JSON built per row (which would also render
 * each search vector). Each row also carries the version of the questions' search data.
 */
const similarAnswerSql = (questions: EntityReader<KnowledgeQuestion>, sectors: EntityReader<Sector>) =>
  `SELECT ${questions.columnsOf('q')},
       ARRAY(SELECT qs.sector_id FROM knowledge_question_sector qs WHERE qs.question_id = q.id) AS "__sector_ids",
       CASE WHEN row_number() OVER () = 1 THEN
           (SELECT json_agg(${sectors.jsonOf('s')}) FROM ${sectors.table} s
             WHERE s.id IN (SELECT qs.sector_id FROM knowledge_question_sector qs WHERE qs.question_id = ANY ($1::uuid[])))
       END AS "__sectors",
       (SELECT v.version FROM knowledge_question_index_version v)::text AS "__index_version"
  FROM ${questions.table} q WHERE q.id = ANY ($1::uuid[]) AND q.status <> 'MERGED'`;

/** The version alone, for a search that found nothing to read. */
const INDEX_VERSION_SQL = `SELECT (SELECT v.version FROM knowledge_question_index_version v)::text AS "__index_version"`;

export interface SimilarQuestion {
  question: KnowledgeQuestion;
  score: number;
  textScore: number;
  reasons: SimilarityReason[];
}

export class DuplicateSearchService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly loaders: Loaders,
  ) {}

  /**
   * Possible duplicates from every sector, with their sectors, in one statement whatever the number of
   * questions when the API knows the words, else two. The text's Dutch word stems as known terms (the word
   * being typed completed, typing errors read as the closest known word), then the questions found with
   * their sectors. In between, the API's index of the questions' words (server/services/research/question-index.ts,
   * read again when the questions changed) finds the candidates that share the most of the rarest words or
   * have the same intervention; see migrations QuestionSearchTerms and QuestionIndexInApi.
   *
   * The words come from the database (knowledge_question_search_words), which also gives the stems of the
   * text's pieces. The index reads them itself, as the function would, when it can: for a question it holds
   * (`QuestionIndex.wordsOfQuestion`), and for a text once every piece of it has been stemmed before and every
   * stem is a term the index knows or the word being typed completes (`QuestionIndex.words`). Then the
   * statement that reads the answer also reads the version of the data: an index found older than the data
   * is not used, and the search goes the long way.
   */
  async similar(input: SimilarQuestionsInput): Promise<SimilarQuestion[]> {
    if (Boolean(input.questionId) === Boolean(input.text?.trim()))
      throw new BadUserInputError(
        'Give either questionId or text.',
        input.questionId ? 'input.text' : 'input.questionId',
      );
    const interventionId = input.interventionId
      ? decodeIdOf('Intervention', input.interventionId, 'input.interventionId')
      : null;
    const questionId = input.questionId ? decodeIdOf('KnowledgeQuestion', input.questionId, 'input.questionId') : null;
    const text = questionId ? null : input.text!.trim();
    if (text !== null && text.length < 3) throw new BadUserInputError('Type at least three characters.', 'input.text');
    const typed = text === null ? null : wordBeingTyped(input.text!);
    const bounds = {
      maxText: TEXT_CANDIDATES,
      maxIntervention: INTERVENTION_CANDIDATES,
      interventionBonus: SAME_INTERVENTION_BONUS,
      textThreshold: TEXT_REASON_THRESHOLD,
      minScore: input.minScore ?? 0.3,
      first: input.first ?? 10,
    };
    const pieces = text === null ? [] : piecesOf(text);
    const known =
      text === null
        ? await this.similarToHeldQuestion(questionId!, bounds)
        : await this.similarFromHeldIndex(pieces, typed, { ...bounds, intervention: interventionId });
    if (known) return known;

    const [words] = await readRows<SearchWordsRow>(this.dataSource, SEARCH_WORDS_SQL, [
      text,
      typed,
      questionId,
      unstemmed(this.dataSource, typed === null || pieces.includes(typed) ? pieces : [...pieces, typed]),
    ]).catch((error: unknown) => {
      if (sqlState(error) === NO_DATA_FOUND) throw new NotFoundError('No knowledge question with this id.');
      throw error;
    });
    rememberStems(this.dataSource, words!.piece_stems);
    const index = await questionIndexAt(this.dataSource, Number(words!.index_version));
    const found = index.search({
      ...bounds,
      words: words!.words,
      stems: words!.stems,
      // With a question, the search uses the question's text and intervention.
      intervention: questionId ? words!.intervention : interventionId,
      exclude: questionId,
    });
    if (found.length === 0) return [];
    return this.answer(found, await this.answerRows(found));
  }

  /**
   * The search on a text whose words the held index can read itself (see `similar`), or null when it
   * cannot, or when the data turned out newer than the index.
   */
  private async similarFromHeldIndex(
    pieces: readonly string[],
    typed: string | null,
    search: Omit<SimilarSearch, 'words' | 'stems' | 'exclude'>,
  ): Promise<SimilarQuestion[] | null> {
    const index = heldQuestionIndex(this.dataSource);
    const stems = stemsOf(this.dataSource, pieces);
    const typedStems = typed === null ? [] : stemsOf(this.dataSource, [typed]);
    if (!index || !stems || !typedStems) return null;
    const words = index.words(stems, typed === null ? null : { word: typed, stems: typedStems });
    if (!words) return null;
    return this.answerIfCurrent(index, index.search({ ...search, ...words, exclude: null }));
  }

  /** The search with a question the held index holds (its words and intervention), as `similarFromHeldIndex`. */
  private async similarToHeldQuestion(
    questionId: string,
    search: Omit<SimilarSearch, 'words' | 'stems' | 'exclude' | 'intervention'>,
  ): Promise<SimilarQuestion[] | null> {
    const index = heldQuestionIndex(this.dataSource);
    const words = index?.wordsOfQuestion(questionId);
    if (!index || !words) return null;
    return this.answerIfCurrent(index, index.search({ ...search, ...words, exclude: questionId }));
  }

  /**
   * The answer for what the held index found, in one statement that also reads the version of the data;
   * null when the data is newer than the index (the search must go the long way).
   */
  private async answerIfCurrent(
    index: QuestionIndex,
    found: readonly SimilarCandidate[],
  ): Promise<SimilarQuestion[] | null> {
    const rows = found.length
      ? await this.answerRows(found)
      : await readRows<{ __index_version: string | null }>(this.dataSource, INDEX_VERSION_SQL, []);
    // No rows: every question found was merged or deleted since, which moved the version too.
    const version = rows[0]?.__index_version;
    if (version === undefined || version === null || Number(version) > index.version) return null;
    return this.answer(found, rows as SimilarAnswerRow[]);
  }

  private answerRows(found: readonly SimilarCandidate[]): Promise<SimilarAnswerRow[]> {
    const questionReader = entityReader(this.dataSource, KnowledgeQuestion);
    const sectorReader = entityReader(this.dataSource, Sector);
    return readRows<SimilarAnswerRow>(this.dataSource, similarAnswerSql(questionReader, sectorReader), [
      found.map((c) => c.id),
    ]);
  }

  /** The candidates found as answers, with their questions and sectors primed in the loaders. */
  private answer(found: readonly SimilarCandidate[], rows: readonly SimilarAnswerRow[]): SimilarQuestion[] {
    const questionReader = entityReader(this.dataSource, KnowledgeQuestion);
    const sectorReader = entityReader(this.dataSource, Sector);
    const sectors = new Map(
      (rows.find((row) => row.__sectors)?.__sectors ?? []).map((row) => {
        const sector = sectorReader.read(row);
        this.loaders.sectorById.prime(sector.id, sector);
        return [sector.id, sector];
      }),
    );
    const byId = new Map(rows.map((row) => [row.id as string, row]));
    // A question deleted or merged since the index was read is left out.
    return found.flatMap((candidate) => {
      const row = byId.get(candidate.id);
      if (!row) return [];
      const question = questionReader.read(row);
      this.loaders.knowledgeQuestionById.prime(question.id, question);
      this.loaders.sectorsByQuestionId.prime(question.id, row.__sector_ids.map((id) => sectors.get(id)!).sort(byKey));
      const reasons: SimilarityReason[] = [];
      if (candidate.textScore >= TEXT_REASON_THRESHOLD) reasons.push(SimilarityReason.TEXT);
      if (candidate.sameIntervention) reasons.push(SimilarityReason.SAME_INTERVENTION);
      return [{ question, score: candidate.score, textScore: candidate.textScore, reasons }];
    });
  }
}

interface SearchWordsRow {
  words: string[][];
  stems: number;
  intervention: string | null;
  index_version: string;
  piece_stems: Record<string, string[]> | null;
}

interface SimilarAnswerRow extends Record<string, unknown> {
  __sector_ids: string[];
  /** On the first question's row only. */
  __sectors: Record<string, unknown>[] | null;
  __index_version: string | null;
}

/**
 * The word being typed, for its completions: the last one, unless the text ends after it (a space or a
 * punctuation mark); null when too short to mean much.
 */
export function wordBeingTyped(text: string): string | null {
  const word = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .at(-1);
  return word && word.length >= 3 ? word : null;
}
