import type { EventEmitter } from 'node:events';
import { createTestApp, type TestApp } from '../../helpers/app';

/** The pool TypeORM checks connections out of; pg-pool announces each checkout and return. */
function poolOf(app: TestApp): EventEmitter & { totalCount: number; idleCount: number; options: { max: number } } {
  return (app.dataSource.driver as unknown as { master: never }).master;
}

/** The most connections checked out at once while `fn` runs. */
async function peakCheckouts<R>(app: TestApp, fn: () => Promise<R>): Promise<{ result: R; peak: number }> {
  const pool = poolOf(app);
  let out = 0;
  let peak = 0;
  const acquire = () => (peak = Math.max(peak, ++out));
  const release = () => (out -= 1);
  pool.on('acquire', acquire);
  pool.on('release', release);
  try {
    return { result: await fn(), peak };
  } finally {
    pool.off('acquire', acquire);
    pool.off('release', release);
  }
}

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100 && !(await condition()); i++) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** Aliases of a root field that each read the database, all resolved in parallel by graphql-js. */
function overviews(count: number): string {
  const days = Array.from({ length: count }, (_, i) => `2026-0${1 + (i % 9)}-${10 + i}`);
  const fields = days.map(
    (day, i) =>
      `o${i}: synergyOverview(asOf: "${day}") { counts { confirmedLinks disputedLinks } trajectories { counts { confirmedLinks } } }`,
  );
  return `{ ${fields.join(' ')} }`;
}

describe('per-request database budget', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await createTestApp({ DB_REQUEST_CONNECTIONS: '2' });
  });

  afterAll(async () => {
    await app.close();
  });

  it('holds a download to the same budget as a GraphQL request', async () => {
    const { result, peak } = await peakCheckouts(app, async () => {
      const response = await fetch(`${app.baseUrl}/exports/deliverables.csv`);
      return { status: response.status, body: await response.text() };
    });
    expect(result.status).toBe(200);
    expect(result.body.split('\n').length).toBeGreaterThan(10);
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(2);
  });

  it('serializes a request that would hold more connections than its budget', async () => {
    const { result, peak } = await peakCheckouts(app, () => app.gql(overviews(3)));
    expect(result.errors).toBeUndefined();
    expect(Object.keys(result.data!)).toHaveLength(3);
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(2);
  });

  it.each([
    ['one request', 1],
    ['many clients’ requests', 4],
  ])(
    "leaves part of the pool to another client's simple query while %s of many aliases is stuck",
    async (_label, count) => {
      // Every synergy table locked: each statement of the overviews waits, holding its connection, until the lock goes.
      const locker = app.dataSource.createQueryRunner();
      await locker.connect();
      await locker.startTransaction();
      const tables: { tablename: string }[] = await locker.query(
        `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'synergy%'`,
      );
      expect(tables.length).toBeGreaterThan(0);
      await locker.query(`LOCK TABLE ${tables.map((t) => `"${t.tablename}"`).join(', ')} IN ACCESS EXCLUSIVE MODE`);
      const heavy = Array.from({ length: count }, () => app.gql(overviews(3)));
      try {
        await waitFor(async () => {
          const [row] = await app.dataSource.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`,
          );
          return row.n >= 2;
        });
        const simple = await app.gql('{ sectors { key } }');
        expect(simple.errors).toBeUndefined();
        expect(simple.data!.sectors.length).toBeGreaterThan(0);
      } finally {
        await locker.commitTransaction();
        await locker.release();
      }
      for (const done of await Promise.all(heavy)) expect(done.errors).toBeUndefined();
    },
  );
});

describe('per-request database time', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await createTestApp({ DB_REQUEST_CONNECTIONS: '1', DB_REQUEST_TIME_BUDGET_MS: '1' });
  });

  afterAll(async () => {
    await app.close();
  });

  it('stops a request that used up its database time with a stable code', async () => {
    const response = await app.gql(overviews(3));
    expect(response.status).toBe(200);
    const codes = new Set(response.errors!.map((error) => error.extensions!.code));
    expect(codes).toEqual(new Set(['DATABASE_BUDGET_EXCEEDED']));
    expect(response.errors![0].message).toMatch(/database time/);
  });

  it('stops a download that used up its database time the same way, as a client error', async () => {
    const response = await fetch(`${app.baseUrl}/exports/deliverables.csv`);
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect([response.status, body.errors[0]!.extensions.code]).toEqual([422, 'DATABASE_BUDGET_EXCEEDED']);
    expect(body.errors[0]!.message).toMatch(/database time/);
  });

  it('gives every request a budget of its own', async () => {
    const first = await app.gql('{ sectors { key } }');
    const second = await app.gql('{ sectors { key } }');
    expect(first.data!.sectors.length).toBeGreaterThan(0);
    expect(second.data!.sectors.length).toBeGreaterThan(0);
  });
});
