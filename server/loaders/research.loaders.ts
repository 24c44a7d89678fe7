import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
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
import { byIdLoader, groupBy, manyToManyLoader } from './batch';

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

/** Loaders of the research domain (agendas, questions, projects): one query per relation level. */
export function createResearchLoaders(
  dataSource: DataSource,
  shared: {
    sectorById: DataLoader<string, Sector | null>;
    packageCriterionById: DataLoader<string, PackageCriterion | null>;
  },
) {
  const knowledgeQuestionById = byIdLoader(dataSource, KnowledgeQuestion);
  const researchProjectById = byIdLoader(dataSource, ResearchProject);
  return {
    researchAgendaById: byIdLoader(dataSource, ResearchAgenda),
    agendaVersionById: byIdLoader(dataSource, ResearchAgendaVersion),
    agendaItemById: byIdLoader(dataSource, AgendaItem),
    knowledgeQuestionById,
    prioritisationCriterionById: byIdLoader(dataSource, PrioritisationCriterion),
    questionScoreById: byIdLoader(dataSource, QuestionScore),
    researchProjectById,
    agendasBySectorId: new DataLoader<string, ResearchAgenda[]>(async (sectorIds) => {
      const rows = await dataSource
        .getRepository(ResearchAgenda)
        .find({ where: { sectorId: In([...sectorIds]) }, order: { title: 'ASC' } });
      return groupBy(sectorIds, rows, (row) => row.sectorId as string);
    }),
    versionsByAgendaId: new DataLoader<string, ResearchAgendaVersion[]>(async (agendaIds) => {
      const rows = await dataSource
        .getRepository(ResearchAgendaVersion)
        .find({ where: { agendaId: In([...agendaIds]) }, order: { number: 'DESC' } });
      return groupBy(agendaIds, rows, (row) => row.agendaId);
    }),
    itemsByVersionId: new DataLoader<string, AgendaItem[]>(async (versionIds) => {
      const rows = await dataSource
        .getRepository(AgendaItem)
        .find({ where: { versionId: In([...versionIds]) }, order: { rank: 'ASC' } });
      return groupBy(versionIds, rows, (row) => row.versionId);
    }),
    placementsByQuestionId: new DataLoader<string, QuestionPlacement[]>(async (questionIds) => {
      const rows: QuestionPlacement[] = await dataSource.query(
        `SELECT i.question_id AS "questionId", v.agenda_id AS "agendaId", v.id AS "versionId",
                v.number AS "versionNumber", v.status AS "versionStatus", i.rank
           FROM agenda_item i JOIN research_agenda_version v ON v.id = i.version_id
          WHERE i.question_id = ANY($1)
          ORDER BY v.agenda_id, v.number DESC`,
        [[...questionIds]],
      );
      return groupBy(questionIds, rows, (row) => row.questionId);
    }),
    sectorsByQuestionId: manyToManyLoader(
      dataSource,
      Sector,
      { table: 'knowledge_question_sector', ownerColumn: 'question_id', targetColumn: 'sector_id' },
      byKey,
      shared.sectorById,
    ),
    criteriaByQuestionId: manyToManyLoader(
      dataSource,
      PackageCriterion,
      { table: 'knowledge_question_criterion', ownerColumn: 'question_id', targetColumn: 'criterion_id' },
      byKey,
      shared.packageCriterionById,
    ),
    scoresByQuestionId: new DataLoader<string, QuestionScore[]>(async (questionIds) => {
      const rows = await dataSource
        .getRepository(QuestionScore)
        .find({ where: { questionId: In([...questionIds]) }, order: { createdAt: 'ASC' } });
      return groupBy(questionIds, rows, (row) => row.questionId);
    }),
    projectsByQuestionId: manyToManyLoader(
      dataSource,
      ResearchProject,
      { table: 'research_project_question', ownerColumn: 'question_id', targetColumn: 'project_id' },
      byTitle,
      researchProjectById,
    ),
    questionsByProjectId: manyToManyLoader(
      dataSource,
      KnowledgeQuestion,
      { table: 'research_project_question', ownerColumn: 'project_id', targetColumn: 'question_id' },
      byTitle,
      knowledgeQuestionById,
    ),
  };
}
