/// <reference lib="dom" />
import { toGlobalId } from 'graphql-relay';
import type { Browser } from 'puppeteer-core';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { nl } from '../../../web/src/messages';
import {
  axeViolations,
  launchBrowser,
  openPage,
  settle,
  signInAsDemo,
  unreachableByKeyboard,
  waitForPage,
  watchReads,
  type DashboardPage,
} from './browser';

/**
 * An invitation to co-own a guideline, answered on "Mijn partij" by the invited association: accepted, it
 * leaves the inbox and the association owns the guideline; declined, it is DECLINED; stale, the
 * page says so. What the API holds is read through the API.
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
// A fresh copy of the seeded database per test: each answers invitations the next must not find answered.
beforeEach(async () => {
  [app, tab] = await Promise.all([createTestApp(), openPage(browser)]);
}, 60_000);
afterEach(async () => {
  await tab.close();
  await app.close();
});

const FMS = 'fms.editor@example.org';
const NHG = 'nhg.editor@example.org';

interface Invitation {
  id: string;
  version: number;
  status: string;
  invitedParty: { key: string };
  invitedByParty: { name: string; shortName: string | null };
}

async function partyId(key: string): Promise<string> {
  const [row] = await app.dataSource.query('SELECT id FROM party WHERE key = $1', [key]);
  return toGlobalId('Party', row.id);
}

let counter = 0;
/** A draft guideline that `editor` creates for `owner`, naming `invited` too: `invited` is invited. */
async function invite(editor: string, owner: string, invited: string) {
  const title = `Gezamenlijke richtlijn ${++counter} ${Date.now()}`;
  const res = await app.gql(
    `mutation($input: CreateGuidelineInput!) { createGuideline(input: $input) { id } }`,
    { input: { title, ownerPartyIds: [await partyId(owner), await partyId(invited)] } },
    await asUser(app, editor),
  );
  expect(res.errors).toBeUndefined();
  const guidelineId = res.data!.createGuideline.id as string;
  const [invitation] = (await invitations(guidelineId)).filter((i) => i.invitedParty.key === invited);
  expect(invitation).toMatchObject({ status: 'PENDING' });
  return { guidelineId, title, invitation: invitation! };
}

/** A guideline's owners and invitations, read by VWS (it reads every guideline and its invitations). */
async function guideline(id: string) {
  const res = await app.gql(
    `query($id: ID!) { guideline(id: $id) { owners { key } ownerInvitations { id version status
       invitedParty { key } invitedByParty { name shortName } } } }`,
    { id },
    await asUser(app, 'vws.viewer@example.org'),
  );
  expect(res.errors).toBeUndefined();
  return res.data!.guideline as { owners: { key: string }[]; ownerInvitations: Invitation[] };
}

const invitations = async (guidelineId: string) => (await guideline(guidelineId)).ownerInvitations;

/** The invitations waiting in `email`'s inbox, by id. */
async function invitationsInInbox(email: string): Promise<string[]> {
  const res = await app.gql(
    `{ myInbox(filter: { kinds: [GUIDELINE_OWNERSHIP_INVITATION] }, first: 100) { nodes { subjectId } } }`,
    {},
    await asUser(app, email),
  );
  expect(res.errors).toBeUndefined();
  return (res.data!.myInbox.nodes as { subjectId: string }[]).map((n) => n.subjectId);
}

async function openParty(email: string) {
  await signInAsDemo(tab.page, app, email);
  await waitForPage(tab.page, 'overview');
  await tab.page.click('header nav a[href="/party"]');
  await waitForPage(tab.page, 'party');
  await settle(tab.page);
}

const item = (id: string) => `ul.inbox li[data-invitation="${id}"]`;

/** Waits until the inbox item of invitation `id` has gone from the page. */
async function gone(id: string) {
  await tab.page.waitForFunction((sel) => document.querySelector(sel) === null, { timeout: 15_000 }, item(id));
}

const focused = () =>
  tab.page.evaluate(() => ({
    role: document.activeElement?.getAttribute('role') ?? null,
    text: document.activeElement?.textContent ?? null,
  }));

it('lets an editor of the invited association accept by keyboard: the item goes and the association owns the guideline', async () => {
  const { page } = tab;
  const { guidelineId, title, invitation } = await invite(FMS, 'fms', 'nhg');
  expect(await invitationsInInbox(NHG)).toContain(invitation.id);
  await openParty(NHG);
  // The guideline's title (a draft NHG cannot read yet) and who invited, with the two answers.
  const shown = await page.$eval(item(invitation.id), (li) => ({
    text: li.textContent,
    buttons: [...li.querySelectorAll('button[data-action]')].map((b) => b.getAttribute('data-action')),
  }));
  expect(shown.text).toContain(title);
  expect(shown.text).toContain(nl['inbox.kind.GUIDELINE_OWNERSHIP_INVITATION']);
  expect(shown.text).toContain(invitation.invitedByParty.shortName ?? invitation.invitedByParty.name);
  expect(shown.buttons).toEqual(['accept', 'decline']);
  expect(await page.$eval(`${item(invitation.id)} button[data-action="accept"]`, (b) => b.textContent)).toBe(
    `${nl['invitation.accept']}: ${title}`,
  );
  expect(await axeViolations(page)).toEqual([]);
  const unreachable = await unreachableByKeyboard(page);
  expect(unreachable.filter((c) => c.startsWith(`button "${nl['invitation.accept']}`))).toEqual([]);
  expect(unreachable.filter((c) => c.startsWith(`button "${nl['invitation.decline']}`))).toEqual([]);

  await page.focus(`${item(invitation.id)} button[data-action="accept"]`);
  await page.keyboard.press('Enter');
  await gone(invitation.id);
  await settle(page);
  // The pressed button went with its item: the focus rests on the sentence that says what happened.
  const after = await focused();
  expect(after.role).toBe('status');
  expect(after.text).toContain(title);
  expect(after.text).toMatch(/^Uitnodiging geaccepteerd/);
  expect(await axeViolations(page)).toEqual([]);

  const now = await guideline(guidelineId);
  expect(now.owners.map((o) => o.key).sort()).toEqual(['fms', 'nhg']);
  expect(now.ownerInvitations.find((i) => i.id === invitation.id)!.status).toBe('ACCEPTED');
  expect(await invitationsInInbox(NHG)).not.toContain(invitation.id);
  expect(tab.problems).toEqual([]);
}, 90_000);

it.each([
  ['accept', 'GUIDELINE_OWNER_INVITATION_ACCEPTED', 0],
  ['decline', 'GUIDELINE_OWNER_INVITATION_DECLINED', 0],
  ['accept', 'GUIDELINE_OWNER_INVITATION_ACCEPTED', 1_500],
  ['decline', 'GUIDELINE_OWNER_INVITATION_DECLINED', 1_500],
])(
  'reads the page once after an answer (%s, its event %s), the answer coming %d ms late',
  async (action, type, holdAnswerMs) => {
    const { page } = tab;
    const { invitation } = await invite(FMS, 'fms', 'nhg');
    // The answer comes `holdAnswerMs` late, so its event may come first.
    const watched = await watchReads(
      page,
      'DashboardMyParty',
      ['DashboardAcceptOwnerInvitation', 'DashboardDeclineOwnerInvitation'],
      holdAnswerMs,
    );
    await openParty(NHG);
    await page.waitForSelector(`${item(invitation.id)} button[data-action="${action}"]`);
    watched.reads = 0;
    watched.events.length = 0;
    await page.click(`${item(invitation.id)} button[data-action="${action}"]`);
    await page.waitForSelector('section[aria-labelledby="inbox"] p.done[role="status"]', { timeout: 15_000 });
    await gone(invitation.id);
    // The answer's event reached the page's socket, and the time a burst of events waits to be read went by.
    for (let tries = 0; !watched.events.includes(type) && tries < 50; tries++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(watched.events).toEqual([type]);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await settle(page);
    expect(watched.reads).toBe(1);
    expect(tab.problems).toEqual([]);
  },
  90_000,
);

it('lets an editor of the invited association decline; the item goes and the invitation is DECLINED', async () => {
  const { page } = tab;
  const first = await invite(FMS, 'fms', 'nhg');
  const second = await invite(FMS, 'fms', 'nhg');
  await openParty(NHG);
  await page.click(`${item(second.invitation.id)} button[data-action="decline"]`);
  await gone(second.invitation.id);
  await settle(page);
  const after = await focused();
  expect(after.role).toBe('status');
  expect(after.text).toContain(second.title);
  expect(after.text).toMatch(/afgewezen\.$/);
  // The other invitation stays, still to answer.
  expect(await page.$$(`${item(first.invitation.id)} button[data-action="accept"]`)).toHaveLength(1);
  expect(await axeViolations(page)).toEqual([]);

  const now = await guideline(second.guidelineId);
  expect(now.ownerInvitations.find((i) => i.id === second.invitation.id)!.status).toBe('DECLINED');
  expect(now.owners.map((o) => o.key)).toEqual(['fms']);
  expect((await invitations(first.guidelineId))[0]!.status).toBe('PENDING');
  expect(tab.problems).toEqual([]);
}, 90_000);

it('offers no answer to a member who may not give one (the API says who may), and says who answers', async () => {
  const { page } = tab;
  const viewer = 'fms.viewer@example.org';
  const { invitation } = await invite(NHG, 'nhg', 'fms');
  // The invitation waits for FMS, so FMS's viewer sees it; the API says that only FMS's editors answer it.
  expect(await invitationsInInbox(viewer)).toContain(invitation.id);
  await openParty(viewer);
  await page.waitForSelector(item(invitation.id));
  await settle(page);
  expect(await page.$$(`${item(invitation.id)} button[data-action]`)).toEqual([]);
  const [before, after] = nl['invitation.answeredByEditors'].split('{party}');
  expect(await page.$eval(item(invitation.id), (li) => li.textContent)).toMatch(
    new RegExp(`${before}\\S.*${after!.replace('.', '\\.')}`),
  );
  expect(await axeViolations(page)).toEqual([]);
  expect(tab.problems).toEqual([]);
}, 90_000);

it.each(['accept', 'decline'])(
  'says in words that an answer (%s) was refused when the right was taken meanwhile; the invitation stays, unanswered',
  async (action) => {
    const { page } = tab;
    const { guidelineId, invitation } = await invite(FMS, 'fms', 'nhg');
    await openParty(NHG);
    const button = `${item(invitation.id)} button[data-action="${action}"]`;
    await page.waitForSelector(button);
    // Meanwhile the editor becomes a viewer of NHG, straight in the database: the API now refuses the answer.
    const [, demoted] = await app.dataSource.query(
      `UPDATE membership m SET role = 'VIEWER' FROM "user" u, party p
        WHERE m.user_id = u.id AND m.party_id = p.id AND u.email = $1 AND p.key = 'nhg'`,
      [NHG],
    );
    expect(demoted).toBe(1);

    await page.click(button);
    await page.waitForSelector(`${item(invitation.id)} .error[role="alert"]`, { timeout: 15_000 });
    await settle(page);
    expect(
      await page.$$eval(`${item(invitation.id)} .error[role="alert"] > p`, (ps) => ps.map((p) => p.textContent)),
    ).toEqual([nl['error.FORBIDDEN']]);
    // The invitation is still shown, and nothing says it was answered.
    expect(await page.$$(item(invitation.id))).toHaveLength(1);
    expect(await page.$$('section[aria-labelledby="inbox"] p[role="status"]')).toEqual([]);
    expect(await page.$$('main [role="alert"]')).toHaveLength(1);
    expect(await axeViolations(page)).toEqual([]);

    const now = await guideline(guidelineId);
    expect(now.owners.map((o) => o.key)).toEqual(['fms']);
    expect(now.ownerInvitations.find((i) => i.id === invitation.id)).toMatchObject({
      status: 'PENDING',
      version: invitation.version,
    });
    expect(await invitationsInInbox(NHG)).toContain(invitation.id);
    expect(tab.problems).toEqual([]);
  },
  90_000,
);

it('reads the inbox again when the invitation changed meanwhile, and says so', async () => {
  const { page } = tab;
  const { invitation } = await invite(FMS, 'fms', 'nhg');
  await openParty(NHG);
  await page.waitForSelector(`${item(invitation.id)} button[data-action="accept"]`);
  const withdrawn = await app.gql(
    `mutation($input: DecideGuidelineOwnerInvitationInput!) { withdrawGuidelineOwnerInvitation(input: $input) { status } }`,
    { input: { id: invitation.id, version: invitation.version } },
    await asUser(app, FMS),
  );
  expect(withdrawn.errors).toBeUndefined();
  await page.click(`${item(invitation.id)} button[data-action="accept"]`);
  await page.waitForSelector('section[aria-labelledby="inbox"] p.notice[role="status"]');
  await gone(invitation.id);
  await settle(page);
  expect(await page.$eval('section[aria-labelledby="inbox"] p.notice', (p) => p.textContent)).toBe(
    nl['invitation.changedMeanwhile'],
  );
  expect((await focused()).text).toBe(nl['invitation.changedMeanwhile']);
  expect(await page.$$('section[aria-labelledby="inbox"] [role="alert"]')).toEqual([]);
  expect(await axeViolations(page)).toEqual([]);
  expect(tab.problems).toEqual([]);
}, 90_000);
