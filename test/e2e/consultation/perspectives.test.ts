import { toGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { idsByKey, propose } from '../../helpers/research';

/**
 * Standing perspectives (inbreng buiten een consultatieronde): a patient organisation's view on a question or a
 * link, an insurer's impact comment on a published guideline; who reads them (whoever reads the target), who
 * answers (whoever edits the target), and the list on the target in one statement for many targets.
 */
let app: TestApp;
let parties: Record<string, string>;
let questions: Record<string, string>;
let guidelines: Record<string, string>;
let assessments: Record<string, string>;
let agendas: Record<string, string>;
let sectors: Record<string, string>;
let astmaLink: string;
beforeAll(async () => {
  app = await createTestApp();
  parties = await idsByKey(app, 'Party', 'party');
  questions = await idsByKey(app, 'KnowledgeQuestion', 'knowledge_question');
  guidelines = await idsByKey(app, 'Guideline', 'guideline');
  assessments = await idsByKey(app, 'PackageAssessment', 'package_assessment');
  agendas = await idsByKey(app, 'ResearchAgenda', 'research_agenda');
  sectors = await idsByKey(app, 'Sector', 'sector');
  const [link] = await app.dataSource.query(
    `SELECT l.id FROM synergy_link l JOIN guideline g ON g.id = l.guideline_id JOIN package_assessment a ON a.id = l.assessment_id
      WHERE g.key = 'demo-richtlijn-ernstig-astma' AND a.key = 'standpunt-hooggebergtebehandeling-refractair-astma'`,
  );
  astmaLink = toGlobalId('SynergyLink', link.id);
});
afterAll(() => app.close());

const PFN = 'pfn.contributor@example.org';
const ZN = 'zn.contributor@example.org';
const FMS = 'fms.editor@example.org';
const ZIN = 'zin.editor@example.org';
const ZEGG = 'zegg.editor@example.org';
const HOUR = 3_600_000;

async function gqlAs(email: string | null, query: string, variables?: Record<string, unknown>) {
  return app.gql(query, variables, await asUser(app, email));
}

async function ok(email: string | null, query: string, variables?: Record<string, unknown>) {
  const res = await gqlAs(email, query, variables);
  expect(res.errors).toBeUndefined();
  return res.data!;
}

function code(res: { errors?: { extensions?: Record<string, any> }[] }) {
  return res.errors?.[0]?.extensions?.code;
}

const ADD = `mutation($input: AddPerspectiveInput!) {
  addPerspective(input: $input) { id version kind text party { shortName } response }
}`;
const RESPOND = `mutation($input: RespondToPerspectiveInput!) {
  respondToPerspective(input: $input) { id version response responseReasoning respondedByParty { shortName } }
}`;
const UPDATE = `mutation($input: UpdatePerspectiveInput!) { updatePerspective(input: $input) { id version text } }`;
const NODE = `query($id: ID!) { node(id: $id) { ... on Perspective { id text response responseReasoning } } }`;

async function add(email: string, targetId: string, kind: string, text: string) {
  return (await ok(email, ADD, { input: { targetId, kind, text } })).addPerspective as {
    id: string;
    version: number;
    kind: string;
    text: string;
  };
}

describe('adding and answering', () => {
  it('a patient organisation adds its perspective to a question; the proposing party answers; the adder reads it', async () => {
    const question = questions['passende-meerzorg-wlz']!;
    const added = await add(PFN, question, 'PATIENT_PERSPECTIVE', 'Betrek mantelzorgers bij de uitkomstmaten.');
    expect(added).toMatchObject({ kind: 'PATIENT_PERSPECTIVE', version: 1 });

    const answered = await ok(ZIN, RESPOND, {
      input: { id: added.id, version: 1, response: 'ACCEPTED', reasoning: 'Opgenomen in de uitkomstmaten.' },
    });
    expect(answered.respondToPerspective).toMatchObject({ response: 'ACCEPTED', version: 2 });

    const read = await ok(
      PFN,
      `query($id: ID!) { knowledgeQuestion(id: $id) { perspectives { totalCount nodes { id response responseReasoning respondedByParty { id } } } } }`,
      { id: question },
    );
    expect(read.knowledgeQuestion.perspectives.nodes).toContainEqual({
      id: added.id,
      response: 'ACCEPTED',
      responseReasoning: 'Opgenomen in de uitkomstmaten.',
      respondedByParty: { id: parties.zorginstituut },
    });
    // Answered once: a second answer, or an edit by the adder, is refused.
    const again = await gqlAs(ZIN, RESPOND, {
      input: { id: added.id, version: 2, response: 'NOTED', reasoning: 'Nogmaals.' },
    });
    expect(code(again)).toBe('BAD_USER_INPUT');
    expect(code(await gqlAs(PFN, UPDATE, { input: { id: added.id, version: 2, text: 'Anders.' } }))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('a patient organisation adds its perspective to a link; the guideline side answers; events and inbox follow', async () => {
    const added = await add(PFN, astmaLink, 'PATIENT_PERSPECTIVE', 'Reisafstand weegt zwaar voor patiënten.');
    const inbox = await ok(
      FMS,
      `{ myInbox(filter: { kinds: [PERSPECTIVE_AWAITING_RESPONSE] }) { nodes { subjectId party { id } } } }`,
    );
    expect(inbox.myInbox.nodes).toContainEqual({ subjectId: added.id, party: { id: parties.fms } });

    // Another party without the right to edit the link may not answer.
    expect(
      code(await gqlAs(ZN, RESPOND, { input: { id: added.id, version: 1, response: 'NOTED', reasoning: 'x' } })),
    ).toBe('FORBIDDEN');
    const answered = await ok(FMS, RESPOND, {
      input: { id: added.id, version: 1, response: 'PARTLY_ACCEPTED', reasoning: 'Genoemd in de toelichting.' },
    });
    expect(answered.respondToPerspective.respondedByParty.shortName).toBeTruthy();
    const after = await ok(
      FMS,
      `{ myInbox(filter: { kinds: [PERSPECTIVE_AWAITING_RESPONSE] }) { nodes { subjectId } } }`,
    );
    expect(after.myInbox.nodes).not.toContainEqual({ subjectId: added.id });

    const read = await ok(PFN, NODE, { id: added.id });
    expect(read.node).toMatchObject({ response: 'PARTLY_ACCEPTED', responseReasoning: 'Genoemd in de toelichting.' });
    const events = await app.dataSource.query(
      `SELECT type FROM domain_event WHERE subject_type = 'Perspective' AND subject_id = $1 ORDER BY occurred_at`,
      [fromGlobal(added.id)],
    );
    expect(events.map((e: { type: string }) => e.type)).toEqual(['PERSPECTIVE_ADDED', 'PERSPECTIVE_ANSWERED']);
    const audit = await app.dataSource.query(
      `SELECT action FROM audit_event WHERE entity_type = 'Perspective' AND entity_id = $1 ORDER BY occurred_at`,
      [fromGlobal(added.id)],
    );
    expect(audit.map((e: { action: string }) => e.action)).toEqual(['CREATE', 'RESPOND']);
  });

  it('an insurer comments on the impact of a published guideline; an owning association answers', async () => {
    const guideline = guidelines['demo-richtlijn-ernstig-astma']!;
    const added = await add(ZN, guideline, 'IMPACT', 'Capaciteit in het hooggebergte is beperkt.');
    const answered = await ok(FMS, RESPOND, {
      input: { id: added.id, version: 1, response: 'NOTED', reasoning: 'Meegenomen bij de herziening.' },
    });
    expect(answered.respondToPerspective.response).toBe('NOTED');
    const read = await ok(null, `query($id: ID!) { guideline(id: $id) { perspectives { nodes { id kind } } } }`, {
      id: guideline,
    });
    expect(read.guideline.perspectives.nodes).toContainEqual({ id: added.id, kind: 'IMPACT' });
  });
});

function fromGlobal(id: string): string {
  return Buffer.from(id, 'base64').toString().split(':')[1]!;
}

describe('refusals', () => {
  it('an insurer adding PATIENT_PERSPECTIVE is FORBIDDEN, and a patient organisation adding IMPACT too', async () => {
    const question = questions['passende-meerzorg-wlz']!;
    const res = await gqlAs(ZN, ADD, { input: { targetId: question, kind: 'PATIENT_PERSPECTIVE', text: 'Tekst.' } });
    expect(code(res)).toBe('FORBIDDEN');
    const impact = await gqlAs(PFN, ADD, {
      input: { targetId: guidelines['demo-richtlijn-ernstig-astma'], kind: 'IMPACT', text: 'Tekst.' },
    });
    expect(code(impact)).toBe('FORBIDDEN');
    expect(
      code(await gqlAs(null, ADD, { input: { targetId: question, kind: 'PATIENT_PERSPECTIVE', text: 'x' } })),
    ).toBe('UNAUTHENTICATED');
  });

  it.each([
    ['blank text', { text: '   ' }, 'input.text'],
    ['invisible text', { text: '\u200b\u200b' }, 'input.text'],
    ['a target of the wrong kind', { targetId: 'ASSESSMENT' }, 'input.targetId'],
  ])('%s is BAD_USER_INPUT with the field', async (_label, change, field) => {
    const input = {
      targetId: questions['passende-meerzorg-wlz'],
      kind: 'PATIENT_PERSPECTIVE',
      text: 'Tekst.',
      ...change,
    };
    if (input.targetId === 'ASSESSMENT')
      input.targetId = assessments['standpunt-hooggebergtebehandeling-refractair-astma'];
    const res = await gqlAs(PFN, ADD, { input });
    expect(code(res)).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(res.errors![0]!.extensions)).toContain(field);
  });

  it('a stale version is CONFLICT and changes nothing', async () => {
    const added = await add(PFN, questions['passende-meerzorg-wlz']!, 'PATIENT_PERSPECTIVE', 'Eerste tekst.');
    await ok(PFN, UPDATE, { input: { id: added.id, version: 1, text: 'Tweede tekst.' } });
    const stale = await gqlAs(PFN, UPDATE, { input: { id: added.id, version: 1, text: 'Derde tekst.' } });
    expect(code(stale)).toBe('CONFLICT');
    expect((await ok(PFN, NODE, { id: added.id })).node.text).toBe('Tweede tekst.');
  });
});

describe('reading follows the target', () => {
  it('a perspective on a link of a hidden draft is NOT_FOUND for others and not listed; anonymous reads public ones only', async () => {
    const guideline = (
      await ok(FMS, `mutation($input: CreateGuidelineInput!) { createGuideline(input: $input) { id } }`, {
        input: { title: 'Conceptrichtlijn perspectief (test)', ownerPartyIds: [parties.fms] },
      })
    ).createGuideline;
    const linked = await ok(
      FMS,
      `mutation($input: UpsertGuidelineLinksInput!) { upsertGuidelineLinks(input: $input) { links { id } } }`,
      {
        input: {
          guidelineId: guideline.id,
          links: [
            {
              assessmentId: assessments['standpunt-hooggebergtebehandeling-refractair-astma'],
              linkType: 'SHARED_EVIDENCE',
              alignment: 'ALIGNED',
            },
          ],
        },
      },
    );
    const linkId = linked.upsertGuidelineLinks.links[0].id;
    // The patient organisation reads the draft while a round on it invites it.
    await ok(FMS, `mutation($input: OpenConsultationRoundInput!) { openConsultationRound(input: $input) { id } }`, {
      input: {
        targetId: guideline.id,
        question: 'Reacties?',
        closesAt: new Date(Date.now() + HOUR).toISOString(),
        invitedPartyKinds: ['PATIENT_ORGANISATION'],
      },
    });
    const hidden = await add(PFN, linkId, 'PATIENT_PERSPECTIVE', 'Op het concept.');
    const publicOne = await add(PFN, astmaLink, 'PATIENT_PERSPECTIVE', 'Op de gepubliceerde koppeling.');

    expect((await ok(ZN, NODE, { id: hidden.id })).node).toBeNull();
    expect((await ok(null, NODE, { id: hidden.id })).node).toBeNull();
    expect((await ok(null, NODE, { id: publicOne.id })).node).toMatchObject({ id: publicOne.id });
    expect((await ok(FMS, NODE, { id: hidden.id })).node).toMatchObject({ id: hidden.id });
    // A change by a party that cannot see the draft: NOT_FOUND, like a missing record.
    const respond = await gqlAs(ZIN, RESPOND, {
      input: { id: hidden.id, version: 1, response: 'NOTED', reasoning: 'x' },
    });
    expect(code(respond)).toBe('NOT_FOUND');
    // Listed on the link only for those who read the link.
    const LINK = `query($id: ID!) { node(id: $id) { ... on SynergyLink { perspectives { nodes { id } } } } }`;
    expect((await ok(ZN, LINK, { id: linkId })).node).toBeNull();
    expect((await ok(FMS, LINK, { id: linkId })).node.perspectives.nodes).toEqual([{ id: hidden.id }]);
    // The insurer's inbox names nothing of it; the owner's does.
    const inbox = `{ myInbox(filter: { kinds: [PERSPECTIVE_AWAITING_RESPONSE] }) { nodes { subjectId } } }`;
    expect((await ok(FMS, inbox)).myInbox.nodes).toContainEqual({ subjectId: hidden.id });
  });
});

describe('batching', () => {
  it('the perspectives of 2 or 8 questions cost the same number of statements', async () => {
    const LIST = `query($first: Int!) { knowledgeQuestions(first: $first) { nodes { id perspectives(first: 5) { totalCount nodes { id text party { id } } } } } }`;
    const headers = await asUser(app, PFN);
    const listed = await app.gql(LIST, { first: 8 }, headers);
    const ids = (listed.data!.knowledgeQuestions.nodes as { id: string }[]).map((q) => q.id);
    expect(ids).toHaveLength(8);
    for (const id of ids) await add(PFN, id, 'PATIENT_PERSPECTIVE', `Perspectief op ${id}.`);
    const count = async (n: number) => {
      const { result, count } = await app.countQueries(() => app.gql(LIST, { first: n }, headers));
      expect(result.errors).toBeUndefined();
      const nodes = result.data!.knowledgeQuestions.nodes as { perspectives: { totalCount: number } }[];
      expect(nodes).toHaveLength(n);
      expect(nodes.every((q) => q.perspectives.totalCount >= 1)).toBe(true);
      return count;
    };
    expect(await count(8)).toBe(await count(2));
  });
});

describe('the audit trail names the target', () => {
  it('records the target as a global id that node(id:) reads', async () => {
    const question = questions['passende-meerzorg-wlz']!;
    const added = await add(PFN, question, 'PATIENT_PERSPECTIVE', 'Over de doelgroep.');
    const trail = await ok(
      PFN,
      `query($id: ID!) { auditEvents(filter: { entityId: $id }) { nodes { action changes { field after } } } }`,
      { id: added.id },
    );
    const [created] = trail.auditEvents.nodes as { action: string; changes: { field: string; after: unknown }[] }[];
    expect(created!.action).toBe('CREATE');
    const target = created!.changes.find((c) => c.field === 'targetId')!.after as string;
    expect(target).toBe(question);
    const node = await ok(PFN, `query($id: ID!) { node(id: $id) { __typename id } }`, { id: target });
    expect(node.node).toEqual({ __typename: 'KnowledgeQuestion', id: question });
  });
});

/**
 * The inbox's PERSPECTIVE_AWAITING_RESPONSE branch is the SQL twin of PerspectiveAccess.assertAnswerer: for each
 * target kind, a person finds a perspective in their inbox exactly when they may answer it, for the party they
 * answer for. (A coordinator whose grant reaches every party answers a question's perspectives too, and finds them
 * on the question, not in an inbox; so Zorginstituut is no candidate for a question.)
 */
describe('the inbox goes to exactly the parties that may answer', () => {
  const INBOX = `{ myInbox(first: 100, filter: { kinds: [PERSPECTIVE_AWAITING_RESPONSE] }) { nodes { subjectId party { id } } } }`;
  let fmsQuestion: string;
  beforeAll(async () => {
    // An FMS question that ZE&GG coordinates: on the adopted msz agenda ZE&GG runs.
    fmsQuestion = (
      await propose(app, 'fms.contributor@example.org', {
        title: 'Helpt fysiotherapie voor de operatie bij een knieprothese?',
        sectorIds: [sectors.msz],
      })
    ).id;
    const agendaId = agendas['onderzoeksagenda-msz']!;
    const version = async () =>
      (await ok(null, `query($id: ID!) { researchAgenda(id: $id) { version } }`, { id: agendaId })).researchAgenda
        .version as number;
    await ok(ZEGG, `mutation($input: AddQuestionToAgendaInput!) { addQuestionToAgenda(input: $input) { number } }`, {
      input: { agendaId, version: await version(), questionId: fmsQuestion },
    });
    for (const mutation of ['submitResearchAgendaForConsultation', 'adoptResearchAgenda'])
      await ok(ZEGG, `mutation($input: AgendaRefInput!) { ${mutation}(input: $input) { status } }`, {
        input: { agendaId, version: await version() },
      });
  });

  it.each([
    [
      'a question (its proposing party)',
      () => fmsQuestion,
      'PATIENT_PERSPECTIVE',
      { [FMS]: 'fms', [ZEGG]: null, [ZN]: null },
    ],
    [
      'an agenda (the party that manages it)',
      () => agendas['onderzoeksagenda-msz']!,
      'PATIENT_PERSPECTIVE',
      { [ZEGG]: 'zegg', [ZIN]: null, [FMS]: null },
    ],
    [
      'a link (either side)',
      () => astmaLink,
      'PATIENT_PERSPECTIVE',
      { [FMS]: 'fms', [ZIN]: 'zorginstituut', [ZN]: null },
    ],
    [
      'a guideline (an owning association)',
      () => guidelines['demo-richtlijn-ernstig-astma']!,
      'IMPACT',
      { [FMS]: 'fms', [ZIN]: null, [ZEGG]: null },
    ],
  ])('%s', async (_label, target, kind, expected) => {
    const adder = kind === 'IMPACT' ? ZN : PFN;
    for (const [email, partyKey] of Object.entries(expected)) {
      const added = await add(adder, target(), kind, `Voor ${email}.`);
      const inbox = (await ok(email, INBOX)).myInbox.nodes as { subjectId: string; party: { id: string } }[];
      const item = inbox.find((n) => n.subjectId === added.id);
      const res = await gqlAs(
        email,
        `mutation($input: RespondToPerspectiveInput!) { respondToPerspective(input: $input) { respondedByParty { id } } }`,
        { input: { id: added.id, version: 1, response: 'NOTED', reasoning: 'Gezien.' } },
      );
      const answered = res.data?.respondToPerspective?.respondedByParty?.id ?? null;
      expect({ email, inbox: item?.party.id ?? null, answered, code: code(res) ?? null }).toEqual({
        email,
        inbox: partyKey && parties[partyKey],
        answered: partyKey && parties[partyKey],
        code: partyKey ? null : 'FORBIDDEN',
      });
    }
  });
});
