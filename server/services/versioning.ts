import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { ConflictError, NotFoundError } from '../errors';

/**
 * Loads a record for change, locked until the transaction ends, and checks the version the client
 * last saw: a stale version is a CONFLICT carrying the current one, and nothing is changed.
 */
export async function lockForUpdate<T extends ObjectLiteral & { id: string; version: number }>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  id: string,
  expectedVersion: number,
  label: string,
): Promise<T> {
  const current = await manager.findOne(entity, { where: { id } as never, lock: { mode: 'pessimistic_write' } });
  if (!current) throw new NotFoundError(`No ${label} with this id.`);
  if (current.version !== expectedVersion) {
    throw new ConflictError(
      `This ${label} was changed by someone else (version ${current.version}, you sent ${expectedVersion}). Reload it and apply your change again.`,
      { currentVersion: current.version },
    );
  }
  return current;
}

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
