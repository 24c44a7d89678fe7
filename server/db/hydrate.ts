import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * An entity from a row that a hand-written statement returned as json (`to_jsonb(alias)`, keyed by column
 * name), converted as TypeORM converts what it reads, so that one statement can return rows of several
 * tables and prime the per-request loaders with them.
 */
export function hydrate<T extends ObjectLiteral>(
  dataSource: DataSource,
  entity: EntityTarget<T>,
  row: Record<string, unknown>,
): T {
  const metadata = dataSource.getMetadata(entity);
  const result = metadata.create() as T;
  for (const column of metadata.columns) {
    column.setEntityValue(result, dataSource.driver.prepareHydratedValue(row[column.databaseName], column));
  }
  return result;
}
