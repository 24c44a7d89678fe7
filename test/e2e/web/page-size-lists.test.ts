/// <reference lib="dom" />
import type { Browser } from 'puppeteer-core';
import { createTestApp, type GraphQLResponse, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { CREATE_DELIVERABLE, day, mutate, partyIds, POST_UPDATE, span } from '../../fixtures/deliverables';
import { addFmsLinks } from '../../fixtures/synergy-links';
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

/** The GraphQL operations the page sends from now on: their names and variables. */
function sentOperations(): { name: string; variables: Record<string, unknown> }[] {
  const sent: { name: string; variables: Record<string, unknown> }[] = [];
  tab.page.on('request', (request) => {
    const body = request.postData();
    if (request.method() !== 'POST' || !request.url().endsWith('/graphql') || !body) return;
    const { operationName, variables } = JSON.parse(body) as { operationName: string; variables?: object };
    sent.push({ name: operationName, variables: { ...variables } });
  });
  return sent;
}

/** A programme's deliverables as the timeline orders them, every page. */
async function programmeTimeline(key: string): Promise<{ id: string; titles: string[] }> {
  const { data } = await app.gql(`{ programmes(first: 100) { id key } }`);
  const id = (data!.programmes as { id: string; key: string }[]).find((p) => p.key === key)!.id;
  const titles = (
    await everyPage<{ title: string }>(
      (data) => data.deliverables,
      `query($p: [ID!], $after: String) {
         deliverables(filter: { programmeIds: $p }, orderBy: DUE_DATE_ASC, first: ${MAX_PAGE_SIZE}, after: $after) {
           nodes { title } pageInfo { hasNextPage endCursor } } }`,
      { p: [id] },
      OWNER,
    )
  ).map((d) => d.title);
  return { id, titles };
}

const TIMELINE_ROWS = 'table.timeline tbody tr';
const timelineTitles = () => texts(`${TIMELINE_ROWS} th > a`);

it('draws a programme’s whole timeline, read MAX_PAGE_SIZE at a time, up to its last deliverable', async () => {
  const { page } = tab;
  const { id, titles } = await programmeTimeline('vvtb');
  expect(titles.length).toBeGreaterThan(3 * MAX_PAGE_SIZE);
  const sent = sentOperations();
  await page.goto(`${app.baseUrl}/timeline?${new URLSearchParams({ by: 'programme', id })}`, { waitUntil: 'load' });
  await waitForPage(page, 'timeline');
  await page.waitForFunction(
    (rows, count) => document.querySelectorAll(rows).length === count,
    { timeout: 20_000 },
    TIMELINE_ROWS,
    titles.length,
  );
  await settle(page);
  expect(await timelineTitles()).toEqual(titles);
  // Read whole: no "Meer laden", no sentence about rows left out, no page larger than the server takes.
  expect(await page.$('button[data-more="timeline"]')).toBeNull();
  expect(await page.$('main p[role="status"]')).toBeNull();
  const reads = sent.filter((o) => o.name === 'DashboardTimeline');
  expect(reads.length).toBe(Math.ceil(titles.length / MAX_PAGE_SIZE));
  expect(reads.every((o) => o.variables.first === MAX_PAGE_SIZE)).toBe(true);
  expect(await axeViolations(page)).toEqual([]);
  expect(tab.problems).toEqual([]);
}, 90_000);

it('offers "Meer laden" under the timeline when a page of it could not be read, and reads on from there', async () => {
  const { page } = tab;
  const { id, titles } = await programmeTimeline('vvtb');
  // The second page fails once, as a server that is briefly unavailable answers.
  let failed = 0;
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const body = request.postData();
    const sent = body && request.url().endsWith('/graphql') ? JSON.parse(body) : null;
    if (sent?.operationName === 'DashboardTimeline' && sent.variables?.after && failed === 0) {
      failed += 1;
      void request.respond({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          errors: [{ message: 'Try again later.', extensions: { code: 'SERVICE_UNAVAILABLE' } }],
        }),
      });
    } else void request.continue();
  });
  await page.goto(`${app.baseUrl}/timeline?${new URLSearchParams({ by: 'programme', id })}`, { waitUntil: 'load' });
  await page.waitForSelector('button[data-more="timeline"]');
  await settle(page);
  expect(await page.$$eval(TIMELINE_ROWS, (rows) => rows.length)).toBe(MAX_PAGE_SIZE);
  expect(await page.$eval('main .error[role="alert"] p', (p) => p.textContent)).toBe(nl['error.SERVICE_UNAVAILABLE']);
  expect(await page.$eval('button[data-more="timeline"]', (b) => b.textContent)).toBe(
    `${nl['common.more']} (${titles.length - MAX_PAGE_SIZE}): ${nl['timeline.title']}`,
  );
  expect(await axeViolations(page)).toEqual([]);
  await page.click('button[data-more="timeline"]');
  await page.waitForFunction(
    (rows, count) => document.querySelectorAll(rows).length === count,
    { timeout: 20_000 },
    TIMELINE_ROWS,
    titles.length,
  );
  await settle(page);
  expect(await timelineTitles()).toEqual(titles);
  expect(await page.$('main .error[role="alert"]')).toBeNull();
  expect(await page.$('button[data-more="timeline"]')).toBeNull();
  expect(failed).toBe(1);
  expect(tab.problems).toEqual([]);
}, 90_000);

const ASSESSOR_LIST = 'section[aria-labelledby="awaiting-assessor"]';

/** The links awaiting Zorginstituut as its editor reads them, in the page's order. */
async function awaitingAssessor(): Promise<string[]> {
  const links = await everyPage<{ id: string }>(
    (data) => data.synergyLinks,
    `query($after: String) { synergyLinks(filter: { awaitingSide: ASSESSOR }, first: ${MAX_PAGE_SIZE}, after: $after) {
       nodes { id } pageInfo { hasNextPage endCursor } } }`,
    {},
    OWNER,
  );
  return links.map((l) => l.id);
}

it('keeps the pages of the synergy page loaded when a link on the second page is disputed or confirmed there', async () => {
  const { page } = tab;
  const before = await awaitingAssessor();
  // More than the two pages the page loads, so a confirmed link's place is taken by the next one.
  expect(before.length).toBeGreaterThan(2 * MAX_PAGE_SIZE);
  await signInAsDemo(page, app, OWNER);
  await waitForPage(page, 'overview');
  await page.goto(`${app.baseUrl}/synergy`, { waitUntil: 'load' });
  await waitForPage(page, 'synergy');
  await settle(page);
  await page.click('button[data-more="awaiting-assessor"]');
  await settle(page);
  const rows = () =>
    page.$$eval(`${ASSESSOR_LIST} tbody tr[data-link]`, (trs) => trs.map((tr) => tr.getAttribute('data-link')));
  expect(await rows()).toEqual(before.slice(0, 2 * MAX_PAGE_SIZE));
  // Two links of the second page that Zorginstituut may confirm or dispute.
  const offered = await page.$$eval(`${ASSESSOR_LIST} tbody tr[data-link]`, (trs) =>
    trs.filter((tr) => tr.querySelector('button[data-action="confirm"]')).map((tr) => tr.getAttribute('data-link')!),
  );
  const [disputed, confirmed] = offered.filter((id) => before.indexOf(id) >= MAX_PAGE_SIZE);
  expect([disputed, confirmed].every(Boolean)).toBe(true);
  const row = (id: string) => `${ASSESSOR_LIST} tr[data-link="${id}"]`;
  const sent = sentOperations();

  await page.click(`${row(disputed!)} button[data-action="dispute"]`);
  const form = `${ASSESSOR_LIST} tr[data-form="${disputed}"] form`;
  await page.waitForSelector(form);
  await page.type(`${form} textarea`, 'Een andere doelgroep.');
  await page.click(`${form} button[type="submit"]`);
  await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'status');
  await settle(page);
  // Still awaiting Zorginstituut, now disputed: in its place, the loaded pages around it.
  const afterDispute = await awaitingAssessor();
  expect(afterDispute).toEqual(before);
  expect(await rows()).toEqual(before.slice(0, 2 * MAX_PAGE_SIZE));
  expect(await page.$eval(`${row(disputed!)} .dispute`, (el) => el.textContent)).toContain('Een andere doelgroep.');
  expect(await page.$$(`${row(disputed!)} button[data-action="confirm"]`)).toEqual([]);
  // One read of the page, the one that keeps the loaded pages (not a second one of first pages beside it).
  expect(sent.filter((o) => o.name === 'DashboardSynergy')).toHaveLength(1);

  await page.click(`${row(confirmed!)} button[data-action="confirm"]`);
  await page.waitForFunction((sel) => document.querySelector(sel) === null, {}, row(confirmed!));
  await settle(page);
  // Confirmed, it leaves the list: as many rows as were loaded, the next one moved up.
  const afterConfirm = await awaitingAssessor();
  expect(afterConfirm).toEqual(before.filter((id) => id !== confirmed));
  expect(await rows()).toEqual(afterConfirm.slice(0, 2 * MAX_PAGE_SIZE));
  expect(await page.$eval('#awaiting-assessor', (h) => h.textContent)).toBe(
    `${nl['synergy.awaitingAssessorList']} (${afterConfirm.length})`,
  );
  const { data } = await app.gql(
    `{ synergyOverview { counts { disputedLinks awaitingAssessorConfirmation } } }`,
    {},
    await asUser(app, OWNER),
  );
  const count = (label: string) =>
    page.$eval(`section[aria-labelledby="synergy-counts"] dd[data-count="${label}"]`, (dd) => dd.textContent);
  expect(await count(nl['synergy.disputed'])).toBe(String(data!.synergyOverview.counts.disputedLinks));
  expect(await count(nl['synergy.awaitingAssessor'])).toBe(
    String(data!.synergyOverview.counts.awaitingAssessorConfirmation),
  );
  expect(await page.$('button[data-more="awaiting-assessor"]')).not.toBeNull();
  expect(await page.$('main .error[role="alert"]')).toBeNull();
  expect(await axeViolations(page)).toEqual([]);
  expect(tab.problems).toEqual([]);
}, 90_000);

it('keeps the status updates and history loaded on a deliverable’s page when progress is reported there', async () => {
  const { page } = tab;
  await signInAsDemo(page, app, OWNER);
  await waitForPage(page, 'overview');
  await page.goto(`${app.baseUrl}/deliverables/${encodeURIComponent(deliverableId)}`, { waitUntil: 'load' });
  await waitForPage(page, 'deliverable');
  await settle(page);
  expect(await loadAll('updates')).toBe(1);
  expect(await loadAll('history')).toBeGreaterThan(0);
  const historyBefore = (await texts('table.history tbody tr')).length;

  const form = 'form[data-form="status-update"]';
  await page.type(`${form} textarea`, 'Voortgang na het laden.');
  await page.click(`${form} button[type="submit"]`);
  await page.waitForFunction(() => document.activeElement?.getAttribute('role') === 'status');
  await settle(page);

  const { data } = await app.gql(
    `query($id: ID!) { deliverable(id: $id) { statusUpdates(first: 500) { nodes { text } } } }`,
    { id: deliverableId },
    await asUser(app, OWNER),
  );
  const updates = (data!.deliverable.statusUpdates.nodes as { text: string }[]).map((u) => u.text);
  expect(updates).toHaveLength(SEEDED + 1);
  expect(updates[0]).toBe('Voortgang na het laden.');
  expect(await texts('ul.updates > li p')).toEqual(updates);
  expect(await page.$('button[data-more="updates"]')).toBeNull();
  const history = await everyPage(
    (data) => data.auditEvents,
    `query($id: ID!, $after: String) { auditEvents(filter: { entityId: $id }, first: ${MAX_PAGE_SIZE}, after: $after) {
       nodes { id } pageInfo { hasNextPage endCursor } } }`,
    { id: deliverableId },
    OWNER,
  );
  expect(history.length).toBeGreaterThanOrEqual(historyBefore);
  expect(await texts('table.history tbody tr')).toHaveLength(history.length);
  expect(await page.$('button[data-more="history"]')).toBeNull();
  expect(await page.$('main .error[role="alert"]')).toBeNull();
  expect(tab.problems).toEqual([]);
}, 90_000);

/** Serves /dashboard-settings.json as `settings` to the page (a broken or other server's file). */
async function serveSettings(settings: unknown): Promise<void> {
  await tab.page.setRequestInterception(true);
  tab.page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/dashboard-settings.json')
      void request.respond({ status: 200, contentType: 'application/json', body: JSON.stringify(settings) });
    else void request.continue();
  });
}

/** The `first` of each list inside the deliverable the page asked (DashboardDeliverable's variables). */
const NESTED_FIRSTS = ['milestonesFirst', 'dependentsFirst', 'statusHistoryFirst', 'updatesFirst'];

it('asks no list inside a deliverable for more than the nestedMaxSize the settings name', async () => {
  const { page } = tab;
  const nestedMaxSize = MAX_PAGE_SIZE + 1;
  await serveSettings({ auth: { mode: 'local', demoUsers: true }, maxPageSize: MAX_PAGE_SIZE, nestedMaxSize });
  const sent = sentOperations();
  await signInAsDemo(page, app, OWNER);
  await waitForPage(page, 'overview');
  await page.goto(`${app.baseUrl}/deliverables/${encodeURIComponent(deliverableId)}`, { waitUntil: 'load' });
  await waitForPage(page, 'deliverable');
  await settle(page);
  await page.click('button[data-more="milestones"]');
  await settle(page);
  // As many as the cap lets it ask; no "Meer laden" it could not serve.
  expect(await texts('ul.milestones li')).toHaveLength(nestedMaxSize);
  expect(await page.$('button[data-more="milestones"]')).toBeNull();
  const asked = sent
    .filter((o) => o.name === 'DashboardDeliverable')
    .flatMap((o) => NESTED_FIRSTS.map((f) => o.variables[f]));
  expect(asked.length).toBeGreaterThan(0);
  expect(asked.filter((first) => typeof first !== 'number' || first > nestedMaxSize)).toEqual([]);
  expect(await page.$('main .error[role="alert"]')).toBeNull();
  expect(tab.problems).toEqual([]);
}, 90_000);

it.each([
  ['without nestedMaxSize', {}],
  ['with nestedMaxSize 0', { nestedMaxSize: 0 }],
  ['with nestedMaxSize not whole', { nestedMaxSize: 12.5 }],
  ['with nestedMaxSize not a number', { nestedMaxSize: 'many' }],
])(
  'reaches every milestone of a deliverable from a settings file %s',
  async (_name, nested) => {
    const { page } = tab;
    await serveSettings({ auth: { mode: 'local', demoUsers: true }, maxPageSize: MAX_PAGE_SIZE, ...nested });
    await signInAsDemo(page, app, OWNER);
    await waitForPage(page, 'overview');
    await page.goto(`${app.baseUrl}/deliverables/${encodeURIComponent(deliverableId)}`, { waitUntil: 'load' });
    await waitForPage(page, 'deliverable');
    await settle(page);
    expect(await texts('ul.milestones li')).toHaveLength(MAX_PAGE_SIZE);
    expect(await loadAll('milestones')).toBe(1);
    expect(await texts('ul.milestones li')).toHaveLength(SEEDED);
    expect(await page.$('main .error[role="alert"]')).toBeNull();
    expect(tab.problems).toEqual([]);
  },
  90_000,
);
