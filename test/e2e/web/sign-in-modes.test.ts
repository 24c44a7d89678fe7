/// <reference lib="dom" />
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'puppeteer-core';
import { createTestApp, type TestApp } from '../../helpers/app';
import { nl } from '../../../web/src/messages';
import { startFakeProvider, type FakeProvider } from './fake-oidc-provider';
import { axeViolations, launchBrowser, openPage, screenshot, waitForPage } from './browser';

/**
 * Sign-in outside development: in production the demo picker does not exist (no route, no page), and
 * with AUTH_MODE=oidc the dashboard signs in at the issuer with authorization code + PKCE.
 */
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('production with local tokens', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp({ NODE_ENV: 'production', AUTH_JWT_SECRET: randomBytes(32).toString('base64') });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  it('has no demo-user routes and tells the page there is no picker', async () => {
    expect((await fetch(`${app.baseUrl}/dev/demo-users`)).status).toBe(404);
    const signIn = await fetch(`${app.baseUrl}/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'vws.editor@example.org' }),
    });
    expect(signIn.status).toBe(404);
    expect(await (await fetch(`${app.baseUrl}/dashboard-settings.json`)).json()).toEqual({
      auth: { mode: 'local', demoUsers: false },
      maxPageSize: 100,
      nestedMaxSize: 500,
    });
  });

  it('shows no picker on the sign-in page, and the overview still works for anonymous visitors', async () => {
    const tab = await openPage(browser);
    try {
      await tab.page.goto(`${app.baseUrl}/sign-in`, { waitUntil: 'load' });
      await waitForPage(tab.page, 'sign-in');
      expect(await tab.page.$('#demo-user')).toBeNull();
      expect(tab.requested.some((url) => url.includes('/dev/'))).toBe(false);
      await tab.page.goto(`${app.baseUrl}/`, { waitUntil: 'load' });
      await waitForPage(tab.page, 'overview');
      expect(tab.problems).toEqual([]);
    } finally {
      await tab.close();
    }
  }, 60_000);
});

describe('OpenID Connect', () => {
  let app: TestApp;
  let provider: FakeProvider;
  const CLIENT_ID = 'iza-dashboard';
  beforeAll(async () => {
    // The user's e-mail address is verified at the provider: the first sign-in links the demo account.
    provider = await startFakeProvider(
      { sub: 'idp-user-1', email: 'vws.editor@example.org', name: 'VWS Editor (IdP)' },
      'iza-platform',
    );
    app = await createTestApp({
      NODE_ENV: 'production',
      AUTH_MODE: 'oidc',
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: CLIENT_ID,
    });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await provider?.close();
  });

  it('tells the page the issuer and client, and lets the page talk to the issuer only', async () => {
    const response = await fetch(`${app.baseUrl}/`);
    expect(response.headers.get('content-security-policy')).toContain(`connect-src 'self' ${provider.issuer}`);
    expect(await (await fetch(`${app.baseUrl}/dashboard-settings.json`)).json()).toEqual({
      auth: { mode: 'oidc', authority: provider.issuer, clientId: CLIENT_ID, scope: 'openid email profile' },
      maxPageSize: 100,
      nestedMaxSize: 500,
    });
  });

  it('signs in with authorization code + PKCE (S256) and the API accepts the access token', async () => {
    const tab = await openPage(browser);
    try {
      const { page } = tab;
      await page.goto(`${app.baseUrl}/sign-in`, { waitUntil: 'load' });
      await waitForPage(page, 'sign-in');
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'sign-in-oidc');
      await Promise.all([page.waitForNavigation(), page.click('main button')]);
      await page.waitForSelector('.who', { timeout: 15_000 });
      expect(await page.$eval('.who', (el) => el.textContent)).toBe('Ingelogd als VWS Editor (IdP)');

      const [authorize] = provider.log.authorize;
      expect(authorize!.get('response_type')).toBe('code');
      expect(authorize!.get('client_id')).toBe(CLIENT_ID);
      expect(authorize!.get('redirect_uri')).toBe(`${app.baseUrl}/auth/callback`);
      expect(authorize!.get('code_challenge_method')).toBe('S256');
      expect(authorize!.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(provider.log.token[0]!.get('code_verifier')).toMatch(/^[A-Za-z0-9._~-]{43,128}$/);

      // The API accepted the provider's access token: `me` named the account's party, whose calendar
      // the overview then offers (anonymous visitors get none).
      await waitForPage(page, 'overview');
      await page.waitForSelector('a[href^="/exports/milestones.ics"]');
      expect(await page.$$eval('a[href^="/exports/milestones.ics"]', (els) => els.map((el) => el.textContent))).toEqual(
        ['Mijlpalen van VWS als iCal'],
      );
      // Signing out leaves no token in the tab: not the session's, not the OIDC library's.
      const tokenKept = () =>
        page.evaluate(() =>
          Object.keys(window.sessionStorage).filter((key) => /access_token/.test(window.sessionStorage.getItem(key)!)),
        );
      await page.click('.account button:last-of-type');
      await page.waitForSelector('.account a[href="/sign-in"]');
      expect(await tokenKept()).toEqual([]);
      // This provider offers no end_session_endpoint: signing out is the dashboard's own, and its session
      // at the provider stays (the page never left the dashboard).
      expect(new URL(page.url()).origin).toBe(app.baseUrl);
      expect(provider.sessions.size).toBe(1);
      expect(tab.problems).toEqual([]);
    } finally {
      await tab.close();
    }
  }, 60_000);
});

describe('OpenID Connect with an end_session_endpoint', () => {
  let app: TestApp;
  let provider: FakeProvider;
  beforeAll(async () => {
    provider = await startFakeProvider(
      { sub: 'idp-user-2', email: 'vws.editor@example.org', name: 'VWS Editor (IdP)' },
      'iza-platform',
      { endSession: true },
    );
    app = await createTestApp({
      NODE_ENV: 'production',
      AUTH_MODE: 'oidc',
      OIDC_ISSUER: provider.issuer,
      OIDC_CLIENT_ID: 'iza-dashboard',
    });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await provider?.close();
  });

  async function signIn(page: Page): Promise<void> {
    await page.goto(`${app.baseUrl}/sign-in`, { waitUntil: 'load' });
    await waitForPage(page, 'sign-in');
    await Promise.all([page.waitForNavigation(), page.click('main button')]);
    await page.waitForSelector('.who', { timeout: 15_000 });
    await waitForPage(page, 'overview');
  }

  it('ends the session at the provider too, and comes back to the dashboard signed out', async () => {
    const tab = await openPage(browser);
    try {
      const { page } = tab;
      await signIn(page);
      expect(provider.sessions.size).toBe(1);

      // One navigation: to the provider's end_session_endpoint, which redirects back to the start page.
      await Promise.all([page.waitForNavigation(), page.click('.account button:last-of-type')]);
      expect(page.url()).toBe(`${app.baseUrl}/`);
      await page.waitForSelector('.account a[href="/sign-in"]');
      const [logout] = provider.log.logout;
      expect(provider.log.logout).toHaveLength(1);
      expect(logout!.get('id_token_hint')).toBe(provider.log.idTokens.at(-1));
      expect(logout!.get('post_logout_redirect_uri')).toBe(`${app.baseUrl}/`);
      expect(provider.sessions.size).toBe(0);
      expect(await page.evaluate(() => Object.keys(window.sessionStorage))).toEqual([]);
      expect(await page.$('main .notice')).toBeNull();
      expect(tab.problems).toEqual([]);
    } finally {
      await tab.close();
    }
  }, 60_000);

  it('still signs out of the dashboard when the provider cannot be reached, and says the provider may not have', async () => {
    const tab = await openPage(browser);
    try {
      const { page } = tab;
      await signIn(page);
      provider.down = true;
      await page.click('.account button:last-of-type');
      await page.waitForSelector('.account a[href="/sign-in"]');
      await page.waitForSelector('main .notice[role="status"]');
      expect(await page.$eval('main .notice[role="status"]', (el) => el.textContent)).toBe(
        nl['auth.providerSignOutFailed'],
      );
      expect(new URL(page.url()).origin).toBe(app.baseUrl);
      expect(await page.evaluate(() => Object.keys(window.sessionStorage))).toEqual([]);
      expect(provider.sessions.size).toBe(1);
      // The only complaint is the browser's about the provider's 503.
      expect(tab.problems.filter((problem) => !problem.includes('503'))).toEqual([]);
    } finally {
      provider.down = false;
      await tab.close();
    }
  }, 60_000);
});
