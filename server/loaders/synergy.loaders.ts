import DataLoader from 'dataloader';
import { In } from 'typeorm';
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
import { byIdLoader, groupBy, manyToManyLoader } from './batch';
import type { LoaderFactory } from './lazy';

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'nl');
const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);

/** Loaders of other domains these loaders prime or share. */
interface Shared {
  partyById: DataLoader<string, Party | null>;
  sectorById: DataLoader<string, Sector | null>;
}

const factory = <L>(make: LoaderFactory<L, Shared>) => make;
const linkOrder = { createdAt: 'ASC', id: 'ASC' } as const;

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
  recommendationsByGuidelineId: factory(
    (ds) =>
      new DataLoader<string, Recommendation[]>(async (ids) => {
        const rows = await ds
          .getRepository(Recommendation)
          .find({ where: { guidelineId: In([...ids]) }, order: { createdAt: 'ASC', id: 'ASC' } });
        return groupBy(ids, rows, (r) => r.guidelineId);
      }),
  ),
  verdictsByAssessmentId: factory(
    (ds) =>
      new DataLoader<string, AssessmentCriterionVerdict[]>(async (ids) => {
        const rows = await ds
          .getRepository(AssessmentCriterionVerdict)
          .find({ where: { assessmentId: In([...ids]) }, order: { createdAt: 'ASC', id: 'ASC' } });
        return groupBy(ids, rows, (r) => r.assessmentId);
      }),
  ),
  linksByGuidelineId: factory(
    (ds) =>
      new DataLoader<string, SynergyLink[]>(async (ids) => {
        const rows = await ds
          .getRepository(SynergyLink)
          .find({ where: { guidelineId: In([...ids]) }, order: linkOrder });
        return groupBy(ids, rows, (r) => r.guidelineId);
      }),
  ),
  linksByRecommendationId: factory(
    (ds) =>
      new DataLoader<string, SynergyLink[]>(async (ids) => {
        const rows = await ds
          .getRepository(SynergyLink)
          .find({ where: { recommendationId: In([...ids]) }, order: linkOrder });
        return groupBy(ids, rows, (r) => r.recommendationId as string);
      }),
  ),
  linksByAssessmentId: factory(
    (ds) =>
      new DataLoader<string, SynergyLink[]>(async (ids) => {
        const rows = await ds
          .getRepository(SynergyLink)
          .find({ where: { assessmentId: In([...ids]) }, order: linkOrder });
        return groupBy(ids, rows, (r) => r.assessmentId);
      }),
  ),
  /** The link history: its audit events, oldest first. */
  auditEventsByEntityId: factory(
    (ds) =>
      new DataLoader<string, AuditEvent[]>(async (ids) => {
        const rows = await ds
          .getRepository(AuditEvent)
          .find({ where: { entityId: In([...ids]) }, order: { occurredAt: 'ASC', id: 'ASC' } });
        return groupBy(ids, rows, (r) => r.entityId);
      }),
  ),
};
