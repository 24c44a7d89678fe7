import type { DataSource, EntityTarget, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { DriverUtils } from 'typeorm/driver/DriverUtils';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { EntityMetadata } from 'typeorm/metadata/EntityMetadata';
import { DateUtils } from 'typeorm/util/DateUtils';
import { readRows } from './data-source';
import { parseJsonTimestamptz } from './timestamps';

/** How one column's value goes into an entity, chosen once per column (see `stepOf`). */
interface Step {
  readonly column: ColumnMetadata;
  /** The entity's value for the row's value; TypeORM's own conversion where no shorter one is known. */
  readonly convert: ((value: unknown) => unknown) | undefined;
  /** Where the value goes: the entity itself, one embedded object of it, or (nested deeper) TypeORM decides. */
  readonly target: 'entity' | 'embedded' | 'typeorm';
}

const TIMESTAMPS = new Set<unknown>(['timestamptz', 'timestamp with time zone']);
/** Types whose value TypeORM's postgres driver passes through unchanged (pg has already parsed it). */
const AS_THEY_ARE = new Set<unknown>(['text', 'uuid', 'int', 'integer', 'bigint', 'boolean', 'jsonb', 'json']);

const asItIs = (value: unknown): unknown => value;
/** TypeORM's normalizeHydratedDate: a Date from a row stays, ISO text from JSON becomes a Date. */
const timestamp = (value: unknown): unknown =>
  typeof value === 'string' && value !== '' ? parseJsonTimestamptz(value) : value;

/** TypeORM's date conversion: a Date (pg's parse of a row) becomes `YYYY-MM-DD`, text from JSON stays. */
function dateOf(column: ColumnMetadata): (value: unknown) => unknown {
  const options = { utc: column.utc };
  return (value) => (value instanceof Date ? DateUtils.mixedDateToDateString(value, options) : value);
}

/**
 * The conversion TypeORM's `prepareHydratedValue` would make for this column, where it is the value
 * itself, a timestamp or a date; undefined (TypeORM's own, per value) for everything else: transformers,
 * arrays, enums with numeric members. The if-chain it runs for every value was most of reading.
 */
function stepOf(column: ColumnMetadata): Step {
  const tree = column.embeddedMetadata?.embeddedMetadataTree;
  const target = !tree ? 'entity' : tree.length === 1 ? 'embedded' : 'typeorm';
  let convert: Step['convert'];
  if (column.transformer || column.isArray) convert = undefined;
  else if (TIMESTAMPS.has(column.type)) convert = timestamp;
  else if (column.type === 'date') convert = dateOf(column);
  else if (AS_THEY_ARE.has(column.type)) convert = asItIs;
  else if (column.type === 'enum' && (column.enum ?? []).every((member) => typeof member === 'string'))
    convert = asItIs;
  return { column, convert, target };
}

/**
 * Reads rows of one entity's table with hand-written SQL, and turns them into entities exactly as
 * TypeORM would (same classes, same value conversions, embedded objects), without building the
 * query through a query builder on every call. The hot read paths (loaders, item bundles, list pages
 * through `getManyRead`) use it: TypeORM's builder and result transformer cost more than the query
 * itself for small batches.
 */
export class EntityReader<T extends ObjectLiteral> {
  /** The table, quoted. */
  readonly table: string;
  private readonly metadata: EntityMetadata;
  private readonly columns: ColumnMetadata[];
  private readonly steps: Step[];
  /** Where `read` finds each column in a row (its database name), in `steps` order. */
  private readonly databaseNames: readonly string[];
  /** The same under a query builder's alias (`readAliased`), made on first use per alias. */
  private readonly aliased = new Map<string, readonly string[]>();
  private readonly dataSource: DataSource;

  constructor(dataSource: DataSource, entity: EntityTarget<T>) {
    this.dataSource = dataSource;
    this.metadata = dataSource.getMetadata(entity);
    this.table = `"${this.metadata.tableName}"`;
    // Columns TypeORM selects by default (not `select: false` ones such as stored search vectors).
    this.columns = this.metadata.columns.filter((column) => column.isSelect && !column.isVirtual);
    this.steps = this.columns.map(stepOf);
    this.databaseNames = this.columns.map((column) => column.databaseName);
  }

  private readonly lists = new Map<string, string>();

  /**
   * The select list for this entity's columns under a table alias, e.g. `t."id", t."title"`; built once
   * per alias, as writes and loaders ask for it on every call.
   */
  columnsOf(alias: string): string {
    let list = this.lists.get(alias);
    if (list === undefined)
      this.lists.set(alias, (list = this.columns.map((column) => `${alias}."${column.databaseName}"`).join(', ')));
    return list;
  }

  /**
   * A JSON object of this entity's columns under their database names, for statements that return
   * several entities' rows at once (`read` takes the objects back; timestamps arrive as ISO text).
   * `extra` names further columns of the row to include (e.g. computed ones).
   */
  jsonOf(alias: string, extra: readonly string[] = []): string {
    // A bigint goes as text, as pg gives it from a row: a JSON number would lose digits past 2^53.
    const pairs = this.columns
      .map(
        (column) =>
          `'${column.databaseName}', ${alias}."${column.databaseName}"${column.type === 'bigint' ? '::text' : ''}`,
      )
      .concat(extra.map((name) => `'${name}', ${alias}."${name}"`));
    // A function takes at most 100 arguments: larger entities are joined from jsonb parts.
    if (pairs.length <= 50) return `json_build_object(${pairs.join(', ')})`;
    const parts: string[] = [];
    for (let i = 0; i < pairs.length; i += 50) parts.push(`jsonb_build_object(${pairs.slice(i, i + 50).join(', ')})`);
    return `(${parts.join(' || ')})`;
  }

  /** One entity from a row (or a `jsonOf` object) holding its columns under their database names. */
  read(row: Record<string, unknown>): T {
    return this.readUnder(row, this.databaseNames);
  }

  /** One entity from a row of a query builder's SQL, its columns under TypeORM's aliases (`d_title`). */
  readAliased(row: Record<string, unknown>, alias: string): T {
    let keys = this.aliased.get(alias);
    if (!keys) {
      // The names TypeORM's builder selects the columns as (long ones shortened, as it does).
      const driver = this.dataSource.driver;
      keys = this.columns.map((column) => DriverUtils.buildAlias(driver, undefined, alias, column.databaseName));
      this.aliased.set(alias, keys);
    }
    return this.readUnder(row, keys);
  }

  private readUnder(row: Record<string, unknown>, keys: readonly string[]): T {
    const entity = this.metadata.create(undefined, { fromDeserializer: true }) as T;
    const driver = this.dataSource.driver;
    const steps = this.steps;
    for (let i = 0; i < steps.length; i += 1) {
      const { column, convert, target } = steps[i]!;
      const value = row[keys[i]!];
      // Array columns come as PostgreSQL array text from a row, as arrays from JSON.
      const hydrated = Array.isArray(value)
        ? value
        : convert
          ? convert(value)
          : driver.prepareHydratedValue(value, column);
      if (target === 'entity') (entity as Record<string, unknown>)[column.propertyName] = hydrated;
      else if (target === 'embedded') {
        // As TypeORM's setEntityValue does for one level: the embedded object made on its first column.
        const embedded = column.embeddedMetadata!;
        const holder = entity as Record<string, Record<string, unknown>>;
        (holder[embedded.propertyName] ??= embedded.create() as Record<string, unknown>)[column.propertyName] =
          hydrated;
      } else column.setEntityValue(entity, hydrated);
    }
    return entity;
  }
}

const readers = new WeakMap<DataSource, Map<unknown, EntityReader<ObjectLiteral>>>();

/** The reader of an entity for a data source, made once. */
export function entityReader<T extends ObjectLiteral>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
): EntityReader<T> {
  let byEntity = readers.get(dataSource);
  if (!byEntity) readers.set(dataSource, (byEntity = new Map()));
  let reader = byEntity.get(entity);
  if (!reader) byEntity.set(entity, (reader = new EntityReader(dataSource, entity)));
  return reader as EntityReader<T>;
}

/**
 * Whether a builder selects one entity and nothing else, so getManyRead can read its rows itself: one
 * table, no joins or relations, no extra selections, lock, cache, take/skip or query runner of its own,
 * and an entity without inheritance or load listeners (which getMany would honour and the reader not).
 */
export function selectsOneEntityOnly(query: SelectQueryBuilder<ObjectLiteral>): boolean {
  const map = query.expressionMap;
  const main = map.mainAlias;
  return Boolean(
    main?.hasMetadata &&
    !(query as unknown as { queryRunner?: unknown }).queryRunner &&
    map.aliases.filter((alias) => alias.type === 'from').length === 1 &&
    map.joinAttributes.length === 0 &&
    map.relationIdAttributes.length === 0 &&
    map.relationLoadStrategy !== 'query' &&
    map.selects.length === 1 &&
    map.selects[0]!.selection === main.name &&
    map.lockMode === undefined &&
    !map.cache &&
    map.skip === undefined &&
    map.take === undefined &&
    !main.metadata.discriminatorColumn &&
    main.metadata.afterLoadListeners.length === 0 &&
    query.connection.subscribers.length === 0,
  );
}

/**
 * `query.getMany()` for a builder that selects one entity and nothing else (no joins, extra selections,
 * locks, cache or query runner of its own, as the list pages build them): its own SQL, sent unnamed (its
 * text varies with the page size and the length of id lists), turned into entities by the entity
 * reader, which gives the same entities
 * (test/e2e/platform/entity-reader.test.ts) at a fraction of TypeORM's result transformer's cost. Any
 * other builder goes to getMany.
 */
export async function getManyRead<T extends ObjectLiteral>(query: SelectQueryBuilder<T>): Promise<T[]> {
  if (!selectsOneEntityOnly(query)) return query.getMany();
  const main = query.expressionMap.mainAlias!;
  const reader = entityReader<T>(query.connection, main.metadata.target as EntityTarget<T>);
  const [sql, parameters] = query.getQueryAndParameters();
  const rows = await readRows(query.connection, sql, parameters, { prepared: false });
  return rows.map((row) => reader.readAliased(row, main.name));
}
