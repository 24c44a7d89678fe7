/// <reference lib="dom" />
import type { Browser } from 'puppeteer-core';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { CREATE_DELIVERABLE, day, mutate, partyIds, span } from '../../fixtures/deliverables';
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
 * The inbox of "Mijn partij" leads to where the party does what an item announces: a link to confirm on its
 * sector's synergy page, an overdue deliverable or milestone on the deliverable's page. Kinds the dashboard has
 * no page for say so instead.
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
// A fresh copy of the seeded database per test: a test confirms a link or adds overdue work.
beforeEach(async () => {
  [app, tab] = await Promise.all([createTestApp(), openPage(browser)]);
}, 60_000);
afterEach(async () => {
  await tab.close();
  await app.close();
});

const MDL_EDITOR = 'mdl.editor@example.org';
const NHG_EDITOR = 'nhg.editor@example.org';
const VWS_EDITOR = 'vws.editor@example.org';
const CREATE_MILESTONE = `mutation($input: CreateMilestoneInput!) { createMilestone(input: $input) { id title } }`;

interface Item {
  key: string;
  kind: string;
  title: string;
  read: boolean;
  subjectId: string;
}

/** The person's inbox as the API gives it, every item (at most 100 in these tests). */
async function inboxOf(email: string): Promise<Item[]> {
  const { data, errors } = await app.gql(
    `{ myInbox(first: 100) { nodes { key kind title read subjectId } } }`,
    {},
    await asUser(app, email),
  );
  expect(errors).toBeUndefined();
  return data!.myInbox.nodes as Item[];
}

async function openParty(email: string): Promise<void> {
  await signInAsDemo(tab.page, app, email);
  await waitForPage(tab.page, 'overview');
  await tab.page.click('header nav a[href="/party"]');
  await waitForPage(tab.page, 'party');
  await settle(tab.page);
}

const itemRow = (item: Item) => `ul.inbox li[data-key="${item.key}"]`;

it('leads an association from a link awaiting its confirmation to that link on its sector’s synergy page, to confirm it', async () => {
  const { page } = tab;
  const items = await inboxOf(MDL_EDITOR);
  const [item, ...others] = items.filter((i) => i.kind === 'LINK_AWAITING_CONFIRMATION');
  expect(others).toEqual([]);
  const linkQuery = `query($id: ID!) { node(id: $id) { ... on SynergyLink {
      awaitingConfirmationFrom assessment { sector { id } } } } }`;
  const linkState = async () =>
    (await app.gql(linkQuery, { id: item!.subjectId }, await asUser(app, MDL_EDITOR))).data!.node as {
      awaitingConfirmationFrom: string[];
      assessment: { sector: { id: string } };
    };
  const before = await linkState();
  expect(before.awaitingConfirmationFrom).toContain('GUIDELINE_OWNER');
  const sector = before.assessment.sector.id;

  await openParty(MDL_EDITOR);
  // The item's title is the link (its name for a screen reader too), to the link on its assessment's sector's page.
  const shown = await page.$eval(`${itemRow(item!)} a`, (a) => ({
    name: a.textContent,
    path: new URL(a.href).pathname,
    params: Object.fromEntries(new URL(a.href).searchParams),
  }));
  expect(shown).toEqual({ name: item!.title, path: '/synergy', params: { sector, link: item!.subjectId } });
  // A consultation waits for MDL too: the dashboard has no page for it, and says so instead of linking anywhere.
  const consultations = items.filter((i) => i.kind === 'CONSULTATION_ROUND_OPEN');
  expect(consultations.length).toBeGreaterThan(0);
  for (const consultation of consultations)
    expect(
      await page.$eval(itemRow(consultation), (li) => ({
        links: li.querySelectorAll('a').length,
        text: li.textContent,
      })),
    ).toEqual({ links: 0, text: expect.stringContaining(nl['inbox.elsewhere']) });
  expect(await axeViolations(page)).toEqual([]);

  await page.click(`${itemRow(item!)} a`);
  await waitForPage(page, 'synergy');
  await settle(page);
  // The sector's synergy page, with the link first and the keyboard focus on it, whichever page of the lists holds it.
  expect(await page.$eval('#synergy-sector', (select) => (select as HTMLSelectElement).value)).toBe(sector);
  const focused = `section[aria-labelledby="synergy-link"] tr[data-link="${item!.subjectId}"]`;
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('synergy-link');
  expect(
    await page.$$eval(`${focused} button[data-action="confirm"]`, (buttons) =>
      buttons.map((b) => [b.getAttribute('data-side'), b.textContent]),
    ),
  ).toEqual([['GUIDELINE_OWNER', expect.stringContaining(nl['synergy.confirm'])]]);
  expect(await axeViolations(page)).toEqual([]);
  // Following an item is no reading of it: the person marks it read, or does its work.
  expect((await inboxOf(MDL_EDITOR)).find((i) => i.key === item!.key)!.read).toBe(false);

  await page.click(`${focused} button[data-action="confirm"]`);
  await page.waitForSelector('section[aria-labelledby="synergy-link"] p.done[role="status"]', { timeout: 15_000 });
  await settle(page);
  expect((await linkState()).awaitingConfirmationFrom).not.toContain('GUIDELINE_OWNER');
  expect(await page.$(`${focused} button[data-action="confirm"]`)).toBeNull();
  expect((await inboxOf(MDL_EDITOR)).map((i) => i.key)).not.toContain(item!.key);
  expect(tab.problems).toEqual([]);
}, 90_000);

it('leads an owner from an overdue milestone, and from an overdue deliverable, to the deliverable’s page', async () => {
  const { page } = tab;
  const { nhg } = await partyIds(app, ['nhg']);
  const late = (
    await mutate(app, VWS_EDITOR, CREATE_DELIVERABLE, {
      title: 'Opleverpunt van NHG over tijd (inbox)',
      ownerPartyIds: [nhg],
      due: span(day(-30), day(-3)),
    })
  ).createDeliverable as { id: string };
  const withMilestone = (
    await mutate(app, VWS_EDITOR, CREATE_DELIVERABLE, {
      title: 'Opleverpunt van NHG met een mijlpaal over tijd (inbox)',
      ownerPartyIds: [nhg],
      due: span(day(100), day(200)),
    })
  ).createDeliverable as { id: string };
  const milestone = (
    await mutate(app, VWS_EDITOR, CREATE_MILESTONE, {
      deliverableId: withMilestone.id,
      title: 'Mijlpaal van NHG over tijd (inbox)',
      due: span(day(-20), day(-10)),
    })
  ).createMilestone as { id: string; title: string };
  const items = await inboxOf(NHG_EDITOR);
  const lateItem = items.find((i) => i.kind === 'DELIVERABLE_OVERDUE' && i.subjectId === late.id)!;
  const milestoneItem = items.find((i) => i.kind === 'MILESTONE_OVERDUE' && i.subjectId === milestone.id)!;
  expect([lateItem?.title, milestoneItem?.title]).toEqual(['Opleverpunt van NHG over tijd (inbox)', milestone.title]);

  await openParty(NHG_EDITOR);
  expect(await axeViolations(page)).toEqual([]);
  const follow = async (item: Item, deliverableId: string, title: string) => {
    expect(await page.$eval(`${itemRow(item)} a`, (a) => a.textContent)).toBe(item.title);
    await page.click(`${itemRow(item)} a`);
    await waitForPage(page, 'deliverable');
    await settle(page);
    expect(await page.evaluate(() => window.location.pathname)).toBe(
      `/deliverables/${encodeURIComponent(deliverableId)}`,
    );
    expect(await page.$eval('h1', (h1) => h1.textContent)).toBe(title);
    // Where the owner reports progress on it.
    expect(await page.$('form[data-form="status-update"]')).not.toBeNull();
    expect(await axeViolations(page)).toEqual([]);
  };

  // A milestone has no page of its own: its item leads to its deliverable's, which lists it.
  await follow(milestoneItem, withMilestone.id, 'Opleverpunt van NHG met een mijlpaal over tijd (inbox)');
  expect(await page.$eval('ul.milestones', (ul) => ul.textContent)).toContain(milestone.title);

  await page.click('header nav a[href="/party"]');
  await waitForPage(page, 'party');
  await settle(page);
  await follow(lateItem, late.id, 'Opleverpunt van NHG over tijd (inbox)');
  // Neither item was marked read by following it.
  const after = await inboxOf(NHG_EDITOR);
  expect(after.filter((i) => i.key === lateItem.key || i.key === milestoneItem.key).map((i) => i.read)).toEqual([
    false,
    false,
  ]);
  expect(tab.problems).toEqual([]);
}, 90_000);
