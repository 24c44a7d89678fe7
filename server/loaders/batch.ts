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
 * Loads the targets of a many-to-many join table for many owners: one query for the join rows, then
 * the targets through their by-id loader (so each is fetched once per request).
 */
export function manyToManyLoader<T extends { id: string }>(
  dataSource: DataSource,
  join: { table: string; ownerColumn: string; targetColumn: string },
  targets: DataLoader<string, T | null>,
  compare: (a: T, b: T) => number,
): DataLoader<string, T[]> {
  return new DataLoader(async (ownerIds) => {
    const rows: { owner: string; target: string }[] = await dataSource.query(
      `SELECT ${join.ownerColumn} AS owner, ${join.targetColumn} AS target FROM ${join.table} WHERE ${join.ownerColumn} = ANY($1)`,
      [[...ownerIds]],
    );
    const loaded = await targets.loadMany([...new Set(rows.map((r) => r.target))]);
    const byId = new Map<string, T>();
    for (const item of loaded) if (item && !(item instanceof Error)) byId.set(item.id, item);
    return groupBy(ownerIds, rows, (r) => r.owner).map((group) =>
      group
        .map((r) => byId.get(r.target))
        .filter((t): t is T => t !== undefined)
        .sort(compare),
    );
  });
}
