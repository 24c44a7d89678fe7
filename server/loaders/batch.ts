import DataLoader from 'dataloader';
import { In, type DataSource, type EntityTarget, type ObjectLiteral } from 'typeorm';

/** Loads rows by primary key in one `IN (...)` query per batch; missing ids resolve to null. */
export function byIdLoader<T extends ObjectLiteral & { id: string }>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
): DataLoader<string, T | null> {
  return new DataLoader(async (ids) => {
    const rows = await dataSource.getRepository(entity).findBy({ id: In([...ids]) } as never);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** Groups rows by a key in key order, as DataLoader requires. */
export function groupBy<K, T>(keys: readonly K[], rows: T[], keyOf: (row: T) => K): T[][] {
  const groups = new Map<K, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((k) => groups.get(k) ?? []);
}

/**
 * Loads the targets of a many-to-many join table for many owners in ONE statement (join rows and
 * targets together), so the statements per request do not depend on how DataLoader batches fall.
 * The targets also prime their by-id loader, when given, so later lookups of them cost nothing.
 */
export function manyToManyLoader<T extends ObjectLiteral & { id: string }>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
  join: { table: string; ownerColumn: string; targetColumn: string },
  compare: (a: T, b: T) => number,
  byId?: DataLoader<string, T | null>,
): DataLoader<string, T[]> {
  return new DataLoader(async (ownerIds) => {
    const { entities, raw } = await dataSource
      .getRepository(entity)
      .createQueryBuilder('t')
      .innerJoin(join.table, 'j', `j.${join.targetColumn} = t.id`)
      .addSelect(`j.${join.ownerColumn}`, 'j_owner')
      .where(`j.${join.ownerColumn} IN (:...ownerIds)`, { ownerIds: [...ownerIds] })
      .getRawAndEntities();
    // Entities come back once per target; raw rows once per (owner, target) pair.
    const targets = new Map(entities.map((e) => [e.id, e]));
    for (const target of entities) byId?.prime(target.id, target);
    const pairs = (raw as { j_owner: string; t_id: string }[]).map((r) => ({
      owner: r.j_owner,
      target: targets.get(r.t_id)!,
    }));
    return groupBy(ownerIds, pairs, (p) => p.owner).map((group) => group.map((p) => p.target).sort(compare));
  });
}

/** Loads rows by their stable `key` in one `IN (...)` query per batch; missing keys resolve to null. */
export function byKeyLoader<T extends ObjectLiteral & { key: string }>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
): DataLoader<string, T | null> {
  return new DataLoader(async (keys) => {
    const rows = await dataSource.getRepository(entity).findBy({ key: In([...keys]) } as never);
    const byKey = new Map(rows.map((row) => [row.key, row]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}
