import DataLoader from 'dataloader';
import {
  AgendaItem,
  KnowledgeQuestion,
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

/** Loaders of other domains these loaders prime or share. */
interface Shared {
  sectorById: DataLoader<string, Sector | null>;
  packageCriterionById: DataLoader<string, PackageCriterion | null>;
  knowledgeQuestionById: DataLoader<string, KnowledgeQuestion | null>;
  researchProjectById: DataLoader<string, ResearchProject | null>;
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
