import { fromGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { idsByKey, propose } from '../../helpers/research';
import { untilWaiting } from '../../helpers/locks';

/**
 * "An adopted version's priorities are final, even if a call feeding it is still open": a scorecard sent
 * while the version is being adopted either lands before the adoption keeps its ranking, or waits and is
 * refused; it never changes the version once adopted.
 */
let app: TestApp;
let agendas: Record<string, string>;
let sectors: Record<string, string>;
let criteria: Record<string, string>;
beforeAll(async () => {
  app = await createTestApp();
  agendas = await idsByKey(app, 'ResearchAgenda', 'research_agenda');
  sectors = await idsByKey(app, 'Sector', 'sector');
  criteria = await idsByKey(app, 'PrioritisationCriterion', 'prioritisation_criterion');
});
afterAll(() => app.close());

const ZIN = 'zin.editor@example.org';
const ZN = 'zn.contributor@example.org';

async function ok(email: string, query: string, variables: Record<string, unknown>) {
  const res = await app.gql(query, variables, await asUser(app, email));
  expect(res.errors).toBeUndefined();
  return res.data!;
}

it('refuses a scorecard sent while the version is adopted, and the adopted version keeps its scores', async () => {
  const agendaId = agendas['onderzoeksagenda-wijkverpleging']!;
  const agendaVersion = async () =>
    (await ok(ZIN, `query($id: ID!) { researchAgenda(id: $id) { version } }`, { id: agendaId })).researchAgenda
      .version as number;
  const step = async (mutation: string) =>
    ok(ZIN, `mutation($input: AgendaRefInput!) { ${mutation}(input: $input) { id number } }`, {
      input: { agendaId, version: await agendaVersion() },
    });
  // Version 1 adopted; a call then feeds a new draft, version 2, which adopting archives version 1.
  await step('submitResearchAgendaForConsultation');
  const first = (await step('adoptResearchAgenda')).adoptResearchAgenda as { id: string; number: number };
  const call = (
    await ok(
      ZIN,
      `mutation($input: OpenTopicCallInput!) { openTopicCall(input: $input) { id agendaVersion { id } } }`,
      {
        input: { agendaId, title: 'Uitvraag wijkverpleging', invitedPartyKinds: ['INSURER'] },
      },
    )
  ).openTopicCall as { id: string; agendaVersion: { id: string } };
  expect(call.agendaVersion.id).not.toBe(first.id);
  const question = await propose(app, ZN, {
    title: 'Voorkomt wijkverpleging ziekenhuisopnames bij ouderen?',
    sectorIds: [sectors.wijkverpleging],
  });
  const criterionId = Object.values(criteria)[0]!;
  await ok(ZN, `mutation($input: SubmitToTopicCallInput!) { submitToTopicCall(input: $input) { id } }`, {
    input: { callId: call.id, questionId: question.id, scores: [{ questionId: question.id, criterionId, score: 1 }] },
  });
  const [card]: { id: string; version: number }[] = await app.dataSource.query(
    'SELECT id, version FROM priority_scorecard WHERE agenda_version_id = $1',
    [fromGlobalId(call.agendaVersion.id).id],
  );
  await step('submitResearchAgendaForConsultation');

  let answers: Record<string, any>[] = [];
  const blocker = app.dataSource.createQueryRunner();
  await blocker.connect();
  try {
    await blocker.startTransaction();
    // Holding version 1 stops the adoption of version 2 where it archives version 1, after it read the scores.
    await blocker.query('SELECT id FROM research_agenda_version WHERE id = $1 FOR UPDATE', [fromGlobalId(first.id).id]);
    const adopted = app.gql(
      `mutation($input: AgendaRefInput!) { adoptResearchAgenda(input: $input) { number status } }`,
      { input: { agendaId, version: await agendaVersion() } },
      await asUser(app, ZIN),
    );
    await untilWaiting(app.dataSource, 1);
    let scoredAnswered = false;
    const scored = app
      .gql(
        `mutation($input: SubmitPriorityScorecardInput!) { submitPriorityScorecard(input: $input) { version } }`,
        {
          input: {
            agendaVersionId: call.agendaVersion.id,
            version: card!.version,
            scores: [{ questionId: question.id, criterionId, score: 5 }],
          },
        },
        await asUser(app, ZN),
      )
      .finally(() => {
        scoredAnswered = true;
      });
    // The scorecard waits for the adoption (or, the race, is written while the adoption waits).
    await untilWaiting(app.dataSource, 2, () => scoredAnswered);
    await blocker.commitTransaction();
    answers = await Promise.all([adopted, scored]);
  } finally {
    if (blocker.isTransactionActive) await blocker.rollbackTransaction();
    await blocker.release();
  }
  const [adoptAnswer, scoreAnswer] = answers;
  expect(adoptAnswer!.errors).toBeUndefined();
  expect(adoptAnswer!.data.adoptResearchAgenda).toEqual({ number: 2, status: 'ADOPTED' });
  expect(scoreAnswer!.errors?.map((e: any) => [e.extensions?.code, e.extensions?.field])).toEqual([
    ['BAD_USER_INPUT', 'input.agendaVersionId'],
  ]);
  const after: { status: string; version: number; score: number }[] = await app.dataSource.query(
    `SELECT v.status, c.version, s.score FROM priority_score s JOIN priority_scorecard c ON c.id = s.scorecard_id
       JOIN research_agenda_version v ON v.id = c.agenda_version_id WHERE c.id = $1`,
    [card!.id],
  );
  expect(after).toEqual([{ status: 'ADOPTED', version: card!.version, score: 1 }]);
});
