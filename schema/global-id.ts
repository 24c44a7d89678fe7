import { fromGlobalId } from 'graphql-relay';
import { BadUserInputError } from '../server/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The opaque global id of a row: base64 of `Type:id`, exactly as graphql-relay's toGlobalId, with Node's
 * encoder (graphql-relay's portable one builds the string a character at a time: ~3 kB of garbage per id,
 * and every answer holds many ids).
 */
export function toGlobalId(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64');
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export interface DecodedId {
  type: string;
  id: string;
}

/** Decodes an opaque global id; a malformed one is the client's mistake, named by its argument. */
export function decodeGlobalId(globalId: string, field = 'id'): DecodedId {
  const { type, id } = fromGlobalId(globalId);
  if (!type || !UUID.test(id)) {
    throw new BadUserInputError(`"${field}" is not a valid id: use the \`id\` the API returned.`, field);
  }
  return { type, id: id.toLowerCase() };
}

/** Decodes a global id that must belong to `expectedType`. */
export function decodeIdOf(expectedType: string, globalId: string, field = 'id'): string {
  const decoded = decodeGlobalId(globalId, field);
  if (decoded.type !== expectedType) {
    throw new BadUserInputError(
      `"${field}" must be the id of a ${expectedType}, got the id of a ${decoded.type}.`,
      field,
    );
  }
  return decoded.id;
}

/**
 * The ids a filter narrows to, from its list field (`sectorIds`) or the deprecated single-id field
 * (`sectorId`) older clients still send; undefined when neither is given. Both at once would leave it
 * unclear whether they combine, so that is refused.
 */
export function decodeIdListOf(
  expectedType: string,
  filter: object | null | undefined,
  listField: string,
  singleField: string,
  prefix = 'filter',
): string[] | undefined {
  const values = (filter ?? {}) as Record<string, unknown>;
  const list = values[listField] as string[] | null | undefined;
  const single = values[singleField] as string | null | undefined;
  if (list != null && single != null) {
    throw new BadUserInputError(
      `Give "${prefix}.${listField}" only; "${prefix}.${singleField}" is its deprecated single-id form.`,
      `${prefix}.${singleField}`,
    );
  }
  if (single != null) return [decodeIdOf(expectedType, single, `${prefix}.${singleField}`)];
  if (list == null) return undefined;
  return [...new Set(list.map((id, i) => decodeIdOf(expectedType, id, `${prefix}.${listField}.${i}`)))];
}
