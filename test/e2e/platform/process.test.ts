import { execFileSync, spawnSync } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { toGlobalId } from 'graphql-relay';
import { Client } from 'pg';
import { signLocalToken } from '../../../server/auth/token';
import { DEVELOPMENT_JWT_SECRET, loadConfig } from '../../../server/config';
import { createTestDatabase, type TestDatabase } from '../../helpers/database';
import { startServerProcess } from '../../helpers/process';

describe('start-up configuration errors', () => {
  it.each([
    ['PORT', { PORT: 'abc' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://localhost/iza' }],
    ['DATABASE_URL', { DATABASE_URL: 'not a url' }],
    ['NODE_ENV', { NODE_ENV: 'staging' }],
    ['DATABASE_POOL_SIZE', { DATABASE_POOL_SIZE: '0' }],
    ['AUTH_JWT_SECRET', { NODE_ENV: 'production', AUTH_JWT_SECRET: DEVELOPMENT_JWT_SECRET }],
  ])('stops with one line naming %s', async (variable, env) => {
    const server = startServerProcess(env);
    const code = await server.exited();
    const { stderr, stdout } = server.output();
    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(variable);
  });

  it('stops with one clear line when the database is unreachable', async () => {
    const server = startServerProcess({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/iza' });
    const code = await server.exited();
    const lines = server.output().stderr.trim().split('\n');
    expect(code).toBe(1);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Cannot reach the database at 127\.0\.0\.1:1\/iza/);
    expect(lines[0]).not.toContain('nobody');
  });
});

describe('embedded PostgreSQL in a folder only root may enter (tests run as root here and in CI)', () => {
  let closed: string;
  beforeAll(async () => {
    closed = await mkdtemp(path.join(os.tmpdir(), 'iza-closed-'));
    await chmod(closed, 0o700);
  });
  afterAll(() => rm(closed, { recursive: true, force: true }));

  it('stops with one line that names the folder and the fix, and no stack', async () => {
    const server = startServerProcess({ EMBEDDED_PG_DIR: path.join(closed, 'pg') });
    const code = await server.exited(60_000);
    const { stdout, stderr } = server.output();
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`user "postgres", which cannot enter ${closed} (mode 700)`);
    expect(lines[0]).toContain(`chmod o+x ${closed}`);
  });
});

describe('graceful shutdown', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('finishes an in-flight request on SIGTERM, refuses new ones, and exits 0', async () => {
    const server = startServerProcess({ DATABASE_URL: db.url, SEED_ON_START: 'false' });
    const url = await server.ready();
    // Hold a lock so the next parties query waits in the database: a request in flight.
    const blocker = new Client({ connectionString: db.url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE party IN ACCESS EXCLUSIVE MODE');
    const inFlight = fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ parties(first: 1) { totalCount } }' }),
    });
    await new Promise((r) => setTimeout(r, 300));
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    await expect(fetch(`${url.replace('/graphql', '')}/healthz`)).rejects.toThrow();
    await blocker.query('COMMIT');
    await blocker.end();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect((await response.json()).data.parties.totalCount).toBeGreaterThan(0);
    expect(await server.exited()).toBe(0);
  });
});

describe('embedded PostgreSQL (the zero-configuration default)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'iza-embedded-'));
    await chmod(dir, 0o755);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const query = async (url: string) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ parties(first: 1) { totalCount } }' }),
    });
    return (await res.json()).data.parties.totalCount as number;
  };

  // Its own timeout: two starts of up to 60 s each on a busy machine (initialising PostgreSQL, seeding).
  it('starts, seeds once, stops its database on SIGTERM and reuses the data on the next start', async () => {
    const env = { EMBEDDED_PG_DIR: path.join(dir, 'pg'), LOG_LEVEL: 'info' };
    const first = startServerProcess(env);
    const url = await first.ready(60_000);
    expect(await query(url)).toBeGreaterThan(80);
    first.child.kill('SIGTERM');
    expect(await first.exited()).toBe(0);
    expect(first.output().stdout).toContain('"msg":"seed data loaded"');
    const running = execFileSync('ps', ['-eo', 'args']).toString();
    expect(running).not.toContain(path.join(dir, 'pg'));

    const second = startServerProcess(env);
    const url2 = await second.ready(60_000);
    expect(await query(url2)).toBeGreaterThan(80);
    second.child.kill('SIGTERM');
    expect(await second.exited()).toBe(0);
    expect(second.output().stdout).not.toContain('initialising embedded PostgreSQL');
    expect(second.output().stdout).not.toContain('"msg":"seed data loaded"');
    // Its own shutdown closing the pool is not a lost connection (it used to be logged as one, now and then).
    for (const run of [first, second]) expect(run.output().stdout).not.toContain('database connection lost');
  }, 150_000);
});

describe('npm run token', () => {
  const TOKEN_CLI = path.join(__dirname, '..', '..', '..', 'dist', 'server', 'auth', 'token-cli.js');
  const run = (env: Record<string, string>, args: string[]) =>
    spawnSync(process.execPath, [TOKEN_CLI, ...args], {
      env: { PATH: process.env.PATH ?? '', DOTENV_CONFIG_PATH: '/nonexistent/.env', ...env },
      encoding: 'utf8',
    });
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('prints a token for a seeded user', () => {
    const result = run({ DATABASE_URL: db.url }, ['fms.editor@example.org']);
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('refuses to run in production', () => {
    const result = run({ DATABASE_URL: db.url, NODE_ENV: 'production', AUTH_JWT_SECRET: 'x'.repeat(40) }, [
      'fms.editor@example.org',
    ]);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/development only/);
  });

  it('says so when the user does not exist', () => {
    const result = run({ DATABASE_URL: db.url }, ['nobody@example.org']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/No user/);
  });
});

describe('SIGTERM under load', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('loses no acknowledged mutation', async () => {
    const server = startServerProcess({ DATABASE_URL: db.url, SEED_ON_START: 'false', LOG_LEVEL: 'silent' });
    const url = await server.ready();
    const client = new Client({ connectionString: db.url });
    await client.connect();
    const [{ id: userId }] = (await client.query(`SELECT id FROM "user" WHERE email = 'pfn.admin@example.org'`)).rows;
    const [{ id: partyId }] = (await client.query(`SELECT id FROM party WHERE key = 'patientenfederatie'`)).rows;
    const auth = loadConfig({}).auth;
    if (auth.mode !== 'local') throw new Error('local auth expected');
    const token = await signLocalToken(auth, { id: userId, email: 'pfn.admin@example.org' });
    const emails = Array.from({ length: 60 }, (_, i) => `sigterm-${i}@example.org`);
    const send = (email: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          query: 'mutation($input: AddMembershipInput!) { addMembership(input: $input) { id } }',
          variables: { input: { partyId: toGlobalId('Party', partyId), email, role: 'VIEWER' } },
        }),
      }).then(
        async (res) =>
          ((await res.json()) as { data?: { addMembership?: { id: string } } }).data?.addMembership?.id !== undefined,
        () => false,
      );
    // SIGTERM goes out when the first answer arrives, not after a fixed delay: on a loaded CI machine a
    // fixed 60 ms could pass before any request reached the server, leaving nothing acknowledged to check.
    let firstAck!: () => void;
    const acknowledged = new Promise<void>((r) => (firstAck = r));
    const results = emails.map((email, i) =>
      new Promise((r) => setTimeout(r, i * 3))
        .then(() => send(email))
        .then((ok) => {
          if (ok) firstAck();
          return ok;
        }),
    );
    await Promise.race([acknowledged, Promise.all(results)]);
    server.child.kill('SIGTERM');
    const outcome = await Promise.all(results);
    expect(await server.exited()).toBe(0);
    const stored = new Set(
      (
        await client.query(
          `SELECT email FROM "user" u JOIN membership m ON m.user_id = u.id WHERE email LIKE 'sigterm-%'`,
        )
      ).rows.map((r: { email: string }) => r.email),
    );
    await client.end();
    const acked = emails.filter((_, i) => outcome[i]);
    expect(acked.length).toBeGreaterThan(0);
    for (const email of acked) expect(stored.has(email)).toBe(true);
  });
});
