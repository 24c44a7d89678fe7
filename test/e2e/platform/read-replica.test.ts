import pino from 'pino';
import { toGlobalId } from 'graphql-relay';
import { createApp, type App } from '../../../server/app';
import { signLocalToken } from '../../../server/auth/token';
import { loadConfig } from '../../../server/config';
import { createDataSource, initializeDataSource, type ReplicationMode } from '../../../server/db/data-source';
import { buildAppSchema } from '../../../schema/build-schema';
import { createTestDatabase, type TestDatabase } from '../../helpers/database';
import type { DataSource } from 'typeorm';

// DATABASE_REPLICA_URL: the replica here is the same database (a copy would be identical), so the test
// proves the routing — which pool each statement went to — not replication itself.
let database: TestDatabase;
let dataSource: DataSource;
let app: App;
let url: string;
let recording: { sql: string; mode: ReplicationMode }[] = [];
const config = () =>
  loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: database.url, DATABASE_REPLICA_URL: database.url });

beforeAll(async () => {
  database = await createTestDatabase();
  dataSource = createDataSource({
    url: database.url,
    replicaUrl: database.url,
    poolSize: 3,
    onQuery: (sql, mode) => recording.push({ sql, mode }),
  });
  await initializeDataSource(dataSource);
  app = await createApp({
    config: config(),
    dataSource,
    logger: pino({ level: 'silent' }),
    schema: await buildAppSchema(),
  });
  url = await app.listen(0, '127.0.0.1');
});

afterAll(async () => {
  await app.stop();
  await dataSource.destroy();
  await database.drop();
});

async function modesOf(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  recording = [];
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return { data: body.data!, modes: new Set(recording.map((r) => r.mode)), statements: recording.length };
}

/** Until no statement has been sent for 300 ms. */
async function quiet() {
  for (let seen = -1; seen !== recording.length;) {
    seen = recording.length;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

async function bearer(email: string) {
  const [user] = await dataSource.query('SELECT id, email FROM "user" WHERE email = $1', [email]);
  const auth = config().auth;
  if (auth.mode !== 'local') throw new Error('needs AUTH_MODE=local');
  return { authorization: `Bearer ${await signLocalToken(auth, user)}` };
}

describe('read replica (DATABASE_REPLICA_URL)', () => {
  it.each([
    ['entity reads through loaders', '{ sectors { key } parties(first: 3) { nodes { shortName sectors { key } } } }'],
    ['raw SQL reads (computed conflicts)', '{ synergyConflicts(first: 2) { totalCount nodes { key } } }'],
  ])('sends every statement of a query to the replica: %s', async (_name, query) => {
    const { modes, statements } = await modesOf(query);
    expect(statements).toBeGreaterThan(0);
    expect([...modes]).toEqual(['slave']);
  });

  it("sends a mutation and every read of its request (the payload's nested fields) to the primary", async () => {
    const [fms] = await dataSource.query(`SELECT id, version FROM party WHERE key = 'fms'`);
    const { data, modes, statements } = await modesOf(
      `mutation($input: UpdatePartyInput!) { updateParty(input: $input) { version description sectors { key } } }`,
      { input: { id: toGlobalId('Party', fms.id), version: fms.version, description: 'via the primary' } },
      await bearer('fms.editor@example.org'),
    );
    expect(data.updateParty).toMatchObject({ version: fms.version + 1, description: 'via the primary' });
    expect(statements).toBeGreaterThan(2);
    // Signing in reads user and memberships from the primary too: a revoked role must stop working at once.
    expect(recording.some((r) => /FROM "user"/i.test(r.sql))).toBe(true);
    expect(new Set(recording.map((r) => r.mode))).toEqual(new Set(['master']));
    expect(modes.has('master')).toBe(true);
    // A query right after the write reads it back (here the replica is the same database, without lag). The
    // write's background work (cache notices, events, webhook planning) uses the primary: wait until it is done,
    // or its statements fall into the next request's recording.
    await quiet();
    const after = await modesOf(`query($id: ID!) { party(id: $id) { description } }`, {
      id: toGlobalId('Party', fms.id),
    });
    expect(after.data.party.description).toBe('via the primary');
    expect([...after.modes]).toEqual(['slave']);
  });

  it('reads who a signed-in viewer is and what they may do from the primary, the rest of a query from the replica', async () => {
    // A draft read asks the grants (policy.ts): a withdrawn grant must stop working at once, as a role does.
    const { modes } = await modesOf(
      '{ me { user { email } } packageAssessments(first: 5) { nodes { id } } }',
      {},
      await bearer('zin.editor@example.org'),
    );
    const modeOf = (pattern: RegExp) => [...new Set(recording.filter((r) => pattern.test(r.sql)).map((r) => r.mode))];
    expect(modeOf(/FROM "user"/i)).toEqual(['master']);
    expect(modeOf(/FROM capability_grant/i)).toEqual(['master']);
    expect(modeOf(/FROM "package_assessment"|FROM package_assessment/i)).toEqual(['slave']);
    expect(modes.has('slave')).toBe(true);
  });

  it('uses the primary outside a request (migrations, seeding, jobs)', async () => {
    recording = [];
    await dataSource.query('SELECT 1');
    await dataSource.getRepository('Sector').find({ take: 1 });
    expect(recording.map((r) => r.mode)).toEqual(['master', 'master']);
  });
});
