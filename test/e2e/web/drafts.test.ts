/// <reference lib="dom" />
import type { Browser } from 'puppeteer-core';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { launchBrowser, openPage, signInAsDemo, waitForPage } from './browser';

/**
 * Anonymous visitors see what anonymous API clients see: a guideline still in development, and the
 * link its owner made from it, stay out of every page they open; its owner sees both.
 */
let app: TestApp;
let browser: Browser;
const DRAFT_TITLE = 'Conceptrichtlijn zichtbaarheidstoets';
let sectorId: string;
let guidelineId: string;

beforeAll(async () => {
  [app, browser] = await Promise.all([createTestApp(), launchBrowser()]);
  const fms = await asUser(app, 'fms.editor@example.org');
  const { data } = await app.gql(`{ sectors { id key } parties(first: 100) { nodes { id key } } }`);
  sectorId = data!.sectors.find((s: { key: string }) => s.key === 'msz').id;
  const fmsId = data!.parties.nodes.find((p: { key: string }) => p.key === 'fms').id;
  const { data: assessments } = await app.gql(
    `query($s: [ID!]) { packageAssessments(filter: { sectorIds: $s }, first: 1) { nodes { id published } } }`,
    { s: [sectorId] },
  );
  const assessment = assessments!.packageAssessments.nodes[0];
  expect(assessment.published).toBe(true);
  const created = await app.gql(
    `mutation($input: CreateGuidelineInput!) { createGuideline(input: $input) { id status } }`,
    { input: { title: DRAFT_TITLE, ownerPartyIds: [fmsId], sectorIds: [sectorId] } },
    fms,
  );
  expect(created.data!.createGuideline.status).toBe('IN_DEVELOPMENT');
  guidelineId = created.data!.createGuideline.id;
  const linked = await app.gql(
    `mutation($input: LinkRecommendationToAssessmentInput!) { linkRecommendationToAssessment(input: $input) { id } }`,
    { input: { guidelineId, assessmentId: assessment.id, linkType: 'SHARED_EVIDENCE', alignment: 'UNDER_REVIEW' } },
    fms,
  );
  expect(linked.errors).toBeUndefined();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

async function synergyText(email: string | null): Promise<string> {
  const tab = await openPage(browser);
  try {
    if (email) {
      await signInAsDemo(tab.page, app, email);
      await waitForPage(tab.page, 'overview');
    }
    await tab.page.goto(`${app.baseUrl}/synergy?sector=${encodeURIComponent(sectorId)}`, { waitUntil: 'load' });
    await waitForPage(tab.page, 'synergy');
    expect(tab.problems).toEqual([]);
    return await tab.page.$eval('main', (main) => main.textContent!);
  } finally {
    await tab.close();
  }
}

it('keeps a draft guideline and its link off the synergy page for anonymous visitors', async () => {
  expect(await synergyText(null)).not.toContain(DRAFT_TITLE);
}, 60_000);

it('shows the draft and its link to the owning association', async () => {
  expect(await synergyText('fms.editor@example.org')).toContain(DRAFT_TITLE);
}, 60_000);
