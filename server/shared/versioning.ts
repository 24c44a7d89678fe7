import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { writeRows } from '../db/data-source';
import { entityReader } from '../db/entity-reader';
import { ConflictError, NotFoundError } from '../errors';

/**
 * Loads a record for change, locked until the transaction ends, then asks `authorize` whether the
 * caller may change it, and only then checks the version the client last saw. Permission comes before
 * the version so a caller who may not change the record never learns its current version; a stale
 * version is a CONFLICT carrying the current one, and nothing is changed. `null` is only for writes
 * that do not depend on the record's state (a status update that does not change the status).
 *
 * `mode` is the weakest lock the write needs. NO KEY UPDATE, the default for a change that keeps the row's
 * keys, still waits for every other change and FOR SHARE holder, but not for an insert whose foreign key
 * points at the row (KEY SHARE): with FOR UPDATE a link batch, holding its links while it inserted one to an
 * assessment, deadlocked with a new outcome of that assessment locking those links next. UPDATE is for a
 * write that deletes the row or must first see every reference to it committed (a merge).
 */
export async function lockForChange<T extends ObjectLiteral & { id: string; version: number }, R>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  id: string,
  expectedVersion: number | null,
  label: string,
  authorize: (current: T) => Promise<R>,
  mode: 'NO KEY UPDATE' | 'UPDATE' = 'NO KEY UPDATE',
): Promise<{ current: T; authorized: R }> {
  // Every write starts here: a prepared statement read into the entity, not TypeORM's builder.
  const reader = entityReader(manager.dataSource, entity);
  const [row] = await writeRows(
    manager,
    `SELECT ${reader.columnsOf('t')} FROM ${reader.table} t WHERE t.id = $1 FOR ${mode}`,
    [id],
  );
  if (!row) throw new NotFoundError(`No ${label} with this id.`);
  const current = reader.read(row);
  const authorized = await authorize(current);
  if (expectedVersion !== null) assertVersion(current.version, expectedVersion, label);
  return { current, authorized };
}

/** A stale version is a CONFLICT carrying the current one. */
export function assertVersion(currentVersion: number, expectedVersion: number, label: string): void {
  const conflict = versionConflict(currentVersion, expectedVersion, label);
  if (conflict) throw conflict;
}

/**
 * The CONFLICT a stale version gets, or null when the version is current: for writes that collect their
 * refusals (a batch refuses item by item) instead of throwing the first.
 */
export function versionConflict(currentVersion: number, expectedVersion: number, label: string): ConflictError | null {
  if (currentVersion === expectedVersion) return null;
  return new ConflictError(
    `This ${label} was changed by someone else (version ${currentVersion}, you sent ${expectedVersion}). Reload it and apply your change again.`,
    { currentVersion },
  );
}

/**
 * The SET clause of a new version for writes of many rows in one statement (`alias` is the updated
 * table's alias): the same step `saveNewVersion` takes for one record.
 */
export const NEXT_VERSION_SQL = (alias: string) => `version = ${alias}.version + 1, updated_at = now()`;

/** Writes `changes` and bumps the version; returns the stored record. */
export async function saveNewVersion<T extends ObjectLiteral & { id: string; version: number }>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  current: T,
  changes: Partial<T>,
): Promise<T> {
  const next = manager.merge(
    entity,
    manager.create(entity, { ...current }),
    changes as never,
    { version: current.version + 1 } as never,
  );
  return manager.save(entity, next);
}

/** Two id lists with the same members, whatever their order: a join table rewritten with them changes nothing. */
export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}
