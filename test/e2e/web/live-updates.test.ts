/// <reference lib="dom" />
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser, tokenFor } from '../../helpers/auth';
import { documentHash } from '../../../server/security/trusted-documents';
import { nl } from '../../../web/src/messages';
import {
  axeViolations,
  launchBrowser,
  openPage,
  sentMessages,
  settle,
  subscribed,
  waitForPage,
  watchSockets,
  type DashboardPage,
} from './browser';

/**
 * "Mijn partij" is live: an event about the party (here a package signal another party raises for the
 * Zorginstituut) reads the page again without a reload, over the dashboard's graphql-ws socket signed in
 * with the session's token. It runs as production does, registered documents only, so the socket's
 * subscription must be one the build registered (dist/dashboard/operations.json).
 */
const MANIFEST = path.join(__dirname, '..', '..', '..', 'dist', 'dashboard', 'operations.json');
const RAISE = `mutation LiveRaise($input: RaisePackageSignalInput!) { raisePackageSignal(input: $input) { id } }`;
const ZIN = 'zin.editor@example.org';
const ZN = 'zn.editor@example.org';
const FMS = 'fms.editor@example.org';

let app: TestApp;
let browser: Browser;
const tabs: DashboardPage[] = [];

beforeAll(async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'iza-live-'));
  const portal = path.join(dir, 'portal.json');
  writeFileSync(portal, JSON.stringify({ [documentHash(RAISE)]: RAISE }));
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
afterEach(async () => {
  await Promise.all(tabs.splice(0).map((tab) => tab.close()));
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** A tab on `/party` (or `to`) signed in as `email` (the session the sign-in leaves in sessionStorage), or anonymous. */
async function openParty(email: string | null, to: [path: string, name: string] = ['/party', 'party']) {
  const tab = await openPage(browser);
  tabs.push(tab);
  const token = email ? await tokenFor(app, email) : null;
  if (email) {
    const session = JSON.stringify({ token, name: email, email, expiresAt: null });
    await tab.page.evaluateOnNewDocument((value) => window.sessionStorage.setItem('iza.session', value), session);
  }
  const sockets = await watchSockets(tab.page);
  await tab.page.goto(`${app.baseUrl}${to[0]}`, { waitUntil: 'load' });
  await waitForPage(tab.page, to[1]);
  return { ...tab, sockets, token };
}

const inboxCount = async (page: Page) =>
  Number(/\((\d+)\)/.exec((await page.$eval('#inbox', (el) => el.textContent ?? '')) ?? '')![1]);

const partyHash = () =>
  (JSON.parse(readFileSync(MANIFEST, 'utf8')) as { operations: { id: string; name: string }[] }).operations.find(
    (o) => o.name === 'DashboardMyParty',
  )!.id;

let counter = 0;
async function raiseSignal(): Promise<string> {
  const title = `Live signaal ${++counter} ${Date.now()}`;
  const res = await app.gql(
    RAISE,
    { input: { title, description: 'Uit ons Zorg Advies Traject.' } },
    await asUser(app, ZN),
  );
  expect(res.errors).toBeUndefined();
  return title;
}

it('shows a package signal raised for the Zorginstituut on its "Mijn partij" without reload, and not to others', async () => {
  const zin = await openParty(ZIN);
  const fms = await openParty(FMS);
  const anonymous = await openParty(null);
  await Promise.all([subscribed(zin.sockets), subscribed(fms.sockets)]);
  // The socket signs in as the session does, with the registered document in full.
  const zinSent = sentMessages(zin.sockets);
  expect(zinSent.find((m) => m.type === 'connection_init')!.payload).toEqual({
    authorization: `Bearer ${zin.token}`,
  });
  expect(zinSent.find((m) => m.type === 'subscribe')!.payload.operationName).toBe('DashboardEvents');
  const before = await inboxCount(zin.page);
  await zin.page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  expect(await zin.page.$eval('[data-live]', (el) => el.getAttribute('data-live'))).toBe('waiting');

  const title = await raiseSignal();

  await zin.page.waitForFunction(
    (count) => document.querySelector('#inbox')?.textContent?.includes(`(${count})`),
    { timeout: 10_000 },
    before + 1,
  );
  await zin.page.waitForSelector('[data-live="updated"]');
  expect(await zin.page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  expect(await zin.page.$eval('[data-live]', (el) => el.textContent)).toMatch(
    new RegExp(`^${nl['live.updated'].replace('{time}', '')}\\d`),
  );
  // The inbox is oldest first: the new item is on its last page.
  while (await zin.page.$('button[data-more="inbox"]')) {
    await zin.page.click('button[data-more="inbox"]');
    await settle(zin.page);
  }
  expect(await zin.page.$$eval('ul.inbox li', (lis) => lis.map((li) => li.textContent ?? ''))).toEqual(
    expect.arrayContaining([expect.stringContaining(title)]),
  );
  expect(await axeViolations(zin.page)).toEqual([]);

  // A party the signal does not concern reads nothing again; an anonymous visitor opens no socket at all.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(fms.sentHashes.filter((hash) => hash === partyHash())).toHaveLength(1);
  expect(await fms.page.$eval('[data-live]', (el) => el.getAttribute('data-live'))).toBe('waiting');
  expect(anonymous.sockets.size).toBe(0);
  for (const tab of [zin, fms, anonymous]) expect(tab.problems).toEqual([]);
}, 90_000);

/** The inbox as shown: each item's key, in order, and whether it shows as read. */
const shownInbox = (page: Page) =>
  page.$$eval('ul.inbox li', (lis) => lis.map((li) => ({ key: li.dataset.key!, read: li.classList.contains('read') })));

it('keeps the inbox items loaded with "Meer laden" (in order, once each) when a live update comes, with the new one', async () => {
  const zin = await openParty(ZIN);
  await subscribed(zin.sockets);
  // More than a first page (20) in the seed.
  expect(await inboxCount(zin.page)).toBeGreaterThan(20);
  expect(await shownInbox(zin.page)).toHaveLength(20);
  // The person reads the whole inbox, page by page: a new item (the inbox is oldest first) comes after it.
  while (await zin.page.$('button[data-more="inbox"]')) {
    const shown = (await shownInbox(zin.page)).length;
    await zin.page.click('button[data-more="inbox"]');
    await zin.page.waitForFunction((n) => document.querySelectorAll('ul.inbox li').length > n, {}, shown);
    await settle(zin.page);
  }
  const loaded = await shownInbox(zin.page);
  expect(new Set(loaded.map((item) => item.key)).size).toBe(loaded.length);
  // One item of the second page marked read: it stays read when the page reads its data again.
  const marked = loaded.find((item, i) => i >= 20 && !item.read)!;
  await zin.page.click(`ul.inbox li[data-key="${marked.key}"] button`);
  await zin.page.waitForSelector(`ul.inbox li[data-key="${marked.key}"].read`);
  const before = await inboxCount(zin.page);
  // The fewest items the inbox shows from now on: a live read must not empty or shorten it on the way.
  await zin.page.evaluate(() => {
    const w = window as unknown as { fewest: number };
    w.fewest = Infinity;
    new MutationObserver(() => {
      w.fewest = Math.min(w.fewest, document.querySelectorAll('ul.inbox li').length);
    }).observe(document.querySelector('main')!, { childList: true, subtree: true });
  });

  const title = await raiseSignal();

  await zin.page.waitForSelector('[data-live="updated"]', { timeout: 10_000 });
  await zin.page.waitForFunction(
    (count) => document.querySelector('#inbox')?.textContent?.includes(`(${count})`),
    { timeout: 10_000 },
    before + 1,
  );
  await settle(zin.page);
  const after = await shownInbox(zin.page);
  // Everything loaded before, in the same order, none twice, and the new item after it.
  expect(after.map((item) => item.key).slice(0, -1)).toEqual(loaded.map((item) => item.key));
  expect(new Set(after.map((item) => item.key)).size).toBe(after.length);
  expect(after.find((item) => item.key === marked.key)?.read).toBe(true);
  expect(await zin.page.$eval('ul.inbox li:last-child', (li) => li.textContent)).toContain(title);
  expect(await zin.page.$('button[data-more="inbox"]')).toBeNull();
  expect(await zin.page.evaluate(() => (window as unknown as { fewest: number }).fewest)).toBeGreaterThanOrEqual(
    loaded.length,
  );
  expect(zin.problems).toEqual([]);
}, 90_000);

it('ends the signed-in socket on sign-out: no socket keeps the token of a session that ended', async () => {
  const zin = await openParty(ZIN);
  await subscribed(zin.sockets);
  const first = [...zin.sockets.values()][0]!;
  expect(first.sent.map((m) => JSON.parse(m).payload?.authorization)).toContain(`Bearer ${zin.token}`);
  await zin.page.click(`xpath/.//header//button[normalize-space()="${nl['auth.signOut']}"]`);
  await zin.page.waitForFunction(() => !document.querySelector('.who'));
  const deadline = Date.now() + 10_000;
  while ([...zin.sockets.values()].some((s) => !s.closed)) {
    if (Date.now() > deadline) throw new Error('a socket stayed open after sign-out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(first.closed).toBe(true);
  // Any socket after the sign-out went anonymous.
  const later = [...zin.sockets.values()].slice(1);
  expect(later.flatMap((s) => s.sent.map((m) => JSON.parse(m).payload?.authorization)).filter(Boolean)).toEqual([]);
  expect(zin.problems).toEqual([]);
}, 60_000);

it('signs the socket in anew when the session changes: the overview, live for anyone, goes on anonymously', async () => {
  const zin = await openParty(ZIN, ['/', 'overview']);
  await subscribed(zin.sockets);
  const first = [...zin.sockets.values()][0]!;
  await zin.page.click(`xpath/.//header//button[normalize-space()="${nl['auth.signOut']}"]`);
  const deadline = Date.now() + 10_000;
  while (
    !first.closed ||
    ![...zin.sockets.values()].some((s) => s !== first && s.sent.some((m) => m.includes('"subscribe"')))
  ) {
    if (Date.now() > deadline) throw new Error('the overview did not subscribe again after sign-out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const later = [...zin.sockets.values()].filter((s) => s !== first);
  expect(later.flatMap((s) => s.sent.map((m) => JSON.parse(m).payload?.authorization)).filter(Boolean)).toEqual([]);
  expect(zin.problems).toEqual([]);
}, 60_000);
