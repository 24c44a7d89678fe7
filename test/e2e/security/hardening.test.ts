import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { documentHash } from '../../../server/security/trusted-documents';
import { outcome } from '../../helpers/outcome';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const HEALTHY = '{ sectors { key } }';

/** After every attack the server must still answer an ordinary query. */
async function stillAnswers(target: TestApp = app) {
  const res = await target.gql(HEALTHY);
  expect(res.status).toBe(200);
  expect(res.data!.sectors.length).toBeGreaterThan(0);
}

function nested(depth: number): string {
  let selection = 'name';
  for (let i = 0; i < depth; i++) selection = `parent { ${selection} }`;
  return `{ parties(first: 1) { nodes { ${selection} } } }`;
}

describe('query limits', () => {
  it.each<[string, string, Record<string, unknown> | undefined, string]>([
    ['a deep query', nested(14), undefined, 'QUERY_TOO_DEEP'],
    [
      'an alias flood',
      `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: sectors { key }`).join(' ')} }`,
      undefined,
      'TOO_MANY_ALIASES',
    ],
    ['a directive flood', `{ sectors ${'@include(if: true) '.repeat(30)}{ key } }`, undefined, 'TOO_MANY_DIRECTIVES'],
    ['a token flood', `{ sectors { ${'key '.repeat(6000)} } }`, undefined, 'QUERY_TOO_LARGE'],
    [
      'a wide, costly query',
      '{ parties(first: 100) { nodes { sectors { parties { sectors { parties { sectors { key } } } } } } } }',
      undefined,
      'QUERY_TOO_COMPLEX',
    ],
    [
      'a costly query whose page size comes from a variable',
      'query($n: Int) { parties(first: $n) { nodes { sectors { parties { sectors { parties { sectors { key } } } } } } } }',
      { n: 100 },
      'QUERY_TOO_COMPLEX',
    ],
  ])('refuses %s with its own code and HTTP 400', async (_case, query, variables, code) => {
    const res = await app.gql(query, variables);
    expect(res.status).toBe(400);
    expect(res.errors![0]!.extensions!.code).toBe(code);
    expect(res.data ?? null).toBeNull();
    await stillAnswers();
  });

  it('accepts the same shapes within the limits', async () => {
    const shallow = await app.gql(nested(5));
    expect(shallow.errors).toBeUndefined();
    const cheap = await app.gql('query($n: Int) { parties(first: $n) { nodes { sectors { parties { key } } } } }', {
      n: 5,
    });
    expect(cheap.errors).toBeUndefined();
  });

  it('measures a repeated document again for every page size, directive switch and bad variables', async () => {
    // The estimate is remembered per document; none of these may reuse a cheaper answer.
    const query =
      'query($n: Int, $deep: Boolean!) { parties(first: $n) { nodes { sectors { parties(first: 10) @include(if: $deep) { sectors { parties(first: 10) { key } } } } } } }';
    const cheap = await app.gql(query, { n: 5, deep: true });
    expect(cheap.errors).toBeUndefined();
    const costly = await app.gql(query, { n: 100, deep: true });
    expect(costly.errors![0]!.extensions!.code).toBe('QUERY_TOO_COMPLEX');
    const switchedOff = await app.gql(query, { n: 100, deep: false });
    expect(switchedOff.errors).toBeUndefined();
    const badFirst = await app.gql(query, { n: 100, deep: 'yes' });
    expect(badFirst.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    const sameAfterBad = await app.gql(query, { n: 100, deep: true });
    expect(sameAfterBad.errors![0]!.extensions!.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('tells an omitted variable (its default counts) from an explicit null when remembering a cost', async () => {
    const query = 'query($n: Int = 100) { parties(first: $n) { nodes { sectors { parties { sectors { key } } } } } }';
    const explicitNull = await app.gql(query, { n: null });
    expect(explicitNull.errors).toBeUndefined();
    const omitted = await app.gql(query, {});
    expect(omitted.errors![0]!.extensions!.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('refuses cyclic fragments', async () => {
    const res = await app.gql(`
      query { parties(first: 1) { nodes { ...A } } }
      fragment A on Party { parent { ...B } }
      fragment B on Party { parent { ...A } }
    `);
    expect(res.status).toBe(400);
    expect(res.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    await stillAnswers();
  });

  it('refuses a fragment flood by depth and cost', async () => {
    const fragments = Array.from({ length: 12 }, (_, i) => `fragment F${i} on Party { parent { ...F${i + 1} } }`).join(
      '\n',
    );
    const res = await app.gql(
      `query { parties(first: 1) { nodes { ...F0 } } }\n${fragments}\nfragment F12 on Party { name }`,
    );
    expect(res.status).toBe(400);
    expect(['QUERY_TOO_DEEP', 'QUERY_TOO_COMPLEX']).toContain(res.errors![0]!.extensions!.code);
    await stillAnswers();
  });

  it('caps every connection at the maximum page size', async () => {
    const res = await app.gql('{ parties(first: 1000) { totalCount } }');
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });
});

describe('malformed requests', () => {
  it.each<[string, RequestInit, number]>([
    ['malformed JSON', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":' }, 400],
    [
      'a JSON array (batching is off)',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([{ query: HEALTHY }, { query: HEALTHY }]),
      },
      400,
    ],
    [
      'a form post',
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'query=%7Bsectors%7Bkey%7D%7D',
      },
      400,
    ],
    [
      'a multipart upload',
      { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x\r\n\r\n--x--' },
      400,
    ],
    [
      'a query that is not a string',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: { evil: true } }),
      },
      400,
    ],
    [
      'variables that are not an object',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: HEALTHY, variables: [1, 2] }),
      },
      400,
    ],
    [
      'an oversized body',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: HEALTHY, variables: { x: 'x'.repeat(300_000) } }),
      },
      413,
    ],
    ['a mutation over GET', { method: 'GET', headers: { 'apollo-require-preflight': 'true' } }, 405],
  ])('answers %s with %i and no stack trace', async (_case, init, status) => {
    const url =
      init.method === 'GET'
        ? `${app.url}?query=${encodeURIComponent('mutation { updateParty(input: { id: "x", version: 1 }) { id } }')}`
        : app.url;
    const res = await fetch(url, init);
    expect(res.status).toBe(status);
    const text = await res.text();
    expect(text).not.toMatch(/node_modules|at \S+ \(|\.ts:\d+/);
    await stillAnswers();
  });
});

describe('injection strings in filters', () => {
  const attacks = [
    "'; DROP TABLE party; --",
    '%',
    '_',
    '\\',
    "' OR '1'='1",
    '$1',
    '\u0000',
    'ü'.repeat(200),
    '<script>alert(1)</script>',
  ];
  it.each(attacks)('treats %j as text in every search argument', async (attack) => {
    for (const query of [
      'query($s: String) { parties(filter: { search: $s }) { totalCount } }',
      'query($s: String) { interventions(filter: { search: $s }) { totalCount } }',
    ]) {
      const res = await app.gql(query, { s: attack });
      // Either refused as input or searched as plain text (nothing matches): never run as SQL.
      expect(['BAD_USER_INPUT', 0]).toContain(outcome(res, (data) => (Object.values(data)[0] as any).totalCount));
    }
    const [{ n }] = await app.dataSource.query('SELECT count(*)::int AS n FROM party');
    expect(n).toBeGreaterThan(80);
  });

  it.each(attacks)('refuses %j as an id with BAD_USER_INPUT', async (attack) => {
    const res = await app.gql('query($id: ID!) { node(id: $id) { id } party(id: $id) { id } }', { id: attack });
    expect(res.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });
});

describe('HTTP hardening', () => {
  it('sends security headers', async () => {
    const res = await fetch(`${app.baseUrl}/healthz`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('allows only listed browser origins (CORS)', async () => {
    const listed = await createTestApp({ CORS_ORIGINS: 'https://portal.example.org' });
    try {
      const preflight = (origin: string) =>
        fetch(listed.url, {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'content-type',
          },
        });
      expect((await preflight('https://portal.example.org')).headers.get('access-control-allow-origin')).toBe(
        'https://portal.example.org',
      );
      expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await listed.close();
    }
  });

  async function whileSectorsLocked<T>(target: TestApp, fn: () => Promise<T>): Promise<T> {
    const blocker = target.dataSource.createQueryRunner();
    await blocker.connect();
    await blocker.startTransaction();
    await blocker.query('LOCK TABLE sector IN ACCESS EXCLUSIVE MODE');
    try {
      return await fn();
    } finally {
      await blocker.rollbackTransaction();
      await blocker.release();
    }
  }

  it('answers 503 TIMEOUT when a request runs past REQUEST_TIMEOUT_MS', async () => {
    const slow = await createTestApp({ REQUEST_TIMEOUT_MS: '300', DB_STATEMENT_TIMEOUT_MS: '3000' });
    try {
      const res = await whileSectorsLocked(slow, () => slow.gql(HEALTHY));
      expect(res.status).toBe(503);
      expect(res.errors![0]!.extensions).toMatchObject({ code: 'TIMEOUT', retryable: true });
      expect(res.headers.get('retry-after')).toBe('1');
      await stillAnswers(slow);
    } finally {
      await slow.close();
    }
  });

  it('cancels a statement past DB_STATEMENT_TIMEOUT_MS with a retryable TIMEOUT', async () => {
    const slow = await createTestApp({ REQUEST_TIMEOUT_MS: '5000', DB_STATEMENT_TIMEOUT_MS: '200' });
    try {
      const res = await whileSectorsLocked(slow, () => slow.gql(HEALTHY));
      expect(res.errors![0]!.extensions).toMatchObject({ code: 'TIMEOUT', retryable: true });
      await stillAnswers(slow);
    } finally {
      await slow.close();
    }
  });
});

describe('rate limits', () => {
  it('limits per address with 429 and Retry-After, and resets after the window', async () => {
    // A window long enough for 8 requests on a loaded CI machine (a 1 s window once reset in the middle).
    const limited = await createTestApp({ RATE_LIMIT_IP_PER_MINUTE: '5', RATE_LIMIT_WINDOW_SECONDS: '3' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await limited.gql(HEALTHY)).status);
      expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
      expect(statuses.slice(5)).toEqual([429, 429]);
      const refused = await limited.gql(HEALTHY);
      expect(refused.errors![0]!.extensions!.code).toBe('RATE_LIMITED');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      await new Promise((r) => setTimeout(r, 3100));
      await stillAnswers(limited);
    } finally {
      await limited.close();
    }
  });

  it('limits per signed-in user', async () => {
    // Nothing here waits for the window to end: a long one, so a slow machine cannot reset it mid-test.
    const limited = await createTestApp({ RATE_LIMIT_USER_PER_MINUTE: '3', RATE_LIMIT_WINDOW_SECONDS: '60' });
    try {
      const headers = await asUser(limited, 'fms.viewer@example.org');
      const other = await asUser(limited, 'nhg.editor@example.org');
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await limited.gql('{ me { user { name } } }', undefined, headers)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect((await limited.gql('{ me { user { name } } }', undefined, other)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('keeps limiting in memory when Redis is unreachable', async () => {
    const limited = await createTestApp({ RATE_LIMIT_IP_PER_MINUTE: '2', REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await limited.gql(HEALTHY)).status);
      expect(statuses).toEqual([200, 200, 429]);
    } finally {
      await limited.close();
    }
  });

  // Shared limits need a Redis server: set REDIS_URL to run this part (CI does).
  if (process.env.REDIS_URL) {
    it('shares the limit between API instances through Redis', async () => {
      const env = { RATE_LIMIT_IP_PER_MINUTE: '4', RATE_LIMIT_WINDOW_SECONDS: '2', REDIS_URL: process.env.REDIS_URL! };
      const a = await createTestApp(env);
      const b = await createTestApp(env);
      try {
        const statuses: number[] = [];
        for (const target of [a, b, a, b, a, b]) statuses.push((await target.gql(HEALTHY)).status);
        expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
      } finally {
        await a.close();
        await b.close();
      }
    });
  }
});

describe('trusted documents', () => {
  const SECTORS = 'query Sectors { sectors { key } }';
  let dir: string;
  let manifest: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'iza-trusted-'));
    manifest = path.join(dir, 'portal.json');
    await writeFile(
      manifest,
      JSON.stringify({
        format: 'apollo-persisted-query-manifest',
        version: 1,
        operations: [{ id: documentHash(SECTORS), name: 'Sectors', type: 'query', body: SECTORS }],
      }),
    );
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  const persisted = (target: TestApp, hash: string) =>
    fetch(target.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
    });

  it('runs a registered operation by its hash and refuses every other document', async () => {
    const strict = await createTestApp({ TRUSTED_DOCUMENTS: manifest });
    try {
      const byHash = await persisted(strict, documentHash(SECTORS));
      expect(byHash.status).toBe(200);
      expect((await byHash.json()).data.sectors.length).toBeGreaterThan(0);
      const byText = await strict.gql(SECTORS);
      expect(byText.errors).toBeUndefined();
      const other = await strict.gql('{ parties(first: 1) { totalCount } }');
      expect(other.status).toBe(400);
      expect(other.errors![0]!.extensions!.code).toBe('OPERATION_NOT_TRUSTED');
      const unknownHash = await persisted(strict, documentHash('{ sectors { id } }'));
      expect((await unknownHash.json()).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    } finally {
      await strict.close();
    }
  });

  it('does not let clients register new documents', async () => {
    const open = await createTestApp();
    try {
      const query = '{ sectors { nameNl } }';
      const register = await fetch(open.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query,
          extensions: { persistedQuery: { version: 1, sha256Hash: documentHash(query) } },
        }),
      });
      expect(register.status).toBe(200);
      const replay = await persisted(open, documentHash(query));
      expect((await replay.json()).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    } finally {
      await open.close();
    }
  });
});
