/// <reference lib="dom" />
import type { Browser, Page } from 'puppeteer-core';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { en, nl } from '../../../web/src/messages';
import {
  axeViolations,
  launchBrowser,
  openPage,
  settle,
  signInAsDemo,
  waitForPage,
  type DashboardPage,
} from './browser';

/**
 * The dashboard is Dutch: when the API refuses something, the page says so in Dutch by the error's
 * code, and keeps the API's English words under "Technische details" instead of showing them.
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

/** The alert's sentence, its field line and the API's words in the disclosure. */
function alertIn(page: Page, scope: string) {
  return page.$eval(scope, (root) => {
    const alert = root.querySelector('.error[role="alert"]');
    return {
      sentence: alert?.querySelector(':scope > p')?.textContent ?? null,
      field: alert?.querySelector(':scope > p + p')?.textContent ?? null,
      detail: alert?.querySelector('details p[lang="en"]')?.textContent ?? null,
    };
  });
}

const CONFIRM = `mutation($input: ConfirmSynergyLinkInput!) { confirmSynergyLink(input: $input) { id } }`;

it('says in Dutch that a confirmation is not allowed when the editor lost the right meanwhile', async () => {
  const { page } = tab;
  const editor = 'fms.editor@example.org';
  const { data } = await app.gql(`{ sectors { id } }`);
  let found: { sectorId: string; linkId: string; version: number } | undefined;
  for (const { id: sectorId } of data!.sectors as { id: string }[]) {
    const { data: links } = await app.gql(
      `query($s: [ID!]) { synergyLinks(filter: { sectorIds: $s, awaitingSide: GUIDELINE_OWNER }, first: 100) { nodes { id version guideline { owners { key } } } } }`,
      { s: [sectorId] },
    );
    const link = (
      links!.synergyLinks.nodes as { id: string; version: number; guideline: { owners: { key: string }[] } }[]
    ).find((l) => l.guideline.owners.some((o) => o.key === 'fms'));
    if (link) found = { sectorId, linkId: link.id, version: link.version };
    if (found) break;
  }
  if (!found) throw new Error('no FMS link awaits the guideline owner in the seed');

  await signInAsDemo(page, app, editor);
  await waitForPage(page, 'overview');
  await page.goto(`${app.baseUrl}/synergy?sector=${encodeURIComponent(found.sectorId)}`, { waitUntil: 'load' });
  await waitForPage(page, 'synergy');
  const button = `section[aria-labelledby="awaiting-owner"] tr[data-link="${found.linkId}"] button`;
  await page.waitForSelector(button);

  // Meanwhile FMS's admin makes the editor a viewer: the button on screen is now refused.
  const editorHeaders = await asUser(app, editor);
  const { data: me } = await app.gql(`{ me { memberships { id version party { key } } } }`, {}, editorHeaders);
  const membership = (me!.me.memberships as { id: string; version: number; party: { key: string } }[]).find(
    (m) => m.party.key === 'fms',
  )!;
  const demoted = await app.gql(
    `mutation($input: UpdateMembershipInput!) { updateMembership(input: $input) { role } }`,
    { input: { id: membership.id, version: membership.version, role: 'VIEWER' } },
    await asUser(app, 'fms.admin@example.org'),
  );
  expect(demoted.data!.updateMembership.role).toBe('VIEWER');
  // What the API says to the same press, in its own words.
  const refused = await app.gql(
    CONFIRM,
    { input: { id: found.linkId, version: found.version, side: 'GUIDELINE_OWNER' } },
    editorHeaders,
  );
  expect(refused.errors![0]!.extensions!.code).toBe('FORBIDDEN');

  await page.click(button);
  const section = 'section[aria-labelledby="awaiting-owner"]';
  await page.waitForSelector(`${section} .error[role="alert"]`);
  // What the page shows is the Dutch sentence; the English text only inside the closed disclosure.
  const shown = await page.$eval(`${section} .error[role="alert"]`, (el) => (el as HTMLElement).innerText);
  expect(shown).toContain(nl['error.FORBIDDEN']);
  expect(shown).not.toContain(refused.errors![0]!.message);
  expect(await alertIn(page, section)).toEqual({
    sentence: nl['error.FORBIDDEN'],
    field: null,
    detail: refused.errors![0]!.message,
  });
  expect(await axeViolations(page)).toEqual([]);

  // In the English page, the same failure in English.
  await page.click('.account button[lang="en"]');
  expect((await alertIn(page, section)).sentence).toBe(en['error.FORBIDDEN']);
  expect(tab.problems).toEqual([]);
}, 90_000);

it('says in Dutch which input a query refused, with the field', async () => {
  const { page } = tab;
  const asOf = '2026-02-30';
  const { errors } = await app.gql(
    `query($asOf: LocalDate) { deliverableDashboard(groupBy: PROGRAMME, asOf: $asOf) { asOf } }`,
    { asOf },
  );
  expect(errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'asOf' });

  await page.goto(`${app.baseUrl}/?asOf=${asOf}`, { waitUntil: 'load' });
  await page.waitForSelector('main .error[role="alert"]');
  await settle(page);
  const shown = await page.$eval('main .error[role="alert"]', (el) => (el as HTMLElement).innerText);
  expect(shown).toContain(nl['error.BAD_USER_INPUT']);
  expect(shown).not.toContain(errors![0]!.message);
  expect(await alertIn(page, 'main')).toEqual({
    sentence: nl['error.BAD_USER_INPUT'],
    field: nl['error.field'].replace('{field}', 'asOf'),
    detail: errors![0]!.message,
  });
  expect(await axeViolations(page)).toEqual([]);
}, 60_000);

it('says so when it cannot read who is signed in, instead of loading "Mijn partij" forever', async () => {
  const { page } = tab;
  await signInAsDemo(page, app, 'fms.editor@example.org');
  await waitForPage(page, 'overview');
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (request.url().endsWith('/graphql') && (request.postData() ?? '').includes('"DashboardViewer"'))
      return void request.respond({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({
          errors: [{ message: 'Service unavailable', extensions: { code: 'SERVICE_UNAVAILABLE' } }],
        }),
      });
    return void request.continue();
  });
  await page.goto(`${app.baseUrl}/party`, { waitUntil: 'load' });
  await page.waitForSelector('main .error[role="alert"]', { timeout: 15_000 });
  expect(await alertIn(page, 'main')).toEqual({
    sentence: nl['error.SERVICE_UNAVAILABLE'],
    field: null,
    detail: 'Service unavailable',
  });
  expect(await page.$('main .loading')).toBeNull();
  expect(await axeViolations(page)).toEqual([]);
}, 60_000);
