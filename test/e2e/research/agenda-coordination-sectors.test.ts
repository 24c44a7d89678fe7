import { fromGlobalId, toGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { outcome } from '../../helpers/outcome';
import { idsByKey, propose } from '../../helpers/research';

/**
 * Zorginstituut coordinates the research agendas of every sector but msz, which ZE&GG coordinates (its grant
 * `zin-coordinate-agendas` excludes msz): it neither creates nor acts on an msz agenda, nor sets the status or
 * scores of a question that only msz agendas or an association's own knowledge agenda hold.
 */
const ZIN = 'zin.editor@example.org';
const ZEGG = 'zegg.editor@example.org';
const VWS = 'vws.editor@example.org';
const NHG = 'nhg.editor@example.org';
let app: TestApp;
let parties: Record<string, string>;
let sectors: Record<string, string>;
let criteria: Record<string, string>;
beforeAll(async () => {
  app = await createTestApp();
  parties = await idsByKey(app, 'Party', 'party');
  sectors = await idsByKey(app, 'Sector', 'sector');
  criteria = await idsByKey(app, 'PrioritisationCriterion', 'prioritisation_criterion');
});
afterAll(() => app.close());

const CREATE = `mutation($input: CreateResearchAgendaInput!) { createResearchAgenda(input: $input) { id coordinatorParty { key } } }`;
const ADD = `mutation($input: AddQuestionToAgendaInput!) { addQuestionToAgenda(input: $input) { number } }`;
const SUBMIT = `mutation($input: AgendaRefInput!) { submitResearchAgendaForConsultation(input: $input) { status } }`;
const ADOPT = `mutation($input: AgendaRefInput!) { adoptResearchAgenda(input: $input) { status } }`;
const UPDATE = `mutation($input: UpdateResearchAgendaInput!) { updateResearchAgenda(input: $input) { title coordinatorParty { key } } }`;
const OPEN_CALL = `mutation($input: OpenTopicCallInput!) { openTopicCall(input: $input) { id } }`;
const OPEN_ROUND = `mutation($input: OpenConsultationRoundInput!) { openConsultationRound(input: $input) { id } }`;
const TRANSITION = `mutation($input: TransitionKnowledgeQuestionInput!) { transitionKnowledgeQuestion(input: $input) { status } }`;
const SCORE = `mutation($input: ScoreKnowledgeQuestionInput!) { scoreKnowledgeQuestion(input: $input) { status } }`;
const MERGE = `mutation($input: MergeKnowledgeQuestionsInput!) { mergeKnowledgeQuestions(input: $input) { status } }`;

async function gqlAs(email: string, query: string, variables: Record<string, unknown>) {
  return app.gql(query, variables, await asUser(app, email));
}

async function ok(email: string, query: string, variables: Record<string, unknown>) {
  const res = await gqlAs(email, query, variables);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!;
}

async function versionOf(table: 'research_agenda' | 'knowledge_question', globalId: string): Promise<number> {
  const [row] = await app.dataSource.query(`SELECT version FROM ${table} WHERE id = $1`, [fromGlobalId(globalId).id]);
  return row.version;
}

/** A new sector agenda (with its first draft) created by `email` for `coordinator`. */
async function agenda(email: string, sector: string, coordinator: string): Promise<string> {
  const input = {
    title: `Onderzoeksagenda ${sector} van ${coordinator} ${Math.random()}`,
    kind: 'SECTOR_MULTIYEAR',
    sectorId: sectors[sector],
    coordinatorPartyId: parties[coordinator],
  };
  return (await ok(email, CREATE, { input })).createResearchAgenda.id as string;
}

/**
 * An msz agenda with Zorginstituut as its coordinator, as a database may hold from before the grant left msz
 * out (VWS could name Zorginstituut, or Zorginstituut create one): created by ZE&GG, the coordinator then
 * set directly.
 */
async function mszAgendaOfZorginstituut(): Promise<string> {
  const id = await agenda(ZEGG, 'msz', 'zegg');
  await app.dataSource.query(`UPDATE research_agenda SET coordinator_party_id = $2 WHERE id = $1`, [
    fromGlobalId(id).id,
    fromGlobalId(parties.zorginstituut!).id,
  ]);
  return id;
}

async function draftVersionId(agendaId: string): Promise<string> {
  const [row] = await app.dataSource.query(
    `SELECT id FROM research_agenda_version WHERE agenda_id = $1 AND status = 'DRAFT'`,
    [fromGlobalId(agendaId).id],
  );
  return toGlobalId('ResearchAgendaVersion', row.id);
}

const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();

/** Each mutation that coordinates an agenda, as `email` on `agendaId`; answers what it came to. */
const AGENDA_MUTATIONS: [string, (email: string, agendaId: string) => Promise<string>][] = [
  [
    'addQuestionToAgenda',
    async (email, agendaId) => {
      const question = await propose(app, 'pfn.contributor@example.org', {
        title: `Helpt een valpreventieprogramma na ontslag uit het ziekenhuis? ${Math.random()}`,
        sectorIds: [sectors.msz],
      });
      const res = await gqlAs(email, ADD, {
        input: { agendaId, version: await versionOf('research_agenda', agendaId), questionId: question.id },
      });
      return outcome(res, () => 'CHANGED');
    },
  ],
  [
    'updateResearchAgenda',
    async (email, agendaId) => {
      const res = await gqlAs(email, UPDATE, {
        input: { agendaId, version: await versionOf('research_agenda', agendaId), title: 'Nieuwe titel' },
      });
      return outcome(res, () => 'CHANGED');
    },
  ],
  [
    'submitResearchAgendaForConsultation',
    async (email, agendaId) => {
      const res = await gqlAs(email, SUBMIT, {
        input: { agendaId, version: await versionOf('research_agenda', agendaId) },
      });
      return outcome(res, () => 'CHANGED');
    },
  ],
  [
    'openTopicCall',
    async (email, agendaId) => {
      const res = await gqlAs(email, OPEN_CALL, {
        input: { agendaId, title: 'Uitvraag kennisvragen', closesAt: inAWeek(), invitedPartyIds: [parties.fms] },
      });
      return outcome(res, () => 'CHANGED');
    },
  ],
  [
    'openConsultationRound',
    async (email, agendaId) => {
      const res = await gqlAs(email, OPEN_ROUND, {
        input: {
          targetId: await draftVersionId(agendaId),
          question: 'Mist u kennisvragen?',
          closesAt: inAWeek(),
          invitedPartyIds: [parties.fms],
        },
      });
      return outcome(res, () => 'CHANGED');
    },
  ],
];

describe('agendas: Zorginstituut’s coordination does not reach msz', () => {
  it.each(AGENDA_MUTATIONS)('Zorginstituut is refused %s on an msz agenda it was named for', async (_, send) => {
    expect(await send(ZIN, await mszAgendaOfZorginstituut())).toBe('FORBIDDEN');
  });

  it.each(AGENDA_MUTATIONS)('Zorginstituut may %s on a ggz agenda it coordinates', async (_, send) => {
    expect(await send(ZIN, await agenda(ZIN, 'ggz', 'zorginstituut'))).toBe('CHANGED');
  });

  it.each(AGENDA_MUTATIONS)('ZE&GG, the msz agenda’s coordinator, may %s', async (_, send) => {
    expect(await send(ZEGG, await agenda(ZEGG, 'msz', 'zegg'))).toBe('CHANGED');
  });

  it('says why: the sector, not the capability', async () => {
    const res = await gqlAs(ZIN, SUBMIT, {
      input: { agendaId: await mszAgendaOfZorginstituut(), version: 1 },
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(res.errors?.[0]?.message).toMatch(/does not reach this agenda's sector/);
  });

  it.each([
    ['msz', 'FORBIDDEN'],
    ['ggz', 'zorginstituut'],
  ])('Zorginstituut creating a %s agenda it coordinates → %s', async (sector, expected) => {
    const res = await gqlAs(ZIN, CREATE, {
      input: {
        title: `Agenda ${sector}`,
        kind: 'SECTOR_MULTIYEAR',
        sectorId: sectors[sector],
        coordinatorPartyId: parties.zorginstituut,
      },
    });
    expect(outcome(res, (data) => data.createResearchAgenda.coordinatorParty.key)).toBe(expected);
  });

  it.each([
    ['msz', 'BAD_USER_INPUT'],
    ['ggz', 'zorginstituut'],
  ])('VWS naming Zorginstituut coordinator of a %s agenda → %s', async (sector, expected) => {
    const agendaId = await agenda(ZEGG, 'msz', 'zegg');
    if (sector === 'ggz')
      await app.dataSource.query(`UPDATE research_agenda SET sector_id = $2 WHERE id = $1`, [
        fromGlobalId(agendaId).id,
        fromGlobalId(sectors.ggz!).id,
      ]);
    const res = await gqlAs(VWS, UPDATE, {
      input: {
        agendaId,
        version: await versionOf('research_agenda', agendaId),
        coordinatorPartyId: parties.zorginstituut,
      },
    });
    expect(outcome(res, (data) => data.updateResearchAgenda.coordinatorParty.key)).toBe(expected);
  });
});

/** A new question on a new adopted agenda of `kind`, created and adopted by `email`. */
async function heldQuestion(email: string, spec: { kind: string; sector: string; party: string }): Promise<string> {
  const own = spec.kind === 'ASSOCIATION_KNOWLEDGE_AGENDA';
  const agendaId = (
    await ok(email, CREATE, {
      input: {
        title: `Agenda ${spec.party} ${Math.random()}`,
        kind: spec.kind,
        sectorId: sectors[spec.sector],
        ownerPartyId: own ? parties[spec.party] : null,
        coordinatorPartyId: parties[spec.party],
      },
    })
  ).createResearchAgenda.id as string;
  const question = await propose(app, 'pfn.contributor@example.org', {
    title: `Wat levert samen beslissen op bij ${spec.sector}? ${Math.random()}`,
    sectorIds: [sectors[spec.sector]],
  });
  await ok(email, ADD, {
    input: { agendaId, version: await versionOf('research_agenda', agendaId), questionId: question.id },
  });
  for (const step of [SUBMIT, ADOPT])
    await ok(email, step, { input: { agendaId, version: await versionOf('research_agenda', agendaId) } });
  return question.id;
}

/** Each mutation on a question that needs its coordinator, as `email`; answers what it came to. */
const QUESTION_MUTATIONS: [string, (email: string, questionId: string) => Promise<string>][] = [
  [
    'transitionKnowledgeQuestion',
    async (email, questionId) =>
      outcome(
        await gqlAs(email, TRANSITION, {
          input: { questionId, version: await versionOf('knowledge_question', questionId), status: 'PRIORITISED' },
        }),
        () => 'CHANGED',
      ),
  ],
  [
    'scoreKnowledgeQuestion',
    async (email, questionId) =>
      outcome(
        await gqlAs(email, SCORE, {
          input: {
            questionId,
            version: await versionOf('knowledge_question', questionId),
            scores: [{ criterionId: criteria['impact-patienten'], score: 4 }],
          },
        }),
        () => 'CHANGED',
      ),
  ],
  [
    'mergeKnowledgeQuestions',
    async (email, questionId) => {
      // A duplicate no adopted agenda holds yet (a coordinator reaching every party may change it) merged into
      // the question, which changes with it.
      const duplicate = await propose(app, 'pfn.contributor@example.org', {
        title: `Samen beslissen: wat levert het op? ${Math.random()}`,
        sectorIds: [sectors.ggz],
      });
      return outcome(
        await gqlAs(email, MERGE, {
          input: { questionId: duplicate.id, version: duplicate.version, intoQuestionId: questionId },
        }),
        () => 'CHANGED',
      );
    },
  ],
];

describe('questions: Zorginstituut’s coordination does not reach what only msz and association agendas hold', () => {
  it.each(QUESTION_MUTATIONS)(
    'Zorginstituut is refused %s on a question only ZE&GG’s adopted msz agenda holds',
    async (_, send) => {
      const question = await heldQuestion(ZEGG, { kind: 'SECTOR_MULTIYEAR', sector: 'msz', party: 'zegg' });
      expect(await send(ZIN, question)).toBe('FORBIDDEN');
    },
  );

  it.each(QUESTION_MUTATIONS)(
    'Zorginstituut is refused %s on a question only an association’s own adopted agenda holds',
    async (_, send) => {
      const question = await heldQuestion(NHG, {
        kind: 'ASSOCIATION_KNOWLEDGE_AGENDA',
        sector: 'huisartsenzorg',
        party: 'nhg',
      });
      expect(await send(ZIN, question)).toBe('FORBIDDEN');
    },
  );

  it.each(QUESTION_MUTATIONS)('Zorginstituut may %s on a question its adopted ggz agenda holds', async (_, send) => {
    const question = await heldQuestion(ZIN, { kind: 'SECTOR_MULTIYEAR', sector: 'ggz', party: 'zorginstituut' });
    expect(await send(ZIN, question)).toBe('CHANGED');
  });

  it.each(QUESTION_MUTATIONS.slice(0, 2))(
    'ZE&GG, the msz agenda’s coordinator, may %s on a question its adopted msz agenda holds',
    async (_, send) => {
      const question = await heldQuestion(ZEGG, { kind: 'SECTOR_MULTIYEAR', sector: 'msz', party: 'zegg' });
      expect(await send(ZEGG, question)).toBe('CHANGED');
    },
  );

  it('Zorginstituut may still act on a question an adopted msz agenda and its own ggz agenda both hold', async () => {
    const question = await heldQuestion(ZEGG, { kind: 'SECTOR_MULTIYEAR', sector: 'msz', party: 'zegg' });
    const ggz = await agenda(ZIN, 'ggz', 'zorginstituut');
    await ok(ZIN, ADD, {
      input: { agendaId: ggz, version: await versionOf('research_agenda', ggz), questionId: question },
    });
    for (const step of [SUBMIT, ADOPT])
      await ok(ZIN, step, { input: { agendaId: ggz, version: await versionOf('research_agenda', ggz) } });
    expect(await QUESTION_MUTATIONS[0]![1](ZIN, question)).toBe('CHANGED');
  });
});
