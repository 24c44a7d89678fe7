import { Loader } from './loader';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import {
  AgendaItem,
  KnowledgeQuestion,
  Party,
  PrioritisationCriterion,
  QuestionScore,
  ResearchAgenda,
  ResearchAgendaVersion,
  ResearchProject,
  PackageCriterion,
  Sector,
} from '../../entities';
import type { AgendaStatus } from '../../entities/research.enums';
import {
  byColumnLoader,
  byIdLoader,
  groupBy,
  manyToManyLoader,
  pagedByColumnLoader,
  pagedManyToManyLoader,
} from './batch';
import { readRows } from '../db/data-source';
import { entityReader } from '../db/entity-reader';
import type { LoaderFactory } from './lazy';
import { AGENDA_VERSION_VISIBLE_SQL } from '../auth/research.access';
import { byKey, byTitle, dutchOrderSql } from './order';

/** Where a question sits: one row per agenda version that holds it. */
export interface QuestionPlacement {
  questionId: string;
  agendaId: string;
  versionId: string;
  versionNumber: number;
  versionStatus: AgendaStatus;
  rank: number;
}

/** Loaders of this and other domains these loaders prime or share. */
interface Shared {
  partyById: Loader<string, Party | null>;
  sectorById: Loader<string, Sector | null>;
  packageCriterionById: Loader<string, PackageCriterion | null>;
  knowledgeQuestionById: Loader<string, KnowledgeQuestion | null>;
  researchProjectById: Loader<string, ResearchProject | null>;
  sectorsByQuestionId: Loader<string, Sector[]>;
  criteriaByQuestionId: Loader<string, PackageCriterion[]>;
  projectsByQuestionId: Loader<string, ResearchProject[]>;
}

/** What an agenda page shows of each question, besides the question itself. */
export interface QuestionParts {
  proposedByParty: boolean;
  sectors: boolean;
  criteria: boolean;
  projects: boolean;
}

/** The relations of a question an agenda page can ask for with it, and where they are joined. */
const QUESTION_LISTS = {
  sectors: { entity: Sector, join: 'knowledge_question_sector', column: 'sector_id' },
  criteria: { entity: PackageCriterion, join: 'knowledge_question_criterion', column: 'criterion_id' },
  projects: { entity: ResearchProject, join: 'research_project_question', column: 'project_id' },
} as const;
type QuestionList = keyof typeof QUESTION_LISTS;

/**
 * The statement behind `itemsWithQuestionsByVersionId`: a version's items, their questions and the
 * asked-for relations of those questions, as one JSON row per batch. An agenda page is the portals'
 * hottest read; one statement instead of one per relation level saves the round trips that dominate
 * at 50 items (see BENCHMARKS.md). Every lookup is by key (`= ANY(ARRAY(…))`, or a subquery per
 * question), so the plan PostgreSQL keeps for the prepared statement cannot turn into a scan of a
 * whole table when it guesses the number of items wrong.
 */
function itemBundleSql(ds: DataSource, parts: QuestionParts): string {
  const item = entityReader(ds, AgendaItem);
  const question = entityReader(ds, KnowledgeQuestion);
  const lists = (Object.keys(QUESTION_LISTS) as QuestionList[]).filter((name) => parts[name]);
  const listColumns = lists.map(
    (name) =>
      `, ARRAY(SELECT j.${QUESTION_LISTS[name].column} FROM ${QUESTION_LISTS[name].join} j WHERE j.question_id = t.id) AS "__${name}"`,
  );
  const rowsOf = (entity: EntityTarget<ObjectLiteral>, ids: string) => {
    const reader = entityReader(ds, entity);
    return `(SELECT coalesce(json_agg(${reader.jsonOf('t')}), '[]') FROM ${reader.table} t WHERE t.id = ANY(ARRAY(${ids})))`;
  };
  const related = [
    ...(parts.proposedByParty ? [`${rowsOf(Party, 'SELECT proposed_by_party_id FROM q')} AS parties`] : []),
    ...lists.map((name) => `${rowsOf(QUESTION_LISTS[name].entity, `SELECT unnest("__${name}") FROM q`)} AS ${name}`),
  ];
  // Only the first `$2` items of each version (by rank) are read: a long agenda never comes back whole.
  // The versions come through ARRAY(SELECT unnest($1)), which the planner cannot see into: its estimates
  // are then the same for every call, so PostgreSQL keeps one generic plan instead of planning each call
  // anew, and that plan runs in less than half the time (BENCHMARKS.md, fourteenth session).
  return `WITH i AS MATERIALIZED (SELECT ${item.columnsOf('t')} FROM (
                                 SELECT x.*, row_number() OVER (PARTITION BY x.version_id ORDER BY x.rank, x.id) AS "__rank"
                                   FROM ${item.table} x WHERE x.version_id = ANY(ARRAY(SELECT unnest($1::uuid[])))) t
                                WHERE t."__rank" <= $2),
            q AS MATERIALIZED (SELECT ${question.columnsOf('t')}${listColumns.join('')} FROM ${question.table} t
                                WHERE t.id = ANY(ARRAY(SELECT question_id FROM i)))
     SELECT (SELECT coalesce(json_agg(${item.jsonOf('t')}), '[]') FROM i t) AS items,
            (SELECT coalesce(json_agg(${question.jsonOf(
              't',
              lists.map((name) => `__${name}`),
            )}), '[]') FROM q t) AS questions${related
              .map(
                (r) => `,
            ${r}`,
              )
              .join('')}`;
}

type Json = Record<string, unknown>;

/** Primes a question → list loader (and the by-id loader of the listed records) from one bundle. */
function primeList<T extends ObjectLiteral & { id: string }>(
  ds: DataSource,
  entity: EntityTarget<T>,
  rows: Json[],
  idsByQuestion: Map<string, string[]>,
  compare: (a: T, b: T) => number,
  byId: Loader<string, T | null>,
  byQuestion: Loader<string, T[]>,
): void {
  const reader = entityReader(ds, entity);
  const records = new Map<string, T>();
  for (const row of rows) {
    const record = reader.read(row);
    records.set(record.id, record);
    byId.prime(record.id, record);
  }
  for (const [questionId, ids] of idsByQuestion)
    byQuestion.prime(questionId, ids.map((id) => records.get(id)!).sort(compare));
}

const factory = <L>(make: LoaderFactory<L, Shared>) => make;

/** Loaders of the research domain (agendas, questions, projects): one query per relation level. */
export const researchLoaders = {
  researchAgendaById: factory((ds) => byIdLoader(ds, ResearchAgenda)),
  agendaVersionById: factory((ds) => byIdLoader(ds, ResearchAgendaVersion)),
  agendaItemById: factory((ds) => byIdLoader(ds, AgendaItem)),
  knowledgeQuestionById: factory((ds) => byIdLoader(ds, KnowledgeQuestion)),
  prioritisationCriterionById: factory((ds) => byIdLoader(ds, PrioritisationCriterion)),
  questionScoreById: factory((ds) => byIdLoader(ds, QuestionScore)),
  researchProjectById: factory((ds) => byIdLoader(ds, ResearchProject)),
  agendaPagesBySectorId: factory((ds) => pagedByColumnLoader(ds, ResearchAgenda, 'sector_id', 't.title, t.id')),
  versionsByAgendaId: factory((ds) => byColumnLoader(ds, ResearchAgendaVersion, 'agenda_id', 't.number DESC, t.id')),
  /**
   * An agenda's versions, newest first, a page per agenda of those the viewer reads: bind
   * `ResearchAccess.versionScopeParams(agenda)` (AGENDA_VERSION_VISIBLE_SQL), so hidden drafts take no place.
   */
  versionPagesByAgendaId: factory((ds) =>
    pagedByColumnLoader(ds, ResearchAgendaVersion, 'agenda_id', 't.number DESC, t.id', {
      sql: AGENDA_VERSION_VISIBLE_SQL('t', '$4', '$5'),
    }),
  ),
  /** A version's items by rank, a page per version (ResearchAgendaVersion.items without its questions). */
  itemPagesByVersionId: factory((ds) => pagedByColumnLoader(ds, AgendaItem, 'version_id', 't.rank, t.id')),
  /**
   * A version's items with their questions loaded in the same statement, and the questions'
   * `parts` too: the per-request loaders of those relations are primed, so resolving them costs no
   * further statement. At most `limit` items per version (by rank) are read. One loader per
   * combination of parts and limit.
   */
  itemsWithQuestionsByVersionId: factory((ds, l) => {
    const byParts = new Map<string, Loader<string, AgendaItem[]>>();
    return (parts: QuestionParts, limit: number): Loader<string, AgendaItem[]> => {
      const variant = JSON.stringify([parts, limit]);
      let loader = byParts.get(variant);
      if (loader) return loader;
      const sql = itemBundleSql(ds, parts);
      loader = new Loader<string, AgendaItem[]>(async (versionIds) => {
        const [bundle] = await readRows<Record<string, Json[]>>(ds, sql, [versionIds, limit]);
        const idsByQuestion = { sectors: new Map<string, string[]>(), criteria: new Map(), projects: new Map() };
        for (const row of bundle!.questions!) {
          const question = entityReader(ds, KnowledgeQuestion).read(row);
          l.knowledgeQuestionById.prime(question.id, question);
          for (const name of Object.keys(idsByQuestion) as QuestionList[])
            if (parts[name]) idsByQuestion[name].set(question.id, row[`__${name}`] as string[]);
        }
        const reader = entityReader(ds, Party);
        for (const row of bundle!.parties ?? []) {
          const party = reader.read(row);
          l.partyById.prime(party.id, party);
        }
        const [sectors, criteria, projects] = [bundle!.sectors, bundle!.criteria, bundle!.projects];
        if (sectors) primeList(ds, Sector, sectors, idsByQuestion.sectors, byKey, l.sectorById, l.sectorsByQuestionId);
        if (criteria)
          primeList(
            ds,
            PackageCriterion,
            criteria,
            idsByQuestion.criteria,
            byKey,
            l.packageCriterionById,
            l.criteriaByQuestionId,
          );
        if (projects)
          primeList(
            ds,
            ResearchProject,
            projects,
            idsByQuestion.projects,
            byTitle,
            l.researchProjectById,
            l.projectsByQuestionId,
          );
        const items = bundle!.items!.map((row) => entityReader(ds, AgendaItem).read(row));
        items.sort((a, b) => a.rank - b.rank || (a.id < b.id ? -1 : 1));
        return groupBy(versionIds, items, (item) => item.versionId);
      });
      byParts.set(variant, loader);
      return loader;
    };
  }),
  placementsByQuestionId: factory(
    (ds) =>
      new Loader<string, QuestionPlacement[]>(async (questionIds) => {
        const rows: QuestionPlacement[] = await ds.query(
          `SELECT i.question_id AS "questionId", v.agenda_id AS "agendaId", v.id AS "versionId",
                  v.number AS "versionNumber", v.status AS "versionStatus", i.rank
             FROM agenda_item i JOIN research_agenda_version v ON v.id = i.version_id
            WHERE i.question_id = ANY($1)
            ORDER BY v.agenda_id, v.number DESC`,
          [[...questionIds]],
        );
        return groupBy(questionIds, rows, (row) => row.questionId);
      }),
  ),
  sectorsByQuestionId: factory((ds, l) =>
    manyToManyLoader(
      ds,
      Sector,
      { table: 'knowledge_question_sector', ownerColumn: 'question_id', targetColumn: 'sector_id' },
      byKey,
      l.sectorById,
    ),
  ),
  criteriaByQuestionId: factory((ds, l) =>
    manyToManyLoader(
      ds,
      PackageCriterion,
      { table: 'knowledge_question_criterion', ownerColumn: 'question_id', targetColumn: 'criterion_id' },
      byKey,
      l.packageCriterionById,
    ),
  ),
  scoresByQuestionId: factory((ds) => byColumnLoader(ds, QuestionScore, 'question_id', 't.created_at, t.id')),
  projectsByQuestionId: factory((ds, l) =>
    manyToManyLoader(
      ds,
      ResearchProject,
      { table: 'research_project_question', ownerColumn: 'question_id', targetColumn: 'project_id' },
      byTitle,
      l.researchProjectById,
    ),
  ),
  /** A project's questions by title, a page per project (ResearchProject.questions). */
  questionPagesByProjectId: factory((ds) =>
    pagedManyToManyLoader(
      ds,
      KnowledgeQuestion,
      { table: 'research_project_question', ownerColumn: 'project_id', targetColumn: 'question_id' },
      `${dutchOrderSql('t.title')}, t.id`,
    ),
  ),
};
