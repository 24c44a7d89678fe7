import DataLoader from 'dataloader';
import {
  AssessmentCriterionVerdict,
  AuditEvent,
  Guideline,
  PackageAssessment,
  Recommendation,
  SynergyLink,
  SynergyTrajectory,
  Party,
  Sector,
} from '../../entities';
import { byColumnLoader, byIdLoader, manyToManyLoader, pagedByColumnLoader } from './batch';
import type { LoaderFactory } from './lazy';
import { byKey, byName } from './order';

/** Loaders of other domains these loaders prime or share. */
interface Shared {
  partyById: DataLoader<string, Party | null>;
  sectorById: DataLoader<string, Sector | null>;
}

const factory = <L>(make: LoaderFactory<L, Shared>) => make;

/** Loaders of the synergy domain (richtlijnen ↔ pakketbeoordelingen); each batch is one query. */
export const synergyLoaders = {
  guidelineById: factory((ds) => byIdLoader(ds, Guideline)),
  recommendationById: factory((ds) => byIdLoader(ds, Recommendation)),
  packageAssessmentById: factory((ds) => byIdLoader(ds, PackageAssessment)),
  assessmentCriterionVerdictById: factory((ds) => byIdLoader(ds, AssessmentCriterionVerdict)),
  synergyLinkById: factory((ds) => byIdLoader(ds, SynergyLink)),
  synergyTrajectoryById: factory((ds) => byIdLoader(ds, SynergyTrajectory)),
  ownersByGuidelineId: factory((ds, l) =>
    manyToManyLoader(
      ds,
      Party,
      { table: 'guideline_owner', ownerColumn: 'guideline_id', targetColumn: 'party_id' },
      byName,
      l.partyById,
    ),
  ),
  sectorsByGuidelineId: factory((ds, l) =>
    manyToManyLoader(
      ds,
      Sector,
      { table: 'guideline_sector', ownerColumn: 'guideline_id', targetColumn: 'sector_id' },
      byKey,
      l.sectorById,
    ),
  ),
  partiesByTrajectoryId: factory((ds, l) =>
    manyToManyLoader(
      ds,
      Party,
      { table: 'synergy_trajectory_party', ownerColumn: 'synergy_trajectory_id', targetColumn: 'party_id' },
      byName,
      l.partyById,
    ),
  ),
  recommendationPagesByGuidelineId: factory((ds) =>
    pagedByColumnLoader(ds, Recommendation, 'guideline_id', 't.created_at, t.id'),
  ),
  verdictsByAssessmentId: factory((ds) =>
    byColumnLoader(ds, AssessmentCriterionVerdict, 'assessment_id', 't.created_at, t.id'),
  ),
  linksByGuidelineId: factory((ds) => byColumnLoader(ds, SynergyLink, 'guideline_id', 't.created_at, t.id')),
  linksByRecommendationId: factory((ds) => byColumnLoader(ds, SynergyLink, 'recommendation_id', 't.created_at, t.id')),
  linksByAssessmentId: factory((ds) => byColumnLoader(ds, SynergyLink, 'assessment_id', 't.created_at, t.id')),
  /** The link history: its audit events, oldest first. */
  auditEventsByEntityId: factory((ds) => byColumnLoader(ds, AuditEvent, 'entity_id', 't.occurred_at, t.id')),
};
