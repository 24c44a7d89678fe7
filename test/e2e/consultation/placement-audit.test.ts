import { fromGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { idsByKey, propose } from '../../helpers/research';

/**
 * Placing a submission puts its question on the agenda's draft and shifts the items below it: the draft's
 * own history records that as any other edit of its items does (UPDATE_ITEMS, the questions before and after).
 */
let app: TestApp;
let agendas: Record<string, string>;
let sectors: Record<string, string>;
beforeAll(async () => {
  app = await createTestApp();
  agendas = await idsByKey(app, 'ResearchAgenda', 'research_agenda');
  sectors = await idsByKey(app, 'Sector', 'sector');
});
afterAll(() => app.close());

const ZIN = 'zin.editor@example.org';
const ZN = 'zn.contributor@example.org';

async function ok(email: string, query: string, variables: Record<string, unknown>) {
  const res = await app.gql(query, variables, await asUser(app, email));
  expect(res.errors).toBeUndefined();
  return res.data!;
}

const ITEMS = `query($id: ID!) { node(id: $id) { ... on ResearchAgendaVersion { items { question { id } } } } }`;
const TRAIL = `query($id: ID!) { auditEvents(first: 20, filter: { entityId: $id }) { nodes {
  action actingParty { key } actor { email } changes { field before after } } } }`;

it('records the placement in the history of the draft it goes on, with the questions before and after', async () => {
  const agendaId = agendas['onderzoeksagenda-huisartsenzorg']!;
  const call = (
    await ok(
      ZIN,
      `mutation($input: OpenTopicCallInput!) { openTopicCall(input: $input) { id agendaVersion { id } } }`,
      {
        input: { agendaId, title: 'Uitvraag huisartsenzorg', invitedPartyKinds: ['INSURER'] },
      },
    )
  ).openTopicCall as { id: string; agendaVersion: { id: string } };
  const versionId = call.agendaVersion.id;
  const question = await propose(app, ZN, {
    title: 'Vermindert een praktijkondersteuner verwijzingen naar de ggz?',
    sectorIds: [sectors.huisartsenzorg],
  });
  const submission = (
    await ok(ZN, `mutation($input: SubmitToTopicCallInput!) { submitToTopicCall(input: $input) { id } }`, {
      input: { callId: call.id, questionId: question.id },
    })
  ).submitToTopicCall as { id: string };
  await app.dataSource.query(
    `UPDATE topic_call SET opens_at = now() - interval '2 hours', closes_at = now() - interval '1 second' WHERE id = $1`,
    [fromGlobalId(call.id).id],
  );
  const itemsOf = async () =>
    (await ok(ZIN, ITEMS, { id: versionId })).node.items.map((i: { question: { id: string } }) => i.question.id);
  const before: string[] = await itemsOf();
  expect(before.length).toBeGreaterThan(0);
  const trailBefore = (await ok(ZIN, TRAIL, { id: versionId })).auditEvents.nodes;

  await ok(
    ZIN,
    `mutation($input: PlaceTopicCallSubmissionInput!) { placeTopicCallSubmission(input: $input) { placedAt } }`,
    { input: { submissionId: submission.id, rank: 1 } },
  );
  const after: string[] = await itemsOf();
  expect(after).toEqual([question.id, ...before]);
  const trail = (await ok(ZIN, TRAIL, { id: versionId })).auditEvents.nodes;
  expect(trail.slice(0, trail.length - trailBefore.length)).toEqual([
    {
      action: 'UPDATE_ITEMS',
      actingParty: { key: 'zorginstituut' },
      actor: { email: ZIN },
      changes: [{ field: 'questionIds', before, after }],
    },
  ]);
});
