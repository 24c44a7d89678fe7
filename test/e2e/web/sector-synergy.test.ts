/// <reference lib="dom" />
import type { Browser } from 'puppeteer-core';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { en, nl } from '../../../web/src/messages';
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
 * The sector page (adopted agenda with its questions and projects), synergy per sector with a link
 * confirmed by the association's editor, and "My party".
 */
let app: TestApp;
let browser: Browser;
let tab: DashboardPage;

/** Demo editors of the associations that own guidelines. */
const ASSOCIATION_EDITORS: Record<string, string> = {
  fms: 'fms.editor@example.org',
  nhg: 'nhg.editor@example.org',
  'mdl-artsen': 'mdl.editor@example.org',
  vvn: 'vvn.editor@example.org',
  zegg: 'zegg.editor@example.org',
};

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

async function sectorByKey(key: string): Promise<{ id: string; key: string; nameNl: string }> {
  const { data } = await app.gql(`{ sectors { id key nameNl } }`);
  return (data!.sectors as { id: string; key: string; nameNl: string }[]).find((s) => s.key === key)!;
}

type Side = 'GUIDELINE_OWNER' | 'ASSESSOR';

/**
 * The first link (by sector) awaiting `side`, with the demo editor who may confirm that side; with
 * `awaiting`, one that awaits exactly those sides.
 */
async function linkAwaiting(side: Side, awaiting?: Side[]) {
  const { data } = await app.gql(`{ sectors { id key } }`);
  for (const sector of data!.sectors as { id: string; key: string }[]) {
    const { data: links } = await app.gql(
      `query($s: [ID!], $side: SynergyLinkSide) { synergyLinks(filter: { sectorIds: $s, awaitingSide: $side }, first: 100) { nodes { id version awaitingConfirmationFrom guideline { owners { key } } assessment { assessorParty { key } } } } }`,
      { s: [sector.id], side },
    );
    for (const link of links!.synergyLinks.nodes) {
      const editor =
        side === 'ASSESSOR'
          ? link.assessment.assessorParty?.key === 'zorginstituut' && 'zin.editor@example.org'
          : (link.guideline.owners as { key: string }[]).map((o) => ASSOCIATION_EDITORS[o.key]).find(Boolean);
      const sides = (list: Side[]) => [...list].sort().join();
      if (!editor || (awaiting && sides(link.awaitingConfirmationFrom) !== sides(awaiting))) continue;
      return { sectorId: sector.id, linkId: link.id as string, version: link.version as number, editor };
    }
  }
  throw new Error(`no link awaits ${side}`);
}

const AWAITING_OWNER_COUNT = '#synergy-counts + dl [data-count="Wachten op de richtlijneigenaar"]';
const AWAITING_ZIN_COUNT = '#synergy-counts + dl [data-count="Wachten op Zorginstituut"]';

it('shows a sector’s adopted agenda with its questions and their projects, and a place for consultations', async () => {
  const { page } = tab;
  const { data } = await app.gql(
    `{ researchAgendas(first: 50, filter: { status: ADOPTED }) { nodes { title sector { id key nameNl } adoptedVersion { items(first: 50) { question { title projects(first: 5) { title } } } } } } }`,
  );
  type Agenda = {
    title: string;
    sector: { id: string; key: string; nameNl: string } | null;
    adoptedVersion: { items: { question: { title: string; projects: { title: string }[] } }[] };
  };
  const agenda = (data!.researchAgendas.nodes as Agenda[]).find(
    (a) => a.sector && a.adoptedVersion.items.some((i) => i.question.projects.length > 0),
  )!;
  await page.goto(`${app.baseUrl}/sectors`, { waitUntil: 'load' });
  await waitForPage(page, 'sectors');
  await page.click(`a[href="/sectors/${encodeURIComponent(agenda.sector!.id)}"]`);
  await waitForPage(page, 'sector');
  expect(await page.$eval('h1', (el) => el.textContent)).toBe(agenda.sector!.nameNl);
  const shown = await page.$$eval('article', (articles) =>
    articles.map((a) => ({
      title: a.querySelector('h3')!.textContent,
      questions: [...a.querySelectorAll('tbody tr th')].map((th) => th.firstChild!.textContent),
      projects: [...a.querySelectorAll('tbody tr td li')].map((li) => li.firstChild!.textContent!.trim()),
    })),
  );
  const article = shown.find((a) => a.title === agenda.title)!;
  expect(article.questions).toEqual(agenda.adoptedVersion.items.map((i) => i.question.title));
  expect(article.projects).toEqual(agenda.adoptedVersion.items.flatMap((i) => i.question.projects.map((p) => p.title)));
  expect(await page.$eval('#consultations', (el) => el.textContent)).toBe('Open consultaties');
  expect(await axeViolations(page)).toEqual([]);
  expect(await unreachableByKeyboard(page)).toEqual([]);
  await screenshot(page, 'sector');
  expect(tab.problems).toEqual([]);
}, 60_000);

it('names each synergy trajectory’s phase in words, in Dutch and in English', async () => {
  const { page } = tab;
  const { data } = await app.gql(`{ synergyOverview { trajectories { trajectory { name phase } } } }`);
  const trajectories = data!.synergyOverview.trajectories as { trajectory: { name: string; phase: string } }[];
  expect(trajectories.length).toBeGreaterThan(0);
  await page.goto(`${app.baseUrl}/synergy`, { waitUntil: 'load' });
  await waitForPage(page, 'synergy');
  const headings = () =>
    page.$$eval('section[aria-labelledby="synergy-trajectories"] h3', (hs) => hs.map((h) => h.textContent));
  const phase = (messages: typeof nl, p: string) => messages[`synergy.phase.${p}` as keyof typeof nl];
  expect(await headings()).toEqual(trajectories.map(({ trajectory: t }) => `${t.name} (fase: ${phase(nl, t.phase)})`));
  await page.click('.account button[lang="en"]');
  expect(await headings()).toEqual(trajectories.map(({ trajectory: t }) => `${t.name} (phase: ${phase(en, t.phase)})`));
  await page.click('.account button[lang="nl"]');
  expect(tab.problems).toEqual([]);
}, 60_000);

it('lets an association editor confirm a link awaiting their side, and the count goes down by one', async () => {
  const { page } = tab;
  const { sectorId, linkId, editor } = await linkAwaiting('GUIDELINE_OWNER');

  await signInAsDemo(page, app, editor);
  await waitForPage(page, 'overview');
  await page.goto(`${app.baseUrl}/synergy?sector=${encodeURIComponent(sectorId)}`, { waitUntil: 'load' });
  await waitForPage(page, 'synergy');
  const awaiting = () => page.$eval(AWAITING_OWNER_COUNT, (el) => Number(el.textContent!.replace(/\D/g, '')));
  const before = await awaiting();
  expect(before).toBeGreaterThan(0);
  // The association confirms its own side only: nothing to press in the list waiting for Zorginstituut.
  expect(await page.$$('section[aria-labelledby="awaiting-assessor"] button')).toEqual([]);
  expect(await axeViolations(page)).toEqual([]);
  expect(await unreachableByKeyboard(page)).toEqual([]);
  await screenshot(page, 'synergy');

  // By keyboard: focus the row's button and press Enter.
  await page.focus(`section[aria-labelledby="awaiting-owner"] tr[data-link="${linkId}"] button`);
  await page.keyboard.press('Enter');
  await page.waitForSelector('p[role="status"]');
  await page.waitForFunction(
    (selector, expected) => Number(document.querySelector(selector)!.textContent!.replace(/\D/g, '')) === expected,
    {},
    AWAITING_OWNER_COUNT,
    before - 1,
  );
  expect(await page.$(`section[aria-labelledby="awaiting-owner"] tr[data-link="${linkId}"]`)).toBeNull();
  const { data: after } = await app.gql(
    `query($id: ID!) { synergyLink(id: $id) { awaitingConfirmationFrom } }`,
    { id: linkId },
    await asUser(app, editor),
  );
  expect(after!.synergyLink.awaitingConfirmationFrom).not.toContain('GUIDELINE_OWNER');
  // The link's history (audit trail) now starts with this confirmation, by this editor.
  await page.click(`section[aria-labelledby="awaiting-assessor"] tr[data-link="${linkId}"] a[href^="/history/"]`);
  await waitForPage(page, 'history');
  await page.waitForSelector('table.history');
  const [latest] = await page.$$eval('table.history tbody tr', (rows) => rows.map((r) => r.textContent));
  const [{ name }] = await app.dataSource.query(`SELECT name FROM "user" WHERE email = $1`, [editor]);
  expect(latest).toContain(name);
  expect(await axeViolations(page)).toEqual([]);
  expect(tab.problems).toEqual([]);
}, 90_000);

it('offers Zorginstituut no button for the associations’ side, which only they may confirm', async () => {
  const { page } = tab;
  const msz = await sectorByKey('msz');
  await signInAsDemo(page, app, 'zin.editor@example.org');
  await waitForPage(page, 'overview');
  await page.goto(`${app.baseUrl}/synergy?sector=${encodeURIComponent(msz.id)}`, { waitUntil: 'load' });
  await waitForPage(page, 'synergy');
  await page.waitForSelector('section[aria-labelledby="awaiting-owner"] tr[data-link]');
  expect(await page.$$('section[aria-labelledby="awaiting-owner"] button')).toEqual([]);
  // Each button it does offer is for its own side, on a link the API says it may confirm.
  const offered = await page.$$eval('section[aria-labelledby="awaiting-assessor"] button[data-side]', (buttons) =>
    buttons.map((b) => [b.closest('tr')!.getAttribute('data-link'), b.getAttribute('data-side')]),
  );
  expect(offered.length).toBeGreaterThan(0);
  const zin = await asUser(app, 'zin.editor@example.org');
  for (const [id, side] of offered) {
    const { data } = await app.gql(`query($id: ID!) { synergyLink(id: $id) { confirmableSides } }`, { id }, zin);
    expect([id, data!.synergyLink.confirmableSides]).toEqual([id, [side]]);
  }
  expect(tab.problems).toEqual([]);
}, 60_000);

it('offers no confirm button to someone without the capability, and explains conflicts in words', async () => {
  const { page } = tab;
  const msz = await sectorByKey('msz');
  await signInAsDemo(page, app, 'vws.viewer@example.org');
  await waitForPage(page, 'overview');
  await page.goto(`${app.baseUrl}/synergy?sector=${encodeURIComponent(msz.id)}`, { waitUntil: 'load' });
  await waitForPage(page, 'synergy');
  expect(await page.$$('table.links button')).toEqual([]);
  const { data } = await app.gql(
    `query($s: [ID!]) { synergyConflicts(filter: { sectorIds: $s }, first: 20) { nodes { explanation } } }`,
    { s: [msz.id] },
  );
  const explanations = (data!.synergyConflicts.nodes as { explanation: string }[]).map((c) => c.explanation);
  expect(explanations.length).toBeGreaterThan(0);
  const shown = await page.$$eval('ul.conflicts li', (lis) => lis.map((li) => li.textContent));
  expect(shown).toHaveLength(explanations.length);
  explanations.forEach((explanation, i) => expect(shown[i]).toContain(explanation));
  expect(tab.problems).toEqual([]);
}, 60_000);

it('shows the new counts on the all-sectors view after a link was confirmed in a sector', async () => {
  const { page } = tab;
  const { sectorId, linkId, editor } = await linkAwaiting('ASSESSOR');
  await signInAsDemo(page, app, editor);
  await waitForPage(page, 'overview');
  const awaiting = () => page.$eval(AWAITING_ZIN_COUNT, (el) => Number(el.textContent!.replace(/\D/g, '')));
  // The all-sectors view first, then the sector's, within the page (Apollo's cache keeps both).
  await navigateInPage(page, '/synergy');
  await waitForPage(page, 'synergy');
  await settle(page);
  const before = await awaiting();
  await navigateInPage(page, `/synergy?sector=${encodeURIComponent(sectorId)}`);
  await settle(page);
  await page.click(`section[aria-labelledby="awaiting-assessor"] tr[data-link="${linkId}"] button`);
  await page.waitForSelector('p[role="status"]:not(.loading)');
  await settle(page);

  // Back to all sectors by the menu.
  await page.click('header nav a[href="/synergy"]');
  await waitForPage(page, 'synergy');
  await settle(page);
  const { data } = await app.gql(`{ synergyOverview { counts { awaitingAssessorConfirmation } } }`);
  expect(data!.synergyOverview.counts.awaitingAssessorConfirmation).toBe(before - 1);
  expect(await awaiting()).toBe(before - 1);
  expect(tab.problems).toEqual([]);
}, 90_000);

it('reads a link again when someone else changed it meanwhile, says so, and the next press confirms', async () => {
  const { page } = tab;
  const { sectorId, linkId, version, editor } = await linkAwaiting('GUIDELINE_OWNER', ['ASSESSOR', 'GUIDELINE_OWNER']);
  await signInAsDemo(page, app, editor);
  await waitForPage(page, 'overview');
  await page.goto(`${app.baseUrl}/synergy?sector=${encodeURIComponent(sectorId)}`, { waitUntil: 'load' });
  await waitForPage(page, 'synergy');

  // Meanwhile Zorginstituut confirms its side: the version the page read is gone.
  const zin = await app.gql(
    `mutation($input: ConfirmSynergyLinkInput!) { confirmSynergyLink(input: $input) { awaitingConfirmationFrom } }`,
    { input: { id: linkId, version, side: 'ASSESSOR' } },
    await asUser(app, 'zin.editor@example.org'),
  );
  expect(zin.data!.confirmSynergyLink.awaitingConfirmationFrom).toEqual(['GUIDELINE_OWNER']);

  const button = `section[aria-labelledby="awaiting-owner"] tr[data-link="${linkId}"] button`;
  await page.click(button);
  await settle(page);
  const said = () =>
    page.$eval('section[aria-labelledby="awaiting-owner"]', (section) => ({
      notice: section.querySelector('.notice[role="status"]')?.textContent ?? null,
      error: section.querySelector('.error[role="alert"]')?.textContent ?? null,
    }));
  expect(await said()).toEqual({ notice: nl['synergy.changedMeanwhile'], error: null });
  // Read again: it awaits the owner only now.
  expect(
    await page.$eval(
      `section[aria-labelledby="awaiting-owner"] tr[data-link="${linkId}"] td:last-child`,
      (td) => td.firstChild!.textContent,
    ),
  ).toBe('wacht op: richtlijneigenaar');
  // English too, in the English page.
  await page.click('.account button[lang="en"]');
  expect(await page.$eval('section[aria-labelledby="awaiting-owner"] .notice', (el) => el.textContent)).toBe(
    en['synergy.changedMeanwhile'],
  );
  await page.click('.account button[lang="nl"]');

  await page.click(button);
  await page.waitForFunction(() => document.querySelector('p[role="status"]:not(.notice):not(.loading)'));
  await settle(page);
  expect(await said()).toEqual({ notice: null, error: null });
  const { data } = await app.gql(
    `query($id: ID!) { synergyLink(id: $id) { awaitingConfirmationFrom } }`,
    { id: linkId },
    await asUser(app, editor),
  );
  expect(data!.synergyLink.awaitingConfirmationFrom).toEqual([]);
  expect(tab.problems).toEqual([]);
}, 90_000);

it('shows my party’s deliverables and links, and asks anonymous visitors to sign in', async () => {
  const { page } = tab;
  await page.goto(`${app.baseUrl}/party`, { waitUntil: 'load' });
  await waitForPage(page, 'party');
  expect(await page.$eval('main p', (el) => el.textContent)).toBe(
    'Log in om te zien wat er voor uw partij klaarstaat.',
  );

  const editor = 'zin.editor@example.org';
  const headers = await asUser(app, editor);
  const { data } = await app.gql(
    `{ myDeliverables(first: 50) { totalCount } me { memberships { party { id } } } }`,
    {},
    headers,
  );
  const partyId = data!.me.memberships[0].party.id;
  const { data: links } = await app.gql(
    `query($p: [ID!]) { synergyLinks(filter: { partyIds: $p }, first: 50) { totalCount } }`,
    { p: [partyId] },
    headers,
  );
  await signInAsDemo(page, app, editor);
  await waitForPage(page, 'overview');
  await page.click('header nav a[href="/party"]');
  await waitForPage(page, 'party');
  expect(await page.$eval('#our-deliverables', (el) => el.textContent)).toBe(
    `Onze opleverpunten (${data!.myDeliverables.totalCount})`,
  );
  expect(await page.$eval('#our-links', (el) => el.textContent)).toBe(
    `Onze koppelingen (${links!.synergyLinks.totalCount})`,
  );
  expect(await page.$$eval('#our-deliverables + ul li', (lis) => lis.length)).toBe(
    Math.min(50, data!.myDeliverables.totalCount),
  );
  expect(await axeViolations(page)).toEqual([]);
  expect(await unreachableByKeyboard(page)).toEqual([]);
  await screenshot(page, 'party');
  expect(tab.problems).toEqual([]);
}, 60_000);

describe('consultations and the inbox', () => {
  const QUESTION = 'Welke kennisvragen missen nog op de ggz-agenda? (dashboardtest)';
  let ggz: { id: string; key: string; nameNl: string };

  beforeAll(async () => {
    ggz = await sectorByKey('ggz');
    const zin = await asUser(app, 'zin.editor@example.org');
    const { data } = await app.gql(
      `query($s: [ID!]) { researchAgendas(filter: { sectorIds: $s }, first: 20) { nodes { key latestVersion { id } } } }`,
      { s: [ggz.id] },
      zin,
    );
    const agenda = (data!.researchAgendas.nodes as { key: string; latestVersion: { id: string } | null }[]).find(
      (a) => a.key === 'onderzoeksagenda-ggz',
    )!;
    const opened = await app.gql(
      `mutation($input: OpenConsultationRoundInput!) { openConsultationRound(input: $input) { status } }`,
      {
        input: {
          targetId: agenda.latestVersion!.id,
          question: QUESTION,
          closesAt: new Date(Date.now() + 3_600_000).toISOString(),
          invitedPartyKinds: ['PATIENT_ORGANISATION'],
        },
      },
      zin,
    );
    expect(opened.data!.openConsultationRound.status).toBe('OPEN');
  });

  const consultationsOnSectorPage = async (email: string | null) => {
    const { page } = tab;
    if (email) {
      await signInAsDemo(page, app, email);
      await waitForPage(page, 'overview');
    }
    await page.goto(`${app.baseUrl}/sectors/${encodeURIComponent(ggz.id)}`, { waitUntil: 'load' });
    await waitForPage(page, 'sector');
    return page.$eval('section[aria-labelledby="consultations"]', (el) => el.textContent!);
  };

  it('lists an open consultation on the sector’s agenda to an invited party, and in its My party page', async () => {
    expect(await consultationsOnSectorPage('pfn.contributor@example.org')).toContain(QUESTION);
    expect(await axeViolations(tab.page)).toEqual([]);
    await tab.page.click('header nav a[href="/party"]');
    await waitForPage(tab.page, 'party');
    expect(await tab.page.$eval('section[aria-labelledby="our-consultations"]', (el) => el.textContent)).toContain(
      QUESTION,
    );
    expect(tab.problems).toEqual([]);
  }, 60_000);

  it('does not show the consultation to anonymous visitors', async () => {
    const text = await consultationsOnSectorPage(null);
    expect(text).not.toContain(QUESTION);
    expect(text).toContain('Geen open consultaties die u kunt zien.');
    expect(tab.problems).toEqual([]);
  }, 60_000);

  it('shows what waits for the party (its inbox), as the API counts it', async () => {
    const editor = 'fms.editor@example.org';
    const { data } = await app.gql(
      `{ myInbox(first: 20) { totalCount nodes { title } } }`,
      {},
      await asUser(app, editor),
    );
    expect(data!.myInbox.totalCount).toBeGreaterThan(0);
    await signInAsDemo(tab.page, app, editor);
    await waitForPage(tab.page, 'overview');
    await tab.page.click('header nav a[href="/party"]');
    await waitForPage(tab.page, 'party');
    expect(await tab.page.$eval('#inbox', (el) => el.textContent)).toBe(
      `Wat op ons wacht (${data!.myInbox.totalCount})`,
    );
    const items = await tab.page.$$eval('ul.inbox li', (lis) => lis.map((li) => li.textContent));
    expect(items).toHaveLength(data!.myInbox.nodes.length);
    (data!.myInbox.nodes as { title: string }[]).forEach((node, i) => expect(items[i]).toContain(node.title));
    expect(await axeViolations(tab.page)).toEqual([]);
    expect(tab.problems).toEqual([]);
  }, 60_000);

  it('names each inbox item’s kind in words', async () => {
    const editor = 'nhg.editor@example.org';
    const { data } = await app.gql(`{ myInbox(first: 100) { nodes { kind } } }`, {}, await asUser(app, editor));
    const kinds = (data!.myInbox.nodes as { kind: string }[]).map((n) => n.kind);
    expect(kinds).toContain('CONSULTATION_ROUND_OPEN');
    await signInAsDemo(tab.page, app, editor);
    await waitForPage(tab.page, 'overview');
    await tab.page.click('header nav a[href="/party"]');
    await waitForPage(tab.page, 'party');
    expect(await tab.page.$$eval('ul.inbox li .kind', (els) => els.map((el) => el.textContent))).toEqual(
      kinds.map((kind) => nl[`inbox.kind.${kind}` as keyof typeof nl]),
    );
    expect(tab.problems).toEqual([]);
  }, 60_000);

  it('shows only the chosen party’s inbox and deliverables to someone in two parties', async () => {
    const { page } = tab;
    const person = 'multi@example.org';
    const headers = await asUser(app, person);
    const { data } = await app.gql(`{ me { memberships { party { id shortName } } } }`, {}, headers);
    const memberships = data!.me.memberships as { party: { id: string; shortName: string } }[];
    expect(memberships).toHaveLength(2);
    await signInAsDemo(page, app, person);
    await waitForPage(page, 'overview');
    const shown: string[][] = [];
    for (const { party } of memberships) {
      const { data: ours } = await app.gql(
        `query($p: [ID!]) {
          myInbox(first: 20, filter: { partyIds: $p }) { totalCount nodes { title party { id } } }
          myDeliverables(first: 50, orderBy: DUE_DATE_ASC, partyIds: $p) { totalCount nodes { title } }
        }`,
        { p: [party.id] },
        headers,
      );
      const inbox = ours!.myInbox.nodes as { title: string; party: { id: string } }[];
      for (const item of inbox) expect(item.party.id).toBe(party.id);
      await navigateInPage(page, `/party?party=${encodeURIComponent(party.id)}`);
      await waitForPage(page, 'party');
      await settle(page);
      expect(await page.$eval('#party-choice', (el) => (el as HTMLSelectElement).selectedOptions[0]!.textContent)).toBe(
        party.shortName,
      );
      expect(await page.$eval('#inbox', (el) => el.textContent)).toBe(`Wat op ons wacht (${ours!.myInbox.totalCount})`);
      const items = await page.$$eval('ul.inbox li', (lis) => lis.map((li) => li.textContent));
      expect(items).toHaveLength(inbox.length);
      inbox.forEach((item, i) => expect(items[i]).toContain(item.title));
      expect(await page.$eval('#our-deliverables', (el) => el.textContent)).toBe(
        `Onze opleverpunten (${ours!.myDeliverables.totalCount})`,
      );
      const titles = await page.$$eval('#our-deliverables + ul li a', (as) => as.map((a) => a.textContent ?? ''));
      expect(titles).toEqual((ours!.myDeliverables.nodes as { title: string }[]).map((d) => d.title));
      shown.push(titles);
    }
    // The two parties' pages differ: neither shows the other's deliverables as its own.
    expect(shown[0]).not.toEqual(shown[1]);
    expect(tab.problems).toEqual([]);
  }, 60_000);
});
