/// <reference lib="dom" />
import type { Browser } from 'puppeteer-core';
import { createTestApp, type GraphQLResponse, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { partyIds } from '../../fixtures/deliverables';
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
 * A MAX_PAGE_SIZE below every page size the dashboard would like (20 inbox items, 50 deliverables and links, 100
 * parties): every list asks at most this (/dashboard-settings.json), "Meer laden" pages through the rest, and the
 * timeline and its party picker read every deliverable and party, page by page.
 */
const MAX_PAGE_SIZE = 10;

let app: TestApp;
let browser: Browser;
let tab: DashboardPage;

beforeAll(async () => {
  [app, browser] = await Promise.all([createTestApp({ MAX_PAGE_SIZE: String(MAX_PAGE_SIZE) }), launchBrowser()]);
  // 26 links of FMS (three pages), each but the seeded one an inbox item for FMS.
  await addFmsLinks(app, 25);
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

const LINK_ROWS = 'section[aria-labelledby="our-links"] tbody tr[data-link]';
const shownLinks = () => tab.page.$$eval(LINK_ROWS, (trs) => trs.map((tr) => tr.getAttribute('data-link')));
const shownInbox = () =>
  tab.page.$$eval('ul.inbox li[data-key]', (lis) => lis.map((li) => li.getAttribute('data-key')));

/** Presses the list's "Meer laden" until it is gone; answers how many presses it took. */
async function loadAll(list: 'inbox' | 'deliverables' | 'links'): Promise<number> {
  let presses = 0;
  while (await tab.page.$(`button[data-more="${list}"]`)) {
    await tab.page.click(`button[data-more="${list}"]`);
    await settle(tab.page);
    presses++;
    expect(presses).toBeLessThan(20);
  }
  return presses;
}

/** Every node of the list `field` that `query` pages through ($after), a page of MAX_PAGE_SIZE at a time. */
async function everyPage<T>(
  field: string,
  query: string,
  variables: Record<string, unknown> = {},
  email: string | null = null,
): Promise<T[]> {
  const found: T[] = [];
  for (let after: string | null = null; ;) {
    const { data, errors }: GraphQLResponse = await app.gql(query, { ...variables, after }, await asUser(app, email));
    expect(errors).toBeUndefined();
    found.push(...(data![field].nodes as T[]));
    if (!data![field].pageInfo.hasNextPage) return found;
    after = data![field].pageInfo.endCursor;
  }
}

/** What the API lists for FMS's editor, in its order. */
async function all(field: 'synergyLinks' | 'myInbox', key: 'id' | 'key'): Promise<string[]> {
  const { fms } = await partyIds(app, ['fms']);
  const nodes = await everyPage<Record<string, string>>(
    field,
    `query($p: [ID!], $after: String) { ${field}(filter: { partyIds: $p }, first: ${MAX_PAGE_SIZE}, after: $after) {
       nodes { ${key} } pageInfo { hasNextPage endCursor } } }`,
    { p: [fms] },
    FMS_EDITOR,
  );
  return nodes.map((n) => n[key]!);
}

it('tells the page the MAX_PAGE_SIZE this server was given', async () => {
  expect((await (await fetch(`${app.baseUrl}/dashboard-settings.json`)).json()).maxPageSize).toBe(MAX_PAGE_SIZE);
});

it('shows "Mijn partij" in pages of MAX_PAGE_SIZE, "Meer laden" reaching every link and inbox item', async () => {
  const { page } = tab;
  const links = await all('synergyLinks', 'id');
  const inbox = await all('myInbox', 'key');
  expect(links).toHaveLength(26);
  expect(inbox.length).toBeGreaterThan(2 * MAX_PAGE_SIZE);
  await signInAsDemo(page, app, FMS_EDITOR);
  await waitForPage(page, 'overview');
  await page.click('header nav a[href="/party"]');
  await waitForPage(page, 'party');
  expect(await shownLinks()).toEqual(links.slice(0, MAX_PAGE_SIZE));
  expect(await shownInbox()).toEqual(inbox.slice(0, MAX_PAGE_SIZE));
  expect(await page.$eval('button[data-more="links"]', (b) => b.textContent)).toBe(
    `${nl['common.more']} (16): ${nl['party.links']}`,
  );
  expect(await loadAll('links')).toBe(2);
  expect(await shownLinks()).toEqual(links);
  expect(await loadAll('inbox')).toBe(Math.ceil(inbox.length / MAX_PAGE_SIZE) - 1);
  expect(await shownInbox()).toEqual(inbox);
  expect(await page.$('main .error[role="alert"]')).toBeNull();
  expect(tab.problems).toEqual([]);
}, 90_000);

it('reads "Mijn partij" again live with every link loaded, a page of MAX_PAGE_SIZE at a time, and keeps them all', async () => {
  const { page } = tab;
  const sockets = await watchSockets(page);
  await signInAsDemo(page, app, FMS_EDITOR);
  await waitForPage(page, 'overview');
  await page.click('header nav a[href="/party"]');
  await waitForPage(page, 'party');
  await subscribed(sockets);
  await loadAll('links');
  const before = await shownLinks();

  // FMS links its guideline once more: LINK_CREATED for FMS reads the page again.
  await addFmsLinks(app, 1, 25);

  await page.waitForSelector('[data-live="updated"]', { timeout: 10_000 });
  await page.waitForFunction(
    (rows, count) => document.querySelectorAll(rows).length === count,
    { timeout: 10_000 },
    LINK_ROWS,
    before.length + 1,
  );
  await settle(page);
  expect(await page.$('main .error[role="alert"]')).toBeNull();
  expect(await shownLinks()).toEqual(await all('synergyLinks', 'id'));
  expect((await shownLinks()).slice(0, -1)).toEqual(before);
  expect(await page.$('button[data-more="links"]')).toBeNull();
  expect(tab.problems).toEqual([]);
}, 90_000);

it('offers every party in the timeline’s picker, read page by page, ordered by the names it shows', async () => {
  const { page } = tab;
  const names = (
    await everyPage<{ name: string; shortName: string | null }>(
      'parties',
      `query($after: String) { parties(first: ${MAX_PAGE_SIZE}, after: $after) {
         nodes { name shortName } pageInfo { hasNextPage endCursor } } }`,
    )
  )
    .map((p) => p.shortName ?? p.name)
    .sort(new Intl.Collator('nl').compare);
  expect(names.length).toBeGreaterThan(5 * MAX_PAGE_SIZE);
  await page.goto(`${app.baseUrl}/timeline?by=party`, { waitUntil: 'load' });
  await waitForPage(page, 'timeline');
  await page.waitForFunction(
    (count) => document.querySelectorAll('#tl-id option').length === count,
    {},
    names.length + 1,
  );
  await settle(page);
  expect(await page.$$eval('#tl-id option', (options) => options.map((o) => o.textContent))).toEqual([
    nl['timeline.all'],
    ...names,
  ]);
  // The timeline reads every deliverable too, a page of MAX_PAGE_SIZE at a time.
  const { data } = await app.gql(`{ deliverables(first: 1) { totalCount } }`);
  expect(data!.deliverables.totalCount).toBeGreaterThan(5 * MAX_PAGE_SIZE);
  await page.waitForFunction(
    (count) => document.querySelectorAll('table.timeline tbody tr').length === count,
    { timeout: 20_000 },
    data!.deliverables.totalCount,
  );
  expect(tab.problems).toEqual([]);
}, 60_000);

it('shows every page without asking more than MAX_PAGE_SIZE of any list', async () => {
  const { page } = tab;
  const { data } = await app.gql(`{ deliverables(first: 1) { totalCount nodes { id } } sectors { id key } }`);
  const deliverable = encodeURIComponent(data!.deliverables.nodes[0].id);
  const msz = encodeURIComponent(data!.sectors.find((s: { key: string }) => s.key === 'msz').id);
  // A link FMS made: its history has its creation.
  const link = encodeURIComponent((await all('synergyLinks', 'id')).at(-1)!);
  await signInAsDemo(page, app, 'zin.editor@example.org');
  await waitForPage(page, 'overview');
  // Each page, and where it shows a list, the rows it shows: one page of a list longer than that.
  for (const [name, path, rows, count] of [
    ['overview', '/', null, null],
    ['deliverables', '/deliverables', 'table.list tbody tr', MAX_PAGE_SIZE],
    ['deliverable', `/deliverables/${deliverable}`, null, null],
    // The timeline reads every page by itself.
    ['timeline', '/timeline', 'table.timeline tbody tr', data!.deliverables.totalCount],
    ['sectors', '/sectors', null, null],
    ['sector', `/sectors/${msz}`, null, null],
    ['synergy', '/synergy', 'section[aria-labelledby="awaiting-assessor"] tbody tr[data-link]', MAX_PAGE_SIZE],
    ['party', '/party', 'ul.inbox li', MAX_PAGE_SIZE],
    ['history', `/history/${link}`, 'table.history tbody tr', 1],
  ] as const) {
    await page.goto(`${app.baseUrl}${path}`, { waitUntil: 'load' });
    await waitForPage(page, name);
    await settle(page);
    const shown = await page.evaluate(
      (rows) => ({
        alert: document.querySelector('main .error[role="alert"]')?.textContent ?? null,
        rows: rows === null ? null : document.querySelectorAll(rows).length,
      }),
      rows,
    );
    expect([name, shown]).toEqual([name, { alert: null, rows: count }]);
  }
  // "Meer laden" on the list of deliverables asks another page of the same size.
  await page.goto(`${app.baseUrl}/deliverables`, { waitUntil: 'load' });
  await waitForPage(page, 'deliverables');
  await page.click('main > button');
  await page.waitForFunction((count) => document.querySelectorAll('table.list tbody tr').length === count, {}, 20);
  expect(tab.problems).toEqual([]);
}, 120_000);

it('finds the page size this server takes when the settings file names none, and shows "Mijn partij" in it', async () => {
  const { page } = tab;
  // A settings file without maxPageSize (a broken or older server): the page's own fallback (20) is too large here.
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/dashboard-settings.json')
      void request.respond({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ auth: { mode: 'local', demoUsers: true } }),
      });
    else void request.continue();
  });
  const sent: { name: string; variables: Record<string, unknown> }[] = [];
  page.on('request', (request) => {
    const body = request.postData();
    if (request.method() === 'POST' && request.url().endsWith('/graphql') && body) {
      const { operationName, variables } = JSON.parse(body) as { operationName: string; variables?: object };
      sent.push({ name: operationName, variables: { ...variables } });
    }
  });
  const links = await all('synergyLinks', 'id');
  await signInAsDemo(page, app, FMS_EDITOR);
  await waitForPage(page, 'overview');
  await page.click('header nav a[href="/party"]');
  await waitForPage(page, 'party');
  await settle(page);
  expect(await shownLinks()).toEqual(links.slice(0, MAX_PAGE_SIZE));
  expect(await loadAll('links')).toBe(Math.ceil(links.length / MAX_PAGE_SIZE) - 1);
  expect(await shownLinks()).toEqual(links);
  expect(await page.$('main .error[role="alert"]')).toBeNull();
  // Five small reads when the page loaded found it (the fallback, then halving below it); no list asked more.
  expect(sent.filter((o) => o.name === 'DashboardPageSizeProbe').map((o) => o.variables.first)).toEqual([
    20, 10, 15, 12, 11,
  ]);
  const sizes = sent
    .filter((o) => o.name !== 'DashboardPageSizeProbe')
    .flatMap((o) => Object.entries(o.variables).filter(([name]) => /^first$|First$/.test(name)))
    .map(([, first]) => first);
  expect(sizes.length).toBeGreaterThan(0);
  expect(sizes.filter((first) => typeof first !== 'number' || first > MAX_PAGE_SIZE)).toEqual([]);
  expect(tab.problems).toEqual([]);
}, 90_000);
