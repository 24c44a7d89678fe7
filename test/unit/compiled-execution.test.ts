import { ApolloServer, type GraphQLResponse } from '@apollo/server';
import {
  GraphQLEnumType,
  GraphQLError,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLInterfaceType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
} from 'graphql';
import { compiledExecution, MAX_COMPILED_DOCUMENTS } from '../../server/compiled-execution';
import { formatError } from '../../server/graphql-errors';

// A schema with what the app's schema has: an interface, nested lists, enums, input objects, async
// resolvers, and resolvers that fail in each way the app's do.
const Node = new GraphQLInterfaceType({
  name: 'Node',
  fields: { id: { type: new GraphQLNonNull(GraphQLString) } },
  resolveType: (value: { kind: string }) => value.kind,
});
const Status = new GraphQLEnumType({ name: 'Status', values: { OPEN: { value: 'open' }, DONE: { value: 'done' } } });
const Item: GraphQLObjectType = new GraphQLObjectType({
  name: 'Item',
  interfaces: [Node],
  fields: () => ({
    id: { type: new GraphQLNonNull(GraphQLString) },
    status: { type: Status },
    children: {
      type: new GraphQLList(new GraphQLNonNull(Item)),
      resolve: async (item: { id: string }) =>
        [1, 2].map((n) => ({ kind: 'Item', id: `${item.id}.${n}`, status: 'done' })),
    },
    forbidden: {
      type: GraphQLString,
      resolve: () => {
        throw new GraphQLError('You may not read this.', { extensions: { code: 'FORBIDDEN' } });
      },
    },
    broken: {
      type: GraphQLString,
      resolve: async () => {
        throw new Error('relation "secret_table" does not exist');
      },
    },
    unreachable: {
      type: GraphQLString,
      resolve: async () => {
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
      },
    },
    missing: { type: new GraphQLNonNull(GraphQLString), resolve: () => null },
  }),
});
const Filter = new GraphQLInputObjectType({
  name: 'Filter',
  fields: { status: { type: Status }, first: { type: new GraphQLNonNull(GraphQLInt) } },
});
const schema = new GraphQLSchema({
  types: [Item],
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      items: {
        type: new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(Item))),
        args: { filter: { type: new GraphQLNonNull(Filter) } },
        resolve: (_root, { filter }: { filter: { status?: string; first: number } }) =>
          Array.from({ length: filter.first }, (_, i) => ({
            kind: 'Item',
            id: `i${i}`,
            status: filter.status ?? 'open',
          })),
      },
      node: {
        type: Node,
        args: { id: { type: new GraphQLNonNull(GraphQLString) } },
        resolve: (_root, { id }: { id: string }) => ({ kind: 'Item', id }),
      },
    },
  }),
});

const QUERY = /* GraphQL */ `
  query Items($filter: Filter!, $id: String!) {
    items(filter: $filter) {
      id
      status
      ...More
    }
    node(id: $id) {
      __typename
      id
      ... on Item {
        status
      }
    }
  }
  fragment More on Item {
    children {
      id
      children {
        id
      }
    }
  }
`;
const FAILING = /* GraphQL */ `
  query Failing($id: String!) {
    a: node(id: $id) {
      ... on Item {
        forbidden
        broken
        unreachable
      }
    }
    b: node(id: $id) {
      ... on Item {
        missing
      }
    }
  }
`;

describe('compiled execution (graphql-jit through Apollo’s gateway hook)', () => {
  const compiled = compiledExecution(schema);
  const servers = {
    graphqlJs: new ApolloServer({ schema, formatError }),
    compiled: new ApolloServer({ gateway: compiled, formatError }),
  };
  beforeAll(() => Promise.all(Object.values(servers).map((s) => s.start())));
  afterAll(() => Promise.all(Object.values(servers).map((s) => s.stop())));

  // Errors in path order: graphql-js lists them as their resolvers fail, which async timing decides.
  const run = async (server: ApolloServer, query: string, variables: Record<string, unknown>) => {
    const response: GraphQLResponse = await server.executeOperation({ query, variables });
    if (response.body.kind !== 'single') throw new Error('single result expected');
    const { errors, ...result } = response.body.singleResult;
    const at = (error: { path?: readonly (string | number)[] }) => (error.path ?? []).join('.');
    const sorted = errors && [...errors].sort((x, y) => at(x).localeCompare(at(y)));
    return { status: response.http.status, result: { ...result, errors: sorted } };
  };

  /** Three uses on the compiled server (the first on graphql-js, then compiled) and one on graphql-js. */
  const both = async (query: string, variables: Record<string, unknown>) => {
    const answers = [];
    for (let use = 0; use < 3; use++) answers.push(await run(servers.compiled, query, variables));
    return { expected: await run(servers.graphqlJs, query, variables), answers };
  };

  it('compiles an operation at its second use and answers as graphql-js does', async () => {
    const before = compiled.compiled;
    const { expected, answers } = await both(QUERY, { filter: { status: 'DONE', first: 3 }, id: 'n1' });
    expect(compiled.compiled).toBe(before + 1);
    expect(expected.result.errors).toBeUndefined();
    expect((expected.result.data as { items: unknown[] }).items).toHaveLength(3);
    for (const answer of answers) expect(answer).toEqual(expected);
  });

  it('keeps each failure’s code, message, path and location on the compiled path', async () => {
    const before = compiled.compiled;
    const { expected, answers } = await both(FAILING, { id: 'n2' });
    expect(compiled.compiled).toBe(before + 1);
    expect(expected.result.errors?.map((e) => e.extensions?.code)).toEqual([
      'INTERNAL_SERVER_ERROR', // a.broken
      'FORBIDDEN', // a.forbidden
      'SERVICE_UNAVAILABLE', // a.unreachable
      'INTERNAL_SERVER_ERROR', // b.missing (null for a non-null field)
    ]);
    expect(JSON.stringify(expected.result.errors)).not.toMatch(/secret_table|ECONNREFUSED/);
    for (const answer of answers) expect(answer).toEqual(expected);
  });

  it('answers variables that do not fit their types as graphql-js does (400, the field named)', async () => {
    await both(QUERY, { filter: { first: 1 }, id: 'x' });
    const { expected, answers } = await both(QUERY, { filter: { status: 'LATE' }, id: 'x' });
    expect(expected.status).toBe(400);
    expect(expected.result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    for (const answer of answers) expect(answer).toEqual(expected);
  });

  it('keeps compiled plans for a bounded number of documents, least recently used first out', async () => {
    const doc = (n: number) => `query Bounded${n} { node(id: "b${n}") { id } }`;
    const twice = async (n: number) => {
      for (let use = 0; use < 2; use++) await run(servers.compiled, doc(n), {});
    };
    const start = compiled.compiled;
    await twice(0);
    expect(compiled.compiled).toBe(start + 1);
    await run(servers.compiled, doc(0), {});
    expect(compiled.compiled).toBe(start + 1); // kept: not compiled again
    for (let n = 1; n <= MAX_COMPILED_DOCUMENTS; n++) await twice(n);
    expect(compiled.compiled).toBe(start + 1 + MAX_COMPILED_DOCUMENTS);
    await run(servers.compiled, doc(0), {});
    expect(compiled.compiled).toBe(start + 2 + MAX_COMPILED_DOCUMENTS); // pushed out, compiled anew
  });
});
