import { adminQuery } from '../../helpers/database';
import { createTestApp, type TestApp } from '../../helpers/app';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const SECTORS = '{ sectors { key } }';

describe('GraphQL over HTTP', () => {
  it('answers a GET query when the client sends the CSRF preflight header', async () => {
    const res = await fetch(`${app.url}?query=${encodeURIComponent(SECTORS)}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.data.sectors.length).toBeGreaterThan(0);
  });

  it('refuses a GET without a preflight header (CSRF prevention)', async () => {
    const res = await fetch(`${app.url}?query=${encodeURIComponent(SECTORS)}`);
    expect(res.status).toBe(400);
  });

  it('refuses a simple text/plain POST (CSRF prevention)', async () => {
    const res = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: SECTORS }),
    });
    expect(res.status).toBe(400);
  });

  it('speaks application/graphql-response+json when asked, with 400 for invalid documents', async () => {
    const ok = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: SECTORS }),
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toContain('application/graphql-response+json');
    const bad = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: '{ sectors { nope } }' }),
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('answers a syntax error with GRAPHQL_PARSE_FAILED', async () => {
    const res = await app.gql('{ sectors { key ');
    expect(res.status).toBe(400);
    expect(res.errors![0]!.extensions!.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('answers malformed JSON with a JSON error, not a stack trace', async () => {
    const res = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(JSON.parse(text).errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(text).not.toMatch(/at .*\.js|node_modules/);
  });

  it('refuses a body over the size limit with 413', async () => {
    const res = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: SECTORS, variables: { padding: 'x'.repeat(200_000) } }),
    });
    expect(res.status).toBe(413);
    expect((await res.json()).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('does not suggest field names in validation errors', async () => {
    const res = await app.gql('{ sectors { nameN } }');
    expect(res.errors![0]!.message).not.toMatch(/Did you mean/);
  });
});

describe('request ids', () => {
  it('returns a generated request id on every response', async () => {
    const res = await app.gql(SECTORS);
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers with its own request id whatever the client sends', async () => {
    const sent = await app.gql(SECTORS, undefined, { 'x-request-id': 'portal-42.abc' });
    expect(sent.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const malformed = await app.gql(SECTORS, undefined, { 'x-request-id': 'bad id with spaces' });
    expect(malformed.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(malformed.headers.get('x-request-id')).not.toBe(sent.headers.get('x-request-id'));
  });
});

describe('benchmark headers', () => {
  it('are not sent by default: no statement counts or server timings leave a deployed server', async () => {
    const res = await app.gql(SECTORS);
    expect(res.data?.sectors.length).toBeGreaterThan(0);
    expect(res.headers.get('x-sql-statements')).toBeNull();
    expect(res.headers.get('x-sql-statements-total')).toBeNull();
    expect(res.headers.get('server-timing')).toBeNull();
  });

  it('report statement counts and the time inside the API with BENCH_COUNT_SQL=true', async () => {
    const bench = await createTestApp({ BENCH_COUNT_SQL: 'true' });
    try {
      const res = await bench.gql(SECTORS);
      expect(res.data?.sectors.length).toBeGreaterThan(0);
      expect(res.headers.get('x-sql-statements')).toMatch(/^\d+$/);
      expect(res.headers.get('x-sql-statements-total')).toMatch(/^\d+$/);
      const timing = /^app;dur=(\d+\.\d)$/.exec(res.headers.get('server-timing') ?? '');
      expect(timing).not.toBeNull();
      expect(Number(timing![1])).toBeGreaterThan(0);
    } finally {
      await bench.close();
    }
  });
});

describe('health endpoints', () => {
  it('reports liveness and readiness', async () => {
    const health = await fetch(`${app.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${app.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
  });

  it('turns /readyz to 503 while the database refuses connections, and back when it returns', async () => {
    const name = app.database.name;
    await adminQuery(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await adminQuery('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
    try {
      const down = await fetch(`${app.baseUrl}/readyz`);
      expect(down.status).toBe(503);
      const query = await app.gql(SECTORS);
      expect(query.errors![0]!.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryable: true });
      expect(query.errors![0]!.message).not.toMatch(/ECONN|terminat|postgres/i);
    } finally {
      await adminQuery(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    }
    const up = await fetch(`${app.baseUrl}/readyz`);
    expect(up.status).toBe(200);
    const again = await app.gql(SECTORS);
    expect(again.errors).toBeUndefined();
  });
});

describe('errors', () => {
  it('masks unexpected failures: no SQL, no table names, no stack', async () => {
    await app.dataSource.query('ALTER TABLE sector RENAME TO sector_moved');
    try {
      const res = await app.gql(SECTORS);
      expect(res.errors![0]!.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
      expect(JSON.stringify(res.errors)).not.toMatch(/sector_moved|relation|SELECT|stack|\.ts/);
    } finally {
      await app.dataSource.query('ALTER TABLE sector_moved RENAME TO sector');
    }
    const after = await app.gql(SECTORS);
    expect(after.errors).toBeUndefined();
  });
});

describe('explorer', () => {
  it('serves GraphiQL to browsers from the package itself, with no external scripts', async () => {
    const res = await fetch(app.url, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<div id="graphiql">');
    expect(html).toMatch(/graphiql/i);
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/i);
    expect(html).not.toMatch(/\sstyle=/i);
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'(;|$)/);
    expect(res.headers.get('content-security-policy')).toMatch(/style-src 'self'(;|$)/);
    const script = await fetch(`${app.baseUrl}/explorer/explorer.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(html).not.toMatch(/<script[^>]+src=["']https?:/i);
    expect(html).not.toMatch(/<link[^>]+href=["']https?:/i);
  });

  it('is off when configured off', async () => {
    const quiet = await createTestApp({ GRAPHQL_EXPLORER: 'false' });
    try {
      const res = await fetch(quiet.url, { headers: { accept: 'text/html' } });
      expect(await res.text()).not.toContain('<div id="graphiql">');
      expect((await fetch(`${quiet.baseUrl}/explorer/explorer.js`)).status).toBe(404);
    } finally {
      await quiet.close();
    }
  });
});
