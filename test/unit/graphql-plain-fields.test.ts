import {
  GraphQLEnumType,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLSchema,
  GraphQLString,
  execute,
  parse,
} from 'graphql';
import * as graphqlPath from 'graphql/jsutils/Path';

/**
 * patches/graphql+16.15.0.patch reads plain scalar and enum fields (no resolver, no arguments) without
 * executeField's machinery. Everything that path skips must still behave as graphql-js specifies:
 * values serialised, nulls and errors reported at the field, functions and getters honoured.
 */
const Status = new GraphQLEnumType({ name: 'Status', values: { OPEN: { value: 'open' }, DONE: { value: 'done' } } });

const Item = new GraphQLObjectType({
  name: 'Item',
  fields: {
    title: { type: new GraphQLNonNull(GraphQLString) },
    note: { type: GraphQLString },
    count: { type: GraphQLInt },
    status: { type: Status },
    shout: { type: GraphQLString },
    broken: { type: GraphQLString },
    tags: { type: new GraphQLList(GraphQLString) },
    upper: { type: GraphQLString, args: { of: { type: GraphQLString } } },
  },
});

const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      items: { type: new GraphQLList(Item), resolve: (_root, _args, context: { items: unknown[] }) => context.items },
    },
  }),
});

// A scalar that serialises any value as it is (as GraphQLJSON does).
const Anything = new GraphQLScalarType({ name: 'Anything', serialize: (value) => value });
const passThrough = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      item: { type: new GraphQLObjectType({ name: 'Holder', fields: { data: { type: Anything } } }) },
    },
  }),
});

function run(query: string, items: unknown[]) {
  return execute({ schema, document: parse(query), contextValue: { items } }) as ReturnType<typeof execute> & object;
}

describe('plain leaf fields (graphql-js patch)', () => {
  it('serialises scalars and enums, and answers null for a missing nullable value', async () => {
    const result = await run('{ items { title note count status tags __typename } }', [
      { title: 'a', count: 3, status: 'done', tags: ['x'] },
    ]);
    expect(result).toEqual({
      data: { items: [{ title: 'a', note: null, count: 3, status: 'DONE', tags: ['x'], __typename: 'Item' }] },
    });
  });

  it('reports null in a non-null field at that field, nulling its parent', async () => {
    const result = await run('{ items { title } }', [{ title: 'a' }, { title: null }]);
    expect(result.data).toEqual({ items: [{ title: 'a' }, null] });
    expect(result.errors?.map((e) => [e.message, e.path])).toEqual([
      ['Cannot return null for non-nullable field Item.title.', ['items', 1, 'title']],
    ]);
  });

  it('reports a value that does not serialise as that field’s error', async () => {
    const result = await run('{ items { count status } }', [{ count: 'many', status: 'lost' }]);
    expect(result.data).toEqual({ items: [{ count: null, status: null }] });
    expect(result.errors?.map((e) => [e.message, e.path])).toEqual([
      ['Int cannot represent non-integer value: "many"', ['items', 0, 'count']],
      ['Enum "Status" cannot represent value: "lost"', ['items', 0, 'status']],
    ]);
  });

  it('calls a function property, and makes a throwing getter the field’s error', async () => {
    const item = {
      title: 'a',
      shout: () => 'HI',
      get broken(): string {
        throw new Error('cannot read');
      },
    };
    const result = await run('{ items { title shout broken } }', [item]);
    expect(result.data).toEqual({ items: [{ title: 'a', shout: 'HI', broken: null }] });
    expect(result.errors?.map((e) => [e.message, e.path])).toEqual([['cannot read', ['items', 0, 'broken']]]);
  });

  it('still passes its arguments to a field that takes some', async () => {
    const result = await execute({
      schema,
      document: parse('query ($of: String!) { items { upper(of: $of) } }'),
      contextValue: { items: [{ upper: (args: { of: string }) => args.of.toUpperCase() }] },
      variableValues: { of: 'x' },
    });
    expect(result).toEqual({ data: { items: [{ upper: 'X' }] } });
  });

  it('awaits a promise held by a field whose scalar would pass it through', async () => {
    const result = await execute({
      schema: passThrough,
      document: parse('{ item { data } }'),
      rootValue: { item: { data: Promise.resolve({ a: 1 }) } },
    });
    expect(result).toEqual({ data: { item: { data: { a: 1 } } } });
  });

  it('keeps an alias named __proto__ as an own field', async () => {
    const result = await run('{ items { __proto__: title } }', [{ title: 'a' }]);
    expect(Object.hasOwn((result.data!.items as object[])[0]!, '__proto__')).toBe(true);
  });

  it('takes the short path: no response path is made for a plain leaf, one is for every other field', async () => {
    // executeField makes a path for each field it executes; the patch's short path makes none.
    const addPath = jest.spyOn(graphqlPath, 'addPath');
    try {
      const result = await execute({
        schema,
        document: parse('query ($of: String!) { items { title note count status upper(of: $of) shout } }'),
        contextValue: { items: [{ title: 'a', upper: () => 'U', shout: () => 'S' }] },
        variableValues: { of: 'x' },
      });
      expect(result.errors).toBeUndefined();
      const keys = addPath.mock.calls.map(([, key]) => key);
      expect(keys.sort()).toEqual([0, 'items', 'shout', 'upper']);
    } finally {
      addPath.mockRestore();
    }
  });
});
