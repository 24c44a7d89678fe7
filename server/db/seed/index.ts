import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { PackageCriterion, Party, Responsibility, SeedRun, Sector } from '../../../entities';
import type { Logger } from '../../logger';
import criteriaData from './data/package-criteria.json';
import partiesData from './data/parties.json';
import responsibilitiesData from './data/responsibilities.json';
import sectorsData from './data/sectors.json';
import type { PartyRecord, ResponsibilityRecord } from './records';

/** The seed data set taken from the documents; bump nothing by hand, the checksum tracks changes. */
export const DOCUMENTS_DATASET = 'documents';

const documents = {
  sectors: sectorsData,
  criteria: criteriaData,
  parties: partiesData as PartyRecord[],
  responsibilities: responsibilitiesData as ResponsibilityRecord[],
};

export function documentsChecksum(): string {
  return createHash('sha256').update(JSON.stringify(documents)).digest('hex');
}

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

    await manager.upsert(SeedRun, { dataset: DOCUMENTS_DATASET, checksum: documentsChecksum() }, ['dataset']);
  });
}

/** Seeds at start-up only when this version of the document data has not been loaded yet. */
export async function seedIfNeeded(dataSource: DataSource, logger: Logger): Promise<void> {
  const done = await dataSource.getRepository(SeedRun).findOneBy({ dataset: DOCUMENTS_DATASET });
  if (done?.checksum === documentsChecksum()) return;
  await seedDocuments(dataSource);
  logger.info({ dataset: DOCUMENTS_DATASET }, 'seed data loaded');
}
