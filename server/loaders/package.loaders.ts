import { Loader } from './loader';
import { ASSESSMENT_VISIBLE_SQL, GUIDELINE_VISIBLE_SQL } from '../auth/synergy.access';
import {
  AssessmentCondition,
  Deliverable,
  KnowledgeQuestion,
  MinisterialDecision,
  Recommendation,
  ResearchProject,
  AssessmentEvaluation,
  AssessmentStageChange,
  Guideline,
  PackageAssessment,
  Party,
  PracticeCase,
} from '../../entities';
import { readRows } from '../db/data-source';
import { entityReader } from '../db/entity-reader';
import { byColumnLoader, byIdLoader, byKeyLoader, groupBy, pagedByColumnLoader } from './batch';
import type { LoaderFactory } from './lazy';

const factory = <L>(make: LoaderFactory<L, unknown>) => make;

/** Loaders of the package cycle: cases, stages, conditions, evaluations, re-assessments and key lookups. */
export const packageLoaders = {
  practiceCaseById: factory((ds) => byIdLoader(ds, PracticeCase)),
  partyByKey: factory((ds) => byKeyLoader(ds, Party)),
  guidelineByKey: factory((ds) => byKeyLoader(ds, Guideline)),
  conditionById: factory((ds) => byIdLoader(ds, AssessmentCondition)),
  evaluationById: factory((ds) => byIdLoader(ds, AssessmentEvaluation)),
  ministerialDecisionById: factory((ds) => byIdLoader(ds, MinisterialDecision)),
  /** The minister's decision on each advice: at most one row per assessment (unique), one statement per batch. */
  ministerialDecisionsByAssessmentId: factory((ds) => byColumnLoader(ds, MinisterialDecision, 'assessment_id', 't.id')),
  stageChangePagesByAssessmentId: factory((ds) =>
    pagedByColumnLoader(ds, AssessmentStageChange, 'assessment_id', 't.changed_at, t.id'),
  ),
  conditionPagesByAssessmentId: factory((ds) =>
    pagedByColumnLoader(ds, AssessmentCondition, 'assessment_id', 't.due_latest NULLS LAST, t.created_at, t.id'),
  ),
  evaluationPagesByAssessmentId: factory((ds) =>
    pagedByColumnLoader(ds, AssessmentEvaluation, 'assessment_id', 't.evaluated_on, t.id'),
  ),
  reassessmentPagesByAssessmentId: factory((ds) =>
    pagedByColumnLoader(ds, PackageAssessment, 'reassessment_of_id', 't.created_at, t.id'),
  ),

  /** Lineage: what points at an intervention, a recommendation or an assessment. */
  questionPagesByInterventionId: factory((ds) =>
    pagedByColumnLoader(ds, KnowledgeQuestion, 'intervention_id', 't.created_at, t.id'),
  ),
  /**
   * Of an intervention, the recommendations and assessments a viewer may read, a page per owner: bind
   * `SynergyAccess.scopeParams()`, so a draft neither takes a place on a page nor tells that it exists.
   */
  recommendationPagesByInterventionId: factory((ds) =>
    pagedByColumnLoader(ds, Recommendation, 'intervention_id', 't.created_at, t.id', {
      sql: `EXISTS (SELECT 1 FROM guideline g_v WHERE g_v.id = t.guideline_id AND ${GUIDELINE_VISIBLE_SQL('g_v', '$4', '$5')})`,
    }),
  ),
  assessmentPagesByInterventionId: factory((ds) =>
    pagedByColumnLoader(ds, PackageAssessment, 'intervention_id', 't.title, t.id', {
      sql: ASSESSMENT_VISIBLE_SQL('t', '$4', '$5'),
    }),
  ),
  questionPagesByRecommendationId: factory((ds) =>
    pagedByColumnLoader(ds, KnowledgeQuestion, 'origin_recommendation_id', 't.created_at, t.id'),
  ),
  questionPagesByAssessmentId: factory((ds) =>
    pagedByColumnLoader(ds, KnowledgeQuestion, 'origin_assessment_id', 't.created_at, t.id'),
  ),
  /** Projects answering questions about an intervention, each once, in one statement per batch. */
  projectsByInterventionId: factory((ds) => {
    const reader = entityReader(ds, ResearchProject);
    return new Loader<string, ResearchProject[]>(async (ids) => {
      const rows: Record<string, unknown>[] = await readRows(
        ds,
        `SELECT DISTINCT ON (q.intervention_id, t.id) ${reader.columnsOf('t')}, q.intervention_id AS "__owner"
           FROM ${reader.table} t
           JOIN research_project_question rpq ON rpq.project_id = t.id
           JOIN knowledge_question q ON q.id = rpq.question_id
          WHERE q.intervention_id = ANY($1)
          ORDER BY q.intervention_id, t.id`,
        [ids],
      );
      return groupBy(ids, rows, (r) => r.__owner as string).map((group) => group.map((r) => reader.read(r)));
    });
  }),
  /** Deliverables that have an assessment as output (by its key), in one statement per batch. */
  deliverablesByAssessmentId: factory((ds) => {
    const reader = entityReader(ds, Deliverable);
    return new Loader<string, Deliverable[]>(async (ids) => {
      const rows: Record<string, unknown>[] = await readRows(
        ds,
        `SELECT ${reader.columnsOf('t')}, a.id AS "__owner"
           FROM package_assessment a
           JOIN deliverable_output o ON o.target_type = 'PACKAGE_ASSESSMENT' AND o.target_key = a.key
           JOIN ${reader.table} t ON t.id = o.deliverable_id
          WHERE a.id = ANY($1)
          ORDER BY a.id, t.due_latest NULLS LAST, t.id`,
        [ids],
      );
      return groupBy(ids, rows, (r) => r.__owner as string).map((group) => group.map((r) => reader.read(r)));
    });
  }),
};
