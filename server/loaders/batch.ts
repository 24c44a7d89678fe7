import { Loader } from './loader';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { readRows } from '../db/data-source';
import { entityReader, type EntityReader } from '../db/entity-reader';

/** Loads rows by a unique column in one `= ANY($1)` query per batch; missing values resolve to null. */
function byUniqueLoader<T extends ObjectLiteral>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
  column: 'id' | 'key',
): Loader<string, T | null> {
  const reader = entityReader(dataSource, entity);
  const sql = `SELECT ${reader.columnsOf('t')} FROM ${reader.table} t WHERE t.${column} = ANY($1)`;
  return new Loader(async (values) => {
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
): Loader<string, T | null> {
  return byUniqueLoader(dataSource, entity, 'id');
}

/** Loads rows by their stable `key`, one query per batch. */
export function byKeyLoader<T extends ObjectLiteral & { key: string }>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
): Loader<string, T | null> {
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
): Loader<K, T[]> {
  const reader = entityReader(dataSource, entity);
  const sql = `SELECT ${reader.columnsOf('t')}, t."${column}" AS "__owner"
                 FROM ${reader.table} t WHERE t."${column}" = ANY($1) ORDER BY ${orderBy}`;
  return new Loader(async (owners) => {
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
  byId?: Loader<string, T | null>,
): Loader<string, T[]> {
  const reader = entityReader(dataSource, entity);
  const sql = `SELECT ${reader.columnsOf('t')}, j.${join.ownerColumn} AS "__owner"
                 FROM ${reader.table} t JOIN ${join.table} j ON j.${join.targetColumn} = t.id
                WHERE j.${join.ownerColumn} = ANY($1)`;
  return new Loader(async (ownerIds) => {
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

/** The first rows of one owner's list and how many it has in all. */
export interface OwnerPage<T> {
  rows: T[];
  totalCount: number;
}

/** Extra conditions of a paged list, filled in per request (a visibility rule's SQL twin and its scope). */
export interface PagedFilter {
  /** SQL over the table's columns (alias `t`); its bound values are `$4`, `$5`, … in `params` order. */
  sql: string;
}

/**
 * Like byColumnLoader, but returns at most `limit` rows per owner, with each owner's total: one
 * statement per batch whatever the number of owners (a window function ranks the rows per owner), so a
 * list that grows with the data never comes back whole. `after` skips an owner's rows up to that rank.
 * With a `filter`, rows it rejects are neither ranked nor counted (hidden rows never take a place on a
 * page); its values are the third argument of the returned function, one loader per distinct values.
 */
export function pagedByColumnLoader<T extends ObjectLiteral, K extends string = string>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
  column: string,
  orderBy: string,
  filter?: PagedFilter,
): (limit: number, offset?: number, params?: readonly unknown[]) => Loader<K, OwnerPage<T>> {
  const reader = entityReader(dataSource, entity);
  return pagedLoader<T, K>(
    reader,
    `SELECT ${reader.columnsOf('t')}, t."${column}" AS "__owner",
            row_number() OVER (PARTITION BY t."${column}" ORDER BY ${orderBy}) AS "__rank",
            count(*) OVER (PARTITION BY t."${column}")::int AS "__total"
       FROM ${reader.table} t WHERE t."${column}" = ANY($1)${filter ? ` AND ${filter.sql}` : ''}`,
    dataSource,
  );
}

/**
 * pagedByColumnLoader for the targets of a many-to-many join table (a project's questions, …): the
 * join rows are ranked per owner in `orderBy` (SQL over the target, alias `t`), one statement per batch.
 */
export function pagedManyToManyLoader<T extends ObjectLiteral, K extends string = string>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
  join: { table: string; ownerColumn: string; targetColumn: string },
  orderBy: string,
): (limit: number, offset?: number, params?: readonly unknown[]) => Loader<K, OwnerPage<T>> {
  const reader = entityReader(dataSource, entity);
  return pagedLoader<T, K>(
    reader,
    `SELECT ${reader.columnsOf('t')}, j.${join.ownerColumn} AS "__owner",
            row_number() OVER (PARTITION BY j.${join.ownerColumn} ORDER BY ${orderBy}) AS "__rank",
            count(*) OVER (PARTITION BY j.${join.ownerColumn})::int AS "__total"
       FROM ${reader.table} t JOIN ${join.table} j ON j.${join.targetColumn} = t.id
      WHERE j.${join.ownerColumn} = ANY($1)`,
    dataSource,
  );
}

/** The page cutting shared by the paged loaders: `ranked` yields `__owner`, `__rank`, `__total`. */
function pagedLoader<T extends ObjectLiteral, K extends string>(
  reader: EntityReader<T>,
  ranked: string,
  dataSource: DataSource,
): (limit: number, offset?: number, params?: readonly unknown[]) => Loader<K, OwnerPage<T>> {
  const sql = `SELECT * FROM (${ranked}) ranked
                WHERE ("__rank" > $2 AND "__rank" <= $2 + $3) OR "__rank" = 1
                ORDER BY "__owner", "__rank"`;
  const loaders = new Map<string, Loader<K, OwnerPage<T>>>();
  return (limit, offset = 0, params = []) => {
    const key = JSON.stringify([limit, offset, params]);
    let loader = loaders.get(key);
    if (!loader) {
      loader = new Loader<K, OwnerPage<T>>(async (owners) => {
        const pages = new Map<K, OwnerPage<T>>(owners.map((owner) => [owner, { rows: [], totalCount: 0 }]));
        // Rank 1 always comes back, so a page past the end (or of size 0) still knows the total.
        const rows: Record<string, unknown>[] = await readRows(dataSource, sql, [owners, offset, limit, ...params]);
        for (const row of rows) {
          const page = pages.get(row.__owner as K);
          if (!page) continue;
          page.totalCount = row.__total as number;
          const rank = Number(row.__rank);
          if (rank > offset && rank <= offset + limit) page.rows.push(reader.read(row));
        }
        return owners.map((owner) => pages.get(owner)!);
      });
      loaders.set(key, loader);
    }
    return loader;
  };
}
