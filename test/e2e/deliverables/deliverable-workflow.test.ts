import { fromGlobalId, toGlobalId } from 'graphql-relay';
import { HyphenatedPeriodsReadAgain1800001800000 } from '../../../server/db/migrations/1800001800000-HyphenatedPeriodsReadAgain';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { outcome } from '../../helpers/outcome';
import {
  CREATE_DELIVERABLE,
  CREATE_PROGRAMME,
  CREATE_WORKSTREAM,
  day,
  mutate,
  partyIds,
  POST_UPDATE,
  span,
  UPDATE_DELIVERABLE,
} from '../../fixtures/deliverables';

const VWS = 'vws.editor@example.org';
let app: TestApp;
let parties: Record<string, string>;
let programmeId: string;
let w1: string;
let w2: string;
/** The fixture, all created through the API: see the hand-computed expectations below. */
const d: Record<string, { id: string; version: number }> = {};

beforeAll(async () => {
  app = await createTestApp();
  parties = await partyIds(app, ['zorginstituut', 'fms', 'nhg', 'vws']);
  programmeId = (
    await mutate(app, VWS, CREATE_PROGRAMME, { name: 'Testprogramma voortgang', periodLabel: '2025-2030' })
  ).createProgramme.id;
  w1 = (await mutate(app, VWS, CREATE_WORKSTREAM, { programmeId, name: 'Spoor 1', kind: 'TRACK' })).createWorkstream.id;
  w2 = (await mutate(app, VWS, CREATE_WORKSTREAM, { programmeId, name: 'Spoor 2', kind: 'TRACK' })).createWorkstream.id;
  const create = async (name: string, input: Record<string, unknown>) => {
    const { createDeliverable } = await mutate(app, VWS, CREATE_DELIVERABLE, {
      title: `Opleverpunt ${name}`,
      programmeId,
      workstreamId: w1,
      ownerPartyIds: [parties.zorginstituut],
      ...input,
    });
    d[name] = { id: createDeliverable.id, version: createDeliverable.version };
  };
  await create('A', { due: span(day(-40), day(-10)), contributorPartyIds: [parties.fms] }); // overdue
  await create('B', { due: span(day(0), day(30)), dependsOnIds: [d.A!.id] }); // late dependency
  await create('C', { due: span(day(100), day(200)), ownerPartyIds: [parties.zorginstituut, parties.fms] });
  await create('D', { due: span(day(10), day(45)) });
  await create('E', { due: span(day(-20), day(-5)) });
  await create('F', { due: span(day(30), day(60)), workstreamId: w2, ownerPartyIds: [parties.fms] });
  await mutate(app, 'zin.contributor@example.org', POST_UPDATE, {
    deliverableId: d.C!.id,
    health: 'ON_TRACK',
    text: 'Loopt.',
  });
  await mutate(app, 'zin.editor@example.org', POST_UPDATE, {
    deliverableId: d.D!.id,
    health: 'AT_RISK',
    text: 'Krap.',
  });
  const done = await mutate(app, VWS, UPDATE_DELIVERABLE, { id: d.E!.id, version: d.E!.version, status: 'DONE' });
  d.E!.version = done.updateDeliverable.version;
});
afterAll(() => app.close());

/**
 * A deliverable outside the fixture's programme, for tests that change what they use: the fixture
 * A–F stays as built above whatever order the tests run in.
 */
async function standalone(title: string, input: Record<string, unknown> = {}) {
  const { createDeliverable } = await mutate(app, VWS, CREATE_DELIVERABLE, {
    title,
    ownerPartyIds: [parties.zorginstituut],
    due: span(day(100), day(200)),
    ...input,
  });
  return createDeliverable as { id: string; version: number };
}

const HEALTH = `query($id: ID!, $asOf: LocalDate) {
  deliverable(id: $id) { status health(asOf: $asOf) overdue(asOf: $asOf)
    healthReport(asOf: $asOf) { status lateDependency noRecentUpdate reportedHealth } }
}`;

async function health(name: string, asOf?: string) {
  const res = await app.gql(HEALTH, { id: d[name]!.id, asOf });
  expect(res.errors).toBeUndefined();
  return res.data!.deliverable;
}

describe('health rules', () => {
  it.each([
    ['A', 'OFF_TRACK', true, 'overdue'],
    ['B', 'AT_RISK', false, 'a dependency (A) is overdue'],
    ['C', 'ON_TRACK', false, 'reported on track, recently'],
    ['D', 'AT_RISK', false, 'the owner reported AT_RISK'],
    ['E', null, false, 'DONE has no health and is not overdue'],
    ['F', 'ON_TRACK', false, 'never reported, created today, not overdue'],
  ])('%s is %s today (overdue: %s; %s)', async (name, expected, overdue, _why) => {
    expect(await health(name)).toMatchObject({ health: expected, overdue });
  });

  it('counts 60 days without a status update as AT_RISK, 59 not', async () => {
    expect((await health('C', day(59))).health).toBe('ON_TRACK');
    expect(await health('C', day(60))).toMatchObject({ health: 'AT_RISK', healthReport: { noRecentUpdate: true } });
  });

  it('recomputes a past day: status changes and updates after asOf are ignored', async () => {
    // E became DONE today; the day before it was PLANNED and past its latest due day.
    expect(await health('E', day(-1))).toMatchObject({
      health: 'OFF_TRACK',
      overdue: true,
      healthReport: { status: 'PLANNED' },
    });
    // D's AT_RISK report was posted today, so yesterday nothing had been reported.
    expect(await health('D', day(-1))).toMatchObject({ health: 'ON_TRACK', healthReport: { reportedHealth: null } });
  });

  it('marks a dependent AT_RISK only while its dependency is late', async () => {
    expect(await health('B', day(-11))).toMatchObject({ health: 'ON_TRACK', healthReport: { lateDependency: false } });
    expect(await health('B')).toMatchObject({ healthReport: { lateDependency: true } });
  });
});

describe('history on past days', () => {
  /** An instant at noon (Amsterdam) `days` from today, to date a record back. */
  const noon = (days: number) => `${day(days)} 12:00 Europe/Amsterdam`;
  let g: string;

  /**
   * A deliverable G (no programme, so the dashboards below are unchanged): PLANNED → IN_PROGRESS →
   * DELAYED, with an AT_RISK and an OFF_TRACK report; then the records are dated back as if made over weeks.
   */
  async function datedBack(): Promise<string> {
    const created = await mutate(app, VWS, CREATE_DELIVERABLE, {
      title: 'Opleverpunt G',
      ownerPartyIds: [parties.zorginstituut],
      due: span(day(100), day(200)),
    });
    const g = created.createDeliverable.id;
    const started = await mutate(app, VWS, UPDATE_DELIVERABLE, { id: g, version: 1, status: 'IN_PROGRESS' });
    await mutate(app, VWS, UPDATE_DELIVERABLE, {
      id: g,
      version: started.updateDeliverable.version,
      status: 'DELAYED',
    });
    await mutate(app, 'zin.editor@example.org', POST_UPDATE, { deliverableId: g, health: 'AT_RISK', text: 'Krap.' });
    await mutate(app, 'zin.editor@example.org', POST_UPDATE, { deliverableId: g, health: 'OFF_TRACK', text: 'Mis.' });
    const id = fromGlobalId(g).id;
    const date = async (table: string, column: string, where: string, days: number) =>
      app.dataSource.query(`UPDATE ${table} SET ${column} = $2::timestamptz WHERE deliverable_id = $1 AND ${where}`, [
        id,
        noon(days),
      ]);
    await date('deliverable_status_change', 'changed_at', `to_status = 'IN_PROGRESS'`, -20);
    await date('deliverable_status_change', 'changed_at', `to_status = 'DELAYED'`, -10);
    await date('status_update', 'posted_at', `health = 'AT_RISK'`, -15);
    await date('status_update', 'posted_at', `health = 'OFF_TRACK'`, -5);
    return g;
  }

  beforeAll(async () => {
    g = await datedBack();
  });

  async function stateOf(asOf: string, id = g) {
    const res = await app.gql(HEALTH, { id, asOf });
    expect(res.errors).toBeUndefined();
    const { health: computed, healthReport } = res.data!.deliverable;
    return { status: healthReport.status, health: computed, reported: healthReport.reportedHealth };
  }

  it.each([
    [-25, 'PLANNED', 'ON_TRACK', null, 'before the first change: what it started from'],
    [-20, 'IN_PROGRESS', 'ON_TRACK', null, 'the day of the first change'],
    [-12, 'IN_PROGRESS', 'AT_RISK', 'AT_RISK', 'between the changes, after the first report'],
    [-3, 'DELAYED', 'OFF_TRACK', 'OFF_TRACK', 'after everything'],
  ])('on day %i: %s, %s (reported %s; %s)', async (days, status, expected, reported, _why) => {
    expect(await stateOf(day(days))).toEqual({ status, health: expected, reported });
  });

  it('follows records corrected or removed by SQL (the deliverable keeps their latest times)', async () => {
    const corrected = await datedBack();
    const id = fromGlobalId(corrected).id;
    await app.dataSource.query(`DELETE FROM status_update WHERE deliverable_id = $1 AND health = 'OFF_TRACK'`, [id]);
    expect(await stateOf(day(0), corrected)).toEqual({ status: 'DELAYED', health: 'AT_RISK', reported: 'AT_RISK' });
    await app.dataSource.query(
      `UPDATE deliverable_status_change SET changed_at = $2::timestamptz WHERE deliverable_id = $1 AND to_status = 'DELAYED'`,
      [id, noon(1)],
    );
    expect(await stateOf(day(0), corrected)).toMatchObject({ status: 'IN_PROGRESS' });
  });
});

describe('dashboard', () => {
  const DASHBOARD = `query($groupBy: DashboardGroupBy!, $asOf: LocalDate, $filter: DeliverableFilter) {
    deliverableDashboard(groupBy: $groupBy, asOf: $asOf, filter: $filter) {
      totals { ...counts }
      groups { workstream { id } party { key } counts { ...counts } }
    }
  }
  fragment counts on DashboardCounts {
    total overdue dueNext90Days byStatus { status count } byHealth { health count }
  }`;

  function counts(c: any) {
    return {
      total: c.total,
      overdue: c.overdue,
      dueNext90Days: c.dueNext90Days,
      status: Object.fromEntries(c.byStatus.filter((s: any) => s.count).map((s: any) => [s.status, s.count])),
      health: Object.fromEntries(c.byHealth.filter((h: any) => h.count).map((h: any) => [h.health, h.count])),
    };
  }

  it('matches the hand-computed counts per workstream', async () => {
    const res = await app.gql(DASHBOARD, { groupBy: 'WORKSTREAM', filter: { programmeId } });
    expect(res.errors).toBeUndefined();
    const dash = res.data!.deliverableDashboard;
    expect(counts(dash.totals)).toEqual({
      total: 6,
      overdue: 1, // A
      dueNext90Days: 3, // B (+30), D (+45), F (+60); C is +200, A and E are past
      status: { PLANNED: 5, DONE: 1 },
      health: { OFF_TRACK: 1, AT_RISK: 2, ON_TRACK: 2 }, // E is DONE: no health
    });
    const byWorkstream = Object.fromEntries(dash.groups.map((g: any) => [g.workstream.id, counts(g.counts)]));
    expect(byWorkstream[w1]).toEqual({
      total: 5,
      overdue: 1,
      dueNext90Days: 2,
      status: { PLANNED: 4, DONE: 1 },
      health: { OFF_TRACK: 1, AT_RISK: 2, ON_TRACK: 1 },
    });
    expect(byWorkstream[w2]).toEqual({
      total: 1,
      overdue: 0,
      dueNext90Days: 1,
      status: { PLANNED: 1 },
      health: { ON_TRACK: 1 },
    });
  });

  it('counts a deliverable with two owners once for each owner and once in the totals', async () => {
    const res = await app.gql(DASHBOARD, { groupBy: 'PARTY', filter: { programmeId } });
    const dash = res.data!.deliverableDashboard;
    const byParty = Object.fromEntries(dash.groups.map((g: any) => [g.party.key, g.counts.total]));
    expect(byParty).toEqual({ zorginstituut: 5, fms: 2 });
    expect(dash.totals.total).toBe(6);
  });

  it('is reproducible for a past day', async () => {
    const res = await app.gql(DASHBOARD, { groupBy: 'WORKSTREAM', asOf: day(-1), filter: { programmeId } });
    expect(counts(res.data!.deliverableDashboard.totals)).toMatchObject({
      overdue: 2, // A and E (not yet DONE)
      status: { PLANNED: 6 },
    });
  });
});

describe('permissions on status updates', () => {
  it.each([
    ['an owner’s contributor', 'zin.contributor@example.org', null],
    ['a contributing party', 'fms.editor@example.org', null],
    ['a party that neither owns nor contributes', 'nhg.editor@example.org', 'FORBIDDEN'],
    ['VWS, which manages but does not own it', VWS, 'FORBIDDEN'],
    ['a viewer of the owner', 'zin.viewer@example.org', 'FORBIDDEN'],
    ['an anonymous client', null, 'UNAUTHENTICATED'],
  ])('%s: %s → %s', async (_who, email, code) => {
    const before = await app.dataSource.query('SELECT count(*)::int AS n FROM status_update');
    const res = await app.gql(
      POST_UPDATE,
      { input: { deliverableId: d.A!.id, health: 'OFF_TRACK', text: 'Vertraagd door capaciteit.' } },
      await asUser(app, email),
    );
    const after = await app.dataSource.query('SELECT count(*)::int AS n FROM status_update');
    expect(res.errors?.[0]?.extensions?.code ?? 'POSTED').toBe(code ?? 'POSTED');
    expect(after[0].n).toBe(before[0].n + (code ? 0 : 1));
  });

  it('shows update texts to signed-in users only', async () => {
    const query = `query($id: ID!) { deliverable(id: $id) { statusUpdates { nodes { health text party { key } } } } }`;
    const anonymous = await app.gql(query, { id: d.C!.id });
    expect(anonymous.data!.deliverable.statusUpdates.nodes).toEqual([
      { health: 'ON_TRACK', text: null, party: { key: 'zorginstituut' } },
    ]);
    const signedIn = await app.gql(query, { id: d.C!.id }, await asUser(app, 'nhg.editor@example.org'));
    expect(signedIn.data!.deliverable.statusUpdates.nodes[0].text).toBe('Loopt.');
  });

  it('lets only VWS create deliverables', async () => {
    const res = await app.gql(
      CREATE_DELIVERABLE,
      { input: { title: 'Niet van ZIN', dueLabel: 'Q3 2026' } },
      await asUser(app, 'zin.editor@example.org'),
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('status transitions', () => {
  it('refuses DONE → PLANNED with BAD_USER_INPUT listing the allowed next states', async () => {
    const res = await app.gql(
      UPDATE_DELIVERABLE,
      { input: { id: d.E!.id, version: d.E!.version, status: 'PLANNED' } },
      await asUser(app, VWS),
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.status',
      allowed: ['IN_PROGRESS'],
    });
  });

  it('lets an owner move a deliverable on with a status update, and records the change', async () => {
    const fmsOwned = await standalone('Opleverpunt van FMS', { ownerPartyIds: [parties.fms] });
    const res = await mutate(app, 'zin.editor@example.org', POST_UPDATE, {
      deliverableId: fmsOwned.id,
      health: 'ON_TRACK',
      text: 'Gestart.',
      status: 'IN_PROGRESS',
      version: fmsOwned.version,
    }).catch((e) => e);
    // Owned by FMS only: ZIN may not report on it.
    expect(String(res)).toContain('FORBIDDEN');
    const ok = await mutate(app, 'fms.editor@example.org', POST_UPDATE, {
      deliverableId: fmsOwned.id,
      health: 'ON_TRACK',
      text: 'Gestart.',
      status: 'IN_PROGRESS',
      version: fmsOwned.version,
    });
    expect(ok.postStatusUpdate).toMatchObject({ status: 'IN_PROGRESS', party: { key: 'fms' } });
    const history = await app.gql(
      `query($id: ID!) { deliverable(id: $id) { status version statusHistory { fromStatus toStatus } } }`,
      { id: fmsOwned.id },
    );
    expect(history.data!.deliverable).toMatchObject({
      status: 'IN_PROGRESS',
      version: fmsOwned.version + 1,
      statusHistory: [{ fromStatus: 'PLANNED', toStatus: 'IN_PROGRESS' }],
    });
  });

  it('refuses a status change on a stale version with CONFLICT', async () => {
    const fmsOwned = await standalone('Opleverpunt van FMS, al gestart', { ownerPartyIds: [parties.fms] });
    await mutate(app, 'fms.editor@example.org', POST_UPDATE, {
      deliverableId: fmsOwned.id,
      health: 'ON_TRACK',
      text: 'Gestart.',
      status: 'IN_PROGRESS',
      version: fmsOwned.version,
    });
    const res = await app.gql(
      POST_UPDATE,
      {
        input: { deliverableId: fmsOwned.id, health: 'ON_TRACK', text: 'x', status: 'DONE', version: fmsOwned.version },
      },
      await asUser(app, 'fms.editor@example.org'),
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: fmsOwned.version + 1 });
  });
});

describe('who changes the status with an update', () => {
  // A named contributor reports health and text; the status is for those accountable, and VWS, which plans.
  it.each([
    ['a member of the named owner', 'zin.contributor@example.org', {}, 'IN_PROGRESS'],
    ['an editor of a party of the owning kind', 'zn.editor@example.org', { ownerKinds: ['INSURER'] }, 'IN_PROGRESS'],
    ['VWS, named as a contributor (it plans it)', VWS, { contributors: ['fms', 'vws'] }, 'IN_PROGRESS'],
    ['an editor of the named contributor', 'fms.editor@example.org', {}, 'FORBIDDEN'],
  ])('%s: %s', async (_who, email, named: { ownerKinds?: string[]; contributors?: string[] }, expected) => {
    const d = await standalone(`Status door ${email}`, {
      contributorPartyIds: (named.contributors ?? ['fms']).map((key) => parties[key]),
      ...(named.ownerKinds ? { ownerPartyIds: [], ownerPartyKinds: named.ownerKinds } : {}),
    });
    // What the deliverable says the viewer may send, asked before: the same rule the update meets.
    const offered = await app.gql(
      `query($id: ID!) { deliverable(id: $id) { mayReport mayChangeStatus } }`,
      { id: d.id },
      await asUser(app, email),
    );
    expect(offered.data!.deliverable).toEqual({ mayReport: true, mayChangeStatus: expected !== 'FORBIDDEN' });
    const res = await app.gql(
      POST_UPDATE,
      {
        input: { deliverableId: d.id, health: 'ON_TRACK', text: 'Gestart.', status: 'IN_PROGRESS', version: d.version },
      },
      await asUser(app, email),
    );
    expect(outcome(res, (data) => data.postStatusUpdate.status)).toBe(expected);
    const after = await app.gql(
      `query($id: ID!) { deliverable(id: $id) { status version statusUpdates { totalCount } } }`,
      {
        id: d.id,
      },
    );
    // Refused: nothing of it is written, neither the status nor the update.
    expect(after.data!.deliverable).toEqual(
      expected === 'FORBIDDEN'
        ? { status: 'PLANNED', version: d.version, statusUpdates: { totalCount: 0 } }
        : { status: 'IN_PROGRESS', version: d.version + 1, statusUpdates: { totalCount: 1 } },
    );
  });

  it.each([
    ['an editor of a party that neither owns nor contributes', 'nhg.editor@example.org'],
    ['a viewer of the owner', 'zin.viewer@example.org'],
    ['an anonymous reader', null],
  ])('tells %s it may send no update at all', async (_who, email) => {
    const d = await standalone(`Geen melding door ${email}`, { contributorPartyIds: [parties.fms] });
    const offered = await app.gql(
      `query($id: ID!) { deliverable(id: $id) { mayReport mayChangeStatus } }`,
      { id: d.id },
      await asUser(app, email),
    );
    expect(offered.data!.deliverable).toEqual({ mayReport: false, mayChangeStatus: false });
  });

  it('lets a named contributor post health and text, also naming the status the deliverable has', async () => {
    const d = await standalone('Bijdrager rapporteert', { contributorPartyIds: [parties.fms] });
    const plain = await mutate(app, 'fms.editor@example.org', POST_UPDATE, {
      deliverableId: d.id,
      health: 'AT_RISK',
      text: 'Onze bijdrage loopt achter.',
    });
    const same = await mutate(app, 'fms.editor@example.org', POST_UPDATE, {
      deliverableId: d.id,
      health: 'AT_RISK',
      text: 'Nog steeds gepland.',
      status: 'PLANNED',
      version: d.version,
    });
    expect([plain.postStatusUpdate, same.postStatusUpdate]).toEqual([
      { id: expect.any(String), health: 'AT_RISK', status: null, party: { key: 'fms' } },
      { id: expect.any(String), health: 'AT_RISK', status: null, party: { key: 'fms' } },
    ]);
  });

  it('lets a party of a contributing kind (“zorgverzekeraars”) post health and text for itself, not the status', async () => {
    const d = await standalone('Verzekeraars dragen bij', { contributorPartyKinds: ['INSURER'] });
    const offered = async (email: string) =>
      (
        await app.gql(
          `query($id: ID!) { deliverable(id: $id) { mayReport mayChangeStatus } }`,
          { id: d.id },
          await asUser(app, email),
        )
      ).data!.deliverable;
    expect(await offered('zn.contributor@example.org')).toEqual({ mayReport: true, mayChangeStatus: false });
    // A party of another kind contributes nothing here.
    expect(await offered('pfn.contributor@example.org')).toEqual({ mayReport: false, mayChangeStatus: false });
    const plain = await mutate(app, 'zn.contributor@example.org', POST_UPDATE, {
      deliverableId: d.id,
      health: 'AT_RISK',
      text: 'Onze bijdrage loopt achter.',
    });
    expect(plain.postStatusUpdate).toEqual({
      id: expect.any(String),
      health: 'AT_RISK',
      status: null,
      party: { key: 'zn' },
    });
    const status = await app.gql(
      POST_UPDATE,
      {
        input: { deliverableId: d.id, health: 'ON_TRACK', text: 'Gestart.', status: 'IN_PROGRESS', version: d.version },
      },
      await asUser(app, 'zn.contributor@example.org'),
    );
    expect(status.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    const other = await app.gql(
      POST_UPDATE,
      { input: { deliverableId: d.id, health: 'ON_TRACK', text: 'Wij ook.' } },
      await asUser(app, 'pfn.contributor@example.org'),
    );
    expect(other.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });
});

describe('health change events', () => {
  /** The DELIVERABLE_HEALTH_CHANGED events on a deliverable, oldest first, with who caused them. */
  async function healthEvents(id: string) {
    const rows: {
      payload: { before: { health: string | null }; after: { health: string | null } };
      actor: string | null;
    }[] = await app.dataSource.query(
      `SELECT e.payload, u.email AS actor FROM domain_event e LEFT JOIN "user" u ON u.id = e.actor_id
          WHERE e.type = 'DELIVERABLE_HEALTH_CHANGED' AND e.subject_id = $1 ORDER BY e.cursor`,
      [fromGlobalId(id).id],
    );
    return rows.map((r) => [r.payload.before.health, r.payload.after.health, r.actor]);
  }

  it('records a dependent’s health change in the write that makes its dependency late, by its author', async () => {
    const b = await standalone('Afhankelijkheid die vertraagt');
    const a = await standalone('Wacht op de afhankelijkheid', { dependsOnIds: [b.id] });
    // Health follows whether a dependency is late, not its health: a dependent of A stays ON_TRACK.
    const c = await standalone('Wacht op het afhankelijke opleverpunt', { dependsOnIds: [a.id] });
    await mutate(app, 'zin.editor@example.org', POST_UPDATE, {
      deliverableId: b.id,
      health: 'AT_RISK',
      text: 'Vertraagd.',
      status: 'DELAYED',
      version: b.version,
    });
    expect((await app.gql(HEALTH, { id: a.id })).data!.deliverable.health).toBe('AT_RISK');
    expect(await healthEvents(a.id)).toEqual([['ON_TRACK', 'AT_RISK', 'zin.editor@example.org']]);
    expect((await app.gql(HEALTH, { id: c.id })).data!.deliverable.health).toBe('ON_TRACK');
    expect(await healthEvents(c.id)).toEqual([]);
  });

  it('records it when the dependency’s due date is moved into the past, and back', async () => {
    const b = await standalone('Afhankelijkheid met verschoven datum');
    const a = await standalone('Wacht op de verschoven datum', { dependsOnIds: [b.id] });
    const past = await mutate(app, VWS, UPDATE_DELIVERABLE, {
      id: b.id,
      version: b.version,
      due: span(day(-30), day(-1)),
    });
    await mutate(app, VWS, UPDATE_DELIVERABLE, {
      id: b.id,
      version: past.updateDeliverable.version,
      due: span(day(100), day(200)),
    });
    expect(await healthEvents(a.id)).toEqual([
      ['ON_TRACK', 'AT_RISK', VWS],
      ['AT_RISK', 'ON_TRACK', VWS],
    ]);
  });

  it('checks every dependent of the written deliverable in one statement, however many there are', async () => {
    const delay = async (dependents: number) => {
      const b = await standalone(`Afhankelijkheid van ${dependents}`);
      const waiting = [];
      for (let i = 0; i < dependents; i++)
        waiting.push(await standalone(`Wacht (${i + 1} van ${dependents})`, { dependsOnIds: [b.id] }));
      const { count } = await app.countQueries(() =>
        mutate(app, 'zin.editor@example.org', POST_UPDATE, {
          deliverableId: b.id,
          health: 'AT_RISK',
          text: 'Vertraagd.',
          status: 'DELAYED',
          version: b.version,
        }),
      );
      const changed = await Promise.all(waiting.map((w) => healthEvents(w.id)));
      return { count, changed: changed.filter((events) => events.length === 1).length };
    };
    const one = await delay(1);
    const four = await delay(4);
    expect([one.changed, four.changed]).toEqual([1, 4]);
    expect(four.count).toBe(one.count);
  });

  it.each(['AT_RISK', 'ON_TRACK'])(
    'records one change when one update reopens a deliverable reporting %s: no health it never had',
    async (health) => {
      const d = await standalone(`Heropend als ${health}`);
      await mutate(app, 'zin.editor@example.org', POST_UPDATE, {
        deliverableId: d.id,
        health: 'OFF_TRACK',
        text: 'Slecht.',
      });
      const done = await mutate(app, VWS, UPDATE_DELIVERABLE, { id: d.id, version: d.version, status: 'DONE' });
      await mutate(app, 'zin.editor@example.org', POST_UPDATE, {
        deliverableId: d.id,
        health,
        text: 'Heropend.',
        status: 'IN_PROGRESS',
        version: done.updateDeliverable.version,
      });
      expect(await healthEvents(d.id)).toEqual([
        ['ON_TRACK', 'OFF_TRACK', 'zin.editor@example.org'],
        ['OFF_TRACK', null, VWS],
        [null, health, 'zin.editor@example.org'],
      ]);
    },
  );
});

describe('an update that changes nothing', () => {
  it('keeps the version and writes no audit event; a real change after it still applies', async () => {
    const created = await standalone('Opleverpunt zonder wijziging', { ownerPartyIds: [parties.zorginstituut] });
    const audits = async () =>
      (
        await app.dataSource.query(
          `SELECT count(*)::int AS n FROM audit_event WHERE entity_type = 'Deliverable' AND entity_id = $1`,
          [fromGlobalId(created.id).id],
        )
      )[0].n as number;
    const before = await audits();
    const same = await mutate(app, VWS, UPDATE_DELIVERABLE, {
      id: created.id,
      version: created.version,
      title: null,
      ownerPartyIds: [parties.zorginstituut],
      titleEn: null,
    });
    expect(same.updateDeliverable.version).toBe(created.version);
    expect(await audits()).toBe(before);
    const renamed = await mutate(app, VWS, UPDATE_DELIVERABLE, {
      id: created.id,
      version: created.version,
      title: 'Opleverpunt, nu wel gewijzigd',
    });
    expect(renamed.updateDeliverable.version).toBe(created.version + 1);
    expect(await audits()).toBe(before + 1);
  });
});

describe('an update of a milestone, programme or workstream that changes nothing', () => {
  const auditsOf = async (id: string) =>
    (
      await app.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE entity_id = $1`, [
        fromGlobalId(id).id,
      ])
    )[0].n as number;

  it.each([
    [
      'a milestone',
      async () =>
        (
          await mutate(
            app,
            VWS,
            `mutation($input: CreateMilestoneInput!) { createMilestone(input: $input) { id version } }`,
            {
              deliverableId: d.C!.id,
              title: 'Mijlpaal zonder wijziging',
              confidence: 'HIGH',
            },
          )
        ).createMilestone,
      `mutation($input: UpdateMilestoneInput!) { updateMilestone(input: $input) { version } }`,
      { title: 'Mijlpaal zonder wijziging', confidence: 'HIGH' },
      'updateMilestone',
    ],
    [
      'a programme',
      async () =>
        (
          await mutate(app, VWS, CREATE_PROGRAMME, {
            name: 'Programma zonder wijziging',
            periodLabel: '2027',
          })
        ).createProgramme,
      `mutation($input: UpdateProgrammeInput!) { updateProgramme(input: $input) { version } }`,
      { name: 'Programma zonder wijziging', description: null },
      'updateProgramme',
    ],
    [
      'a workstream',
      async () =>
        (
          await mutate(
            app,
            VWS,
            `mutation($input: CreateWorkstreamInput!) { createWorkstream(input: $input) { id version } }`,
            {
              programmeId,
              name: 'Spoor zonder wijziging',
              kind: 'TRACK',
            },
          )
        ).createWorkstream,
      `mutation($input: UpdateWorkstreamInput!) { updateWorkstream(input: $input) { version } }`,
      { name: 'Spoor zonder wijziging', kind: 'TRACK' },
      'updateWorkstream',
    ],
  ])('%s keeps its version and writes no audit event', async (_what, create, update, same, field) => {
    const created = (await create()) as { id: string; version: number };
    const audits = await auditsOf(created.id);
    const res = await mutate(app, VWS, update, { id: created.id, version: created.version, ...same });
    expect(res[field].version).toBe(created.version);
    expect(await auditsOf(created.id)).toBe(audits);
  });
});

describe('dependencies', () => {
  const DEPENDS = `query($id: ID!) { deliverable(id: $id) { version dependsOn { id } } }`;

  it('refuses a cycle with BAD_USER_INPUT and keeps the old dependencies', async () => {
    const first = await standalone('Eerste');
    const second = await standalone('Tweede', { dependsOnIds: [first.id] });
    // The second depends on the first; making the first depend on the second closes the cycle.
    const res = await app.gql(
      UPDATE_DELIVERABLE,
      { input: { id: first.id, version: first.version, dependsOnIds: [second.id] } },
      await asUser(app, VWS),
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.dependsOnIds' });
    const stored = await app.gql(DEPENDS, { id: first.id });
    expect(stored.data!.deliverable).toEqual({ version: first.version, dependsOn: [] });
  });

  it('refuses a longer cycle and a self-dependency', async () => {
    const first = await standalone('Eerste van drie');
    const second = await standalone('Tweede van drie', { dependsOnIds: [first.id] });
    const third = await standalone('Derde van drie', { dependsOnIds: [second.id] });
    const longer = await app.gql(
      UPDATE_DELIVERABLE,
      { input: { id: first.id, version: first.version, dependsOnIds: [third.id] } },
      await asUser(app, VWS),
    );
    expect(longer.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const self = await app.gql(
      UPDATE_DELIVERABLE,
      { input: { id: third.id, version: third.version, dependsOnIds: [third.id] } },
      await asUser(app, VWS),
    );
    expect(self.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await app.gql(DEPENDS, { id: first.id })).data!.deliverable.dependsOn).toEqual([]);
    expect((await app.gql(DEPENDS, { id: third.id })).data!.deliverable.dependsOn).toEqual([{ id: second.id }]);
  });
});

describe('contributors named by kind', () => {
  it('find what their kind contributes to among their deliverables and on the timeline', async () => {
    const { createDeliverable: d } = await mutate(app, VWS, CREATE_DELIVERABLE, {
      title: 'Opleverpunt met patiëntenorganisaties',
      ownerPartyIds: [parties.zorginstituut],
      contributorPartyKinds: ['PATIENT_ORGANISATION'],
      due: span(day(200), day(220)),
    });
    await mutate(app, VWS, `mutation($input: CreateMilestoneInput!) { createMilestone(input: $input) { id } }`, {
      deliverableId: d.id,
      title: 'Tussenstap met patiëntenorganisaties',
      due: span(day(150), day(160)),
    });
    const pfn = await asUser(app, 'pfn.contributor@example.org');
    const [row] = await app.dataSource.query(`SELECT id FROM party WHERE key = 'patientenfederatie'`);
    const res = await app.gql(
      `query($p: [ID!]) {
        myDeliverables(first: 100) { nodes { id } }
        milestoneTimeline(filter: { partyIds: $p }, first: 100) { nodes { title } }
      }`,
      { p: [toGlobalId('Party', row.id)] },
      pfn,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.myDeliverables.nodes.map((n: { id: string }) => n.id)).toContain(d.id);
    expect(res.data!.milestoneTimeline.nodes.map((n: { title: string }) => n.title)).toContain(
      'Tussenstap met patiëntenorganisaties',
    );
    // Another kind does not contribute: an insurer's list does not have it.
    const zn = await app.gql(
      `{ myDeliverables(first: 100) { nodes { id } } }`,
      {},
      await asUser(app, 'zn.contributor@example.org'),
    );
    expect(zn.data!.myDeliverables.nodes.map((n: { id: string }) => n.id)).not.toContain(d.id);
  });
});

describe('a list on a past day', () => {
  it('shows nested deliverables and milestones on that day too, not today', async () => {
    const own = (
      await mutate(app, VWS, CREATE_PROGRAMME, { name: 'Testprogramma peildatum', periodLabel: '2025-2030' })
    ).createProgramme.id;
    const { createDeliverable: a } = await mutate(app, VWS, CREATE_DELIVERABLE, {
      title: 'Afhankelijkheid A',
      programmeId: own,
      due: span(day(-20), day(-10)),
    });
    await mutate(app, VWS, `mutation($input: CreateMilestoneInput!) { createMilestone(input: $input) { id } }`, {
      deliverableId: a.id,
      title: 'Tussenstap van A',
      due: span(day(-14), day(-12)),
    });
    await mutate(app, VWS, CREATE_DELIVERABLE, {
      title: 'Afhankelijk B',
      programmeId: own,
      due: span(day(100), day(120)),
      dependsOnIds: [a.id],
    });
    const LIST = `query($p: [ID!], $asOf: LocalDate) { deliverables(filter: { programmeIds: $p }, asOf: $asOf, first: 50) {
      nodes { title healthReport { lateDependency }
              dependsOn { title overdue health milestones { title overdue } }
              dependents { title healthReport { asOf } } } } }`;
    const on = async (asOf: string) => {
      const res = await app.gql(LIST, { p: [own], asOf });
      expect(res.errors).toBeUndefined();
      const nodes = res.data!.deliverables.nodes as any[];
      return {
        a: nodes.find((n) => n.title === 'Afhankelijkheid A'),
        b: nodes.find((n) => n.title === 'Afhankelijk B'),
      };
    };
    // Fifteen days ago A was not due yet (latest day(-10)), nor its milestone (day(-12)).
    const past = await on(day(-15));
    expect(past.b.healthReport.lateDependency).toBe(false);
    expect(past.b.dependsOn).toEqual([
      {
        title: 'Afhankelijkheid A',
        overdue: false,
        health: 'ON_TRACK',
        milestones: [{ title: 'Tussenstap van A', overdue: false }],
      },
    ]);
    expect(past.a.dependents).toEqual([{ title: 'Afhankelijk B', healthReport: { asOf: day(-15) } }]);
    // The timeline asked for that day shows its entries' deliverable and checkpoint on that day too.
    const timeline = await app.gql(
      `query($asOf: LocalDate, $f: MilestoneTimelineFilter) { milestoneTimeline(asOf: $asOf, filter: $f, first: 100) {
         nodes { title overdue milestone { overdue } deliverable { overdue healthReport { asOf } } } } }`,
      { asOf: day(-15), f: { programmeIds: [own] } },
    );
    expect(timeline.errors).toBeUndefined();
    const checkpoint = timeline.data!.milestoneTimeline.nodes.find((n: any) => n.title === 'Tussenstap van A');
    expect(checkpoint).toEqual({
      title: 'Tussenstap van A',
      overdue: false,
      milestone: { overdue: false },
      deliverable: { overdue: false, healthReport: { asOf: day(-15) } },
    });
    // Today both are late, in the list and nested alike.
    const now = await on(day(0));
    expect(now.b.healthReport.lateDependency).toBe(true);
    expect(now.b.dependsOn).toEqual([
      {
        title: 'Afhankelijkheid A',
        overdue: true,
        health: 'OFF_TRACK',
        milestones: [{ title: 'Tussenstap van A', overdue: true }],
      },
    ]);
  });
});

describe('creating from a label', () => {
  it('reads the Dutch label into a fuzzy date and audits the creation', async () => {
    const { createDeliverable } = await mutate(app, VWS, CREATE_DELIVERABLE, {
      title: 'Handreiking medio',
      dueLabel: 'medio 2031',
      ownerPartyIds: [parties.zorginstituut],
    });
    expect(createDeliverable.due).toEqual({
      label: 'medio 2031',
      earliest: '2031-06-01',
      latest: '2031-07-31',
      precision: 'RANGE',
    });
    const [event] = await app.dataSource.query(`SELECT action, changes FROM audit_event WHERE entity_id = $1`, [
      fromGlobalId(createDeliverable.id).id,
    ]);
    expect(event.action).toBe('CREATE');
    expect(event.changes.map((c: any) => c.field)).toEqual(expect.arrayContaining(['title', 'due', 'ownerPartyIds']));
  });

  it.each([
    ['an unreadable label', { dueLabel: 'binnenkort' }, 'input.dueLabel'],
    ['a span that ends before it starts', { due: span('2026-05-01', '2026-04-01') }, 'input.due.earliest'],
    [
      'a workstream of another programme',
      { workstreamId: 'V29ya3N0cmVhbTowMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDA=' },
      'input.workstreamId',
    ],
  ])('refuses %s with BAD_USER_INPUT', async (_case, input, field) => {
    const res = await app.gql(CREATE_DELIVERABLE, { input: { title: 'Fout', ...input } }, await asUser(app, VWS));
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('reads “Q3-2027” as the quarter, and mends dates stored from such labels before (HyphenatedPeriodsReadAgain)', async () => {
    const { createDeliverable } = await mutate(app, VWS, CREATE_DELIVERABLE, {
      title: 'Kwartaal met streepje',
      dueLabel: 'Q3-2027',
    });
    expect(createDeliverable.due).toMatchObject({ earliest: '2027-07-01', latest: '2027-09-30', precision: 'QUARTER' });
    // Rows stored by the earlier reading: a span to the year's end. A real span and a label read alike stay.
    const stored = [
      ['Q3-2027', '2027-07-01', '2027-12-31'],
      ['juni-2026', '2026-06-01', '2026-12-31'],
      ['2018-2022', '2018-01-01', '2022-12-31'],
      ['juni t/m augustus 2026', '2026-06-01', '2026-08-31'],
    ];
    const ids: string[] = [];
    for (const [label, earliest, latest] of stored) {
      const [row] = await app.dataSource.query(
        `INSERT INTO deliverable (key, title, due_label, due_earliest, due_latest, due_precision, synthetic)
         VALUES ($1, $1, $2, $3, $4, 'RANGE', true) RETURNING id`,
        [`streepje-${ids.length}-${Date.now()}`, label, earliest, latest],
      );
      ids.push(row.id);
    }
    const runner = app.dataSource.createQueryRunner();
    try {
      await new HyphenatedPeriodsReadAgain1800001800000().up(runner);
    } finally {
      await runner.release();
    }
    const after = await app.dataSource.query(
      `SELECT due_label, due_earliest::text AS earliest, due_latest::text AS latest, due_precision AS precision
         FROM deliverable WHERE id = ANY($1) ORDER BY array_position($1, id)`,
      [ids],
    );
    expect(after).toEqual([
      { due_label: 'Q3-2027', earliest: '2027-07-01', latest: '2027-09-30', precision: 'QUARTER' },
      { due_label: 'juni-2026', earliest: '2026-06-01', latest: '2026-06-30', precision: 'MONTH' },
      { due_label: '2018-2022', earliest: '2018-01-01', latest: '2022-12-31', precision: 'RANGE' },
      { due_label: 'juni t/m augustus 2026', earliest: '2026-06-01', latest: '2026-08-31', precision: 'RANGE' },
    ]);
  });
});

describe('milestones', () => {
  const CREATE = `mutation($input: CreateMilestoneInput!) { createMilestone(input: $input) { id version done overdue } }`;
  const COMPLETE = `mutation($input: CompleteMilestoneInput!) { completeMilestone(input: $input) { version done completedByParty { key } } }`;

  it('VWS plans a milestone, a non-involved party cannot complete it, the owner can, once', async () => {
    const { createMilestone } = await mutate(app, VWS, CREATE, {
      deliverableId: d.C!.id,
      title: 'Concept klaar',
      dueLabel: 'Q1 2031',
    });
    expect(createMilestone).toMatchObject({ done: false, overdue: false });
    const input = { id: createMilestone.id, version: createMilestone.version };
    const stranger = await app.gql(COMPLETE, { input }, await asUser(app, 'nhg.editor@example.org'));
    expect(stranger.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const owner = await mutate(app, 'fms.contributor@example.org', COMPLETE, input);
    expect(owner.completeMilestone).toMatchObject({ done: true, completedByParty: { key: 'fms' } });
    const again = await app.gql(
      COMPLETE,
      { input: { ...input, version: 2 } },
      await asUser(app, 'fms.editor@example.org'),
    );
    expect(again.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const timeline = await app.gql(
      `query($f: MilestoneTimelineFilter) { milestoneTimeline(filter: $f) { nodes { kind title done milestone { id } deliverable { id } } } }`,
      { f: { programmeId } },
    );
    expect(timeline.data!.milestoneTimeline.nodes).toEqual([
      {
        kind: 'CHECKPOINT',
        title: 'Concept klaar',
        done: true,
        milestone: { id: createMilestone.id },
        deliverable: { id: d.C!.id },
      },
    ]);
  });
});

describe('milestones of a closed deliverable', () => {
  it('are not overdue once it is DONE, and leave the timeline once it is CANCELLED; the day before they were', async () => {
    const own = await mutate(app, VWS, CREATE_PROGRAMME, { name: 'Afgesloten opleverpunten', periodLabel: '2020' });
    const programme = own.createProgramme.id;
    const make = async (title: string) => {
      const deliverable = await standalone(title, { programmeId: programme, due: span(day(-60), day(-40)) });
      const { createMilestone } = await mutate(
        app,
        VWS,
        `mutation($input: CreateMilestoneInput!) { createMilestone(input: $input) { id } }`,
        { deliverableId: deliverable.id, title: `${title}: tussenstap`, due: span(day(-90), day(-70)) },
      );
      return { deliverable, milestone: createMilestone.id as string };
    };
    const done = await make('Klaar');
    const cancelled = await make('Gestopt');
    const read = async (asOf: string) => {
      const res = await app.gql(
        `query($a: ID!, $b: ID!, $asOf: LocalDate, $f: MilestoneTimelineFilter, $open: MilestoneTimelineFilter) {
           a: node(id: $a) { ... on Milestone { overdue(asOf: $asOf) } }
           b: node(id: $b) { ... on Milestone { overdue(asOf: $asOf) } }
           milestoneTimeline(asOf: $asOf, filter: $f, first: 100) { nodes { title done closed overdue } }
           open: milestoneTimeline(asOf: $asOf, filter: $open, first: 100) { nodes { title } }
         }`,
        {
          a: done.milestone,
          b: cancelled.milestone,
          asOf,
          f: { programmeId: programme },
          open: { programmeId: programme, includeDone: false },
        },
      );
      expect(res.errors).toBeUndefined();
      return {
        done: res.data!.a.overdue,
        cancelled: res.data!.b.overdue,
        timeline: res.data!.milestoneTimeline.nodes,
        open: res.data!.open.nodes.map((n: { title: string }) => n.title),
      };
    };
    const before = await read(day(0));
    expect(before).toEqual({
      done: true,
      cancelled: true,
      timeline: [
        { title: 'Gestopt: tussenstap', done: false, closed: false, overdue: true },
        { title: 'Klaar: tussenstap', done: false, closed: false, overdue: true },
      ],
      open: ['Gestopt: tussenstap', 'Klaar: tussenstap'],
    });
    for (const [{ deliverable }, status] of [
      [done, 'DONE'],
      [cancelled, 'CANCELLED'],
    ] as const)
      await mutate(app, VWS, UPDATE_DELIVERABLE, { id: deliverable.id, version: deliverable.version, status });
    expect(await read(day(0))).toEqual({
      done: false,
      cancelled: false,
      timeline: [{ title: 'Klaar: tussenstap', done: false, closed: true, overdue: false }],
      open: [],
    });
    // A past day is read as it was: both were still open and overdue then.
    expect(await read(day(-1))).toEqual(before);
  });
});

describe('a milestone reached just after midnight in Amsterdam', () => {
  it('counts on the Dutch day it was reached, in the milestone and on the timeline alike', async () => {
    const { createMilestone } = await mutate(
      app,
      VWS,
      `mutation($input: CreateMilestoneInput!) { createMilestone(input: $input) { id } }`,
      { deliverableId: d.C!.id, title: 'Net na middernacht', due: span('2030-06-01', '2030-06-05') },
    );
    // 00:30 on 11 June in Amsterdam (summer time) is still 10 June in UTC.
    await app.dataSource.query(`UPDATE milestone SET completed_at = '2030-06-10T22:30:00Z' WHERE id = $1`, [
      fromGlobalId(createMilestone.id).id,
    ]);
    const read = async (asOf: string) => {
      const res = await app.gql(
        `query($id: ID!, $asOf: LocalDate, $f: MilestoneTimelineFilter) {
           node(id: $id) { ... on Milestone { done(asOf: $asOf) overdue(asOf: $asOf) } }
           milestoneTimeline(asOf: $asOf, filter: $f, first: 100) { nodes { done overdue milestone { id } } }
         }`,
        { id: createMilestone.id, asOf, f: { programmeId } },
      );
      expect(res.errors).toBeUndefined();
      const entry = res.data!.milestoneTimeline.nodes.find((n: any) => n.milestone?.id === createMilestone.id);
      return { field: res.data!.node, timeline: { done: entry.done, overdue: entry.overdue } };
    };
    expect(await read('2030-06-10')).toEqual({
      field: { done: false, overdue: true },
      timeline: { done: false, overdue: true },
    });
    expect(await read('2030-06-11')).toEqual({
      field: { done: true, overdue: false },
      timeline: { done: true, overdue: false },
    });
  });
});

describe('kept last-change facts under concurrent writers', () => {
  it('never go back to an older update when the older one commits last', async () => {
    const created = await mutate(app, VWS, CREATE_DELIVERABLE, {
      title: 'Opleverpunt gelijktijdig',
      ownerPartyIds: [parties.zorginstituut],
      due: span(day(100), day(200)),
    });
    const id = fromGlobalId(created.createDeliverable.id).id;
    const newer = app.dataSource.createQueryRunner();
    const older = app.dataSource.createQueryRunner();
    await newer.connect();
    await older.connect();
    try {
      const insert = `INSERT INTO status_update (deliverable_id, health, text, posted_at) VALUES ($1, $2, 'gelijktijdig', $3)`;
      // The newer update takes the deliverable's row first; the older one waits for it, then commits last.
      await newer.startTransaction();
      await newer.query(insert, [id, 'OFF_TRACK', '2026-02-01T12:00:00Z']);
      await older.startTransaction();
      const olderInsert = older.query(insert, [id, 'ON_TRACK', '2026-01-01T12:00:00Z']);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await newer.commitTransaction();
      await olderInsert;
      await older.commitTransaction();
    } finally {
      await newer.release();
      await older.release();
    }
    const [row] = await app.dataSource.query(
      `SELECT last_update_at, last_update_health FROM deliverable WHERE id = $1`,
      [id],
    );
    expect(row.last_update_health).toBe('OFF_TRACK');
    expect(new Date(row.last_update_at).toISOString()).toBe('2026-02-01T12:00:00.000Z');
  });
});
