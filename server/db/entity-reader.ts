import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { EntityMetadata } from 'typeorm/metadata/EntityMetadata';

/**
 * Reads rows of one entity's table with hand-written SQL, and turns them into entities exactly as
 * TypeORM would (same classes, same value conversions, embedded objects), without building the
 * query through a query builder on every call. The hot read paths (loaders) use it: TypeORM's
 * builder and result transformer cost more than the query itself for small batches.
 */
export class EntityReader<T extends ObjectLiteral> {
  /** The table, quoted. */
  readonly table: string;
  private readonly metadata: EntityMetadata;
  private readonly columns: ColumnMetadata[];
  private readonly dataSource: DataSource;

  constructor(dataSource: DataSource, entity: EntityTarget<T>) {
    this.dataSource = dataSource;
    this.metadata = dataSource.getMetadata(entity);
    this.table = `"${this.metadata.tableName}"`;
    // Columns TypeORM selects by default (not `select: false` ones such as stored search vectors).
    this.columns = this.metadata.columns.filter((column) => column.isSelect && !column.isVirtual);
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
    const pairs = this.columns
      .map((column) => column.databaseName)
      .concat(extra)
      .map((name) => `'${name}', ${alias}."${name}"`);
    // A function takes at most 100 arguments: larger entities are joined from jsonb parts.
    if (pairs.length <= 50) return `json_build_object(${pairs.join(', ')})`;
    const parts: string[] = [];
    for (let i = 0; i < pairs.length; i += 50) parts.push(`jsonb_build_object(${pairs.slice(i, i + 50).join(', ')})`);
    return `(${parts.join(' || ')})`;
  }

  /** One entity from a row (or a `jsonOf` object) holding its columns under their database names. */
  read(row: Record<string, unknown>): T {
    const entity = this.metadata.create(undefined, { fromDeserializer: true }) as T;
    const driver = this.dataSource.driver;
    for (const column of this.columns) {
      const value = row[column.databaseName];
      // Array columns come as PostgreSQL array text from a row, as arrays from JSON.
      const hydrated = Array.isArray(value) ? value : driver.prepareHydratedValue(value, column);
      column.setEntityValue(entity, hydrated);
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
