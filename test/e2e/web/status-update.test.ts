/// <reference lib="dom" />
import type { Browser } from 'puppeteer-core';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { CREATE_DELIVERABLE, day, mutate, partyIds, span, UPDATE_DELIVERABLE } from '../../fixtures/deliverables';
import { nl } from '../../../web/src/messages';
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
 * "Voortgang melden" on a deliverable's page: who is offered the form, what the page shows after an
 * update, and what it keeps when the API refuses one.
 */
let app: TestApp;
let browser: Browser;
let tab: DashboardPage;

beforeAll(async () => {
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});
// A fresh copy of the seeded database per test: every test posts on its own deliverable.
beforeEach(async () => {
  [app, tab] = await Promise.all([createTestApp(), openPage(browser)]);
}, 60_000);
afterEach(async () => {
  await tab.close();
  await app.close();
});

const VWS = 'vws.editor@example.org';
const OWNER = 'zin.editor@example.org';
const CONTRIBUTOR = 'fms.editor@example.org';
const FORM = 'form[data-form="status-update"]';

/** A planned deliverable Zorginstituut owns and FMS contributes to, as VWS plans one: no update yet. */
async function plannedDeliverable(): Promise<{ id: string; version: number }> {
  const parties = await partyIds(app, ['zorginstituut', 'fms']);
  const { createDeliverable } = await mutate(app, VWS, CREATE_DELIVERABLE, {
    title: 'Voortgang melden vanuit het dashboard',
    ownerPartyIds: [parties.zorginstituut],
    contributorPartyIds: [parties.fms],
    due: span(day(100), day(200)),
  });
  return createDeliverable;
}

async function openDeliverable(email: string | null, id: string): Promise<void> {
  const { page } = tab;
  if (email) {
    await signInAsDemo(page, app, email);
    await waitForPage(page, 'overview');
  }
  await page.goto(`${app.baseUrl}/deliverables/${encodeURIComponent(id)}`, { waitUntil: 'load' });
  await waitForPage(page, 'deliverable');
  await settle(page);
}

/** What the API holds: the deliverable's status and its updates, newest first. */
async function stored(id: string) {
  const { data } = await app.gql(
    `query($id: ID!) { deliverable(id: $id) { status statusUpdates { nodes { health status text party { key } } } } }`,
    { id },
    await asUser(app, OWNER),
  );
  return data!.deliverable as {
    status: string;
    statusUpdates: { nodes: { health: string; status: string | null; text: string; party: { key: string } }[] };
  };
}

const formState = () =>
  tab.page.$eval(FORM, (form) => ({
    text: form.querySelector('textarea')!.value,
    status: form.querySelector('select')!.value,
    alerts: [...form.querySelectorAll('[role="alert"] > p:first-child, p[role="alert"]')].map((p) => p.textContent),
  }));

it('lets an owner report progress by keyboard: the page shows the update and its health at once', async () => {
  const { page } = tab;
  const d = await plannedDeliverable();
  await openDeliverable(OWNER, d.id);
  expect(await page.$eval('section[aria-labelledby="updates"]', (s) => s.textContent)).toContain(nl['common.none']);
  expect(await axeViolations(page)).toEqual([]);
  // Health: from the checked "Op koers" one step on to "Risico"; then the text, the new status, send.
  await page.focus(`${FORM} input[name="health"]:checked`);
  expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe('ON_TRACK');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => (document.activeElement as HTMLTextAreaElement).labels?.[0]?.textContent)).toBe(
    nl['update.text'],
  );
  await page.keyboard.type('Uitvraag verstuurd; antwoorden van de partijen volgen in het voorjaar.');
  await page.keyboard.press('Tab');
  await page.keyboard.type(nl['status.IN_PROGRESS']);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'status');
  await settle(page);
  // The focus is on what happened, the form is empty again, and the page shows the update without a reload.
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(nl['update.posted']);
  expect(await formState()).toEqual({ text: '', status: '', alerts: [] });
  const shown = await page.evaluate(() => ({
    latest: document.querySelector('ul.updates li')?.textContent ?? null,
    facts: document.querySelector('section[aria-labelledby="facts"] dd')?.textContent ?? null,
  }));
  expect(shown.latest).toContain('Uitvraag verstuurd; antwoorden van de partijen volgen in het voorjaar.');
  expect(shown.latest).toContain(nl['health.AT_RISK']);
  expect(shown.latest).toContain(nl['status.IN_PROGRESS']);
  expect(shown.facts).toContain(nl['health.AT_RISK']);
  expect(shown.facts).toContain(nl['status.IN_PROGRESS']);
  expect(await stored(d.id)).toEqual({
    status: 'IN_PROGRESS',
    statusUpdates: {
      nodes: [
        {
          health: 'AT_RISK',
          status: 'IN_PROGRESS',
          text: 'Uitvraag verstuurd; antwoorden van de partijen volgen in het voorjaar.',
          party: { key: 'zorginstituut' },
        },
      ],
    },
  });
  expect(await axeViolations(page)).toEqual([]);
  expect(tab.problems).toEqual([]);
}, 90_000);

it('refuses a blank text before sending anything, says so at the field and announces it', async () => {
  const { page } = tab;
  const d = await plannedDeliverable();
  await openDeliverable(OWNER, d.id);
  await page.type(`${FORM} textarea`, '   ');
  await page.focus(`${FORM} button[type="submit"]`);
  await page.keyboard.press('Enter');
  await page.waitForSelector(`${FORM} [role="alert"]`);
  const missing = await page.$eval(FORM, (form) => {
    const field = form.querySelector('textarea')!;
    const error = form.querySelector('[role="alert"]');
    return {
      error: error?.textContent ?? null,
      invalid: field.getAttribute('aria-invalid'),
      describedBy: field.getAttribute('aria-describedby') === error?.id,
      focused: document.activeElement === field,
    };
  });
  expect(missing).toEqual({ error: nl['update.textRequired'], invalid: 'true', describedBy: true, focused: true });
  expect(await axeViolations(page)).toEqual([]);
  await settle(page);
  expect((await stored(d.id)).statusUpdates.nodes).toEqual([]);
  expect(tab.problems).toEqual([]);
}, 90_000);

it('offers a contributor no status to choose, says who changes it, and takes its report', async () => {
  const { page } = tab;
  const d = await plannedDeliverable();
  await openDeliverable(CONTRIBUTOR, d.id);
  // The API refuses a status from a contributor (statusChangingParty): the form offers none, and says why.
  const offered = await page.$eval(FORM, (form) => ({
    statusChoice: form.querySelector('select') !== null,
    note: form.querySelector('p.muted')?.textContent ?? null,
  }));
  expect(offered).toEqual({
    statusChoice: false,
    note: nl['update.statusByOwners'].replace('{status}', nl['status.PLANNED']),
  });
  expect(await axeViolations(page)).toEqual([]);
  await page.type(`${FORM} textarea`, 'Onze bijdrage is klaar.');
  await page.click(`${FORM} button[type="submit"]`);
  await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'status');
  expect(await stored(d.id)).toEqual({
    status: 'PLANNED',
    statusUpdates: {
      nodes: [{ health: 'ON_TRACK', status: null, text: 'Onze bijdrage is klaar.', party: { key: 'fms' } }],
    },
  });
  expect(tab.problems).toEqual([]);
}, 90_000);

it('offers an owner every status the deliverable is not in', async () => {
  const d = await plannedDeliverable();
  await openDeliverable(OWNER, d.id);
  const options = await tab.page.$$eval(`${FORM} select option`, (list) => list.map((o) => o.value));
  expect(options).toEqual(['', 'IN_PROGRESS', 'DELAYED', 'DONE', 'CANCELLED']);
  expect(tab.problems).toEqual([]);
}, 90_000);

it('reads the deliverable again when its status was sent on a version changed meanwhile, keeping the text', async () => {
  const { page } = tab;
  const d = await plannedDeliverable();
  await openDeliverable(OWNER, d.id);
  await page.type(`${FORM} textarea`, 'We lopen achter.');
  await page.select(`${FORM} select`, 'DELAYED');
  await mutate(app, VWS, UPDATE_DELIVERABLE, { id: d.id, version: d.version, status: 'IN_PROGRESS' });
  await page.click(`${FORM} button[type="submit"]`);
  await page.waitForSelector(`${FORM} .notice`);
  await settle(page);
  expect(await page.$eval(`${FORM} .notice`, (p) => p.textContent)).toBe(nl['update.changedMeanwhile']);
  expect(await formState()).toEqual({ text: 'We lopen achter.', status: 'DELAYED', alerts: [] });
  // Sent again, with the version read again: taken.
  await page.click(`${FORM} button[type="submit"]`);
  await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'status');
  expect(await stored(d.id)).toMatchObject({
    status: 'DELAYED',
    statusUpdates: { nodes: [{ status: 'DELAYED', text: 'We lopen achter.' }] },
  });
  expect(tab.problems).toEqual([]);
}, 90_000);

it('says in words that an update was refused when the right was taken meanwhile, and keeps what was typed', async () => {
  const { page } = tab;
  const d = await plannedDeliverable();
  await openDeliverable(OWNER, d.id);
  await page.click(`${FORM} input[name="health"][value="OFF_TRACK"]`);
  await page.type(`${FORM} textarea`, 'De uitvraag loopt vertraging op.');
  await page.select(`${FORM} select`, 'DELAYED');
  // Meanwhile the editor becomes a viewer of Zorginstituut, straight in the database: the API now refuses.
  const [, demoted] = await app.dataSource.query(
    `UPDATE membership m SET role = 'VIEWER' FROM "user" u, party p
      WHERE m.user_id = u.id AND m.party_id = p.id AND u.email = $1 AND p.key = 'zorginstituut'`,
    [OWNER],
  );
  expect(demoted).toBe(1);
  const { data } = await app.gql(
    `query($id: ID!) { deliverable(id: $id) { mayReport } }`,
    { id: d.id },
    await asUser(app, OWNER),
  );
  expect(data!.deliverable.mayReport).toBe(false);

  await page.click(`${FORM} button[type="submit"]`);
  await page.waitForSelector(`${FORM} .error[role="alert"]`);
  await settle(page);
  expect(await formState()).toEqual({
    text: 'De uitvraag loopt vertraging op.',
    status: 'DELAYED',
    alerts: [nl['error.FORBIDDEN']],
  });
  expect(await page.$eval(`${FORM} input[name="health"]:checked`, (input) => (input as HTMLInputElement).value)).toBe(
    'OFF_TRACK',
  );
  expect(await stored(d.id)).toEqual({ status: 'PLANNED', statusUpdates: { nodes: [] } });
  expect(await axeViolations(page)).toEqual([]);
  expect(tab.problems).toEqual([]);
}, 90_000);

it.each([
  ['an anonymous visitor', null],
  ['an editor of a party that neither owns nor contributes', 'nhg.editor@example.org'],
  ['a viewer of the owner', 'zin.viewer@example.org'],
])(
  'offers %s no form',
  async (_who, email) => {
    const { page } = tab;
    const d = await plannedDeliverable();
    await openDeliverable(email, d.id);
    expect(await page.$('section[aria-labelledby="updates"]')).not.toBeNull();
    expect(await page.$(FORM)).toBeNull();
    expect(tab.problems).toEqual([]);
  },
  90_000,
);
