import { fromGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { idsByKey, propose } from '../../helpers/research';

/**
 * What the live shared ranking (sharedPriorities) and the parties' scorecards on a version show: scores on
 * the version's items and on the topic-call submissions the viewer may read ("all for the coordinator's
 * side, its own for each party, and everyone once placed"), nothing of another party's unplaced submission
 * and nothing of a question taken off the draft.
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
const NZA = 'nza.viewer@example.org';
const VWS = 'vws.viewer@example.org';

async function ok(email: string, query: string, variables: Record<string, unknown>) {
  const res = await app.gql(query, variables, await asUser(app, email));
  expect(res.errors).toBeUndefined();
  return res.data!;
}

const SUBMIT = `mutation($input: SubmitToTopicCallInput!) { submitToTopicCall(input: $input) { id } }`;
const VERSION = `query($id: ID!) { node(id: $id) { ... on ResearchAgendaVersion {
  sharedPriorities { rank question { id } }
  scorecards { party { key } scores { question { id } score } } } } }`;

interface Seen {
  ranked: string[];
  cards: { party: string; scored: string[] }[];
}

/** The ranking and the scorecards of a version as `email` reads them. */
async function seenBy(email: string, versionId: string): Promise<Seen> {
  const node = (await ok(email, VERSION, { id: versionId })).node;
  return {
    ranked: (node.sharedPriorities ?? []).map((r: { question: { id: string } }) => r.question.id),
    cards: node.scorecards.map((c: { party: { key: string }; scores: { question: { id: string } }[] }) => ({
      party: c.party.key,
      scored: c.scores.map((s) => s.question.id).sort(),
    })),
  };
}

describe("another party's unplaced submission", () => {
  it("stays out of the owner's ranking and scorecards until it is placed; the coordinator and VWS see it", async () => {
    // NZa owns this agenda, Zorginstituut coordinates it and runs the call; NZa does not see the call.
    const agendaId = agendas['onderzoeksagenda-zorgvragers-kiezen-passende-zorg']!;
    const call = (
      await ok(
        ZIN,
        `mutation($input: OpenTopicCallInput!) { openTopicCall(input: $input) { id agendaVersion { id } } }`,
        {
          input: { agendaId, title: 'Uitvraag zorgvragers', invitedPartyKinds: ['INSURER'] },
        },
      )
    ).openTopicCall as { id: string; agendaVersion: { id: string } };
    const versionId = call.agendaVersion.id;
    const criterionId = Object.values(criteria)[0]!;
    const submitted: { question: string; submission: string }[] = [];
    for (const [title, score] of [
      ['Kiezen verzekerden vaker passende zorg met een keuzehulp?', 5],
      ['Lezen verzekerden de polisvoorwaarden voor ze kiezen?', 3],
    ] as const) {
      const question = await propose(app, ZN, { title, sectorIds: [sectors.msz] });
      const submission = (
        await ok(ZN, SUBMIT, {
          input: {
            callId: call.id,
            questionId: question.id,
            scores: [{ questionId: question.id, criterionId, score }],
          },
        })
      ).submitToTopicCall as { id: string };
      submitted.push({ question: question.id, submission: submission.id });
    }
    const [placed, unplaced] = submitted as [(typeof submitted)[0], (typeof submitted)[0]];
    expect((await ok(NZA, `query($id: ID!) { node(id: $id) { id } }`, { id: call.id })).node).toBeNull();

    // Before anything is placed the owner sees no trace of the submissions: no ranking, no card of ZN.
    expect(await seenBy(NZA, versionId)).toEqual({ ranked: [], cards: [] });
    const both = [placed.question, unplaced.question].sort();
    for (const email of [ZIN, VWS])
      expect(await seenBy(email, versionId)).toEqual({
        ranked: [placed.question, unplaced.question],
        cards: [{ party: 'zn', scored: both }],
      });

    await app.dataSource.query(
      `UPDATE topic_call SET opens_at = now() - interval '2 hours', closes_at = now() - interval '1 second' WHERE id = $1`,
      [fromGlobalId(call.id).id],
    );
    await ok(
      ZIN,
      `mutation($input: PlaceTopicCallSubmissionInput!) { placeTopicCallSubmission(input: $input) { placedAt } }`,
      { input: { submissionId: placed.submission } },
    );
    // Once placed, the question and its scores are the owner's to see; the other submission still is not.
    expect(await seenBy(NZA, versionId)).toEqual({
      ranked: [placed.question],
      cards: [{ party: 'zn', scored: [placed.question] }],
    });
    expect((await seenBy(ZIN, versionId)).ranked).toEqual([placed.question, unplaced.question]);
    // The scoring party reads all of its own scorecard.
    const mine = (
      await ok(ZN, `query($id: ID!) { topicCall(id: $id) { myScorecards { scores { question { id } } } } }`, {
        id: call.id,
      })
    ).topicCall.myScorecards;
    expect(mine.flatMap((c: any) => c.scores.map((s: any) => s.question.id)).sort()).toEqual(both);
  });
});

describe('a question taken off the draft', () => {
  it('leaves the live ranking and the scorecards others read, and is ranked again when it comes back', async () => {
    const agendaId = agendas['onderzoeksagenda-ggz']!;
    const AGENDA = `query($id: ID!) { researchAgenda(id: $id) { version latestVersion { id items { question { id } } } } }`;
    const agenda = async () => (await ok(ZIN, AGENDA, { id: agendaId })).researchAgenda;
    const extra = await propose(app, 'pfn.contributor@example.org', {
      title: 'Werkt digitale ggz even goed als behandeling in de praktijk?',
      sectorIds: [sectors.ggz],
    });
    const ADD = `mutation($input: AddQuestionToAgendaInput!) { addQuestionToAgenda(input: $input) { id } }`;
    await ok(ZIN, ADD, { input: { agendaId, version: (await agenda()).version, questionId: extra.id } });
    const before = await agenda();
    const versionId = before.latestVersion.id as string;
    const [first, second] = before.latestVersion.items.map((i: { question: { id: string } }) => i.question.id) as [
      string,
      string,
    ];
    await ok(ZIN, `mutation($input: OpenConsultationRoundInput!) { openConsultationRound(input: $input) { id } }`, {
      input: {
        targetId: versionId,
        question: 'Welke vragen zijn het urgentst?',
        closesAt: new Date(Date.now() + 3_600_000).toISOString(),
        invitedPartyKinds: ['INSURER'],
      },
    });
    const criterionId = Object.values(criteria)[0]!;
    await ok(ZN, `mutation($input: SubmitPriorityScorecardInput!) { submitPriorityScorecard(input: $input) { id } }`, {
      input: {
        agendaVersionId: versionId,
        scores: [
          { questionId: first, criterionId, score: 5 },
          { questionId: second, criterionId, score: 2 },
        ],
      },
    });
    expect((await seenBy(ZIN, versionId)).ranked).toEqual([first, second]);

    await ok(
      ZIN,
      `mutation($input: RemoveQuestionFromAgendaInput!) { removeQuestionFromAgenda(input: $input) { id } }`,
      { input: { agendaId, version: (await agenda()).version, questionId: first } },
    );
    expect((await agenda()).latestVersion.id).toBe(versionId);
    expect(await seenBy(ZIN, versionId)).toEqual({ ranked: [second], cards: [{ party: 'zn', scored: [second] }] });
    // VWS reads every party's internal records, so the whole scorecard, but ranks what the coordinator ranks.
    expect(await seenBy(VWS, versionId)).toEqual({
      ranked: [second],
      cards: [{ party: 'zn', scored: [first, second].sort() }],
    });
    // The scores stay where the party gave them: back on the draft, the question is ranked with them again.
    await ok(ZIN, ADD, { input: { agendaId, version: (await agenda()).version, questionId: first } });
    expect((await seenBy(ZIN, versionId)).ranked).toEqual([first, second]);
  });
});
