import { toGlobalId } from 'graphql-relay';
import type { QueryRunner } from 'typeorm';
import { createTestApp, type TestApp } from '../../helpers/app';

/** Takes every pooled connection of the API for `ms`, the way a burst of slow statements would. */
async function occupyPool(app: TestApp, ms: number): Promise<() => Promise<void>> {
  const size = (app.dataSource.driver as unknown as { master: { options: { max: number } } }).master.options.max;
  const runners: QueryRunner[] = [];
  for (let i = 0; i < size; i++) {
    const runner = app.dataSource.createQueryRunner();
    await runner.connect();
    runners.push(runner);
  }
  const sleeping = runners.map((runner) => runner.query('SELECT pg_sleep($1)', [ms / 1000]));
  return async () => {
    await Promise.all(sleeping);
    await Promise.all(runners.map((runner) => runner.release()));
  };
}

describe('/readyz with a database that does not answer', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers 503 after its own timeout instead of waiting for the database', async () => {
    // The probe gives up after 800 ms; without that it would wait for a connection until the pool's own
    // checkout timeout (about 3 s, measured). The bound leaves room for a loaded CI machine (1 258 ms was
    // measured there) and still tells the two apart.
    const release = await occupyPool(app, 4_000);
    try {
      const started = performance.now();
      const response = await fetch(`${app.baseUrl}/readyz`);
      const elapsed = performance.now() - started;
      expect(response.status).toBe(503);
      expect(elapsed).toBeLessThan(2_000);
    } finally {
      await release();
    }
    expect((await fetch(`${app.baseUrl}/readyz`)).status).toBe(200);
  });
});

describe('data change listener under pool exhaustion', () => {
  let app: TestApp;

  beforeAll(async () => {
    // 400 ms: a loaded CI machine once took over 200 ms to hear a heartbeat back with the pool free, which
    // counts the listener lost however it sends them (a CI run of 06292fa failed so).
    app = await createTestApp({ RESPONSE_CACHE: 'true', RESPONSE_CACHE_HEARTBEAT_MS: '400' });
  });

  afterAll(async () => {
    await app.close();
  });

  it('keeps hearing its heartbeats while every pooled connection is busy, so cached answers stay valid', async () => {
    const [row] = await app.dataSource.query(`SELECT id FROM party WHERE key = 'nhg'`);
    const query = `query($id: ID!) { party(id: $id) { shortName } }`;
    const variables = { id: toGlobalId('Party', row.id) };
    const read = () => app.gql(query, variables);
    await read();
    expect((await read()).headers.has('age')).toBe(true);

    // Five heartbeats long: a listener that sends them through the pool counts itself lost and starts a new epoch.
    const release = await occupyPool(app, 2_000);
    await release();

    const after = await read();
    expect(after.data!.party.shortName).toBe('NHG');
    expect(after.headers.has('age')).toBe(true);
  });
});
