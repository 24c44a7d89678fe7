/// <reference lib="dom" />
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import type { Browser } from 'puppeteer-core';
import { createTestApp, type TestApp } from '../../helpers/app';
import { tokenFor } from '../../helpers/auth';
import { documentHash } from '../../../server/security/trusted-documents';
import { firstViewMs, launchBrowser, openPage, SCREENSHOTS, waitForPage } from './browser';
import { collect, wsClient } from '../events/ws-client';

/**
 * The build registers the dashboard's operations as trusted documents: a production server that runs
 * registered operations only (here with one partner portal's manifest) still serves the whole
 * dashboard. Each page's first view is measured here too (BENCHMARKS.md), in production mode.
 */
const MANIFEST = path.join(__dirname, '..', '..', '..', 'dist', 'dashboard', 'operations.json');
const PORTAL_DOCUMENT = '{ sectors { key } }';

let app: TestApp;
let browser: Browser;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'iza-portal-'));
  const portal = path.join(dir, 'portal.json');
  writeFileSync(portal, JSON.stringify({ [documentHash(PORTAL_DOCUMENT)]: PORTAL_DOCUMENT }));
  [app, browser] = await Promise.all([
    createTestApp({
      NODE_ENV: 'production',
      AUTH_JWT_SECRET: randomBytes(32).toString('base64'),
      TRUSTED_DOCUMENTS: portal,
      TRUSTED_DOCUMENTS_ENFORCE: 'true',
    }),
    launchBrowser(),
  ]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const manifest = () =>
  JSON.parse(readFileSync(MANIFEST, 'utf8')) as { operations: { id: string; name: string; body: string }[] };

it('writes a manifest of every dashboard operation, each valid against the schema', () => {
  const schema = buildSchema(readFileSync(path.join(__dirname, '..', '..', '..', 'schema', 'schema.graphql'), 'utf8'));
  const { operations } = manifest();
  expect(operations.map((o) => o.name).sort()).toEqual(
    expect.arrayContaining(['DashboardOverview', 'DashboardTimeline', 'DashboardSynergy', 'DashboardConfirmLink']),
  );
  for (const operation of operations) {
    expect([operation.name, operation.id]).toEqual([operation.name, documentHash(operation.body)]);
    expect([operation.name, validate(schema, parse(operation.body)).map((e) => e.message)]).toEqual([
      operation.name,
      [],
    ]);
  }
});

it('refuses documents nobody registered, and runs the portal’s own', async () => {
  const refused = await app.gql('{ programmes(first: 1) { name } }');
  expect(refused.errors![0]!.extensions!.code).toBe('OPERATION_NOT_TRUSTED');
  expect((await app.gql(PORTAL_DOCUMENT)).data!.sectors.length).toBeGreaterThan(0);
});

it('refuses an unregistered subscription over the socket too', async () => {
  const ws = wsClient(app.url);
  try {
    const sub = collect(ws.client, {}, 'subscription { events { cursor } }');
    await sub.failed();
    expect(sub.errors.map((e) => (e as { extensions?: { code?: string } }).extensions?.code)).toEqual([
      'OPERATION_NOT_TRUSTED',
    ]);
  } finally {
    await ws.client.dispose();
  }
});

it('serves every page of the dashboard, sending registered operations only, and measures first views', async () => {
  const token = await tokenFor(app, 'vws.editor@example.org');
  // Enforcement is on: the test asks through registered documents too, by hash.
  const { operations } = manifest();
  const registered = new Set(operations.map((o) => o.id));
  const byHash = async (name: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const operation = operations.find((o) => o.name === name)!;
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: operation.id } } }),
    });
    return ((await response.json()) as { data: any }).data;
  };
  const list = await byHash('DashboardDeliverables', { first: 1 });
  const options = await byHash('DashboardFilterOptions', {});
  const deliverableId = list.deliverables.edges[0].node.id as string;
  const programmeId = options.programmes[0].id as string;
  const sectorId = options.sectors.find((s: { key: string }) => s.key === 'msz').id as string;

  const pages: [name: string, path: string][] = [
    ['overview', '/'],
    ['deliverables', '/deliverables?health=OFF_TRACK'],
    ['deliverable', `/deliverables/${encodeURIComponent(deliverableId)}`],
    ['timeline', `/timeline?by=programme&id=${encodeURIComponent(programmeId)}`],
    ['sectors', '/sectors'],
    ['sector', `/sectors/${encodeURIComponent(sectorId)}`],
    ['synergy', `/synergy?sector=${encodeURIComponent(sectorId)}`],
    ['party', '/party'],
  ];
  const firstViews: Record<string, number> = {};
  for (const [name, pagePath] of pages) {
    // A fresh context each time: the first view loads the page, its script and its data from scratch.
    const tab = await openPage(browser);
    try {
      await tab.page.evaluateOnNewDocument(
        (session) => {
          window.sessionStorage.setItem('iza.session', session);
        },
        JSON.stringify({ token, name: 'VWS Editor', email: 'vws.editor@example.org', expiresAt: null }),
      );
      await tab.page.goto(`${app.baseUrl}${pagePath}`, { waitUntil: 'load' });
      await waitForPage(tab.page, name);
      firstViews[name] = Math.round(await firstViewMs(tab.page, name));
      expect([name, tab.problems]).toEqual([name, []]);
      expect(tab.sentHashes.length).toBeGreaterThan(0);
      expect([name, tab.sentHashes.filter((hash) => !registered.has(hash))]).toEqual([name, []]);
    } finally {
      await tab.close();
    }
  }
  expect(Object.keys(firstViews)).toEqual(pages.map(([name]) => name));
  // Reported, not asserted: a shared CI machine's timing is no test of the code (BENCHMARKS.md).
  mkdirSync(SCREENSHOTS, { recursive: true });
  writeFileSync(path.join(SCREENSHOTS, 'first-views.json'), `${JSON.stringify(firstViews, null, 2)}\n`);
  process.stdout.write(`dashboard first views (ms): ${JSON.stringify(firstViews)}\n`);
}, 120_000);
