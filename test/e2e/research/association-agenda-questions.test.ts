import { fromGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { outcome } from '../../helpers/outcome';
import { idsByKey, propose } from '../../helpers/research';

/**
 * An association sets its own knowledge agenda (`verenigingen-eigen-kennisagenda`), so it coordinates the
 * questions its adopted agenda holds, whoever VWS names as that agenda's coordinator.
 */
const MDL = 'mdl.editor@example.org';
const NHG = 'nhg.editor@example.org';
let app: TestApp;
let parties: Record<string, string>;
let sectors: Record<string, string>;
let questions: Record<string, string>;
let criteria: Record<string, string>;
beforeAll(async () => {
  app = await createTestApp();
  parties = await idsByKey(app, 'Party', 'party');
  sectors = await idsByKey(app, 'Sector', 'sector');
  questions = await idsByKey(app, 'KnowledgeQuestion', 'knowledge_question');
  criteria = await idsByKey(app, 'PrioritisationCriterion', 'prioritisation_criterion');
});
afterAll(() => app.close());

const CREATE = `mutation($input: CreateResearchAgendaInput!) { createResearchAgenda(input: $input) { id } }`;
const ADD = `mutation($input: AddQuestionToAgendaInput!) { addQuestionToAgenda(input: $input) { number } }`;
const SUBMIT = `mutation($input: AgendaRefInput!) { submitResearchAgendaForConsultation(input: $input) { status } }`;
const ADOPT = `mutation($input: AgendaRefInput!) { adoptResearchAgenda(input: $input) { status } }`;
const UPDATE_AGENDA = `mutation($input: UpdateResearchAgendaInput!) { updateResearchAgenda(input: $input) { coordinatorParty { key } } }`;
const TRANSITION = `mutation($input: TransitionKnowledgeQuestionInput!) { transitionKnowledgeQuestion(input: $input) { status } }`;
const SCORE = `mutation($input: ScoreKnowledgeQuestionInput!) { scoreKnowledgeQuestion(input: $input) { scores { scoredByParty { key } } } }`;
const MERGE = `mutation($input: MergeKnowledgeQuestionsInput!) { mergeKnowledgeQuestions(input: $input) { status } }`;

async function ok(email: string, query: string, variables: Record<string, unknown>) {
  const res = await app.gql(query, variables, await asUser(app, email));
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!;
}

async function versionOf(table: 'research_agenda' | 'knowledge_question', globalId: string): Promise<number> {
  const [row] = await app.dataSource.query(`SELECT version FROM ${table} WHERE id = $1`, [fromGlobalId(globalId).id]);
  return row.version;
}

/** An association's own knowledge agenda holding new questions of its own, adopted unless `draft`. */
async function ownAgenda(
  email: string,
  party: string,
  sector: string,
  titles: string[],
  draft = false,
): Promise<{ agendaId: string; questionIds: string[] }> {
  const input = {
    title: `Kennisagenda ${party} (${titles[0]})`,
    kind: 'ASSOCIATION_KNOWLEDGE_AGENDA',
    sectorId: sectors[sector],
    ownerPartyId: parties[party],
  };
  const agendaId = (await ok(email, CREATE, { input })).createResearchAgenda.id as string;
  const questionIds: string[] = [];
  for (const title of titles) {
    const { id } = await propose(app, email, { title, sectorIds: [sectors[sector]] });
    await ok(email, ADD, {
      input: { agendaId, version: await versionOf('research_agenda', agendaId), questionId: id },
    });
    questionIds.push(id);
  }
  if (!draft)
    for (const step of [SUBMIT, ADOPT])
      await ok(email, step, { input: { agendaId, version: await versionOf('research_agenda', agendaId) } });
  return { agendaId, questionIds };
}

async function prioritise(email: string, questionId: string) {
  const res = await app.gql(
    TRANSITION,
    { input: { questionId, version: await versionOf('knowledge_question', questionId), status: 'PRIORITISED' } },
    await asUser(app, email),
  );
  return outcome(res, (d) => d.transitionKnowledgeQuestion.status);
}

async function score(email: string, questionId: string) {
  const res = await app.gql(
    SCORE,
    {
      input: {
        questionId,
        version: await versionOf('knowledge_question', questionId),
        scores: [{ criterionId: criteria.haalbaarheid, score: 4 }],
      },
    },
    await asUser(app, email),
  );
  return outcome(res, (d) => d.scoreKnowledgeQuestion.scores.map((s: any) => s.scoredByParty.key));
}

describe("questions on an association's own adopted knowledge agenda", () => {
  it('are prioritised, scored and merged by the association, recorded as acting for itself', async () => {
    const {
      questionIds: [first, second],
    } = await ownAgenda(MDL, 'mdl-artsen', 'msz', [
      'Wat is de waarde van surveillance-endoscopie na 75 jaar?',
      'Heeft surveillance-endoscopie na het 75e levensjaar nog zin?',
    ]);
    const prioritised = await prioritise(MDL, first!);
    const scored = await score(MDL, first!);
    const merged = outcome(
      await app.gql(
        MERGE,
        {
          input: { questionId: second, version: await versionOf('knowledge_question', second!), intoQuestionId: first },
        },
        await asUser(app, MDL),
      ),
      (d) => d.mergeKnowledgeQuestions.status,
    );
    const acting = await app.dataSource.query(
      `SELECT p.key FROM audit_event e JOIN party p ON p.id = e.acting_party_id
        WHERE e.entity_id = $1 AND e.action = 'TRANSITION'`,
      [fromGlobalId(first!).id],
    );
    expect([prioritised, scored, merged, acting]).toEqual([
      'PRIORITISED',
      ['mdl-artsen'],
      'MERGED',
      [{ key: 'mdl-artsen' }],
    ]);
  });

  it.each([
    [
      "on another association's adopted knowledge agenda (NHG)",
      async () =>
        (await ownAgenda(NHG, 'nhg', 'huisartsenzorg', ['Helpt een leefstijlconsult bij prediabetes?']))
          .questionIds[0]!,
    ],
    [
      "on its own agenda's draft, not adopted",
      async () =>
        (await ownAgenda(MDL, 'mdl-artsen', 'msz', ['Is capsule-endoscopie doelmatig?'], true)).questionIds[0]!,
    ],
    ['on an adopted agenda Zorginstituut coordinates', async () => questions['passende-meerzorg-wlz']!],
  ])('refuses the association prioritising or scoring a question %s', async (_case, question) => {
    const questionId = await question();
    expect([await prioritise(MDL, questionId), await score(MDL, questionId)]).toEqual(['FORBIDDEN', 'FORBIDDEN']);
  });

  it('stay the association’s when VWS names another coordinator for its agenda', async () => {
    const {
      agendaId,
      questionIds: [questionId],
    } = await ownAgenda(MDL, 'mdl-artsen', 'msz', ['Wanneer is een controle-coloscopie na poliepen zinnig?']);
    const named = await ok('vws.editor@example.org', UPDATE_AGENDA, {
      input: { agendaId, version: await versionOf('research_agenda', agendaId), coordinatorPartyId: parties.zegg },
    });
    const rejected = outcome(
      await app.gql(
        TRANSITION,
        { input: { questionId, version: await versionOf('knowledge_question', questionId!), status: 'REJECTED' } },
        await asUser(app, 'zegg.editor@example.org'),
      ),
      (d) => d.transitionKnowledgeQuestion.status,
    );
    expect([
      named.updateResearchAgenda.coordinatorParty,
      rejected,
      await score('zegg.editor@example.org', questionId!),
      await prioritise(MDL, questionId!),
    ]).toEqual([{ key: 'zegg' }, 'FORBIDDEN', 'FORBIDDEN', 'PRIORITISED']);
  });
});
