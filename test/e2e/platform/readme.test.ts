import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { toGlobalId, fromGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';

/**
 * Every ```graphql block of the README runs as printed against the seeded server, in the README's
 * order (later examples use what earlier ones made). The README's conventions:
 * - a first line `# as: <e-mail>` signs the block in as that demo account;
 * - a ```json block right after it holds the variables; a value `"<Type key>"` stands for the id of the
 *   seeded record with that key, `"<Type key: column>"` for one of its columns (a version), and
 *   `"<Type from Operation>"` for the first id of that type the named example above returned;
 * - a block with several operations runs each, in order, with the variables it declares.
 */
const README = readFileSync(join(__dirname, '../../../README.md'), 'utf8');

interface Example {
  line: number;
  document: string;
  variables: Record<string, unknown>;
  as: string | null;
}

function examples(): Example[] {
  const fence = /^```(\w*)\n([\s\S]*?)^```$/gm;
  const blocks = [...README.matchAll(fence)].map((m) => ({
    lang: m[1],
    body: m[2]!,
    line: README.slice(0, m.index).split('\n').length,
    end: m.index! + m[0].length,
    start: m.index!,
  }));
  return blocks.flatMap((block, i) => {
    if (block.lang !== 'graphql') return [];
    const next = blocks[i + 1];
    const adjacent = next?.lang === 'json' && README.slice(block.end, next.start).trim() === '';
    return [
      {
        line: block.line,
        document: block.body,
        variables: adjacent ? JSON.parse(next.body) : {},
        as: /^# as: (\S+)/.exec(block.body)?.[1] ?? null,
      },
    ];
  });
}

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const tableOf = (type: string) => type.replace(/[a-z](?=[A-Z])/g, '$&_').toLowerCase();

function firstIdOf(value: unknown, type: string): string | undefined {
  if (Array.isArray(value)) return value.map((v) => firstIdOf(v, type)).find(Boolean);
  if (value && typeof value === 'object') {
    const { id } = value as { id?: unknown };
    if (typeof id === 'string' && fromGlobalId(id).type === type) return id;
    return Object.values(value)
      .map((v) => firstIdOf(v, type))
      .find(Boolean);
  }
  return undefined;
}

async function resolve(value: unknown, results: Map<string, unknown>): Promise<unknown> {
  if (Array.isArray(value)) return Promise.all(value.map((v) => resolve(v, results)));
  if (value && typeof value === 'object')
    return Object.fromEntries(
      await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await resolve(v, results)])),
    );
  const placeholder = typeof value === 'string' ? /^<([A-Z]\w+) (.+?)(?:: (\w+))?>$/.exec(value) : null;
  if (!placeholder) return value;
  const [, type, key, column] = placeholder as unknown as [string, string, string, string | undefined];
  const from = /^from (\w+)$/.exec(key);
  if (from) {
    const id = firstIdOf(results.get(from[1]!), type);
    if (!id) throw new Error(`${value}: ${from[1]} returned no ${type}`);
    return id;
  }
  const rows: Record<string, unknown>[] = await app.dataSource.query(`SELECT * FROM ${tableOf(type)} WHERE key = $1`, [
    key,
  ]);
  if (rows.length !== 1) throw new Error(`${value}: no ${type} with key ${key}`);
  return column ? rows[0]![column] : toGlobalId(type, rows[0]!.id as string);
}

describe('README', () => {
  const all = examples();

  it('has GraphQL examples, some signed in and some with variables', () => {
    expect(all.length).toBeGreaterThan(10);
    expect(all.filter((e) => e.as).length).toBeGreaterThan(2);
    expect(all.filter((e) => Object.keys(e.variables).length).length).toBeGreaterThan(2);
  });

  it('runs every GraphQL example as printed, without errors', async () => {
    const results = new Map<string, unknown>();
    const failures: string[] = [];
    for (const example of all) {
      const headers = await asUser(app, example.as);
      const variables = (await resolve(example.variables, results)) as Record<string, unknown>;
      const operations = parse(example.document).definitions.filter(
        (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
      );
      for (const operation of operations) {
        const name = operation.name?.value;
        const declared = (operation.variableDefinitions ?? []).map((v) => v.variable.name.value);
        const res = await fetch(app.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({
            query: example.document,
            operationName: operations.length > 1 ? name : undefined,
            variables: Object.fromEntries(declared.filter((v) => v in variables).map((v) => [v, variables[v]])),
          }),
        });
        const body = (await res.json()) as { data?: unknown; errors?: unknown[] };
        if (res.status !== 200 || body.errors)
          failures.push(
            `README.md:${example.line} ${name ?? '(anonymous)'}: ${res.status} ${JSON.stringify(body.errors)}`,
          );
        if (name) results.set(name, body.data);
      }
    }
    expect(failures).toEqual([]);
    // The sector search shows what it promises: the patient organisations, marked cross-sector.
    expect((results.get('SearchParties') as any).parties.nodes).toContainEqual(
      expect.objectContaining({ kind: 'PATIENT_ORGANISATION', crossSector: true, sectors: [] }),
    );
    // A provider association's request for an assessment, taken up, is a draft standpunt.
    expect((results.get('TakeUpRequest') as any).takeUpPackageSignal.assessment).toEqual({
      kind: 'STANDPUNT',
      stage: 'SIGNAL',
    });
    // The NZa records the funding of care a published standpunt admits, for itself.
    expect((results.get('RecordFunding') as any).recordFundingArrangement).toMatchObject({
      state: 'ESTABLISHED',
      party: { shortName: 'NZa' },
      assessment: { outcome: 'INSURED' },
    });
  });
});
