import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { toGlobalId } from 'graphql-relay';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { User } from '../../../entities';
import { createApp, type App } from '../../../server/app';
import { signLocalToken } from '../../../server/auth/token';
import { loadConfig, type Config } from '../../../server/config';
import { createDataSource, initializeDataSource } from '../../../server/db/data-source';
import { prepareDatabase } from '../../../server/db/database';
import { startPostgresProcess, type PostgresProcess } from '../../helpers/postgres-process';
import { freePort } from '../../../server/db/embedded';

const logger = pino({ level: 'silent' });

/** The database server itself stops and comes back, under a running API. */
describe('database stopped and restarted mid-run', () => {
  let dir: string;
  let port: number;
  let pg: PostgresProcess;
  let dataSource: DataSource;
  let app: App;
  let url: string;
  let config: Config;
  let token: string;

  const start = () => startPostgresProcess(path.join(dir, 'pg'), port, 'faults');
  const post = async (query: string, variables?: Record<string, unknown>) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return {
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
      body: (await res.json()) as { data?: any; errors?: any[] },
    };
  };
  const ready = async () => (await fetch(url.replace('/graphql', '/readyz'))).status;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'iza-faults-'));
    await chmod(dir, 0o755);
    port = await freePort();
    pg = await start();
    config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: pg.url });
    dataSource = createDataSource({ url: pg.url, poolSize: 5 });
    await initializeDataSource(dataSource);
    await prepareDatabase(dataSource, logger, { demoUsers: true });
    app = await createApp({ config, dataSource, logger });
    url = await app.listen(0, '127.0.0.1');
    const user = await dataSource.getRepository(User).findOneByOrFail({ email: 'pfn.admin@example.org' });
    if (config.auth.mode !== 'local') throw new Error('local auth expected');
    token = await signLocalToken(config.auth, user);
  }, 60_000);

  afterAll(async () => {
    await app.stop();
    await dataSource.destroy().catch(() => undefined);
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('turns unready and answers a retryable error while down, and recovers without a restart', async () => {
    const [party] = await dataSource.query(`SELECT id FROM party WHERE key = 'patientenfederatie'`);
    const partyId = toGlobalId('Party', party.id);
    const ADD = `mutation($input: AddMembershipInput!) { addMembership(input: $input) { id } }`;
    const add = (email: string) => post(ADD, { input: { partyId, email, role: 'VIEWER' } });

    expect(await ready()).toBe(200);
    // A burst of writes while the database goes away: each is either acknowledged (and kept) or refused.
    const emails = Array.from({ length: 30 }, (_, i) => `fault-${i}@example.org`);
    const inFlight = emails.map((email, i) => new Promise((r) => setTimeout(r, i * 5)).then(() => add(email)));
    await new Promise((r) => setTimeout(r, 40));
    await pg.stop();
    const results = await Promise.all(inFlight);

    expect(await ready()).toBe(503);
    const down = await post('{ sectors { key } }');
    expect(down.body.errors![0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true });
    expect(down.status).toBe(503);
    expect(Number(down.retryAfter)).toBeGreaterThan(0);
    const refused = await add('while-down@example.org');
    expect(refused.body.errors![0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    // A temporary outage, not a server bug: proxies and clients retry a 503 after Retry-After.
    expect(refused.status).toBe(503);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    // A download answers the outage the same way.
    const download = await fetch(url.replace('/graphql', '/exports/deliverables.csv'), {
      headers: { authorization: `Bearer ${token}` },
    });
    const downloadBody = (await download.json()) as { errors: { extensions: { code: string } }[] };
    expect([download.status, downloadBody.errors[0]!.extensions.code]).toEqual([503, 'SERVICE_UNAVAILABLE']);
    expect(Number(download.headers.get('retry-after'))).toBeGreaterThan(0);

    pg = await start();
    for (let i = 0; i < 50 && (await ready()) !== 200; i++) await new Promise((r) => setTimeout(r, 200));
    expect(await ready()).toBe(200);
    const up = await post('{ sectors { key } }');
    expect(up.body.data.sectors.length).toBeGreaterThan(0);

    const acknowledged = emails.filter((_, i) => results[i]!.body.data?.addMembership?.id);
    const failed = results.filter((r) => r.body.errors);
    for (const r of failed)
      expect(['SERVICE_UNAVAILABLE', 'INTERNAL_SERVER_ERROR']).toContain(r.body.errors![0].extensions.code);
    const stored: { email: string }[] = await dataSource.query(
      `SELECT u.email FROM membership m JOIN "user" u ON u.id = m.user_id WHERE u.email LIKE 'fault-%' OR u.email = 'while-down@example.org'`,
    );
    const storedEmails = new Set(stored.map((s) => s.email));
    for (const email of acknowledged) expect(storedEmails.has(email)).toBe(true);
    expect(storedEmails.has('while-down@example.org')).toBe(false);
    expect(acknowledged.length + failed.length).toBe(emails.length);

    const after = await add('after-restart@example.org');
    expect(after.body.errors).toBeUndefined();
  });
});
