import { fromGlobalId, toGlobalId } from 'graphql-relay';
import { AssociationCallsStayWithTheAssociation1800001600000 } from '../../../server/db/migrations/1800001600000-AssociationCallsStayWithTheAssociation';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { outcome } from '../../helpers/outcome';
import { idsByKey, propose } from '../../helpers/research';

/** Who may do what in a consultation, what the consulted read and for how long, and the contribution life cycle. */
let app: TestApp;
let parties: Record<string, string>;
let packageCriteria: Record<string, string>;
beforeAll(async () => {
  app = await createTestApp();
  parties = await idsByKey(app, 'Party', 'party');
  packageCriteria = await idsByKey(app, 'PackageCriterion', 'package_criterion');
});
afterAll(() => app.close());

const ZIN = 'zin.editor@example.org';
const ZN = 'zn.contributor@example.org';
const HOUR = 3_600_000;

async function gqlAs(email: string | null, query: string, variables?: Record<string, unknown>) {
  return app.gql(query, variables, await asUser(app, email));
}

async function ok(email: string | null, query: string, variables?: Record<string, unknown>) {
  const res = await gqlAs(email, query, variables);
  expect(res.errors).toBeUndefined();
  return res.data!;
}

/** A new draft standpunt of Zorginstituut with one criterion verdict. */
async function draftAssessment(title = 'Concept-standpunt testbehandeling') {
  const data = await ok(
    ZIN,
    `mutation($input: CreatePackageAssessmentInput!) { createPackageAssessment(input: $input) { id version verdicts { id } } }`,
    {
      input: {
        kind: 'STANDPUNT',
        title,
        verdicts: [{ criterionId: packageCriteria.effectiviteit, verdict: 'PARTLY_MET' }],
      },
    },
  );
  return data.createPackageAssessment as { id: string; version: number; verdicts: { id: string }[] };
}

const OPEN = `mutation($input: OpenConsultationRoundInput!) { openConsultationRound(input: $input) { id version } }`;
const CONTRIBUTE = `mutation($input: AddContributionInput!) { addContribution(input: $input) { id version type } }`;
const INVITED = ['PATIENT_ORGANISATION', 'INSURER', 'PROVIDER_ASSOCIATION', 'SCIENTIFIC_ASSOCIATION'];

async function openRound(targetId: string, extra: Record<string, unknown> = {}) {
  const data = await ok(ZIN, OPEN, {
    input: {
      targetId,
      question: 'Wat vindt u van dit concept?',
      closesAt: new Date(Date.now() + HOUR).toISOString(),
      invitedPartyKinds: INVITED,
      ...extra,
    },
  });
  return data.openConsultationRound as { id: string; version: number };
}

async function closeRound(round: { id: string; version: number }) {
  const data = await ok(
    ZIN,
    `mutation($input: ConsultationRoundRefInput!) { closeConsultationRound(input: $input) { id version } }`,
    { input: { roundId: round.id, version: round.version } },
  );
  return data.closeConsultationRound as { id: string; version: number };
}

describe('permission table: each new operation by party kind and role', () => {
  it.each([
    [ZIN, 'id'],
    ['zin.contributor@example.org', 'FORBIDDEN'],
    ['vws.editor@example.org', 'FORBIDDEN'],
    ['fms.editor@example.org', 'NOT_FOUND'],
    ['pfn.admin@example.org', 'FORBIDDEN'],
    [null, 'UNAUTHENTICATED'],
  ])('openConsultationRound on a draft standpunt as %s: %s', async (email, expected) => {
    const assessment = await draftAssessment();
    const res = await gqlAs(email, OPEN, {
      input: { targetId: assessment.id, question: 'Vraag?', closesAt: new Date(Date.now() + HOUR).toISOString() },
    });
    expect(outcome(res, (d) => (d.openConsultationRound.id ? 'id' : 'none'))).toBe(expected);
  });

  let round: { id: string; version: number };
  beforeAll(async () => {
    round = await openRound((await draftAssessment('Concept voor de permissietabel')).id);
  });

  it.each([
    ['pfn.contributor@example.org', 'PATIENT_PERSPECTIVE', 'PATIENT_PERSPECTIVE'],
    ['pfn.contributor@example.org', 'IMPACT', 'FORBIDDEN'],
    ['zn.contributor@example.org', 'IMPACT', 'IMPACT'],
    ['nvz.contributor@example.org', 'IMPACT', 'IMPACT'],
    ['zn.contributor@example.org', 'PATIENT_PERSPECTIVE', 'FORBIDDEN'],
    ['fms.contributor@example.org', 'PROPOSED_CHANGE', 'PROPOSED_CHANGE'],
    ['fms.contributor@example.org', 'IMPACT', 'FORBIDDEN'],
    ['fms.viewer@example.org', 'GENERAL', 'FORBIDDEN'],
    ['nza.viewer@example.org', 'GENERAL', 'FORBIDDEN'],
    ['zegg.editor@example.org', 'GENERAL', 'NOT_FOUND'],
    ['vws.contributor@example.org', 'GENERAL', 'FORBIDDEN'],
    ['zin.contributor@example.org', 'GENERAL', 'FORBIDDEN'],
    [null, 'GENERAL', 'UNAUTHENTICATED'],
  ])('addContribution as %s of type %s: %s', async (email, type, expected) => {
    const res = await gqlAs(email, CONTRIBUTE, { input: { roundId: round.id, type, text: 'Inbreng.' } });
    expect(outcome(res, (d) => d.addContribution.type)).toBe(expected);
  });

  it.each([
    [ZIN, 'NOTED'],
    ['zin.contributor@example.org', 'FORBIDDEN'],
    ['fms.editor@example.org', 'FORBIDDEN'],
    ['vws.editor@example.org', 'FORBIDDEN'],
    [null, 'UNAUTHENTICATED'],
  ])('respondToContribution as %s: %s', async (email, expected) => {
    const own = await openRound((await draftAssessment('Concept voor reacties')).id);
    const c = (
      await ok('zn.contributor@example.org', CONTRIBUTE, { input: { roundId: own.id, type: 'GENERAL', text: 'x' } })
    ).addContribution;
    await closeRound(own);
    const res = await gqlAs(
      email,
      `mutation($input: RespondToContributionInput!) { respondToContribution(input: $input) { response } }`,
      { input: { contributionId: c.id, version: c.version, response: 'NOTED', reasoning: 'Gezien.' } },
    );
    expect(outcome(res, (d) => d.respondToContribution.response)).toBe(expected);
  });

  it.each([
    [ZIN, 'OPEN'],
    ['zegg.editor@example.org', 'FORBIDDEN'],
    ['pfn.contributor@example.org', 'FORBIDDEN'],
    [null, 'UNAUTHENTICATED'],
  ])('openTopicCall on the huisartsenzorg agenda as %s: %s', async (email, expected) => {
    const agendas = await idsByKey(app, 'ResearchAgenda', 'research_agenda');
    const res = await gqlAs(
      email,
      `mutation($input: OpenTopicCallInput!) { openTopicCall(input: $input) { status } }`,
      {
        input: {
          agendaId: agendas['onderzoeksagenda-huisartsenzorg'],
          title: 'Uitvraag',
          closesAt: new Date(Date.now() + HOUR).toISOString(),
        },
      },
    );
    expect(outcome(res, (d) => d.openTopicCall.status)).toBe(expected);
  });
});

describe('the consulted read the draft while the round is live, nobody else, by any path', () => {
  const READ = `query($id: ID!) {
    one: packageAssessment(id: $id) { id verdicts { verdict } }
    node(id: $id) { id }
    list: packageAssessments(first: 100) { totalCount nodes { id } }
  }`;

  it('opens to invited members, stays closed to others, and closes again once concluded', async () => {
    const assessment = await draftAssessment('Concept-standpunt zichtbaarheid');
    const seen = async (email: string | null) => {
      const data = await ok(email, READ, { id: assessment.id });
      return {
        one: data.one?.verdicts.length ?? null,
        node: data.node?.id ?? null,
        listed: data.list.nodes.some((n: any) => n.id === assessment.id),
      };
    };
    const hidden = { one: null, node: null, listed: false };
    const shown = { one: 1, node: assessment.id, listed: true };
    expect(await seen('pfn.contributor@example.org')).toEqual(hidden);

    let round = await openRound(assessment.id);
    for (const email of ['pfn.contributor@example.org', 'zn.contributor@example.org', 'fms.viewer@example.org'])
      expect(await seen(email)).toEqual(shown);
    for (const email of ['nza.viewer@example.org', 'zegg.editor@example.org', 'igj.viewer@example.org', null])
      expect(await seen(email)).toEqual(hidden);

    round = await closeRound(round);
    expect(await seen('pfn.contributor@example.org')).toEqual(shown);
    await ok(ZIN, `mutation($input: ConsultationRoundRefInput!) { concludeConsultationRound(input: $input) { id } }`, {
      input: { roundId: round.id, version: round.version },
    });
    expect(await seen('pfn.contributor@example.org')).toEqual(hidden);
    expect(await seen(ZIN)).toEqual(shown);
  });

  it('a round scheduled for later opens nothing yet, and reports its status for any moment', async () => {
    const assessment = await draftAssessment('Concept-standpunt later');
    const opensAt = new Date(Date.now() + HOUR);
    const closesAt = new Date(Date.now() + 2 * HOUR);
    const round = await openRound(assessment.id, { opensAt: opensAt.toISOString(), closesAt: closesAt.toISOString() });
    const data = await ok(
      ZIN,
      `query($id: ID!, $during: DateTimeISO, $after: DateTimeISO) { consultationRound(id: $id) { now: status during: status(asOf: $during) after: status(asOf: $after) } }`,
      {
        id: round.id,
        during: new Date(opensAt.getTime() + 1000).toISOString(),
        after: closesAt.toISOString(),
      },
    );
    expect(data.consultationRound).toEqual({ now: 'SCHEDULED', during: 'OPEN', after: 'CLOSED' });
    expect((await ok('pfn.contributor@example.org', READ, { id: assessment.id })).one).toBeNull();
    const early = await gqlAs('pfn.contributor@example.org', CONTRIBUTE, {
      input: { roundId: round.id, type: 'GENERAL', text: 'Te vroeg.' },
    });
    expect(early.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('a scheduled round closed before it opens is called off: concluded at once, the draft never shown', async () => {
    const assessment = await draftAssessment('Concept-standpunt afgeblazen');
    const opensAt = new Date(Date.now() + HOUR);
    const round = await openRound(assessment.id, {
      opensAt: opensAt.toISOString(),
      closesAt: new Date(opensAt.getTime() + HOUR).toISOString(),
      invitedPartyKinds: ['INSURER'],
    });
    const closed = (
      await ok(
        ZIN,
        `mutation($input: ConsultationRoundRefInput!, $during: DateTimeISO) {
          closeConsultationRound(input: $input) { version status concludedAt during: status(asOf: $during) } }`,
        {
          input: { roundId: round.id, version: round.version },
          during: new Date(opensAt.getTime() + 1000).toISOString(),
        },
      )
    ).closeConsultationRound;
    expect(closed).toMatchObject({ version: round.version + 1, status: 'CONCLUDED', during: 'CONCLUDED' });
    expect(closed.concludedAt).toEqual(expect.any(String));

    expect((await ok(ZN, READ, { id: assessment.id })).one).toBeNull();
    const late = await gqlAs(ZN, CONTRIBUTE, { input: { roundId: round.id, type: 'GENERAL', text: 'Te laat.' } });
    expect(late.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // The insurer hears the round is over, not that it closed (which would have opened the draft to it).
    const changes = await ok(
      ZN,
      `query($ids: [ID!]) { changes(first: 50, filter: { subjectIds: $ids }) { edges { node { type } } } }`,
      { ids: [round.id] },
    );
    expect(changes.changes.edges.map((e: any) => e.node.type)).toEqual(['CONSULTATION_ROUND_CONCLUDED']);
    // The owner may open another round on the draft, e.g. at a new time.
    await openRound(assessment.id);
  });
});

describe('contributions: anchors, edits, withdrawal, versions and audit', () => {
  it('anchors to a part of the target only, is edited and withdrawn by its party while open, versioned and audited', async () => {
    const assessment = await draftAssessment('Concept-standpunt inbreng');
    const other = await draftAssessment('Ander concept');
    const round = await openRound(assessment.id);
    const anchored = await ok(
      'zn.contributor@example.org',
      `mutation($input: AddContributionInput!) { addContribution(input: $input) { id version anchorKind criterionVerdict { verdict } } }`,
      {
        input: {
          roundId: round.id,
          type: 'IMPACT',
          text: 'Gevolgen voor de inkoop.',
          anchorId: assessment.verdicts[0]!.id,
        },
      },
    );
    expect(anchored.addContribution).toMatchObject({
      anchorKind: 'CRITERION_VERDICT',
      criterionVerdict: { verdict: 'PARTLY_MET' },
    });

    const wrongAnchor = await gqlAs('zn.contributor@example.org', CONTRIBUTE, {
      input: { roundId: round.id, type: 'GENERAL', text: 'x', anchorId: other.verdicts[0]!.id },
    });
    expect(wrongAnchor.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.anchorId' });
    const noReference = await gqlAs('zn.contributor@example.org', CONTRIBUTE, {
      input: { roundId: round.id, type: 'EVIDENCE', text: 'Er is bewijs.' },
    });
    expect(noReference.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reference' });

    const c = anchored.addContribution;
    const UPDATE = `mutation($input: UpdateContributionInput!) { updateContribution(input: $input) { version text } }`;
    const edited = await ok('zn.contributor@example.org', UPDATE, {
      input: { contributionId: c.id, version: c.version, text: 'Gevolgen voor inkoop en contractering.' },
    });
    expect(edited.updateContribution).toEqual({ version: 2, text: 'Gevolgen voor inkoop en contractering.' });
    const stale = await gqlAs('zn.contributor@example.org', UPDATE, {
      input: { contributionId: c.id, version: 1, text: 'Oud.' },
    });
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentVersion: 2 });
    const otherParty = await gqlAs('nvz.contributor@example.org', UPDATE, {
      input: { contributionId: c.id, version: 2, text: 'Niet van ons.' },
    });
    expect(otherParty.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const withdrawn = await ok(
      'zn.contributor@example.org',
      `mutation($input: ContributionRefInput!) { withdrawContribution(input: $input) { version withdrawnAt } }`,
      { input: { contributionId: c.id, version: 2 } },
    );
    expect(withdrawn.withdrawContribution.version).toBe(3);
    expect(withdrawn.withdrawContribution.withdrawnAt).toEqual(expect.any(String));

    const events: { action: string }[] = await app.dataSource.query(
      `SELECT action FROM audit_event WHERE entity_type = 'Contribution' AND entity_id = $1 ORDER BY occurred_at, id`,
      [toGlobalIdToUuid(c.id)],
    );
    expect(events.map((e) => e.action)).toEqual(['CREATE', 'UPDATE', 'WITHDRAW']);

    // A withdrawn contribution needs no response: the round concludes without one.
    const closed = await closeRound(round);
    const concluded = await ok(
      ZIN,
      `mutation($input: ConsultationRoundRefInput!) { concludeConsultationRound(input: $input) { status } }`,
      { input: { roundId: closed.id, version: closed.version } },
    );
    expect(concluded.concludeConsultationRound.status).toBe('CONCLUDED');

    // The round is over and the standpunt still a draft: the insurer reads its comment table, not the draft through it.
    const TABLE = `query($id: ID!) { consultationRound(id: $id) { contributions { nodes { anchorKind criterionVerdict { verdict } } } } }`;
    const [insurer, owner] = await Promise.all([
      ok('zn.contributor@example.org', TABLE, { id: round.id }),
      ok(ZIN, TABLE, { id: round.id }),
    ]);
    expect(insurer.consultationRound.contributions.nodes).toEqual([
      { anchorKind: 'CRITERION_VERDICT', criterionVerdict: null },
    ]);
    expect(owner.consultationRound.contributions.nodes).toEqual([
      { anchorKind: 'CRITERION_VERDICT', criterionVerdict: { verdict: 'PARTLY_MET' } },
    ]);
  });

  it('is answered only once the round is closed', async () => {
    const round = await openRound((await draftAssessment('Concept-standpunt vroeg antwoord')).id);
    const c = (
      await ok('zn.contributor@example.org', CONTRIBUTE, { input: { roundId: round.id, type: 'GENERAL', text: 'x' } })
    ).addContribution;
    const early = await gqlAs(
      ZIN,
      `mutation($input: RespondToContributionInput!) { respondToContribution(input: $input) { response } }`,
      { input: { contributionId: c.id, version: c.version, response: 'NOTED', reasoning: 'Te vroeg.' } },
    );
    expect(early.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('an EVIDENCE contribution keeps a visible reference (bronvermelding)', () => {
  const ADD = `mutation($input: AddContributionInput!) { addContribution(input: $input) { id version reference } }`;
  const UPDATE = `mutation($input: UpdateContributionInput!) { updateContribution(input: $input) { version reference } }`;
  let round: { id: string; version: number };
  beforeAll(async () => {
    round = await openRound((await draftAssessment('Concept-standpunt bronvermelding')).id);
  });
  const stored = async (id: string) =>
    (await app.dataSource.query(`SELECT version, reference FROM contribution WHERE id = $1`, [fromGlobalId(id).id]))[0];

  it.each([
    ['null', null],
    ['an empty string', ''],
    ['spaces', '   '],
    ['a zero-width space', '\u200B'],
  ])(
    'refuses clearing its reference with %s as BAD_USER_INPUT on input.reference, changing nothing',
    async (_, reference) => {
      const c = (
        await ok(ZN, ADD, {
          input: { roundId: round.id, type: 'EVIDENCE', text: 'Er is bewijs.', reference: 'doi:10.1/x' },
        })
      ).addContribution;
      const res = await gqlAs(ZN, UPDATE, { input: { contributionId: c.id, version: c.version, reference } });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reference' });
      expect(await stored(c.id)).toEqual({ version: 1, reference: 'doi:10.1/x' });
    },
  );

  it.each([
    ['an empty string', ''],
    ['a zero-width space', '\u200B'],
    ['spaces around a zero-width joiner', ' \u200D '],
  ])(
    'refuses EVIDENCE whose reference is %s as BAD_USER_INPUT on input.reference, writing nothing',
    async (label, reference) => {
      const text = `Bewijs met als bron ${label}.`;
      const res = await gqlAs(ZN, ADD, { input: { roundId: round.id, type: 'EVIDENCE', text, reference } });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.reference' });
      const [{ n }] = await app.dataSource.query(
        `SELECT count(*)::int AS n FROM contribution WHERE round_id = $1 AND text = $2`,
        [fromGlobalId(round.id).id, text],
      );
      expect(n).toBe(0);
    },
  );

  it('lets other kinds go without one: a reference is removed with null', async () => {
    const c = (
      await ok(ZN, ADD, {
        input: { roundId: round.id, type: 'GENERAL', text: 'Zie het rapport.', reference: 'Rapport' },
      })
    ).addContribution;
    const cleared = await ok(ZN, UPDATE, { input: { contributionId: c.id, version: c.version, reference: null } });
    expect(cleared.updateContribution).toEqual({ version: 2, reference: null });
  });
});

function toGlobalIdToUuid(globalId: string): string {
  return Buffer.from(globalId, 'base64').toString('utf8').split(':')[1]!;
}

describe('bad input to openConsultationRound', () => {
  it.each([
    ['closesAt before opensAt', { closesAt: new Date(Date.now() - HOUR).toISOString() }, 'input.closesAt'],
    ['closesAt beyond a year', { closesAt: new Date(Date.now() + 400 * 24 * HOUR).toISOString() }, 'input.closesAt'],
    ['a blank question', { question: '   ' }, 'input.question'],
    ['a target of another type', { targetId: 'PARTY' }, 'input.targetId'],
    [
      'an unknown party invited',
      { invitedPartyIds: [toGlobalId('Party', '00000000-0000-4000-8000-000000000000')] },
      'input.invitedPartyIds',
    ],
  ])('refuses %s with BAD_USER_INPUT and nothing written', async (_, change, field) => {
    const assessment = await draftAssessment('Concept-standpunt fout');
    const input = {
      targetId: assessment.id,
      question: 'Vraag?',
      closesAt: new Date(Date.now() + HOUR).toISOString(),
      ...change,
      ...('targetId' in change ? { targetId: parties.zn } : {}),
    };
    const res = await gqlAs(ZIN, OPEN, { input });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    const rounds = await app.dataSource.query(
      'SELECT count(*)::int AS n FROM consultation_round WHERE assessment_id = $1',
      [toGlobalIdToUuid(assessment.id)],
    );
    expect(rounds[0].n).toBe(0);
  });

  it('opens one round when two are opened on one draft at once', async () => {
    const assessment = await draftAssessment('Concept-standpunt gelijktijdig');
    const input = { targetId: assessment.id, question: 'Vraag?', closesAt: new Date(Date.now() + HOUR).toISOString() };
    const results = await Promise.all([gqlAs(ZIN, OPEN, { input }), gqlAs(ZIN, OPEN, { input })]);
    expect(results.map((r) => outcome(r, () => 'OPENED')).sort()).toEqual(['BAD_USER_INPUT', 'OPENED']);
  });

  it('refuses a published assessment and a second running round on the same draft', async () => {
    const assessment = await draftAssessment('Concept-standpunt dubbel');
    await openRound(assessment.id);
    const again = await gqlAs(ZIN, OPEN, {
      input: { targetId: assessment.id, question: 'Nog eens?', closesAt: new Date(Date.now() + HOUR).toISOString() },
    });
    expect(again.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const published = (await app.dataSource.query(`SELECT id FROM package_assessment WHERE published LIMIT 1`))[0].id;
    const res = await gqlAs(ZIN, OPEN, {
      input: {
        targetId: toGlobalId('PackageAssessment', published),
        question: 'Vraag?',
        closesAt: new Date(Date.now() + HOUR).toISOString(),
      },
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.targetId' });
  });
});

describe('seed', () => {
  it('gives every seeded agenda its coordinator from the documents, or a note quoting why there is none', async () => {
    const data = await ok(
      null,
      `{ researchAgendas(first: 100) { nodes { key synthetic coordinatorParty { key } note } } }`,
    );
    const seeded = data.researchAgendas.nodes.filter((a: any) => !a.synthetic);
    expect(seeded.length).toBeGreaterThan(10);
    expect(seeded.filter((a: any) => !a.coordinatorParty && !/No coordinator: .*«.+»/.test(a.note ?? ''))).toEqual([]);
  });

  it('holds two marked demo rounds a new user can walk: on a seeded agenda and on a draft standpunt', async () => {
    const rounds: { key: string; id: string }[] = await app.dataSource.query(
      `SELECT key, id FROM consultation_round WHERE synthetic ORDER BY key`,
    );
    expect(rounds.map((r) => r.key)).toEqual([
      'demo-consultatie-concept-standpunt-e-health',
      'demo-consultatie-onderzoeksagenda-huisartsenzorg',
    ]);
    const ROUND = `query($id: ID!) { consultationRound(id: $id) { synthetic status targetKind agendaVersion { items { rank } } assessment { title published verdicts { verdict } } } }`;
    const [standpunt, agenda] = await Promise.all(
      rounds.map(
        async (r) =>
          (await ok('pfn.contributor@example.org', ROUND, { id: toGlobalId('ConsultationRound', r.id) }))
            .consultationRound,
      ),
    );
    expect(agenda).toMatchObject({ synthetic: true, status: 'OPEN', targetKind: 'AGENDA_VERSION' });
    expect(agenda.agendaVersion.items.length).toBeGreaterThan(0);
    expect(standpunt).toMatchObject({
      synthetic: true,
      status: 'OPEN',
      targetKind: 'PACKAGE_ASSESSMENT',
      assessment: { published: false },
    });
    expect(standpunt.assessment.verdicts.map((v: any) => v.verdict).sort()).toEqual(['NOT_ASSESSED', 'PARTLY_MET']);
    const outsider = await ok('nza.viewer@example.org', ROUND, { id: toGlobalId('ConsultationRound', rounds[0]!.id) });
    expect(outsider.consultationRound).toBeNull();
  });
});

describe('a round on a guideline in development', () => {
  it('shows the draft and its recommendations to the consulted, anchors to a recommendation, and goes public with the next edition', async () => {
    const FMS = 'fms.editor@example.org';
    const guideline = (
      await ok(
        FMS,
        `mutation($input: CreateGuidelineInput!) { createGuideline(input: $input) { id version status } }`,
        {
          input: { title: 'Conceptrichtlijn consultatie (test)', ownerPartyIds: [parties.fms] },
        },
      )
    ).createGuideline;
    const recommendation = (
      await ok(FMS, `mutation($input: CreateRecommendationInput!) { createRecommendation(input: $input) { id } }`, {
        input: { guidelineId: guideline.id, kind: 'DO', text: 'Bied begeleide zelfhulp aan.' },
      })
    ).createRecommendation;
    const opened = (
      await ok(FMS, OPEN, {
        input: {
          targetId: guideline.id,
          question: 'Reacties op de conceptrichtlijn?',
          closesAt: new Date(Date.now() + HOUR).toISOString(),
          invitedPartyKinds: ['INSURER', 'PATIENT_ORGANISATION'],
        },
      })
    ).openConsultationRound;
    const READ = `query($id: ID!) { guideline(id: $id) { status recommendations { id text } } }`;
    expect((await ok('zn.contributor@example.org', READ, { id: guideline.id })).guideline.recommendations).toEqual([
      { id: recommendation.id, text: 'Bied begeleide zelfhulp aan.' },
    ]);
    expect((await ok('nvz.contributor@example.org', READ, { id: guideline.id })).guideline).toBeNull();
    expect((await ok(null, READ, { id: guideline.id })).guideline).toBeNull();

    const c = (
      await ok(
        'zn.contributor@example.org',
        `mutation($input: AddContributionInput!) { addContribution(input: $input) { id version recommendation { text } } }`,
        {
          input: {
            roundId: opened.id,
            type: 'IMPACT',
            text: 'Vergt inkoop van e-health.',
            anchorId: recommendation.id,
          },
        },
      )
    ).addContribution;
    expect(c.recommendation).toEqual({ text: 'Bied begeleide zelfhulp aan.' });

    const closed = (
      await ok(
        FMS,
        `mutation($input: ConsultationRoundRefInput!) { closeConsultationRound(input: $input) { id version } }`,
        {
          input: { roundId: opened.id, version: opened.version },
        },
      )
    ).closeConsultationRound;
    await ok(FMS, `mutation($input: RespondToContributionInput!) { respondToContribution(input: $input) { id } }`, {
      input: { contributionId: c.id, version: c.version, response: 'NOT_ACCEPTED', reasoning: 'Buiten de richtlijn.' },
    });
    await ok(FMS, `mutation($input: ConsultationRoundRefInput!) { concludeConsultationRound(input: $input) { id } }`, {
      input: { roundId: closed.id, version: closed.version },
    });
    const TABLE = `query($id: ID!) { consultationRound(id: $id) { commentTableIsPublic contributions { totalCount } } }`;
    expect((await ok(null, TABLE, { id: opened.id })).consultationRound).toBeNull();
    const current = (await ok(FMS, `query($id: ID!) { guideline(id: $id) { version } }`, { id: guideline.id }))
      .guideline;
    await ok(
      FMS,
      `mutation($input: PublishGuidelineVersionInput!) { publishGuidelineVersion(input: $input) { edition } }`,
      {
        input: { id: guideline.id, version: current.version },
      },
    );
    expect((await ok(null, TABLE, { id: opened.id })).consultationRound).toEqual({
      commentTableIsPublic: true,
      contributions: { totalCount: 1 },
    });
  });
});

describe('a consulted draft is adopted or published only once its round is concluded', () => {
  const FMS = 'fms.editor@example.org';
  /** A draft of each kind, its owner, and the write that makes it public (refused while a round runs). */
  type Draft = {
    targetId: string;
    owner: string;
    field: string;
    goPublic: () => Promise<Awaited<ReturnType<typeof gqlAs>>>;
  };
  const drafts: [string, () => Promise<Draft>][] = [
    [
      'a package assessment',
      async () => {
        const { id } = await draftAssessment('Concept-standpunt gepubliceerd tijdens de ronde');
        return {
          targetId: id,
          owner: ZIN,
          field: 'input.id',
          goPublic: async () => {
            const { version } = (await ok(ZIN, `query($id: ID!) { packageAssessment(id: $id) { version } }`, { id }))
              .packageAssessment;
            return gqlAs(
              ZIN,
              `mutation($input: PublishPackageAssessmentInput!) { publishPackageAssessment(input: $input) { published } }`,
              { input: { id, version } },
            );
          },
        };
      },
    ],
    [
      'a guideline edition',
      async () => {
        const { id } = (
          await ok(FMS, `mutation($input: CreateGuidelineInput!) { createGuideline(input: $input) { id } }`, {
            input: { title: 'Conceptrichtlijn gepubliceerd tijdens de ronde (test)', ownerPartyIds: [parties.fms] },
          })
        ).createGuideline;
        return {
          targetId: id,
          owner: FMS,
          field: 'input.id',
          goPublic: async () => {
            const { version } = (await ok(FMS, `query($id: ID!) { guideline(id: $id) { version } }`, { id })).guideline;
            return gqlAs(
              FMS,
              `mutation($input: PublishGuidelineVersionInput!) { publishGuidelineVersion(input: $input) { edition } }`,
              { input: { id, version } },
            );
          },
        };
      },
    ],
    [
      'an agenda version',
      async () => {
        const sectors = await idsByKey(app, 'Sector', 'sector');
        const agenda = (
          await ok(ZIN, `mutation($input: CreateResearchAgendaInput!) { createResearchAgenda(input: $input) { id } }`, {
            input: {
              title: 'Kennisagenda geboortezorg (test)',
              kind: 'SECTOR_MULTIYEAR',
              sectorId: sectors.geboortezorg,
              coordinatorPartyId: parties.zorginstituut,
            },
          })
        ).createResearchAgenda;
        const AGENDA = `query($id: ID!) { researchAgenda(id: $id) { version versions { id } } }`;
        const step = async (name: string) => {
          const { version } = (await ok(ZIN, AGENDA, { id: agenda.id })).researchAgenda;
          return gqlAs(ZIN, `mutation($input: AgendaRefInput!) { ${name}(input: $input) { status } }`, {
            input: { agendaId: agenda.id, version },
          });
        };
        expect((await step('submitResearchAgendaForConsultation')).errors).toBeUndefined();
        return {
          targetId: (await ok(ZIN, AGENDA, { id: agenda.id })).researchAgenda.versions[0].id,
          owner: ZIN,
          field: 'input.agendaId',
          goPublic: () => step('adoptResearchAgenda'),
        };
      },
    ],
  ];

  it.each(drafts)(
    '%s: refused while its round is open or closed, so the comment table stays private; allowed once concluded',
    async (_, make) => {
      const draft = await make();
      const opened = (
        await ok(draft.owner, OPEN, {
          input: {
            targetId: draft.targetId,
            question: 'Reacties?',
            closesAt: new Date(Date.now() + HOUR).toISOString(),
            invitedPartyKinds: ['INSURER'],
          },
        })
      ).openConsultationRound;
      const c = (
        await ok(ZN, CONTRIBUTE, { input: { roundId: opened.id, type: 'GENERAL', text: 'Vertrouwelijke inbreng.' } })
      ).addContribution;
      const TABLE = `query($id: ID!) { consultationRound(id: $id) { contributions { totalCount } } }`;
      const refused = async () => {
        const res = await draft.goPublic();
        expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: draft.field });
        expect((await ok(null, TABLE, { id: opened.id })).consultationRound).toBeNull();
      };

      await refused();
      const closed = (
        await ok(
          draft.owner,
          `mutation($input: ConsultationRoundRefInput!) { closeConsultationRound(input: $input) { id version } }`,
          { input: { roundId: opened.id, version: opened.version } },
        )
      ).closeConsultationRound;
      await refused();

      await ok(
        draft.owner,
        `mutation($input: RespondToContributionInput!) { respondToContribution(input: $input) { id } }`,
        {
          input: { contributionId: c.id, version: c.version, response: 'NOTED', reasoning: 'Gezien.' },
        },
      );
      await ok(
        draft.owner,
        `mutation($input: ConsultationRoundRefInput!) { concludeConsultationRound(input: $input) { id } }`,
        {
          input: { roundId: closed.id, version: closed.version },
        },
      );
      expect((await draft.goPublic()).errors).toBeUndefined();
      expect((await ok(null, TABLE, { id: opened.id })).consultationRound).toEqual({
        contributions: { totalCount: 1 },
      });
    },
  );
});

const SUBMIT = `mutation($input: SubmitToTopicCallInput!) { submitToTopicCall(input: $input) { id } }`;
const PLACE = `mutation($input: PlaceTopicCallSubmissionInput!) { placeTopicCallSubmission(input: $input) { placedAt } }`;
const SCORECARD = `mutation($input: SubmitPriorityScorecardInput!) { submitPriorityScorecard(input: $input) { id version } }`;

/** A topic call on the agenda's working version, inviting insurers. */
async function openCall(agendaId: string) {
  return (
    await ok(
      ZIN,
      `mutation($input: OpenTopicCallInput!) { openTopicCall(input: $input) { id agendaVersion { id } } }`,
      { input: { agendaId, title: 'Uitvraag', invitedPartyKinds: ['INSURER'] } },
    )
  ).openTopicCall as { id: string; agendaVersion: { id: string } };
}

async function pastDeadline(callId: string) {
  await app.dataSource.query(
    `UPDATE topic_call SET opens_at = now() - interval '2 hours', closes_at = now() - interval '1 second' WHERE id = $1`,
    [fromGlobalId(callId).id],
  );
}

/** The questions on a version (by default the agenda's latest), as global ids. */
async function itemQuestionIds(agendaId: string, versionId?: string): Promise<string[]> {
  const rows: { question_id: string }[] = await app.dataSource.query(
    `SELECT i.question_id FROM agenda_item i WHERE i.version_id = coalesce($2::uuid,
       (SELECT v.id FROM research_agenda_version v WHERE v.agenda_id = $1 ORDER BY v.number DESC LIMIT 1)) ORDER BY i.rank`,
    [fromGlobalId(agendaId).id, versionId ? fromGlobalId(versionId).id : null],
  );
  return rows.map((r) => toGlobalId('KnowledgeQuestion', r.question_id));
}

/** A new question of Zorgverzekeraars Nederland put on the agenda's draft by its coordinator, Zorginstituut. */
async function addItem(agendaId: string, title: string, sectorKey: string): Promise<string> {
  const sectors = await idsByKey(app, 'Sector', 'sector');
  const question = await propose(app, ZN, { title, sectorIds: [sectors[sectorKey]] });
  const { version } = (await ok(ZIN, `query($id: ID!) { researchAgenda(id: $id) { version } }`, { id: agendaId }))
    .researchAgenda;
  await ok(ZIN, `mutation($input: AddQuestionToAgendaInput!) { addQuestionToAgenda(input: $input) { id } }`, {
    input: { agendaId, version, questionId: question.id },
  });
  return question.id;
}

describe('invitations, first scores and the CSV guard', () => {
  it('invites every IZA signatory when no kinds or parties are named, never the owner', async () => {
    const round = await openRound((await draftAssessment('Concept-standpunt iedereen')).id, {
      invitedPartyKinds: null,
    });
    const data = await ok(
      ZIN,
      `query($id: ID!) { consultationRound(id: $id) { invitesEveryIzaParty invitedParties { key } } }`,
      {
        id: round.id,
      },
    );
    const signatories: { key: string }[] = await app.dataSource.query(
      `SELECT key FROM party WHERE iza_signatory AND key <> 'zorginstituut' ORDER BY key`,
    );
    expect(data.consultationRound.invitesEveryIzaParty).toBe(true);
    expect(data.consultationRound.invitedParties.map((p: any) => p.key).sort()).toEqual(signatories.map((p) => p.key));
  });

  it('puts a submitting party’s first scores on its scorecard for the version the call feeds', async () => {
    const agendas = await idsByKey(app, 'ResearchAgenda', 'research_agenda');
    const criteria = await idsByKey(app, 'PrioritisationCriterion', 'prioritisation_criterion');
    const questions = await idsByKey(app, 'KnowledgeQuestion', 'knowledge_question');
    const call = (
      await ok(
        ZIN,
        `mutation($input: OpenTopicCallInput!) { openTopicCall(input: $input) { id agendaVersion { id } } }`,
        {
          input: {
            agendaId: agendas['onderzoeksagenda-hulpmiddelenzorg'],
            title: 'Uitvraag hulpmiddelen',
            invitedPartyKinds: ['INSURER'],
          },
        },
      )
    ).openTopicCall;
    const question = questions['lichte-ggz-problematiek-juiste-niveau'];
    await ok(
      'zn.contributor@example.org',
      `mutation($input: SubmitToTopicCallInput!) { submitToTopicCall(input: $input) { id } }`,
      {
        input: {
          callId: call.id,
          questionId: question,
          scores: [{ questionId: question, criterionId: criteria['impact-kosten'], score: 3 }],
        },
      },
    );
    const again = await gqlAs(
      'zn.contributor@example.org',
      `mutation($input: SubmitToTopicCallInput!) { submitToTopicCall(input: $input) { id } }`,
      {
        input: { callId: call.id, questionId: question },
      },
    );
    expect(again.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const ranking = await ok(
      ZIN,
      `query($id: ID!) { node(id: $id) { ... on ResearchAgendaVersion { sharedPriorities { question { id } overall { mean parties } byPartyKind { partyKind } } } } }`,
      {
        id: call.agendaVersion.id,
      },
    );
    expect(ranking.node.sharedPriorities).toEqual([
      { question: { id: question }, overall: { mean: 3, parties: 1 }, byPartyKind: [{ partyKind: 'INSURER' }] },
    ]);
    // The scorecard the first scores made is in the audit trail, as one made by submitPriorityScorecard is.
    const audit = await app.dataSource.query(
      `SELECT action FROM audit_event WHERE entity_type = 'PriorityScorecard'
          AND entity_id IN (SELECT id FROM priority_scorecard WHERE agenda_version_id = $1)`,
      [fromGlobalId(call.agendaVersion.id).id],
    );
    expect(audit).toEqual([{ action: 'CREATE' }]);
  });

  it('keeps a question merged or rejected since its submission off the agenda', async () => {
    const agendas = await idsByKey(app, 'ResearchAgenda', 'research_agenda');
    const sectors = await idsByKey(app, 'Sector', 'sector');
    const call = await openCall(agendas['onderzoeksagenda-ggz']!);
    const question = await propose(app, ZN, {
      title: 'Hoe lang wachten jongeren op ggz na een verwijzing?',
      sectorIds: [sectors.ggz],
    });
    const submission = (await ok(ZN, SUBMIT, { input: { callId: call.id, questionId: question.id } }))
      .submitToTopicCall;
    await ok(
      ZIN,
      `mutation($input: TransitionKnowledgeQuestionInput!) { transitionKnowledgeQuestion(input: $input) { status } }`,
      { input: { questionId: question.id, version: question.version, status: 'REJECTED' } },
    );
    await pastDeadline(call.id);
    const placed = await gqlAs(ZIN, PLACE, { input: { submissionId: submission.id } });
    expect(placed.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([
      ['BAD_USER_INPUT', 'input.submissionId'],
    ]);
    expect(await itemQuestionIds(agendas['onderzoeksagenda-ggz']!)).not.toContain(question.id);
  });

  it('refuses first scores over scores the party gave already, and writes nothing of the submission', async () => {
    const agendas = await idsByKey(app, 'ResearchAgenda', 'research_agenda');
    const criteria = await idsByKey(app, 'PrioritisationCriterion', 'prioritisation_criterion');
    const agendaId = agendas['onderzoeksagenda-geboortezorg']!;
    const item = await addItem(agendaId, 'Welke zorg rond de bevalling voorkomt heropname?', 'geboortezorg');
    const call = await openCall(agendaId);
    // Insurers are consulted on the draft too, so they read it and score its items.
    await openRound(call.agendaVersion.id, { invitedPartyKinds: ['INSURER'] });
    const score = (criterion: string, value: number) => ({
      questionId: item,
      criterionId: criteria[criterion],
      score: value,
    });
    const card = (
      await ok(ZN, SCORECARD, {
        input: {
          agendaVersionId: call.agendaVersion.id,
          scores: [score('impact-kosten', 5), score('haalbaarheid', 5)],
        },
      })
    ).submitPriorityScorecard;
    const res = await gqlAs(ZN, SUBMIT, {
      input: { callId: call.id, questionId: item, scores: [score('impact-kosten', 0)] },
    });
    expect(res.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([
      ['BAD_USER_INPUT', 'input.scores'],
    ]);
    const rows = await app.dataSource.query(
      `SELECT c.version, count(s.*)::int AS scores,
              (SELECT count(*)::int FROM topic_call_submission t WHERE t.call_id = $2) AS submissions
         FROM priority_scorecard c LEFT JOIN priority_score s ON s.scorecard_id = c.id WHERE c.id = $1 GROUP BY c.version`,
      [fromGlobalId(card.id).id, fromGlobalId(call.id).id],
    );
    expect(rows).toEqual([{ version: card.version, scores: 2, submissions: 0 }]);
  });

  it('leaves the priorities of an adopted version as they were adopted, though a call feeding it is still open', async () => {
    const agendas = await idsByKey(app, 'ResearchAgenda', 'research_agenda');
    const criteria = await idsByKey(app, 'PrioritisationCriterion', 'prioritisation_criterion');
    const sectors = await idsByKey(app, 'Sector', 'sector');
    const agendaId = agendas['onderzoeksagenda-wijkverpleging']!;
    const item = await addItem(
      agendaId,
      'Welke ondersteuning houdt mantelzorgers langer op de been?',
      'wijkverpleging',
    );
    const call = await openCall(agendaId);
    for (const step of ['submitResearchAgendaForConsultation', 'adoptResearchAgenda']) {
      const { version } = (await ok(ZIN, `query($id: ID!) { researchAgenda(id: $id) { version } }`, { id: agendaId }))
        .researchAgenda;
      await ok(ZIN, `mutation($input: AgendaRefInput!) { ${step}(input: $input) { status } }`, {
        input: { agendaId, version },
      });
    }
    const scored = await gqlAs(ZN, SCORECARD, {
      input: {
        agendaVersionId: call.agendaVersion.id,
        scores: [{ questionId: item, criterionId: criteria['impact-kosten'], score: 4 }],
      },
    });
    expect(scored.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([
      ['BAD_USER_INPUT', 'input.agendaVersionId'],
    ]);
    const question = await propose(app, ZN, {
      title: 'Wat helpt wijkverpleging in de nacht het meest?',
      sectorIds: [sectors.wijkverpleging],
    });
    const withScores = await gqlAs(ZN, SUBMIT, {
      input: {
        callId: call.id,
        questionId: question.id,
        scores: [{ questionId: question.id, criterionId: criteria['impact-kosten'], score: 5 }],
      },
    });
    expect(withScores.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([
      ['BAD_USER_INPUT', 'input.scores'],
    ]);
    await ok(ZN, SUBMIT, { input: { callId: call.id, questionId: question.id } });
    const [{ n }] = await app.dataSource.query(
      `SELECT count(*)::int AS n FROM priority_score s JOIN priority_scorecard c ON c.id = s.scorecard_id WHERE c.agenda_version_id = $1`,
      [fromGlobalId(call.agendaVersion.id).id],
    );
    expect(n).toBe(0);
  });

  it('lets a party invited only to a call change its first scores, and score nothing of the draft it cannot read', async () => {
    const agendas = await idsByKey(app, 'ResearchAgenda', 'research_agenda');
    const criteria = await idsByKey(app, 'PrioritisationCriterion', 'prioritisation_criterion');
    const sectors = await idsByKey(app, 'Sector', 'sector');
    const agendaId = agendas['onderzoeksagenda-paramedische-zorg']!;
    const item = await addItem(agendaId, 'Welke oefentherapie voorkomt een tweede val?', 'paramedische-zorg');
    const call = await openCall(agendaId);
    // Insurers are invited to the call only: the draft it feeds is not theirs to read.
    expect(
      (await ok(ZN, `query($id: ID!) { topicCall(id: $id) { agendaVersion { id } } }`, { id: call.id })).topicCall,
    ).toEqual({ agendaVersion: null });
    const question = await propose(app, ZN, {
      title: 'Hoe vaak wordt fysiotherapie na een heupfractuur te vroeg gestopt?',
      sectorIds: [sectors['paramedische-zorg']],
    });
    const score = (questionId: string, value: number) => ({
      questionId,
      criterionId: criteria['impact-kosten'],
      score: value,
    });
    await ok(ZN, SUBMIT, { input: { callId: call.id, questionId: question.id, scores: [score(question.id, 2)] } });
    // README: "CONTRIBUTOR and up of a party invited to an open round or call on the version".
    const CARD = `mutation($input: SubmitPriorityScorecardInput!) {
      submitPriorityScorecard(input: $input) { id version agendaVersion { id } scores { question { id } score } } }`;
    const card = (
      await ok(ZN, CARD, {
        input: { agendaVersionId: call.agendaVersion.id, version: 1, scores: [score(question.id, 5)] },
      })
    ).submitPriorityScorecard;
    expect(card).toMatchObject({
      version: 2,
      agendaVersion: null,
      scores: [{ question: { id: question.id }, score: 5 }],
    });
    // Its party finds its scorecard on the call, and reads it by id, not the draft through it.
    const MINE = `query($id: ID!) { topicCall(id: $id) { myScorecards { id version scores { score } } } }`;
    expect((await ok(ZN, MINE, { id: call.id })).topicCall.myScorecards).toEqual([
      { id: card.id, version: 2, scores: [{ score: 5 }] },
    ]);
    expect((await ok(ZIN, MINE, { id: call.id })).topicCall.myScorecards).toEqual([]);
    expect(
      (
        await ok(ZN, `query($id: ID!) { node(id: $id) { ... on PriorityScorecard { version scores { score } } } }`, {
          id: card.id,
        })
      ).node,
    ).toEqual({ version: 2, scores: [{ score: 5 }] });
    // The draft's item is refused exactly as a question on no agenda: the refusal tells nothing of the draft.
    const elsewhere = await propose(app, ZN, {
      title: 'Werkt ergotherapie thuis beter dan in de praktijk?',
      sectorIds: [sectors['paramedische-zorg']],
    });
    const refusal = async (questionId: string) =>
      (
        await gqlAs(ZN, SCORECARD, {
          input: { agendaVersionId: call.agendaVersion.id, version: 2, scores: [score(questionId, 4)] },
        })
      ).errors?.map((e) => [e.extensions?.code, e.extensions?.field, e.message]);
    expect(await refusal(item)).toEqual(await refusal(elsewhere.id));
    expect((await refusal(item))?.[0]?.slice(0, 2)).toEqual(['BAD_USER_INPUT', 'input.scores.0.questionId']);
    // A party invited to neither learns nothing of the draft either.
    const outsider = await gqlAs('nvz.contributor@example.org', SCORECARD, {
      input: { agendaVersionId: call.agendaVersion.id, scores: [score(question.id, 1)] },
    });
    expect(outsider.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    // The coordinator sees the changed score in the shared ranking.
    const ranking = await ok(
      ZIN,
      `query($id: ID!) { node(id: $id) { ... on ResearchAgendaVersion { sharedPriorities { question { id } overall { mean } } } } }`,
      { id: call.agendaVersion.id },
    );
    expect(ranking.node.sharedPriorities).toEqual([{ question: { id: question.id }, overall: { mean: 5 } }]);
  });

  it('quotes a contribution that a spreadsheet would run as a formula', async () => {
    const round = await openRound((await draftAssessment('Concept-standpunt formule')).id);
    await ok('zn.contributor@example.org', CONTRIBUTE, {
      input: { roundId: round.id, type: 'GENERAL', text: '=HYPERLINK("http://example.org")' },
    });
    const csv = await fetch(`${app.baseUrl}/exports/consultations/${encodeURIComponent(round.id)}.csv`, {
      headers: await asUser(app, ZIN),
    });
    expect(csv.status).toBe(200);
    expect(await csv.text()).toContain(`"'=HYPERLINK(""http://example.org"")"`);
  });
});

describe('the comment table of a large round', () => {
  it('holds every contribution, read in pages, none cut off', async () => {
    const round = await openRound((await draftAssessment('Concept-standpunt veel inbreng')).id);
    const roundId = fromGlobalId(round.id).id;
    const partyId = fromGlobalId(parties.nvz).id;
    await app.dataSource.query(
      `INSERT INTO contribution (round_id, party_id, type, text, created_at)
       SELECT $1, $2, 'GENERAL', 'Inbreng ' || n, now() - make_interval(secs => 5001 - n) FROM generate_series(1, 5001) n`,
      [roundId, partyId],
    );
    const csv = await fetch(`${app.baseUrl}/exports/consultations/${encodeURIComponent(round.id)}.csv`, {
      headers: await asUser(app, ZIN),
    });
    expect(csv.status).toBe(200);
    const lines = (await csv.text()).trim().split(/\r?\n/);
    expect(lines).toHaveLength(1 + 5001);
    expect(lines[1]).toContain('Inbreng 1,');
    expect(lines.at(-1)).toContain('Inbreng 5001,');
  });
});

describe('what waits for a party', () => {
  it('lists the rounds a party is invited to, for its members only, latest closing first', async () => {
    const first = await openRound((await draftAssessment('Concept-standpunt wachtrij 1')).id, {
      closesAt: new Date(Date.now() + HOUR).toISOString(),
    });
    const second = await openRound((await draftAssessment('Concept-standpunt wachtrij 2')).id, {
      closesAt: new Date(Date.now() + 2 * HOUR).toISOString(),
    });
    const QUERY = `query($id: ID!) { party: node(id: $id) { ... on Party { consultationInvitations(first: 100) { totalCount nodes { id } } } } }`;
    const mine = (await ok('nvz.contributor@example.org', QUERY, { id: parties.nvz })).party.consultationInvitations;
    const ids = mine.nodes.map((n: any) => n.id);
    expect(ids.indexOf(second.id)).toBeLessThan(ids.indexOf(first.id));
    expect(ids.indexOf(first.id)).toBeGreaterThanOrEqual(0);
    expect(mine.totalCount).toBe(ids.length);
    expect(
      (await ok('zn.contributor@example.org', QUERY, { id: parties.nvz })).party.consultationInvitations,
    ).toBeNull();
    expect((await ok(null, QUERY, { id: parties.nvz })).party.consultationInvitations).toBeNull();
  });
});

describe('the inbox (wat wacht op ons)', () => {
  const INBOX = `query { myInbox(first: 100, filter: { kinds: [CONSULTATION_ROUND_OPEN, CONTRIBUTION_AWAITING_RESPONSE] }) { nodes { kind subjectId party { key } } } }`;
  const waiting = async (email: string, ids: string[]) =>
    ((await ok(email, INBOX)).myInbox.nodes as { kind: string; subjectId: string; party: { key: string } }[])
      .filter((n) => ids.includes(n.subjectId))
      .map((n) => [n.kind, n.party.key]);

  it('shows an open round to the invited parties, and its unanswered contributions to the owner once closed', async () => {
    const round = await openRound((await draftAssessment('Concept-standpunt inbox')).id);
    expect(await waiting('zn.contributor@example.org', [round.id])).toEqual([['CONSULTATION_ROUND_OPEN', 'zn']]);
    expect(await waiting('nza.viewer@example.org', [round.id])).toEqual([]);
    expect(await waiting(ZIN, [round.id])).toEqual([]);
    const c = (
      await ok('zn.contributor@example.org', CONTRIBUTE, { input: { roundId: round.id, type: 'GENERAL', text: 'x' } })
    ).addContribution;
    await closeRound(round);
    expect(await waiting('zn.contributor@example.org', [round.id, c.id])).toEqual([]);
    expect(await waiting(ZIN, [round.id, c.id])).toEqual([['CONTRIBUTION_AWAITING_RESPONSE', 'zorginstituut']]);
    await ok(ZIN, `mutation($input: RespondToContributionInput!) { respondToContribution(input: $input) { id } }`, {
      input: { contributionId: c.id, version: c.version, response: 'NOTED', reasoning: 'Gezien.' },
    });
    expect(await waiting(ZIN, [round.id, c.id])).toEqual([]);
  });
});

describe('events (the change feed)', () => {
  const CHANGES = `query($ids: [ID!]) { changes(first: 50, filter: { subjectIds: $ids }) { edges { node { type } } } }`;
  const types = async (email: string | null, ids: string[]) =>
    ((await ok(email, CHANGES, { ids })).changes.edges as { node: { type: string } }[]).map((e) => e.node.type);

  it('tells who may read the round of its opening, closing, answers and conclusion, and nobody else', async () => {
    const round = await openRound((await draftAssessment('Concept-standpunt gebeurtenissen')).id, {
      invitedPartyKinds: ['INSURER'],
    });
    const c = (
      await ok('zn.contributor@example.org', CONTRIBUTE, { input: { roundId: round.id, type: 'GENERAL', text: 'x' } })
    ).addContribution;
    const closed = await closeRound(round);
    await ok(ZIN, `mutation($input: RespondToContributionInput!) { respondToContribution(input: $input) { id } }`, {
      input: { contributionId: c.id, version: c.version, response: 'NOTED', reasoning: 'Gezien.' },
    });
    await ok(ZIN, `mutation($input: ConsultationRoundRefInput!) { concludeConsultationRound(input: $input) { id } }`, {
      input: { roundId: closed.id, version: closed.version },
    });
    const all = [
      'CONSULTATION_ROUND_OPENED',
      'CONSULTATION_ROUND_CLOSED',
      'CONTRIBUTION_ANSWERED',
      'CONSULTATION_ROUND_CONCLUDED',
    ].sort();
    expect((await types(ZIN, [round.id, c.id])).sort()).toEqual(all);
    expect((await types('zn.contributor@example.org', [round.id, c.id])).sort()).toEqual(all);
    expect(await types('nvz.contributor@example.org', [round.id, c.id])).toEqual([]);
    expect(await types(null, [round.id, c.id])).toEqual([]);
  });
});

describe('a new coordinator', () => {
  const NHG = 'nhg.editor@example.org';
  /** NHG's own knowledge agenda, new. */
  async function nhgAgenda(title: string): Promise<string> {
    const sectors = await idsByKey(app, 'Sector', 'sector');
    const input = {
      title,
      kind: 'ASSOCIATION_KNOWLEDGE_AGENDA',
      ownerPartyId: parties.nhg,
      sectorId: sectors.huisartsenzorg,
    };
    return (
      await ok(NHG, `mutation($input: CreateResearchAgendaInput!) { createResearchAgenda(input: $input) { id } }`, {
        input,
      })
    ).createResearchAgenda.id as string;
  }
  /** VWS names Zorginstituut the agenda's coordinator. */
  async function handOverToZorginstituut(agendaId: string): Promise<void> {
    const { version } = (await ok(NHG, `query($id: ID!) { researchAgenda(id: $id) { version } }`, { id: agendaId }))
      .researchAgenda;
    await ok(
      'vws.editor@example.org',
      `mutation($input: UpdateResearchAgendaInput!) { updateResearchAgenda(input: $input) { version } }`,
      { input: { agendaId, version, coordinatorPartyId: parties.zorginstituut } },
    );
  }

  it('leaves an association’s own knowledge agenda’s call with the association, which still places from it', async () => {
    const sectors = await idsByKey(app, 'Sector', 'sector');
    const agendaId = await nhgAgenda('Kennisagenda NHG (overdracht)');
    const call = (
      await ok(NHG, `mutation($input: OpenTopicCallInput!) { openTopicCall(input: $input) { id } }`, {
        input: { agendaId, title: 'Uitvraag NHG', invitedPartyIds: [parties.patientenfederatie] },
      })
    ).openTopicCall as { id: string };
    const question = await propose(app, 'pfn.contributor@example.org', {
      title: 'Helpt een leefstijlconsult bij diabetes type 2 in de huisartsenpraktijk?',
      sectorIds: [sectors.huisartsenzorg],
    });
    const submission = (
      await ok('pfn.contributor@example.org', SUBMIT, { input: { callId: call.id, questionId: question.id } })
    ).submitToTopicCall as { id: string };
    await handOverToZorginstituut(agendaId);
    await pastDeadline(call.id);
    const placed = await ok(NHG, PLACE, { input: { submissionId: submission.id } });
    expect(placed.placeTopicCallSubmission.placedAt).toEqual(expect.any(String));
  });

  it('leaves a call the association opens after the handover with the association (and mends calls opened before the fix)', async () => {
    const sectors = await idsByKey(app, 'Sector', 'sector');
    const agendaId = await nhgAgenda('Kennisagenda NHG (uitvraag na overdracht)');
    await handOverToZorginstituut(agendaId);
    const call = (
      await ok(
        NHG,
        `mutation($input: OpenTopicCallInput!) { openTopicCall(input: $input) { id coordinatorParty { key } } }`,
        { input: { agendaId, title: 'Uitvraag NHG na overdracht', invitedPartyIds: [parties.patientenfederatie] } },
      )
    ).openTopicCall as { id: string; coordinatorParty: { key: string } };
    expect(call.coordinatorParty.key).toBe('nhg');
    const question = await propose(app, 'pfn.contributor@example.org', {
      title: 'Helpt beweegadvies door de huisarts bij artrose?',
      sectorIds: [sectors.huisartsenzorg],
    });
    const submission = (
      await ok('pfn.contributor@example.org', SUBMIT, { input: { callId: call.id, questionId: question.id } })
    ).submitToTopicCall as { id: string };
    const SUBMISSIONS = `query($id: ID!) { topicCall(id: $id) { submissions { id } } }`;
    expect((await ok(NHG, SUBMISSIONS, { id: call.id })).topicCall.submissions).toEqual([{ id: submission.id }]);
    // A call stored with the coordinator before the fix goes back to the association.
    const callRow = fromGlobalId(call.id).id;
    await app.dataSource.query(`UPDATE topic_call SET coordinator_party_id = $2 WHERE id = $1`, [
      callRow,
      fromGlobalId(parties.zorginstituut!).id,
    ]);
    expect((await ok(NHG, SUBMISSIONS, { id: call.id })).topicCall).toBeNull();
    const runner = app.dataSource.createQueryRunner();
    try {
      await new AssociationCallsStayWithTheAssociation1800001600000().up(runner);
    } finally {
      await runner.release();
    }
    await pastDeadline(call.id);
    expect((await ok(NHG, SUBMISSIONS, { id: call.id })).topicCall.submissions).toEqual([{ id: submission.id }]);
    const placed = await ok(NHG, PLACE, { input: { submissionId: submission.id } });
    expect(placed.placeTopicCallSubmission.placedAt).toEqual(expect.any(String));
  });

  it('takes over the agenda’s round in progress and its call, and the former one no longer runs them', async () => {
    const agendas = await idsByKey(app, 'ResearchAgenda', 'research_agenda');
    const sectors = await idsByKey(app, 'Sector', 'sector');
    const ZEGG = 'zegg.editor@example.org';
    const agendaId = agendas['onderzoeksagenda-msz']!;
    const agenda = async () =>
      (
        await ok(ZEGG, `query($id: ID!) { researchAgenda(id: $id) { version latestVersion { id } } }`, {
          id: agendaId,
        })
      ).researchAgenda as { version: number; latestVersion: { id: string } };
    const round = (
      await ok(ZEGG, OPEN, {
        input: {
          targetId: (await agenda()).latestVersion.id,
          question: 'Wat vindt u van deze agenda?',
          closesAt: new Date(Date.now() + HOUR).toISOString(),
          invitedPartyKinds: ['INSURER'],
          // Zorginstituut is consulted, then becomes the coordinator: then it is no longer among the consulted.
          invitedPartyIds: [parties.zorginstituut],
        },
      })
    ).openConsultationRound as { id: string; version: number };
    const call = (
      await ok(ZEGG, `mutation($input: OpenTopicCallInput!) { openTopicCall(input: $input) { id } }`, {
        input: { agendaId, title: 'Uitvraag msz', invitedPartyKinds: ['INSURER'] },
      })
    ).openTopicCall as { id: string };
    const question = await propose(app, ZN, {
      title: 'Wanneer is een tweede opinie in de medisch-specialistische zorg zinnig?',
      sectorIds: [sectors.msz],
    });
    const submission = (await ok(ZN, SUBMIT, { input: { callId: call.id, questionId: question.id } }))
      .submitToTopicCall as { id: string };
    // Zorginstituut's own grant leaves msz to ZE&GG; a grant for msz makes it a coordinator VWS may name there.
    await app.dataSource.query(
      `INSERT INTO capability_grant (key, capability, grantee, party_id, sector_id, min_role, scope, rationale)
       SELECT 'test-zin-coordinates-msz', 'COORDINATE_AGENDAS', 'PARTY', p.id, s.id, 'EDITOR', 'ANY_PARTY', 'test'
         FROM party p, sector s WHERE p.key = 'zorginstituut' AND s.key = 'msz' ON CONFLICT (key) DO NOTHING`,
    );
    await ok(
      'vws.editor@example.org',
      `mutation($input: UpdateResearchAgendaInput!) { updateResearchAgenda(input: $input) { version } }`,
      { input: { agendaId, version: (await agenda()).version, coordinatorPartyId: parties.zorginstituut } },
    );
    const CLOSE = `mutation($input: ConsultationRoundRefInput!) { closeConsultationRound(input: $input) { status } }`;
    const taken = { roundId: round.id, version: round.version + 1 };
    expect((await gqlAs(ZEGG, CLOSE, { input: taken })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const invited = (
      await ok(ZIN, `query($id: ID!) { consultationRound(id: $id) { invitedParties { key } } }`, { id: round.id })
    ).consultationRound.invitedParties.map((p: { key: string }) => p.key);
    expect(invited).toContain('zn');
    expect(invited).not.toContain('zorginstituut');
    expect((await ok(ZIN, CLOSE, { input: taken })).closeConsultationRound.status).toBe('CLOSED');
    const SUBMISSION = `query($id: ID!) { node(id: $id) { id } }`;
    expect((await ok(ZIN, SUBMISSION, { id: submission.id })).node).toEqual({ id: submission.id });
    expect((await ok(ZEGG, SUBMISSION, { id: submission.id })).node).toBeNull();
    const audit = await app.dataSource.query(
      `SELECT entity_type, action FROM audit_event WHERE entity_id = ANY($1) AND action = 'UPDATE' ORDER BY entity_type`,
      [[fromGlobalId(round.id).id, fromGlobalId(call.id).id]],
    );
    expect(audit).toEqual([
      { entity_type: 'ConsultationRound', action: 'UPDATE' },
      { entity_type: 'TopicCall', action: 'UPDATE' },
    ]);
  });
});

describe('submissions are per party', () => {
  it('lets a second party submit a question another submitted, unaware of it; placing one places both', async () => {
    const agendas = await idsByKey(app, 'ResearchAgenda', 'research_agenda');
    const sectors = await idsByKey(app, 'Sector', 'sector');
    const NVZ = 'nvz.contributor@example.org';
    const call = (
      await ok(ZIN, `mutation($input: OpenTopicCallInput!) { openTopicCall(input: $input) { id } }`, {
        input: {
          agendaId: agendas['onderzoeksagenda-ggz'],
          title: 'Uitvraag per partij',
          invitedPartyKinds: ['INSURER', 'PROVIDER_ASSOCIATION'],
        },
      })
    ).openTopicCall as { id: string };
    const question = await propose(app, ZN, {
      title: 'Wat kost een wachtlijst in de ggz de verzekeraar?',
      sectorIds: [sectors.ggz],
    });
    const first = (await ok(ZN, SUBMIT, { input: { callId: call.id, questionId: question.id } })).submitToTopicCall;
    const SUBMISSIONS = `query($id: ID!) { topicCall(id: $id) { submissions { id party { key } placedAt } } }`;
    expect((await ok(NVZ, SUBMISSIONS, { id: call.id })).topicCall.submissions).toEqual([]);
    // Submitting the same question answers as for any other: nothing tells NVZ that ZN submitted it.
    const second = (
      await ok(NVZ, SUBMIT, { input: { callId: call.id, questionId: question.id, note: 'Ook voor ziekenhuizen.' } })
    ).submitToTopicCall;
    const again = await gqlAs(ZN, SUBMIT, { input: { callId: call.id, questionId: question.id } });
    expect(again.errors?.[0]?.message).toBe('Your party already submitted this question to this call.');
    expect((await ok(NVZ, SUBMISSIONS, { id: call.id })).topicCall.submissions).toEqual([
      { id: second.id, party: { key: 'nvz' }, placedAt: null },
    ]);
    const coordinator = (await ok(ZIN, SUBMISSIONS, { id: call.id })).topicCall.submissions;
    expect(coordinator.map((s: { party: { key: string } }) => s.party.key).sort()).toEqual(['nvz', 'zn']);
    await pastDeadline(call.id);
    await ok(ZIN, PLACE, { input: { submissionId: first.id } });
    const placed = (await ok(ZIN, SUBMISSIONS, { id: call.id })).topicCall.submissions;
    expect(placed.map((s: { placedAt: string | null }) => s.placedAt)).toEqual([
      expect.any(String),
      expect.any(String),
    ]);
    const twice = await gqlAs(ZIN, PLACE, { input: { submissionId: second.id } });
    expect(twice.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await itemQuestionIds(agendas['onderzoeksagenda-ggz']!)).filter((id) => id === question.id)).toHaveLength(
      1,
    );
    const audit = await app.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE entity_id = ANY($1) AND action = 'PLACE'`,
      [[fromGlobalId(first.id).id, fromGlobalId(second.id).id]],
    );
    expect(audit[0].n).toBe(2);
  });
});
