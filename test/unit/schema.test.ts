import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLSchema,
} from 'graphql';
import { Authorized, Field, getMetadataStorage, ObjectType, UseMiddleware } from 'type-graphql';
import {
  buildAppSchema,
  cacheShapeOf,
  plainFieldsResolveSimply,
  possibleTypesOf,
  printAppSchema,
} from '../../schema/build-schema';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildAppSchema();
});

describe('schema', () => {
  it('matches the committed schema/schema.graphql (run `npm run schema:emit` after changing it)', () => {
    const committed = readFileSync(path.join(__dirname, '..', '..', 'schema', 'schema.graphql'), 'utf8');
    expect(printAppSchema(schema)).toBe(committed);
  });

  it('matches the committed schema/possible-types.json and cache-shape.json (run `npm run schema:emit`)', () => {
    const committed = (file: string) =>
      JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'schema', file), 'utf8')) as unknown;
    expect(possibleTypesOf(schema)).toEqual(committed('possible-types.json'));
    expect(possibleTypesOf(schema).Sourced).toContain('Party');
    expect(cacheShapeOf(schema)).toEqual(committed('cache-shape.json'));
    expect(cacheShapeOf(schema).mergeTypes).toEqual(expect.arrayContaining(['FuzzyDate', 'DeliverableHealthReport']));
  });

  it('describes every type, field, argument and enum value', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields()) as (GraphQLField<unknown, unknown> | GraphQLInputField)[]) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) {
            if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
          }
        }
      }
      if (isEnumType(type)) {
        for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('makes every object type with an id a Node', () => {
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || !type.getFields().id) continue;
      expect(type.getInterfaces().map((i) => i.name)).toContain('Node');
    }
  });
});

describe('plain fields', () => {
  it('resolve simply, except a field with roles or middleware, which keeps type-graphql’s resolver', () => {
    @ObjectType()
    class Probe {
      @Field()
      plain!: string;

      @Authorized('operator')
      @Field()
      guarded!: string;

      @UseMiddleware(async (_, next) => next())
      @Field()
      wrapped!: string;

      @Field({ name: 'renamed' })
      inCode!: string;
    }
    plainFieldsResolveSimply();
    const simple = Object.fromEntries(
      getMetadataStorage()
        .fields.filter((f) => f.target === Probe)
        .map((f) => [f.name, f.simple ?? false]),
    );
    expect(simple).toEqual({ plain: true, guarded: false, wrapped: false, inCode: false });
  });
});
