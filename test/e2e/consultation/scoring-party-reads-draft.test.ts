import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { idsByKey, propose } from '../../helpers/research';

/**
 * What a party may score on a draft follows the party, not the person scoring for it: a party invited only to
 * a topic call scores its own submissions and the placed ones, though its member reads the draft through
 * another party (consulted on it in a round). Otherwise the party's scorecard, which all its members read,
 * would carry the draft's questions that the party itself may not see.
 */
const ZIN = 'zin.editor@example.org';
/** NHG editor and FMS viewer. */
const MULTI = 'multi@example.org';
let app: TestApp;
let agendas: Record<string, string>;
let parties: Record<string, string>;
let sectors: Record<string, string>;
let criteria: Record<string, string>;

beforeAll(async () => {
  app = await createTestApp();
  agendas = await idsByKey(app, 'ResearchAgenda', 'research_agenda');
  parties = await idsByKey(app, 'Party', 'party');
  sectors = await idsByKey(app, 'Sector', 'sector');
  criteria = await idsByKey(app, 'PrioritisationCriterion', 'prioritisation_criterion');
});
afterAll(() => app.close());

async function ok(email: string, query: string, variables: Record<string, unknown>) {
  const res = await app.gql(query, variables, await asUser(app, email));
  expect(res.errors).toBeUndefined();
  return res.data!;
}

const SCORECARD = `mutation($input: SubmitPriorityScorecardInput!) { submitPriorityScorecard(input: $input) {
  party { key } scores { question { id } score } } }`;

it('refuses a person scoring for a party invited only to a call the draft’s items they read through another party', async () => {
  const agendaId = agendas['onderzoeksagenda-paramedische-zorg']!;
  const item = await propose(app, ZIN, {
    title: 'Welke looptraining voorkomt een val na een beroerte?',
    sectorIds: [sectors['paramedische-zorg']],
  });
  const { version } = (await ok(ZIN, `query($id: ID!) { researchAgenda(id: $id) { version } }`, { id: agendaId }))
    .researchAgenda;
  const versionId = (
    await ok(ZIN, `mutation($input: AddQuestionToAgendaInput!) { addQuestionToAgenda(input: $input) { id } }`, {
      input: { agendaId, version, questionId: item.id },
    })
  ).addQuestionToAgenda.id as string;
  // NHG is invited to a call feeding the draft; FMS is consulted on the draft itself.
  const call = (
    await ok(
      ZIN,
      `mutation($input: OpenTopicCallInput!) { openTopicCall(input: $input) { id agendaVersion { id } } }`,
      {
        input: { agendaId, title: 'Uitvraag paramedische zorg', invitedPartyIds: [parties.nhg] },
      },
    )
  ).openTopicCall as { id: string; agendaVersion: { id: string } };
  expect(call.agendaVersion.id).toBe(versionId);
  await ok(ZIN, `mutation($input: OpenConsultationRoundInput!) { openConsultationRound(input: $input) { id } }`, {
    input: {
      targetId: versionId,
      question: 'Welke vragen zijn het urgentst?',
      closesAt: new Date(Date.now() + 3_600_000).toISOString(),
      invitedPartyIds: [parties.fms],
    },
  });
  // Through FMS the person reads the draft and its item.
  const read = await ok(
    MULTI,
    `query($id: ID!) { node(id: $id) { ... on ResearchAgendaVersion { items { question { id } } } } }`,
    {
      id: versionId,
    },
  );
  expect(read.node.items).toEqual([{ question: { id: item.id } }]);

  const submission = await propose(app, 'nhg.editor@example.org', {
    title: 'Hoe vaak krijgen mensen na een beroerte te laat fysiotherapie?',
    sectorIds: [sectors['paramedische-zorg']],
  });
  await ok(MULTI, `mutation($input: SubmitToTopicCallInput!) { submitToTopicCall(input: $input) { id } }`, {
    input: { callId: call.id, questionId: submission.id, partyId: parties.nhg },
  });
  const elsewhere = await propose(app, ZIN, {
    title: 'Werkt oefentherapie in groepen even goed als alleen?',
    sectorIds: [sectors['paramedische-zorg']],
  });
  const score = async (questionId: string) =>
    app.gql(
      SCORECARD,
      {
        input: {
          agendaVersionId: versionId,
          partyId: parties.nhg,
          scores: [{ questionId, criterionId: criteria['impact-kosten'], score: 4 }],
        },
      },
      await asUser(app, MULTI),
    );
  // For NHG the draft's item is refused exactly as a question on no agenda.
  const refused = await score(item.id);
  expect(refused.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([
    ['BAD_USER_INPUT', 'input.scores.0.questionId'],
  ]);
  expect(refused.errors?.[0]?.message).toBe((await score(elsewhere.id)).errors?.[0]?.message);
  // NHG's own submission it scores.
  const scored = await score(submission.id);
  expect(scored.errors).toBeUndefined();
  expect(scored.data!.submitPriorityScorecard).toEqual({
    party: { key: 'nhg' },
    scores: [{ question: { id: submission.id }, score: 4 }],
  });
});
