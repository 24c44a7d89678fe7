import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { idsByKey } from '../../helpers/research';
import { CREATE_DELIVERABLE, day, mutate, span } from '../../fixtures/deliverables';

const VWS = 'vws.editor@example.org';
const ZIN = 'zin.editor@example.org';
let app: TestApp;
let parties: Record<string, string>;
let sectors: Record<string, string>;

beforeAll(async () => {
  app = await createTestApp();
  parties = await idsByKey(app, 'Party', 'party');
  sectors = await idsByKey(app, 'Sector', 'sector');
});
afterAll(() => app.close());

async function deliverableFor(title: string, outputs: Record<string, unknown>[], ownerKey = 'zorginstituut') {
  const { createDeliverable } = await mutate(app, VWS, CREATE_DELIVERABLE, {
    title,
    ownerPartyIds: [parties[ownerKey]],
    due: span(day(30), day(120)),
    outputs,
  });
  return createDeliverable as { id: string; version: number };
}

const PROGRESS = `query($id: ID!) { deliverable(id: $id) {
  status version health
  healthReport { reportedHealth noRecentUpdate lastUpdateAt }
  statusHistory { fromStatus toStatus party { key } source { type key label } }
  statusUpdates(first: 10) { nodes { derived status suggestedStatus health text party { key } source { type key label } } }
} }`;

async function progress(id: string) {
  const res = await app.gql(PROGRESS, { id }, await asUser(app, VWS));
  expect(res.errors).toBeUndefined();
  return res.data!.deliverable;
}

async function newAgenda(title: string) {
  const { createResearchAgenda } = await mutate(
    app,
    ZIN,
    `mutation($input: CreateResearchAgendaInput!) { createResearchAgenda(input: $input) { id key version } }`,
    { title, kind: 'SECTOR_MULTIYEAR', sectorId: sectors.ggz, coordinatorPartyId: parties.zorginstituut },
  );
  return createResearchAgenda as { id: string; key: string; version: number };
}

async function adopt(agenda: { id: string; version: number }) {
  const submit = await mutate(
    app,
    ZIN,
    `mutation($input: AgendaRefInput!) { submitResearchAgendaForConsultation(input: $input) { agenda { version } } }`,
    { agendaId: agenda.id, version: agenda.version },
  );
  await mutate(app, ZIN, `mutation($input: AgendaRefInput!) { adoptResearchAgenda(input: $input) { status } }`, {
    agendaId: agenda.id,
    version: submit.submitResearchAgendaForConsultation.agenda.version,
  });
}

describe('progress from artefacts', () => {
  it('completes the deliverable whose output is an agenda when that agenda is adopted, the history citing it', async () => {
    const agenda = await newAgenda('Meerjarige kennisagenda ggz (test)');
    const d = await deliverableFor('Kennisagenda ggz vastgesteld', [
      { targetType: 'RESEARCH_AGENDA', targetKey: agenda.key },
    ]);
    expect((await progress(d.id)).status).toBe('PLANNED');
    await adopt(agenda);
    const after = await progress(d.id);
    expect(after.status).toBe('DONE');
    expect(after.version).toBe(d.version + 1);
    expect(after.health).toBeNull();
    const source = {
      type: 'RESEARCH_AGENDA',
      key: agenda.key,
      label: 'Meerjarige kennisagenda ggz (test), versie 1 vastgesteld',
    };
    expect(after.statusHistory).toEqual([
      { fromStatus: 'PLANNED', toStatus: 'DONE', party: { key: 'zorginstituut' }, source },
    ]);
    expect(after.statusUpdates.nodes).toEqual([
      expect.objectContaining({ derived: true, status: 'DONE', suggestedStatus: null, source }),
    ]);
  });

  it('posts a suggested, derived update instead when the output says SUGGEST, and health shows it', async () => {
    const { createPackageAssessment: assessment } = await mutate(
      app,
      ZIN,
      `mutation($input: CreatePackageAssessmentInput!) { createPackageAssessment(input: $input) { id key version } }`,
      { title: 'Standpunt voor voortgang', kind: 'STANDPUNT', outcome: 'INSURED', published: false },
    );
    const d = await deliverableFor(
      'Standpunt uitgebracht',
      [{ targetType: 'PACKAGE_ASSESSMENT', targetKey: assessment.key, onReached: 'SUGGEST' }],
      'zn',
    );
    await mutate(
      app,
      ZIN,
      `mutation($input: PublishPackageAssessmentInput!) { publishPackageAssessment(input: $input) { published } }`,
      { id: assessment.id, version: assessment.version },
    );
    const after = await progress(d.id);
    expect(after.status).toBe('PLANNED');
    expect(after.statusHistory).toEqual([]);
    expect(after.statusUpdates.nodes).toEqual([
      {
        derived: true,
        status: null,
        suggestedStatus: 'DONE',
        health: 'ON_TRACK',
        text: expect.stringContaining('voorstel aan de eigenaren'),
        party: { key: 'zorginstituut' },
        source: { type: 'PACKAGE_ASSESSMENT', key: assessment.key, label: 'Standpunt voor voortgang, gepubliceerd' },
      },
    ]);
    expect(after.healthReport).toMatchObject({ reportedHealth: 'ON_TRACK', noRecentUpdate: false });
    expect(after.healthReport.lastUpdateAt).not.toBeNull();
  });

  it('suggests nothing for a cancelled deliverable: DONE is no move from CANCELLED', async () => {
    const { createPackageAssessment: assessment } = await mutate(
      app,
      ZIN,
      `mutation($input: CreatePackageAssessmentInput!) { createPackageAssessment(input: $input) { id key version } }`,
      { title: 'Standpunt na intrekking', kind: 'STANDPUNT', outcome: 'INSURED', published: false },
    );
    const d = await deliverableFor('Opleverpunt ingetrokken', [
      { targetType: 'PACKAGE_ASSESSMENT', targetKey: assessment.key, onReached: 'SUGGEST' },
    ]);
    await mutate(
      app,
      VWS,
      `mutation($input: UpdateDeliverableInput!) { updateDeliverable(input: $input) { status } }`,
      {
        id: d.id,
        version: d.version,
        status: 'CANCELLED',
      },
    );
    await mutate(
      app,
      ZIN,
      `mutation($input: PublishPackageAssessmentInput!) { publishPackageAssessment(input: $input) { published } }`,
      { id: assessment.id, version: assessment.version },
    );
    const after = await progress(d.id);
    expect(after.status).toBe('CANCELLED');
    expect(after.statusUpdates.nodes.map((n: any) => [n.derived, n.suggestedStatus])).toEqual([[true, null]]);
  });

  it('an edit of outputs is a change when only their action differs; the same list again changes nothing and keeps what was reached', async () => {
    const { createGuideline: guideline } = await mutate(
      app,
      'fms.editor@example.org',
      `mutation($input: CreateGuidelineInput!) { createGuideline(input: $input) { id key version } }`,
      { title: 'Richtlijn uitkomstacties', ownerPartyIds: [parties.fms] },
    );
    const d = await deliverableFor('Uitkomst wijzigt', [{ targetType: 'GUIDELINE', targetKey: guideline.key }], 'fms');
    const UPDATE = `mutation($input: UpdateDeliverableInput!) { updateDeliverable(input: $input) { version outputs { onReached reachedAt } } }`;
    const suggest = [{ targetType: 'GUIDELINE', targetKey: guideline.key, onReached: 'SUGGEST' }];
    const changed = (await mutate(app, VWS, UPDATE, { id: d.id, version: d.version, outputs: suggest }))
      .updateDeliverable;
    expect(changed).toEqual({ version: d.version + 1, outputs: [{ onReached: 'SUGGEST', reachedAt: null }] });
    await mutate(
      app,
      'fms.editor@example.org',
      `mutation($input: PublishGuidelineVersionInput!) { publishGuidelineVersion(input: $input) { version } }`,
      { id: guideline.id, version: guideline.version },
    );
    const reached = (await progress(d.id)).version as number;
    const again = (await mutate(app, VWS, UPDATE, { id: d.id, version: reached, outputs: suggest })).updateDeliverable;
    expect(again.version).toBe(reached);
    expect(again.outputs).toEqual([{ onReached: 'SUGGEST', reachedAt: expect.any(String) }]);
  });

  it('acts once per output: a second edition of a guideline adds nothing, and a closed deliverable is not reopened', async () => {
    const { createGuideline: guideline } = await mutate(
      app,
      'fms.editor@example.org',
      `mutation($input: CreateGuidelineInput!) { createGuideline(input: $input) { id key version } }`,
      { title: 'Richtlijn voortgang', ownerPartyIds: [parties.fms] },
    );
    const d = await deliverableFor('Richtlijn herzien', [{ targetType: 'GUIDELINE', targetKey: guideline.key }], 'fms');
    const closed = await deliverableFor('Al vervallen', [{ targetType: 'GUIDELINE', targetKey: guideline.key }], 'fms');
    await mutate(
      app,
      VWS,
      `mutation($input: UpdateDeliverableInput!) { updateDeliverable(input: $input) { status } }`,
      { id: closed.id, version: closed.version, status: 'CANCELLED' },
    );
    const publish = `mutation($input: PublishGuidelineVersionInput!) { publishGuidelineVersion(input: $input) { version edition } }`;
    const first = await mutate(app, 'fms.editor@example.org', publish, {
      id: guideline.id,
      version: guideline.version,
    });
    await mutate(app, 'fms.editor@example.org', publish, {
      id: guideline.id,
      version: first.publishGuidelineVersion.version,
    });
    const after = await progress(d.id);
    expect(after.status).toBe('DONE');
    expect(after.statusUpdates.nodes.map((n: any) => n.source.label)).toEqual([
      'Richtlijn voortgang, editie 1 gepubliceerd',
    ]);
    const cancelled = await progress(closed.id);
    expect(cancelled.status).toBe('CANCELLED');
    expect(cancelled.statusUpdates.nodes.map((n: any) => [n.derived, n.status, n.suggestedStatus])).toEqual([
      [true, null, null],
    ]);
  });
});
