import { GraphQLList, GraphQLObjectType, GraphQLSchema, GraphQLString, execute, parse } from 'graphql';
import { selectedFields } from '../../resolvers/selection';

/** resolvers/selection.ts: what a read-ahead is told the client selects, @skip and @include applied. */
const Question = new GraphQLObjectType({
  name: 'Question',
  fields: { title: { type: GraphQLString }, status: { type: GraphQLString } },
});
const Item = new GraphQLObjectType({
  name: 'Item',
  fields: {
    rank: { type: GraphQLString },
    question: { type: Question },
    a: { type: GraphQLString },
    b: { type: GraphQLString },
    c: { type: GraphQLString },
    d: { type: GraphQLString },
  },
});

async function selected(query: string, variables: Record<string, unknown> = {}, path: string[] = []) {
  let seen: string[] = [];
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: {
        items: {
          type: new GraphQLList(Item),
          resolve: (_root, _args, _context, info) => {
            seen = [...selectedFields(info, path)].sort();
            return [];
          },
        },
      },
    }),
  });
  const result = await execute({ schema, document: parse(query), variableValues: variables });
  expect(result.errors).toBeUndefined();
  return seen;
}

describe('selectedFields', () => {
  it('names the fields selected below, through fragments and along a path', async () => {
    const query = `{ items { rank ...Q } } fragment Q on Item { question { title ... on Question { status } } }`;
    expect(await selected(query)).toEqual(['question', 'rank']);
    expect(await selected(query, {}, ['question'])).toEqual(['status', 'title']);
  });

  it('leaves out what @skip and @include leave out, with literal and variable conditions', async () => {
    // A field of its own for each directive, so each one is seen to work.
    const query = `query ($yes: Boolean!, $no: Boolean!) {
      items {
        a @skip(if: true)
        question @include(if: $no) { title }
        ...B @include(if: $yes)
        ... @skip(if: $yes) { c }
        d
      }
    } fragment B on Item { b }`;
    expect(await selected(query, { yes: true, no: false })).toEqual(['b', 'd']);
    expect(await selected(query, { yes: false, no: true })).toEqual(['c', 'd', 'question']);
  });
});
