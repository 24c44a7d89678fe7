/// <reference lib="dom" />
import type { Browser } from 'puppeteer-core';
import { createTestApp, type GraphQLResponse, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { CREATE_DELIVERABLE, day, mutate, partyIds, POST_UPDATE, span } from '../../fixtures/deliverables';
import { addFmsLinks } from '../../fixtures/synergy-links';
import { launchBrowser, openPage, settle, signInAsDemo, waitForPage, type DashboardPage } from './browser';

/**
 * With a MAX_PAGE_SIZE below what the lists hold, every list the dashboard shows reaches its last item with
 * "Meer laden": a deliverable's milestones, dependents, status updates, status changes and history, the synergy
 * page's conflicts and links awaiting either side, and the consultation invitations on "Mijn partij".
 */
const MAX_PAGE_SIZE = 10;
/** Items seeded per list: more than one page. */
const SEEDED = 12;

const VWS = 'vws.editor@example.org';
const OWNER = 'zin.editor@example.org';
const PATIENTS = 'pfn.admin@example.org';

let app: TestApp;
let browser: Browser;
let tab: DashboardPage;
let deliverableId: string;

beforeAll(async () => {
  [app, browser] = await Promise.all([createTestApp({ MAX_PAGE_SIZE: String(MAX_PAGE_SIZE) }), launchBrowser()]);
  await addFmsLinks(app, 25);
  // Ten of them on NEEDS_REVIEW, as the platform sets a link when a guideline's new edition is published: each is
  // a conflict (LINK_NEEDS_REVIEW), so the synergy page has more conflicts than a page.
  await app.dataSource.query(
    `UPDATE synergy_link SET alignment = 'NEEDS_REVIEW'
      WHERE id IN (SELECT id FROM synergy_link WHERE alignment = 'ALIGNED' ORDER BY created_at DESC LIMIT 10)`,
  );
  const { zorginstituut } = await partyIds(app, ['zorginstituut']);
  const { createDeliverable } = await mutate(app, VWS, CREATE_DELIVERABLE, {
    title: 'Een opleverpunt met lange lijsten',
    ownerPartyIds: [zorginstituut],
    due: span(day(100), day(200)),
  });
  deliverableId = createDeliverable.id;
  let version: number = createDeliverable.version;
  for (let i = 1; i <= SEEDED; i++) {
    await mutate(app, VWS, `mutation($input: CreateMilestoneInput!) { createMilestone(input: $input) { id } }`, {
      deliverableId,
      title: `Mijlpaal ${String(i).padStart(2, '0')}`,
      due: span(day(10 + i), day(10 + i)),
    });
    await mutate(app, VWS, CREATE_DELIVERABLE, {
      title: `Volgt op het opleverpunt ${String(i).padStart(2, '0')}`,
      ownerPartyIds: [zorginstituut],
      dependsOnIds: [deliverableId],
    });
    await mutate(app, OWNER, POST_UPDATE, {
      deliverableId,
      health: 'ON_TRACK',
      text: `Voortgang ${i}`,
      status: i % 2 ? 'IN_PROGRESS' : 'DELAYED',
      version,
    });
    const { data } = await app.gql(`query($id: ID!) { deliverable(id: $id) { version } }`, { id: deliverableId });
    version = data!.deliverable.version;
  }
  // Consultation rounds Patiëntenfederatie is invited to.
  const zin = await asUser(app, OWNER);
  // The ggz knowledge agenda, whose consultations Zorginstituut coordinates (as sector-synergy.test.ts opens one).
  const { data: sectors } = await app.gql(`{ sectors { id key } }`);
  const ggz = (sectors!.sectors as { id: string; key: string }[]).find((x) => x.key === 'ggz')!.id;
  const { data } = await app.gql(
    `query($s: [ID!]) { researchAgendas(filter: { sectorIds: $s }, first: ${MAX_PAGE_SIZE}) {
       nodes { key latestVersion { id } } } }`,
    { s: [ggz] },
    zin,
  );
  const target = (data!.researchAgendas.nodes as { key: string; latestVersion: { id: string } | null }[]).find(
    (a) => a.key === 'onderzoeksagenda-ggz',
  )!.latestVersion!.id;
  for (let i = 1; i <= SEEDED; i++) {
    const opened: GraphQLResponse = await app.gql(
      `mutation($input: OpenConsultationRoundInput!) { openConsultationRound(input: $input) { id version } }`,
      {
        input: {
          targetId: target,
          question: `Consultatievraag ${i}`,
          closesAt: new Date(Date.now() + (i + 1) * 3_600_000).toISOString(),
          invitedPartyKinds: ['PATIENT_ORGANISATION'],
        },
      },
      zin,
    );
    expect(opened.errors).toBeUndefined();
    // One round runs on a draft at a time: close and conclude it (still an invitation the party was sent).
    const round = opened.data!.openConsultationRound;
    const { closeConsultationRound: closed } = await mutate(
      app,
      OWNER,
      `mutation($input: ConsultationRoundRefInput!) { closeConsultationRound(input: $input) { id version } }`,
      { roundId: round.id, version: round.version },
    );
    if (i < SEEDED)
      await mutate(
        app,
        OWNER,
        `mutation($input: ConsultationRoundRefInput!) { concludeConsultationRound(input: $input) { id } }`,
        { roundId: closed.id, version: closed.version },
      );
  }
}, 180_000);
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

/** Presses the "Meer laden" of `list` until it is gone; answers how many presses it took. */
async function loadAll(list: string): Promise<number> {
  let presses = 0;
  while (await tab.page.$(`button[data-more="${list}"]`)) {
    await tab.page.click(`button[data-more="${list}"]`);
    await settle(tab.page);
    presses++;
    expect(presses).toBeLessThan(30);
  }
  return presses;
}

const texts = (selector: string) =>
  tab.page.$$eval(selector, (els) => els.map((el) => (el as HTMLElement).innerText.trim()));

/** Every item of a list, for `email`, as the API pages through it ($after). */
async function everyPage<T>(
  pick: (data: Record<string, any>) => { nodes: T[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } },
  query: string,
  variables: Record<string, unknown>,
  email: string,
): Promise<T[]> {
  const found: T[] = [];
  for (let after: string | null = null; ;) {
    const { data, errors }: GraphQLResponse = await app.gql(query, { ...variables, after }, await asUser(app, email));
    expect(errors).toBeUndefined();
    const page = pick(data!);
    found.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) return found;
    after = page.pageInfo.endCursor;
  }
}

it('reaches every milestone, dependent, status update, status change and history entry of a deliverable', async () => {
  const { page } = tab;
  const { data } = await app.gql(
    `query($id: ID!) { deliverable(id: $id) {
       milestones(first: 500) { title } dependents(first: 500) { title } statusHistory(first: 500) { changedAt }
       statusUpdates(first: 500) { nodes { text } } } }`,
    { id: deliverableId },
    await asUser(app, OWNER),
  );
  const d = data!.deliverable;
  expect(d.milestones).toHaveLength(SEEDED);
  expect(d.dependents).toHaveLength(SEEDED);
  expect(d.statusHistory).toHaveLength(SEEDED);
  expect(d.statusUpdates.nodes).toHaveLength(SEEDED);
  const history = await everyPage(
    (data) => data.auditEvents,
    `query($id: ID!, $after: String) { auditEvents(filter: { entityId: $id }, first: ${MAX_PAGE_SIZE}, after: $after) {
       nodes { id } pageInfo { hasNextPage endCursor } } }`,
    { id: deliverableId },
    OWNER,
  );
  expect(history.length).toBeGreaterThan(MAX_PAGE_SIZE);

  await signInAsDemo(page, app, OWNER);
  await waitForPage(page, 'overview');
  await page.goto(`${app.baseUrl}/deliverables/${encodeURIComponent(deliverableId)}`, { waitUntil: 'load' });
  await waitForPage(page, 'deliverable');
  await settle(page);
  // One page of each list first.
  expect(await texts('ul.milestones li')).toHaveLength(MAX_PAGE_SIZE);
  expect(await texts('ul.dependents li')).toHaveLength(MAX_PAGE_SIZE);
  expect(await texts('ul.updates > li')).toHaveLength(MAX_PAGE_SIZE);
  expect(await texts('ul.status-history li')).toHaveLength(MAX_PAGE_SIZE);
  expect(await texts('table.history tbody tr')).toHaveLength(MAX_PAGE_SIZE);

  for (const list of ['milestones', 'dependents', 'updates', 'statusHistory', 'history'])
    expect(await loadAll(list)).toBe(1);
  expect((await texts('ul.milestones li')).map((li) => li.split(': ')[1])).toEqual(
    d.milestones.map((m: { title: string }) => m.title),
  );
  expect(await texts('ul.dependents li')).toEqual(d.dependents.map((x: { title: string }) => x.title));
  expect(await texts('ul.updates > li p')).toEqual(d.statusUpdates.nodes.map((u: { text: string }) => u.text));
  expect(await texts('ul.status-history li')).toHaveLength(SEEDED);
  expect(await texts('table.history tbody tr')).toHaveLength(history.length);
  expect(await page.$('main .error[role="alert"]')).toBeNull();
  expect(tab.problems).toEqual([]);
}, 90_000);

it('reaches every conflict and every link awaiting either side on the synergy page', async () => {
  const { page } = tab;
  const conflicts = await everyPage(
    (data) => data.synergyConflicts,
    `query($after: String) { synergyConflicts(first: ${MAX_PAGE_SIZE}, after: $after) {
       nodes { key } pageInfo { hasNextPage endCursor } } }`,
    {},
    OWNER,
  );
  const awaiting = async (side: string) =>
    (
      await everyPage<{ id: string }>(
        (data) => data.synergyLinks,
        `query($side: SynergyLinkSide, $after: String) {
           synergyLinks(filter: { awaitingSide: $side }, first: ${MAX_PAGE_SIZE}, after: $after) {
             nodes { id } pageInfo { hasNextPage endCursor } } }`,
        { side },
        OWNER,
      )
    ).map((l) => l.id);
  const owner = await awaiting('GUIDELINE_OWNER');
  const assessor = await awaiting('ASSESSOR');
  // Each list longer than a page (the seed's and the 25 links FMS added).
  expect([conflicts.length, owner.length, assessor.length].every((n) => n > MAX_PAGE_SIZE)).toBe(true);

  await signInAsDemo(page, app, OWNER);
  await waitForPage(page, 'overview');
  await page.goto(`${app.baseUrl}/synergy`, { waitUntil: 'load' });
  await waitForPage(page, 'synergy');
  await settle(page);
  const rows = (side: string) =>
    page.$$eval(`section[aria-labelledby="${side}"] tbody tr[data-link]`, (trs) =>
      trs.map((tr) => tr.getAttribute('data-link')),
    );
  expect(await texts('ul.conflicts li')).toHaveLength(MAX_PAGE_SIZE);
  expect(await rows('awaiting-owner')).toEqual(owner.slice(0, MAX_PAGE_SIZE));
  expect(await rows('awaiting-assessor')).toEqual(assessor.slice(0, MAX_PAGE_SIZE));

  expect(await loadAll('conflicts')).toBe(Math.ceil(conflicts.length / MAX_PAGE_SIZE) - 1);
  expect(await loadAll('awaiting-owner')).toBe(Math.ceil(owner.length / MAX_PAGE_SIZE) - 1);
  expect(await loadAll('awaiting-assessor')).toBe(Math.ceil(assessor.length / MAX_PAGE_SIZE) - 1);
  expect(await texts('ul.conflicts li')).toHaveLength(conflicts.length);
  expect(await rows('awaiting-owner')).toEqual(owner);
  expect(await rows('awaiting-assessor')).toEqual(assessor);
  expect(await page.$('main .error[role="alert"]')).toBeNull();
  expect(tab.problems).toEqual([]);
}, 90_000);

it('reaches every consultation invitation on "Mijn partij"', async () => {
  const { page } = tab;
  const { patientenfederatie } = await partyIds(app, ['patientenfederatie']);
  const rounds = (
    await everyPage<{ id: string }>(
      (data) => data.party.consultationInvitations,
      `query($p: ID!, $after: String) { party(id: $p) { consultationInvitations(first: ${MAX_PAGE_SIZE}, after: $after) {
         nodes { id } pageInfo { hasNextPage endCursor } } } }`,
      { p: patientenfederatie },
      PATIENTS,
    )
  ).map((r) => r.id);
  expect(rounds.length).toBeGreaterThan(MAX_PAGE_SIZE);

  await signInAsDemo(page, app, PATIENTS);
  await waitForPage(page, 'overview');
  await page.click('header nav a[href="/party"]');
  await waitForPage(page, 'party');
  await settle(page);
  const shown = () => page.$$eval('ul.consultations li', (lis) => lis.map((li) => li.getAttribute('data-round')));
  expect(await shown()).toEqual(rounds.slice(0, MAX_PAGE_SIZE));
  expect(await loadAll('consultations')).toBe(Math.ceil(rounds.length / MAX_PAGE_SIZE) - 1);
  expect(await shown()).toEqual(rounds);
  expect(await page.$('main .error[role="alert"]')).toBeNull();
  expect(tab.problems).toEqual([]);
}, 90_000);
