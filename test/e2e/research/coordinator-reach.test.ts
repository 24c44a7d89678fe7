import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { outcome } from '../../helpers/outcome';
import { AGENDA, idsByKey, propose } from '../../helpers/research';

/**
 * Issue 19, F3: a coordinator acts only where it legitimately coordinates. Placing another party's
 * question on one's own draft gives no power over it; ZE&GG's grant is bound to msz; an association
 * coordinates its own knowledge agenda; a funder registers projects in its own name only.
 */
let app: TestApp;
let parties: Record<string, string>;
let sectors: Record<string, string>;
let agendas: Record<string, string>;
let criteria: Record<string, string>;
beforeAll(async () => {
  app = await createTestApp();
  parties = await idsByKey(app, 'Party', 'party');
  sectors = await idsByKey(app, 'Sector', 'sector');
  agendas = await idsByKey(app, 'ResearchAgenda', 'research_agenda');
  criteria = await idsByKey(app, 'PrioritisationCriterion', 'prioritisation_criterion');
});
afterAll(() => app.close());

async function gqlAs(email: string | null, query: string, variables?: Record<string, unknown>) {
  return app.gql(query, variables, await asUser(app, email));
}

const ADD = `mutation($input: AddQuestionToAgendaInput!) { addQuestionToAgenda(input: $input) { number status } }`;
const SUBMIT = `mutation($input: AgendaRefInput!) { submitResearchAgendaForConsultation(input: $input) { status } }`;
const ADOPT = `mutation($input: AgendaRefInput!) { adoptResearchAgenda(input: $input) { number status } }`;
const MERGE = `mutation($input: MergeKnowledgeQuestionsInput!) { mergeKnowledgeQuestions(input: $input) { status } }`;
const TRANSITION = `mutation($input: TransitionKnowledgeQuestionInput!) { transitionKnowledgeQuestion(input: $input) { status } }`;
const SCORE = `mutation($input: ScoreKnowledgeQuestionInput!) { scoreKnowledgeQuestion(input: $input) { priorityTotal } }`;
const CREATE_AGENDA = `mutation($input: CreateResearchAgendaInput!) { createResearchAgenda(input: $input) { coordinatorParty { key } } }`;
const CREATE_PROJECT = `mutation($input: CreateResearchProjectInput!) { createResearchProject(input: $input) { funderParty { key } } }`;

async function agendaVersion(agendaId: string): Promise<number> {
  const res = await gqlAs(null, `query($id: ID!) { researchAgenda(id: $id) { version } }`, { id: agendaId });
  return res.data!.researchAgenda.version;
}

async function questionVersion(questionId: string): Promise<number> {
  const res = await gqlAs(null, `query($id: ID!) { node(id: $id) { ... on KnowledgeQuestion { version } } }`, {
    id: questionId,
  });
  return res.data!.node.version;
}

/** Adds the question to the agenda as `email`; throws on an error. */
async function add(email: string, agendaId: string, questionId: string): Promise<void> {
  const res = await gqlAs(email, ADD, { input: { agendaId, version: await agendaVersion(agendaId), questionId } });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
}

/** Takes the agenda's open version through consultation to adoption as `email`. */
async function adopt(email: string, agendaId: string): Promise<void> {
  for (const mutation of [SUBMIT, ADOPT]) {
    const res = await gqlAs(email, mutation, { input: { agendaId, version: await agendaVersion(agendaId) } });
    if (res.errors) throw new Error(JSON.stringify(res.errors));
  }
}

async function versionStatuses(agendaId: string): Promise<string[]> {
  const res = await gqlAs('zin.editor@example.org', AGENDA, { id: agendaId });
  return res.data!.researchAgenda.versions.map((v: { status: string }) => v.status);
}

describe('a foreign question on one’s own draft gives no power over it', () => {
  let zinQuestion: string;
  let survivor: string;
  beforeAll(async () => {
    // A question on Zorginstituut's adopted ggz agenda, which ZE&GG then puts on its own msz draft.
    zinQuestion = (
      await propose(app, 'pfn.contributor@example.org', {
        title: 'Helpt vroege signalering van depressie bij jongeren in de ggz?',
        sectorIds: [sectors.ggz],
      })
    ).id;
    survivor = (
      await propose(app, 'pfn.contributor@example.org', {
        title: 'Werkt vroegsignalering van depressie bij adolescenten?',
        sectorIds: [sectors.msz],
      })
    ).id;
    await add('zin.editor@example.org', agendas['onderzoeksagenda-ggz'], zinQuestion);
    await adopt('zin.editor@example.org', agendas['onderzoeksagenda-ggz']);
    await add('zegg.editor@example.org', agendas['onderzoeksagenda-msz'], zinQuestion);
  });

  it.each([
    [
      'mergeKnowledgeQuestions',
      async () =>
        gqlAs('zegg.editor@example.org', MERGE, {
          input: { questionId: zinQuestion, version: await questionVersion(zinQuestion), intoQuestionId: survivor },
        }),
    ],
    [
      'transitionKnowledgeQuestion',
      async () =>
        gqlAs('zegg.editor@example.org', TRANSITION, {
          input: { questionId: zinQuestion, version: await questionVersion(zinQuestion), status: 'PRIORITISED' },
        }),
    ],
    [
      'scoreKnowledgeQuestion',
      async () =>
        gqlAs('zegg.editor@example.org', SCORE, {
          input: {
            questionId: zinQuestion,
            version: await questionVersion(zinQuestion),
            scores: [{ criterionId: criteria['impact-patienten'], score: 3 }],
          },
        }),
    ],
  ])('ZE&GG is refused %s, and Zorginstituut’s adopted agenda keeps its versions', async (_, send) => {
    const before = await versionStatuses(agendas['onderzoeksagenda-ggz']);
    expect(before).toEqual(['ADOPTED']);
    expect(outcome(await send(), () => 'CHANGED')).toBe('FORBIDDEN');
    expect(await versionStatuses(agendas['onderzoeksagenda-ggz'])).toEqual(before);
  });

  it('lets Zorginstituut, which coordinates the adopted agenda, change the question', async () => {
    const res = await gqlAs('zin.editor@example.org', TRANSITION, {
      input: { questionId: survivor, version: await questionVersion(survivor), status: 'PRIORITISED' },
    });
    expect(outcome(res, (data) => data.transitionKnowledgeQuestion.status)).toBe('PRIORITISED');
  });
});

describe('ZE&GG coordinates through an adopted msz agenda', () => {
  it('may change a question once its own adopted msz agenda holds it, not while only its draft does', async () => {
    const agendaId = agendas['onderzoeksagenda-msz'];
    const question = await propose(app, 'fms.editor@example.org', {
      title: 'Wat is de meerwaarde van een geriatrische consultatie op de SEH?',
      sectorIds: [sectors.msz],
    });
    await add('zegg.editor@example.org', agendaId, question.id);
    const transition = async () =>
      gqlAs('zegg.editor@example.org', TRANSITION, {
        input: { questionId: question.id, version: await questionVersion(question.id), status: 'PRIORITISED' },
      });
    expect(outcome(await transition(), (data) => data.transitionKnowledgeQuestion.status)).toBe('FORBIDDEN');
    await adopt('zegg.editor@example.org', agendaId);
    expect(outcome(await transition(), (data) => data.transitionKnowledgeQuestion.status)).toBe('PRIORITISED');
  });
});

describe('who may name a coordinator', () => {
  it.each([
    ['zegg.editor@example.org', { kind: 'SECTOR_MULTIYEAR', sector: 'msz', coordinator: 'zegg' }, 'zegg'],
    ['zegg.editor@example.org', { kind: 'SECTOR_MULTIYEAR', sector: 'ggz', coordinator: 'zegg' }, 'FORBIDDEN'],
    ['zegg.editor@example.org', { kind: 'CROSS_SECTOR', sector: null, coordinator: 'zegg' }, 'FORBIDDEN'],
    [
      'zin.editor@example.org',
      { kind: 'SECTOR_MULTIYEAR', sector: 'ggz', coordinator: 'zorginstituut' },
      'zorginstituut',
    ],
    [
      'nhg.editor@example.org',
      { kind: 'ASSOCIATION_KNOWLEDGE_AGENDA', owner: 'nhg', coordinator: 'zegg' },
      'FORBIDDEN',
    ],
    ['nhg.editor@example.org', { kind: 'ASSOCIATION_KNOWLEDGE_AGENDA', owner: 'nhg', coordinator: 'nhg' }, 'nhg'],
  ])('%s creating %j → %s', async (email, spec: Record<string, string | null>, expected) => {
    const res = await gqlAs(email, CREATE_AGENDA, {
      input: {
        title: `Agenda ${spec.kind} ${spec.sector ?? spec.owner}`,
        kind: spec.kind,
        sectorId: spec.sector ? sectors[spec.sector] : null,
        ownerPartyId: spec.owner ? parties[spec.owner] : null,
        coordinatorPartyId: parties[spec.coordinator!],
      },
    });
    expect(outcome(res, (data) => data.createResearchAgenda.coordinatorParty.key)).toBe(expected);
  });
});

describe('a funder registers projects in its own name', () => {
  it.each([
    ['zonmw', 'zonmw'],
    ['zorginstituut', 'FORBIDDEN'],
    ['fms', 'FORBIDDEN'],
  ])('ZonMw registering a project funded by %s → %s', async (funder, expected) => {
    const res = await gqlAs('zonmw.editor@example.org', CREATE_PROJECT, {
      input: { title: `Project op naam van ${funder}`, funderPartyId: parties[funder], programmeKey: 'kppz' },
    });
    expect(outcome(res, (data) => data.createResearchProject.funderParty.key)).toBe(expected);
  });
});

describe('a merge changes the survivor and every agenda that holds the duplicate', () => {
  let duplicate: string;
  let survivor: string;
  beforeAll(async () => {
    // D on ZE&GG's adopted msz agenda (it coordinates D there); D and S on Zorginstituut's adopted ggz agenda.
    duplicate = (
      await propose(app, 'pfn.contributor@example.org', {
        title: 'Hoe vaak leidt een tweede opinie tot een andere behandeling?',
        sectorIds: [sectors.msz],
      })
    ).id;
    survivor = (
      await propose(app, 'pfn.contributor@example.org', {
        title: 'Verandert een second opinion de gekozen behandeling?',
        sectorIds: [sectors.ggz],
      })
    ).id;
    await add('zegg.editor@example.org', agendas['onderzoeksagenda-msz'], duplicate);
    await adopt('zegg.editor@example.org', agendas['onderzoeksagenda-msz']);
    await add('zin.editor@example.org', agendas['onderzoeksagenda-ggz'], duplicate);
    await add('zin.editor@example.org', agendas['onderzoeksagenda-ggz'], survivor);
    await adopt('zin.editor@example.org', agendas['onderzoeksagenda-ggz']);
  });

  it('is refused to a coordinator who may not change the survivor or those agendas, which keep their versions', async () => {
    const before = await versionStatuses(agendas['onderzoeksagenda-ggz']);
    const res = await gqlAs('zegg.editor@example.org', MERGE, {
      input: { questionId: duplicate, version: await questionVersion(duplicate), intoQuestionId: survivor },
    });
    expect(outcome(res, () => 'MERGED')).toBe('FORBIDDEN');
    expect(await versionStatuses(agendas['onderzoeksagenda-ggz'])).toEqual(before);
  });
});
