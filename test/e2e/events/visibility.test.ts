import { fromGlobalId, toGlobalId } from 'graphql-relay';
import { EventType } from '../../../entities/domain-event.enums';
import { emitEvents } from '../../../server/services/events/outbox';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { synergyScenario } from './scenario';

/**
 * Who sees an event: exactly those who may read its subject when it is delivered, by the node(id:) rules
 * of every query. Shown on the change feed; subscriptions and webhooks ask the same module.
 */
let app: TestApp;
let s: ReturnType<typeof synergyScenario>;
let draft: { id: string; version: number };
let published: { id: string; version: number };
let start: string;
const fromGlobal = (id: string) => fromGlobalId(id).id;

const CHANGES = `query($after: String, $filter: EventFilter, $first: Int) {
  changes(after: $after, filter: $filter, first: $first) {
    edges { cursor node { type subjectId subjectType before after subject { id } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

async function seen(email: string | null, after = start) {
  const res = await app.gql(
    CHANGES,
    { after, filter: { subjectIds: [draft.id, published.id] }, first: 50 },
    await asUser(app, email),
  );
  expect(res.errors).toBeUndefined();
  return res.data!.changes.edges.map(
    (e: any) => `${e.node.subjectId === draft.id ? 'draft' : 'published'}:${e.node.type}`,
  );
}

beforeAll(async () => {
  // No poll of the outbox during the statement counts below (notifications still wake it).
  app = await createTestApp({ EVENTS_SWEEP_SECONDS: '0', EVENTS_POLL_MS: '600000' });
  s = synergyScenario(app);
  await s.init();
  const [{ cursor }] = await app.dataSource.query(`SELECT coalesce(max(cursor), 0)::text AS cursor FROM domain_event`);
  start = cursor;
  const intervention = await s.intervention('Zichtbaarheid');
  draft = await s.assessment('INSURED', intervention, false);
  draft = await s.updateAssessment(draft.id, draft.version, 'NOT_INSURED');
  published = await s.assessment('INSURED', intervention, true);
  published = await s.updateAssessment(published.id, published.version, 'INSURED_WITH_CONDITIONS');
});
afterAll(() => app.close());

describe('the visibility matrix of events', () => {
  it.each([
    ['the owner party’s editor', 'zin.editor@example.org', true],
    ['the owner party’s viewer', 'zin.viewer@example.org', true],
    ['VWS (reads all drafts)', 'vws.viewer@example.org', true],
    ['another party', 'fms.editor@example.org', false],
    ['an anonymous client', null, false],
  ])('%s: the draft’s events only when it may read the draft', async (_who, email, readsDraft) => {
    const expected = [
      ...(readsDraft ? ['draft:ASSESSMENT_OUTCOME_CHANGED'] : []),
      'published:ASSESSMENT_PUBLISHED',
      'published:ASSESSMENT_OUTCOME_CHANGED',
    ];
    expect(await seen(email)).toEqual(expected);
  });

  it('decides at delivery: once the draft is published, everyone reads its earlier events', async () => {
    const second = app;
    {
      const t = s;
      const intervention = await t.intervention('Later gepubliceerd');
      let a = await t.assessment('INSURED', intervention, false);
      a = await t.updateAssessment(a.id, a.version, 'NOT_INSURED');
      const feed = async () =>
        (
          await second.gql(
            CHANGES,
            { filter: { subjectIds: [a.id] }, first: 10 },
            await asUser(second, 'fms.editor@example.org'),
          )
        ).data!.changes.edges.map((e: any) => e.node.type);
      expect(await feed()).toEqual([]);
      await t.publishAssessment(a.id, a.version);
      expect(await feed()).toEqual(['ASSESSMENT_OUTCOME_CHANGED', 'ASSESSMENT_PUBLISHED']);
    }
  });
});

describe('the change feed', () => {
  it('pages in cursor order without gaps or repeats, and moves its end past hidden events', async () => {
    const all: string[] = [];
    let after = start;
    for (let page = 0; page < 10; page++) {
      const res = await app.gql(CHANGES, { after, filter: { subjectIds: [draft.id, published.id] }, first: 1 }, {});
      const { edges, pageInfo } = res.data!.changes;
      all.push(...edges.map((e: any) => e.node.type));
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    expect(all).toEqual(['ASSESSMENT_PUBLISHED', 'ASSESSMENT_OUTCOME_CHANGED']);
  });

  it('ends where it would without the hidden events that match its filter', async () => {
    // A hidden event after the visible ones, so a full page has one more matching event behind it.
    await app.dataSource.transaction((manager) =>
      emitEvents(manager, [
        {
          type: EventType.ASSESSMENT_OUTCOME_CHANGED,
          subjectType: 'PackageAssessment',
          subjectId: fromGlobal(draft.id),
        },
      ]),
    );
    const page = async (filter: object, first: number) =>
      (await app.gql(CHANGES, { after: start, filter, first }, {})).data!.changes as {
        edges: { node: { type: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    const nothing = await page(
      { subjectIds: [toGlobalId('PackageAssessment', '00000000-0000-4000-8000-000000000099')] },
      5,
    );
    const onlyDraft = await page({ subjectIds: [draft.id] }, 5);
    expect(onlyDraft.edges).toEqual([]);
    expect(onlyDraft.pageInfo).toEqual(nothing.pageInfo);
    const both = await page({ subjectIds: [draft.id, published.id] }, 2);
    expect(both.edges.map((e) => e.node.type)).toEqual(['ASSESSMENT_PUBLISHED', 'ASSESSMENT_OUTCOME_CHANGED']);
    expect(both.pageInfo).toEqual(nothing.pageInfo);
  });

  it('looks through many hidden events in a few statements, and then moves past them', async () => {
    const hidden = Array.from({ length: 250 }, (_, n) => ({
      type: EventType.ASSESSMENT_OUTCOME_CHANGED,
      subjectType: 'PackageAssessment',
      subjectId: fromGlobal(draft.id),
      details: { n },
    }));
    const [{ cursor: from }] = await app.dataSource.query(`SELECT max(cursor)::text AS cursor FROM domain_event`);
    await app.dataSource.transaction((manager) => emitEvents(manager, hidden));
    await new Promise((resolve) => setTimeout(resolve, 300));
    let page: any;
    const { count } = await app.countQueries(async () => {
      page = (await app.gql(CHANGES, { after: from, filter: { subjectIds: [draft.id] }, first: 1 }, {})).data!.changes;
    });
    expect(page.edges).toEqual([]);
    // Its budget (200 events) looked at in two reads of the outbox, each with its visibility check.
    expect(count).toBeLessThanOrEqual(12);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(BigInt(page.pageInfo.endCursor)).toBeGreaterThan(BigInt(from));
  });

  it('narrows by type, sector and party', async () => {
    const res = await app.gql(
      CHANGES,
      {
        after: start,
        filter: { types: ['ASSESSMENT_PUBLISHED'], sectorIds: [s.ids.msz], partyIds: [s.ids.zorginstituut] },
      },
      {},
    );
    // Other tests of this file publish assessments too: every answer is a publication in msz by Zorginstituut.
    const found = res.data!.changes.edges.map((e: any) => e.node);
    expect(found.map((e: any) => e.subjectId)).toContain(published.id);
    expect(found.filter((e: any) => e.type !== 'ASSESSMENT_PUBLISHED' || e.subjectId === draft.id)).toEqual([]);
    const other = await app.gql(CHANGES, { after: start, filter: { sectorIds: [s.ids.ggz] } }, {});
    expect(other.data!.changes.edges).toEqual([]);
  });

  it.each([
    ['a forged cursor', { after: 'abc' }, 'after'],
    ['a page too large', { first: 1000 }, 'first'],
    ['an empty list of subjects', { filter: { subjectIds: [] } }, 'filter.subjectIds'],
    ['an empty list of types', { filter: { types: [] } }, 'filter.types'],
    [
      'a party id of the wrong type',
      { filter: { partyIds: ['U2VjdG9yOjAwMDAwMDAwLTAwMDAtNDAwMC04MDAwLTAwMDAwMDAwMDAwMQ=='] } },
      'filter.partyIds.0',
    ],
  ])('refuses %s with BAD_USER_INPUT', async (_what, variables, field) => {
    const res = await app.gql(CHANGES, variables);
    expect(res.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', field]]);
  });

  it('reads the subjects of a page in a constant number of statements', async () => {
    // One event on each of 10 guidelines, drafts among them: their visibility and subjects load in batches.
    const guidelines: { id: string }[] = await app.dataSource.query(
      `SELECT id FROM guideline ORDER BY status = 'IN_DEVELOPMENT' DESC, id LIMIT 10`,
    );
    expect(guidelines).toHaveLength(10);
    await app.dataSource.transaction((manager) =>
      emitEvents(
        manager,
        guidelines.map((g) => ({
          type: EventType.GUIDELINE_EDITION_PUBLISHED,
          subjectType: 'Guideline',
          subjectId: g.id,
        })),
      ),
    );
    const subjectIds = guidelines.map((g) => toGlobalId('Guideline', g.id));
    // The instance reads the new events once when their notification arrives; let that pass first.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const headers = await asUser(app, 'fms.viewer@example.org');
    const count = async (n: number) =>
      (
        await app.countQueries(() =>
          app.gql(
            `query($filter: EventFilter) { changes(first: 50, filter: $filter) { nodes { type subject { id } } } }`,
            { filter: { types: ['GUIDELINE_EDITION_PUBLISHED'], subjectIds: subjectIds.slice(0, n) } },
            headers,
          ),
        )
      ).count;
    expect(await count(10)).toBe(await count(2));
  });
});
