import { parse } from 'csv-parse/sync';
import { fromGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { idsByKey, propose } from '../../helpers/research';

/**
 * Issue 21, “Tests that show it”, as one story through HTTP on a real database: a round on the ggz
 * agenda, contributions of three parties, what outsiders see, responses, conclusion, adoption and
 * the public comment table; a topic call; shared scores against numbers worked out by hand.
 */
let app: TestApp;
let parties: Record<string, string>;
let agendas: Record<string, string>;
let sectors: Record<string, string>;
let criteria: Record<string, string>;
let questions: Record<string, string>;
beforeAll(async () => {
  app = await createTestApp();
  parties = await idsByKey(app, 'Party', 'party');
  agendas = await idsByKey(app, 'ResearchAgenda', 'research_agenda');
  sectors = await idsByKey(app, 'Sector', 'sector');
  criteria = await idsByKey(app, 'PrioritisationCriterion', 'prioritisation_criterion');
  questions = await idsByKey(app, 'KnowledgeQuestion', 'knowledge_question');
});
afterAll(() => app.close());

const ZIN = 'zin.editor@example.org';
const PFN = 'pfn.contributor@example.org';
const ZN = 'zn.contributor@example.org';
const FMS = 'fms.contributor@example.org';

async function gqlAs(email: string | null, query: string, variables?: Record<string, unknown>) {
  return app.gql(query, variables, await asUser(app, email));
}

async function ok(email: string | null, query: string, variables?: Record<string, unknown>) {
  const res = await gqlAs(email, query, variables);
  expect(res.errors).toBeUndefined();
  return res.data!;
}

const GGZ_AGENDA = `query($id: ID!) { researchAgenda(id: $id) { id version latestVersion { id number status items { id rank question { id } } } } }`;
const OPEN = `mutation($input: OpenConsultationRoundInput!) { openConsultationRound(input: $input) { id version status targetKind invitedParties { key } } }`;
const CONTRIBUTE = `mutation($input: AddContributionInput!) { addContribution(input: $input) { id version type party { key } agendaItem { id } } }`;
const RESPOND = `mutation($input: RespondToContributionInput!) { respondToContribution(input: $input) { id version response } }`;
const CLOSE = `mutation($input: ConsultationRoundRefInput!) { closeConsultationRound(input: $input) { id version status } }`;
const CONCLUDE = `mutation($input: ConsultationRoundRefInput!) { concludeConsultationRound(input: $input) { id version status concludedAt } }`;
const COMMENT_TABLE = `query($id: ID!) { consultationRound(id: $id) { id status contributions(first: 100) { totalCount nodes { id type text party { key name } author { email } anchorKind agendaItem { rank } response responseReasoning responseChange } } } }`;

describe('a consultation round on the ggz agenda, from opening to the public comment table', () => {
  it('runs as the issue describes', async () => {
    const agenda = (await ok(ZIN, GGZ_AGENDA, { id: agendas['onderzoeksagenda-ggz'] })).researchAgenda;
    const version = agenda.latestVersion;
    expect(version.items.length).toBeGreaterThan(0);
    const item = version.items[0];

    // Today's gap: the patients' federation does not see the draft it is to be consulted on.
    const before = await ok(PFN, GGZ_AGENDA, { id: agendas['onderzoeksagenda-ggz'] });
    expect(before.researchAgenda.latestVersion).toBeNull();

    const opened = (
      await ok(ZIN, OPEN, {
        input: {
          targetId: version.id,
          question: 'Welke kennisvragen missen, en welke zijn het urgentst voor de ggz?',
          closesAt: new Date(Date.now() + 3_600_000).toISOString(),
          invitedPartyKinds: ['PATIENT_ORGANISATION', 'INSURER', 'SCIENTIFIC_ASSOCIATION'],
        },
      })
    ).openConsultationRound;
    expect(opened).toMatchObject({ status: 'OPEN', targetKind: 'AGENDA_VERSION' });
    expect(opened.invitedParties.map((p: any) => p.key)).toEqual(
      expect.arrayContaining(['patientenfederatie', 'zn', 'fms']),
    );
    expect(opened.invitedParties.map((p: any) => p.key)).not.toContain('nza');

    // The consulted now read the draft in full, items included; so does a VIEWER of an invited party.
    for (const email of [PFN, 'fms.viewer@example.org']) {
      const read = await ok(email, GGZ_AGENDA, { id: agendas['onderzoeksagenda-ggz'] });
      expect(read.researchAgenda.latestVersion.items.map((i: any) => i.id)).toEqual(
        version.items.map((i: any) => i.id),
      );
    }

    const patient = (
      await ok(PFN, CONTRIBUTE, {
        input: {
          roundId: opened.id,
          type: 'PATIENT_PERSPECTIVE',
          text: 'Patiënten vragen vooral om snellere toegang bij lichte problematiek.',
          anchorId: item.id,
        },
      })
    ).addContribution;
    expect(patient).toMatchObject({
      type: 'PATIENT_PERSPECTIVE',
      party: { key: 'patientenfederatie' },
      agendaItem: { id: item.id },
    });
    const impact = (
      await ok(ZN, CONTRIBUTE, {
        input: {
          roundId: opened.id,
          type: 'IMPACT',
          text: 'Verschuiving naar de huisarts vraagt andere contractering.',
        },
      })
    ).addContribution;
    const change = (
      await ok(FMS, CONTRIBUTE, {
        input: {
          roundId: opened.id,
          type: 'PROPOSED_CHANGE',
          text: 'Formuleer de vraag als vergelijking met de huidige zorg.',
          anchorId: item.id,
        },
      })
    ).addContribution;

    // A scientific association may not write an impact comment (COMMENT_IMPACT), nor an uninvited party anything.
    const refusedImpact = await gqlAs(FMS, CONTRIBUTE, { input: { roundId: opened.id, type: 'IMPACT', text: 'x' } });
    expect(refusedImpact.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // Outsiders see nothing of the draft, by any path.
    const PATHS = `query($agenda: ID!, $version: ID!, $round: ID!, $question: ID!) {
      researchAgenda(id: $agenda) { latestVersion { id } versions { id } }
      node(id: $version) { id }
      round: node(id: $round) { id }
      consultationRound(id: $round) { id }
      consultationRounds(targetId: $version) { id }
      knowledgeQuestion(id: $question) { agendas { agendaVersion { id } } }
      researchAgendas(first: 100) { nodes { key latestVersion { id } } }
    }`;
    for (const email of ['nza.viewer@example.org', 'zegg.editor@example.org', 'igj.viewer@example.org', null]) {
      const seen = await ok(email, PATHS, {
        agenda: agendas['onderzoeksagenda-ggz'],
        version: version.id,
        round: opened.id,
        question: item.question.id,
      });
      expect({
        latest: seen.researchAgenda.latestVersion,
        versions: seen.researchAgenda.versions,
        node: seen.node,
        roundNode: seen.round,
        round: seen.consultationRound,
        rounds: seen.consultationRounds,
        placements: seen.knowledgeQuestion.agendas.filter((a: any) => a.agendaVersion.id === version.id),
        listed: seen.researchAgendas.nodes.find((a: any) => a.key === 'onderzoeksagenda-ggz').latestVersion,
      }).toEqual({
        latest: null,
        versions: [],
        node: null,
        roundNode: null,
        round: null,
        rounds: [],
        placements: [],
        listed: null,
      });
      const csv = await fetch(`${app.baseUrl}/exports/consultations/${encodeURIComponent(opened.id)}.csv`, {
        headers: await asUser(app, email),
      });
      expect(csv.status).toBe(404);
    }

    // The owner closes the round; concluding with unanswered contributions is refused and lists them.
    const closed = (await ok(ZIN, CLOSE, { input: { roundId: opened.id, version: opened.version } }))
      .closeConsultationRound;
    expect(closed.status).toBe('CLOSED');
    const lateEdit = await gqlAs(PFN, CONTRIBUTE, { input: { roundId: opened.id, type: 'GENERAL', text: 'Te laat.' } });
    expect(lateEdit.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    await ok(ZIN, RESPOND, {
      input: {
        contributionId: patient.id,
        version: patient.version,
        response: 'ACCEPTED',
        reasoning: 'Terecht punt.',
        change: 'Vraag 1 noemt nu wachttijd als uitkomst.',
      },
    });
    const refused = await gqlAs(ZIN, CONCLUDE, { input: { roundId: opened.id, version: closed.version } });
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect([...refused.errors![0]!.extensions!.openContributionIds].sort()).toEqual([impact.id, change.id].sort());

    await ok(ZIN, RESPOND, {
      input: {
        contributionId: impact.id,
        version: impact.version,
        response: 'NOTED',
        reasoning: 'Hoort bij de implementatie.',
      },
    });
    await ok(ZIN, RESPOND, {
      input: {
        contributionId: change.id,
        version: change.version,
        response: 'PARTLY_ACCEPTED',
        reasoning: 'Deels.',
        change: 'Vergelijking toegevoegd.',
      },
    });
    const concluded = (await ok(ZIN, CONCLUDE, { input: { roundId: opened.id, version: closed.version } }))
      .concludeConsultationRound;
    expect(concluded.status).toBe('CONCLUDED');

    // Not public before adoption.
    expect((await ok(null, COMMENT_TABLE, { id: opened.id })).consultationRound).toBeNull();

    const current = (await ok(ZIN, GGZ_AGENDA, { id: agendas['onderzoeksagenda-ggz'] })).researchAgenda;
    await ok(
      ZIN,
      `mutation($input: AgendaRefInput!) { submitResearchAgendaForConsultation(input: $input) { status } }`,
      {
        input: { agendaId: current.id, version: current.version },
      },
    );
    const submitted = (await ok(ZIN, GGZ_AGENDA, { id: agendas['onderzoeksagenda-ggz'] })).researchAgenda;
    await ok(ZIN, `mutation($input: AgendaRefInput!) { adoptResearchAgenda(input: $input) { status } }`, {
      input: { agendaId: submitted.id, version: submitted.version },
    });

    // After adoption anyone reads the comment table; people's names stay with those who may see members.
    const table = (await ok(null, COMMENT_TABLE, { id: opened.id })).consultationRound;
    expect(table.contributions.totalCount).toBe(3);
    expect(table.contributions.nodes.map((n: any) => [n.party.key, n.type, n.response, n.author])).toEqual([
      ['patientenfederatie', 'PATIENT_PERSPECTIVE', 'ACCEPTED', null],
      ['zn', 'IMPACT', 'NOTED', null],
      ['fms', 'PROPOSED_CHANGE', 'PARTLY_ACCEPTED', null],
    ]);
    const ownView = (await ok(PFN, COMMENT_TABLE, { id: opened.id })).consultationRound;
    expect(ownView.contributions.nodes[0].author).toEqual({ email: PFN });

    const response = await fetch(`${app.baseUrl}/exports/consultations/${encodeURIComponent(opened.id)}.csv`);
    expect(response.status).toBe(200);
    const rows: Record<string, string>[] = parse((await response.text()).replace(/^\uFEFF/, ''), { columns: true });
    expect(rows.map((r) => [r.party, r.type, r.anchorKind, r.response, r.text])).toEqual(
      table.contributions.nodes.map((n: any) => [n.party.name, n.type, n.anchorKind ?? '', n.response, n.text]),
    );
    expect(rows.map((r) => r.author)).toEqual(['', '', '']);
    // The comment table takes no filter: one is refused rather than ignored; a cache buster passes.
    const base = `${app.baseUrl}/exports/consultations/${encodeURIComponent(opened.id)}.csv`;
    const filtered = await fetch(`${base}?party=zn`);
    expect(filtered.status).toBe(400);
    expect(((await filtered.json()) as { errors: { extensions: unknown }[] }).errors[0]!.extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'party',
    });
    expect((await fetch(`${base}?_=1733490000`)).status).toBe(200);
  });
});

describe('a topic call (uitvraag)', () => {
  it('collects questions from three parties and places two on the draft, each with its origin', async () => {
    const agenda = (await ok(ZIN, GGZ_AGENDA, { id: agendas['onderzoeksagenda-wijkverpleging'] })).researchAgenda;
    const call = (
      await ok(
        ZIN,
        `mutation($input: OpenTopicCallInput!) { openTopicCall(input: $input) { id status agendaVersion { id } } }`,
        {
          input: {
            agendaId: agenda.id,
            title: 'Uitvraag kennisvragen wijkverpleging 2027',
            closesAt: new Date(Date.now() + 3_600_000).toISOString(),
            invitedPartyKinds: ['PATIENT_ORGANISATION', 'PROVIDER_ASSOCIATION', 'INSURER'],
          },
        },
      )
    ).openTopicCall;
    expect(call.status).toBe('OPEN');
    const SUBMIT = `mutation($input: SubmitToTopicCallInput!) { submitToTopicCall(input: $input) { id party { key } question { id } } }`;
    const submissions = [];
    for (const [email, title] of [
      [PFN, 'Wat is het effect van wijkverpleging op eenzaamheid bij ouderen thuis?'],
      [
        'nvz.contributor@example.org',
        'Welke inzet van wijkverpleging voorkomt ziekenhuisopnames bij kwetsbare ouderen?',
      ],
      [ZN, 'Wat kost nachtelijke wijkverpleging vergeleken met opname in een verpleeghuis?'],
    ] as const) {
      const question = await propose(app, email, { title, sectorIds: [sectors.wijkverpleging] });
      submissions.push(
        (await ok(email, SUBMIT, { input: { callId: call.id, questionId: question.id } })).submitToTopicCall,
      );
    }
    // Only the coordinator's side and the invited parties know the call before anything from it is placed.
    const PUBLIC_CALL = `query($id: ID!) { topicCall(id: $id) { submissions { party { key } } } }`;
    expect((await ok(null, PUBLIC_CALL, { id: call.id })).topicCall).toBeNull();
    expect((await ok(ZN, PUBLIC_CALL, { id: call.id })).topicCall.submissions).toEqual([{ party: { key: 'zn' } }]);
    // Placing waits for the deadline.
    const early = await gqlAs(
      ZIN,
      `mutation($input: PlaceTopicCallSubmissionInput!) { placeTopicCallSubmission(input: $input) { placedAt } }`,
      {
        input: { submissionId: submissions[0].id },
      },
    );
    expect(early.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    await app.dataSource.query(
      `UPDATE topic_call SET opens_at = now() - interval '2 hours', closes_at = now() - interval '1 second'`,
    );

    const perParty = (
      await ok(ZIN, `query($id: ID!) { topicCall(id: $id) { status submissions { party { key } question { id } } } }`, {
        id: call.id,
      })
    ).topicCall;
    expect(perParty.status).toBe('CLOSED');
    expect(perParty.submissions.map((s: any) => s.party.key).sort()).toEqual(['nvz', 'patientenfederatie', 'zn']);

    for (const s of [submissions[0], submissions[2]])
      await ok(
        ZIN,
        `mutation($input: PlaceTopicCallSubmissionInput!) { placeTopicCallSubmission(input: $input) { placedAt } }`,
        {
          input: { submissionId: s.id },
        },
      );
    const draft = (await ok(ZIN, GGZ_AGENDA, { id: agendas['onderzoeksagenda-wijkverpleging'] })).researchAgenda
      .latestVersion;
    const placed = draft.items.map((i: any) => i.question.id);
    expect(placed).toEqual(expect.arrayContaining([submissions[0].question.id, submissions[2].question.id]));
    expect(placed).not.toContain(submissions[1].question.id);
    const origin = await ok(
      null,
      `query($id: ID!) { knowledgeQuestion(id: $id) { callOrigins { party { key } call { title } } } }`,
      {
        id: submissions[2].question.id,
      },
    );
    const publicCall = (await ok(null, PUBLIC_CALL, { id: call.id })).topicCall;
    expect(publicCall.submissions.map((x: any) => x.party.key).sort()).toEqual(['patientenfederatie', 'zn']);
    expect(origin.knowledgeQuestion.callOrigins).toEqual([
      { party: { key: 'zn' }, call: { title: 'Uitvraag kennisvragen wijkverpleging 2027' } },
    ]);
  });
});

describe('shared prioritisation', () => {
  it('aggregates one scorecard per party, overall and per party kind, as worked out by hand', async () => {
    const agenda = (await ok(ZIN, GGZ_AGENDA, { id: agendas['onderzoeksagenda-paramedische-zorg'] })).researchAgenda;
    const q1 = questions['lichte-ggz-problematiek-juiste-niveau']!;
    const extra = await propose(app, ZIN, {
      title: 'Wat is het effect van fysiotherapie bij artrose van de knie op lange termijn?',
      sectorIds: [sectors['paramedische-zorg']],
    });
    await ok(ZIN, `mutation($input: AddQuestionToAgendaInput!) { addQuestionToAgenda(input: $input) { id } }`, {
      input: { agendaId: agenda.id, version: agenda.version, questionId: q1 },
    });
    const again = (await ok(ZIN, GGZ_AGENDA, { id: agendas['onderzoeksagenda-paramedische-zorg'] })).researchAgenda;
    await ok(ZIN, `mutation($input: AddQuestionToAgendaInput!) { addQuestionToAgenda(input: $input) { id } }`, {
      input: { agendaId: again.id, version: again.version, questionId: extra.id },
    });
    const version = (await ok(ZIN, GGZ_AGENDA, { id: agendas['onderzoeksagenda-paramedische-zorg'] })).researchAgenda
      .latestVersion;
    const round = (
      await ok(ZIN, OPEN, {
        input: {
          targetId: version.id,
          question: 'Scoor de vragen.',
          closesAt: new Date(Date.now() + 3_600_000).toISOString(),
          invitedPartyIds: [parties.patientenfederatie, parties.zn, parties.nvz],
        },
      })
    ).openConsultationRound;
    const SCORE = `mutation($input: SubmitPriorityScorecardInput!) { submitPriorityScorecard(input: $input) { id version party { key } } }`;
    const u = criteria['urgentie-maatschappelijke-impact'];
    const p = criteria['impact-patienten'];
    // Every criterion weighs 1, so a party's total for a question is the sum of its scores.
    // q1: PFN 5+4 = 9, ZN 2+1 = 3, NVZ 3+3 = 6 → mean 6, spread (population sd) √6 ≈ 2.449, 3 parties.
    // extra: PFN 1+1 = 2, ZN 4+4 = 8 → mean 5, spread 3, 2 parties. q1 ranks first.
    const cards: [string, [string, number, number][]][] = [
      [
        PFN,
        [
          [q1, 5, 4],
          [extra.id, 1, 1],
        ],
      ],
      [
        ZN,
        [
          [q1, 2, 1],
          [extra.id, 4, 4],
        ],
      ],
      ['nvz.contributor@example.org', [[q1, 3, 3]]],
    ];
    const cardIds: Record<string, string> = {};
    for (const [email, rows] of cards)
      cardIds[email] = (
        await ok(email, SCORE, {
          input: {
            agendaVersionId: version.id,
            scores: rows.flatMap(([questionId, a, b]) => [
              { questionId, criterionId: u, score: a },
              { questionId, criterionId: p, score: b },
            ]),
          },
        })
      ).submitPriorityScorecard.id;
    // A scorecard shows the draft it scored only while its party may read that draft (checked again after the round).
    const SCORED = `query($id: ID!) { node(id: $id) { ... on PriorityScorecard { agendaVersion { id } } } }`;
    expect((await ok(PFN, SCORED, { id: cardIds[PFN] })).node.agendaVersion).toEqual({ id: version.id });
    const ranking = (
      await ok(
        ZIN,
        `query($id: ID!) { node(id: $id) { ... on ResearchAgendaVersion { sharedPriorities { rank question { id } overall { mean spread parties } byPartyKind { partyKind mean spread parties } } } } }`,
        { id: version.id },
      )
    ).node.sharedPriorities;
    expect(
      ranking.map((r: any) => [
        r.rank,
        r.question.id,
        r.overall.mean,
        Number(r.overall.spread.toFixed(3)),
        r.overall.parties,
      ]),
    ).toEqual([
      [1, q1, 6, 2.449, 3],
      [2, extra.id, 5, 3, 2],
    ]);
    expect(ranking[0].byPartyKind).toEqual([
      { partyKind: 'INSURER', mean: 3, spread: 0, parties: 1 },
      { partyKind: 'PATIENT_ORGANISATION', mean: 9, spread: 0, parties: 1 },
      { partyKind: 'PROVIDER_ASSOCIATION', mean: 6, spread: 0, parties: 1 },
    ]);
    // Each party reads back its own scorecard (with the version to send when it changes it); the coordinator all three.
    const CARDS = `query($id: ID!) { node(id: $id) { ... on ResearchAgendaVersion { scorecards { party { key } version scores { question { id } score } } } } }`;
    const own = (await ok(PFN, CARDS, { id: version.id })).node.scorecards;
    expect(own).toHaveLength(1);
    expect(own[0]).toMatchObject({ party: { key: 'patientenfederatie' }, version: 1 });
    expect(own[0].scores.map((s: any) => s.score).sort()).toEqual([1, 1, 4, 5]);
    expect((await ok(ZIN, CARDS, { id: version.id })).node.scorecards.map((c: any) => c.party.key).sort()).toEqual([
      'nvz',
      'patientenfederatie',
      'zn',
    ]);
    // The coordinator alone sees the ranking while it is a draft.
    const outsider = await ok('nza.viewer@example.org', `query($id: ID!) { node(id: $id) { id } }`, { id: version.id });
    expect(outsider.node).toBeNull();
    const patients = await ok(
      PFN,
      `query($id: ID!) { node(id: $id) { ... on ResearchAgendaVersion { sharedPriorities { rank } } } }`,
      {
        id: version.id,
      },
    );
    expect(patients.node.sharedPriorities).toBeNull();

    // A question submitted to a call feeding this draft, scored by its party and never placed: the public
    // record below leaves it out.
    const { openTopicCall: call } = await ok(
      ZIN,
      `mutation($input: OpenTopicCallInput!) { openTopicCall(input: $input) { id } }`,
      {
        input: {
          agendaId: agendas['onderzoeksagenda-paramedische-zorg'],
          title: 'Uitvraag paramedische zorg (test)',
          closesAt: new Date(Date.now() + 3_600_000).toISOString(),
          invitedPartyKinds: ['PATIENT_ORGANISATION'],
        },
      },
    );
    const unplaced = await propose(app, PFN, {
      title: 'Helpt oefentherapie thuis na een heupoperatie bij ouderen?',
      sectorIds: [sectors['paramedische-zorg']],
    });
    await ok(PFN, `mutation($input: SubmitToTopicCallInput!) { submitToTopicCall(input: $input) { id } }`, {
      input: {
        callId: call.id,
        questionId: unplaced.id,
        scores: [{ questionId: unplaced.id, criterionId: u, score: 5 }],
      },
    });
    await app.dataSource.query(
      `UPDATE topic_call SET opens_at = now() - interval '2 hours', closes_at = now() - interval '1 second'
        WHERE id = $1`,
      [fromGlobalId(call.id).id],
    );

    // Adoption keeps the aggregate of the version's items and who took part, shown with the adopted version
    // to everyone.
    const closed = (await ok(ZIN, CLOSE, { input: { roundId: round.id, version: round.version } }))
      .closeConsultationRound;
    await ok(ZIN, CONCLUDE, { input: { roundId: closed.id, version: closed.version } });
    const after = await ok(PFN, SCORED, { id: cardIds[PFN] });
    expect(after.node).not.toBeNull();
    expect(after.node.agendaVersion).toBeNull();
    const current = (await ok(ZIN, GGZ_AGENDA, { id: agendas['onderzoeksagenda-paramedische-zorg'] })).researchAgenda;
    await ok(
      ZIN,
      `mutation($input: AgendaRefInput!) { submitResearchAgendaForConsultation(input: $input) { status } }`,
      {
        input: { agendaId: current.id, version: current.version },
      },
    );
    const submitted = (await ok(ZIN, GGZ_AGENDA, { id: agendas['onderzoeksagenda-paramedische-zorg'] })).researchAgenda;
    await ok(ZIN, `mutation($input: AgendaRefInput!) { adoptResearchAgenda(input: $input) { status } }`, {
      input: { agendaId: submitted.id, version: submitted.version },
    });
    const adopted = await ok(
      null,
      `query($id: ID!) { researchAgenda(id: $id) { adoptedVersion { prioritisation { recordedAt participants { key } ranking { rank question { id } overall { mean parties } } } } } }`,
      { id: agendas['onderzoeksagenda-paramedische-zorg'] },
    );
    const record = adopted.researchAgenda.adoptedVersion.prioritisation;
    expect(record.participants.map((p: any) => p.key).sort()).toEqual(['nvz', 'patientenfederatie', 'zn']);
    expect(record.ranking).toEqual([
      { rank: 1, question: { id: q1 }, overall: { mean: 6, parties: 3 } },
      { rank: 2, question: { id: extra.id }, overall: { mean: 5, parties: 2 } },
    ]);
  });
});
