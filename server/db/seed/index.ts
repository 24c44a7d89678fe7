import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import {
  CapabilityGrant,
  Membership,
  PackageCriterion,
  Party,
  Responsibility,
  SeedRun,
  Sector,
  User,
} from '../../../entities';
import type { Logger } from '../../logger';
import criteriaData from './data/package-criteria.json';
import partiesData from './data/parties.json';
import responsibilitiesData from './data/responsibilities.json';
import sectorsData from './data/sectors.json';
import capabilityGrantsData from './platform/capability-grants.json';
import demoUsersData from './platform/demo-users.json';
import { consultationDemo, seedConsultationDemo } from './consultation';
import { researchSeed, seedResearch } from './research';
import { deliverablesDataset, seedDeliverables } from './deliverables';
import type { CapabilityGrantRecord, DemoUserRecord, PartyRecord, ResponsibilityRecord } from './records';
import { seedSynergy, synergyDataset } from './synergy';
import { casesDataset, seedCases } from './cases';
import { packageCycleDataset, seedPackageCycle } from './package-cycle';

/** The seed data set taken from the documents; bump nothing by hand, the checksum tracks changes. */
export const DOCUMENTS_DATASET = 'documents';

const documents = {
  sectors: sectorsData,
  criteria: criteriaData,
  parties: partiesData as PartyRecord[],
  responsibilities: responsibilitiesData as ResponsibilityRecord[],
};

function checksum(data: unknown): string {
  return createHash('sha256').update(JSON.stringify(data)).digest('hex');
}

const capabilityGrants = capabilityGrantsData as CapabilityGrantRecord[];
const demoUsers = demoUsersData as DemoUserRecord[];

async function idsByKey(manager: EntityManager, entity: typeof Party | typeof Sector): Promise<Map<string, string>> {
  const rows = await manager.getRepository(entity).find({ select: { id: true, key: true } });
  return new Map(rows.map((r) => [r.key, r.id]));
}

/** Parents before children, so each party's parent id is known when it is inserted. */
function parentsFirst(parties: PartyRecord[]): PartyRecord[] {
  const placed = new Set<string>();
  const ordered: PartyRecord[] = [];
  let pending = parties;
  while (pending.length) {
    const ready = pending.filter((p) => !p.parentKey || placed.has(p.parentKey));
    if (!ready.length)
      throw new Error(`Seed parties have a parent cycle or unknown parent: ${pending.map((p) => p.key).join(', ')}`);
    for (const p of ready) {
      placed.add(p.key);
      ordered.push(p);
    }
    pending = pending.filter((p) => !placed.has(p.key));
  }
  return ordered;
}

/**
 * Loads the facts from the documents. Inserts what is missing and leaves existing records alone
 * (they may have been edited on the platform), so running it again changes nothing.
 */
export async function seedDocuments(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (manager) => {
    await manager
      .createQueryBuilder()
      .insert()
      .into(Sector)
      .values(
        documents.sectors.map((s) => ({
          key: s.key,
          nameNl: s.nameNl,
          nameEn: s.nameEn,
          law: s.law as Sector['law'],
          maturity: s.maturity as Sector['maturity'],
          maturityRationale: s.maturityRationale ?? null,
          sources: s.sources,
        })),
      )
      .orIgnore()
      .execute();

    await manager
      .createQueryBuilder()
      .insert()
      .into(PackageCriterion)
      .values(
        documents.criteria.map((c) => ({
          key: c.key,
          nameNl: c.nameNl,
          nameEn: c.nameEn,
          status: c.status as PackageCriterion['status'],
          type: c.type as PackageCriterion['type'],
          description: c.description ?? null,
          sources: c.sources,
        })),
      )
      .orIgnore()
      .execute();

    const partyIds = await idsByKey(manager, Party);
    for (const p of parentsFirst(documents.parties)) {
      if (partyIds.has(p.key)) continue;
      const result = await manager
        .createQueryBuilder()
        .insert()
        .into(Party)
        .values({
          key: p.key,
          name: p.name,
          shortName: p.shortName ?? null,
          kind: p.kind,
          parentId: p.parentKey ? (partyIds.get(p.parentKey) ?? null) : null,
          izaSignatory: p.izaSignatory ?? null,
          description: p.description ?? null,
          note: p.note ?? null,
          sources: p.sources,
        })
        .returning(['id'])
        .execute();
      partyIds.set(p.key, (result.raw as { id: string }[])[0]!.id);
    }

    const sectorIds = await idsByKey(manager, Sector);
    const memberships = documents.parties.flatMap((p) =>
      p.sectorKeys.map((sectorKey) => [partyIds.get(p.key), sectorIds.get(sectorKey)]),
    );
    if (memberships.length) {
      await manager.query(
        `INSERT INTO party_sector (party_id, sector_id)
         SELECT * FROM unnest($1::uuid[], $2::uuid[]) ON CONFLICT DO NOTHING`,
        [memberships.map((m) => m[0]), memberships.map((m) => m[1])],
      );
    }

    await manager
      .createQueryBuilder()
      .insert()
      .into(Responsibility)
      .values(
        documents.responsibilities.map((r) => ({
          key: r.key,
          partyKind: r.partyKind ?? null,
          partyId: r.partyKey ? (partyIds.get(r.partyKey) ?? null) : null,
          area: r.area,
          textNl: r.textNl,
          summaryEn: r.summaryEn,
          note: r.note ?? null,
          sources: r.sources,
        })),
      )
      .orIgnore()
      .execute();
  });
}

function required(map: Map<string, string>, key: string, what: string): string {
  const id = map.get(key);
  if (!id) throw new Error(`Seed refers to unknown ${what} "${key}"`);
  return id;
}

/**
 * The capability matrix (docs/domain.md, “Who may do what”). Each grant cites the responsibility it derives
 * from and carries that responsibility's source quotes; platform rules cite none.
 */
export async function seedCapabilityGrants(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (manager) => {
    const parties = await idsByKey(manager, Party);
    const sectors = await idsByKey(manager, Sector);
    const responsibilityRows = await manager
      .getRepository(Responsibility)
      .find({ select: { id: true, key: true, sources: true } });
    const responsibilities = new Map(responsibilityRows.map((r) => [r.key, r]));
    await manager
      .createQueryBuilder()
      .insert()
      .into(CapabilityGrant)
      .values(
        capabilityGrants.map((g) => {
          const responsibility = g.responsibilityKey ? responsibilities.get(g.responsibilityKey) : undefined;
          if (g.responsibilityKey && !responsibility)
            throw new Error(`Seed refers to unknown responsibility "${g.responsibilityKey}"`);
          return {
            key: g.key,
            capability: g.capability,
            grantee: g.grantee,
            partyKind: g.partyKind ?? null,
            partyId: g.partyKey ? required(parties, g.partyKey, 'party') : null,
            sectorId: g.sectorKey ? required(sectors, g.sectorKey, 'sector') : null,
            excludedSectorId: g.excludedSectorKey ? required(sectors, g.excludedSectorKey, 'sector') : null,
            minRole: g.minRole,
            scope: g.scope,
            responsibilityId: responsibility?.id ?? null,
            rationale: g.rationale,
            sources: responsibility?.sources ?? [],
          };
        }),
      )
      .orIgnore()
      .execute();
  });
}

/** Demo accounts (synthetic) for trying the API; listed in the README. Never loaded in production by default. */
export async function seedDemoUsers(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (manager) => {
    const parties = await idsByKey(manager, Party);
    await manager
      .createQueryBuilder()
      .insert()
      .into(User)
      .values(demoUsers.map((u) => ({ email: u.email, name: u.name, isOperator: u.isOperator, synthetic: true })))
      .orIgnore()
      .execute();
    const users = await manager.getRepository(User).find({ select: { id: true, email: true } });
    const userIds = new Map(users.map((u) => [u.email, u.id]));
    const memberships = demoUsers.flatMap((u) =>
      u.memberships.map((m) => ({
        userId: required(userIds, u.email, 'user'),
        partyId: required(parties, m.partyKey, 'party'),
        role: m.role,
      })),
    );
    await manager.createQueryBuilder().insert().into(Membership).values(memberships).orIgnore().execute();
  });
}

interface Dataset {
  name: string;
  checksum: string;
  load(dataSource: DataSource): Promise<void>;
}

/** The data sets start-up loads, in order; `demo-users` only where configured. */
export function datasets(options: { demoUsers: boolean }): Dataset[] {
  const list: Dataset[] = [
    { name: DOCUMENTS_DATASET, checksum: checksum(documents), load: seedDocuments },
    { name: 'capability-grants', checksum: checksum(capabilityGrants), load: seedCapabilityGrants },
    { name: 'synergy', checksum: checksum(synergyDataset), load: seedSynergy },
    { name: 'research', checksum: checksum(researchSeed), load: seedResearch },
    { name: 'deliverables', checksum: checksum(deliverablesDataset), load: seedDeliverables },
    { name: 'cases', checksum: checksum(casesDataset), load: seedCases },
    { name: 'package-cycle', checksum: checksum(packageCycleDataset), load: seedPackageCycle },
    { name: 'consultation-demo', checksum: checksum(consultationDemo), load: seedConsultationDemo },
  ];
  if (options.demoUsers) list.push({ name: 'demo-users', checksum: checksum(demoUsers), load: seedDemoUsers });
  return list;
}

/** Loads every data set (idempotent: what exists is left alone) and records what was loaded. */
export async function seedAll(dataSource: DataSource, options: { demoUsers: boolean }): Promise<void> {
  for (const dataset of datasets(options)) {
    await dataset.load(dataSource);
    await dataSource.getRepository(SeedRun).upsert({ dataset: dataset.name, checksum: dataset.checksum }, ['dataset']);
  }
}

/** At start-up: loads each data set only when this version of it has not been loaded yet. */
export async function seedIfNeeded(
  dataSource: DataSource,
  logger: Logger,
  options: { demoUsers: boolean },
): Promise<void> {
  const loaded = new Map((await dataSource.getRepository(SeedRun).find()).map((r) => [r.dataset, r.checksum]));
  for (const dataset of datasets(options)) {
    if (loaded.get(dataset.name) === dataset.checksum) continue;
    await dataset.load(dataSource);
    await dataSource.getRepository(SeedRun).upsert({ dataset: dataset.name, checksum: dataset.checksum }, ['dataset']);
    logger.info({ dataset: dataset.name }, 'seed data loaded');
  }
}
