import DataLoader from 'dataloader';
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
import { byColumnLoader, byIdLoader, groupBy, manyToManyLoader } from './batch';
import { readRows } from '../db/data-source';
import { entityReader } from '../db/entity-reader';
import type { LoaderFactory } from './lazy';

const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);
const byTitle = (a: { title: string }, b: { title: string }) => a.title.localeCompare(b.title, 'nl');

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
  partyById: DataLoader<string, Party | null>;
  sectorById: DataLoader<string, Sector | null>;
  packageCriterionById: DataLoader<string, PackageCriterion | null>;
  knowledgeQuestionById: DataLoader<string, KnowledgeQuestion | null>;
  researchProjectById: DataLoader<string, ResearchProject | null>;
  sectorsByQuestionId: DataLoader<string, Sector[]>;
  criteriaByQuestionId: DataLoader<string, PackageCriterion[]>;
  projectsByQuestionId: DataLoader<string, ResearchProject[]>;
}

/** What an agenda page shows of each question, besides the question itself. */
export interface QuestionParts {
  proposedByParty: boolean;
  sectors: boolean;
  criteria: boolean;
  projects: boolean;
}

/**
 * The statement behind `itemsWithQuestionsByVersionId`: a version's items, their questions and the
 * asked-for relations of those questions, as one JSON row per batch. An agenda page is the portals'
 * hottest read; one statement instead of one per relation level saves the round trips and planning
 * that dominate at 50 items (see BENCHMARKS.md).
 */
function itemBundleSql(ds: DataSource, parts: QuestionParts): string {
  const item = entityReader(ds, AgendaItem);
  const question = entityReader(ds, KnowledgeQuestion);
  const related = (name: string, entity: EntityTarget<ObjectLiteral>, join: string, targetColumn: string) => {
    const reader = entityReader(ds, entity);
    return `,
      (SELECT coalesce(json_agg(json_build_array(j.question_id, j.${targetColumn})), '[]')
         FROM ${join} j WHERE j.question_id IN (SELECT id FROM q)) AS ${name}_links,
      (SELECT coalesce(json_agg(${reader.jsonOf('t')}), '[]') FROM ${reader.table} t
        WHERE t.id IN (SELECT j.${targetColumn} FROM ${join} j WHERE j.question_id IN (SELECT id FROM q))) AS ${name}`;
  };
  const party = entityReader(ds, Party);
  return `WITH i AS (SELECT ${item.columnsOf('t')} FROM ${item.table} t WHERE t.version_id = ANY($1)),
            q AS (SELECT ${question.columnsOf('t')} FROM ${question.table} t WHERE t.id IN (SELECT question_id FROM i))
     SELECT (SELECT coalesce(json_agg(${item.jsonOf('t')}), '[]') FROM i t) AS items,
            (SELECT coalesce(json_agg(${question.jsonOf('t')}), '[]') FROM q t) AS questions${
              parts.proposedByParty
                ? `,
            (SELECT coalesce(json_agg(${party.jsonOf('t')}), '[]') FROM ${party.table} t
              WHERE t.id IN (SELECT proposed_by_party_id FROM q)) AS parties`
                : ''
            }${parts.sectors ? related('sectors', Sector, 'knowledge_question_sector', 'sector_id') : ''}${
              parts.criteria
                ? related('criteria', PackageCriterion, 'knowledge_question_criterion', 'criterion_id')
                : ''
            }${parts.projects ? related('projects', ResearchProject, 'research_project_question', 'project_id') : ''}`;
}

type Json = Record<string, unknown>;

/** Primes a question → list loader (and the by-id loader of the listed records) from one bundle. */
function primeLists<T extends ObjectLiteral & { id: string }>(
  ds: DataSource,
  entity: EntityTarget<T>,
  rows: Json[],
  links: [string, string][],
  questionIds: string[],
  compare: (a: T, b: T) => number,
  byId: DataLoader<string, T | null>,
  byQuestion: DataLoader<string, T[]>,
): void {
  const reader = entityReader(ds, entity);
  const records = new Map<string, T>();
  for (const row of rows) {
    const record = reader.read(row);
    records.set(record.id, record);
    byId.prime(record.id, record);
  }
  const lists = new Map<string, T[]>(questionIds.map((id) => [id, []]));
  for (const [questionId, id] of links) lists.get(questionId)?.push(records.get(id)!);
  for (const [questionId, list] of lists) byQuestion.prime(questionId, list.sort(compare));
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
  agendasBySectorId: factory((ds) => byColumnLoader(ds, ResearchAgenda, 'sector_id', 't.title, t.id')),
  versionsByAgendaId: factory((ds) => byColumnLoader(ds, ResearchAgendaVersion, 'agenda_id', 't.number DESC, t.id')),
  itemsByVersionId: factory((ds) => byColumnLoader(ds, AgendaItem, 'version_id', 't.rank, t.id')),
  /**
   * A version's items with their questions loaded in the same statement, and the questions'
   * `parts` too: the per-request loaders of those relations are primed, so resolving them costs no
   * further statement. One loader per combination of parts.
   */
  itemsWithQuestionsByVersionId: factory((ds, l) => {
    const byParts = new Map<string, DataLoader<string, AgendaItem[]>>();
    return (parts: QuestionParts): DataLoader<string, AgendaItem[]> => {
      const variant = JSON.stringify(parts);
      let loader = byParts.get(variant);
      if (loader) return loader;
      const sql = itemBundleSql(ds, parts);
      loader = new DataLoader<string, AgendaItem[]>(async (versionIds) => {
        const [bundle] = await readRows<Record<string, Json[]>>(ds, sql, [versionIds]);
        const questionIds: string[] = [];
        for (const row of bundle!.questions!) {
          const question = entityReader(ds, KnowledgeQuestion).read(row);
          questionIds.push(question.id);
          l.knowledgeQuestionById.prime(question.id, question);
        }
        const reader = entityReader(ds, Party);
        for (const row of bundle!.parties ?? []) {
          const party = reader.read(row);
          l.partyById.prime(party.id, party);
        }
        const links = (name: string) => (bundle![`${name}_links`] ?? []) as unknown as [string, string][];
        if (parts.sectors)
          primeLists(
            ds,
            Sector,
            bundle!.sectors!,
            links('sectors'),
            questionIds,
            byKey,
            l.sectorById,
            l.sectorsByQuestionId,
          );
        if (parts.criteria)
          primeLists(
            ds,
            PackageCriterion,
            bundle!.criteria!,
            links('criteria'),
            questionIds,
            byKey,
            l.packageCriterionById,
            l.criteriaByQuestionId,
          );
        if (parts.projects)
          primeLists(
            ds,
            ResearchProject,
            bundle!.projects!,
            links('projects'),
            questionIds,
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
      new DataLoader<string, QuestionPlacement[]>(async (questionIds) => {
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
  questionsByProjectId: factory((ds, l) =>
    manyToManyLoader(
      ds,
      KnowledgeQuestion,
      { table: 'research_project_question', ownerColumn: 'project_id', targetColumn: 'question_id' },
      byTitle,
      l.knowledgeQuestionById,
    ),
  ),
};
