/// <reference lib="dom" />
import type { Browser } from 'puppeteer-core';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { nl } from '../../../web/src/messages';
import { partyIds } from '../../fixtures/deliverables';
import { addFmsLinks, FMS_EDITOR } from '../../fixtures/synergy-links';
import {
  axeViolations,
  launchBrowser,
  openPage,
  settle,
  signInAsDemo,
  subscribed,
  waitForPage,
  watchSockets,
  type DashboardPage,
} from './browser';

/** "Mijn partij": every item and deliverable of the party within reach, and inbox items marked read. */
let app: TestApp;
let browser: Browser;
let tab: DashboardPage;

beforeAll(async () => {
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});
// A fresh copy of the seeded database per test: marking items read changes what the next test would see.
beforeEach(async () => {
  [app, tab] = await Promise.all([createTestApp(), openPage(browser)]);
}, 60_000);
afterEach(async () => {
  await tab.close();
  await app.close();
});

async function openParty(editor: string) {
  const sockets = await watchSockets(tab.page);
  await signInAsDemo(tab.page, app, editor);
  await waitForPage(tab.page, 'overview');
  await tab.page.click('header nav a[href="/party"]');
  await waitForPage(tab.page, 'party');
  return sockets;
}

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

it('reaches every item waiting for the party in "Mijn partij", page by page, as many as the heading says', async () => {
  const { page } = tab;
  const editor = 'zin.editor@example.org';
  const { data } = await app.gql(
    `{ myInbox(first: 100) { totalCount nodes { kind title } } }`,
    {},
    await asUser(app, editor),
  );
  expect(data!.myInbox.totalCount).toBeGreaterThan(20);
  await openParty(editor);
  expect(await page.$eval('#inbox', (el) => el.textContent)).toBe(`Wat op ons wacht (${data!.myInbox.totalCount})`);
  expect(await page.$$eval('ul.inbox li', (lis) => lis.length)).toBe(20);
  expect(await axeViolations(page)).toEqual([]);
  expect(await loadAll('inbox')).toBeGreaterThan(0);
  const shown = await page.$$eval('ul.inbox li', (lis) => lis.map((li) => li.textContent ?? ''));
  const nodes = data!.myInbox.nodes as { kind: string; title: string }[];
  expect(shown).toHaveLength(data!.myInbox.totalCount);
  nodes.forEach((node, i) => expect(shown[i]).toContain(node.title));
  expect(await page.$$eval('ul.inbox li .kind', (els) => els.map((el) => el.textContent))).toContain(
    nl['inbox.kind.LINK_AWAITING_CONFIRMATION'],
  );
  expect(tab.problems).toEqual([]);
}, 90_000);

it('reaches every deliverable of the party in "Mijn partij", not only the first 50', async () => {
  const { page } = tab;
  const editor = 'vws.editor@example.org';
  const { data } = await app.gql(
    `{ myDeliverables(first: 100, orderBy: DUE_DATE_ASC) { totalCount nodes { title } } }`,
    {},
    await asUser(app, editor),
  );
  expect(data!.myDeliverables.totalCount).toBeGreaterThan(50);
  expect(data!.myDeliverables.totalCount).toBeLessThanOrEqual(100);
  await openParty(editor);
  expect(await page.$eval('#our-deliverables', (el) => el.textContent)).toBe(
    `Onze opleverpunten (${data!.myDeliverables.totalCount})`,
  );
  expect(await loadAll('deliverables')).toBeGreaterThan(0);
  const titles = await page.$$eval('#our-deliverables ~ ul li a', (as) => as.map((a) => a.textContent));
  expect(titles).toEqual((data!.myDeliverables.nodes as { title: string }[]).map((d) => d.title));
  expect(tab.problems).toEqual([]);
}, 90_000);

/** The links of FMS as the API lists them (oldest first), and as "Onze koppelingen" shows them. */
async function fmsLinks(): Promise<string[]> {
  const { fms } = await partyIds(app, ['fms']);
  const { data } = await app.gql(
    `query($p: [ID!]) { synergyLinks(filter: { partyIds: $p }, first: 100) { nodes { id } } }`,
    { p: [fms] },
    await asUser(app, FMS_EDITOR),
  );
  return (data!.synergyLinks.nodes as { id: string }[]).map((l) => l.id);
}
const shownLinks = () =>
  tab.page.$$eval('section[aria-labelledby="our-links"] tbody tr[data-link]', (trs) =>
    trs.map((tr) => tr.getAttribute('data-link')),
  );

it('reaches every link of the party in "Mijn partij", not only the first 50, and passes axe', async () => {
  const { page } = tab;
  await addFmsLinks(app, 60);
  const all = await fmsLinks();
  expect(all).toHaveLength(61);
  await openParty(FMS_EDITOR);
  expect(await page.$eval('#our-links', (el) => el.textContent)).toBe(`${nl['party.links']} (61)`);
  expect(await shownLinks()).toEqual(all.slice(0, 50));
  expect(await page.$eval('button[data-more="links"]', (b) => b.textContent)).toBe(
    `${nl['common.more']} (11): ${nl['party.links']}`,
  );
  expect(await axeViolations(page)).toEqual([]);
  expect(await loadAll('links')).toBe(1);
  expect(await shownLinks()).toEqual(all);
  expect(await axeViolations(page)).toEqual([]);
  expect(tab.problems).toEqual([]);
}, 90_000);

it('keeps the links loaded with "Meer laden" (in order, once each) when a live update comes, with the new one', async () => {
  const { page } = tab;
  await addFmsLinks(app, 60);
  const sockets = await openParty(FMS_EDITOR);
  await subscribed(sockets);
  await loadAll('links');
  const loaded = await shownLinks();
  expect(loaded).toHaveLength(61);
  // The fewest links the table shows from now on: a live read must not shorten it on the way.
  await page.evaluate(() => {
    const w = window as unknown as { fewestLinks: number };
    w.fewestLinks = Infinity;
    new MutationObserver(() => {
      w.fewestLinks = Math.min(
        w.fewestLinks,
        document.querySelectorAll('section[aria-labelledby="our-links"] tbody tr[data-link]').length,
      );
    }).observe(document.querySelector('main')!, { childList: true, subtree: true });
  });

  // FMS links its guideline once more (LINK_CREATED for FMS): the page reads its data again, live.
  await addFmsLinks(app, 1, 60);

  await page.waitForSelector('[data-live="updated"]', { timeout: 10_000 });
  await page.waitForFunction(() => document.querySelector('#our-links')?.textContent?.endsWith('(62)'), {
    timeout: 10_000,
  });
  await settle(page);
  const after = await shownLinks();
  expect(after).toEqual(await fmsLinks());
  expect(after.slice(0, -1)).toEqual(loaded);
  expect(await page.$('button[data-more="links"]')).toBeNull();
  expect(await page.evaluate(() => (window as unknown as { fewestLinks: number }).fewestLinks)).toBeGreaterThanOrEqual(
    loaded.length,
  );
  expect(tab.problems).toEqual([]);
}, 90_000);

it('marks an inbox item read for the signed-in person, and all shown ones at once', async () => {
  const { page } = tab;
  const editor = 'fms.editor@example.org';
  const headers = await asUser(app, editor);
  const read = async () =>
    (await app.gql(`{ myInbox(first: 100) { nodes { key read } } }`, {}, headers)).data!.myInbox.nodes as {
      key: string;
      read: boolean;
    }[];
  const before = await read();
  expect(before.filter((n) => !n.read).length).toBeGreaterThan(1);
  await openParty(editor);
  const first = before[0]!.key;
  // By keyboard: the item's button, then the focus rests on the sentence that says it is done.
  await page.focus(`ul.inbox li[data-key="${first}"] button`);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'status');
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(nl['inbox.markedRead']);
  expect((await read()).find((n) => n.key === first)!.read).toBe(true);
  expect(await page.$eval(`ul.inbox li[data-key="${first}"]`, (li) => li.textContent)).not.toContain(
    nl['inbox.unread'],
  );
  expect(await axeViolations(page)).toEqual([]);

  await page.click('section[aria-labelledby="inbox"] p > button');
  await page.waitForFunction(() => document.querySelectorAll('ul.inbox li.unread').length === 0);
  await settle(page);
  expect((await read()).filter((n) => !n.read)).toEqual([]);
  // Read again from the server, the page still shows them read.
  await page.reload({ waitUntil: 'load' });
  await waitForPage(page, 'party');
  expect(await page.$$('ul.inbox li.unread')).toEqual([]);
  expect(tab.problems).toEqual([]);
}, 90_000);
