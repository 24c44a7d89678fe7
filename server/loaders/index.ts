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
import { createSynergyLoaders } from './synergy.loaders';
import { createResearchLoaders } from './research.loaders';
import { createDeliverableLoaders } from './deliverable.loaders';

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'nl');
const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key);

/** Per-request loaders: every relation a client can traverse is fetched in one query per level. */
export function createLoaders(dataSource: DataSource) {
  const partyById = byIdLoader(dataSource, Party);
  const sectorById = byIdLoader(dataSource, Sector);
  const responsibilities = dataSource.getRepository(Responsibility);
  const packageCriterionById = byIdLoader(dataSource, PackageCriterion);
  return {
    ...createSynergyLoaders(dataSource, { partyById, sectorById }),
    partyById,
    sectorById,
    packageCriterionById,
    responsibilityById: byIdLoader(dataSource, Responsibility),
    capabilityGrantById: byIdLoader(dataSource, CapabilityGrant),
    userById: byIdLoader(dataSource, User),
    interventionById: byIdLoader(dataSource, Intervention),
    membershipById: byIdLoader(dataSource, Membership),
    auditEventById: byIdLoader(dataSource, AuditEvent),
    membershipsByPartyId: new DataLoader<string, Membership[]>(async (partyIds) => {
      const rows = await dataSource
        .getRepository(Membership)
        .find({ where: { partyId: In([...partyIds]) }, order: { createdAt: 'ASC' } });
      return groupBy(partyIds, rows, (row) => row.partyId);
    }),
    membershipsByUserId: new DataLoader<string, Membership[]>(async (userIds) => {
      const rows = await dataSource
        .getRepository(Membership)
        .find({ where: { userId: In([...userIds]) }, order: { createdAt: 'ASC' } });
      return groupBy(userIds, rows, (row) => row.userId);
    }),
    sectorsByPartyId: manyToManyLoader(
      dataSource,
      Sector,
      { table: 'party_sector', ownerColumn: 'party_id', targetColumn: 'sector_id' },
      byKey,
      sectorById,
    ),
    partiesBySectorId: manyToManyLoader(
      dataSource,
      Party,
      { table: 'party_sector', ownerColumn: 'sector_id', targetColumn: 'party_id' },
      byName,
      partyById,
    ),
    childrenByPartyId: new DataLoader<string, Party[]>(async (parentIds) => {
      const rows = await dataSource
        .getRepository(Party)
        .find({ where: { parentId: In([...parentIds]) }, order: { name: 'ASC' } });
      return groupBy(parentIds, rows, (row) => row.parentId as string);
    }),
    responsibilitiesByPartyId: new DataLoader<string, Responsibility[]>(async (partyIds) => {
      const rows = await responsibilities.find({ where: { partyId: In([...partyIds]) }, order: { key: 'ASC' } });
      return groupBy(partyIds, rows, (row) => row.partyId as string);
    }),
    responsibilitiesByPartyKind: new DataLoader<PartyKind, Responsibility[]>(async (kinds) => {
      const rows = await responsibilities.find({ where: { partyKind: In([...kinds]) }, order: { key: 'ASC' } });
      return groupBy(kinds, rows, (row) => row.partyKind as PartyKind);
    }),
    ...createResearchLoaders(dataSource, { sectorById, packageCriterionById }),
    ...createDeliverableLoaders(dataSource),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
