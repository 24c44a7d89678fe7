import DataLoader from 'dataloader';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { readRows } from '../db/data-source';
import { entityReader } from '../db/entity-reader';

/** Loads rows by a unique column in one `= ANY($1)` query per batch; missing values resolve to null. */
function byUniqueLoader<T extends ObjectLiteral>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
  column: 'id' | 'key',
): DataLoader<string, T | null> {
  const reader = entityReader(dataSource, entity);
  const sql = `SELECT ${reader.columnsOf('t')} FROM ${reader.table} t WHERE t.${column} = ANY($1)`;
  return new DataLoader(async (values) => {
    const rows: Record<string, unknown>[] = await readRows(dataSource, sql, [values]);
    const found = new Map<string, T>();
    for (const row of rows) found.set(row[column] as string, reader.read(row));
    return values.map((value) => found.get(value) ?? null);
  });
}

/** Loads rows by primary key, one query per batch. */
export function byIdLoader<T extends ObjectLiteral & { id: string }>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
): DataLoader<string, T | null> {
  return byUniqueLoader(dataSource, entity, 'id');
}

/** Loads rows by their stable `key`, one query per batch. */
export function byKeyLoader<T extends ObjectLiteral & { key: string }>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
): DataLoader<string, T | null> {
  return byUniqueLoader(dataSource, entity, 'key');
}

/** Groups rows by a key in key order, as DataLoader requires. */
export function groupBy<K, T>(keys: readonly K[], rows: T[], keyOf: (row: T) => K): T[][] {
  const groups = new Map<K, T[]>(keys.map((k) => [k, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((k) => groups.get(k) ?? []);
}

/**
 * Loads the rows that point at many owners through one column (`version_id`, `party_id`, …) in one
 * query per batch, each owner's rows in `orderBy` order (SQL over the table's columns, alias `t`),
 * then by `compare` when given (orders PostgreSQL cannot give, such as Dutch title order).
 */
export function byColumnLoader<T extends ObjectLiteral, K extends string = string>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
  column: string,
  orderBy: string,
  compare?: (a: T, b: T) => number,
): DataLoader<K, T[]> {
  const reader = entityReader(dataSource, entity);
  const sql = `SELECT ${reader.columnsOf('t')}, t."${column}" AS "__owner"
                 FROM ${reader.table} t WHERE t."${column}" = ANY($1) ORDER BY ${orderBy}`;
  return new DataLoader(async (owners) => {
    const rows: Record<string, unknown>[] = await readRows(dataSource, sql, [owners]);
    const groups = new Map<K, T[]>(owners.map((owner) => [owner, []]));
    for (const row of rows) groups.get(row.__owner as K)?.push(reader.read(row));
    return owners.map((owner) => (compare ? groups.get(owner)!.sort(compare) : groups.get(owner)!));
  });
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
  const reader = entityReader(dataSource, entity);
  const sql = `SELECT ${reader.columnsOf('t')}, j.${join.ownerColumn} AS "__owner"
                 FROM ${reader.table} t JOIN ${join.table} j ON j.${join.targetColumn} = t.id
                WHERE j.${join.ownerColumn} = ANY($1)`;
  return new DataLoader(async (ownerIds) => {
    const rows: Record<string, unknown>[] = await readRows(dataSource, sql, [ownerIds]);
    // A target shared by several owners is one entity.
    const targets = new Map<string, T>();
    const groups = new Map<string, T[]>(ownerIds.map((owner) => [owner, []]));
    for (const row of rows) {
      let target = targets.get(row.id as string);
      if (!target) {
        target = reader.read(row);
        targets.set(target.id, target);
        byId?.prime(target.id, target);
      }
      groups.get(row.__owner as string)?.push(target);
    }
    return ownerIds.map((owner) => groups.get(owner)!.sort(compare));
  });
}
