import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
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
import { byIdLoader, groupBy, manyToManyLoader } from './batch';
import { deliverableLoaders } from './deliverable.loaders';
import { lazyLoaderSet, type LoaderFactory } from './lazy';
import { researchLoaders } from './research.loaders';
import { synergyLoaders } from './synergy.loaders';

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'nl');
const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);

interface Shared {
  partyById: DataLoader<string, Party | null>;
  sectorById: DataLoader<string, Sector | null>;
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
  membershipsByPartyId: factory(
    (ds) =>
      new DataLoader<string, Membership[]>(async (partyIds) => {
        const rows = await ds
          .getRepository(Membership)
          .find({ where: { partyId: In([...partyIds]) }, order: { createdAt: 'ASC' } });
        return groupBy(partyIds, rows, (row) => row.partyId);
      }),
  ),
  membershipsByUserId: factory(
    (ds) =>
      new DataLoader<string, Membership[]>(async (userIds) => {
        const rows = await ds
          .getRepository(Membership)
          .find({ where: { userId: In([...userIds]) }, order: { createdAt: 'ASC' } });
        return groupBy(userIds, rows, (row) => row.userId);
      }),
  ),
  sectorsByPartyId: factory((ds, l) =>
    manyToManyLoader(
      ds,
      Sector,
      { table: 'party_sector', ownerColumn: 'party_id', targetColumn: 'sector_id' },
      byKey,
      l.sectorById,
    ),
  ),
  partiesBySectorId: factory((ds, l) =>
    manyToManyLoader(
      ds,
      Party,
      { table: 'party_sector', ownerColumn: 'sector_id', targetColumn: 'party_id' },
      byName,
      l.partyById,
    ),
  ),
  childrenByPartyId: factory(
    (ds) =>
      new DataLoader<string, Party[]>(async (parentIds) => {
        const rows = await ds
          .getRepository(Party)
          .find({ where: { parentId: In([...parentIds]) }, order: { name: 'ASC' } });
        return groupBy(parentIds, rows, (row) => row.parentId as string);
      }),
  ),
  responsibilitiesByPartyId: factory(
    (ds) =>
      new DataLoader<string, Responsibility[]>(async (partyIds) => {
        const rows = await ds
          .getRepository(Responsibility)
          .find({ where: { partyId: In([...partyIds]) }, order: { key: 'ASC' } });
        return groupBy(partyIds, rows, (row) => row.partyId as string);
      }),
  ),
  responsibilitiesByPartyKind: factory(
    (ds) =>
      new DataLoader<PartyKind, Responsibility[]>(async (kinds) => {
        const rows = await ds
          .getRepository(Responsibility)
          .find({ where: { partyKind: In([...kinds]) }, order: { key: 'ASC' } });
        return groupBy(kinds, rows, (row) => row.partyKind as PartyKind);
      }),
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
});

export type Loaders = InstanceType<typeof RequestLoaders>;

export function createLoaders(dataSource: DataSource): Loaders {
  return new RequestLoaders(dataSource);
}
