/// <reference lib="dom" />
import type { Browser } from 'puppeteer-core';
import { createTestApp, type TestApp } from '../../helpers/app';
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

it('shows the timeline and its party picker, as far as one page goes', async () => {
  const { page } = tab;
  const { data } = await app.gql(`{ deliverables(first: 1) { totalCount } parties(first: 1) { totalCount } }`);
  expect(data!.deliverables.totalCount).toBeGreaterThan(MAX_PAGE_SIZE);
  expect(data!.parties.totalCount).toBeGreaterThan(MAX_PAGE_SIZE);
  await page.goto(`${app.baseUrl}/timeline?by=party`, { waitUntil: 'load' });
  await waitForPage(page, 'timeline');
  // More deliverables than one page: the timeline says how many it shows of how many.
  expect(await page.$eval('main p[role="status"]:not(.live)', (p) => p.textContent)).toBe(
    nl['timeline.more']
      .replace('{shown}', String(MAX_PAGE_SIZE))
      .replace('{total}', new Intl.NumberFormat('nl-NL').format(data!.deliverables.totalCount)),
  );
  expect(await page.$$eval('table.timeline tbody tr', (trs) => trs.length)).toBeGreaterThan(0);
  // "Alle" and a page of parties.
  expect(await page.$$eval('#tl-id option', (options) => options.length)).toBe(MAX_PAGE_SIZE + 1);
  expect(tab.problems).toEqual([]);
}, 60_000);
