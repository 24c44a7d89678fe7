/// <reference lib="dom" />
import type { Browser } from 'puppeteer-core';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { CREATE_DELIVERABLE, CREATE_PROGRAMME, day, mutate, partyIds, span } from '../../fixtures/deliverables';
import { nl } from '../../../web/src/messages';
import {
  axeViolations,
  launchBrowser,
  navigateInPage,
  openPage,
  screenshot,
  settle,
  signInAsDemo,
  unreachableByKeyboard,
  waitForPage,
  type DashboardPage,
} from './browser';

/**
 * The deliverables timeline and a deliverable's page with its history: a VWS editor opens the
 * timeline, changes the reference day, and drills down from the overview to an OFF_TRACK deliverable.
 */
let app: TestApp;
let browser: Browser;
let tab: DashboardPage;
const VWS_EDITOR = 'vws.editor@example.org';

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

interface Row {
  title: string;
  health: string;
  period: string;
}

const rowsOf = (tab: DashboardPage) =>
  tab.page.$$eval('table.timeline tbody tr', (trs) =>
    trs.map((tr) => ({
      title: tr.querySelector('th a')!.textContent!,
      health: tr.getAttribute('data-health')!,
      period: tr.querySelector('td.period')!.textContent!,
    })),
  ) as Promise<Row[]>;

/** The API's own answer for a programme on a day: title → health. */
async function healthByTitle(programmeId: string, asOf: string | null) {
  const { data } = await app.gql(
    `query($f: DeliverableFilter, $asOf: LocalDate) { deliverables(filter: $f, asOf: $asOf, first: 100) { nodes { title healthReport(asOf: $asOf) { health } } } }`,
    { f: { programmeIds: [programmeId] }, asOf },
  );
  return Object.fromEntries(
    (data!.deliverables.nodes as { title: string; healthReport: { health: string | null } }[]).map((n) => [
      n.title,
      n.healthReport.health ?? 'NONE',
    ]),
  );
}

it('shows a programme’s deliverables with fuzzy dates as ranges, and follows a change of the reference day', async () => {
  const { page } = tab;
  const { data } = await app.gql(`{ programmes(first: 100) { id key name } }`);
  const programme = (data!.programmes as { id: string; key: string; name: string }[]).find((p) => /VVTB/.test(p.name))!;
  await signInAsDemo(page, app, VWS_EDITOR);
  await waitForPage(page, 'overview');
  // By the menu, then choosing the programme in the form, as a person would.
  await page.click('header nav a[href="/timeline"]');
  await waitForPage(page, 'timeline');
  await page.select('#tl-id', programme.id);
  await page.click('form[aria-label="Tijdlijn van"] button[type="submit"]');
  await page.waitForFunction((id) => new URL(location.href).searchParams.get('id') === id, {}, programme.id);
  await waitForPage(page, 'timeline');

  const today = await rowsOf(tab);
  expect(Object.fromEntries(today.map((r) => [r.title, r.health]))).toEqual(await healthByTitle(programme.id, null));
  // A fuzzy date shows its label and the span it stands for.
  const [fuzzy] = await app.dataSource.query(
    `SELECT d.title, d.due_label, to_char(d.due_earliest, 'DD-MM-YYYY') AS earliest, to_char(d.due_latest, 'DD-MM-YYYY') AS latest
       FROM deliverable d JOIN programme p ON p.id = d.programme_id
      WHERE p.key = $1 AND d.due_label IS NOT NULL AND d.due_earliest < d.due_latest ORDER BY d.title LIMIT 1`,
    [programme.key],
  );
  expect(today.find((r) => r.title === fuzzy.title)!.period).toContain(
    `${fuzzy.due_label} (${fuzzy.earliest} – ${fuzzy.latest})`,
  );
  expect(await axeViolations(page)).toEqual([]);
  expect(await unreachableByKeyboard(page)).toEqual([]);
  await screenshot(page, 'timeline');
  // The README's picture: the rows around the first late deliverable.
  await page.$eval('table.timeline tbody tr[data-health="OFF_TRACK"]', (row) => {
    row.scrollIntoView({ block: 'start' });
    window.scrollBy(0, -160);
  });
  await screenshot(page, 'readme-timeline', { width: 1100, height: 560 });
  await page.evaluate(() => window.scrollTo(0, 0));

  // Back to a day before most deadlines: fewer are overdue, so fewer are OFF_TRACK.
  await page.$eval('#as-of', (el) => ((el as HTMLInputElement).value = '2023-01-01'));
  await page.click('form.as-of:not([aria-label]) button[type="submit"]');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('asOf') === '2023-01-01');
  await page.waitForFunction(() =>
    document.querySelector('table.timeline caption')?.textContent?.includes('01-01-2023'),
  );
  const past = await rowsOf(tab);
  const expected = await healthByTitle(programme.id, '2023-01-01');
  expect(Object.fromEntries(past.map((r) => [r.title, r.health]))).toEqual(expected);
  const offTrack = (rows: Row[]) => rows.filter((r) => r.health === 'OFF_TRACK').length;
  expect(offTrack(past)).toBeLessThan(offTrack(today));
  expect(tab.problems).toEqual([]);
}, 90_000);

it('keeps its filters in the URL: a shared link opens the same view', async () => {
  const { page } = tab;
  const { data } = await app.gql(`{ sectors { id key } }`);
  const sector = (data!.sectors as { id: string; key: string }[]).find((s) => s.key === 'msz')!;
  await page.goto(`${app.baseUrl}/timeline?by=sector&id=${encodeURIComponent(sector.id)}&asOf=2025-01-01`, {
    waitUntil: 'load',
  });
  await waitForPage(page, 'timeline');
  expect(await page.$eval('#tl-by', (el) => (el as HTMLSelectElement).value)).toBe('sector');
  expect(await page.$eval('#tl-id', (el) => (el as HTMLSelectElement).value)).toBe(sector.id);
  expect(await page.$eval('#as-of', (el) => (el as HTMLInputElement).value)).toBe('2025-01-01');
  const { data: api } = await app.gql(
    `query($f: DeliverableFilter) { deliverables(filter: $f, first: 1) { totalCount } }`,
    { f: { sectorIds: [sector.id] } },
  );
  await settle(page);
  expect(await page.$$eval('table.timeline tbody tr', (rows) => rows.length)).toBe(api!.deliverables.totalCount);
  expect(tab.problems).toEqual([]);
}, 60_000);

async function parties(): Promise<{ id: string; key: string; name: string; shortName: string | null }[]> {
  const { data } = await app.gql(`{ parties(first: 100) { nodes { id key name shortName } } }`);
  return data!.parties.nodes;
}

it('offers the parties once "partij" is chosen in the form, and shows the party picked', async () => {
  const { page } = tab;
  const all = await parties();
  const zin = all.find((p) => p.key === 'zorginstituut')!;
  await page.goto(`${app.baseUrl}/timeline`, { waitUntil: 'load' });
  await waitForPage(page, 'timeline');
  await page.select('#tl-by', 'party');
  // Ordered by the names it shows (the API orders by full name), as a Dutch reader sorts them.
  expect(await page.$$eval('#tl-id option', (options) => options.map((o) => o.textContent))).toEqual([
    'Alle',
    ...all.map((p) => p.shortName ?? p.name).sort(new Intl.Collator('nl').compare),
  ]);
  await page.select('#tl-id', zin.id);
  await page.click('form[aria-label="Tijdlijn van"] button[type="submit"]');
  await page.waitForFunction((id) => new URL(location.href).searchParams.get('id') === id, {}, zin.id);
  expect(new URL(page.url()).searchParams.get('by')).toBe('party');
  await waitForPage(page, 'timeline');
  expect(await page.$eval('#tl-id', (el) => (el as HTMLSelectElement).selectedOptions[0]!.textContent)).toBe('ZIN');
  expect(tab.problems).toEqual([]);
}, 60_000);

it('keeps its own rows when the list asked the same deliverables 50 at a time, and shows them again on Back', async () => {
  const { page } = tab;
  const zin = (await parties()).find((p) => p.key === 'zorginstituut')!;
  const { data } = await app.gql(`query($f: DeliverableFilter) { deliverables(filter: $f, first: 1) { totalCount } }`, {
    f: { ownerPartyIds: [zin.id] },
  });
  const total: number = data!.deliverables.totalCount;
  // More than the list's page, no more than the timeline shows.
  expect(total).toBeGreaterThan(50);
  expect(total).toBeLessThanOrEqual(100);
  const rows = () => page.$$eval('table.timeline tbody tr', (trs) => trs.length);
  await page.goto(`${app.baseUrl}/timeline?${new URLSearchParams({ by: 'party', id: zin.id })}`, { waitUntil: 'load' });
  await waitForPage(page, 'timeline');
  expect(await rows()).toBe(total);

  // The overview's drill-down for the party opens this list: its first 50 and "more".
  await navigateInPage(page, `/deliverables?${new URLSearchParams({ party: zin.id })}`);
  await waitForPage(page, 'deliverables');
  await settle(page);
  expect(await page.$$eval('table.list tbody tr', (trs) => trs.length)).toBe(50);

  // The browser's Back: no reload, the timeline comes from the cache.
  await page.goBack();
  await waitForPage(page, 'timeline');
  await settle(page);
  expect(await rows()).toBe(total);
  expect(await page.$('main p[role="status"]')).toBeNull();
  expect(tab.problems).toEqual([]);
}, 90_000);

it('drills down from the overview to an OFF_TRACK deliverable and shows its history from the audit trail', async () => {
  const { page } = tab;
  const headers = await asUser(app, VWS_EDITOR);
  const { data } = await app.gql(
    `{ deliverables(filter: { health: OFF_TRACK }, first: 100) { nodes { id title version programme { id } } } }`,
  );
  const target = (
    data!.deliverables.nodes as { id: string; title: string; version: number; programme: { id: string } | null }[]
  ).find((n) => n.programme)!;
  const changed = await app.gql(
    `mutation($input: UpdateDeliverableInput!) { updateDeliverable(input: $input) { id version } }`,
    { input: { id: target.id, version: target.version, note: 'Herijking gepland in het eerste kwartaal.' } },
    headers,
  );
  expect(changed.errors).toBeUndefined();

  await signInAsDemo(page, app, VWS_EDITOR);
  await waitForPage(page, 'overview');
  await page.click(
    `table.counts tbody a[href*="programme=${encodeURIComponent(target.programme!.id)}"][href*="health=OFF_TRACK"]`,
  );
  await waitForPage(page, 'deliverables');
  const [link] = await page.$$(`table.list a[href^="/deliverables/${encodeURIComponent(target.id)}"]`);
  expect(await link!.evaluate((el) => el.textContent)).toBe(target.title);
  await link!.click();
  await waitForPage(page, 'deliverable');
  expect(await page.$eval('h1', (el) => el.textContent)).toBe(target.title);
  expect(await page.$eval('dl.facts .badge', (el) => el.textContent)).toBe('Uit koers');
  await page.waitForSelector('table.history');
  const history = await page.$$eval('table.history tbody tr', (rows) => rows.map((r) => r.textContent));
  expect(history[0]).toContain('VWS Editor');
  expect(history[0]).toContain('Herijking gepland in het eerste kwartaal.');
  expect(await axeViolations(page)).toEqual([]);
  expect(await unreachableByKeyboard(page)).toEqual([]);
  await screenshot(page, 'deliverable');
  expect(tab.problems).toEqual([]);
}, 90_000);

it('tells anonymous visitors to sign in for the history instead of asking the API', async () => {
  const { page } = tab;
  const { data } = await app.gql(`{ deliverables(first: 1) { nodes { id } } }`);
  await page.goto(`${app.baseUrl}/deliverables/${encodeURIComponent(data!.deliverables.nodes[0].id)}`, {
    waitUntil: 'load',
  });
  await waitForPage(page, 'deliverable');
  expect(await page.$eval('section[aria-labelledby="history"] p', (el) => el.textContent)).toBe(
    'Log in om de geschiedenis te zien.',
  );
  expect(await page.$('table.history')).toBeNull();
  expect(await axeViolations(page)).toEqual([]);
  expect(tab.problems).toEqual([]);
}, 60_000);

it('reads a timeline of more than 500 deliverables that far by itself, and the rest with "Meer laden"', async () => {
  const { page } = tab;
  const { createProgramme: programme } = await mutate(app, VWS_EDITOR, CREATE_PROGRAMME, {
    name: 'Een groot programma',
  });
  const { zorginstituut } = await partyIds(app, ['zorginstituut']);
  const total = 510;
  // Ten at a time: a burst of 30 writes on the test server's pool of 5 waited past its 3 s connection timeout on a
  // loaded CI machine (embedded PostgreSQL) and was answered SERVICE_UNAVAILABLE.
  for (let start = 0; start < total; start += 10)
    await Promise.all(
      Array.from({ length: Math.min(10, total - start) }, (_, i) =>
        mutate(app, VWS_EDITOR, CREATE_DELIVERABLE, {
          title: `Opleverpunt ${String(start + i + 1).padStart(3, '0')}`,
          programmeId: programme.id,
          ownerPartyIds: [zorginstituut],
          due: span(day(start + i + 1), day(start + i + 1)),
        }),
      ),
    );
  const rows = () => page.$$eval('table.timeline tbody tr', (trs) => trs.length);
  await page.goto(`${app.baseUrl}/timeline?${new URLSearchParams({ by: 'programme', id: programme.id })}`, {
    waitUntil: 'load',
  });
  await waitForPage(page, 'timeline');
  await page.waitForSelector('button[data-more="timeline"]', { timeout: 30_000 });
  await settle(page);
  // Five pages of 100 (MAX_PAGE_SIZE), then it stops and says so.
  expect(await rows()).toBe(500);
  expect(await page.$eval('main p[role="status"]', (p) => p.textContent)).toBe(
    nl['timeline.more'].replace('{shown}', '500').replace('{total}', '510'),
  );
  expect(await page.$eval('button[data-more="timeline"]', (b) => b.textContent)).toBe(
    `${nl['common.more']} (10): ${nl['timeline.title']}`,
  );
  expect(await axeViolations(page)).toEqual([]);
  await page.click('button[data-more="timeline"]');
  await page.waitForFunction(() => !document.querySelector('button[data-more="timeline"]'));
  expect(await rows()).toBe(total);
  expect(await page.$eval('table.timeline tbody tr:last-child th a', (a) => a.textContent)).toBe('Opleverpunt 510');
  expect(await page.$('main p[role="status"]')).toBeNull();
  expect(tab.problems).toEqual([]);
}, 180_000);
