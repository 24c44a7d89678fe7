import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestApp, type TestApp } from '../helpers/app';
import { documentHash } from '../../server/security/trusted-documents';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

/** `{"a":[{"a":[… "x" …]}]}` as JSON text: JSON.stringify itself overflows the stack at this depth. */
function deeplyNestedJson(depth: number): string {
  const open = Array.from({ length: depth }, (_, i) => (i % 2 ? '[' : '{"a":')).join('');
  const close = Array.from({ length: depth }, (_, i) => (i % 2 ? ']' : '}'))
    .reverse()
    .join('');
  return `${open}"x"${close}`;
}

describe('deeply nested variables', () => {
  it.each([
    ['an unused variable', 'query { sectors { key } }'],
    [
      'a variable of an input type',
      'query($f: DeliverableFilter) { deliverables(first: 1, filter: $f) { totalCount } }',
    ],
  ])('refuses 5 000 levels in %s with 400 VARIABLES_TOO_DEEP', async (_case, query) => {
    const res = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"query":${JSON.stringify(query)},"variables":{"f":${deeplyNestedJson(5000)}}}`,
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.errors[0].extensions.code).toBe('VARIABLES_TOO_DEEP');
    expect(body.errors[0].message).toMatch(/nested/);
    const ok = await app.gql(query.includes('$f') ? query : '{ sectors { key } }', { f: { status: 'DONE' } });
    expect(ok.status).toBe(200);
    expect(ok.errors).toBeUndefined();
  });
});

it('refuses deeply nested variables in a GET request with 400 VARIABLES_TOO_DEEP', async () => {
  const params = new URLSearchParams({ query: '{ sectors { key } }', variables: `{"f":${deeplyNestedJson(1000)}}` });
  const res = await fetch(`${app.url}?${params}`, { headers: { 'apollo-require-preflight': 'true' } });
  expect(res.status).toBe(400);
  expect((await res.json()).errors[0].extensions.code).toBe('VARIABLES_TOO_DEEP');
});

describe('persisted queries', () => {
  const SECTORS = 'query Sectors { sectors { key } }';
  let dir: string;
  let strict: TestApp;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'iza-trusted-'));
    const manifest = path.join(dir, 'portal.json');
    await writeFile(manifest, JSON.stringify({ [documentHash(SECTORS)]: SECTORS }));
    strict = await createTestApp({ TRUSTED_DOCUMENTS: manifest });
  });
  afterAll(async () => {
    await strict.close();
    await rm(dir, { recursive: true, force: true });
  });

  const send = (target: TestApp, body: unknown) =>
    fetch(target.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it.each([
    ['with trusted documents', () => strict],
    ['without', () => app],
  ])(
    'answers a registered hash sent with another query with 400 PERSISTED_QUERY_HASH_MISMATCH (%s)',
    async (_c, target) => {
      const res = await send(target(), {
        query: '{ parties(first: 1) { totalCount } }',
        extensions: { persistedQuery: { version: 1, sha256Hash: documentHash(SECTORS) } },
      });
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.errors[0].extensions.code).toBe('PERSISTED_QUERY_HASH_MISMATCH');
      expect(body.errors[0].message).toMatch(/sha256/);
      expect(body.data ?? null).toBeNull();
    },
  );

  it('answers an unknown persisted-query version with 400 PERSISTED_QUERY_VERSION_NOT_SUPPORTED', async () => {
    const res = await send(strict, {
      extensions: { persistedQuery: { version: 2, sha256Hash: documentHash(SECTORS) } },
    });
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0].extensions.code).toBe('PERSISTED_QUERY_VERSION_NOT_SUPPORTED');
  });
});
