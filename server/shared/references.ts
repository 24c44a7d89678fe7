import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { decodeIdOf } from '../../schema/global-id';
import { BadUserInputError } from '../errors';

/**
 * An optional reference in an input: the row id of the record `globalId` names, null when none is given,
 * BAD_USER_INPUT on `field` when no such record exists. Read in the write's transaction.
 */
export async function optionalRef(
  manager: EntityManager,
  entity: EntityTarget<ObjectLiteral>,
  type: string,
  globalId: string | null | undefined,
  field: string,
): Promise<string | null> {
  if (!globalId) return null;
  const id = decodeIdOf(type, globalId, field);
  if (!(await manager.existsBy(entity, { id }))) throw new BadUserInputError(`No ${type} with this id.`, field);
  return id;
}
