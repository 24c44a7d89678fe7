import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  parse,
  typeFromAST,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { buildAppSchema } from '../../../schema/build-schema';
import { loadConfig } from '../../../server/config';
import { costEstimator } from '../../../server/security/query-limits';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';

/**
 * The query limits against the feature operations: every query the README shows partners, and the
 * pages portals ask for, pass with the default limits; abusive nesting through the same types does not.
 */

let app: TestApp;
let schema: GraphQLSchema;
let sectorId: string;
const limits = loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://unused/none' }).limits;

beforeAll(async () => {
  app = await createTestApp();
  schema = await buildAppSchema();
  const res = await app.gql('{ sectors { id key } }');
  sectorId = res.data!.sectors.find((s: { key: string }) => s.key === 'msz').id;
});
afterAll(() => app.close());

const LIMIT_CODES = [
  'QUERY_TOO_DEEP',
  'TOO_MANY_ALIASES',
  'TOO_MANY_DIRECTIVES',
  'QUERY_TOO_LARGE',
  'QUERY_TOO_COMPLEX',
];

/** A plausible value for each declared variable, so the cost is measured as a client would send it. */
function sampleVariables(document: string): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const sample = (type: GraphQLInputType): unknown => {
    if (isNonNullType(type)) return sample(type.ofType);
    if (isListType(type)) return [sample(type.ofType)];
    const named = getNamedType(type);
    if (isEnumType(named)) return named.getValues()[0]!.value;
    if (isInputObjectType(named)) {
      const object: Record<string, unknown> = {};
      for (const field of Object.values(named.getFields()))
        if (isNonNullType(field.type)) object[field.name] = sample(field.type);
      return object;
    }
    if (named.name === 'Int') return 50;
    if (named.name === 'Boolean') return true;
    if (named.name === 'LocalDate') return '2026-01-01';
    if (named.name === 'ID') return sectorId;
    return 'zorg';
  };
  for (const definition of parse(document).definitions) {
    for (const variable of (definition as OperationDefinitionNode).variableDefinitions ?? []) {
      const type = typeFromAST(schema, variable.type) as GraphQLInputType | undefined;
      if (type) values[variable.variable.name.value] = sample(type);
    }
  }
  return values;
}

function costOf(document: string, variables: Record<string, unknown>): number {
  return getComplexity({
    schema,
    query: parse(document),
    variables,
    estimators: [costEstimator(limits.listCost)],
  });
}

const README = readFileSync(path.join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
const EXAMPLES = [...README.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);

describe('legitimate feature queries pass the limits', () => {
  it('the README has example operations to check', () => {
    expect(EXAMPLES.length).toBeGreaterThanOrEqual(10);
  });

  it.each(EXAMPLES.map((doc) => [/(?:query|mutation)\s+(\w+)/.exec(doc)?.[1] ?? doc.slice(0, 40), doc]))(
    'README example %s is within every limit',
    async (_name, document) => {
      const variables = sampleVariables(document);
      expect(costOf(document, variables)).toBeLessThanOrEqual(limits.maxCost);
      const res = await app.gql(document, variables, await asUser(app, 'zin.editor@example.org'));
      for (const error of res.errors ?? []) expect(LIMIT_CODES).not.toContain(error.extensions?.code);
      expect(res.status).not.toBe(500);
    },
  );

  it.each<[string, string]>([
    [
      'a 50-agenda page with the adopted and latest versions, their items and questions',
      `{ researchAgendas(first: 50) { totalCount nodes { id title sector { key } coordinatorParty { shortName }
          versions { number status adoptedAt }
          adoptedVersion { number items { rank rationale question { id title status priorityTotal
            proposedByParty { shortName } sectors { key } criteria { nameNl } projects { title status } } } }
          latestVersion { number status items { rank question { id title } } } } } }`,
    ],
    [
      'a 100-question page with their agendas, scores and projects',
      `{ knowledgeQuestions(first: 100) { nodes { id title sectors { key } criteria { key }
          agendas { rank agendaVersion { number agenda { title } } }
          scores { score criterion { key } } projects { title funderParty { shortName } } } } }`,
    ],
    [
      'a 50-conflict review page with links and their history',
      `{ synergyConflicts(first: 50) { nodes { kind explanation guideline { title owners { shortName } }
          recommendation { kind text } assessment { title outcome }
          link { id version alignment history { action occurredAt actingParty { shortName } } } } } }`,
    ],
    [
      'a 100-deliverable page with owners, milestones and updates',
      `{ deliverables(first: 100) { nodes { title status due { label } ownerParties { shortName }
          milestones { title due { label } } statusUpdates { nodes { health text party { shortName } } }
          dependsOn { title } } } }`,
    ],
  ])('%s', async (_name, document) => {
    expect(costOf(document, {})).toBeLessThanOrEqual(limits.maxCost);
    const res = await app.gql(document, undefined, await asUser(app, 'vws.editor@example.org'));
    expect(res.errors).toBeUndefined();
    expect(res.status).toBe(200);
  });
});

describe('abusive nesting through the feature types is refused', () => {
  it.each<[string, string, Record<string, unknown> | undefined]>([
    [
      'guidelines → links → guideline → links → assessment → links',
      `{ guidelines(first: 100) { nodes { links { guideline { links { assessment { links { guideline {
          links { id } } } } } } } } } }`,
      undefined,
    ],
    [
      'questions → agendas → items → question → agendas → items, page size from a variable',
      `query($n: Int) { knowledgeQuestions(first: $n) { nodes { agendas { agendaVersion { items { question {
          agendas { agendaVersion { items { question { id } } } } } } } } } } }`,
      { n: 100 },
    ],
    [
      'deliverables → dependents → dependsOn → related → milestones',
      `{ deliverables(first: 100) { nodes { dependents { dependsOn { related { dependents { milestones {
          deliverable { title } } } } } } } } }`,
      undefined,
    ],
  ])('%s: QUERY_TOO_COMPLEX before anything runs', async (_name, document, variables) => {
    const res = await app.gql(document, variables);
    expect(res.status).toBe(400);
    expect(res.errors![0]!.extensions!.code).toBe('QUERY_TOO_COMPLEX');
    expect(res.data ?? null).toBeNull();
    const healthy = await app.gql('{ researchAgendas(first: 1) { totalCount } }');
    expect(healthy.errors).toBeUndefined();
  });
});
