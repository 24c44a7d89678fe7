import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { idsByKey, propose } from '../../helpers/research';

/**
 * A question first submitted to a topic call gets that submission as its origin (FREE_PROPOSAL → TOPIC_CALL):
 * a change of the question, so the trail records it, in the flat form a question's CREATE entry records its
 * origin with. Until the question is placed the submission is its party's and the coordinator's business, so
 * the entry is the submitting party's, not the proposer's.
 */
const ZIN = 'zin.editor@example.org';
const ZN = 'zn.contributor@example.org';
const NVZ = 'nvz.contributor@example.org';
const PFN = 'pfn.contributor@example.org';
let app: TestApp;
let agendas: Record<string, string>;
let sectors: Record<string, string>;

beforeAll(async () => {
  app = await createTestApp();
  agendas = await idsByKey(app, 'ResearchAgenda', 'research_agenda');
  sectors = await idsByKey(app, 'Sector', 'sector');
});
afterAll(() => app.close());

async function ok(email: string, query: string, variables: Record<string, unknown>) {
  const res = await app.gql(query, variables, await asUser(app, email));
  expect(res.errors).toBeUndefined();
  return res.data!;
}

const SUBMIT = `mutation($input: SubmitToTopicCallInput!) { submitToTopicCall(input: $input) { id } }`;
const TRAIL = `query($id: ID!) { auditEvents(filter: { entityId: $id }) {
  nodes { action actingParty { key } changes { field before after } } } }`;

async function originEntries(email: string, questionId: string) {
  const nodes = (await ok(email, TRAIL, { id: questionId })).auditEvents.nodes as {
    action: string;
    changes: { field: string }[];
  }[];
  return nodes.filter((n) => n.changes.some((c) => c.field === 'originTopicCallId'));
}

describe('a question first submitted to a topic call', () => {
  it('has its new origin audited once, by global ids, for the submitting party and not for another proposer', async () => {
    const call = (
      await ok(ZIN, `mutation($input: OpenTopicCallInput!) { openTopicCall(input: $input) { id } }`, {
        input: {
          agendaId: agendas['onderzoeksagenda-ggz'],
          title: 'Uitvraag herkomst',
          invitedPartyKinds: ['INSURER', 'PROVIDER_ASSOCIATION'],
        },
      })
    ).openTopicCall as { id: string };
    const question = await propose(app, PFN, {
      title: 'Hoe vaak stoppen jongeren voortijdig met een ggz-behandeling?',
      sectorIds: [sectors.ggz],
    });
    const submission = (await ok(ZN, SUBMIT, { input: { callId: call.id, questionId: question.id } }))
      .submitToTopicCall as { id: string };
    // A second party's submission finds the origin set and changes nothing: no second entry.
    await ok(NVZ, SUBMIT, { input: { callId: call.id, questionId: question.id } });

    expect(await originEntries(ZN, question.id)).toEqual([
      {
        action: 'RECORD_ORIGIN',
        actingParty: { key: 'zn' },
        changes: [
          { field: 'originKind', before: 'FREE_PROPOSAL', after: 'TOPIC_CALL' },
          { field: 'originTopicCallId', before: null, after: submission.id },
        ],
      },
    ]);
    // The proposer reads its question as the free proposal it was (origin), and the trail tells no more.
    expect(await originEntries(PFN, question.id)).toEqual([]);
    expect(await originEntries(NVZ, question.id)).toEqual([]);
  });
});
