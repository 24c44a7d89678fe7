import { fromGlobalId } from 'graphql-relay';
import { EventType } from '../../../entities/domain-event.enums';
import { emitEvents } from '../../../server/services/events/outbox';
import { runTimeSweep } from '../../../server/services/events/time-sweep';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { EventsWithoutDisputeReason1800000900000 } from '../../../server/db/migrations/1800000900000-EventsWithoutDisputeReason';
import {
  CREATE_DELIVERABLE,
  day,
  mutate,
  partyIds,
  POST_UPDATE,
  span,
  UPDATE_DELIVERABLE,
} from '../../fixtures/deliverables';
import { outboxOf, synergyScenario } from './scenario';

let app: TestApp;
let s: ReturnType<typeof synergyScenario>;
let parties: Record<string, string>;
const VWS = 'vws.editor@example.org';

beforeAll(async () => {
  app = await createTestApp({ EVENTS_SWEEP_SECONDS: '0' });
  s = synergyScenario(app);
  await s.init();
  parties = await partyIds(app, ['zorginstituut', 'fms']);
});
afterAll(() => app.close());

const types = async (subject: string) => (await outboxOf(app, subject)).map((e) => e.type);

describe('the outbox', () => {
  it('holds no event of a rolled-back change', async () => {
    const [deliverable] = await app.dataSource.query(`SELECT id FROM deliverable ORDER BY id LIMIT 1`);
    const before = await app.dataSource.query(`SELECT count(*)::int AS n FROM domain_event`);
    await expect(
      app.dataSource.transaction(async (manager) => {
        await emitEvents(manager, [
          { type: EventType.DELIVERABLE_STATUS_CHANGED, subjectType: 'Deliverable', subjectId: deliverable.id },
        ]);
        throw new Error('the change fails after its event was written');
      }),
    ).rejects.toThrow('the change fails');
    expect(await app.dataSource.query(`SELECT count(*)::int AS n FROM domain_event`)).toEqual(before);
  });

  it('gives cursors in commit order, so a reader never skips an event committed late', async () => {
    const [deliverable] = await app.dataSource.query(`SELECT id FROM deliverable ORDER BY id LIMIT 1`);
    const first = app.dataSource.createQueryRunner();
    const second = app.dataSource.createQueryRunner();
    await first.connect();
    await second.connect();
    try {
      const draft = (n: string) => ({
        type: EventType.DELIVERABLE_STATUS_CHANGED,
        subjectType: 'Deliverable',
        subjectId: deliverable.id,
        details: { n },
      });
      await first.startTransaction();
      await second.startTransaction();
      await emitEvents(first.manager, [draft('began first')]);
      await emitEvents(second.manager, [draft('began second')]);
      await second.commitTransaction();
      await first.commitTransaction();
    } finally {
      await first.release();
      await second.release();
    }
    const rows: { n: string }[] = await app.dataSource.query(
      `SELECT payload->>'n' AS n FROM domain_event WHERE payload ? 'n' ORDER BY cursor`,
    );
    expect(rows.map((r) => r.n)).toEqual(['began second', 'began first']);
  });

  it('fills the party and sector scope from the subject', async () => {
    const intervention = await s.intervention('Scope');
    const assessment = await s.assessment('INSURED', intervention, false);
    await s.updateAssessment(assessment.id, assessment.version, 'NOT_INSURED');
    const [row] = await app.dataSource.query(
      `SELECT party_ids::text[] AS parties, sector_ids::text[] AS sectors FROM domain_event WHERE subject_id = $1`,
      [fromGlobalId(assessment.id).id],
    );
    expect(row).toEqual({ parties: [fromGlobalId(parties.zorginstituut!).id], sectors: [fromGlobalId(s.ids.msz!).id] });
  });
});

describe('events of the existing domains', () => {
  it('a link: made, confirmations, then NEEDS_REVIEW when the assessment’s outcome changes', async () => {
    const intervention = await s.intervention('Link');
    const guideline = await s.guideline();
    const recommendation = await s.recommendation(guideline.id, 'DO', intervention);
    await s.publishGuideline(guideline.id);
    const assessment = await s.assessment('INSURED', intervention, true);
    const link = await s.link(recommendation, assessment.id);
    await s.confirm(link.id, 'GUIDELINE_OWNER');
    await s.confirm(link.id, 'ASSESSOR');
    const [{ version }] = await app.dataSource.query(`SELECT version FROM package_assessment WHERE id = $1`, [
      fromGlobalId(assessment.id).id,
    ]);
    await s.updateAssessment(assessment.id, version, 'NOT_INSURED');
    expect(await types(link.id)).toEqual([
      'LINK_CREATED',
      'LINK_CONFIRMATIONS_CHANGED',
      'LINK_CONFIRMATIONS_CHANGED',
      'LINK_NEEDS_REVIEW',
    ]);
    expect(await types(assessment.id)).toEqual(['ASSESSMENT_PUBLISHED', 'ASSESSMENT_OUTCOME_CHANGED']);
    const changed = (await outboxOf(app, assessment.id))[1]!;
    expect(changed.payload).toEqual({ before: { outcome: 'INSURED' }, after: { outcome: 'NOT_INSURED' } });
    // The guideline: its edition, then the conflict (DO, now NOT_INSURED) and the link on NEEDS_REVIEW.
    expect(await types(guideline.id)).toEqual(['GUIDELINE_EDITION_PUBLISHED', 'CONFLICT_OPENED', 'CONFLICT_OPENED']);
  });

  it('a dispute: its side in the events, its reason not (after resolution only the link’s history has it)', async () => {
    const intervention = await s.intervention('Geschil');
    const guideline = await s.guideline();
    const recommendation = await s.recommendation(guideline.id, 'DO', intervention);
    await s.publishGuideline(guideline.id);
    const assessment = await s.assessment('INSURED', intervention, true);
    const link = await s.link(recommendation, assessment.id);
    const zin = await asUser(app, 'zin.editor@example.org');
    const version = async () =>
      (await app.gql(`query($id: ID!) { synergyLink(id: $id) { version } }`, { id: link.id }, zin)).data!.synergyLink
        .version as number;
    const disputed = await app.gql(
      `mutation($input: DisputeSynergyLinkInput!) { disputeSynergyLink(input: $input) { id } }`,
      { input: { id: link.id, version: await version(), side: 'ASSESSOR', reason: 'Vertrouwelijk: ander bewijs' } },
      zin,
    );
    expect(disputed.errors).toBeUndefined();
    const resolved = await app.gql(
      `mutation($input: ResolveSynergyLinkDisputeInput!) { resolveSynergyLinkDispute(input: $input) { id } }`,
      { input: { id: link.id, version: await version(), resolution: 'Besproken' } },
      zin,
    );
    expect(resolved.errors).toBeUndefined();
    const events = await outboxOf(app, link.id);
    expect(events.map((e) => [e.type, e.payload.after?.disputeSide])).toEqual([
      ['LINK_CREATED', undefined],
      ['LINK_CONFIRMATIONS_CHANGED', 'ASSESSOR'],
      ['LINK_CONFIRMATIONS_CHANGED', null],
    ]);
    expect(JSON.stringify(events)).not.toContain('Vertrouwelijk');
  });

  it('events stored with a dispute’s reason lose it (migration EventsWithoutDisputeReason)', async () => {
    const subjectId = '00000000-0000-4000-8000-00000000d15b';
    await app.dataSource.transaction((manager) =>
      emitEvents(manager, [
        {
          type: EventType.LINK_CONFIRMATIONS_CHANGED,
          subjectType: 'SynergyLink',
          subjectId,
          before: { disputeSide: null, disputeReason: null },
          after: { disputeSide: 'ASSESSOR', disputeReason: 'Vertrouwelijk' },
        },
      ]),
    );
    const runner = app.dataSource.createQueryRunner();
    try {
      await new EventsWithoutDisputeReason1800000900000().up(runner);
    } finally {
      await runner.release();
    }
    const stored = await app.dataSource.query(`SELECT payload FROM domain_event WHERE subject_id = $1`, [subjectId]);
    expect(stored).toEqual([{ payload: { before: { disputeSide: null }, after: { disputeSide: 'ASSESSOR' } } }]);
  });

  it('a conflict that no longer holds is resolved', async () => {
    const intervention = await s.intervention('Resolve');
    const guideline = await s.guideline();
    await s.recommendation(guideline.id, 'DO', intervention);
    await s.publishGuideline(guideline.id);
    const assessment = await s.assessment('NOT_INSURED', intervention, true);
    await s.updateAssessment(assessment.id, assessment.version, 'INSURED');
    const conflicts = (await outboxOf(app, guideline.id)).filter((e) => e.type.startsWith('CONFLICT_'));
    expect(conflicts.map((e) => [e.type, e.payload.conflict.kind])).toEqual([
      ['CONFLICT_OPENED', 'RECOMMENDED_BUT_NOT_INSURED'],
      ['CONFLICT_RESOLVED', 'RECOMMENDED_BUT_NOT_INSURED'],
    ]);
  });

  it('a deliverable: status, and health from a status update', async () => {
    const { createDeliverable: d } = await mutate(app, VWS, CREATE_DELIVERABLE, {
      title: 'Opleverpunt met gebeurtenissen',
      ownerPartyIds: [parties.zorginstituut],
      due: span(day(30), day(60)),
    });
    await mutate(app, VWS, UPDATE_DELIVERABLE, { id: d.id, version: d.version, status: 'IN_PROGRESS' });
    await mutate(app, 'zin.editor@example.org', POST_UPDATE, { deliverableId: d.id, health: 'AT_RISK', text: 'Krap.' });
    const events = await outboxOf(app, d.id);
    expect(events.map((e) => [e.type, e.payload.before, e.payload.after])).toEqual([
      ['DELIVERABLE_STATUS_CHANGED', { status: 'PLANNED' }, { status: 'IN_PROGRESS' }],
      ['DELIVERABLE_HEALTH_CHANGED', { health: 'ON_TRACK' }, { health: 'AT_RISK' }],
    ]);
  });

  it('an agenda version’s status and a question possibly answered', async () => {
    const ZIN = 'zin.editor@example.org';
    const as = async (email: string, query: string, input: Record<string, unknown>) => mutate(app, email, query, input);
    const question = (
      await as(
        'pfn.contributor@example.org',
        `mutation($input: ProposeKnowledgeQuestionInput!) { proposeKnowledgeQuestion(input: $input) { id version } }`,
        {
          title: 'Helpt een gebeurtenis bij het volgen van onderzoek?',
          sectorIds: [s.ids.ggz],
        },
      )
    ).proposeKnowledgeQuestion;
    const agenda = (
      await as(
        ZIN,
        `mutation($input: CreateResearchAgendaInput!) { createResearchAgenda(input: $input) { id version } }`,
        {
          title: 'Gebeurtenissen-agenda',
          kind: 'SECTOR_MULTIYEAR',
          sectorId: s.ids.ggz,
          coordinatorPartyId: s.ids.zorginstituut,
        },
      )
    ).createResearchAgenda;
    let version = agenda.version;
    await as(ZIN, `mutation($input: AddQuestionToAgendaInput!) { addQuestionToAgenda(input: $input) { id } }`, {
      agendaId: agenda.id,
      version: version++,
      questionId: question.id,
    });
    await as(
      ZIN,
      `mutation($input: AgendaRefInput!) { submitResearchAgendaForConsultation(input: $input) { number } }`,
      {
        agendaId: agenda.id,
        version: version++,
      },
    );
    await as(ZIN, `mutation($input: AgendaRefInput!) { adoptResearchAgenda(input: $input) { number } }`, {
      agendaId: agenda.id,
      version: version++,
    });
    const [versionRow] = await app.dataSource.query(
      `SELECT v.id FROM research_agenda_version v WHERE v.agenda_id = $1 AND v.number = 1`,
      [fromGlobalId(agenda.id).id],
    );
    const agendaEvents = await outboxOf(app, Buffer.from(`ResearchAgendaVersion:${versionRow.id}`).toString('base64'));
    expect(agendaEvents.map((e) => [e.type, e.payload.before, e.payload.after])).toEqual([
      ['AGENDA_VERSION_STATUS_CHANGED', { status: 'DRAFT' }, { status: 'CONSULTATION' }],
      ['AGENDA_VERSION_STATUS_CHANGED', { status: 'CONSULTATION' }, { status: 'ADOPTED' }],
    ]);

    const TRANSITION = `mutation($input: TransitionKnowledgeQuestionInput!) { transitionKnowledgeQuestion(input: $input) { version } }`;
    const [{ version: questionVersion }] = await app.dataSource.query(
      `SELECT version FROM knowledge_question WHERE id = $1`,
      [fromGlobalId(question.id).id],
    );
    const prioritised = (
      await as(ZIN, TRANSITION, { questionId: question.id, version: questionVersion, status: 'PRIORITISED' })
    ).transitionKnowledgeQuestion;
    const inResearch = (
      await as(ZIN, TRANSITION, { questionId: question.id, version: prioritised.version, status: 'IN_RESEARCH' })
    ).transitionKnowledgeQuestion;
    expect(inResearch.version).toBeGreaterThan(0);
    const ZONMW = 'zonmw.editor@example.org';
    const [zonmw] = await app.dataSource.query(`SELECT id FROM party WHERE key = 'zonmw'`);
    const project = (
      await as(
        ZONMW,
        `mutation($input: CreateResearchProjectInput!) { createResearchProject(input: $input) { id version } }`,
        {
          title: 'Project met gebeurtenissen',
          funderPartyId: Buffer.from(`Party:${zonmw.id}`).toString('base64'),
          programmeKey: 'kppz',
          round: 'ronde 1',
          questionIds: [question.id],
        },
      )
    ).createResearchProject;
    const UPDATE = `mutation($input: UpdateResearchProjectInput!) { updateResearchProject(input: $input) { version } }`;
    const running = (await as(ZONMW, UPDATE, { id: project.id, version: project.version, status: 'RUNNING' }))
      .updateResearchProject;
    await as(ZONMW, UPDATE, { id: project.id, version: running.version, status: 'COMPLETED', resultSummary: 'Ja.' });
    expect((await outboxOf(app, question.id)).map((e) => [e.type, e.payload.after?.possiblyAnswered])).toEqual([
      ['QUESTION_POSSIBLY_ANSWERED', true],
    ]);
  });
});

describe('the time sweep', () => {
  it('opens a review-overdue conflict when its date has passed, not when the date is set', async () => {
    const fms = await asUser(app, 'fms.editor@example.org');
    const setReviewDue = async (id: string, reviewDueOn: string | null) => {
      const { version } = (await app.gql(`query($id: ID!) { guideline(id: $id) { version } }`, { id }, fms)).data!
        .guideline;
      const res = await app.gql(
        `mutation($input: UpdateGuidelineInput!) { updateGuideline(input: $input) { id } }`,
        { input: { id, version, reviewDueOn } },
        fms,
      );
      expect(res.errors).toBeUndefined();
    };
    const reviews = async (id: string) =>
      (await outboxOf(app, id))
        .filter((e) => e.payload.conflict?.kind === 'GUIDELINE_REVIEW_OVERDUE')
        .map((e) => e.type);

    const ahead = await s.guideline();
    await s.publishGuideline(ahead.id);
    await setReviewDue(ahead.id, day(10));
    expect(await reviews(ahead.id)).toEqual([]);
    await runTimeSweep(app.dataSource, day(10));
    expect(await reviews(ahead.id)).toEqual([]);
    await runTimeSweep(app.dataSource, day(11));
    await runTimeSweep(app.dataSource, day(11));
    await runTimeSweep(app.dataSource, day(12));
    expect(await reviews(ahead.id)).toEqual(['CONFLICT_OPENED']);
    // Moved ahead again, it no longer holds; passing once more, it opens again.
    await setReviewDue(ahead.id, day(40));
    expect(await reviews(ahead.id)).toEqual(['CONFLICT_OPENED', 'CONFLICT_RESOLVED']);
    await runTimeSweep(app.dataSource, day(41));
    expect(await reviews(ahead.id)).toEqual(['CONFLICT_OPENED', 'CONFLICT_RESOLVED', 'CONFLICT_OPENED']);

    // A date removed before it passed opened nothing, so it resolves nothing.
    const dropped = await s.guideline();
    await s.publishGuideline(dropped.id);
    await setReviewDue(dropped.id, day(10));
    await setReviewDue(dropped.id, null);
    await runTimeSweep(app.dataSource, day(11));
    expect(await reviews(dropped.id)).toEqual([]);

    // A date already passed opens at once, as every other conflict does.
    const late = await s.guideline();
    await s.publishGuideline(late.id);
    await setReviewDue(late.id, day(-1));
    expect(await reviews(late.id)).toEqual(['CONFLICT_OPENED']);
  });

  it('records OFF_TRACK once when the due date has passed, and a milestone due within 14 days once', async () => {
    const { createDeliverable: d } = await mutate(app, VWS, CREATE_DELIVERABLE, {
      title: 'Opleverpunt dat verloopt',
      ownerPartyIds: [parties.zorginstituut],
      due: span(day(5), day(10)),
    });
    await mutate(app, VWS, `mutation($input: CreateMilestoneInput!) { createMilestone(input: $input) { id } }`, {
      deliverableId: d.id,
      title: 'Tussenstap',
      due: span(day(15), day(20)),
    });
    await runTimeSweep(app.dataSource, day(0));
    expect(await types(d.id)).toEqual([]);
    await runTimeSweep(app.dataSource, day(11));
    await runTimeSweep(app.dataSource, day(11));
    await runTimeSweep(app.dataSource, day(12));
    const events = await outboxOf(app, d.id);
    expect(events.map((e) => [e.type, e.payload.before, e.payload.after])).toEqual([
      ['DELIVERABLE_HEALTH_CHANGED', { health: 'ON_TRACK' }, { health: 'OFF_TRACK' }],
    ]);
    const dueSoon: { n: number }[] = await app.dataSource.query(
      `SELECT count(*)::int AS n FROM domain_event WHERE type = 'MILESTONE_DUE_SOON' AND payload->>'deliverableId' = $1`,
      [fromGlobalId(d.id).id],
    );
    expect(dueSoon).toEqual([{ n: 1 }]);
  });

  it('announces no checkpoint of a deliverable that is done or cancelled: nobody will reach it', async () => {
    const withCheckpoint = async (title: string, status: string | null) => {
      const { createDeliverable: d } = await mutate(app, VWS, CREATE_DELIVERABLE, {
        title,
        ownerPartyIds: [parties.zorginstituut],
        due: span(day(30), day(60)),
      });
      await mutate(app, VWS, `mutation($input: CreateMilestoneInput!) { createMilestone(input: $input) { id } }`, {
        deliverableId: d.id,
        title: `${title}: tussenstap`,
        due: span(day(3), day(5)),
      });
      if (status) await mutate(app, VWS, UPDATE_DELIVERABLE, { id: d.id, version: d.version, status });
      return d.id as string;
    };
    const open = await withCheckpoint('Lopend opleverpunt met tussenstap', null);
    const cancelled = await withCheckpoint('Geannuleerd opleverpunt met tussenstap', 'CANCELLED');
    const done = await withCheckpoint('Afgerond opleverpunt met tussenstap', 'DONE');
    await runTimeSweep(app.dataSource, day(0));
    const announced: { id: string }[] = await app.dataSource.query(
      `SELECT payload->>'deliverableId' AS id FROM domain_event WHERE type = 'MILESTONE_DUE_SOON' AND payload->>'deliverableId' = ANY($1)`,
      [[open, cancelled, done].map((id) => fromGlobalId(id).id)],
    );
    expect(announced.map((a) => a.id)).toEqual([fromGlobalId(open).id]);
  });
});
