import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
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

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'nl');
const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);

/** Loaders of the synergy domain (richtlijnen ↔ pakketbeoordelingen); each batch is one query. */
export function createSynergyLoaders(
  dataSource: DataSource,
  shared: { partyById: DataLoader<string, Party | null>; sectorById: DataLoader<string, Sector | null> },
) {
  const links = dataSource.getRepository(SynergyLink);
  const linkOrder = { createdAt: 'ASC', id: 'ASC' } as const;
  return {
    guidelineById: byIdLoader(dataSource, Guideline),
    recommendationById: byIdLoader(dataSource, Recommendation),
    packageAssessmentById: byIdLoader(dataSource, PackageAssessment),
    assessmentCriterionVerdictById: byIdLoader(dataSource, AssessmentCriterionVerdict),
    synergyLinkById: byIdLoader(dataSource, SynergyLink),
    synergyTrajectoryById: byIdLoader(dataSource, SynergyTrajectory),
    ownersByGuidelineId: manyToManyLoader(
      dataSource,
      Party,
      { table: 'guideline_owner', ownerColumn: 'guideline_id', targetColumn: 'party_id' },
      byName,
      shared.partyById,
    ),
    sectorsByGuidelineId: manyToManyLoader(
      dataSource,
      Sector,
      { table: 'guideline_sector', ownerColumn: 'guideline_id', targetColumn: 'sector_id' },
      byKey,
      shared.sectorById,
    ),
    partiesByTrajectoryId: manyToManyLoader(
      dataSource,
      Party,
      { table: 'synergy_trajectory_party', ownerColumn: 'synergy_trajectory_id', targetColumn: 'party_id' },
      byName,
      shared.partyById,
    ),
    recommendationsByGuidelineId: new DataLoader<string, Recommendation[]>(async (ids) => {
      const rows = await dataSource
        .getRepository(Recommendation)
        .find({ where: { guidelineId: In([...ids]) }, order: { createdAt: 'ASC', id: 'ASC' } });
      return groupBy(ids, rows, (r) => r.guidelineId);
    }),
    verdictsByAssessmentId: new DataLoader<string, AssessmentCriterionVerdict[]>(async (ids) => {
      const rows = await dataSource
        .getRepository(AssessmentCriterionVerdict)
        .find({ where: { assessmentId: In([...ids]) }, order: { createdAt: 'ASC', id: 'ASC' } });
      return groupBy(ids, rows, (r) => r.assessmentId);
    }),
    linksByGuidelineId: new DataLoader<string, SynergyLink[]>(async (ids) => {
      const rows = await links.find({ where: { guidelineId: In([...ids]) }, order: linkOrder });
      return groupBy(ids, rows, (r) => r.guidelineId);
    }),
    linksByRecommendationId: new DataLoader<string, SynergyLink[]>(async (ids) => {
      const rows = await links.find({ where: { recommendationId: In([...ids]) }, order: linkOrder });
      return groupBy(ids, rows, (r) => r.recommendationId as string);
    }),
    linksByAssessmentId: new DataLoader<string, SynergyLink[]>(async (ids) => {
      const rows = await links.find({ where: { assessmentId: In([...ids]) }, order: linkOrder });
      return groupBy(ids, rows, (r) => r.assessmentId);
    }),
    /** The link history: its audit events, oldest first. */
    auditEventsByEntityId: new DataLoader<string, AuditEvent[]>(async (ids) => {
      const rows = await dataSource
        .getRepository(AuditEvent)
        .find({ where: { entityId: In([...ids]) }, order: { occurredAt: 'ASC', id: 'ASC' } });
      return groupBy(ids, rows, (r) => r.entityId);
    }),
  };
}
