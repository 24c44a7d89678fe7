/// <reference lib="dom" />
import type { Browser } from 'puppeteer-core';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser, tokenFor } from '../../helpers/auth';
import { addFmsLinks, FMS_EDITOR } from '../../fixtures/synergy-links';
import { nl } from '../../../web/src/messages';
import {
  launchBrowser,
  openPage,
  settle,
  signInAsDemo,
  subscribed,
  waitForPage,
  watchSockets,
  type DashboardPage,
} from './browser';

/**
 * Operators may set MAX_PAGE_SIZE, the largest `first` a connection takes (server/config.ts). The dashboard
 * learns it from /dashboard-settings.json: where it asks as much as it may (a live read of "Mijn partij",
 * the timeline and its party picker), it asks no more than this server takes, not a number of its own.
 * page-size-small.test.ts runs the dashboard below every page size it would like.
 */
const MAX_PAGE_SIZE = 60;

let app: TestApp;
let browser: Browser;
let tab: DashboardPage;

beforeAll(async () => {
  [app, browser] = await Promise.all([createTestApp({ MAX_PAGE_SIZE: String(MAX_PAGE_SIZE) }), launchBrowser()]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
});
beforeEach(async () => {
  tab = await openPage(browser);
});
afterEach(async () => {
  await tab.close();
});

const shownLinks = () =>
  tab.page.$$eval('section[aria-labelledby="our-links"] tbody tr[data-link]', (trs) => trs.length);
const shownDeliverables = () => tab.page.$$eval('#our-deliverables ~ ul li a', (as) => as.map((a) => a.textContent));

it('tells the page the MAX_PAGE_SIZE this server was given', async () => {
  expect((await (await fetch(`${app.baseUrl}/dashboard-settings.json`)).json()).maxPageSize).toBe(MAX_PAGE_SIZE);
});

it('reads "Mijn partij" again live, with more links loaded than one read may ask, and keeps them all', async () => {
  const { page } = tab;
  // 61 links of FMS: more than MAX_PAGE_SIZE once the page reads them again (what is loaded and a page more).
  await addFmsLinks(app, 60);
  const sockets = await watchSockets(page);
  await signInAsDemo(page, app, FMS_EDITOR);
  await waitForPage(page, 'overview');
  await page.click('header nav a[href="/party"]');
  await waitForPage(page, 'party');
  await subscribed(sockets);
  await page.click('button[data-more="links"]');
  await page.waitForFunction(() => !document.querySelector('button[data-more="links"]'));
  await settle(page);
  expect(await shownLinks()).toBe(61);

  await addFmsLinks(app, 1, 60);

  await page.waitForSelector('[data-live="updated"]', { timeout: 10_000 });
  await page.waitForFunction(() => document.querySelector('#our-links')?.textContent?.endsWith('(62)'), {
    timeout: 10_000,
  });
  await settle(page);
  expect(await page.$('main .error[role="alert"]')).toBeNull();
  expect(await shownLinks()).toBe(62);
  expect(tab.problems).toEqual([]);
}, 90_000);

it('reads the whole timeline a page of MAX_PAGE_SIZE at a time, and every party in its picker', async () => {
  const { page } = tab;
  const { data } = await app.gql(`{ deliverables(first: 1) { totalCount } parties(first: 1) { totalCount } }`);
  expect(data!.deliverables.totalCount).toBeGreaterThan(MAX_PAGE_SIZE);
  expect(data!.parties.totalCount).toBeGreaterThan(MAX_PAGE_SIZE);
  const firsts: unknown[] = [];
  page.on('request', (request) => {
    const body = request.postData();
    const sent = body && request.url().endsWith('/graphql') ? JSON.parse(body) : null;
    if (sent?.operationName === 'DashboardTimeline') firsts.push(sent.variables.first);
  });
  await page.goto(`${app.baseUrl}/timeline?by=party`, { waitUntil: 'load' });
  await waitForPage(page, 'timeline');
  // More deliverables than one page: every one of them, read page by page.
  await page.waitForFunction(
    (count) => document.querySelectorAll('table.timeline tbody tr').length === count,
    {},
    data!.deliverables.totalCount,
  );
  expect(firsts).toEqual(
    Array.from({ length: Math.ceil(data!.deliverables.totalCount / MAX_PAGE_SIZE) }, () => MAX_PAGE_SIZE),
  );
  expect(await page.$('main p[role="status"]:not(.live)')).toBeNull();
  // "Alle" and every party, more than one page.
  await page.waitForFunction(
    (count) => document.querySelectorAll('#tl-id option').length === count,
    {},
    data!.parties.totalCount + 1,
  );
  expect(tab.problems).toEqual([]);
}, 60_000);

/**
 * /dashboard-settings.json as a broken or older server might send it. Without a usable maxPageSize the page asks
 * the API's default page size (20); without a usable `auth` it offers no sign-in, and the pages still work.
 */
it.each([
  ['without maxPageSize', { auth: { mode: 'local', demoUsers: true } }],
  ['with maxPageSize not a number', { auth: { mode: 'local', demoUsers: true }, maxPageSize: 'many' }],
  ['with maxPageSize 0', { auth: { mode: 'local', demoUsers: true }, maxPageSize: 0 }],
  ['with maxPageSize not whole', { auth: { mode: 'local', demoUsers: true }, maxPageSize: 12.5 }],
  ['without auth', { maxPageSize: null }],
  ['that is no JSON', '{"auth":'],
])(
  'shows "Mijn partij" in pages of 20, every deliverable reached, from a settings file %s',
  async (_name, settings) => {
    const { page } = tab;
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/dashboard-settings.json')
        void request.respond({
          status: 200,
          contentType: 'application/json',
          body: typeof settings === 'string' ? settings : JSON.stringify(settings),
        });
      else void request.continue();
    });
    const editor = 'vws.editor@example.org';
    const { data } = await app.gql(
      `{ myDeliverables(first: ${MAX_PAGE_SIZE}, orderBy: DUE_DATE_ASC) { totalCount nodes { title } } }`,
      {},
      await asUser(app, editor),
    );
    // More deliverables than the page wishes to show at once (50), all within one page of the API here.
    expect(data!.myDeliverables.totalCount).toBeGreaterThan(50);
    expect(data!.myDeliverables.totalCount).toBeLessThanOrEqual(MAX_PAGE_SIZE);
    const titles = (data!.myDeliverables.nodes as { title: string }[]).map((d) => d.title);
    // Signed in as the sign-in page leaves it: a settings file without `auth` offers no sign-in.
    const token = await tokenFor(app, editor);
    await page.evaluateOnNewDocument(
      (session) => window.sessionStorage.setItem('iza.session', session),
      JSON.stringify({ token, name: 'VWS Editor', email: editor, expiresAt: null }),
    );
    await page.goto(`${app.baseUrl}/party`, { waitUntil: 'load' });
    await waitForPage(page, 'party');
    expect(await shownDeliverables()).toEqual(titles.slice(0, 20));
    while (await page.$('button[data-more="deliverables"]')) {
      await page.click('button[data-more="deliverables"]');
      await settle(page);
    }
    expect(await shownDeliverables()).toEqual(titles);
    expect(await page.$('main .error[role="alert"]')).toBeNull();
    expect(tab.problems).toEqual([]);
  },
  60_000,
);

it('offers no sign-in when the settings file names no way to sign in, and shows the public pages', async () => {
  const { page } = tab;
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/dashboard-settings.json')
      void request.respond({ status: 200, contentType: 'application/json', body: JSON.stringify({ auth: 'local' }) });
    else void request.continue();
  });
  await page.goto(`${app.baseUrl}/sign-in`, { waitUntil: 'load' });
  await waitForPage(page, 'sign-in');
  expect(await page.$eval('main p', (p) => p.textContent)).toBe(nl['auth.noSignIn']);
  const timeline: unknown[] = [];
  page.on('request', (request) => {
    const body = request.postData();
    const sent = body && request.url().endsWith('/graphql') ? JSON.parse(body) : null;
    if (sent?.operationName === 'DashboardTimeline') timeline.push(sent.variables.first);
  });
  const { data } = await app.gql(`{ deliverables(first: 1) { totalCount } }`);
  await page.goto(`${app.baseUrl}/timeline`, { waitUntil: 'load' });
  await waitForPage(page, 'timeline');
  // Every deliverable, in pages of the fallback (20), which this server takes.
  await page.waitForFunction(
    (count) => document.querySelectorAll('table.timeline tbody tr').length === count,
    {},
    data!.deliverables.totalCount,
  );
  expect(new Set(timeline)).toEqual(new Set([20]));
  expect(tab.problems).toEqual([]);
}, 60_000);
