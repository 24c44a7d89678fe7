import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { outcome } from '../../helpers/outcome';
import { idsByKey, propose } from '../../helpers/research';

const ZIN = 'zin.editor@example.org';
const VWS = 'vws.editor@example.org';
const ZEGG = 'zegg.editor@example.org';
let app: TestApp;
let parties: Record<string, string>;
let sectors: Record<string, string>;

beforeAll(async () => {
  app = await createTestApp();
  parties = await idsByKey(app, 'Party', 'party');
  sectors = await idsByKey(app, 'Sector', 'sector');
});
afterAll(() => app.close());

const UPDATE_AGENDA = `mutation($input: UpdateResearchAgendaInput!) {
  updateResearchAgenda(input: $input) { version title period { label earliest latest } coordinatorParty { key } } }`;

/** The party that coordinates agendas of `sector`: ZE&GG in msz, Zorginstituut elsewhere (null: cross-sector). */
const coordinatorOf = (sector: string | null) => (sector === 'msz' ? 'zegg' : 'zorginstituut');

/** A new agenda of `sector` (null: a cross-sector agenda), created by its coordinator. */
async function newAgenda(sector: string | null = 'wijkverpleging') {
  const res = await app.gql(
    `mutation($input: CreateResearchAgendaInput!) { createResearchAgenda(input: $input) { id version } }`,
    {
      input: {
        title: `Kennisagenda ${sector ?? 'sectoroverstijgend'} (test)`,
        kind: sector ? 'SECTOR_MULTIYEAR' : 'CROSS_SECTOR',
        sectorId: sector ? sectors[sector] : null,
        coordinatorPartyId: parties[coordinatorOf(sector)],
      },
    },
    await asUser(app, sector === 'msz' ? ZEGG : ZIN),
  );
  expect(res.errors).toBeUndefined();
  return res.data!.createResearchAgenda as { id: string; version: number };
}

describe('updateResearchAgenda', () => {
  it('refuses an edit that changes nothing, and changes no version, whoever sends it', async () => {
    const agenda = await newAgenda();
    const tries = await Promise.all(
      [ZIN, 'pfn.contributor@example.org'].map(async (email) =>
        outcome(
          await app.gql(
            UPDATE_AGENDA,
            { input: { agendaId: agenda.id, version: agenda.version } },
            await asUser(app, email),
          ),
          () => 'changed',
        ),
      ),
    );
    const after = await app.gql(`query($id: ID!) { researchAgenda(id: $id) { version } }`, { id: agenda.id });
    expect([tries, after.data!.researchAgenda.version]).toEqual([['BAD_USER_INPUT', 'BAD_USER_INPUT'], agenda.version]);
  });

  it('lets the coordinator change title and period, and VWS the coordinator', async () => {
    // ZE&GG's grant is bound to msz, where Zorginstituut's does not reach: a second coordinator for ggz is granted
    // here, so VWS has a party to name.
    await app.dataSource.query(
      `INSERT INTO capability_grant (key, capability, grantee, party_id, sector_id, min_role, scope, rationale)
       SELECT 'test-zegg-coordinates-ggz', 'COORDINATE_AGENDAS', 'PARTY', p.id, s.id, 'EDITOR', 'OWN_PARTY', 'test'
         FROM party p, sector s WHERE p.key = 'zegg' AND s.key = 'ggz' ON CONFLICT (key) DO NOTHING`,
    );
    const agenda = await newAgenda('ggz');
    const period = { label: '2026-2028', earliest: '2026-01-01', latest: '2028-12-31', precision: 'RANGE' };
    const edited = await app.gql(
      UPDATE_AGENDA,
      {
        input: { agendaId: agenda.id, version: agenda.version, title: 'Kennisagenda ggz 2026-2028', period },
      },
      await asUser(app, ZIN),
    );
    expect(edited.data!.updateResearchAgenda).toEqual({
      version: agenda.version + 1,
      title: 'Kennisagenda ggz 2026-2028',
      period: { label: '2026-2028', earliest: '2026-01-01', latest: '2028-12-31' },
      coordinatorParty: { key: 'zorginstituut' },
    });
    const moved = await app.gql(
      UPDATE_AGENDA,
      { input: { agendaId: agenda.id, version: agenda.version + 1, coordinatorPartyId: parties.zegg } },
      await asUser(app, VWS),
    );
    expect(moved.data!.updateResearchAgenda.coordinatorParty).toEqual({ key: 'zegg' });
    // The named coordinator acts on the agenda from then on.
    const renamed = await app.gql(
      UPDATE_AGENDA,
      { input: { agendaId: agenda.id, version: agenda.version + 2, title: 'Kennisagenda ggz (ZE&GG)' } },
      await asUser(app, ZEGG),
    );
    expect(renamed.data!.updateResearchAgenda.title).toBe('Kennisagenda ggz (ZE&GG)');
  });

  // A coordinator is a party whose COORDINATE_AGENDAS covers the agenda's sector: ZE&GG's is bound to msz,
  // an insurer holds none. Naming another would leave nobody but VWS able to act on the agenda.
  it.each([
    ['ZE&GG for a wijkverpleging agenda', 'zegg', 'wijkverpleging'],
    ['ZE&GG for a cross-sector agenda', 'zegg', null],
    ['an insurer (ZN) for an msz agenda', 'zn', 'msz'],
  ])('refuses VWS naming %s, and the agenda stays as it was', async (_case, party, sector) => {
    const agenda = await newAgenda(sector);
    const res = await app.gql(
      UPDATE_AGENDA,
      { input: { agendaId: agenda.id, version: agenda.version, coordinatorPartyId: parties[party] } },
      await asUser(app, VWS),
    );
    const after = await app.gql(`query($id: ID!) { researchAgenda(id: $id) { version coordinatorParty { key } } }`, {
      id: agenda.id,
    });
    expect([res.errors?.[0]?.extensions, after.data!.researchAgenda]).toEqual([
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'input.coordinatorPartyId' }),
      { version: agenda.version, coordinatorParty: { key: coordinatorOf(sector) } },
    ]);
  });

  it.each([
    ['the coordinator naming another coordinator', ZIN, { coordinatorPartyId: 'zegg' }, 'FORBIDDEN'],
    ['VWS changing the title', VWS, { title: 'Andere titel' }, 'FORBIDDEN'],
    ['an association', 'fms.editor@example.org', { title: 'Andere titel' }, 'FORBIDDEN'],
    ['a stale version', ZIN, { title: 'Andere titel', version: 99 }, 'CONFLICT'],
    ['an empty coordinator', VWS, { coordinatorPartyId: null }, 'BAD_USER_INPUT'],
    ['anonymous', null, { title: 'Andere titel' }, 'UNAUTHENTICATED'],
  ])('refuses %s', async (_case, email, change: Record<string, unknown>, code) => {
    const agenda = await newAgenda();
    const input: Record<string, unknown> = { agendaId: agenda.id, version: agenda.version, ...change };
    if (typeof change.coordinatorPartyId === 'string') input.coordinatorPartyId = parties[change.coordinatorPartyId];
    const res = await app.gql(UPDATE_AGENDA, { input }, await asUser(app, email));
    expect(outcome(res, (d) => d.updateResearchAgenda.version)).toBe(code);
  });
});

const UPDATE_QUESTION = `mutation($input: UpdateKnowledgeQuestionInput!) {
  updateKnowledgeQuestion(input: $input) { version title population status } }`;
const SIMILAR = `query($text: String!) { similarQuestions(input: { text: $text, first: 10 }) { question { id } } }`;

describe('updateKnowledgeQuestion', () => {
  it('changes the text of a proposed question, and the duplicate search finds it by its new words only', async () => {
    const q = await propose(app, 'pfn.contributor@example.org', {
      title: 'Werkt zwemtherapie voor kniepijn bij ouderen?',
      sectorIds: [sectors['paramedische-zorg']],
    });
    const before = await app.gql(SIMILAR, { text: 'zwemtherapie kniepijn' });
    expect(before.data!.similarQuestions.map((s: any) => s.question.id)).toContain(q.id);
    const res = await app.gql(
      UPDATE_QUESTION,
      {
        input: {
          id: q.id,
          version: q.version,
          title: 'Werkt loopbandtraining voor heupartrose bij ouderen?',
          population: 'Ouderen met heupartrose',
        },
      },
      await asUser(app, 'pfn.contributor@example.org'),
    );
    expect(res.data!.updateKnowledgeQuestion).toEqual({
      version: q.version + 1,
      title: 'Werkt loopbandtraining voor heupartrose bij ouderen?',
      population: 'Ouderen met heupartrose',
      status: 'PROPOSED',
    });
    const found = await app.gql(SIMILAR, { text: 'loopbandtraining heupartrose' });
    expect(found.data!.similarQuestions.map((s: any) => s.question.id)).toContain(q.id);
    const gone = await app.gql(SIMILAR, { text: 'zwemtherapie kniepijn' });
    expect(gone.data!.similarQuestions.map((s: any) => s.question.id)).not.toContain(q.id);
  });

  it('refuses another party, and any edit once the question is prioritised', async () => {
    const q = await propose(app, 'pfn.contributor@example.org', {
      title: 'Helpt leefstijlcoaching bij diabetes type 2?',
      sectorIds: [sectors.huisartsenzorg],
    });
    const other = await app.gql(
      UPDATE_QUESTION,
      { input: { id: q.id, version: q.version, title: 'Een andere vraag over iets' } },
      await asUser(app, 'fms.editor@example.org'),
    );
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const prioritised = await app.gql(
      `mutation($input: TransitionKnowledgeQuestionInput!) { transitionKnowledgeQuestion(input: $input) { version } }`,
      { input: { questionId: q.id, version: q.version, status: 'PRIORITISED' } },
      await asUser(app, ZIN),
    );
    expect(prioritised.errors).toBeUndefined();
    const late = await app.gql(
      UPDATE_QUESTION,
      {
        input: {
          id: q.id,
          version: prioritised.data!.transitionKnowledgeQuestion.version,
          title: 'Een andere vraag over iets',
        },
      },
      await asUser(app, 'pfn.contributor@example.org'),
    );
    expect(late.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', status: 'PRIORITISED' });
  });

  it('refuses any edit once an adopted agenda holds the question, though it is still PROPOSED', async () => {
    const q = await propose(app, 'pfn.contributor@example.org', {
      title: 'Helpt een wandelgroep bij lichte somberheid?',
      sectorIds: [sectors.ggz],
    });
    const { createResearchAgenda: agenda } = (
      await app.gql(
        `mutation($input: CreateResearchAgendaInput!) { createResearchAgenda(input: $input) { id version } }`,
        {
          input: {
            title: 'Agenda met een vastgestelde vraag',
            kind: 'SECTOR_MULTIYEAR',
            sectorId: sectors.ggz,
            coordinatorPartyId: parties.zorginstituut,
          },
        },
        await asUser(app, ZIN),
      )
    ).data!;
    let version = agenda.version as number;
    for (const [mutation, extra] of [
      ['addQuestionToAgenda', { questionId: q.id }],
      ['submitResearchAgendaForConsultation', {}],
      ['adoptResearchAgenda', {}],
    ] as const) {
      const input = mutation === 'addQuestionToAgenda' ? 'AddQuestionToAgendaInput' : 'AgendaRefInput';
      const res = await app.gql(
        `mutation($input: ${input}!) { ${mutation}(input: $input) { agenda { version } } }`,
        { input: { agendaId: agenda.id, version, ...extra } },
        await asUser(app, ZIN),
      );
      expect(res.errors).toBeUndefined();
      version = res.data![mutation].agenda.version;
    }
    const late = await app.gql(
      UPDATE_QUESTION,
      { input: { id: q.id, version: q.version, title: 'Een heel andere vraag over iets' } },
      await asUser(app, 'pfn.contributor@example.org'),
    );
    expect(late.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', status: 'PROPOSED' });
  });
});
