import { Loader } from './loader';
import type { DataSource } from 'typeorm';
import {
  AuditEvent,
  CapabilityGrant,
  Intervention,
  Membership,
  PackageCriterion,
  Party,
  Responsibility,
  Sector,
  User,
} from '../../entities';
import type { PartyKind } from '../../entities/party-kind.enum';
import { DomainEvent } from '../../entities/domain-event.entity';
import { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from '../../entities/webhook.entity';
import { byColumnLoader, byIdLoader, manyToManyLoader, pagedByColumnLoader, pagedManyToManyLoader } from './batch';
import { consultationLoaders } from './consultation.loaders';
import { deliverableLoaders } from './deliverable.loaders';
import { lazyLoaderSet, type LoaderFactory } from './lazy';
import { byKey, dutchOrderSql } from './order';
import { packageLoaders } from './package.loaders';
import { packageSignalLoaders } from './package-signal.loaders';
import { perspectiveLoaders } from './perspective.loaders';
import { fundingLoaders } from './funding.loaders';
import { researchLoaders } from './research.loaders';
import { synergyLoaders } from './synergy.loaders';

interface Shared {
  partyById: Loader<string, Party | null>;
  sectorById: Loader<string, Sector | null>;
}

const factory = <L>(make: LoaderFactory<L, Shared>) => make;

/** Loaders of parties, people, reference data and the audit trail. */
const identityLoaders = {
  partyById: factory((ds) => byIdLoader(ds, Party)),
  sectorById: factory((ds) => byIdLoader(ds, Sector)),
  packageCriterionById: factory((ds) => byIdLoader(ds, PackageCriterion)),
  responsibilityById: factory((ds) => byIdLoader(ds, Responsibility)),
  capabilityGrantById: factory((ds) => byIdLoader(ds, CapabilityGrant)),
  userById: factory((ds) => byIdLoader(ds, User)),
  interventionById: factory((ds) => byIdLoader(ds, Intervention)),
  membershipById: factory((ds) => byIdLoader(ds, Membership)),
  auditEventById: factory((ds) => byIdLoader(ds, AuditEvent)),
  webhookEndpointById: factory((ds) => byIdLoader(ds, WebhookEndpoint)),
  webhookDeliveryById: factory((ds) => byIdLoader(ds, WebhookDelivery)),
  domainEventById: factory((ds) => byIdLoader(ds, DomainEvent)),
  webhookAttemptsByDeliveryId: factory((ds) =>
    byColumnLoader(ds, WebhookAttempt, 'delivery_id', 't.attempted_at DESC, t.id DESC'),
  ),
  membershipsByUserId: factory((ds) => byColumnLoader(ds, Membership, 'user_id', 't.created_at, t.id')),
  sectorsByPartyId: factory((ds, l) =>
    manyToManyLoader(
      ds,
      Sector,
      { table: 'party_sector', ownerColumn: 'party_id', targetColumn: 'sector_id' },
      byKey,
      l.sectorById,
    ),
  ),
  /** A sector's parties by name, a page per sector (Sector.parties). */
  partyPagesBySectorId: factory((ds) =>
    pagedManyToManyLoader(
      ds,
      Party,
      { table: 'party_sector', ownerColumn: 'sector_id', targetColumn: 'party_id' },
      `${dutchOrderSql('t.name')}, t.id`,
    ),
  ),
  /** A party's members, oldest first, a page per party (Party.members). */
  membershipPagesByPartyId: factory((ds) => pagedByColumnLoader(ds, Membership, 'party_id', 't.created_at, t.id')),
  childPagesByPartyId: factory((ds) => pagedByColumnLoader(ds, Party, 'parent_id', 't.name, t.id')),
  responsibilitiesByPartyId: factory((ds) => byColumnLoader(ds, Responsibility, 'party_id', 't.key, t.id')),
  responsibilitiesByPartyKind: factory((ds) =>
    byColumnLoader<Responsibility, PartyKind>(ds, Responsibility, 'party_kind', 't.key, t.id'),
  ),
};

/**
 * Per-request loaders: every relation a client can traverse is fetched in one query per level.
 * Each loader is created when a request first uses it.
 */
const RequestLoaders = lazyLoaderSet({
  ...identityLoaders,
  ...synergyLoaders,
  ...researchLoaders,
  ...deliverableLoaders,
  ...packageLoaders,
  ...consultationLoaders,
  ...packageSignalLoaders,
  ...perspectiveLoaders,
  ...fundingLoaders,
});

export type Loaders = InstanceType<typeof RequestLoaders>;

export function createLoaders(dataSource: DataSource): Loaders {
  return new RequestLoaders(dataSource);
}
