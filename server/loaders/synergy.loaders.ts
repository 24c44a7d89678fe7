import { Loader } from './loader';
import type { DataSource } from 'typeorm';
import {
  AssessmentCriterionVerdict,
  AuditEvent,
  Guideline,
  GuidelineOwnerInvitation,
  PackageAssessment,
  Recommendation,
  SynergyLink,
  SynergyTrajectory,
  Party,
  Sector,
} from '../../entities';
import { byColumnLoader, byIdLoader, manyToManyLoader, pagedByColumnLoader } from './batch';
import type { LoaderFactory } from './lazy';
import { readRows } from '../db/data-source';
import { entityReader } from '../db/entity-reader';
import { AUDIT_EVENT_VISIBLE_SQL } from '../auth/people.access';
import { LINK_VISIBLE_SQL } from '../auth/synergy.access';
import { byKey, byName } from './order';

/** Loaders of other domains these loaders prime or share. */
interface Shared {
  partyById: Loader<string, Party | null>;
  sectorById: Loader<string, Sector | null>;
}

const factory = <L>(make: LoaderFactory<L, Shared>) => make;

/** Links by one end, oldest first, a page per owner of those the viewer reads (`$4`, `$5`: the scope). */
const pagedLinks = (ds: DataSource, column: string) =>
  pagedByColumnLoader(ds, SynergyLink, column, 't.created_at, t.id', { sql: LINK_VISIBLE_SQL('t', '$4', '$5') });

/**
 * The DELETE audit entry of each record by the record's id, null while there is none: what a removed link or
 * recommendation was, for the audit rule that gives its entries to the parties it belonged to.
 */
function deletionEntryLoader(dataSource: DataSource): Loader<string, AuditEvent | null> {
  const reader = entityReader(dataSource, AuditEvent);
  const sql = `SELECT ${reader.columnsOf('t')} FROM ${reader.table} t
                WHERE t.entity_id = ANY($1) AND t.action = 'DELETE' ORDER BY t.occurred_at, t.id`;
  return new Loader(async (ids) => {
    const found = new Map<string, AuditEvent>();
    for (const row of await readRows(dataSource, sql, [ids])) {
      const entry = reader.read(row);
      found.set(entry.entityId, entry);
    }
    return ids.map((id) => found.get(id) ?? null);
  });
}

/** Loaders of the synergy domain (richtlijnen ↔ pakketbeoordelingen); each batch is one query. */
export const synergyLoaders = {
  guidelineById: factory((ds) => byIdLoader(ds, Guideline)),
  recommendationById: factory((ds) => byIdLoader(ds, Recommendation)),
  packageAssessmentById: factory((ds) => byIdLoader(ds, PackageAssessment)),
  assessmentCriterionVerdictById: factory((ds) => byIdLoader(ds, AssessmentCriterionVerdict)),
  synergyLinkById: factory((ds) => byIdLoader(ds, SynergyLink)),
  synergyTrajectoryById: factory((ds) => byIdLoader(ds, SynergyTrajectory)),
  guidelineOwnerInvitationById: factory((ds) => byIdLoader(ds, GuidelineOwnerInvitation)),
  /** A guideline's invitations to co-own it, oldest first (each then filtered by the invitation reading rule). */
  ownerInvitationsByGuidelineId: factory((ds) =>
    byColumnLoader(ds, GuidelineOwnerInvitation, 'guideline_id', 't.created_at, t.id'),
  ),
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
  /**
   * The links of a guideline, recommendation or assessment a viewer may read, a page per owner: bind
   * `SynergyAccess.scopeParams()` (LINK_VISIBLE_SQL), so hidden links are neither read nor counted.
   */
  linkPagesByGuidelineId: factory((ds) => pagedLinks(ds, 'guideline_id')),
  linkPagesByRecommendationId: factory((ds) => pagedLinks(ds, 'recommendation_id')),
  linkPagesByAssessmentId: factory((ds) => pagedLinks(ds, 'assessment_id')),
  /** A removed link's or recommendation's DELETE entry (the audit rule reads its ends there). */
  deletionEntryByEntityId: factory((ds) => deletionEntryLoader(ds)),
  /**
   * A link's history page: bind `[all, partyIds]` of the viewer's audit scope (AUDIT_EVENT_VISIBLE_SQL),
   * so events the viewer may not read are neither read nor counted; the rule looks at the asked links only.
   */
  auditEventPagesByEntityId: factory((ds) =>
    pagedByColumnLoader(ds, AuditEvent, 'entity_id', 't.occurred_at, t.id', {
      sql: `($4 OR ${AUDIT_EVENT_VISIBLE_SQL('t', '$5', '$1')})`,
    }),
  ),
};
