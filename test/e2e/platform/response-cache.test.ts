import net from 'node:net';
import { toGlobalId } from 'graphql-relay';
import { Pool } from 'pg';
import pino from 'pino';
import { buildAppSchema } from '../../../schema/build-schema';
import { createApp } from '../../../server/app';
import { DataChangeListener, HEARTBEAT_CHANNEL } from '../../../server/cache/data-changes';
import { loadConfig } from '../../../server/config';
import { createDataSource, initializeDataSource } from '../../../server/db/data-source';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { createTestDatabase } from '../../helpers/database';

/**
 * The response cache (server/cache): repeated queries cost no SQL, and no answer outlives a change —
 * through this API, or written straight into the database by anyone else.
 */
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ RESPONSE_CACHE: 'true' });
});
afterAll(() => app.close());

const PARTY = `query($id: ID!) { party(id: $id) { shortName description } }`;

async function partyId(key: string): Promise<string> {
  const [row] = await app.dataSource.query('SELECT id FROM party WHERE key = $1', [key]);
  return toGlobalId('Party', row.id);
}

/** Polls until `check` passes (changes made outside the API arrive as notifications). */
async function eventually(check: () => Promise<void>, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

describe('response cache', () => {
  it('answers a repeated anonymous query without SQL, with the same data', async () => {
    const id = await partyId('nhg');
    const first = await app.countQueries(() => app.gql(PARTY, { id }));
    const second = await app.countQueries(() => app.gql(PARTY, { id }));
    expect(first.count).toBeGreaterThan(0);
    expect(second.count).toBe(0);
    expect(second.result.data).toEqual(first.result.data);
    expect(second.result.headers.get('age')).not.toBeNull();
    // Other variables are another answer.
    const fms = await partyId('fms');
    const other = await app.countQueries(() => app.gql(PARTY, { id: fms }));
    expect(other.count).toBeGreaterThan(0);
  });

  it('answers from the cache with exactly the bytes of the computed answer', async () => {
    // Characters JSON escapes or that fall outside Latin-1, stored where the answer reads them.
    await app.dataSource.query(`UPDATE party SET description = $1 WHERE key = 'nhg'`, [
      'Zorg \u201cdichtbij\u201d: Cura\u00e7ao, \u0394, "quotes", back\\slash, tab\tand \u2028 line',
    ]);
    const id = await partyId('nhg');
    const signedIn = await asUser(app, 'nhg.editor@example.org');
    // Written outside the API: wait until the change has been heard, so no key moves during the test.
    await eventually(async () => {
      expect((await app.gql(PARTY, { id })).data!.party.description).toContain('Cura\u00e7ao');
    });
    const send = async (headers: Record<string, string> = {}) => {
      const res = await fetch(app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({
          query: `query($id: ID!) { party(id: $id) { description shortName } sectors { key } }`,
          variables: { id },
        }),
      });
      return {
        status: res.status,
        text: await res.text(),
        age: res.headers.get('age'),
        type: res.headers.get('content-type'),
      };
    };
    const cases: Record<string, string>[] = [{}, signedIn];
    for (const headers of cases) {
      // Three at once: one computes, the others share its answer; then one from the cache.
      const computed = await Promise.all([send(headers), send(headers), send(headers)]);
      const cached = await send(headers);
      expect(cached.age).not.toBeNull();
      expect(JSON.parse(cached.text).data.party.description).toContain('Cura\u00e7ao');
      for (const answer of [...computed, cached]) {
        expect(answer.status).toBe(200);
        expect(answer.type).toBe(computed[0]!.type);
        expect(answer.text).toBe(computed[0]!.text);
      }
      expect(computed[0]!.text).toBe(`${JSON.stringify(JSON.parse(computed[0]!.text))}\n`);
    }
  });

  it('shows a change made through the API at once, to everyone', async () => {
    const id = await partyId('patientenfederatie');
    await app.gql(PARTY, { id });
    const headers = await asUser(app, 'pfn.admin@example.org');
    const current = await app.gql(`query($id: ID!) { party(id: $id) { version } }`, { id }, headers);
    const changed = await app.gql(
      `mutation($input: UpdatePartyInput!) { updateParty(input: $input) { description } }`,
      { input: { id, version: current.data!.party.version, description: 'Gewijzigd via de API' } },
      headers,
    );
    expect(changed.errors).toBeUndefined();
    const after = await app.gql(PARTY, { id });
    expect(after.data!.party.description).toBe('Gewijzigd via de API');
  });

  it('shows a change written straight into the database (another instance, psql) once it commits', async () => {
    const id = await partyId('zn');
    const before = await app.gql(PARTY, { id });
    await app.dataSource.query(`UPDATE party SET description = 'Gewijzigd buiten de API' WHERE key = 'zn'`);
    await eventually(async () => {
      const after = await app.gql(PARTY, { id });
      expect(after.data!.party.description).toBe('Gewijzigd buiten de API');
    });
    expect(before.data!.party.description).not.toBe('Gewijzigd buiten de API');
  });

  it('keeps a signed-in user’s answers apart from anonymous ones (drafts stay hidden)', async () => {
    const editor = await asUser(app, 'fms.editor@example.org');
    const created = await app.gql(
      `mutation($input: CreateGuidelineInput!) { createGuideline(input: $input) { id status } }`,
      { input: { title: 'Conceptrichtlijn cache', ownerPartyIds: [await partyId('fms')] } },
      editor,
    );
    expect(created.data!.createGuideline.status).toBe('IN_DEVELOPMENT');
    const query = `query($id: ID!) { guideline(id: $id) { title } }`;
    const id = created.data!.createGuideline.id;
    // Each side asks twice, the second time from the cache: neither sees the other's answer.
    for (let round = 0; round < 2; round++) {
      expect((await app.gql(query, { id }, editor)).data!.guideline?.title).toBe('Conceptrichtlijn cache');
      expect((await app.gql(query, { id })).data!.guideline).toBeNull();
      const viewer = await asUser(app, 'zin.viewer@example.org');
      expect((await app.gql(query, { id }, viewer)).data!.guideline).toBeNull();
    }
  });

  it('keeps duplicate searches by question, not those on text being typed', async () => {
    const SIMILAR = `query($input: SimilarQuestionsInput!) { similarQuestions(input: $input) { score question { id } } }`;
    const [row] = await app.dataSource.query(`SELECT id FROM knowledge_question ORDER BY key LIMIT 1`);
    const byQuestion = { input: { questionId: toGlobalId('KnowledgeQuestion', row.id) } };
    await app.gql(SIMILAR, byQuestion);
    const again = await app.countQueries(() => app.gql(SIMILAR, byQuestion));
    expect(again.count).toBe(0);
    expect(again.result.headers.get('age')).not.toBeNull();
    const typed = { input: { text: 'stoppen met controles bij Barrett' } };
    const first = await app.gql(SIMILAR, typed);
    const second = await app.countQueries(() => app.gql(SIMILAR, typed));
    expect(second.result.data).toEqual(first.data);
    expect(second.count).toBeGreaterThan(0);
    expect(second.result.headers.get('age')).toBeNull();
  });

  it('never keeps an answer with errors', async () => {
    const query = `{ auditEvents(first: 1) { totalCount } }`;
    const first = await app.countQueries(() => app.gql(query));
    const second = await app.countQueries(() => app.gql(query));
    expect(first.result.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect(second.result.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect(second.result.headers.get('age')).toBeNull();
  });

  it('trusts nothing while the change listener is disconnected, and resumes after', async () => {
    const id = await partyId('vws');
    await app.gql(PARTY, { id });
    await app.dataSource.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = 'iza-platform-listener' AND datname = current_database()`,
    );
    // A change nobody listened to: the next answers come from the database.
    await app.dataSource.query(`UPDATE party SET description = 'Gewijzigd zonder luisteraar' WHERE key = 'vws'`);
    await eventually(async () => {
      const res = await app.gql(PARTY, { id });
      expect(res.data!.party.description).toBe('Gewijzigd zonder luisteraar');
    });
    // Listening again (reconnects after about a second), repeated answers are cached again.
    await eventually(async () => {
      await app.gql(PARTY, { id });
      const again = await app.countQueries(() => app.gql(PARTY, { id }));
      expect(again.count).toBe(0);
    }, 5_000);
  });
});

describe('deadlines that pass by the clock (server/cache/clock-changes.ts)', () => {
  it('wake nothing once the server has stopped', async () => {
    const lines: { level: number; msg: string }[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const stopped = await createTestApp({ RESPONSE_CACHE: 'true' }, { logger });
    const zin = await asUser(stopped, 'zin.editor@example.org');
    const [agenda] = await stopped.dataSource.query(`SELECT id FROM research_agenda ORDER BY key LIMIT 1`);
    const closesAt = Date.now() + 1_000;
    const opened = await stopped.gql(
      `mutation($input: OpenTopicCallInput!) { openTopicCall(input: $input) { id } }`,
      {
        input: {
          agendaId: toGlobalId('ResearchAgenda', agenda.id),
          title: 'Uitvraag die sluit na het stoppen',
          closesAt: new Date(closesAt).toISOString(),
        },
      },
      zin,
    );
    expect(opened.errors).toBeUndefined();
    // Stopped with the call's deadline ahead, its pool closed and its database gone: a timer left behind
    // would read the next deadlines from a closed pool, and say so.
    await stopped.close();
    await new Promise((resolve) => setTimeout(resolve, closesAt - Date.now() + 1_500));
    expect(lines.filter((line) => line.level >= 40)).toEqual([]);
  });
});

describe('without the response cache', () => {
  let uncached: TestApp;
  beforeAll(async () => {
    uncached = await createTestApp({ RESPONSE_CACHE: 'false' });
  });
  afterAll(() => uncached.close());

  it('reads the database for every request', async () => {
    const [row] = await uncached.dataSource.query(`SELECT id FROM party WHERE key = 'nhg'`);
    const id = toGlobalId('Party', row.id);
    await uncached.gql(PARTY, { id });
    const second = await uncached.countQueries(() => uncached.gql(PARTY, { id }));
    expect(second.count).toBeGreaterThan(0);
  });
});

describe('data change notifications', () => {
  it('are sent by every table', async () => {
    const missing: { table: string }[] = await app.dataSource.query(
      `SELECT t.tablename AS "table" FROM pg_tables t
        WHERE t.schemaname = current_schema()
          AND NOT EXISTS (SELECT 1 FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
                           WHERE c.relname = t.tablename AND g.tgname = 'iza_data_change')`,
    );
    expect(missing).toEqual([]);
  });
});

describe('writers waiting until their changes are heard', () => {
  /** A listener on the test database whose heartbeat sends can be held, counting the tokens sent. */
  async function heldListener() {
    const pool = new Pool({ connectionString: app.database.url, max: 1 });
    const sent: string[] = [];
    const held: (() => void)[] = [];
    let holding = true;
    const listener = new DataChangeListener({
      url: app.database.url,
      logger: pino({ level: 'silent' }),
      heartbeatMs: 5_000,
      sendHeartbeat: async (token) => {
        sent.push(token);
        if (holding) await new Promise<void>((resolve) => held.push(resolve));
        return pool.query('SELECT pg_notify($1, $2)', [HEARTBEAT_CHANNEL, token]);
      },
    });
    await listener.start();
    return {
      listener,
      sent: () => sent.filter((token) => token.includes(':sync:')),
      /** Resolves once `count` sends are being held. */
      holding: (count: number) =>
        eventually(async () => {
          expect(held.length).toBeGreaterThanOrEqual(count);
        }),
      /** Lets the sends held so far go out; later ones wait again while `keepHolding`. */
      release: (keepHolding: boolean) => {
        holding = keepHolding;
        for (const go of held.splice(0)) go();
      },
      close: async () => {
        await listener.stop();
        await pool.end();
      },
    };
  }

  it('share one token among the writers that commit while another is on its way', async () => {
    const held = await heldListener();
    try {
      const epoch = held.listener.epoch;
      const first = held.listener.caughtUp();
      await held.holding(1);
      const others = Array.from({ length: 9 }, () => held.listener.caughtUp());
      held.release(false);
      await Promise.all([first, ...others]);
      // The first writer's token, then one for the nine that came while it was held.
      expect(held.sent()).toHaveLength(2);
      expect(held.listener.epoch).toBe(epoch);
    } finally {
      await held.close();
    }
  });

  it('never take a token sent before they asked as proof of their own commit', async () => {
    const held = await heldListener();
    try {
      const states = { first: 'waiting', second: 'waiting' };
      const first = held.listener.caughtUp().then(() => (states.first = 'heard'));
      await held.holding(1);
      // The first token is already on its way (held): the second writer may have committed after it left.
      const second = held.listener.caughtUp().then(() => (states.second = 'heard'));
      held.release(true);
      await first;
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(states).toEqual({ first: 'heard', second: 'waiting' });
      expect(held.sent()).toHaveLength(2);
      held.release(false);
      await second;
      expect(states.second).toBe('heard');
    } finally {
      await held.close();
    }
  });
});

describe('a listener that stops hearing without a sound', () => {
  /** A TCP proxy that can go silent without closing: a dropped NAT entry, a host gone in a failover. */
  function silentProxy(target: URL) {
    let silent = false;
    const sockets: net.Socket[] = [];
    const server = net.createServer((client) => {
      const upstream = net.connect(Number(target.port || 5432), target.hostname);
      sockets.push(client, upstream);
      client.on('data', (data) => silent || upstream.write(data));
      upstream.on('data', (data) => silent || client.write(data));
      client.on('error', () => undefined);
      upstream.on('error', () => undefined);
    });
    return {
      listen: () =>
        new Promise<number>((resolve) =>
          server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)),
        ),
      goSilent: () => (silent = true),
      close: () => {
        for (const socket of sockets) socket.destroy();
        server.close();
      },
    };
  }

  it('notices within two heartbeats and stops answering from the cache', async () => {
    const database = await createTestDatabase();
    const proxy = silentProxy(new URL(database.url));
    const listenUrl = new URL(database.url);
    listenUrl.hostname = '127.0.0.1';
    listenUrl.port = String(await proxy.listen());
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      RESPONSE_CACHE: 'true',
      RESPONSE_CACHE_HEARTBEAT_MS: '200',
      DATABASE_URL: database.url,
      DATABASE_LISTEN_URL: listenUrl.toString(),
    });
    const dataSource = createDataSource({ url: database.url, poolSize: 3 });
    await initializeDataSource(dataSource);
    const app = await createApp({
      config,
      dataSource,
      logger: pino({ level: 'silent' }),
      schema: await buildAppSchema(),
    });
    const url = await app.listen(0, '127.0.0.1');
    const description = async () => {
      const [row] = await dataSource.query(`SELECT id FROM party WHERE key = 'nhg'`);
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: PARTY, variables: { id: toGlobalId('Party', row.id) } }),
      });
      return { description: ((await res.json()) as any).data.party.description, cached: res.headers.has('age') };
    };
    try {
      await description();
      // Heartbeats come and go without invalidating anything.
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(await description()).toMatchObject({ cached: true });
      proxy.goSilent();
      await dataSource.query(`UPDATE party SET description = 'Gewijzigd terwijl niemand het hoorde' WHERE key = 'nhg'`);
      await eventually(async () => {
        expect(await description()).toEqual({ description: 'Gewijzigd terwijl niemand het hoorde', cached: false });
      }, 2_000);
    } finally {
      await app.stop();
      await dataSource.destroy();
      proxy.close();
      await database.drop();
    }
  });
});
