import {
  AssessmentCondition,
  AssessmentEvaluation,
  AssessmentStageChange,
  Guideline,
  PackageAssessment,
  Party,
  PracticeCase,
} from '../../entities';
import { byIdLoader, byKeyLoader, pagedByColumnLoader } from './batch';
import type { LoaderFactory } from './lazy';

const factory = <L>(make: LoaderFactory<L, unknown>) => make;

/** Loaders of the package cycle: cases, stages, conditions, evaluations, re-assessments and key lookups. */
export const packageLoaders = {
  practiceCaseById: factory((ds) => byIdLoader(ds, PracticeCase)),
  partyByKey: factory((ds) => byKeyLoader(ds, Party)),
  guidelineByKey: factory((ds) => byKeyLoader(ds, Guideline)),
  conditionById: factory((ds) => byIdLoader(ds, AssessmentCondition)),
  evaluationById: factory((ds) => byIdLoader(ds, AssessmentEvaluation)),
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
};
