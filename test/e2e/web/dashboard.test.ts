/// <reference lib="dom" />
import type { Browser } from 'puppeteer-core';
import { createTestApp, type TestApp } from '../../helpers/app';
import {
  axeViolations,
  elsewhere,
  launchBrowser,
  openPage,
  screenshot,
  settle,
  signInAsDemo,
  unreachableByKeyboard,
  waitForPage,
  type DashboardPage,
} from './browser';

/**
 * The dashboard at `/` in a real browser (Debian's chromium): served by the API's own server under a
 * strict CSP, signed in through the development picker, in Dutch by default with an English switch,
 * and the health overview with its drill-down to the list.
 */
let app: TestApp;
let browser: Browser;
let tab: DashboardPage;

beforeAll(async () => {
  [app, browser] = await Promise.all([createTestApp(), launchBrowser()]);
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

describe('serving', () => {
  it('serves the page at / with a CSP stricter than the API’s: no inline script, nothing from elsewhere', async () => {
    const response = await fetch(`${app.baseUrl}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(csp).toContain("require-trusted-types-for 'script'");
    const html = await response.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('keeps the API where it was: /graphql answers GraphQL, unknown paths stay 404', async () => {
    expect((await app.gql('{ sectors { key } }')).data!.sectors.length).toBeGreaterThan(0);
    expect((await fetch(`${app.baseUrl}/no-such-page`)).status).toBe(404);
    expect((await fetch(`${app.baseUrl}/assets/no-such-file.js`)).status).toBe(404);
  });

  it('tells the page to offer the demo picker outside production', async () => {
    const settings = await (await fetch(`${app.baseUrl}/dashboard-settings.json`)).json();
    expect(settings).toEqual({ auth: { mode: 'local', demoUsers: true }, maxPageSize: 100, nestedMaxSize: 500 });
    const users = await (await fetch(`${app.baseUrl}/dev/demo-users`)).json();
    expect(users.users.map((u: { email: string }) => u.email)).toContain('vws.editor@example.org');
  });

  it('signs in only demo accounts through the picker', async () => {
    const post = (email: unknown) =>
      fetch(`${app.baseUrl}/dev/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email }),
      });
    await app.dataSource.query(`INSERT INTO "user" (email, name) VALUES ('real.person@example.org', 'Real Person')`);
    const refused = await post('real.person@example.org');
    expect([refused.status, (await refused.json()).errors[0].extensions.code]).toEqual([404, 'NOT_FOUND']);
    const missing = await post(42);
    expect([missing.status, (await missing.json()).errors[0].extensions.code]).toEqual([400, 'BAD_USER_INPUT']);
    const nul = await post('vws.editor@example.org\u0000');
    expect([nul.status, (await nul.json()).errors[0].extensions.code]).toEqual([404, 'NOT_FOUND']);
    const signed = await (await post('vws.editor@example.org')).json();
    const me = await app.gql('{ me { user { name } } }', {}, { authorization: `Bearer ${signed.token}` });
    expect(me.data!.me.user.name).toBe('VWS Editor');
  });
});

describe('health overview', () => {
  it('shows counts per programme in Dutch, passes axe, is usable by keyboard, and loads nothing from elsewhere', async () => {
    const { page } = tab;
    await page.goto(`${app.baseUrl}/`, { waitUntil: 'load' });
    await waitForPage(page, 'overview');
    expect(await page.$eval('html', (el) => el.lang)).toBe('nl');
    expect(await page.$eval('h1', (el) => el.textContent)).toBe('Voortgang van de opleverpunten');
    const [{ total }] = await app.dataSource.query('SELECT count(*)::int AS total FROM deliverable');
    const shownTotal = await page.$eval('table.counts tfoot td', (el) => el.textContent!.replace(/\D/g, ''));
    expect(Number(shownTotal)).toBe(total);
    expect(await axeViolations(page)).toEqual([]);
    expect(await unreachableByKeyboard(page)).toEqual([]);
    await screenshot(page, 'overview');
    expect(tab.problems).toEqual([]);
    expect(elsewhere(app, tab.requested)).toEqual([]);
  }, 60_000);

  it('drills down from an OFF_TRACK count of a programme to exactly those deliverables', async () => {
    const { page } = tab;
    await page.goto(`${app.baseUrl}/`, { waitUntil: 'load' });
    await waitForPage(page, 'overview');
    const link = await page.$('table.counts tbody a[href*="health=OFF_TRACK"]');
    expect(link).not.toBeNull();
    const count = Number(await link!.evaluate((el) => el.firstChild!.textContent));
    await link!.click();
    await waitForPage(page, 'deliverables');
    expect(new URL(page.url()).searchParams.get('health')).toBe('OFF_TRACK');
    expect(new URL(page.url()).searchParams.get('programme')).toBeTruthy();
    const healths = await page.$$eval('table.list tbody tr .badge', (els) => els.map((el) => el.textContent));
    expect(healths).toEqual(Array(count).fill('Uit koers'));
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'deliverables');
    expect(tab.problems).toEqual([]);
  }, 60_000);

  it('counts due within 90 days the way the list behind it does, for every group', async () => {
    const { page } = tab;
    await page.goto(`${app.baseUrl}/?by=PARTY&asOf=2025-06-01`, { waitUntil: 'load' });
    await waitForPage(page, 'overview');
    const links = await page.$$eval('table.counts tbody a[href*="open=true"]', (els) =>
      els.map((el) => ({ href: el.getAttribute('href')!, count: Number(el.firstChild!.textContent) })),
    );
    expect(links.length).toBeGreaterThan(0);
    for (const { href, count } of links) {
      await page.goto(`${app.baseUrl}${href}`, { waitUntil: 'load' });
      await waitForPage(page, 'deliverables');
      expect(await page.$$eval('table.list tbody tr', (rows) => rows.length)).toBe(count);
    }
  }, 60_000);
});

describe('sign-in and language', () => {
  it('signs in as a demo user, switches to English and keeps Dutch number and date formats', async () => {
    const { page } = tab;
    await signInAsDemo(page, app, 'vws.editor@example.org');
    await waitForPage(page, 'overview');
    expect(await page.$eval('.who', (el) => el.textContent)).toBe('Ingelogd als VWS Editor');
    expect(await page.$eval('table.counts caption', (el) => el.textContent)).toMatch(/peildatum \d{2}-\d{2}-\d{4}$/);
    await page.click('.account button[lang="en"]');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await page.$eval('h1', (el) => el.textContent)).toBe('Progress of the deliverables');
    expect(await page.$eval('.who', (el) => el.textContent)).toBe('Signed in as VWS Editor');
    expect(await page.$eval('table.counts caption', (el) => el.textContent)).toMatch(/as of \d{2}-\d{2}-\d{4}$/);
    // Signed in with a party: its milestones as a calendar.
    expect(await page.$$eval('a[href^="/exports/milestones.ics"]', (els) => els.length)).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'overview-en');
    await page.click('.account button[lang="nl"]');
    await page.waitForFunction(() => document.documentElement.lang === 'nl');
    expect(tab.problems).toEqual([]);
  }, 60_000);

  it('downloads the CSV with the session’s token, so a signed-in user gets what the API gives them', async () => {
    const { page } = tab;
    await signInAsDemo(page, app, 'zin.viewer@example.org');
    await waitForPage(page, 'overview');
    const sent = new Promise<{ url: string; authorization: string | undefined; status: number }>((resolve) =>
      page.on('response', (response) => {
        if (response.url().includes('/exports/deliverables.csv'))
          resolve({
            url: response.url(),
            authorization: response.request().headers().authorization,
            status: response.status(),
          });
      }),
    );
    await page.click('a[href^="/exports/deliverables.csv"]');
    const { url, authorization, status } = await sent;
    expect([authorization?.startsWith('Bearer '), status]).toEqual([true, 200]);
    // With that token the export holds what signed-in readers get: the last update's text too.
    const csv = await (await fetch(url, { headers: { authorization: authorization! } })).text();
    expect(
      csv
        .replace(/^\uFEFF/, '')
        .split('\n')[0]!
        .split(','),
    ).toContain('lastUpdateText');
    expect(tab.problems).toEqual([]);
  }, 60_000);

  it('offers the picker by keyboard alone and passes axe', async () => {
    const { page } = tab;
    await page.goto(`${app.baseUrl}/sign-in`, { waitUntil: 'load' });
    await waitForPage(page, 'sign-in');
    expect(await axeViolations(page)).toEqual([]);
    expect(await unreachableByKeyboard(page)).toEqual([]);
    await screenshot(page, 'sign-in');
    // Keyboard only: focus the list, choose by typing the name, Tab to the button, Enter.
    await page.focus('#demo-user');
    await page.keyboard.type('VWS Viewer');
    expect(await page.$eval('#demo-user', (el) => (el as HTMLSelectElement).value)).toBe('vws.viewer@example.org');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.who');
    expect(await page.$eval('.who', (el) => el.textContent)).toBe('Ingelogd als VWS Viewer');
    expect(tab.problems).toEqual([]);
  }, 60_000);

  it('ends a session whose token the API no longer accepts, says so, and shows the page as anonymous', async () => {
    const { page } = tab;
    await page.evaluateOnNewDocument(() => {
      window.sessionStorage.setItem(
        'iza.session',
        JSON.stringify({ token: 'expired.or.revoked', name: 'VWS Editor', email: null, expiresAt: null }),
      );
    });
    await page.goto(`${app.baseUrl}/`, { waitUntil: 'load' });
    await page.waitForSelector('main .notice');
    await waitForPage(page, 'overview');
    expect(await page.$eval('main .notice', (el) => el.textContent)).toBe('Uw sessie is verlopen; log opnieuw in.');
    expect(await page.$('.who')).toBeNull();
    expect(await page.evaluate(() => window.sessionStorage.getItem('iza.session'))).toBeNull();
    expect(await axeViolations(page)).toEqual([]);
    // The browser reports the refused request itself; nothing else went wrong.
    expect(tab.problems.length).toBeGreaterThan(0);
    expect(tab.problems.filter((p) => !/status of 401/.test(p))).toEqual([]);
  }, 60_000);

  it('signs out from "Mijn partij" without an error in the page', async () => {
    const { page } = tab;
    await signInAsDemo(page, app, 'nhg.editor@example.org');
    await waitForPage(page, 'overview');
    await page.click('header nav a[href="/party"]');
    await waitForPage(page, 'party');
    await settle(page);
    // The page's query is torn down while the sign-out asks every query again.
    await page.click('.account button:not([lang])');
    await page.waitForSelector('.account a[href="/sign-in"]');
    await settle(page);
    expect(await page.$eval('main p', (el) => el.textContent)).toBe(
      'Log in om te zien wat er voor uw partij klaarstaat.',
    );
    expect(tab.problems).toEqual([]);
  }, 60_000);
});
