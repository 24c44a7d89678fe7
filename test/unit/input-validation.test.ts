import { getMetadataStorage as validatorMetadata } from 'class-validator';
import {
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { buildAppSchema } from '../../schema/build-schema';
import { IS_NOT_BLANK } from '../../schema/inputs/not-blank';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildAppSchema();
});

function isList(type: GraphQLInputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

/** The class-validator constraint kinds declared on each property of an input class (and its parents). */
function constraintsOf(target: Function): Map<string, Set<string>> {
  const byProperty = new Map<string, Set<string>>();
  const metadatas = validatorMetadata().getTargetValidationMetadatas(target, '', true, false);
  for (const m of metadatas) {
    const kinds = byProperty.get(m.propertyName) ?? new Set<string>();
    kinds.add(m.type === 'customValidation' ? String(m.name ?? m.constraintCls?.name) : m.type);
    for (const c of m.constraints ?? []) if (typeof c === 'string') kinds.add(c);
    byProperty.set(m.propertyName, kinds);
  }
  return byProperty;
}

/**
 * Every input field is bounded where GraphQL's own type check is not enough: free text has a
 * maximum length, lists a maximum size, numbers a range, nested inputs are validated too. Ids,
 * enums, booleans and dates are checked by their scalars and by the services' id decoding.
 */
describe('input validation declarations', () => {
  it('bound every text, list, number and nested input field of every input type', () => {
    const missing: string[] = [];
    const classes = new Map(getMetadataStorage().inputTypes.map((t) => [t.name, t.target]));
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isInputObjectType(type) || type.name.startsWith('__')) continue;
      const target = classes.get(type.name);
      if (!target) {
        missing.push(`${type.name}: no input class`);
        continue;
      }
      const constraints = constraintsOf(target);
      for (const field of Object.values(type.getFields())) {
        const kinds = constraints.get(field.name) ?? new Set<string>();
        const named = getNamedType(field.type);
        const need: string[] = [];
        if (isList(field.type) && !kinds.has('arrayMaxSize')) need.push('@ArrayMaxSize');
        if (named.name === 'String' && !(kinds.has('maxLength') || kinds.has('isLength') || kinds.has('isIn')))
          need.push('@MaxLength');
        // Int is 32-bit by its scalar; a lower bound keeps versions, ranks and positions positive.
        if (named.name === 'Int' && !kinds.has('min')) need.push('@Min');
        if (named.name === 'Float' && !(kinds.has('min') && kinds.has('max'))) need.push('@Min and @Max');
        if (isInputObjectType(named) && !kinds.has('nestedValidation')) need.push('@ValidateNested');
        if (need.length) missing.push(`${type.name}.${field.name}: ${need.join(', ')}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('refuse whitespace-only text in every required text field and every field with a minimum length', () => {
    const missing: string[] = [];
    const classes = new Map(getMetadataStorage().inputTypes.map((t) => [t.name, t.target]));
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isInputObjectType(type) || type.name.startsWith('__')) continue;
      const constraints = constraintsOf(classes.get(type.name)!);
      for (const field of Object.values(type.getFields())) {
        if (getNamedType(field.type).name !== 'String') continue;
        const kinds = constraints.get(field.name) ?? new Set<string>();
        const mustHoldText = (isNonNullType(field.type) && !isList(field.type)) || kinds.has('isLength');
        const checkedOtherwise = kinds.has('isEmail') || kinds.has('isIn') || kinds.has('isUrl');
        if (mustHoldText && !checkedOtherwise && !kinds.has(IS_NOT_BLANK)) missing.push(`${type.name}.${field.name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  // @IsDefined is the one constraint class-validator applies to an absent value despite skipMissingProperties.
  it('hold no constraint that checks an absent value, which validateInput skips (skipMissingProperties)', () => {
    const checksAbsent = [...getMetadataStorage().inputTypes, ...getMetadataStorage().argumentTypes].flatMap((t) =>
      [...constraintsOf(t.target)].flatMap(([property, kinds]) =>
        [...kinds].filter((k) => k === 'isDefined').map((k) => `${t.name}.${property}: ${k}`),
      ),
    );
    expect(checksAbsent).toEqual([]);
  });
});
