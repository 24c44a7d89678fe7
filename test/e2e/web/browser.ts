/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// DOM types: the callbacks given to page.evaluate run in the browser.
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import puppeteer, { type Browser, type BrowserContext, type Page } from 'puppeteer-core';
import type { TestApp } from '../../helpers/app';

/** Screenshots of every page the tests open; git ignores the folder. */
export const SCREENSHOTS = path.join(__dirname, 'screenshots');

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Debian's chromium, headless (puppeteer-core downloads no browser of its own). */
export function launchBrowser(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--lang=nl-NL',
    ],
  });
}

export interface DashboardPage {
  page: Page;
  context: BrowserContext;
  /** Console errors, page errors, failed requests and CSP reports seen so far. */
  problems: string[];
  /** Every URL the page asked for. */
  requested: string[];
  /** Persisted-query hashes the page sent to /graphql. */
  sentHashes: string[];
  close(): Promise<void>;
}

/**
 * A fresh browser context (its own storage) with one page that records what goes wrong; with `tabOf`, another
 * page (tab) of that context instead, sharing its storage but for sessionStorage, and closing alone.
 */
export async function openPage(browser: Browser, tabOf?: BrowserContext): Promise<DashboardPage> {
  const context = tabOf ?? (await browser.createBrowserContext());
  const page = await context.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const problems: string[] = [];
  const requested: string[] = [];
  const sentHashes: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warn') problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(String(error)));
  page.on('requestfailed', (request) => {
    // A download link's navigation is aborted by the browser on purpose.
    if (request.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`failed: ${request.url()}`);
  });
  page.on('request', (request) => {
    requested.push(request.url());
    const body = request.postData();
    if (request.url().endsWith('/graphql') && body) {
      const hash = (JSON.parse(body) as { extensions?: { persistedQuery?: { sha256Hash?: string } } }).extensions
        ?.persistedQuery?.sha256Hash;
      if (hash) sentHashes.push(hash);
    }
  });
  return { page, context, problems, requested, sentHashes, close: () => (tabOf ? page.close() : context.close()) };
}

/**
 * Waits until the page named `name` shows its first data (web/src/ui.tsx marks it); fails at once with
 * the page's own message when it shows an error instead.
 */
export async function waitForPage(page: Page, name: string): Promise<void> {
  await page.waitForSelector(`body[data-ready="${name}"], main .error[role="alert"]`, { timeout: 15_000 });
  const alert = await page.$eval('main', (main) => main.querySelector('.error[role="alert"]')?.textContent ?? null);
  if (alert !== null) throw new Error(`the ${name} page shows an error: ${alert}`);
}

/**
 * Goes to `to` the way the dashboard's own links do (web/src/router.tsx): no reload, so Apollo's cache
 * keeps what earlier pages read.
 */
export async function navigateInPage(page: Page, to: string): Promise<void> {
  await page.evaluate((url) => {
    window.history.pushState(null, '', url);
    window.dispatchEvent(new Event('iza:navigate'));
  }, to);
}

export interface Socket {
  url: string;
  sent: string[];
  closed: boolean;
}

/** The page's WebSockets as the browser saw them (Chrome DevTools Protocol): what each sent, whether it closed. */
export async function watchSockets(page: Page): Promise<Map<string, Socket>> {
  const sockets = new Map<string, Socket>();
  const cdp = await page.createCDPSession();
  await cdp.send('Network.enable');
  cdp.on('Network.webSocketCreated', ({ requestId, url }) => sockets.set(requestId, { url, sent: [], closed: false }));
  cdp.on('Network.webSocketFrameSent', ({ requestId, response }) =>
    sockets.get(requestId)?.sent.push(response.payloadData),
  );
  cdp.on('Network.webSocketClosed', ({ requestId }) => {
    const socket = sockets.get(requestId);
    if (socket) socket.closed = true;
  });
  return sockets;
}

export const sentMessages = (sockets: Map<string, Socket>) =>
  [...sockets.values()].flatMap((s) => s.sent.map((m) => JSON.parse(m) as { type: string; payload?: any }));

/** Waits until the page's subscription is on the socket, and a moment for the server to take it up. */
export async function subscribed(sockets: Map<string, Socket>) {
  const deadline = Date.now() + 10_000;
  while (!sentMessages(sockets).some((m) => m.type === 'subscribe')) {
    if (Date.now() > deadline) throw new Error('the page did not subscribe');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
}

/**
 * What the page reads and hears from now on (Chrome DevTools Protocol, enabled before its socket opens): how many
 * times it sent the operation `read`, and the types of the live events its socket received. The answers to the
 * operations `held` come `holdMs` late, so the events of their changes may come first.
 */
export async function watchReads(page: Page, read: string, held: string[], holdMs: number) {
  const watched = { reads: 0, events: [] as string[] };
  const operationOf = (body: string | undefined) =>
    body ? (JSON.parse(body) as { operationName?: string }).operationName : undefined;
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().endsWith('/graphql') && operationOf(request.postData()) === read)
      watched.reads += 1;
  });
  const cdp = await page.createCDPSession();
  await cdp.send('Network.enable');
  cdp.on('Network.webSocketFrameReceived', ({ response }) => {
    const type = (JSON.parse(response.payloadData) as { payload?: { data?: { events?: { type?: string } } } }).payload
      ?.data?.events?.type;
    if (type) watched.events.push(type);
  });
  await cdp.send('Fetch.enable', { patterns: [{ urlPattern: '*/graphql', requestStage: 'Response' }] });
  cdp.on('Fetch.requestPaused', ({ requestId, request }) => {
    const late = request.method === 'POST' && held.includes(operationOf(request.postData) ?? '');
    setTimeout(() => void cdp.send('Fetch.continueRequest', { requestId }).catch(() => undefined), late ? holdMs : 0);
  });
  return watched;
}

/**
 * Makes the dashboard take in each message of its sockets that carries a live event `ms` late (call it before the
 * page loads): the answer to a change made on the page then comes before the change's events.
 */
export async function holdEvents(page: Page, ms: number): Promise<void> {
  await page.evaluateOnNewDocument((ms) => {
    const onmessage = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage')!;
    Object.defineProperty(WebSocket.prototype, 'onmessage', {
      ...onmessage,
      set(this: WebSocket, handler: ((event: MessageEvent) => void) | null) {
        const late = (event: MessageEvent) =>
          typeof event.data === 'string' && (JSON.parse(event.data) as { type?: string }).type === 'next';
        onmessage.set!.call(
          this,
          handler &&
            ((event: MessageEvent) =>
              late(event) ? setTimeout(() => handler.call(this, event), ms) : handler.call(this, event)),
        );
      },
    });
  }, ms);
}

/** Waits until the page has asked nothing for half a second (its queries, refetches included, answered). */
export async function settle(page: Page): Promise<void> {
  await page.waitForNetworkIdle({ idleTime: 500, timeout: 15_000 });
}

/** Milliseconds from the start of navigation to the page's first data on screen. */
export async function firstViewMs(page: Page, name: string): Promise<number> {
  return page.evaluate((mark) => performance.getEntriesByName(mark)[0]!.startTime, `iza:ready:${name}`);
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** WCAG 2.1 A and AA checks of axe-core on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<any> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return (result.violations as any[]).map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: (v.nodes as any[]).map((n) => (n.target as string[]).join(' ')),
    }));
  });
}

/**
 * Presses Tab until focus comes back round, and returns the controls it never reached: every link,
 * button and field must be reachable by keyboard alone.
 */
export async function unreachableByKeyboard(page: Page): Promise<string[]> {
  const total = await page.evaluate(() => {
    const controls = [
      ...document.querySelectorAll<HTMLElement>(
        'a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])',
      ),
    ].filter((el) => !(el as HTMLButtonElement).disabled && el.getClientRects().length > 0);
    controls.forEach((el, i) => el.setAttribute('data-kb', String(i)));
    (document.activeElement as HTMLElement | null)?.blur();
    return controls.length;
  });
  const reached = new Set<string>();
  // Focus starts where the page put it (its heading) and wraps round through the browser's own UI.
  for (let i = 0; i < 2 * total + 10 && reached.size < total; i++) {
    await page.keyboard.press('Tab');
    const id = await page.evaluate(() => document.activeElement?.getAttribute('data-kb') ?? null);
    if (id !== null) reached.add(id);
  }
  // A radio group is one tab stop, its other options are reached with the arrow keys (WAI-ARIA): a group counts
  // as reached when one of its radios is.
  return page.evaluate(
    (ids) => {
      const all = [...document.querySelectorAll<HTMLElement>('[data-kb]')];
      const isReached = (el: HTMLElement) => ids.includes(el.getAttribute('data-kb')!);
      const radioGroups = new Set(
        all
          .filter((el) => isReached(el) && (el as HTMLInputElement).type === 'radio')
          .map((el) => (el as HTMLInputElement).name),
      );
      return all
        .filter((el) => !isReached(el))
        .filter((el) => !((el as HTMLInputElement).type === 'radio' && radioGroups.has((el as HTMLInputElement).name)))
        .map((el) => `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 40)}"`);
    },
    [...reached],
  );
}

/** The whole page, or with `viewport` only what a window of that size shows (the README's picture). */
export async function screenshot(
  page: Page,
  name: string,
  viewport?: { width: number; height: number },
): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`) as `${string}.png`;
  if (!viewport) return void (await page.screenshot({ path: file, fullPage: true }));
  const before = page.viewport();
  await page.setViewport(viewport);
  await page.screenshot({ path: file, captureBeyondViewport: false });
  if (before) await page.setViewport(before);
}

/** Signs in through the development picker as the demo account `email`. */
export async function signInAsDemo(page: Page, app: TestApp, email: string): Promise<void> {
  await page.goto(`${app.baseUrl}/sign-in`, { waitUntil: 'load' });
  await waitForPage(page, 'sign-in');
  await page.select('#demo-user', email);
  await Promise.all([page.click('form button[type="submit"]'), page.waitForSelector('.who')]);
}

/** Requests to anywhere but the app itself (the dashboard loads nothing from the internet). */
export function elsewhere(app: TestApp, requested: string[]): string[] {
  return requested.filter((url) => !url.startsWith(app.baseUrl) && !url.startsWith('data:'));
}
