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

async function openParty(editor: string, { page } = tab) {
  const sockets = await watchSockets(page);
  await signInAsDemo(page, app, editor);
  await waitForPage(page, 'overview');
  await page.click('header nav a[href="/party"]');
  await waitForPage(page, 'party');
  return sockets;
}

/** Presses the list's "Meer laden" until it is gone; answers how many presses it took. */
async function loadAll(list: 'inbox' | 'deliverables' | 'links'): Promise<number> {
  const selector = `button[data-more="${list}"]`;
  let presses = 0;
  for (let looks = 0; looks < 40; looks++) {
    await settle(tab.page);
    // A live update may render the list (and its button) again while we look: give it a moment to come back.
    const button = await tab.page.waitForSelector(selector, { timeout: 2_000 }).catch(() => null);
    if (!button) return presses;
    const pressed = await button.click().then(
      () => true,
      () => false, // rendered again between finding and pressing: look again
    );
    if (pressed) presses++;
    expect(presses).toBeLessThan(20);
  }
  throw new Error(`"Meer laden" of ${list} could not be pressed`);
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

/** Counts, from now on, the fewest rows `selector` finds on the page (a read must not shorten a list on the way). */
async function watchFewest(name: string, selector: string) {
  await tab.page.evaluate(
    (name, selector) => {
      const w = window as unknown as Record<string, number>;
      w[name] = Infinity;
      new MutationObserver(() => {
        w[name] = Math.min(w[name]!, document.querySelectorAll(selector).length);
      }).observe(document.querySelector('main')!, { childList: true, subtree: true });
    },
    name,
    selector,
  );
  return () => tab.page.evaluate((name) => (window as unknown as Record<string, number>)[name]!, name);
}

it('keeps the inbox items and links loaded with "Meer laden" when the person confirms a link there', async () => {
  const { page } = tab;
  // FMS links its guideline 60 times more: links for FMS to confirm its side of, each an inbox item.
  await addFmsLinks(app, 60);
  const sockets = await openParty(FMS_EDITOR);
  await subscribed(sockets);
  await loadAll('inbox');
  await loadAll('links');
  const inboxRows = 'ul.inbox li[data-key]';
  const shownInbox = () => page.$$eval(inboxRows, (lis) => lis.map((li) => li.getAttribute('data-key')));
  const inbox = await shownInbox();
  const links = await shownLinks();
  expect(inbox.length).toBeGreaterThan(20);
  expect(links.length).toBeGreaterThan(50);
  const fewestInbox = await watchFewest('fewestInbox', inboxRows);
  const fewestLinks = await watchFewest('fewestLinks', 'section[aria-labelledby="our-links"] tbody tr[data-link]');

  // The last link FMS may confirm, on a page "Meer laden" brought.
  const confirmable = await page.$$eval(
    'section[aria-labelledby="our-links"] tbody tr[data-link]:has(button[data-action="confirm"])',
    (trs) => trs.map((tr) => tr.getAttribute('data-link')!),
  );
  const link = confirmable.at(-1)!;
  expect(links.indexOf(link)).toBeGreaterThanOrEqual(50);
  await page.click(`tr[data-link="${link}"] button[data-action="confirm"]`);
  await page.waitForSelector('section[aria-labelledby="our-links"] p.done[role="status"]', { timeout: 15_000 });
  await settle(page);
  // The confirmation's own event comes a moment later (and reads nothing again).
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  await settle(page);

  // FMS's side is confirmed: the link waits for Zorginstituut's only, and offers FMS nothing more to do.
  expect(await page.$eval(`tr[data-link="${link}"] td:last-child`, (td) => td.textContent)).toBe(
    nl['party.awaiting'].replace('{sides}', nl['party.side.ASSESSOR']),
  );
  expect(await shownLinks()).toEqual(links);
  // Every item stays but the confirmed link's, which waits for nobody now.
  const { data } = await app.gql(
    `{ myInbox(first: 100) { totalCount nodes { key } } }`,
    {},
    await asUser(app, FMS_EDITOR),
  );
  expect(data!.myInbox.totalCount).toBe(inbox.length - 1);
  expect(await shownInbox()).toEqual((data!.myInbox.nodes as { key: string }[]).map((n) => n.key));
  expect(await page.$('button[data-more="inbox"]')).toBeNull();
  expect(await page.$('button[data-more="links"]')).toBeNull();
  expect(await fewestLinks()).toBe(links.length);
  // The table stayed while the page read again: the sentence saying it was done is there, the focus on it.
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(nl['synergy.confirmedNow']);
  expect(await fewestInbox()).toBeGreaterThanOrEqual(inbox.length - 1);
  expect(tab.problems).toEqual([]);
}, 90_000);

it('shows an item marked read in one tab read at once in the person’s other tabs, not in another person’s', async () => {
  const { page } = tab;
  const viewer = 'fms.viewer@example.org';
  const unread = async (email: string) =>
    (
      (
        await app.gql(
          `{ myInbox(first: 100, filter: { unread: true }) { nodes { key } } }`,
          {},
          await asUser(app, email),
        )
      ).data!.myInbox.nodes as { key: string }[]
    ).map((n) => n.key);
  const before = await unread(FMS_EDITOR);
  const first = before[0]!;
  expect(before.length).toBeGreaterThan(1);
  // The item waits for FMS: its viewer has it too, unread.
  expect(await unread(viewer)).toContain(first);

  // Two more tabs of the same browser (one storage, one origin); each tab has its own session.
  const same = await openPage(browser, tab.context);
  const other = await openPage(browser, tab.context);
  try {
    // Each signs in in front (a background tab draws nothing); the person's first tab stays in front.
    for (const [email, on] of [
      [viewer, other],
      [FMS_EDITOR, same],
      [FMS_EDITOR, tab],
    ] as const) {
      await on.page.bringToFront();
      await openParty(email, on);
    }
    const state = (on: DashboardPage) =>
      on.page.$eval(
        `ul.inbox li[data-key="${first}"]`,
        (li, unreadWord) => ({ className: li.className, saysUnread: li.textContent!.includes(unreadWord) }),
        nl['inbox.unread'],
      );
    for (const on of [tab, same, other]) {
      await settle(on.page);
      expect(await state(on)).toEqual({ className: 'unread', saysUnread: true });
    }
    const asked = same.requested.length;

    await page.click(`ul.inbox li[data-key="${first}"] button`);
    await page.waitForSelector('section[aria-labelledby="inbox"] p[role="status"]');
    // The person's other tab, in the background, shows it read without reload and without asking the API.
    for (let tries = 0; (await state(same)).className !== 'read' && tries < 50; tries++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await state(same)).toEqual({ className: 'read', saysUnread: false });
    expect(await same.page.$$eval('ul.inbox li.unread', (lis) => lis.length)).toBe(
      await page.$$eval('ul.inbox li.unread', (lis) => lis.length),
    );
    expect(same.requested.slice(asked)).toEqual([]);
    expect(await axeViolations(same.page)).toEqual([]);
    // Another person of the same party, in a tab of the same browser: their item stays unread, as the API says.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await state(other)).toEqual({ className: 'unread', saysUnread: true });
    expect(await unread(viewer)).toContain(first);
    expect(await unread(FMS_EDITOR)).not.toContain(first);
    expect([...tab.problems, ...same.problems, ...other.problems]).toEqual([]);
  } finally {
    await Promise.all([same.close(), other.close()]);
  }
}, 90_000);

it('no longer shows the former person’s read marks in a tab that signed out and in as someone else', async () => {
  const viewer = 'fms.viewer@example.org';
  const unread = async (email: string) =>
    (
      (
        await app.gql(
          `{ myInbox(first: 100, filter: { unread: true }) { nodes { key } } }`,
          {},
          await asUser(app, email),
        )
      ).data!.myInbox.nodes as { key: string }[]
    ).map((n) => n.key);
  // Two items waiting for FMS, unread for its editor and for its viewer.
  const [first, second] = await unread(FMS_EDITOR);
  expect(await unread(viewer)).toEqual(expect.arrayContaining([first, second]));

  const other = await openPage(browser, tab.context);
  try {
    for (const on of [other, tab]) {
      await on.page.bringToFront();
      await openParty(FMS_EDITOR, on);
    }
    const state = (on: DashboardPage, key: string) =>
      on.page.$eval(`ul.inbox li[data-key="${key}"]`, (li) => li.className);
    const markIn = async (on: DashboardPage, key: string) => {
      await on.page.bringToFront();
      await on.page.click(`ul.inbox li[data-key="${key}"] button`);
      await on.page.waitForSelector(`ul.inbox li.read[data-key="${key}"]`);
    };
    // The same person's other tab hears the mark.
    await markIn(tab, first!);
    for (let tries = 0; (await state(other, first!)) !== 'read' && tries < 50; tries++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await state(other, first!)).toBe('read');

    // That tab signs out and in as FMS's viewer within the page: no reload, so the page's script and whatever it
    // opened live on.
    await other.page.bringToFront();
    await other.page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
    await other.page.click('.account button:not([lang])');
    await other.page.waitForSelector('header a[href="/sign-in"]');
    await other.page.click('header a[href="/sign-in"]');
    await waitForPage(other.page, 'sign-in');
    await other.page.select('#demo-user', viewer);
    await Promise.all([other.page.click('form button[type="submit"]'), other.page.waitForSelector('.who')]);
    await other.page.click('header nav a[href="/party"]');
    await waitForPage(other.page, 'party');
    await settle(other.page);
    expect(await other.page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    expect(await other.page.$eval('.who', (el) => el.textContent)).toContain('FMS Viewer');
    expect(await state(other, second!)).toBe('unread');

    // The former person marks another item read: the tab, now the viewer's, keeps it unread, as the API says.
    await markIn(tab, second!);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await state(other, second!)).toBe('unread');
    expect(await unread(viewer)).toContain(second);
    expect(await unread(FMS_EDITOR)).not.toContain(second);
    expect([...tab.problems, ...other.problems]).toEqual([]);
  } finally {
    await other.close();
  }
}, 90_000);
