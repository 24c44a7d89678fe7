import { toGlobalId } from '../../../schema/global-id';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { outcome } from '../../helpers/outcome';
import { mutate } from '../../fixtures/deliverables';

/**
 * The minister's decision on a pakketadvies (vws-besluit-over-pakketadvies, [003 B§2.5]: “De minister besluit dit
 * advies wel of niet over te nemen en de regelgeving aan te passen.”): VWS records and corrects it; nobody else.
 */
const ZIN = 'zin.editor@example.org';
const VWS = 'vws.editor@example.org';
const ZN = 'zn.editor@example.org';
let app: TestApp;

beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const CREATE = `mutation($input: CreatePackageAssessmentInput!) { createPackageAssessment(input: $input) { id version } }`;
const MOVE = `mutation($input: MoveAssessmentStageInput!) { moveAssessmentStage(input: $input) { version } }`;
const FIELDS = 'id version decision decidedOn reasoning reference party { key } assessment { id }';
const RECORD = `mutation($input: RecordMinisterialDecisionInput!) { recordMinisterialDecision(input: $input) { ${FIELDS} } }`;
const CORRECT = `mutation($input: CorrectMinisterialDecisionInput!) { correctMinisterialDecision(input: $input) { ${FIELDS} } }`;

/** An assessment of the Zorginstituut; by default a published pakketadvies put to a decision. */
async function assessment(title: string, kind = 'PAKKETADVIES', published = true, stage: string | null = 'DECISION') {
  const { createPackageAssessment: a } = await mutate(app, ZIN, CREATE, {
    title,
    kind,
    outcome: 'NOT_INSURED',
    published,
  });
  if (stage) await mutate(app, ZIN, MOVE, { id: a.id, version: a.version, stage });
  return a.id as string;
}

const decisionInput = (assessmentId: string) => ({
  assessmentId,
  decision: 'FOLLOWED',
  decidedOn: '2026-03-02',
  reasoning: 'De minister neemt het advies over en past de Regeling zorgverzekering aan.',
  reference: 'Staatscourant 2026, 1234',
});

async function decisionOn(assessmentId: string, email: string | null) {
  const res = await app.gql(
    `query($id: ID!) { node(id: $id) { ... on PackageAssessment { ministerialDecision { ${FIELDS} } } } }`,
    { id: assessmentId },
    await asUser(app, email),
  );
  expect(res.errors).toBeUndefined();
  return res.data!.node.ministerialDecision;
}

describe('recording and correcting the minister’s decision', () => {
  it('VWS records it on a published pakketadvies, everyone reads it on the advice, and VWS corrects it', async () => {
    const id = await assessment('Uitstroomadvies (besluit, test)');
    expect(await decisionOn(id, null)).toBeNull();

    const { recordMinisterialDecision: recorded } = await mutate(app, VWS, RECORD, decisionInput(id));
    expect(recorded).toMatchObject({
      version: 1,
      decision: 'FOLLOWED',
      decidedOn: '2026-03-02',
      reference: 'Staatscourant 2026, 1234',
      party: { key: 'vws' },
      assessment: { id },
    });
    expect(await decisionOn(id, null)).toEqual(recorded);
    expect(await decisionOn(id, ZN)).toEqual(recorded);

    const { correctMinisterialDecision: corrected } = await mutate(app, VWS, CORRECT, {
      id: recorded.id,
      version: 1,
      decision: 'PARTLY_FOLLOWED',
      reference: null,
    });
    expect(corrected).toMatchObject({
      id: recorded.id,
      version: 2,
      decision: 'PARTLY_FOLLOWED',
      decidedOn: '2026-03-02',
      reasoning: recorded.reasoning,
      reference: null,
    });
    expect(await decisionOn(id, ZIN)).toEqual(corrected);
  });

  it('a stale version is CONFLICT, and a second record is CONFLICT naming the one to correct', async () => {
    const id = await assessment('Advies met twee redacteuren (test)');
    const { recordMinisterialDecision: recorded } = await mutate(app, VWS, RECORD, decisionInput(id));
    await mutate(app, VWS, CORRECT, { id: recorded.id, version: 1, reasoning: 'Aangepaste motivering.' });

    const stale = await app.gql(
      CORRECT,
      { input: { id: recorded.id, version: 1, decision: 'NOT_FOLLOWED' } },
      await asUser(app, 'vws.admin@example.org'),
    );
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    const again = await app.gql(RECORD, { input: decisionInput(id) }, await asUser(app, VWS));
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', existingId: recorded.id });
    expect(await decisionOn(id, VWS)).toMatchObject({ version: 2, decision: 'FOLLOWED' });
  });

  it.each([
    ['the Zorginstituut, which gave the advice', ZIN, 'FORBIDDEN'],
    ['an insurer', ZN, 'FORBIDDEN'],
    ['a VWS viewer', 'vws.viewer@example.org', 'FORBIDDEN'],
    ['an operator', 'operator@example.org', 'FORBIDDEN'],
    ['anonymous', null, 'UNAUTHENTICATED'],
    ['a VWS editor', VWS, 'FOLLOWED'],
  ])('recording it as %s', async (_case, email, expected) => {
    const id = await assessment('Advies voor de minister (test)');
    const res = await app.gql(RECORD, { input: decisionInput(id) }, await asUser(app, email));
    expect(outcome(res, (d) => d.recordMinisterialDecision.decision)).toBe(expected);
  });

  it.each([
    ['the Zorginstituut', ZIN, 'FORBIDDEN'],
    ['an insurer', ZN, 'FORBIDDEN'],
    ['anonymous', null, 'UNAUTHENTICATED'],
    ['another VWS editor', 'vws.admin@example.org', 'NOT_FOLLOWED'],
  ])('correcting it as %s', async (_case, email, expected) => {
    const id = await assessment('Advies om te corrigeren (test)');
    const { recordMinisterialDecision: recorded } = await mutate(app, VWS, RECORD, decisionInput(id));
    const res = await app.gql(
      CORRECT,
      { input: { id: recorded.id, version: recorded.version, decision: 'NOT_FOLLOWED' } },
      await asUser(app, email),
    );
    expect(outcome(res, (d) => d.correctMinisterialDecision.decision)).toBe(expected);
  });

  it.each([
    ['a standpunt', 'STANDPUNT', true, 'DECISION'],
    ['a duiding', 'DUIDING', true, 'DECISION'],
    ['an unpublished pakketadvies', 'PAKKETADVIES', false, 'DECISION'],
    ['a pakketadvies not yet put to a decision', 'PAKKETADVIES', true, null],
    ['a pakketadvies still in consultation', 'PAKKETADVIES', true, 'CONSULTATION'],
  ])('recording it on %s is BAD_USER_INPUT and writes nothing', async (_case, kind, published, stage) => {
    const id = await assessment('Geen besluit van de minister (test)', kind, published, stage);
    const res = await app.gql(RECORD, { input: decisionInput(id) }, await asUser(app, VWS));
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.assessmentId' });
    expect(await decisionOn(id, VWS)).toBeNull();
  });

  it('on a pakketadvies that has moved on to MONITORING it is still recorded', async () => {
    const id = await assessment('Advies in monitoring (test)');
    const { node } = (
      await app.gql(`query($id: ID!) { node(id: $id) { ... on PackageAssessment { version } } }`, { id })
    ).data!;
    await mutate(app, ZIN, MOVE, { id, version: node.version, stage: 'MONITORING' });
    const { recordMinisterialDecision } = await mutate(app, VWS, RECORD, decisionInput(id));
    expect(recordMinisterialDecision.decision).toBe('FOLLOWED');
  });
});

describe('the trail and the events of a decision', () => {
  const trail = async (email: string, id: string) => {
    const res = await app.gql(
      `query($id: ID!) { auditEvents(filter: { entityId: $id }) { nodes { action actingParty { key } changes { field before after } } } }`,
      { id },
      await asUser(app, email),
    );
    expect(res.errors).toBeUndefined();
    return (res.data!.auditEvents.nodes as { action: string }[]).filter((n) => n.action.endsWith('DECISION'));
  };
  const events = async (email: string | null, id: string) => {
    const res = await app.gql(
      `query($f: EventFilter) { changes(first: 50, filter: $f) { nodes { type subjectType before after } } }`,
      { f: { subjectIds: [id], types: ['MINISTERIAL_DECISION_RECORDED', 'MINISTERIAL_DECISION_CORRECTED'] } },
      await asUser(app, email),
    );
    expect(res.errors).toBeUndefined();
    return res.data!.changes.nodes;
  };

  it('are written on the advice: the trail for the Zorginstituut and VWS, the events for whoever reads the advice', async () => {
    const id = await assessment('Advies met spoor (test)');
    const { recordMinisterialDecision: recorded } = await mutate(app, VWS, RECORD, decisionInput(id));
    await mutate(app, VWS, CORRECT, { id: recorded.id, version: 1, decision: 'NOT_FOLLOWED' });

    const values = { decidedOn: '2026-03-02', reasoning: recorded.reasoning, reference: 'Staatscourant 2026, 1234' };
    const expected = [
      {
        action: 'CORRECT_MINISTERIAL_DECISION',
        actingParty: { key: 'vws' },
        changes: [
          {
            field: 'ministerialDecision',
            before: { decision: 'FOLLOWED', ...values },
            after: { decision: 'NOT_FOLLOWED', ...values },
          },
        ],
      },
      {
        action: 'RECORD_MINISTERIAL_DECISION',
        actingParty: { key: 'vws' },
        changes: [{ field: 'ministerialDecision', before: null, after: { decision: 'FOLLOWED', ...values } }],
      },
    ];
    expect(await trail(ZIN, id)).toEqual(expected);
    expect(await trail('vws.viewer@example.org', id)).toEqual(expected);
    expect(await trail(ZN, id)).toEqual([]);

    const announced = [
      {
        type: 'MINISTERIAL_DECISION_RECORDED',
        subjectType: 'PackageAssessment',
        before: { ministerialDecision: null },
        after: { ministerialDecision: { decision: 'FOLLOWED', ...values } },
      },
      {
        type: 'MINISTERIAL_DECISION_CORRECTED',
        subjectType: 'PackageAssessment',
        before: { ministerialDecision: { decision: 'FOLLOWED', ...values } },
        after: { ministerialDecision: { decision: 'NOT_FOLLOWED', ...values } },
      },
    ];
    expect(await events(ZN, id)).toEqual(announced);
    expect(await events(ZIN, id)).toEqual(announced);
    // The events concern VWS too: a party filter on VWS (its feed, webhooks, subscriptions) finds them, as one on
    // the Zorginstituut does.
    const vwsId = (await app.dataSource.query(`SELECT id FROM party WHERE key = 'vws'`))[0].id as string;
    const zinId = (await app.dataSource.query(`SELECT id FROM party WHERE key = 'zorginstituut'`))[0].id as string;
    for (const partyId of [vwsId, zinId]) {
      const res = await app.gql(
        `query($f: EventFilter) { changes(first: 50, filter: $f) { nodes { type } } }`,
        {
          f: {
            subjectIds: [id],
            partyIds: [toGlobalId('Party', partyId)],
            types: ['MINISTERIAL_DECISION_RECORDED', 'MINISTERIAL_DECISION_CORRECTED'],
          },
        },
        await asUser(app, 'vws.viewer@example.org'),
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.changes.nodes).toEqual([
        { type: 'MINISTERIAL_DECISION_RECORDED' },
        { type: 'MINISTERIAL_DECISION_CORRECTED' },
      ]);
    }
  });
});
