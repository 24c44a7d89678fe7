import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Connection } from '../../schema/connection';
import { BadUserInputError } from '../errors';
import { sqlState } from './sql-state';
import { getManyRead } from '../db/entity-reader';

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  /** The client selects `totalCount`: count beside the page rather than after it (`pageOf` sets it). */
  withCount?: boolean;
}

export const DEFAULT_PAGE_SIZE = 20;

type CursorValue = string | number | boolean | null;

export function encodeCursor(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

function isCursorValue(value: unknown): value is CursorValue {
  if (typeof value === 'number') return Number.isFinite(value);
  return value === null || typeof value === 'string' || typeof value === 'boolean';
}

/**
 * Runs a page's read. A forged `after` whose values do not fit the sort columns fails in the database with a
 * data exception (SQLSTATE class 22: a day or uuid that is none); that is the client's error, not ours.
 */
export async function readPage<R>(after: string | null | undefined, read: () => Promise<R>): Promise<R> {
  try {
    return await read();
  } catch (error) {
    if (after && (sqlState(error)?.startsWith('22') ?? false))
      throw new BadUserInputError('"after" is not a cursor this list returned.', 'after');
    throw error;
  }
}

export function decodeCursor(cursor: string, length: number): CursorValue[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === length && values.every(isCursorValue)) return values;
  } catch {
    // fall through to the error below
  }
  throw new BadUserInputError('"after" is not a cursor this list returned.', 'after');
}

/**
 * A client's `first`: `fallback` when absent, capped at `max` (a server configured with a smaller MAX_PAGE_SIZE
 * still answers a query that asks no size); BAD_USER_INPUT outside `min`..`max`.
 */
export function pageSize(
  first: number | null | undefined,
  max: number,
  { min = 0, fallback = DEFAULT_PAGE_SIZE }: { min?: number; fallback?: number } = {},
): number {
  const size = first ?? Math.min(fallback, max);
  if (!Number.isInteger(size) || size < min || size > max)
    throw new BadUserInputError(`"first" must be between ${min} and ${max}.`, 'first');
  return size;
}

/**
 * Keyset pagination: orders by `sortKeys` (the last one must be unique, normally the id), so a cursor
 * stays valid when rows are added before it. One statement for the page, one for the total count when asked.
 *
 * A timestamp key gives its Date, which the cursor holds to the millisecond: its column must be
 * `timestamptz(3)` (as `audit_event.occurred_at`, or `createdAt` of a PagedByCreationEntity). At PostgreSQL's
 * default microseconds the last row of a page sorts after its own cursor and the next page repeats it.
 */
export async function paginate<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  args: PageArgs,
  options: {
    sortKeys: { expression: string; value: (row: T) => CursorValue | Date }[];
    maxPageSize: number;
    /** One direction for all keys, so the keyset is a single row comparison. */
    direction?: 'ASC' | 'DESC';
  },
): Promise<Connection<T>> {
  const first = pageSize(args.first, options.maxPageSize);
  const { sortKeys, direction = 'ASC' } = options;
  const page = query.clone();
  if (args.after) {
    const values = decodeCursor(args.after, sortKeys.length);
    const params = Object.fromEntries(values.map((v, i) => [`cursor${i}`, v]));
    const columns = sortKeys.map((k) => k.expression).join(', ');
    const placeholders = sortKeys.map((_, i) => `:cursor${i}`).join(', ');
    page.andWhere(`(${columns}) ${direction === 'ASC' ? '>' : '<'} (${placeholders})`, params);
  }
  sortKeys.forEach((key, i) =>
    i === 0 ? page.orderBy(key.expression, direction) : page.addOrderBy(key.expression, direction),
  );
  page.limit(first + 1);

  // Counted only when a client selects totalCount: over a large filtered table the count can cost far more
  // than the page, and most pages (a dashboard's next page, a feed) never show it. A resolver that knows it is
  // selected (`withCount`) starts it beside the page, on another connection; otherwise its first read does.
  let count: Promise<number> | undefined = args.withCount ? query.getCount() : undefined;
  // A page that fails first (a forged cursor) leaves the count's outcome unread; it is not an unhandled rejection.
  count?.catch(() => undefined);
  const rows = first === 0 ? [] : await readPage(args.after, () => getManyRead(page));
  const nodes = rows.slice(0, first);
  const edges = nodes.map((node) => ({
    node,
    cursor: encodeCursor(
      sortKeys.map((k) => {
        const value = k.value(node);
        return value instanceof Date ? value.toISOString() : value;
      }),
    ),
  }));
  return {
    edges,
    nodes,
    get totalCount() {
      return (count ??= query.getCount());
    },
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: Boolean(args.after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** Default and largest page of a list nested in another record (a deliverable's milestones, …). */
export const NESTED_DEFAULT_SIZE = 100;
export const NESTED_MAX_SIZE = 500;

/** Reads `first` (0 … max) and an `after` cursor that an owner page returned, as a row offset. */
export function nestedPageWindow(
  args: PageArgs,
  max: number = NESTED_MAX_SIZE,
  fallback: number = NESTED_DEFAULT_SIZE,
): { limit: number; offset: number } {
  const limit = pageSize(args.first, max, { fallback });
  if (!args.after) return { limit, offset: 0 };
  const [offset] = decodeCursor(args.after, 1);
  // Safe integers only: a larger one is no position this list returned, and PostgreSQL refuses it as a bigint.
  if (typeof offset !== 'number' || !Number.isSafeInteger(offset) || offset < 0)
    throw new BadUserInputError('"after" is not a cursor this list returned.', 'after');
  return { limit, offset };
}

/**
 * A connection over one owner's page (see pagedByColumnLoader). Cursors are positions in the owner's
 * list: stable while no row is added before them, which for these short per-record lists is enough.
 */
export function ownerPageConnection<T>(page: { rows: T[]; totalCount: number }, offset: number): Connection<T> {
  const edges = page.rows.map((node, i) => ({ node, cursor: encodeCursor([offset + i + 1]) }));
  return {
    edges,
    nodes: page.rows,
    totalCount: page.totalCount,
    pageInfo: {
      hasNextPage: offset + page.rows.length < page.totalCount,
      hasPreviousPage: offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
