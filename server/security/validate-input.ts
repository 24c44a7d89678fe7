import { validate, type ValidationError, type ValidatorOptions } from 'class-validator';
import { getNamedType, type GraphQLResolveInfo } from 'graphql';
import { ArgumentValidationError, getMetadataStorage, type ResolverData } from 'type-graphql';

// type-graphql's own defaults, plus: the error does not echo the input back (`target`, `value`).
const OPTIONS: ValidatorOptions = {
  skipMissingProperties: true,
  forbidUnknownValues: false,
  validationError: { target: false, value: false },
};

/** The property path of the first failing constraint, e.g. `scores.0.score`. */
export function firstFailingPath(errors: readonly ValidationError[], prefix = ''): string | undefined {
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.constraints && Object.keys(error.constraints).length > 0) return path;
    const nested = error.children?.length ? firstFailingPath(error.children, path) : undefined;
    if (nested) return nested;
  }
  return undefined;
}

/**
 * The name of the field argument whose GraphQL type is `argType` (e.g. `input`, `filter`); empty for
 * an @ArgsType class, whose properties are the arguments themselves (e.g. `first`).
 */
function argumentName(info: GraphQLResolveInfo, argType: unknown): string | undefined {
  if (getMetadataStorage().argumentTypes.some((t) => t.target === argType)) return '';
  const typeName = getMetadataStorage().inputTypes.find((t) => t.target === argType)?.name;
  const args = info.parentType.getFields()[info.fieldName]?.args ?? [];
  const byType = args.filter((a) => getNamedType(a.type).name === typeName);
  if (byType.length === 1) return byType[0]!.name;
  const objects = args.filter((a) => !('serialize' in getNamedType(a.type)));
  return objects.length === 1 ? objects[0]!.name : undefined;
}

/** An input object with at least one property given: the only kind class-validator has anything to check on. */
function checkable(item: unknown): item is object {
  if (item === null || typeof item !== 'object') return false;
  for (const value of Object.values(item)) if (value !== undefined && value !== null) return true;
  return false;
}

/**
 * type-graphql's argument validation (class-validator), with the offending field named in
 * `extensions.field` as `<argument>.<property path>`, like every other BAD_USER_INPUT. Synchronous when
 * there is nothing to check (type-graphql is patched to accept that, patches/): most nested fields are
 * asked for without arguments, and a promise per field of every object of an answer is not free.
 */
export function validateInput(
  argValue: unknown,
  argType: unknown,
  resolverData: ResolverData<object>,
): Promise<void> | undefined {
  if (argValue === null || typeof argValue !== 'object') return undefined;
  const items = Array.isArray(argValue) ? argValue : [argValue];
  // With skipMissingProperties nothing is checked on an absent value (and no @IsDefined is used), so
  // the arguments of a nested list asked for without any (`projects`, 50 times an answer) skip the walk.
  if (!items.some(checkable)) return undefined;
  return validateItems(argValue, items, argType, resolverData);
}

async function validateItems(
  argValue: object,
  items: unknown[],
  argType: unknown,
  resolverData: ResolverData<object>,
): Promise<void> {
  for (let i = 0; i < items.length; i++) {
    const item: unknown = items[i];
    if (!checkable(item)) continue;
    const errors = await validate(item, OPTIONS);
    if (errors.length === 0) continue;
    const arg = argumentName(resolverData.info, argType) ?? 'input';
    const prefix = Array.isArray(argValue) ? `${arg}.${i}` : arg;
    const path = firstFailingPath(errors);
    const error = new ArgumentValidationError(errors);
    error.extensions.field = [prefix, path].filter(Boolean).join('.') || arg;
    throw error;
  }
}
