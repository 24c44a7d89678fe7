import { fromGlobalId } from 'graphql-relay';
import { ReassessmentNotesWithoutTitle1800001000000 } from '../../../server/db/migrations/1800001000000-ReassessmentNotesWithoutTitle';
import { ConditionTrailOwnedByAssessor1800001300000 } from '../../../server/db/migrations/1800001300000-ConditionTrailOwnedByAssessor';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { outcome } from '../../helpers/outcome';
import { idsByKey } from '../../helpers/research';
import { mutate } from '../../fixtures/deliverables';

const ZIN = 'zin.editor@example.org';
let app: TestApp;
let parties: Record<string, string>;
let projects: Record<string, string>;

beforeAll(async () => {
  app = await createTestApp();
  parties = await idsByKey(app, 'Party', 'party');
  projects = await idsByKey(app, 'ResearchProject', 'research_project');
});
afterAll(() => app.close());

const CREATE = `mutation($input: CreatePackageAssessmentInput!) { createPackageAssessment(input: $input) { id version stage } }`;
const MOVE = `mutation($input: MoveAssessmentStageInput!) { moveAssessmentStage(input: $input) { version stage } }`;
const REASSESS = `mutation($input: ReassessPackageAssessmentInput!) {
  reassessPackageAssessment(input: $input) { id version stage published reassessmentOf { id } } }`;

async function assessment(title: string, outcomeValue = 'INSURED', published = true) {
  const { createPackageAssessment } = await mutate(app, ZIN, CREATE, {
    title,
    kind: 'STANDPUNT',
    outcome: outcomeValue,
    published,
  });
  return createPackageAssessment as { id: string; version: number; stage: string };
}

async function decided(title: string, outcomeValue = 'INSURED') {
  const a = await assessment(title, outcomeValue);
  const { moveAssessmentStage } = await mutate(app, ZIN, MOVE, { id: a.id, version: a.version, stage: 'DECISION' });
  return { id: a.id, version: moveAssessmentStage.version as number };
}

const LIST = `query($filter: PackageAssessmentFilter) { packageAssessments(first: 100, filter: $filter) { nodes { id } } }`;
async function listed(filter: Record<string, unknown>): Promise<string[]> {
  const res = await app.gql(LIST, { filter }, await asUser(app, ZIN));
  expect(res.errors).toBeUndefined();
  return res.data!.packageAssessments.nodes.map((n: any) => n.id);
}

describe('conditions and conditional admission', () => {
  it('a condition due Q4 2027 of a conditional admission is overdue as of 2028-01-01, not before, and not once met', async () => {
    const a = await assessment('Vergoeding in onderzoek (test)', 'CONDITIONAL_ADMISSION');
    const admitted = await mutate(
      app,
      ZIN,
      `mutation($input: SetConditionalAdmissionInput!) { setConditionalAdmission(input: $input) {
        version conditionalAdmission { start end researchProject { id } } } }`,
      {
        id: a.id,
        version: a.version,
        start: '2025-10-01',
        end: '2029-12-31',
        researchProjectId: Object.values(projects)[0],
      },
    );
    expect(admitted.setConditionalAdmission.conditionalAdmission).toEqual({
      start: '2025-10-01',
      end: '2029-12-31',
      researchProject: { id: Object.values(projects)[0] },
    });
    const { addAssessmentCondition: condition } = await mutate(
      app,
      ZIN,
      `mutation($input: AddAssessmentConditionInput!) { addAssessmentCondition(input: $input) {
        id version state due { label latest } ownerParty { key } overdue(asOf: "2028-01-01") } }`,
      {
        assessmentId: a.id,
        text: 'De beroepsgroep levert de uitkomsten van het onderzoek aan.',
        ownerPartyId: parties.fms,
        dueLabel: 'Q4 2027',
      },
    );
    expect(condition).toMatchObject({
      state: 'OPEN',
      due: { label: 'Q4 2027', latest: '2027-12-31' },
      ownerParty: { key: 'fms' },
      overdue: true,
    });
    expect(await listed({ conditionOverdue: true, asOf: '2028-01-01' })).toContain(a.id);
    expect(await listed({ conditionOverdue: true, asOf: '2027-12-31' })).not.toContain(a.id);
    expect(await listed({ conditionOverdue: false, asOf: '2027-12-31' })).toContain(a.id);
    expect(await listed({ conditionalAdmissionEndingBefore: '2030-01-01' })).toContain(a.id);
    expect(await listed({ conditionalAdmissionEndingBefore: '2029-12-31' })).not.toContain(a.id);
    await mutate(
      app,
      ZIN,
      `mutation($input: UpdateAssessmentConditionInput!) { updateAssessmentCondition(input: $input) { state } }`,
      { id: condition.id, version: condition.version, state: 'MET', evidence: 'Eindrapport ontvangen.' },
    );
    expect(await listed({ conditionOverdue: true, asOf: '2028-01-01' })).not.toContain(a.id);
  });

  it.each([
    ['an association', 'fms.editor@example.org', 'FORBIDDEN'],
    ['anonymous', null, 'UNAUTHENTICATED'],
    ['the assessor', ZIN, 'OPEN'],
  ])('adding a condition as %s', async (_case, email, expected) => {
    const a = await assessment('Voorwaarden (test)');
    const res = await app.gql(
      `mutation($input: AddAssessmentConditionInput!) { addAssessmentCondition(input: $input) { state } }`,
      { input: { assessmentId: a.id, text: 'Gepast gebruik wordt gemonitord.', dueLabel: 'eind 2026' } },
      await asUser(app, email),
    );
    expect(outcome(res, (d) => d.addAssessmentCondition.state)).toBe(expected);
  });

  it.each([
    ['the owning party adding evidence', 'fms.contributor@example.org', { evidence: 'Registratie loopt.' }, 'OPEN'],
    ['the owning party changing the state', 'fms.editor@example.org', { state: 'MET' }, 'FORBIDDEN'],
    ['another association adding evidence', 'nhg.editor@example.org', { evidence: 'Niet van ons.' }, 'FORBIDDEN'],
    ['the assessor deciding', ZIN, { state: 'WAIVED', evidence: 'Niet langer nodig.' }, 'WAIVED'],
  ])('a condition changed by %s', async (_case, email, change, expected) => {
    const a = await assessment('Voorwaarde met eigenaar (test)', 'INSURED_WITH_CONDITIONS');
    const { addAssessmentCondition: c } = await mutate(
      app,
      ZIN,
      `mutation($input: AddAssessmentConditionInput!) { addAssessmentCondition(input: $input) { id version } }`,
      { assessmentId: a.id, text: 'De beroepsgroep registreert de uitkomsten.', ownerPartyId: parties.fms },
    );
    const res = await app.gql(
      `mutation($input: UpdateAssessmentConditionInput!) { updateAssessmentCondition(input: $input) { state evidence } }`,
      { input: { id: c.id, version: c.version, ...change } },
      await asUser(app, email),
    );
    expect(outcome(res, (d) => d.updateAssessmentCondition.state)).toBe(expected);
  });

  it('a condition’s trail is the assessor’s: the party it names reads only its own changes, none of a draft’s', async () => {
    const trail = async (email: string, conditionId: string) => {
      const res = await app.gql(
        `query($filter: AuditEventFilter) { auditEvents(first: 10, filter: $filter) { nodes { action changes { field after } } } }`,
        { filter: { entityId: conditionId } },
        await asUser(app, email),
      );
      expect(res.errors).toBeUndefined();
      return res.data!.auditEvents.nodes.map((n: any) => n.action);
    };
    const draft = await assessment('Concept met voorwaarde (test)', 'INSURED_WITH_CONDITIONS', false);
    const { addAssessmentCondition: hidden } = await mutate(
      app,
      ZIN,
      `mutation($input: AddAssessmentConditionInput!) { addAssessmentCondition(input: $input) { id } }`,
      { assessmentId: draft.id, text: 'Geheime voorwaarde van een concept.', ownerPartyId: parties.fms },
    );
    expect(await trail('fms.viewer@example.org', hidden.id)).toEqual([]);
    expect(await trail(ZIN, hidden.id)).toEqual(['CREATE']);

    // The named party's own evidence: in its trail and in the assessor's.
    const published = await assessment('Gepubliceerd met voorwaarde (test)', 'INSURED_WITH_CONDITIONS');
    const { addAssessmentCondition: c } = await mutate(
      app,
      ZIN,
      `mutation($input: AddAssessmentConditionInput!) { addAssessmentCondition(input: $input) { id version } }`,
      { assessmentId: published.id, text: 'De beroepsgroep meldt de resultaten.', ownerPartyId: parties.fms },
    );
    await mutate(
      app,
      'fms.contributor@example.org',
      `mutation($input: UpdateAssessmentConditionInput!) { updateAssessmentCondition(input: $input) { version } }`,
      { id: c.id, version: c.version, evidence: 'Eerste meting binnen.' },
    );
    expect(await trail('zin.admin@example.org', c.id)).toEqual(['UPDATE', 'CREATE']);
    expect(await trail('fms.viewer@example.org', c.id)).toEqual(['UPDATE']);
  });

  it('entries written before name the assessor too once migrated (ConditionTrailOwnedByAssessor)', async () => {
    const draft = await assessment('Oud concept met voorwaarde (test)', 'INSURED_WITH_CONDITIONS', false);
    const { addAssessmentCondition: c } = await mutate(
      app,
      ZIN,
      `mutation($input: AddAssessmentConditionInput!) { addAssessmentCondition(input: $input) { id } }`,
      { assessmentId: draft.id, text: 'Voorwaarde uit de oude tijd.', ownerPartyId: parties.fms },
    );
    // An entry as they were written before: owned by the party the condition names.
    await app.dataSource.query(
      `INSERT INTO audit_event (entity_type, entity_id, action, owner_party_id, changes)
       VALUES ('AssessmentCondition', $1, 'UPDATE', $2, '[{"field": "text", "before": null, "after": "Geheim"}]')`,
      [fromGlobalId(c.id).id, fromGlobalId(parties.fms!).id],
    );
    const fmsTrail = async () =>
      (
        await app.gql(
          `query($id: ID!) { auditEvents(filter: { entityId: $id }) { nodes { action } } }`,
          { id: c.id },
          await asUser(app, 'fms.viewer@example.org'),
        )
      ).data!.auditEvents.nodes;
    expect(await fmsTrail()).toEqual([{ action: 'UPDATE' }]);
    const runner = app.dataSource.createQueryRunner();
    try {
      await new ConditionTrailOwnedByAssessor1800001300000().up(runner);
    } finally {
      await runner.release();
    }
    expect(await fmsTrail()).toEqual([]);
    // The trail is append-only again.
    await expect(
      app.dataSource.query(`UPDATE audit_event SET action = action WHERE entity_id = $1`, [fromGlobalId(c.id).id]),
    ).rejects.toThrow();
  });

  it('reads a criterion verdict by node(id:) with its assessment’s rule: the assessor yes, others not on a draft', async () => {
    const criteria = await idsByKey(app, 'PackageCriterion', 'package_criterion');
    const { createPackageAssessment: draft } = await mutate(
      app,
      ZIN,
      `mutation($input: CreatePackageAssessmentInput!) { createPackageAssessment(input: $input) { verdicts { id } } }`,
      {
        title: 'Concept met oordeel (test)',
        kind: 'STANDPUNT',
        outcome: 'INSURED',
        published: false,
        verdicts: [{ criterionId: Object.values(criteria)[0], verdict: 'MET' }],
      },
    );
    const [verdict] = draft.verdicts as { id: string }[];
    const read = async (email: string | null) =>
      (await app.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: verdict!.id }, await asUser(app, email))).data!
        .node;
    expect(await read(ZIN)).toEqual({ id: verdict!.id });
    expect(await read(null)).toBeNull();
    expect(await read('fms.viewer@example.org')).toBeNull();
  });

  it('refuses a conditional admission on another outcome, and an end before the start', async () => {
    const insured = await assessment('Gewoon verzekerd (test)');
    const SET = `mutation($input: SetConditionalAdmissionInput!) { setConditionalAdmission(input: $input) { version } }`;
    const wrongOutcome = await app.gql(
      SET,
      { input: { id: insured.id, version: insured.version, start: '2025-01-01', end: '2026-01-01' } },
      await asUser(app, ZIN),
    );
    expect(wrongOutcome.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', outcome: 'INSURED' });
    const admission = await assessment('VIO (test)', 'CONDITIONAL_ADMISSION');
    const backwards = await app.gql(
      SET,
      { input: { id: admission.id, version: admission.version, start: '2026-01-01', end: '2025-01-01' } },
      await asUser(app, ZIN),
    );
    expect(backwards.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('ends the conditional admission with its outcome, audited; setting the same admission again keeps the version', async () => {
    const SET = `mutation($input: SetConditionalAdmissionInput!) { setConditionalAdmission(input: $input) { version } }`;
    const a = await assessment('VIO die verzekerd wordt (test)', 'CONDITIONAL_ADMISSION');
    const input = { id: a.id, start: '2025-10-01', end: '2027-12-31', researchProjectId: Object.values(projects)[0] };
    const first = await mutate(app, ZIN, SET, { ...input, version: a.version });
    const again = await mutate(app, ZIN, SET, { ...input, version: first.setConditionalAdmission.version });
    expect(again.setConditionalAdmission.version).toBe(first.setConditionalAdmission.version);
    expect(await listed({ conditionalAdmissionEndingBefore: '2028-01-01' })).toContain(a.id);
    await mutate(
      app,
      ZIN,
      `mutation($input: UpdatePackageAssessmentInput!) { updatePackageAssessment(input: $input) { version } }`,
      { id: a.id, version: again.setConditionalAdmission.version, outcome: 'INSURED' },
    );
    const res = await app.gql(
      `query($id: ID!) { packageAssessment(id: $id) { outcome conditionalAdmission { start } } }`,
      { id: a.id },
    );
    expect(res.data!.packageAssessment).toEqual({ outcome: 'INSURED', conditionalAdmission: null });
    expect(await listed({ conditionalAdmissionEndingBefore: '2028-01-01' })).not.toContain(a.id);
    const [audit] = await app.dataSource.query(
      `SELECT changes FROM audit_event WHERE entity_id = $1 AND action = 'UPDATE' ORDER BY occurred_at DESC LIMIT 1`,
      [fromGlobalId(a.id).id],
    );
    expect(audit.changes.map((c: any) => c.field)).toEqual(
      expect.arrayContaining(['outcome', 'admissionStart', 'admissionEnd', 'admissionProjectId']),
    );
    const setRows = await app.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE entity_id = $1 AND action = 'SET_CONDITIONAL_ADMISSION'`,
      [fromGlobalId(a.id).id],
    );
    expect(setRows[0].n).toBe(1);
  });

  it('lets the party a condition names add evidence while sending back the state and text it read', async () => {
    const a = await assessment('Voorwaarde met eigenaar (test)', 'INSURED_WITH_CONDITIONS');
    const { addAssessmentCondition: c } = await mutate(
      app,
      ZIN,
      `mutation($input: AddAssessmentConditionInput!) { addAssessmentCondition(input: $input) { id version state text } }`,
      { assessmentId: a.id, text: 'De beroepsgroep registreert de uitkomsten.', ownerPartyId: parties.fms },
    );
    const UPDATE = `mutation($input: UpdateAssessmentConditionInput!) { updateAssessmentCondition(input: $input) { state evidence } }`;
    const owner = await asUser(app, 'fms.contributor@example.org');
    const res = await app.gql(
      UPDATE,
      { input: { id: c.id, version: c.version, state: c.state, text: c.text, evidence: 'Registratie loopt.' } },
      owner,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.updateAssessmentCondition).toEqual({ state: 'OPEN', evidence: 'Registratie loopt.' });
    const met = await app.gql(UPDATE, { input: { id: c.id, version: c.version + 1, state: 'MET' } }, owner);
    expect(met.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it.each(['MET', 'NOT_MET', 'WAIVED'])(
    'keeps the evidence of a condition decided %s from the party it names, until the assessor reopens it',
    async (decision) => {
      const a = await assessment('Voorwaarde die besloten wordt (test)', 'INSURED_WITH_CONDITIONS');
      const { addAssessmentCondition: c } = await mutate(
        app,
        ZIN,
        `mutation($input: AddAssessmentConditionInput!) { addAssessmentCondition(input: $input) { id version } }`,
        { assessmentId: a.id, text: 'De beroepsgroep registreert de uitkomsten.', ownerPartyId: parties.fms },
      );
      const UPDATE = `mutation($input: UpdateAssessmentConditionInput!) { updateAssessmentCondition(input: $input) { version state evidence } }`;
      const owner = await asUser(app, 'fms.contributor@example.org');
      const send = async (input: Record<string, unknown>, headers = owner) =>
        app.gql(UPDATE, { input: { id: c.id, ...input } }, headers);

      // OPEN: the party adds and changes its evidence.
      const added = await send({ version: c.version, evidence: 'Registratie loopt.' });
      expect(outcome(added, (d) => d.updateAssessmentCondition.evidence)).toBe('Registratie loopt.');
      const changed = await send({ version: c.version + 1, evidence: 'Eerste meting binnen.' });
      expect(outcome(changed, (d) => d.updateAssessmentCondition.evidence)).toBe('Eerste meting binnen.');
      const decided = (await mutate(app, ZIN, UPDATE, { id: c.id, version: c.version + 2, state: decision }))
        .updateAssessmentCondition;
      expect(decided).toMatchObject({ state: decision, evidence: 'Eerste meting binnen.' });

      // Decided: clearing or changing the evidence is refused, and nothing is written.
      for (const evidence of [null, '', 'Toch iets anders.']) {
        const refused = await send({ version: decided.version, evidence });
        expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
      }
      // Sending back the evidence as read changes nothing, so it is no refusal.
      const same = await send({ version: decided.version, evidence: 'Eerste meting binnen.' });
      expect(outcome(same, (d) => d.updateAssessmentCondition)).toEqual(decided);
      const rows = await app.dataSource.query(
        `SELECT count(*)::int AS n FROM audit_event WHERE entity_id = $1 AND action = 'UPDATE'`,
        [fromGlobalId(c.id).id],
      );
      expect(rows[0].n).toBe(3);

      // Reopened by the assessor: the party's evidence is its to change again.
      const reopened = (await mutate(app, ZIN, UPDATE, { id: c.id, version: decided.version, state: 'OPEN' }))
        .updateAssessmentCondition;
      const again = await send({ version: reopened.version, evidence: null });
      expect(outcome(again, (d) => d.updateAssessmentCondition)).toMatchObject({ state: 'OPEN', evidence: null });
    },
  );

  it.each([
    ['due', { due: null }],
    ['dueLabel', { dueLabel: null }],
  ])('clears a condition’s due date when %s is sent as null, audited; omitted, it stays', async (_field, clear) => {
    const a = await assessment('Voorwaarde zonder termijn (test)', 'INSURED_WITH_CONDITIONS');
    const FIELDS = `id version due { label earliest latest precision } overdue(asOf: "2028-01-01")`;
    const { addAssessmentCondition: c } = await mutate(
      app,
      ZIN,
      `mutation($input: AddAssessmentConditionInput!) { addAssessmentCondition(input: $input) { ${FIELDS} } }`,
      { assessmentId: a.id, text: 'Het gebruik wordt gemonitord.', ownerPartyId: parties.fms, dueLabel: 'Q4 2027' },
    );
    expect(c).toMatchObject({ due: { label: 'Q4 2027', latest: '2027-12-31' }, overdue: true });
    const UPDATE = `mutation($input: UpdateAssessmentConditionInput!) { updateAssessmentCondition(input: $input) { ${FIELDS} evidence } }`;
    // Omitted, the due date stays.
    const kept = (await mutate(app, ZIN, UPDATE, { id: c.id, version: c.version, evidence: 'Eerste meting.' }))
      .updateAssessmentCondition;
    expect(kept).toMatchObject({ version: c.version + 1, due: { label: 'Q4 2027' }, overdue: true });
    // The party the condition names may add evidence, not clear the date.
    const owner = await app.gql(
      UPDATE,
      { input: { id: c.id, version: kept.version, evidence: 'Tweede meting.', ...clear } },
      await asUser(app, 'fms.contributor@example.org'),
    );
    expect(owner.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    const cleared = (await mutate(app, ZIN, UPDATE, { id: c.id, version: kept.version, ...clear }))
      .updateAssessmentCondition;
    expect(cleared).toMatchObject({ version: kept.version + 1, due: null, overdue: false });
    expect(await listed({ conditionOverdue: true, asOf: '2028-01-01' })).not.toContain(a.id);
    const [audit] = await app.dataSource.query(
      `SELECT changes FROM audit_event WHERE entity_id = $1 AND action = 'UPDATE' ORDER BY occurred_at DESC LIMIT 1`,
      [fromGlobalId(c.id).id],
    );
    expect(audit.changes).toEqual([
      {
        field: 'due',
        before: { label: 'Q4 2027', earliest: '2027-10-01', latest: '2027-12-31', precision: 'QUARTER' },
        after: { label: null, earliest: null, latest: null, precision: null },
      },
    ]);
    // Cleared again: nothing changes, no new version.
    const again = (await mutate(app, ZIN, UPDATE, { id: c.id, version: cleared.version, ...clear }))
      .updateAssessmentCondition;
    expect(again.version).toBe(cleared.version);
    // A date given beside the null wins: the null clears only when nothing else is sent.
    const dated = (
      await mutate(app, ZIN, UPDATE, { id: c.id, version: cleared.version, due: null, dueLabel: 'eind 2028' })
    ).updateAssessmentCondition;
    expect(dated.due).toMatchObject({ label: 'eind 2028', latest: '2028-12-31' });
  });

  it('keeps a draft assessment’s conditions from those who may not read the draft', async () => {
    const draft = await assessment('Concept met voorwaarde (test)', 'INSURED_WITH_CONDITIONS', false);
    const { addAssessmentCondition: c } = await mutate(
      app,
      ZIN,
      `mutation($input: AddAssessmentConditionInput!) { addAssessmentCondition(input: $input) { id } }`,
      { assessmentId: draft.id, text: 'Alleen bij indicatie X.' },
    );
    const NODE = `query($id: ID!) { node(id: $id) { id } }`;
    expect((await app.gql(NODE, { id: c.id })).data!.node).toBeNull();
    expect((await app.gql(NODE, { id: c.id }, await asUser(app, 'fms.editor@example.org'))).data!.node).toBeNull();
    expect((await app.gql(NODE, { id: c.id }, await asUser(app, ZIN))).data!.node).toEqual({ id: c.id });
    const evidence = await app.gql(
      `mutation($input: UpdateAssessmentConditionInput!) { updateAssessmentCondition(input: $input) { state } }`,
      { input: { id: c.id, version: 1, evidence: 'Gezien.' } },
      await asUser(app, 'fms.editor@example.org'),
    );
    expect(evidence.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const move = await app.gql(
      MOVE,
      { input: { id: draft.id, version: draft.version, stage: 'CLOSED' } },
      await asUser(app, 'fms.editor@example.org'),
    );
    expect(move.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('stages, re-assessment and evaluation', () => {
  it('moves through allowed stages only, with history', async () => {
    const a = await assessment('Fasen (test)');
    const refused = await app.gql(
      MOVE,
      { input: { id: a.id, version: a.version, stage: 'MONITORING' } },
      await asUser(app, ZIN),
    );
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      allowed: ['CONSULTATION', 'DECISION', 'CLOSED'],
    });
    const byAssociation = await app.gql(
      MOVE,
      { input: { id: a.id, version: a.version, stage: 'DECISION' } },
      await asUser(app, 'fms.editor@example.org'),
    );
    expect(byAssociation.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const c = await mutate(app, ZIN, MOVE, {
      id: a.id,
      version: a.version,
      stage: 'CONSULTATION',
      note: 'Ter consultatie',
    });
    const d = await mutate(app, ZIN, MOVE, { id: a.id, version: c.moveAssessmentStage.version, stage: 'DECISION' });
    await mutate(app, ZIN, MOVE, { id: a.id, version: d.moveAssessmentStage.version, stage: 'MONITORING' });
    const res = await app.gql(
      `query($id: ID!) { packageAssessment(id: $id) { stage stageHistory { fromStage toStage note party { key } } } }`,
      { id: a.id },
    );
    expect(res.data!.packageAssessment).toEqual({
      stage: 'MONITORING',
      stageHistory: [
        { fromStage: 'ASSESSMENT', toStage: 'CONSULTATION', note: 'Ter consultatie', party: { key: 'zorginstituut' } },
        { fromStage: 'CONSULTATION', toStage: 'DECISION', note: null, party: { key: 'zorginstituut' } },
        { fromStage: 'DECISION', toStage: 'MONITORING', note: null, party: { key: 'zorginstituut' } },
      ],
    });
  });

  it('records in the re-assessment’s CREATE entry every field it starts with, as a created assessment’s entry does', async () => {
    const sectors = await idsByKey(app, 'Sector', 'sector');
    const { createPackageAssessment: a } = await mutate(app, ZIN, CREATE, {
      title: 'Standpunt artrose (test)',
      kind: 'STANDPUNT',
      outcome: 'INSURED',
      published: true,
      sectorId: sectors.msz,
      indication: 'Artrose',
    });
    const d = await mutate(app, ZIN, MOVE, { id: a.id, version: a.version, stage: 'DECISION' });
    const { reassessPackageAssessment: r } = await mutate(app, ZIN, REASSESS, {
      id: a.id,
      version: d.moveAssessmentStage.version,
      title: 'Herbeoordeling artrose (test)',
    });
    const trail = await app.gql(
      `query($id: ID!) { auditEvents(filter: { entityId: $id }) { nodes { action changes { field after } } } }`,
      { id: r.id },
      await asUser(app, ZIN),
    );
    expect(trail.errors).toBeUndefined();
    const created = trail.data!.auditEvents.nodes.find((n: any) => n.action === 'CREATE');
    expect(created.changes).toEqual(
      expect.arrayContaining([
        { field: 'title', after: 'Herbeoordeling artrose (test)' },
        { field: 'kind', after: 'STANDPUNT' },
        { field: 'sectorId', after: sectors.msz },
        { field: 'indication', after: 'Artrose' },
        { field: 'outcome', after: 'UNDER_ASSESSMENT' },
        { field: 'assessorPartyId', after: parties.zorginstituut },
        { field: 'published', after: false },
        { field: 'stage', after: 'ASSESSMENT' },
        { field: 'reassessmentOfId', after: a.id },
      ]),
    );
  });

  it('chains three assessments through re-assessment, both ways', async () => {
    const first = await decided('Standpunt 2019 (test)');
    const { reassessPackageAssessment: second } = await mutate(app, ZIN, REASSESS, {
      id: first.id,
      version: first.version,
      title: 'Herbeoordeling 2023 (test)',
    });
    expect(second).toMatchObject({ stage: 'ASSESSMENT', published: false, reassessmentOf: { id: first.id } });
    const secondDecided = await mutate(app, ZIN, MOVE, { id: second.id, version: second.version, stage: 'DECISION' });
    const { reassessPackageAssessment: third } = await mutate(app, ZIN, REASSESS, {
      id: second.id,
      version: secondDecided.moveAssessmentStage.version,
      title: 'Herbeoordeling 2027 (test)',
    });
    const chain = await app.gql(
      `query($first: ID!, $third: ID!) {
        first: packageAssessment(id: $first) { stage reassessments { id reassessments { id reassessments { id } } } }
        third: packageAssessment(id: $third) { reassessmentOf { id reassessmentOf { id reassessmentOf { id } } } }
      }`,
      { first: first.id, third: third.id },
      await asUser(app, ZIN),
    );
    expect(chain.data!.first).toEqual({
      stage: 'REASSESSMENT',
      reassessments: [{ id: second.id, reassessments: [{ id: third.id, reassessments: [] }] }],
    });
    expect(chain.data!.third).toEqual({
      reassessmentOf: { id: second.id, reassessmentOf: { id: first.id, reassessmentOf: null } },
    });
    // The trail names what it re-assesses by the id the API takes, not the row id.
    const trail = await app.gql(
      `query($id: ID!) { auditEvents(filter: { entityId: $id }) { nodes { changes { field after } } } }`,
      { id: third.id },
      await asUser(app, ZIN),
    );
    const reassessed = trail
      .data!.auditEvents.nodes.flatMap((n: any) => n.changes)
      .filter((c: any) => c.field === 'reassessmentOfId');
    expect(reassessed).toEqual([{ field: 'reassessmentOfId', after: second.id }]);
    // The drafts in the chain stay hidden from others: anonymous readers see the published first only.
    const anonymous = await app.gql(`query($id: ID!) { packageAssessment(id: $id) { reassessments { id } } }`, {
      id: first.id,
    });
    expect(anonymous.data!.packageAssessment.reassessments).toEqual([]);
    // Nor does the published assessment's stage history name the draft.
    const history = await app.gql(`query($id: ID!) { packageAssessment(id: $id) { stageHistory { toStage note } } }`, {
      id: first.id,
    });
    expect(JSON.stringify(history.data)).not.toContain('Herbeoordeling 2023');
    expect(history.data!.packageAssessment.stageHistory.map((h: any) => h.toStage)).toContain('REASSESSMENT');
    // Notes kept before this rule are cleared by a migration.
    await app.dataSource.query(
      `UPDATE assessment_stage_change SET note = 'Herbeoordeling 2023 (test)'
        WHERE assessment_id = $1 AND to_stage = 'REASSESSMENT'`,
      [fromGlobalId(first.id).id],
    );
    const runner = app.dataSource.createQueryRunner();
    try {
      await new ReassessmentNotesWithoutTitle1800001000000().up(runner);
    } finally {
      await runner.release();
    }
    const [{ note }] = await app.dataSource.query(
      `SELECT note FROM assessment_stage_change WHERE assessment_id = $1 AND to_stage = 'REASSESSMENT'`,
      [fromGlobalId(first.id).id],
    );
    expect(note).toBeNull();
  });

  it('reaches REASSESSMENT only by starting the re-assessment, not by moving the stage', async () => {
    const a = await decided('Handmatig naar herbeoordeling (test)');
    const moved = await app.gql(
      MOVE,
      { input: { id: a.id, version: a.version, stage: 'REASSESSMENT' } },
      await asUser(app, ZIN),
    );
    expect(moved.errors?.[0]?.message).toContain('reassessPackageAssessment');
    expect(moved.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.stage' });
    const res = await mutate(app, ZIN, REASSESS, { id: a.id, version: a.version, title: 'Herbeoordeling (test)' });
    expect(res.reassessPackageAssessment.reassessmentOf).toEqual({ id: a.id });
  });

  it('records evaluations with findings', async () => {
    const a = await decided('Geëvalueerd standpunt (test)');
    await mutate(
      app,
      ZIN,
      `mutation($input: AddAssessmentEvaluationInput!) { addAssessmentEvaluation(input: $input) { id } }`,
      { assessmentId: a.id, evaluatedOn: '2026-06-30', findings: 'Gebruik conform verwachting.' },
    );
    const res = await app.gql(
      `query($id: ID!) { packageAssessment(id: $id) { evaluations { evaluatedOn findings evaluatorParty { key } } } }`,
      { id: a.id },
    );
    expect(res.data!.packageAssessment.evaluations).toEqual([
      { evaluatedOn: '2026-06-30', findings: 'Gebruik conform verwachting.', evaluatorParty: { key: 'zorginstituut' } },
    ]);
  });
});
