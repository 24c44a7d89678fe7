import fc from 'fast-check';
import { isObjectType, parse } from 'graphql';
import { fromGlobalId, toGlobalId } from 'graphql-relay';
import { Client } from 'pg';
import pino from 'pino';
import { buildAppSchema } from '../../../schema/build-schema';
import { createApp, type App } from '../../../server/app';
import {
  operationTables,
  readDependencies,
  SECTOR_TABLES,
  TYPE_TABLES,
  VIEWER_TABLES,
} from '../../../server/cache/dependencies';
import { SECTOR_NOTIFYING_TABLES } from '../../../server/db/migrations/1800000600000-SectorChangeNotifications';
import { SECTOR_MOVE_TABLES } from '../../../server/db/migrations/1800000700000-OverviewSectorNotifications';
import { loadConfig } from '../../../server/config';
import { runTimeSweep } from '../../../server/services/events/time-sweep';
import { createTestApp, type GraphQLResponse, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';

/**
 * The response cache evicts only what a write can change (server/cache/dependencies.ts): each answer
 * depends on the tables its query reads, and a committed write — through the API or straight into the
 * database — evicts the answers that read a table it changed, and no others.
 */
let app: TestApp;
/** The same database without the cache: what a current answer is. */
let uncachedUrl: string;
let uncached: App;
beforeAll(async () => {
  // Well over a thousand requests a minute from one address: the rate limit is not what this file tests.
  app = await createTestApp({
    RESPONSE_CACHE: 'true',
    RATE_LIMIT_IP_PER_MINUTE: '100000',
    RATE_LIMIT_USER_PER_MINUTE: '100000',
  });
  uncached = await createApp({
    config: loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      RESPONSE_CACHE: 'false',
      // No background work on the shared data source: its statements would count as the queries'.
      EVENTS_SWEEP_SECONDS: '0',
      WEBHOOK_WORKER_INTERVAL_MS: '0',
      DATABASE_URL: app.database.url,
    }),
    dataSource: app.dataSource,
    logger: pino({ level: 'silent' }),
    schema: await buildAppSchema(),
  });
  uncachedUrl = await uncached.listen(0, '127.0.0.1');
});
afterAll(async () => {
  await uncached.stop();
  await app.close();
});

async function fresh(query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await fetch(uncachedUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return ((await response.json()) as GraphQLResponse).data;
}

/** Polls until `check` passes (changes made outside the API arrive as notifications). */
async function eventually(check: () => Promise<void>, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

/** Whether the answer came from the cache (an Age header; at most the sign-in's one statement), and the answer. */
async function read(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const { result, count } = await app.countQueries(() => app.gql(query, variables, headers));
  expect(result.errors).toBeUndefined();
  return { data: result.data, cached: result.headers.get('age') !== null && count <= 1 };
}

/**
 * Reads until an answer comes from the cache. A setup step: a notification of an earlier commit that is
 * heard between the two reads (the machine is busy) evicts the first, and then the pair is read again.
 */
async function cached(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  let data: unknown;
  await eventually(async () => {
    await read(query, variables, headers);
    const again = await read(query, variables, headers);
    expect(again.cached).toBe(true);
    data = again.data;
  });
  return data as Record<string, any> | null | undefined;
}

const AGENDA = `query($id: ID!) { researchAgenda(id: $id) { title adoptedVersion { number items { rank question { title status sectors { key } projects { title } } } } } }`;
const DASHBOARD = `{ deliverableDashboard(groupBy: PARTY) { totals { total overdue } groups { party { key } counts { total byHealth { health count } byStatus { status count } } } } }`;
const HEALTH = `query($id: ID!) { deliverable(id: $id) { status health healthReport { health } statusUpdates { nodes { text } } } }`;
const CONFLICTS = `query($s: [ID!]) { synergyConflicts(filter: { sectorIds: $s }, first: 50) { totalCount nodes { key kind } } }`;
const OVERVIEW = `query($s: ID) { synergyOverview(sectorId: $s) { counts { totalLinks linksByAlignment { alignment count } openConflicts conflictsByKind { kind count } } } }`;
const SECTORS = `{ sectors { key nameNl } }`;
const OVERDUE_WITHOUT_HEALTH = `{ deliverables(filter: { overdue: true }, first: 50) { totalCount nodes { title status due { label } ownerParties { key } sectors { key } milestones { title } } } }`;
const BY_HEALTH = `query($f: DeliverableFilter) { deliverables(filter: $f, first: 100) { totalCount nodes { id title } } }`;
const BY_HEALTH_LITERAL = `{ deliverables(filter: { health: OFF_TRACK, open: true }, first: 100) { totalCount nodes { id title } } }`;

async function agendaId(): Promise<string> {
  const [row] = await app.dataSource.query(
    `SELECT a.id FROM research_agenda a JOIN research_agenda_version v ON v.agenda_id = a.id AND v.status = 'ADOPTED'
      ORDER BY a.key LIMIT 1`,
  );
  return toGlobalId('ResearchAgenda', row.id);
}

/**
 * A question the patients' federation has submitted to an open topic call (not placed), the call and its
 * agenda (coordinated by Zorginstituut): made once.
 */
let submitted: Promise<{ questionId: string; callId: string; agendaId: string }> | undefined;
function submittedToCall(): Promise<{ questionId: string; callId: string; agendaId: string }> {
  submitted ??= (async () => {
    const as = async (email: string, query: string, input: Record<string, unknown>) => {
      const { data, errors } = await app.gql(query, { input }, await asUser(app, email));
      expect(errors).toBeUndefined();
      return Object.values(data!)[0] as { id: string };
    };
    const [agenda] = await app.dataSource.query(`SELECT id FROM research_agenda ORDER BY key LIMIT 1`);
    const call = await as(
      'zin.editor@example.org',
      `mutation($input: OpenTopicCallInput!) { openTopicCall(input: $input) { id } }`,
      {
        agendaId: toGlobalId('ResearchAgenda', agenda.id),
        title: 'Uitvraag voor de cache (test)',
        closesAt: new Date(Date.now() + 3_600_000).toISOString(),
        invitedPartyKinds: ['PATIENT_ORGANISATION'],
      },
    );
    const [sector] = await app.dataSource.query(`SELECT id FROM sector ORDER BY key LIMIT 1`);
    const question = await as(
      'pfn.contributor@example.org',
      `mutation($input: ProposeKnowledgeQuestionInput!) { proposeKnowledgeQuestion(input: $input) { id } }`,
      { title: 'Welke herkomst ziet een lezer van buiten de uitvraag?', sectorIds: [toGlobalId('Sector', sector.id)] },
    );
    // With a first score: the version's scorecards and live ranking hold it.
    const [criterion] = await app.dataSource.query(`SELECT id FROM prioritisation_criterion ORDER BY key LIMIT 1`);
    await as(
      'pfn.contributor@example.org',
      `mutation($input: SubmitToTopicCallInput!) { submitToTopicCall(input: $input) { id } }`,
      {
        callId: call.id,
        questionId: question.id,
        scores: [
          { questionId: question.id, criterionId: toGlobalId('PrioritisationCriterion', criterion.id), score: 4 },
        ],
      },
    );
    return { questionId: question.id, callId: call.id, agendaId: toGlobalId('ResearchAgenda', agenda.id) };
  })();
  return submitted;
}

async function submittedQuestionId(): Promise<string> {
  return (await submittedToCall()).questionId;
}

/** A milestone past its day and not reached, on FMS's deliverable: whether it is overdue reads the deliverable's status. */
let lateMilestone: Promise<string> | undefined;
function overdueMilestone(): Promise<string> {
  lateMilestone ??= fmsDeliverable().then(async ({ raw }) => {
    const [row] = await app.dataSource.query(
      `INSERT INTO milestone (deliverable_id, title, due_earliest, due_latest) VALUES ($1, 'Te laat', '2020-01-01', '2020-01-31') RETURNING id`,
      [raw],
    );
    return toGlobalId('Milestone', row.id);
  });
  return lateMilestone;
}

/** A deliverable FMS owns, open when first asked for (the same one all along: tests change its status). */
let fmsOwned: Promise<{ id: string; raw: string }> | undefined;
function fmsDeliverable(): Promise<{ id: string; raw: string }> {
  fmsOwned ??= app.dataSource
    .query(
      `SELECT d.id FROM deliverable d JOIN deliverable_owner o ON o.deliverable_id = d.id
         JOIN party p ON p.id = o.party_id AND p.key = 'fms'
        WHERE d.status NOT IN ('DONE', 'CANCELLED') ORDER BY d.key LIMIT 1`,
    )
    .then(([row]: { id: string }[]) => ({ id: toGlobalId('Deliverable', row!.id), raw: row!.id }));
  return fmsOwned;
}

describe('a write evicts only the answers that read what it changed', () => {
  it('a status update through the API keeps the agenda page, and evicts the dashboard and the health', async () => {
    const vws = await asUser(app, 'vws.editor@example.org');
    const agenda = { id: await agendaId() };
    const deliverable = await fmsDeliverable();
    const agendaBefore = await cached(AGENDA, agenda);
    const dashboardBefore = await cached(DASHBOARD, {}, vws);
    await cached(HEALTH, { id: deliverable.id }, vws);

    const posted = await app.gql(
      `mutation($input: PostStatusUpdateInput!) { postStatusUpdate(input: $input) { health } }`,
      { input: { deliverableId: deliverable.id, health: 'AT_RISK', text: 'Vertraging bij de aanlevering.' } },
      await asUser(app, 'fms.editor@example.org'),
    );
    expect(posted.errors).toBeUndefined();

    expect(await read(AGENDA, agenda)).toEqual({ data: agendaBefore, cached: true });
    const health = await read(HEALTH, { id: deliverable.id }, vws);
    expect(health.cached).toBe(false);
    expect(health.data!.deliverable.statusUpdates.nodes.map((n: { text: string }) => n.text)).toContain(
      'Vertraging bij de aanlevering.',
    );
    expect(health.data).toEqual(await fresh(HEALTH, { id: deliverable.id }, vws));
    const dashboard = await read(DASHBOARD, {}, vws);
    expect(dashboard.cached).toBe(false);
    expect(dashboard.data).toEqual(await fresh(DASHBOARD, {}, vws));
    expect(dashboardBefore).toBeDefined();
  });

  it('a status update keeps the lists that show no health, and evicts those filtered on it', async () => {
    const vws = await asUser(app, 'vws.editor@example.org');
    // One of VWS's that is not OFF_TRACK yet (open, not overdue, not last reported so): the update makes it so.
    const [row] = await app.dataSource.query(
      `SELECT d.id FROM deliverable d JOIN deliverable_owner o ON o.deliverable_id = d.id
         JOIN party p ON p.id = o.party_id AND p.key = 'vws'
        WHERE d.status NOT IN ('DONE', 'CANCELLED') AND (d.due_latest IS NULL OR d.due_latest >= current_date)
          AND d.last_update_health IS DISTINCT FROM 'OFF_TRACK'
        ORDER BY d.key DESC LIMIT 1`,
    );
    const deliverable = { id: toGlobalId('Deliverable', row.id) };
    const withoutHealth = await cached(OVERDUE_WITHOUT_HEALTH, {}, vws);
    const onHealth = { f: { health: 'OFF_TRACK' } };
    const filteredBefore = await cached(BY_HEALTH, onHealth, vws);
    const literalBefore = await cached(BY_HEALTH_LITERAL, {}, vws);

    const posted = await app.gql(
      `mutation($input: PostStatusUpdateInput!) { postStatusUpdate(input: $input) { health } }`,
      { input: { deliverableId: deliverable.id, health: 'OFF_TRACK', text: 'Ernstige vertraging.' } },
      vws,
    );
    expect(posted.errors).toBeUndefined();

    expect(await read(OVERDUE_WITHOUT_HEALTH, {}, vws)).toEqual({ data: withoutHealth, cached: true });
    expect(withoutHealth).toEqual(await fresh(OVERDUE_WITHOUT_HEALTH, {}, vws));
    for (const [query, variables, before] of [
      [BY_HEALTH, onHealth, filteredBefore],
      [BY_HEALTH_LITERAL, {}, literalBefore],
    ] as const) {
      expect(JSON.stringify(before)).not.toContain(deliverable.id);
      const after = await read(query, variables, vws);
      expect(after.cached).toBe(false);
      expect(JSON.stringify(after.data)).toContain(deliverable.id);
      expect(after.data).toEqual(await fresh(query, variables, vws));
    }
  });

  it('a status update written from psql notifies status_update, and not deliverable', async () => {
    const deliverable = await fmsDeliverable();
    const listener = new Client({ connectionString: app.database.url });
    await listener.connect();
    try {
      const heard: string[] = [];
      listener.on('notification', ({ payload }) => heard.push(payload!));
      await listener.query('LISTEN iza_data_changed');
      await app.dataSource.query(
        `INSERT INTO status_update (deliverable_id, health, text) VALUES ($1, 'AT_RISK', 'Via psql.')`,
        [deliverable.raw],
      );
      await app.dataSource.query(`UPDATE deliverable SET title = title WHERE id = $1`, [deliverable.raw]);
      await eventually(async () => expect(heard).toContain('deliverable'));
      // The insert's own write to the deliverable row came first, and is not among them.
      expect(heard).toEqual(['status_update', 'deliverable']);
    } finally {
      await listener.end();
    }
  });

  it('an UPDATE on deliverable from psql keeps the agenda page, and evicts the dashboard', async () => {
    const vws = await asUser(app, 'vws.editor@example.org');
    const agenda = { id: await agendaId() };
    const deliverable = await fmsDeliverable();
    const agendaBefore = await cached(AGENDA, agenda);
    const before = await cached(DASHBOARD, {}, vws);
    await app.dataSource.query(`UPDATE deliverable SET status = 'DONE' WHERE id = $1`, [deliverable.raw]);
    await eventually(async () => {
      const dashboard = await read(DASHBOARD, {}, vws);
      expect(dashboard.cached).toBe(false);
      expect(dashboard.data).not.toEqual(before);
      expect(dashboard.data).toEqual(await fresh(DASHBOARD, {}, vws));
    });
    expect(await read(AGENDA, agenda)).toEqual({ data: agendaBefore, cached: true });
  });

  it('a link change evicts the overview of its sector, not the sectors list, nor conflicts it does not change', async () => {
    const zin = await asUser(app, 'zin.editor@example.org');
    const [link] = await app.dataSource.query(
      `SELECT l.id, a.sector_id FROM synergy_link l JOIN package_assessment a ON a.id = l.assessment_id
        WHERE a.sector_id IS NOT NULL AND l.alignment = 'ALIGNED' ORDER BY l.id LIMIT 1`,
    );
    const sector = toGlobalId('Sector', link.sector_id);
    const conflictsBefore = await cached(CONFLICTS, { s: [sector] }, zin);
    const overviewBefore = await cached(OVERVIEW, { s: sector }, zin);
    const sectorsBefore = await cached(SECTORS);
    await app.dataSource.query(`UPDATE synergy_link SET alignment = 'DIVERGENT' WHERE id = $1`, [link.id]);
    await eventually(async () => {
      const overview = await read(OVERVIEW, { s: sector }, zin);
      expect(overview.cached).toBe(false);
      expect(overview.data).not.toEqual(overviewBefore);
      expect(overview.data).toEqual(await fresh(OVERVIEW, { s: sector }, zin));
    });
    // An aligned link that becomes divergent is in no conflict: the sector's conflicts are still current.
    expect(await read(CONFLICTS, { s: [sector] }, zin)).toEqual({ data: conflictsBefore, cached: true });
    expect(conflictsBefore).toEqual(await fresh(CONFLICTS, { s: [sector] }, zin));
    expect(await read(SECTORS)).toEqual({ data: sectorsBefore, cached: true });
  });
});

/** A sector's links on NEEDS_REVIEW, explained with the link's reason: what a link change in the sector shows. */
const SECTOR_CONFLICTS = `query($s: [ID!]) { synergyConflicts(filter: { sectorIds: $s, kind: LINK_NEEDS_REVIEW }, first: 100) {
  totalCount nodes { key explanation link { alignment reviewReason } guideline { title } assessment { title } } } }`;

/**
 * A link of FMS's (its editor may change it) between a published guideline and a published assessment,
 * the sectors its conflict would be in (the guideline's and the assessment's), and a sector it is not in.
 * The last such link: the tests above take the first ones.
 */
async function sectorLink() {
  const [link] = await app.dataSource.query(
    `SELECT l.id, l.guideline_id, l.assessment_id, a.sector_id AS assessment_sector_id,
            ARRAY(SELECT gs.sector_id FROM guideline_sector gs WHERE gs.guideline_id = l.guideline_id
                  UNION SELECT a.sector_id) AS sectors
       FROM synergy_link l
       JOIN guideline g ON g.id = l.guideline_id AND g.status IN ('PUBLISHED', 'UNDER_REVISION')
       JOIN package_assessment a ON a.id = l.assessment_id AND a.published AND a.sector_id IS NOT NULL
      WHERE EXISTS (SELECT 1 FROM guideline_owner o JOIN party p ON p.id = o.party_id AND p.key = 'fms'
                     WHERE o.guideline_id = l.guideline_id)
      ORDER BY l.id DESC LIMIT 1`,
  );
  const [other] = await app.dataSource.query(`SELECT id FROM sector WHERE id <> ALL($1) ORDER BY key LIMIT 1`, [
    link.sectors,
  ]);
  expect(other).toBeDefined();
  return {
    id: link.id as string,
    guidelineId: link.guideline_id as string,
    assessmentId: link.assessment_id as string,
    assessmentSectorId: link.assessment_sector_id as string,
    sector: { s: [toGlobalId('Sector', link.sectors[0])] },
    otherSectorId: other.id as string,
    other: { s: [toGlobalId('Sector', other.id)] },
  };
}

/** Ends a race's two transactions, and takes the link's guideline out of the other sector again. */
async function endRace(writer: Client, mover: Client, link: { guidelineId: string; otherSectorId: string }) {
  await Promise.all([writer.query('ROLLBACK').catch(() => undefined), mover.query('ROLLBACK').catch(() => undefined)]);
  await Promise.all([writer.end(), mover.end()]);
  await app.dataSource.query(`DELETE FROM guideline_sector WHERE guideline_id = $1 AND sector_id = $2`, [
    link.guidelineId,
    link.otherSectorId,
  ]);
}

/** Puts the link on NEEDS_REVIEW with this reason (straight into the database), until its sector's conflicts show it. */
async function needsReview(link: Awaited<ReturnType<typeof sectorLink>>, reason: string, zin: Record<string, string>) {
  await app.dataSource.query(`UPDATE synergy_link SET alignment = 'NEEDS_REVIEW', review_reason = $2 WHERE id = $1`, [
    link.id,
    reason,
  ]);
  await eventually(async () => {
    const { data } = await read(SECTOR_CONFLICTS, link.sector, zin);
    expect(JSON.stringify(data)).toContain(reason);
  });
}

describe('time passing', () => {
  it('a round that opens by the clock shows its draft to the invited party once the sweep has seen it', async () => {
    const zin = await asUser(app, 'zin.editor@example.org');
    const pfn = await asUser(app, 'pfn.contributor@example.org');
    const [party] = await app.dataSource.query(`SELECT id FROM party WHERE key = 'patientenfederatie'`);
    const created = await app.gql(
      `mutation($input: CreatePackageAssessmentInput!) { createPackageAssessment(input: $input) { id } }`,
      { input: { kind: 'STANDPUNT', title: 'Concept-standpunt voor een geplande ronde' } },
      zin,
    );
    expect(created.errors).toBeUndefined();
    const id = created.data!.createPackageAssessment.id as string;
    const opensAt = Date.now() + 1_000;
    const opened = await app.gql(
      `mutation($input: OpenConsultationRoundInput!) { openConsultationRound(input: $input) { id } }`,
      {
        input: {
          targetId: id,
          question: 'Wat vindt u van dit concept?',
          opensAt: new Date(opensAt).toISOString(),
          closesAt: new Date(opensAt + 3_600_000).toISOString(),
          invitedPartyIds: [toGlobalId('Party', party.id)],
        },
      },
      zin,
    );
    expect(opened.errors).toBeUndefined();
    // Not through node(id:): a Node may be an event, and the sweep writes events.
    const DRAFT = `query($id: ID!) { packageAssessment(id: $id) { title } }`;
    expect(await cached(DRAFT, { id }, pfn)).toEqual({ packageAssessment: null });
    await new Promise((resolve) => setTimeout(resolve, opensAt - Date.now() + 100));
    expect((await runTimeSweep(app.dataSource)).rounds).toBeGreaterThan(0);
    await eventually(async () => {
      const after = await read(DRAFT, { id }, pfn);
      expect(after.cached).toBe(false);
      expect(after.data).toEqual({ packageAssessment: { title: 'Concept-standpunt voor een geplande ronde' } });
    });
  });

  it('a topic call reads CLOSED once the sweep has seen its deadline pass', async () => {
    const zin = await asUser(app, 'zin.editor@example.org');
    const [agenda] = await app.dataSource.query(`SELECT id FROM research_agenda ORDER BY key LIMIT 1`);
    const closesAt = Date.now() + 1_500;
    const opened = await app.gql(
      `mutation($input: OpenTopicCallInput!) { openTopicCall(input: $input) { id } }`,
      {
        input: {
          agendaId: toGlobalId('ResearchAgenda', agenda.id),
          title: 'Uitvraag die zo sluit',
          closesAt: new Date(closesAt).toISOString(),
          invitedPartyKinds: ['PATIENT_ORGANISATION'],
        },
      },
      zin,
    );
    expect(opened.errors).toBeUndefined();
    // Its status comes from the clock: no row changes at the deadline.
    const CALL = `query($id: ID!) { topicCall(id: $id) { title status } }`;
    const variables = { id: opened.data!.openTopicCall.id as string };
    expect(await cached(CALL, variables, zin)).toEqual({
      topicCall: { title: 'Uitvraag die zo sluit', status: 'OPEN' },
    });
    await new Promise((resolve) => setTimeout(resolve, closesAt - Date.now() + 100));
    expect((await runTimeSweep(app.dataSource)).calls).toBeGreaterThan(0);
    await eventually(async () => {
      const after = await read(CALL, variables, zin);
      expect(after.cached).toBe(false);
      expect(after.data).toEqual({ topicCall: { title: 'Uitvraag die zo sluit', status: 'CLOSED' } });
    });
  });
});

/**
 * A passing deadline changes answers while no row changes: each instance counts the table changed when the
 * moment passes (server/cache/clock-changes.ts), without waiting for the time sweep (off in these tests).
 */
describe('time passing, before any sweep', () => {
  /** A new draft assessment of Zorginstituut, consulted with the Patiëntenfederatie from `opensAt` to `closesAt`. */
  async function consultedDraft(title: string, opensAt: number | undefined, closesAt: number) {
    const zin = await asUser(app, 'zin.editor@example.org');
    const [party] = await app.dataSource.query(`SELECT id FROM party WHERE key = 'patientenfederatie'`);
    const created = await app.gql(
      `mutation($input: CreatePackageAssessmentInput!) { createPackageAssessment(input: $input) { id } }`,
      { input: { kind: 'STANDPUNT', title } },
      zin,
    );
    expect(created.errors).toBeUndefined();
    const draft = created.data!.createPackageAssessment.id as string;
    const opened = await app.gql(
      `mutation($input: OpenConsultationRoundInput!) { openConsultationRound(input: $input) { id } }`,
      {
        input: {
          targetId: draft,
          question: 'Wat vindt u van dit concept?',
          ...(opensAt === undefined ? {} : { opensAt: new Date(opensAt).toISOString() }),
          closesAt: new Date(closesAt).toISOString(),
          invitedPartyIds: [toGlobalId('Party', party.id)],
        },
      },
      zin,
    );
    expect(opened.errors).toBeUndefined();
    return { zin, draft, round: opened.data!.openConsultationRound.id as string };
  }

  async function passed(moment: number) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, moment - Date.now())));
  }

  /** The closing events only the sweep writes: none, so no notification of theirs evicted anything. */
  async function closedEvents(subjectId: string) {
    return app.dataSource.query(
      `SELECT type FROM domain_event WHERE subject_id = $1 AND type IN ('CONSULTATION_ROUND_CLOSED', 'TOPIC_CALL_CLOSED')`,
      [fromGlobalId(subjectId).id],
    );
  }

  it('a round that opens by the clock shows its draft to the invited party', async () => {
    const opensAt = Date.now() + 2_000;
    const { draft } = await consultedDraft('Concept dat straks opengaat', opensAt, opensAt + 3_600_000);
    const pfn = await asUser(app, 'pfn.contributor@example.org');
    const DRAFT = `query($id: ID!) { packageAssessment(id: $id) { title } }`;
    expect(await cached(DRAFT, { id: draft }, pfn)).toEqual({ packageAssessment: null });
    await passed(opensAt);
    await eventually(async () => {
      const after = await read(DRAFT, { id: draft }, pfn);
      expect(after.cached).toBe(false);
      expect(after.data).toEqual({ packageAssessment: { title: 'Concept dat straks opengaat' } });
    }, 2_000);
  });

  it('a round reads CLOSED once its closing time passes', async () => {
    const closesAt = Date.now() + 2_000;
    const { zin, round } = await consultedDraft('Concept met een korte ronde', undefined, closesAt);
    const ROUND = `query($id: ID!) { consultationRound(id: $id) { status } }`;
    expect(await cached(ROUND, { id: round }, zin)).toEqual({ consultationRound: { status: 'OPEN' } });
    await passed(closesAt);
    await eventually(async () => {
      const after = await read(ROUND, { id: round }, zin);
      expect(after.cached).toBe(false);
      expect(after.data).toEqual({ consultationRound: { status: 'CLOSED' } });
    }, 2_000);
    expect(await closedEvents(round)).toEqual([]);
  });

  it('a topic call reads CLOSED once its deadline passes', async () => {
    const zin = await asUser(app, 'zin.editor@example.org');
    const [agenda] = await app.dataSource.query(`SELECT id FROM research_agenda ORDER BY key LIMIT 1`);
    const closesAt = Date.now() + 2_000;
    const opened = await app.gql(
      `mutation($input: OpenTopicCallInput!) { openTopicCall(input: $input) { id } }`,
      {
        input: {
          agendaId: toGlobalId('ResearchAgenda', agenda.id),
          title: 'Uitvraag die straks sluit',
          closesAt: new Date(closesAt).toISOString(),
          invitedPartyKinds: ['PATIENT_ORGANISATION'],
        },
      },
      zin,
    );
    expect(opened.errors).toBeUndefined();
    const id = opened.data!.openTopicCall.id as string;
    const CALL = `query($id: ID!) { topicCall(id: $id) { status } }`;
    expect(await cached(CALL, { id }, zin)).toEqual({ topicCall: { status: 'OPEN' } });
    await passed(closesAt);
    await eventually(async () => {
      const after = await read(CALL, { id }, zin);
      expect(after.cached).toBe(false);
      expect(after.data).toEqual({ topicCall: { status: 'CLOSED' } });
    }, 2_000);
    expect(await closedEvents(id)).toEqual([]);
  });
});

describe('a change to what a read rule asks evicts the answers it decided', () => {
  it('a link’s guideline published from psql shows the link’s events to its assessor', async () => {
    const zin = await asUser(app, 'zin.editor@example.org');
    // A link Zorginstituut assesses, of a guideline it does not own: its side of the link is the assessor's.
    const [link] = await app.dataSource.query(
      `SELECT l.id, l.guideline_id, g.status, o.party_id AS owner FROM synergy_link l
         JOIN guideline g ON g.id = l.guideline_id AND g.status <> 'IN_DEVELOPMENT'
         JOIN guideline_owner o ON o.guideline_id = g.id
         JOIN package_assessment a ON a.id = l.assessment_id AND a.published
         JOIN party z ON z.id = a.assessor_party_id AND z.key = 'zorginstituut'
        WHERE NOT EXISTS (SELECT 1 FROM guideline_owner x WHERE x.guideline_id = g.id AND x.party_id = z.id)
        ORDER BY l.id LIMIT 1`,
    );
    expect(link).toBeDefined();
    const AUDIT = `query($e: ID) { auditEvents(first: 50, filter: { entityId: $e }) { totalCount nodes { action } } }`;
    const variables = { e: toGlobalId('SynergyLink', link.id) };
    try {
      // While the guideline is a draft of another party's, Zorginstituut reads neither the link nor its events.
      await app.dataSource.query(`UPDATE guideline SET status = 'IN_DEVELOPMENT' WHERE id = $1`, [link.guideline_id]);
      await app.dataSource.query(
        `INSERT INTO audit_event (entity_type, entity_id, action, owner_party_id, acting_party_id, changes)
         VALUES ('SynergyLink', $1, 'UPDATE', $2, $2, '[]')`,
        [link.id, link.owner],
      );
      await heardEverything();
      expect((await cached(AUDIT, variables, zin))!.auditEvents.totalCount).toBe(0);
      // Published again: only the guideline's row changes.
      await app.dataSource.query(`UPDATE guideline SET status = $2 WHERE id = $1`, [link.guideline_id, link.status]);
      await eventually(async () => {
        const after = await read(AUDIT, variables, zin);
        expect(after.cached).toBe(false);
        expect(after.data!.auditEvents.totalCount).toBeGreaterThan(0);
        expect(after.data).toEqual(await fresh(AUDIT, variables, zin));
      });
    } finally {
      await app.dataSource.query(`UPDATE guideline SET status = $2 WHERE id = $1`, [link.guideline_id, link.status]);
    }
  });

  it('an invitation to co-own a draft declined from psql hides the draft from the association it invited', async () => {
    const vvn = await asUser(app, 'vvn.editor@example.org');
    // A published guideline VVN does not own, made a draft here, with a PENDING invitation to VVN.
    const [guideline] = await app.dataSource.query(
      `SELECT g.id, g.status, o.party_id AS owner, v.id AS vvn FROM guideline g
         JOIN guideline_owner o ON o.guideline_id = g.id JOIN party v ON v.key = 'vvn'
        WHERE g.status <> 'IN_DEVELOPMENT'
          AND NOT EXISTS (SELECT 1 FROM guideline_owner x WHERE x.guideline_id = g.id AND x.party_id = v.id)
        ORDER BY g.key LIMIT 1`,
    );
    const GUIDELINE = `query($id: ID!) { guideline(id: $id) { title recommendations { text } } }`;
    const variables = { id: toGlobalId('Guideline', guideline.id) };
    try {
      await app.dataSource.query(`UPDATE guideline SET status = 'IN_DEVELOPMENT' WHERE id = $1`, [guideline.id]);
      const [invitation] = await app.dataSource.query(
        `INSERT INTO guideline_owner_invitation (guideline_id, invited_party_id, invited_by_party_id)
         VALUES ($1, $2, $3) RETURNING id`,
        [guideline.id, guideline.vvn, guideline.owner],
      );
      await heardEverything();
      expect((await cached(GUIDELINE, variables, vvn))!.guideline).not.toBeNull();
      // Declined: only the invitation's row changes.
      await app.dataSource.query(
        `UPDATE guideline_owner_invitation SET status = 'DECLINED', decided_at = now() WHERE id = $1`,
        [invitation.id],
      );
      await eventually(async () => {
        const after = await read(GUIDELINE, variables, vvn);
        expect(after.cached).toBe(false);
        expect(after.data).toEqual({ guideline: null });
        expect(after.data).toEqual(await fresh(GUIDELINE, variables, vvn));
      });
    } finally {
      await app.dataSource.query(`UPDATE guideline SET status = $2 WHERE id = $1`, [guideline.id, guideline.status]);
    }
  });

  it('a deliverable’s output on a draft guideline hides its key again once the invitation that showed it is declined', async () => {
    const vvn = await asUser(app, 'vvn.editor@example.org');
    const [guideline] = await app.dataSource.query(
      `SELECT g.id, g.key, g.status, o.party_id AS owner, v.id AS vvn FROM guideline g
         JOIN guideline_owner o ON o.guideline_id = g.id JOIN party v ON v.key = 'vvn'
        WHERE g.status <> 'IN_DEVELOPMENT'
          AND NOT EXISTS (SELECT 1 FROM guideline_owner x WHERE x.guideline_id = g.id AND x.party_id = v.id)
        ORDER BY g.key LIMIT 1`,
    );
    const [deliverable] = await app.dataSource.query(`SELECT id FROM deliverable ORDER BY key LIMIT 1`);
    const OUTPUTS = `query($id: ID!) { deliverable(id: $id) { outputs { targetType targetKey } } }`;
    const variables = { id: toGlobalId('Deliverable', deliverable.id) };
    const keys = (data: Record<string, any>) =>
      (data.deliverable.outputs as { targetType: string; targetKey: string | null }[])
        .filter((o) => o.targetType === 'GUIDELINE')
        .map((o) => o.targetKey);
    const [output] = await app.dataSource.query(
      `INSERT INTO deliverable_output (deliverable_id, target_type, target_key) VALUES ($1, 'GUIDELINE', $2) RETURNING id`,
      [deliverable.id, guideline.key],
    );
    try {
      await app.dataSource.query(`UPDATE guideline SET status = 'IN_DEVELOPMENT' WHERE id = $1`, [guideline.id]);
      const [invitation] = await app.dataSource.query(
        `INSERT INTO guideline_owner_invitation (guideline_id, invited_party_id, invited_by_party_id)
         VALUES ($1, $2, $3) RETURNING id`,
        [guideline.id, guideline.vvn, guideline.owner],
      );
      await heardEverything();
      expect(keys((await cached(OUTPUTS, variables, vvn))!)).toContain(guideline.key);
      // Declined: only the invitation's row changes, no table of the deliverable's.
      await app.dataSource.query(
        `UPDATE guideline_owner_invitation SET status = 'DECLINED', decided_at = now() WHERE id = $1`,
        [invitation.id],
      );
      await eventually(async () => {
        const after = await read(OUTPUTS, variables, vvn);
        expect(after.cached).toBe(false);
        expect(keys(after.data!)).not.toContain(guideline.key);
        expect(after.data).toEqual(await fresh(OUTPUTS, variables, vvn));
      });
    } finally {
      await app.dataSource.query(`DELETE FROM deliverable_output WHERE id = $1`, [output.id]);
      await app.dataSource.query(`UPDATE guideline SET status = $2 WHERE id = $1`, [guideline.id, guideline.status]);
    }
  });

  it('an agenda handed to another coordinator from psql hides the draft a call feeds from the former one', async () => {
    const zin = await asUser(app, 'zin.editor@example.org');
    const { callId, agendaId } = await submittedToCall();
    const agenda = fromGlobalId(agendaId).id;
    const [before] = await app.dataSource.query(
      `SELECT owner_party_id, coordinator_party_id FROM research_agenda WHERE id = $1`,
      [agenda],
    );
    // The call, not its agenda: the version is reached without ResearchAgenda in the selection.
    const CALL = `query($id: ID!) { topicCall(id: $id) { title agendaVersion { number status } } }`;
    const variables = { id: callId };
    expect((await cached(CALL, variables, zin))!.topicCall.agendaVersion).not.toBeNull();
    try {
      await app.dataSource.query(
        `UPDATE research_agenda SET owner_party_id = (SELECT id FROM party WHERE key = 'zegg'),
                coordinator_party_id = (SELECT id FROM party WHERE key = 'zegg') WHERE id = $1`,
        [agenda],
      );
      await eventually(async () => {
        const after = await read(CALL, variables, zin);
        expect(after.cached).toBe(false);
        expect(after.data!.topicCall).toEqual({ title: expect.any(String), agendaVersion: null });
        expect(after.data).toEqual(await fresh(CALL, variables, zin));
      });
    } finally {
      await app.dataSource.query(
        `UPDATE research_agenda SET owner_party_id = $2, coordinator_party_id = $3 WHERE id = $1`,
        [agenda, before.owner_party_id, before.coordinator_party_id],
      );
    }
  });
});

describe('a link change evicts the conflicts of its sector only', () => {
  it('through the API: its sector’s conflicts are read anew, another sector’s come from the cache', async () => {
    const zin = await asUser(app, 'zin.editor@example.org');
    const link = await sectorLink();
    await needsReview(link, 'De beoordeling is herzien.', zin);
    const before = await cached(SECTOR_CONFLICTS, link.sector, zin);
    expect(
      before!.synergyConflicts.nodes.map((n: { link: { reviewReason: string } | null }) => n.link?.reviewReason),
    ).toContain('De beoordeling is herzien.');
    const otherBefore = await cached(SECTOR_CONFLICTS, link.other, zin);
    const [{ version }] = await app.dataSource.query(`SELECT version FROM synergy_link WHERE id = $1`, [link.id]);
    const updated = await app.gql(
      `mutation($input: UpdateSynergyLinkInput!) { updateSynergyLink(input: $input) { alignment } }`,
      { input: { id: toGlobalId('SynergyLink', link.id), version, alignment: 'ALIGNED' } },
      await asUser(app, 'fms.editor@example.org'),
    );
    expect(updated.errors).toBeUndefined();

    const after = await read(SECTOR_CONFLICTS, link.sector, zin);
    expect(after.cached).toBe(false);
    expect(JSON.stringify(after.data)).not.toContain('De beoordeling is herzien.');
    expect(after.data).toEqual(await fresh(SECTOR_CONFLICTS, link.sector, zin));
    expect(await read(SECTOR_CONFLICTS, link.other, zin)).toEqual({ data: otherBefore, cached: true });
    expect(otherBefore).toEqual(await fresh(SECTOR_CONFLICTS, link.other, zin));
  });

  it('from psql: an UPDATE of the link evicts its sector’s conflicts, not another sector’s', async () => {
    const zin = await asUser(app, 'zin.editor@example.org');
    const link = await sectorLink();
    await needsReview(link, 'Eén kant is gewijzigd.', zin);
    await cached(SECTOR_CONFLICTS, link.sector, zin);
    const otherBefore = await cached(SECTOR_CONFLICTS, link.other, zin);
    await app.dataSource.query(`UPDATE synergy_link SET review_reason = $2 WHERE id = $1`, [
      link.id,
      'De indicatie is verruimd.',
    ]);
    await eventually(async () => {
      const after = await read(SECTOR_CONFLICTS, link.sector, zin);
      expect(after.cached).toBe(false);
      expect(JSON.stringify(after.data)).toContain('De indicatie is verruimd.');
      expect(after.data).toEqual(await fresh(SECTOR_CONFLICTS, link.sector, zin));
    });
    expect(await read(SECTOR_CONFLICTS, link.other, zin)).toEqual({ data: otherBefore, cached: true });
  });

  it('a change whose sectors are not known evicts every sector', async () => {
    const zin = await asUser(app, 'zin.editor@example.org');
    const link = await sectorLink();
    await needsReview(link, 'Onbekend.', zin);
    await cached(SECTOR_CONFLICTS, link.sector, zin);
    await cached(SECTOR_CONFLICTS, link.other, zin);
    // Every sector (`*`): what TRUNCATE sends, and a change of more sectors than a notification holds.
    await app.dataSource.query(`NOTIFY iza_sector_changed, 'synergy_link@@@*'`);
    await eventually(async () => {
      expect((await read(SECTOR_CONFLICTS, link.sector, zin)).cached).toBe(false);
      expect((await read(SECTOR_CONFLICTS, link.other, zin)).cached).toBe(false);
    });
  });

  it('TRUNCATE of the links names every sector under both names a link is read by (conflicts, overview)', async () => {
    const client = new Client({ connectionString: app.database.url });
    await client.connect();
    try {
      const heard: string[] = [];
      client.on('notification', ({ channel, payload }) => {
        if (channel === 'iza_sector_changed') heard.push(payload!.replace(/@\d+@/, '@txid@'));
      });
      await client.query('LISTEN iza_sector_changed');
      // The links' TRUNCATE trigger, fired on a temporary table of the same name: no data is lost.
      await app.dataSource.transaction(async (manager) => {
        await manager.query(`CREATE TEMP TABLE synergy_link (id int) ON COMMIT DROP`);
        await manager.query(
          `CREATE TRIGGER t AFTER TRUNCATE ON pg_temp.synergy_link FOR EACH STATEMENT EXECUTE FUNCTION iza_notify_sector_truncate()`,
        );
        await manager.query(`TRUNCATE pg_temp.synergy_link`);
      });
      await eventually(async () => expect(heard).toEqual(['synergy_link@txid@@*', 'synergy_link:own@txid@@*']));
    } finally {
      await client.end();
    }
  });

  it('still names the table alone on the old channel, for an instance that does not read sectors yet', async () => {
    const link = await sectorLink();
    const listener = new Client({ connectionString: app.database.url });
    await listener.connect();
    try {
      const heard: { channel: string; payload?: string }[] = [];
      listener.on('notification', ({ channel, payload }) => heard.push({ channel, payload }));
      await listener.query('LISTEN iza_data_changed');
      await listener.query('LISTEN iza_sector_changed');
      await app.dataSource.query(`UPDATE synergy_link SET rationale = rationale WHERE id = $1`, [link.id]);
      await eventually(async () => {
        expect(heard.filter((n) => n.channel === 'iza_data_changed')).toEqual([
          { channel: 'iza_data_changed', payload: 'synergy_link' },
        ]);
        // Then the sectors of the conflicts referring to it, and those it is in.
        expect(heard.filter((n) => n.channel === 'iza_sector_changed').map((n) => n.payload!.split('@')[0])).toEqual([
          'synergy_link',
          'synergy_link:own',
        ]);
      });
    } finally {
      await listener.end();
    }
  });

  it.each([
    ['began after the lookup', false],
    ['was running at the lookup', true],
  ])(
    'a change whose sectors were looked up before a concurrent move of its conflict (which %s) evicts every sector',
    async (_, movedFirst) => {
      const zin = await asUser(app, 'zin.editor@example.org');
      const link = await sectorLink();
      await needsReview(link, 'Voor de verplaatsing.', zin);
      const writer = new Client({ connectionString: app.database.url });
      const mover = new Client({ connectionString: app.database.url });
      await Promise.all([writer.connect(), mover.connect()]);
      // The guideline joins the other sector: the link's conflict is there too once this commits.
      const move = () =>
        mover.query(`INSERT INTO guideline_sector (guideline_id, sector_id) VALUES ($1, $2)`, [
          link.guidelineId,
          link.otherSectorId,
        ]);
      try {
        await mover.query('BEGIN');
        if (movedFirst) {
          await move();
          // A later transaction ends first: the mover is among the snapshot's running ones, not past its end.
          await app.dataSource.query(`SELECT pg_current_xact_id()`);
        }
        // The writer changes the link: its sectors are looked up now, without the other sector.
        await writer.query('BEGIN');
        await writer.query(`UPDATE synergy_link SET review_reason = 'Na de verplaatsing.' WHERE id = $1`, [link.id]);
        if (!movedFirst) await move();
        await mover.query('COMMIT');
        await eventually(async () => {
          const { data } = await read(SECTOR_CONFLICTS, link.other, zin);
          expect(JSON.stringify(data)).toContain('Voor de verplaatsing.');
        });
        await cached(SECTOR_CONFLICTS, link.other, zin);
        await writer.query('COMMIT');
        await eventually(async () => {
          const after = await read(SECTOR_CONFLICTS, link.other, zin);
          expect(after.cached).toBe(false);
          expect(JSON.stringify(after.data)).toContain('Na de verplaatsing.');
          expect(after.data).toEqual(await fresh(SECTOR_CONFLICTS, link.other, zin));
        });
      } finally {
        await endRace(writer, mover, link);
      }
    },
  );

  it('reads per sector only the selections SECTOR_ROOTS allows, and only with sectors given', () => {
    const inSectors = (query: string, variables: Record<string, unknown> = {}) =>
      readDependencies(schemaOf(), parse(query), undefined, variables)?.inSectors?.sectors;
    const sector = toGlobalId('Sector', '00000000-0000-0000-0000-0000000000a1');
    expect(inSectors(SECTOR_CONFLICTS, { s: [sector] })).toEqual(['00000000-0000-0000-0000-0000000000a1']);
    expect(
      inSectors(
        `{ synergyConflicts(filter: { sectorId: "${sector}" }) { nodes { ...C } } } fragment C on SynergyConflict { key guideline { title } }`,
      ),
    ).toEqual(['00000000-0000-0000-0000-0000000000a1']);
    // Rows no conflict of the sector refers to: per table.
    expect(
      inSectors(
        `query($s: [ID!]) { synergyConflicts(filter: { sectorIds: $s }) { nodes { guideline { recommendations { text } } } } }`,
        { s: [sector] },
      ),
    ).toBeUndefined();
    expect(
      inSectors(
        `query($s: [ID!]) { synergyConflicts(filter: { sectorIds: $s }) { nodes { link { conflicts { key } } } } }`,
        { s: [sector] },
      ),
    ).toBeUndefined();
    // No sector, parties too, a bad id, another root field beside it: per table.
    expect(
      inSectors(`query($s: [ID!]) { synergyConflicts(filter: { sectorIds: $s, partyIds: [] }) { totalCount } }`, {
        s: [sector],
      }),
    ).toBeUndefined();
    expect(inSectors(`{ synergyConflicts { totalCount } }`)).toBeUndefined();
    expect(inSectors(SECTOR_CONFLICTS, { s: ['nonsense'] })).toBeUndefined();
    expect(
      inSectors(`query($s: [ID!]) { synergyConflicts(filter: { sectorIds: $s }) { totalCount } sectors { key } }`, {
        s: [sector],
      }),
    ).toBeUndefined();
  });

  it('has a sector-naming trigger on exactly the tables read per sector, and on what moves a link', async () => {
    expect(new Set(SECTOR_NOTIFYING_TABLES)).toEqual(SECTOR_TABLES);
    const rows: { table: string }[] = await app.dataSource.query(
      `SELECT c.relname AS "table" FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
        WHERE g.tgname = 'iza_data_change_insert' ORDER BY 1`,
    );
    expect(new Set(rows.map((r) => r.table))).toEqual(new Set([...SECTOR_TABLES, ...SECTOR_MOVE_TABLES]));
  });
});

/** A sector's overview, with what it shows of its links, conflicts and trajectories. */
const SECTOR_OVERVIEW = `query($s: ID) { synergyOverview(sectorId: $s) {
  sector { key }
  counts { totalLinks confirmedLinks disputedLinks linksByAlignment { alignment count } openConflicts
           conflictsByKind { kind count } oldestUnreviewedLink { id alignment reviewReason } }
  trajectories { trajectory { key parties { key } }
                 counts { totalLinks linksByAlignment { alignment count } openConflicts conflictsByKind { kind count } } } } }`;

/**
 * A link between a published guideline in no stored conflict (moving it between sectors changes no
 * conflict) and a published assessment, not on NEEDS_REVIEW; the first sector it is in, and one it is not in.
 */
async function overviewLink() {
  const [link] = await app.dataSource.query(
    `SELECT l.id, l.guideline_id, l.alignment,
            ARRAY(SELECT gs.sector_id FROM guideline_sector gs WHERE gs.guideline_id = l.guideline_id
                  UNION SELECT a.sector_id) AS sectors
       FROM synergy_link l
       JOIN guideline g ON g.id = l.guideline_id AND g.status IN ('PUBLISHED', 'UNDER_REVISION')
       JOIN package_assessment a ON a.id = l.assessment_id AND a.published AND a.sector_id IS NOT NULL
      WHERE l.alignment <> 'NEEDS_REVIEW'
        AND NOT EXISTS (SELECT 1 FROM synergy_conflict c WHERE c.guideline_id = l.guideline_id)
      ORDER BY l.id LIMIT 1`,
  );
  expect(link).toBeDefined();
  const [other] = await app.dataSource.query(`SELECT id FROM sector WHERE id <> ALL($1) ORDER BY key LIMIT 1`, [
    link.sectors,
  ]);
  expect(other).toBeDefined();
  return {
    id: link.id as string,
    guidelineId: link.guideline_id as string,
    /** The other alignment: what a change of the link sets. */
    flipped: link.alignment === 'ALIGNED' ? 'DIVERGENT' : 'ALIGNED',
    sector: { s: toGlobalId('Sector', link.sectors[0]) },
    otherSectorId: other.id as string,
    other: { s: toGlobalId('Sector', other.id) },
  };
}

/** A request through the cached instance whose barrier (server/cache) waits until every committed write was heard. */
function heardEverything() {
  return app.gql(`mutation($input: UpdatePartyInput!) { updateParty(input: $input) { version } }`, {
    input: { id: toGlobalId('Party', '00000000-0000-0000-0000-000000000000'), version: 1 },
  });
}

/** sectorLink()'s link made ALIGNED (in no conflict), with its sector's and another sector's overviews cached. */
async function alignedWithOverviews(zin: Record<string, string>) {
  const link = await sectorLink();
  await app.dataSource.query(`UPDATE synergy_link SET alignment = 'ALIGNED' WHERE id = $1`, [link.id]);
  await heardEverything();
  const sector = { s: link.sector.s[0] };
  const other = { s: link.other.s[0] };
  return {
    link,
    sector,
    other,
    before: await cached(SECTOR_OVERVIEW, sector, zin),
    otherBefore: await cached(SECTOR_OVERVIEW, other, zin),
  };
}

describe('a link change evicts the overview of its sector only', () => {
  it('through the API: its sector’s overview is read anew, another sector’s comes from the cache', async () => {
    const zin = await asUser(app, 'zin.editor@example.org');
    // FMS's link, aligned: made divergent it is in no conflict before or after.
    const { link, sector, other, before, otherBefore } = await alignedWithOverviews(zin);
    const [{ version }] = await app.dataSource.query(`SELECT version FROM synergy_link WHERE id = $1`, [link.id]);
    const updated = await app.gql(
      `mutation($input: UpdateSynergyLinkInput!) { updateSynergyLink(input: $input) { alignment } }`,
      { input: { id: toGlobalId('SynergyLink', link.id), version, alignment: 'DIVERGENT' } },
      await asUser(app, 'fms.editor@example.org'),
    );
    expect(updated.errors).toBeUndefined();

    const after = await read(SECTOR_OVERVIEW, sector, zin);
    expect(after.cached).toBe(false);
    expect(after.data).not.toEqual(before);
    expect(after.data).toEqual(await fresh(SECTOR_OVERVIEW, sector, zin));
    expect(await read(SECTOR_OVERVIEW, other, zin)).toEqual({ data: otherBefore, cached: true });
    expect(otherBefore).toEqual(await fresh(SECTOR_OVERVIEW, other, zin));
  });

  it('from psql: an UPDATE of the link evicts its sector’s overview, not another sector’s', async () => {
    const zin = await asUser(app, 'zin.editor@example.org');
    const link = await overviewLink();
    const before = await cached(SECTOR_OVERVIEW, link.sector, zin);
    const otherBefore = await cached(SECTOR_OVERVIEW, link.other, zin);
    await app.dataSource.query(`UPDATE synergy_link SET alignment = $2 WHERE id = $1`, [link.id, link.flipped]);
    await eventually(async () => {
      const after = await read(SECTOR_OVERVIEW, link.sector, zin);
      expect(after.cached).toBe(false);
      expect(after.data).not.toEqual(before);
      expect(after.data).toEqual(await fresh(SECTOR_OVERVIEW, link.sector, zin));
    });
    expect(await read(SECTOR_OVERVIEW, link.other, zin)).toEqual({ data: otherBefore, cached: true });
    expect(otherBefore).toEqual(await fresh(SECTOR_OVERVIEW, link.other, zin));
  });

  it('a link put on NEEDS_REVIEW evicts the overviews of its conflict’s sectors, not another sector’s', async () => {
    const zin = await asUser(app, 'zin.editor@example.org');
    const { link, sector, other, before, otherBefore } = await alignedWithOverviews(zin);
    // Its conflict is stored at commit with its sector and party rows: the transaction's own references,
    // which its party rows' lookup saw.
    await app.dataSource.query(`UPDATE synergy_link SET alignment = 'NEEDS_REVIEW', review_reason = $2 WHERE id = $1`, [
      link.id,
      'Beide kanten opnieuw bevestigen.',
    ]);
    await eventually(async () => {
      const after = await read(SECTOR_OVERVIEW, sector, zin);
      expect(after.cached).toBe(false);
      expect(after.data).not.toEqual(before);
      expect(after.data).toEqual(await fresh(SECTOR_OVERVIEW, sector, zin));
    });
    expect(await read(SECTOR_OVERVIEW, other, zin)).toEqual({ data: otherBefore, cached: true });
    expect(otherBefore).toEqual(await fresh(SECTOR_OVERVIEW, other, zin));
  });

  it('a write to a conflict’s party rows (its trajectories’ counts) evicts the overviews of its sectors only', async () => {
    const zin = await asUser(app, 'zin.editor@example.org');
    const [conflict] = await app.dataSource.query(
      `SELECT p.conflict_key, s.sector_id FROM synergy_conflict_party p
         JOIN synergy_conflict_sector s ON s.conflict_key = p.conflict_key ORDER BY 1, 2 LIMIT 1`,
    );
    const [another] = await app.dataSource.query(
      `SELECT id FROM sector WHERE id NOT IN (SELECT sector_id FROM synergy_conflict_sector WHERE conflict_key = $1)
        ORDER BY key LIMIT 1`,
      [conflict.conflict_key],
    );
    const sector = { s: toGlobalId('Sector', conflict.sector_id) };
    const other = { s: toGlobalId('Sector', another.id) };
    await cached(SECTOR_OVERVIEW, sector, zin);
    const otherBefore = await cached(SECTOR_OVERVIEW, other, zin);
    await app.dataSource.query(`UPDATE synergy_conflict_party SET party_id = party_id WHERE conflict_key = $1`, [
      conflict.conflict_key,
    ]);
    await eventually(async () => expect((await read(SECTOR_OVERVIEW, sector, zin)).cached).toBe(false));
    expect(await read(SECTOR_OVERVIEW, other, zin)).toEqual({ data: otherBefore, cached: true });
  });

  it.each([
    ['began after the lookup', false],
    ['was running at the lookup', true],
  ])(
    'a link change whose sectors were looked up before a concurrent move of its guideline (which %s) evicts every sector',
    async (_, movedFirst) => {
      const zin = await asUser(app, 'zin.editor@example.org');
      const link = await overviewLink();
      const writer = new Client({ connectionString: app.database.url });
      const mover = new Client({ connectionString: app.database.url });
      await Promise.all([writer.connect(), mover.connect()]);
      // The guideline joins the other sector: its link is in that sector's overview once this commits.
      const move = () =>
        mover.query(`INSERT INTO guideline_sector (guideline_id, sector_id) VALUES ($1, $2)`, [
          link.guidelineId,
          link.otherSectorId,
        ]);
      try {
        // A transaction ended since the listener began: the lookup's snapshot is not older than its start
        // (which alone would count the change for every sector).
        await app.dataSource.query(`SELECT pg_current_xact_id()`);
        await mover.query('BEGIN');
        if (movedFirst) {
          await move();
          // A later transaction ends first: the mover is among the snapshot's running ones, not past its end.
          await app.dataSource.query(`SELECT pg_current_xact_id()`);
        }
        // The writer changes the link: its sectors are looked up now, without the other sector.
        await writer.query('BEGIN');
        await writer.query(`UPDATE synergy_link SET alignment = $2 WHERE id = $1`, [link.id, link.flipped]);
        if (!movedFirst) await move();
        await mover.query('COMMIT');
        await heardEverything();
        // The other sector's overview with the link as it was before the writer commits.
        const moved = await cached(SECTOR_OVERVIEW, link.other, zin);
        expect(moved).toEqual(await fresh(SECTOR_OVERVIEW, link.other, zin));
        await writer.query('COMMIT');
        await eventually(async () => {
          const after = await read(SECTOR_OVERVIEW, link.other, zin);
          expect(after.cached).toBe(false);
          expect(after.data).not.toEqual(moved);
          expect(after.data).toEqual(await fresh(SECTOR_OVERVIEW, link.other, zin));
        });
      } finally {
        await endRace(writer, mover, link);
      }
    },
  );

  it('what moves a link between sectors sends its txid as a reference: a guideline’s sectors, an assessment’s sector', async () => {
    const link = await sectorLink();
    const listener = new Client({ connectionString: app.database.url });
    await listener.connect();
    try {
      const heard: string[] = [];
      listener.on('notification', ({ channel, payload }) => {
        if (channel === 'iza_sector_changed' && /^(guideline_sector|package_assessment)@/.test(payload!))
          heard.push(payload!.split('@').slice(0, 2).join('@'));
      });
      await listener.query('LISTEN iza_sector_changed');
      const txid = async (sql: string, params: unknown[]) => {
        const runner = app.dataSource.createQueryRunner();
        try {
          await runner.startTransaction();
          await runner.query(sql, params);
          const [{ id }] = await runner.query(`SELECT pg_current_xact_id()::text AS id`);
          await runner.commitTransaction();
          return id as string;
        } finally {
          await runner.release();
        }
      };
      const joined = await txid(`INSERT INTO guideline_sector (guideline_id, sector_id) VALUES ($1, $2)`, [
        link.guidelineId,
        link.otherSectorId,
      ]);
      const left = await txid(`DELETE FROM guideline_sector WHERE guideline_id = $1 AND sector_id = $2`, [
        link.guidelineId,
        link.otherSectorId,
      ]);
      // An assessment's other columns move nothing; its sector does.
      await txid(`UPDATE package_assessment SET note = note WHERE id = $1`, [link.assessmentId]);
      const moved = await txid(`UPDATE package_assessment SET sector_id = $2 WHERE id = $1`, [
        link.assessmentId,
        link.otherSectorId,
      ]);
      const back = await txid(`UPDATE package_assessment SET sector_id = $2 WHERE id = $1`, [
        link.assessmentId,
        link.assessmentSectorId,
      ]);
      await eventually(async () =>
        expect(heard).toEqual([
          `guideline_sector@${joined}`,
          `guideline_sector@${left}`,
          'package_assessment@',
          `package_assessment@${moved}`,
          `package_assessment@${back}`,
        ]),
      );
    } finally {
      await listener.end();
    }
  });

  it('reads per sector only with a sector given, a selection SECTOR_ROOTS allows, and what every root reads so', () => {
    const dependencies = (query: string, variables: Record<string, unknown> = {}) =>
      readDependencies(schemaOf(), parse(query), undefined, variables);
    const a1 = '00000000-0000-0000-0000-0000000000a1';
    const a2 = '00000000-0000-0000-0000-0000000000a2';
    const overview = dependencies(SECTOR_OVERVIEW, { s: toGlobalId('Sector', a1) });
    expect(overview?.inSectors?.sectors).toEqual([a1]);
    // The links by the sectors they are in; their guidelines and assessments whole.
    expect(overview?.inSectors?.tables).toContain('synergy_link:own');
    expect(overview?.inSectors?.tables).not.toContain('synergy_link');
    expect([...overview!.tables]).toEqual(expect.arrayContaining(['guideline', 'package_assessment']));
    expect(dependencies(SECTOR_OVERVIEW, { s: null })?.inSectors).toBeUndefined();
    expect(dependencies(SECTOR_OVERVIEW, { s: 'nonsense' })?.inSectors).toBeUndefined();
    // The oldest link's conflicts: rows of other sectors.
    expect(
      dependencies(
        `query($s: ID) { synergyOverview(sectorId: $s) { counts { oldestUnreviewedLink { conflicts { key } } } } }`,
        {
          s: toGlobalId('Sector', a1),
        },
      )?.inSectors,
    ).toBeUndefined();
    // With a sector's conflicts: the sectors of both, per sector what both read so, each under its name.
    const both = dependencies(
      `query($s: ID, $t: [ID!]) { synergyOverview(sectorId: $s) { counts { totalLinks } }
         synergyConflicts(filter: { sectorIds: $t }) { nodes { key guideline { title } } } }`,
      { s: toGlobalId('Sector', a1), t: [toGlobalId('Sector', a2)] },
    );
    expect(both?.inSectors?.sectors).toEqual([a1, a2]);
    expect(both?.inSectors?.tables).toEqual(
      expect.arrayContaining(['synergy_link', 'synergy_link:own', 'synergy_conflict_sector']),
    );
    expect(both?.inSectors?.tables).not.toContain('guideline');
    expect([...both!.tables]).toContain('guideline');
  });
});

/** Root fields and the computed answers: each must list every table its SQL reads. */
/** A link of a published guideline to a published assessment, and the records it joins (global ids). */
async function publishedLink() {
  const [row] = await app.dataSource.query(
    `SELECT l.id, l.guideline_id, l.recommendation_id, l.assessment_id
       FROM synergy_link l
       JOIN guideline g ON g.id = l.guideline_id AND g.status IN ('PUBLISHED', 'UNDER_REVISION')
       JOIN package_assessment a ON a.id = l.assessment_id AND a.published
      WHERE l.recommendation_id IS NOT NULL
      ORDER BY l.id LIMIT 1`,
  );
  expect(row).toBeDefined();
  return {
    link: toGlobalId('SynergyLink', row.id),
    guideline: toGlobalId('Guideline', row.guideline_id),
    recommendation: toGlobalId('Recommendation', row.recommendation_id),
    assessment: toGlobalId('PackageAssessment', row.assessment_id),
  };
}

const QUERIES: { name: string; query: string; variables: () => Promise<Record<string, unknown>>; as?: string }[] = [
  { name: 'agenda page', query: AGENDA, variables: async () => ({ id: await agendaId() }) },
  { name: 'dashboard', query: DASHBOARD, variables: async () => ({}), as: 'vws.editor@example.org' },
  {
    name: 'deliverable health',
    query: `query($id: ID!) { deliverable(id: $id) { health healthReport { health } dependsOn { title health } milestones { title } } }`,
    variables: async () => ({ id: (await fmsDeliverable()).id }),
    as: 'vws.editor@example.org',
  },
  {
    name: 'a milestone past its day',
    query: `query($id: ID!) { node(id: $id) { ... on Milestone { title overdue } } }`,
    variables: async () => ({ id: await overdueMilestone() }),
  },
  {
    name: 'overdue list',
    query: `{ deliverables(filter: { overdue: true }, first: 20) { totalCount nodes { title health ownerParties { key } sectors { key } } } }`,
    variables: async () => ({}),
    as: 'vws.editor@example.org',
  },
  {
    name: 'conflicts',
    query: `{ synergyConflicts(first: 20) { totalCount nodes { key kind guideline { title } recommendation { text } assessment { title } } } }`,
    variables: async () => ({}),
    as: 'zin.editor@example.org',
  },
  { name: 'synergy overview', query: OVERVIEW, variables: async () => ({ s: null }), as: 'zin.editor@example.org' },
  {
    name: 'parties',
    query: `{ parties(first: 20) { totalCount nodes { key sectors { key } responsibilities { area } } } }`,
    variables: async () => ({}),
  },
  {
    name: 'knowledge questions',
    query: `{ knowledgeQuestions(first: 20) { totalCount nodes { title priorityTotal sectors { key } criteria { key } projects { title } } } }`,
    variables: async () => ({}),
  },
  { name: 'sectors', query: SECTORS, variables: async () => ({}) },
  {
    name: 'a submitted question’s origin',
    query: `query($id: ID!) { knowledgeQuestion(id: $id) { origin { kind } } }`,
    variables: async () => ({ id: await submittedQuestionId() }),
  },
  {
    name: 'overdue list without health',
    query: OVERDUE_WITHOUT_HEALTH,
    variables: async () => ({}),
    as: 'vws.editor@example.org',
  },
  {
    name: 'deliverables filtered on health (variable)',
    query: BY_HEALTH,
    variables: async () => ({ f: { health: 'AT_RISK' } }),
    as: 'vws.editor@example.org',
  },
  {
    name: 'deliverables filtered on health',
    query: BY_HEALTH_LITERAL,
    variables: async () => ({}),
    as: 'vws.editor@example.org',
  },
  // Who may read a link or a recommendation depends on its guideline and assessment (drafts stay hidden).
  {
    name: 'a link',
    query: `query($id: ID!) { synergyLink(id: $id) { alignment rationale } }`,
    variables: async () => ({ id: (await publishedLink()).link }),
  },
  {
    name: 'a guideline’s links',
    query: `query($g: ID!) { synergyLinks(filter: { guidelineId: $g }, first: 20) { totalCount nodes { id } } }`,
    variables: async () => ({ g: (await publishedLink()).guideline }),
  },
  {
    name: 'a recommendation',
    query: `query($id: ID!) { recommendation(id: $id) { text } }`,
    variables: async () => ({ id: (await publishedLink()).recommendation }),
  },
  {
    name: 'the links of a guideline and of an assessment',
    query: `query($g: ID!, $a: ID!) { guideline(id: $g) { links(first: 5) { id } }
                                     packageAssessment(id: $a) { links(first: 5) { id } } }`,
    variables: async () => {
      const { guideline, assessment } = await publishedLink();
      return { g: guideline, a: assessment };
    },
  },
  {
    name: 'an impact report without nodes',
    query: `query($id: ID!) { impact(id: $id) { totalCount entries { depth relation conflictKey } } }`,
    variables: async () => ({ id: (await publishedLink()).guideline }),
    as: 'fms.editor@example.org',
  },
  {
    name: 'an inbox',
    query: `{ myInbox(first: 50) { totalCount nodes { kind title read } } }`,
    variables: async () => ({}),
    as: 'fms.editor@example.org',
  },
  // A party's audit trail holds the events of the links it is a side of while it reads them (LINK_VISIBLE_SQL).
  {
    name: 'a party’s audit trail',
    query: `{ auditEvents(first: 50) { totalCount nodes { action entityType actor { id } } } }`,
    variables: async () => ({}),
    as: 'zin.editor@example.org',
  },
  {
    name: 'the audit trail filtered on a party',
    query: `query($p: [ID!]) { auditEvents(first: 50, filter: { partyIds: $p }) { totalCount nodes { action } } }`,
    variables: async () => {
      const [party] = await app.dataSource.query(`SELECT id FROM party WHERE key = 'zorginstituut'`);
      return { p: [toGlobalId('Party', party.id)] };
    },
    as: 'vws.editor@example.org',
  },
  // A draft version reached without its agenda: whether it is read asks the agenda's owner and coordinator.
  {
    name: 'a call’s working version',
    query: `query($id: ID!) { topicCall(id: $id) { title status agendaVersion { number status items { rank } } } }`,
    variables: async () => ({ id: (await submittedToCall()).callId }),
    as: 'zin.editor@example.org',
  },
  {
    name: 'the live ranking and the scorecards of a working version',
    query: `query($id: ID!) { researchAgenda(id: $id) { latestVersion { number
              sharedPriorities { rank overall { mean parties } question { title } }
              scorecards { party { key } scores { score criterion { key } } } } } }`,
    variables: async () => ({ id: (await submittedToCall()).agendaId }),
    as: 'zin.editor@example.org',
  },
];

const TABLE_IN_SQL = /\b(?:from|join)\s+"?([a-z_]+)"?/gi;

describe('the dependency table', () => {
  let tables: Set<string>;
  beforeAll(async () => {
    const rows: { tablename: string }[] = await app.dataSource.query(
      `SELECT tablename FROM pg_tables WHERE schemaname = current_schema()`,
    );
    tables = new Set(rows.map((r) => r.tablename));
  });

  function declared(query: string, signedIn: boolean): Set<string> {
    const found = operationTables(schemaOf(), parse(query));
    expect(found).toBeDefined();
    return new Set([...found!, ...(signedIn ? VIEWER_TABLES : [])]);
  }

  it('names only tables that exist, and lists every type a query can reach', async () => {
    const named = new Set([...Object.values(TYPE_TABLES).flat(), ...VIEWER_TABLES]);
    expect([...named].filter((table) => !tables.has(table))).toEqual([]);
    const unlisted = Object.values(schemaOf().getTypeMap())
      .filter((type) => isObjectType(type) && !type.name.startsWith('__') && type.name !== 'Mutation')
      .map((type) => type.name)
      .filter((name) => !/Payload$/.test(name) && !TYPE_TABLES[name.replace(/(Connection|Edge)$/, '')]);
    expect(unlisted).toEqual([]);
  });

  it.each(QUERIES)('lists every table the SQL of $name reads', async ({ query, variables, as }) => {
    const headers = as ? await asUser(app, as) : {};
    const { result, statements } = await uncachedStatements(query, await variables(), headers);
    expect(result.errors).toBeUndefined();
    const read = new Set<string>();
    for (const sql of statements)
      for (const match of sql.matchAll(TABLE_IN_SQL)) if (tables.has(match[1]!)) read.add(match[1]!);
    expect(read.size).toBeGreaterThan(0);
    const listed = declared(query, Boolean(as));
    expect([...read].filter((table) => !listed.has(table))).toEqual([]);
  });

  it.each(QUERIES)('evicts $name when any table it depends on is written', async ({ query, variables, as }) => {
    const headers = as ? await asUser(app, as) : {};
    const vars = await variables();
    for (const table of declared(query, Boolean(as))) {
      await cached(query, vars, headers);
      // A statement that changes no row still fires the statement-level trigger: a write as far as the cache knows.
      await app.dataSource.query(`DELETE FROM "${table}" WHERE false`);
      await eventually(async () => {
        expect({ table, cached: (await read(query, vars, headers)).cached }).toEqual({ table, cached: false });
      });
    }
  });
});

let schema: Awaited<ReturnType<typeof buildAppSchema>> | undefined;
function schemaOf() {
  return schema!;
}
beforeAll(async () => {
  schema = await buildAppSchema();
});

/** The SQL a request sends with the cache out of the way: a variable no other request uses makes it a miss. */
async function uncachedStatements(query: string, variables: Record<string, unknown>, headers: Record<string, string>) {
  await app.dataSource.query(`NOTIFY iza_data_changed`);
  await new Promise((resolve) => setTimeout(resolve, 50));
  return app.countQueries(() => app.gql(query, variables, headers));
}

describe('concurrent misses', () => {
  it('compute an answer once and share it', async () => {
    const variables = { id: await agendaId() };
    const alone = await uncachedStatements(AGENDA, variables, {});
    expect(alone.count).toBeGreaterThan(1);
    await app.dataSource.query(`NOTIFY iza_data_changed`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Holds the first read until all ten requests have arrived, so they are certainly concurrent.
    const blocker = new Client({ connectionString: app.database.url });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE research_agenda IN ACCESS EXCLUSIVE MODE');
    const together = await app.countQueries(async () => {
      const answers = Promise.all(Array.from({ length: 10 }, () => app.gql(AGENDA, variables)));
      await new Promise((resolve) => setTimeout(resolve, 300));
      await blocker.query('ROLLBACK');
      return answers;
    });
    await blocker.end();
    expect(together.result.map((r) => r.data)).toEqual(Array.from({ length: 10 }, () => alone.result.data));
    expect(together.count).toBe(alone.count);
  });

  it('share an answer even when a change is heard while it is computed, and the next request reads anew', async () => {
    const [item] = await app.dataSource.query(
      `SELECT a.id AS agenda_id, q.id, q.title FROM research_agenda a
         JOIN research_agenda_version v ON v.agenda_id = a.id AND v.status = 'ADOPTED'
         JOIN agenda_item i ON i.version_id = v.id JOIN knowledge_question q ON q.id = i.question_id
        ORDER BY a.key, i.rank LIMIT 1`,
    );
    const variables = { id: toGlobalId('ResearchAgenda', item.agenda_id) };
    const alone = await uncachedStatements(AGENDA, variables, {});
    const barrier = await app.countQueries(heardEverything);
    // A new epoch: the answer `alone` left in the cache is not found again.
    await app.dataSource.query(`NOTIFY iza_data_changed`);
    await heardEverything();
    const blocker = new Client({ connectionString: app.database.url });
    const writer = new Client({ connectionString: app.database.url });
    await Promise.all([blocker.connect(), writer.connect()]);
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE research_agenda IN ACCESS EXCLUSIVE MODE');
    try {
      const together = await app.countQueries(async () => {
        const answers = Promise.all(Array.from({ length: 10 }, () => app.gql(AGENDA, variables)));
        try {
          // The first request waits on the lock; the others then join its flight in far less than 300 ms.
          await eventually(async () => {
            const [{ n }] = await writer
              .query(
                `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
              )
              .then((r) => r.rows);
            expect(n).toBe(1);
          });
          await new Promise((resolve) => setTimeout(resolve, 300));
          // A change to what the page reads, committed and heard while the first request still waits.
          await writer.query(`UPDATE knowledge_question SET title = title || ' (herzien)' WHERE id = $1`, [item.id]);
          await heardEverything();
        } finally {
          await blocker.query('ROLLBACK');
        }
        return answers;
      });
      const shared = together.result.map((r) => r.data);
      expect(new Set(shared.map((data) => JSON.stringify(data))).size).toBe(1);
      expect(together.count).toBe(alone.count + barrier.count);
      // Requests after the change have another key: the answer computed across it is not theirs.
      const after = await read(AGENDA, variables);
      expect(after.cached).toBe(false);
      expect(after.data).toEqual(await fresh(AGENDA, variables));
      expect(JSON.stringify(after.data)).toContain(`${item.title} (herzien)`);
    } finally {
      await writer.query(`UPDATE knowledge_question SET title = $2 WHERE id = $1`, [item.id, item.title]);
      await Promise.all([blocker.end(), writer.end()]);
    }
  });

  it('do not share an error: each request gets its own', async () => {
    const query = `{ auditEvents(first: 1) { totalCount } }`;
    const answers = await Promise.all(Array.from({ length: 5 }, () => app.gql(query)));
    expect(answers.map((a) => a.errors?.[0]?.extensions?.code)).toEqual(Array(5).fill('UNAUTHENTICATED'));
  });
});

describe('random writes between reads', () => {
  it('never give a stale answer', async () => {
    const deliverable = await fmsDeliverable();
    const [link] = await app.dataSource.query(`SELECT id FROM synergy_link ORDER BY id LIMIT 1`);
    // A link whose conflict moves between sectors: its own sectors, and another its guideline joins and leaves.
    const inSectors = await sectorLink();
    const [question] = await app.dataSource.query(
      `SELECT q.id FROM knowledge_question q JOIN agenda_item i ON i.question_id = q.id ORDER BY q.id LIMIT 1`,
    );
    const fms = await asUser(app, 'fms.editor@example.org');
    const pfn = await asUser(app, 'pfn.admin@example.org');
    const partyId = async () => {
      const [row] = await app.dataSource.query(`SELECT id, version FROM party WHERE key = 'patientenfederatie'`);
      return { id: toGlobalId('Party', row.id), version: row.version };
    };
    const sql = (text: string, params: unknown[]) => async () => {
      await app.dataSource.query(text, params);
      await heardEverything();
      return undefined;
    };
    /** Writes of links alone (and of an assessment's sector): what per-sector answers are evicted by. */
    const linkWrites: ((n: number) => () => Promise<unknown>)[] = [
      (n) =>
        sql(`UPDATE synergy_link SET alignment = $2 WHERE id = $1`, [
          link.id,
          ['ALIGNED', 'DIVERGENT', 'NEEDS_REVIEW'][n % 3],
        ]),
      (n) =>
        sql(`UPDATE synergy_link SET alignment = $2, review_reason = $3 WHERE id = $1`, [
          inSectors.id,
          n % 2 ? 'NEEDS_REVIEW' : 'ALIGNED',
          `Reden ${n}`,
        ]),
      (n) => sql(`UPDATE synergy_link SET review_reason = $2 WHERE id = $1`, [inSectors.id, `Andere reden ${n}`]),
      // Aligned and divergent: a change in no conflict, seen in the overviews of its sectors only.
      () =>
        sql(
          `UPDATE synergy_link SET alignment = (CASE alignment WHEN 'ALIGNED' THEN 'DIVERGENT' ELSE 'ALIGNED' END)::synergy_alignment
            WHERE id = $1 AND alignment IN ('ALIGNED', 'DIVERGENT')`,
          [inSectors.id],
        ),
      // The link's assessment moves to the other sector and back: the link, and its conflicts, with it.
      (n) =>
        sql(`UPDATE package_assessment SET sector_id = $2 WHERE id = $1`, [
          inSectors.assessmentId,
          n % 2 ? inSectors.otherSectorId : inSectors.assessmentSectorId,
        ]),
    ];
    const writes: ((n: number) => () => Promise<unknown>)[] = [
      (n) => () =>
        app.gql(
          `mutation($input: PostStatusUpdateInput!) { postStatusUpdate(input: $input) { health } }`,
          { input: { deliverableId: deliverable.id, health: n % 2 ? 'AT_RISK' : 'OFF_TRACK', text: `Stand ${n}.` } },
          fms,
        ),
      (n) => async () =>
        app.gql(
          `mutation($input: UpdatePartyInput!) { updateParty(input: $input) { version } }`,
          { input: { ...(await partyId()), description: `Beschrijving ${n}` } },
          pfn,
        ),
      (n) =>
        sql(`UPDATE deliverable SET status = $2 WHERE id = $1`, [
          deliverable.raw,
          ['DELAYED', 'IN_PROGRESS', 'DONE'][n % 3],
        ]),
      (n) => sql(`UPDATE knowledge_question SET title = $2 WHERE id = $1`, [question.id, `Vraag ${n}`]),
      (n) => sql(`UPDATE sector SET name_nl = name_nl || $1 WHERE key = 'ggz'`, [String(n % 10)]),
      (n) => sql(`UPDATE guideline SET title = $2 WHERE id = $1`, [inSectors.guidelineId, `Richtlijn ${n}`]),
      (n) =>
        sql(
          n % 2
            ? `INSERT INTO guideline_sector (guideline_id, sector_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`
            : `DELETE FROM guideline_sector WHERE guideline_id = $1 AND sector_id = $2`,
          [inSectors.guidelineId, inSectors.otherSectorId],
        ),
      ...linkWrites,
    ];
    /** The reads of QUERIES, and a sector's conflicts and overview in the link's sector and in the other. */
    const zin = 'zin.editor@example.org';
    const reading = [
      ...QUERIES,
      {
        name: 'conflicts in the link’s sector',
        query: SECTOR_CONFLICTS,
        variables: async () => inSectors.sector,
        as: zin,
      },
      { name: 'conflicts in another sector', query: SECTOR_CONFLICTS, variables: async () => inSectors.other, as: zin },
      {
        name: 'all conflicts of both sectors',
        query: `query($s: [ID!]) { synergyConflicts(filter: { sectorIds: $s }, first: 100) { totalCount nodes { key explanation guideline { title } } } }`,
        variables: async () => ({ s: [...inSectors.sector.s, ...inSectors.other.s] }),
        as: zin,
      },
      {
        name: 'overview of the link’s sector',
        query: SECTOR_OVERVIEW,
        variables: async () => ({ s: inSectors.sector.s[0] }),
        as: zin,
      },
      {
        name: 'overview of another sector',
        query: SECTOR_OVERVIEW,
        variables: async () => ({ s: inSectors.other.s[0] }),
        as: zin,
      },
    ];
    /** Random steps of these writes and reads: each answer equals the uncached instance's. */
    const neverStale = async (writing: typeof writes, reads: typeof reading) => {
      const step = fc.oneof(
        fc.record({ write: fc.nat(writing.length - 1), n: fc.nat(99) }),
        fc.record({ read: fc.nat(reads.length - 1) }),
      );
      let answered = 0;
      let written = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 10, maxLength: 25 }), async (steps) => {
          for (const s of steps) {
            if ('write' in s) {
              const result = (await writing[s.write]!(s.n)()) as { errors?: unknown } | undefined;
              if (!result?.errors) written++;
              continue;
            }
            const { name, query, variables, as } = reads[s.read]!;
            const headers = as ? await asUser(app, as) : {};
            const vars = await variables();
            const answer = await app.gql(query, vars, headers);
            answered++;
            expect({ name, data: answer.data }).toEqual({ name, data: await fresh(query, vars, headers) });
          }
        }),
        { numRuns: 8, seed: 25 },
      );
      expect(answered).toBeGreaterThan(0);
      expect(written).toBeGreaterThan(0);
    };
    await neverStale(writes, reading);
    // The per-sector answers between link writes alone, where no write of a table they read whole evicts them anyway.
    await neverStale(linkWrites, reading.slice(QUERIES.length));
    await app.dataSource.query(`DELETE FROM guideline_sector WHERE guideline_id = $1 AND sector_id = $2`, [
      inSectors.guidelineId,
      inSectors.otherSectorId,
    ]);
    await app.dataSource.query(`UPDATE package_assessment SET sector_id = $2 WHERE id = $1`, [
      inSectors.assessmentId,
      inSectors.assessmentSectorId,
    ]);
  });
});
