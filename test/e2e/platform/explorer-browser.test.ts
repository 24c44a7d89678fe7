/// <reference lib="dom" />
// DOM types: the callbacks given to page.evaluate run in the browser.
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { createTestApp, type TestApp } from '../../helpers/app';

/**
 * The explorer in a real browser (Debian's chromium): type a query, run it at once, see its answer.
 * Typing then running straight away once answered "Cannot infer operation".
 */
let app: TestApp;
let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  app = await createTestApp();
  browser = await puppeteer.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  page = await browser.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(String(error)));
  page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

it('runs a query typed into the explorer and shows the answer, with no errors and nothing from elsewhere', async () => {
  const requested: string[] = [];
  page.on('request', (request) => requested.push(request.url()));
  await page.goto(app.url, { waitUntil: 'networkidle0' });
  await page.waitForSelector('.graphiql-query-editor .CodeMirror');

  // Replace the default query by typing, as a person would, then run it straight away.
  await page.click('.graphiql-query-editor .CodeMirror');
  await page.keyboard.down('Control');
  await page.keyboard.press('KeyA');
  await page.keyboard.up('Control');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('{ sectors { key } }');
  await page.click('.graphiql-execute-button');

  await page.waitForFunction(
    () => document.querySelector('.graphiql-response .CodeMirror')?.textContent?.includes('"sectors"'),
    { timeout: 15_000 },
  );
  const answer = await page.$eval('.graphiql-response .CodeMirror', (el) => el.textContent ?? '');
  const sectors: { key: string }[] = await app.dataSource.query('SELECT key FROM sector');
  expect(sectors.length).toBeGreaterThan(0);
  for (const { key } of sectors) expect(answer).toContain(`"${key}"`);
  expect(answer).not.toMatch(/Cannot infer operation|"errors"/);
  expect(problems).toEqual([]);
  expect(requested.filter((url) => !url.startsWith(app.baseUrl) && !url.startsWith('data:'))).toEqual([]);
}, 60_000);
