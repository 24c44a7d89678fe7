import { fromGlobalId } from 'graphql-relay';
import { Client } from 'pg';
import { createTestApp, type GraphQLResponse, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { idsByKey } from '../../helpers/research';
import { untilWaiting } from '../../helpers/locks';
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
  return createDeliverable as { id: string; version: number; status: string };
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

describe('an output whose target the viewer may not read', () => {
  // The key names the draft (a guideline in development, an unpublished assessment): hidden with it.
  it('shows neither target nor key, until the target is published; a key not on the platform stays shown', async () => {
    const FMS = 'fms.editor@example.org';
    const { createGuideline: draft } = await mutate(
      app,
      FMS,
      `mutation($input: CreateGuidelineInput!) { createGuideline(input: $input) { id key version } }`,
      { title: 'Richtlijn waarvan de sleutel verborgen blijft', ownerPartyIds: [parties.fms] },
    );
    const { createPackageAssessment: assessment } = await mutate(
      app,
      ZIN,
      `mutation($input: CreatePackageAssessmentInput!) { createPackageAssessment(input: $input) { key } }`,
      {
        title: 'Standpunt waarvan de sleutel verborgen blijft',
        kind: 'STANDPUNT',
        outcome: 'INSURED',
        published: false,
      },
    );
    const d = await deliverableFor('Levert nog verborgen resultaten', [
      { targetType: 'GUIDELINE', targetKey: draft.key },
      { targetType: 'PACKAGE_ASSESSMENT', targetKey: assessment.key },
      { targetType: 'GUIDELINE', targetKey: 'richtlijn-nog-niet-op-het-platform' },
    ]);
    // Outputs come in no promised order: compared as sorted rows of [type, key, target found].
    const sorted = (rows: unknown[][]) => rows.sort((a, b) => String(a).localeCompare(String(b)));
    const outputs = async (email: string | null) => {
      const res = await app.gql(
        `query($id: ID!) { deliverable(id: $id) { outputs { targetType targetKey target { id } } } }`,
        { id: d.id },
        await asUser(app, email),
      );
      expect(res.errors).toBeUndefined();
      const found = res.data!.deliverable.outputs as {
        targetType: string;
        targetKey: string | null;
        target: unknown;
      }[];
      return sorted(found.map((o) => [o.targetType, o.targetKey, o.target !== null]));
    };

    expect(await outputs(null)).toEqual(
      sorted([
        ['GUIDELINE', null, false],
        ['PACKAGE_ASSESSMENT', null, false],
        ['GUIDELINE', 'richtlijn-nog-niet-op-het-platform', false],
      ]),
    );
    expect(await outputs('nhg.editor@example.org')).toEqual(await outputs(null));
    // The owner reads its draft guideline, not Zorginstituut's unpublished assessment.
    expect(await outputs('fms.viewer@example.org')).toEqual(
      sorted([
        ['GUIDELINE', draft.key, true],
        ['PACKAGE_ASSESSMENT', null, false],
        ['GUIDELINE', 'richtlijn-nog-niet-op-het-platform', false],
      ]),
    );

    await mutate(
      app,
      FMS,
      `mutation($input: PublishGuidelineVersionInput!) { publishGuidelineVersion(input: $input) { version } }`,
      { id: draft.id, version: draft.version },
    );
    expect(await outputs(null)).toEqual(
      sorted([
        ['GUIDELINE', draft.key, true],
        ['PACKAGE_ASSESSMENT', null, false],
        ['GUIDELINE', 'richtlijn-nog-niet-op-het-platform', false],
      ]),
    );
  });
});

describe('an output whose target already stands where it waits', () => {
  const FMS = 'fms.editor@example.org';
  const OUTPUTS = `query($id: ID!) { deliverable(id: $id) { outputs { targetPhase reachedAt } } }`;

  /** The audit trail of a deliverable and its status updates, by type and action (one transaction has one time). */
  async function trail(id: string) {
    const rows: { entity_type: string; action: string; request_id: string; fields: string[] }[] =
      await app.dataSource.query(
        `SELECT e.entity_type, e.action, e.request_id,
                ARRAY(SELECT c->>'field' FROM jsonb_array_elements(e.changes) c) AS fields
           FROM audit_event e
          WHERE e.entity_id = $1
             OR e.entity_id IN (SELECT s.id FROM status_update s WHERE s.deliverable_id = $1)
          ORDER BY e.entity_type, e.action, e.occurred_at`,
        [fromGlobalId(id).id],
      );
    return rows;
  }

  async function publishedGuideline(title: string) {
    const { createGuideline: guideline } = await mutate(
      app,
      FMS,
      `mutation($input: CreateGuidelineInput!) { createGuideline(input: $input) { id key version } }`,
      { title, ownerPartyIds: [parties.fms] },
    );
    await mutate(
      app,
      FMS,
      `mutation($input: PublishGuidelineVersionInput!) { publishGuidelineVersion(input: $input) { version } }`,
      { id: guideline.id, version: guideline.version },
    );
    return guideline as { id: string; key: string };
  }

  it('acts when the deliverable is created with it: DONE at once, citing the edition, in the same request and audited', async () => {
    const guideline = await publishedGuideline('Richtlijn al gepubliceerd');
    const d = await deliverableFor('Richtlijn opgeleverd vóór het opleverpunt', [
      { targetType: 'GUIDELINE', targetKey: guideline.key },
    ]);
    const source = { type: 'GUIDELINE', key: guideline.key, label: 'Richtlijn al gepubliceerd, editie 1 gepubliceerd' };
    expect(d.status).toBe('DONE');
    const after = await progress(d.id);
    expect(after.status).toBe('DONE');
    expect(after.version).toBe(d.version);
    expect(after.statusHistory).toEqual([{ fromStatus: 'PLANNED', toStatus: 'DONE', party: { key: 'vws' }, source }]);
    expect(after.statusUpdates.nodes).toEqual([
      expect.objectContaining({ derived: true, status: 'DONE', suggestedStatus: null, source }),
    ]);
    const outputs = (await app.gql(OUTPUTS, { id: d.id })).data!.deliverable.outputs;
    expect(outputs).toEqual([{ targetPhase: null, reachedAt: expect.any(String) }]);
    const events = await trail(d.id);
    expect(events.map((e) => [e.entity_type, e.action, e.fields])).toEqual([
      ['Deliverable', 'CREATE', expect.arrayContaining(['outputs'])],
      ['Deliverable', 'UPDATE', ['status', 'source']],
      ['StatusUpdate', 'CREATE', expect.arrayContaining(['derived'])],
    ]);
    expect(new Set(events.map((e) => e.request_id)).size).toBe(1);
  });

  it('acts when an edit adds it or lowers its phase to one the trajectory has passed, and the edit returns the result', async () => {
    const { createSynergyTrajectory: t } = await mutate(
      app,
      ZIN,
      `mutation($input: CreateSynergyTrajectoryInput!) { createSynergyTrajectory(input: $input) { id key version } }`,
      { name: 'Traject al in evaluatie', sectorId: sectors.msz, partyIds: [parties.zorginstituut, parties.fms] },
    );
    await mutate(
      app,
      ZIN,
      `mutation($input: UpdateSynergyTrajectoryInput!) { updateSynergyTrajectory(input: $input) { version } }`,
      { id: t.id, version: t.version, phase: 'EVALUATION' },
    );
    const waiting = { targetType: 'SYNERGY_TRAJECTORY', targetKey: t.key, targetPhase: 'IMPLEMENTATION' };
    const d = await deliverableFor('Traject voorbij de fase', [waiting]);
    expect((await progress(d.id)).status).toBe('PLANNED');
    expect((await app.gql(OUTPUTS, { id: d.id })).data!.deliverable.outputs).toEqual([
      { targetPhase: 'IMPLEMENTATION', reachedAt: null },
    ]);
    const UPDATE = `mutation($input: UpdateDeliverableInput!) { updateDeliverable(input: $input) { version status } }`;
    const { updateDeliverable } = await mutate(app, VWS, UPDATE, {
      id: d.id,
      version: d.version,
      outputs: [{ ...waiting, targetPhase: 'EXECUTION', onReached: 'SUGGEST' }],
    });
    // The edit and the suggestion; SUGGEST leaves the status to the owners.
    expect(updateDeliverable).toEqual({ version: d.version + 1, status: 'PLANNED' });
    const after = await progress(d.id);
    expect(after.statusUpdates.nodes).toEqual([
      expect.objectContaining({
        derived: true,
        suggestedStatus: 'DONE',
        source: { type: 'SYNERGY_TRAJECTORY', key: t.key, label: 'Traject al in evaluatie, fase EVALUATION bereikt' },
      }),
    ]);
    expect((await app.gql(OUTPUTS, { id: d.id })).data!.deliverable.outputs).toEqual([
      { targetPhase: 'EXECUTION', reachedAt: expect.any(String) },
    ]);

    // A second deliverable gains the agenda output by an edit after the adoption: it completes in that edit.
    const agenda = await newAgenda('Kennisagenda al vastgesteld (test)');
    await adopt(agenda);
    const later = await deliverableFor('Agenda later toegevoegd', []);
    const { updateDeliverable: completed } = await mutate(app, VWS, UPDATE, {
      id: later.id,
      version: later.version,
      outputs: [{ targetType: 'RESEARCH_AGENDA', targetKey: agenda.key }],
    });
    expect(completed).toEqual({ version: later.version + 2, status: 'DONE' });
    expect((await trail(later.id)).map((e) => [e.entity_type, e.action])).toEqual([
      ['Deliverable', 'CREATE'],
      ['Deliverable', 'UPDATE'],
      ['Deliverable', 'UPDATE'],
      ['StatusUpdate', 'CREATE'],
    ]);
  });

  it('does not act for a target short of its goal: a draft guideline, an unpublished assessment', async () => {
    const { createGuideline: draft } = await mutate(
      app,
      FMS,
      `mutation($input: CreateGuidelineInput!) { createGuideline(input: $input) { id key } }`,
      { title: 'Richtlijn nog in ontwikkeling', ownerPartyIds: [parties.fms] },
    );
    const { createPackageAssessment: assessment } = await mutate(
      app,
      ZIN,
      `mutation($input: CreatePackageAssessmentInput!) { createPackageAssessment(input: $input) { key } }`,
      { title: 'Standpunt nog niet gepubliceerd', kind: 'STANDPUNT', outcome: 'INSURED', published: false },
    );
    const d = await deliverableFor('Wacht nog', [
      { targetType: 'GUIDELINE', targetKey: draft.key },
      { targetType: 'PACKAGE_ASSESSMENT', targetKey: assessment.key },
    ]);
    const after = await progress(d.id);
    expect(after.status).toBe('PLANNED');
    expect(after.statusUpdates.nodes).toEqual([]);
  });
});

describe('an output named while its target is reaching its goal in another transaction', () => {
  const FMS = 'fms.editor@example.org';
  const UPDATE = `mutation($input: UpdateDeliverableInput!) { updateDeliverable(input: $input) { version status } }`;

  /** A target short of its goal, and the change that brings it there (answering as GraphQL does). */
  type Reaching = () => Promise<{ type: string; key: string; reach: () => Promise<GraphQLResponse> }>;
  const reaching: [string, Reaching][] = [
    [
      'a guideline edition published',
      async () => {
        const { createGuideline: g } = await mutate(
          app,
          FMS,
          `mutation($input: CreateGuidelineInput!) { createGuideline(input: $input) { id key version } }`,
          { title: 'Richtlijn die nu gepubliceerd wordt', ownerPartyIds: [parties.fms] },
        );
        const as = await asUser(app, FMS);
        const reach = () =>
          app.gql(
            `mutation($input: PublishGuidelineVersionInput!) { publishGuidelineVersion(input: $input) { edition } }`,
            { input: { id: g.id, version: g.version } },
            as,
          );
        return { type: 'GUIDELINE', key: g.key, reach };
      },
    ],
    [
      'an agenda version adopted',
      async () => {
        const agenda = await newAgenda('Kennisagenda die nu vastgesteld wordt (test)');
        const { submitResearchAgendaForConsultation: submitted } = await mutate(
          app,
          ZIN,
          `mutation($input: AgendaRefInput!) { submitResearchAgendaForConsultation(input: $input) { agenda { version } } }`,
          { agendaId: agenda.id, version: agenda.version },
        );
        const as = await asUser(app, ZIN);
        const reach = () =>
          app.gql(
            `mutation($input: AgendaRefInput!) { adoptResearchAgenda(input: $input) { status } }`,
            { input: { agendaId: agenda.id, version: submitted.agenda.version } },
            as,
          );
        return { type: 'RESEARCH_AGENDA', key: agenda.key, reach };
      },
    ],
    [
      'an assessment published',
      async () => {
        const { createPackageAssessment: a } = await mutate(
          app,
          ZIN,
          `mutation($input: CreatePackageAssessmentInput!) { createPackageAssessment(input: $input) { id key version } }`,
          { title: 'Standpunt dat nu gepubliceerd wordt', kind: 'STANDPUNT', outcome: 'INSURED', published: false },
        );
        const as = await asUser(app, ZIN);
        const reach = () =>
          app.gql(
            `mutation($input: PublishPackageAssessmentInput!) { publishPackageAssessment(input: $input) { published } }`,
            { input: { id: a.id, version: a.version } },
            as,
          );
        return { type: 'PACKAGE_ASSESSMENT', key: a.key, reach };
      },
    ],
    [
      'a trajectory completed',
      async () => {
        const { createSynergyTrajectory: t } = await mutate(
          app,
          ZIN,
          `mutation($input: CreateSynergyTrajectoryInput!) { createSynergyTrajectory(input: $input) { id key version } }`,
          { name: 'Traject dat nu afgerond wordt', sectorId: sectors.msz, partyIds: [parties.zorginstituut] },
        );
        const as = await asUser(app, ZIN);
        const reach = () =>
          app.gql(
            `mutation($input: UpdateSynergyTrajectoryInput!) { updateSynergyTrajectory(input: $input) { phase } }`,
            { input: { id: t.id, version: t.version, phase: 'COMPLETED' } },
            as,
          );
        return { type: 'SYNERGY_TRAJECTORY', key: t.key, reach };
      },
    ],
  ];

  it.each(reaching)(
    'acts after %s: deliverables created and edited meanwhile wait for it and are done, without deadlock',
    async (_change, target) => {
      const { type, key, reach } = await target();
      const output = { targetType: type, targetKey: key };
      // Two deliverables already wait for the target; the change takes their outputs, then them in id order.
      const [first, dropping] = (
        await Promise.all([
          deliverableFor('Opleverpunt op het doel', [output]),
          deliverableFor('Opleverpunt dat het doel loslaat', [output]),
        ])
      ).sort((a, b) => (fromGlobalId(a.id).id < fromGlobalId(b.id).id ? -1 : 1));
      const edited = await deliverableFor('Opleverpunt dat het doel erbij krijgt', []);
      const asVws = await asUser(app, VWS);

      // Another session holds the first deliverable: the change stops inside recordOutputReached, its target
      // written but not committed, the outputs it acts on (the dropping one's too) already chosen and locked.
      // Its own connection: the four requests take all but one of the server's pool, and polling needs that one.
      const blocker = new Client({ connectionString: app.database.url });
      await blocker.connect();
      let answers: GraphQLResponse[] = [];
      try {
        await blocker.query('BEGIN');
        await blocker.query('SELECT id FROM deliverable WHERE id = $1 FOR UPDATE', [fromGlobalId(first.id).id]);
        const reached = reach();
        await untilWaiting(app.dataSource, 1);
        // Meanwhile a deliverable is created with an output on that target, another gains one by an edit, and
        // the dropping one is edited to let go of it.
        let answered = 0;
        const late = [
          app.gql(
            CREATE_DELIVERABLE,
            {
              input: {
                title: 'Later opleverpunt op het doel',
                ownerPartyIds: [parties.zorginstituut],
                due: span(day(30), day(120)),
                outputs: [output],
              },
            },
            asVws,
          ),
          app.gql(UPDATE, { input: { id: edited.id, version: edited.version, outputs: [output] } }, asVws),
          app.gql(
            UPDATE,
            { input: { id: dropping.id, version: dropping.version, title: 'Bewerkt', outputs: [] } },
            asVws,
          ),
        ].map((request) => request.finally(() => answered++));
        // All three wait for the change (or, the race, one answers before it commits).
        await untilWaiting(app.dataSource, 4, () => answered > 0);
        await blocker.query('COMMIT');
        answers = await Promise.all([reached, ...late]);
      } finally {
        await blocker.end();
      }
      const created = answers[1].data!.createDeliverable as { id: string };
      for (const id of [first.id, dropping.id, created.id, edited.id]) {
        const after = await progress(id);
        expect(after.status).toBe('DONE');
        expect(after.statusUpdates.nodes).toEqual([
          expect.objectContaining({ derived: true, status: 'DONE', source: expect.objectContaining({ type, key }) }),
        ]);
      }
      // The dropping one's edit then finds it completed by the change: stale, like any edit of an older version
      // (a deadlock would be a retryable CONFLICT without the current version).
      expect(answers.map((a) => a.errors?.map((e) => e.extensions))).toEqual([
        undefined,
        undefined,
        undefined,
        [{ code: 'CONFLICT', currentVersion: dropping.version + 1 }],
      ]);
    },
  );
});
