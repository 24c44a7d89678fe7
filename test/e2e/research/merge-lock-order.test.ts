import { fromGlobalId } from 'graphql-relay';
import { createTestApp, type GraphQLResponse, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { idsByKey, propose } from '../../helpers/research';
import { untilWaiting } from '../../helpers/locks';

/**
 * The research domain locks in one order: agendas, then questions, then the rest. A merge locks the agendas
 * holding either question, then both questions, then what it changes for them (the projects it carries over,
 * the scorecards whose scores it moves); an agenda edit locks its agenda before the questions it places. A
 * write that took two of these the other way round held what the merge needed next while it waited for the
 * merge, and one of the two was cut off as a deadlock (a retryable CONFLICT).
 */
const ZIN = 'zin.editor@example.org';
const ZONMW = 'zonmw.editor@example.org';
const ZN = 'zn.contributor@example.org';
const PFN = 'pfn.contributor@example.org';
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

async function ok(email: string, query: string, variables: Record<string, unknown>) {
  const res = await app.gql(query, variables, await asUser(app, email));
  expect(res.errors).toBeUndefined();
  return res.data!;
}

const rowId = (globalId: string) => fromGlobalId(globalId).id;
const codes = (res: GraphQLResponse | undefined) => res?.errors?.map((e) => [e.extensions?.code, e.extensions?.field]);

/**
 * Two questions in different sectors, in id order (the merge locks the duplicate first), and the duplicate's
 * sector, which the survivor takes at the merge.
 */
async function pair(title: string) {
  const a = await propose(app, PFN, { title: `${title}?`, sectorIds: [sectors.ggz] });
  const b = await propose(app, PFN, { title: `${title} echt?`, sectorIds: [sectors.msz] });
  return rowId(a.id) < rowId(b.id)
    ? { duplicate: a, survivor: b, sector: rowId(sectors.ggz!) }
    : { duplicate: b, survivor: a, sector: rowId(sectors.msz!) };
}

async function project(title: string, questionIds: string[] = []) {
  return (
    await ok(
      ZONMW,
      `mutation($input: CreateResearchProjectInput!) { createResearchProject(input: $input) { id version } }`,
      { input: { title, funderPartyId: parties.zonmw, programmeKey: 'kppz', questionIds } },
    )
  ).createResearchProject as { id: string; version: number };
}

const MERGE = `mutation($input: MergeKnowledgeQuestionsInput!) { mergeKnowledgeQuestions(input: $input) { status } }`;

/**
 * Starts the merge while `hold` (SQL in an open transaction) stops it after it locked the questions, then
 * `other`, which queues behind the merge; lets the merge go on and returns both answers.
 */
async function race(
  hold: [string, unknown[]],
  q: { duplicate: { id: string; version: number }; survivor: { id: string } },
  other: () => Promise<GraphQLResponse>,
): Promise<[GraphQLResponse, GraphQLResponse]> {
  const blocker = app.dataSource.createQueryRunner();
  await blocker.connect();
  try {
    await blocker.startTransaction();
    await blocker.query(...hold);
    const merged = app.gql(
      MERGE,
      { input: { questionId: q.duplicate.id, version: q.duplicate.version, intoQuestionId: q.survivor.id } },
      await asUser(app, ZIN),
    );
    await untilWaiting(app.dataSource, 1);
    let answered = false;
    const second = other().finally(() => {
      answered = true;
    });
    await untilWaiting(app.dataSource, 2, () => answered);
    await blocker.commitTransaction();
    return await Promise.all([merged, second]);
  } finally {
    if (blocker.isTransactionActive) await blocker.rollbackTransaction();
    await blocker.release();
  }
}

/** Holding the duplicate's sector stops the merge where the survivor takes that sector, after the question locks. */
const holdSector = (q: { sector: string }): [string, unknown[]] => [
  'SELECT id FROM sector WHERE id = $1 FOR UPDATE',
  [q.sector],
];

describe('a merge and a project link at once', () => {
  it('links the project to the survivor while the duplicate’s link moves to it, both without a conflict', async () => {
    const q = await pair('Helpt beweegbegeleiding bij depressie');
    const p = await project('Beweegbegeleiding bij depressie', [q.duplicate.id]);
    const [merge, link] = await race(holdSector(q), q, async () =>
      app.gql(
        `mutation($input: ProjectQuestionLinkInput!) { linkResearchProjectToQuestion(input: $input) { id } }`,
        { input: { projectId: p.id, version: p.version, questionId: q.survivor.id } },
        await asUser(app, ZONMW),
      ),
    );
    expect(merge.errors).toBeUndefined();
    expect(link.errors).toBeUndefined();
    const links: { question_id: string }[] = await app.dataSource.query(
      'SELECT question_id FROM research_project_question WHERE project_id = $1 ORDER BY question_id',
      [rowId(p.id)],
    );
    expect(links.map((l) => l.question_id)).toEqual([rowId(q.duplicate.id), rowId(q.survivor.id)].sort());
  });

  it('refuses a new project naming the survivor before the duplicate, once the duplicate is merged', async () => {
    const q = await pair('Helpt leefstijlcoaching bij angst');
    // A session holds the survivor (FOR KEY SHARE): the merge, holding the duplicate, waits for it; the new
    // project's link to the survivor does not.
    const [merge, created] = await race(
      ['SELECT id FROM knowledge_question WHERE id = $1 FOR KEY SHARE', [rowId(q.survivor.id)]],
      q,
      async () =>
        app.gql(
          `mutation($input: CreateResearchProjectInput!) { createResearchProject(input: $input) { id } }`,
          {
            input: {
              title: 'Leefstijlcoaching bij angst',
              funderPartyId: parties.zonmw,
              programmeKey: 'kppz',
              questionIds: [q.survivor.id, q.duplicate.id],
            },
          },
          await asUser(app, ZONMW),
        ),
    );
    expect(merge.errors).toBeUndefined();
    expect(codes(created)).toEqual([['BAD_USER_INPUT', 'input.questionIds']]);
  });

  it('completes a project linked to the duplicate, flagging the survivor it now answers', async () => {
    const q = await pair('Helpt tuinieren bij burn-out');
    const p = await project('Tuinieren bij burn-out', [q.duplicate.id]);
    const UPDATE = `mutation($input: UpdateResearchProjectInput!) { updateResearchProject(input: $input) { version } }`;
    const running = (await ok(ZONMW, UPDATE, { input: { id: p.id, version: p.version, status: 'RUNNING' } }))
      .updateResearchProject as { version: number };
    const [merge, completed] = await race(holdSector(q), q, async () =>
      app.gql(UPDATE, { input: { id: p.id, version: running.version, status: 'COMPLETED' } }, await asUser(app, ZONMW)),
    );
    expect(merge.errors).toBeUndefined();
    expect(completed.errors).toBeUndefined();
    const flags: { id: string; possibly_answered: boolean }[] = await app.dataSource.query(
      'SELECT id, possibly_answered FROM knowledge_question WHERE id = ANY($1) ORDER BY id',
      [[rowId(q.duplicate.id), rowId(q.survivor.id)]],
    );
    expect(flags).toEqual([
      { id: rowId(q.duplicate.id), possibly_answered: false },
      { id: rowId(q.survivor.id), possibly_answered: true },
    ]);
  });
});

describe('a merge and a scorecard at once', () => {
  it('moves the duplicate’s scores, and the scorecard that still names the duplicate is refused', async () => {
    const agendaId = agendas['onderzoeksagenda-ggz']!;
    const q = await pair('Helpt muziektherapie bij autisme');
    const { version } = (await ok(ZIN, `query($id: ID!) { researchAgenda(id: $id) { version } }`, { id: agendaId }))
      .researchAgenda;
    const versionId = (
      await ok(ZIN, `mutation($input: AddQuestionToAgendaInput!) { addQuestionToAgenda(input: $input) { id } }`, {
        input: { agendaId, version, questionId: q.duplicate.id },
      })
    ).addQuestionToAgenda.id as string;
    await ok(ZIN, `mutation($input: OpenConsultationRoundInput!) { openConsultationRound(input: $input) { id } }`, {
      input: {
        targetId: versionId,
        question: 'Welke vragen zijn het urgentst?',
        closesAt: new Date(Date.now() + 3_600_000).toISOString(),
        invitedPartyKinds: ['INSURER'],
      },
    });
    const SCORECARD = `mutation($input: SubmitPriorityScorecardInput!) { submitPriorityScorecard(input: $input) { id version } }`;
    const criterionId = criteria['impact-kosten']!;
    const card = (
      await ok(ZN, SCORECARD, {
        input: { agendaVersionId: versionId, scores: [{ questionId: q.duplicate.id, criterionId, score: 2 }] },
      })
    ).submitPriorityScorecard as { id: string; version: number };
    const [merge, scored] = await race(holdSector(q), q, async () =>
      app.gql(
        SCORECARD,
        {
          input: {
            agendaVersionId: versionId,
            version: card.version,
            scores: [{ questionId: q.duplicate.id, criterionId, score: 4 }],
          },
        },
        await asUser(app, ZN),
      ),
    );
    expect(merge.errors).toBeUndefined();
    expect(codes(scored)).toEqual([['BAD_USER_INPUT', 'input.scores.0.questionId']]);
    const scores = await app.dataSource.query('SELECT question_id, score FROM priority_score WHERE scorecard_id = $1', [
      rowId(card.id),
    ]);
    expect(scores).toEqual([{ question_id: rowId(q.survivor.id), score: 2 }]);
  });
});

const AGENDA_VERSION = `query($id: ID!) { researchAgenda(id: $id) { version } }`;
const ADD = `mutation($input: AddQuestionToAgendaInput!) { addQuestionToAgenda(input: $input) { id } }`;

/** The questions on the newest version of an agenda. */
async function newestItems(agendaId: string): Promise<string[]> {
  const rows: { question_id: string }[] = await app.dataSource.query(
    `SELECT i.question_id FROM agenda_item i JOIN research_agenda_version v ON v.id = i.version_id
      WHERE v.agenda_id = $1
        AND v.number = (SELECT max(number) FROM research_agenda_version w WHERE w.agenda_id = v.agenda_id)`,
    [rowId(agendaId)],
  );
  return rows.map((r) => r.question_id);
}

describe('a merge and an agenda edit at once', () => {
  it('makes an edit placing the survivor on the duplicate’s agenda wait for the merge, then refuses its stale version', async () => {
    const agendaId = agendas['onderzoeksagenda-ggz']!;
    // The survivor first in id order: the merge locks it, then waits for the duplicate that a session holds.
    const pq = await pair('Helpt danstherapie bij dementie');
    const q = { ...pq, duplicate: pq.survivor, survivor: pq.duplicate };
    const { version } = (await ok(ZIN, AGENDA_VERSION, { id: agendaId })).researchAgenda;
    await ok(ZIN, ADD, { input: { agendaId, version, questionId: q.duplicate.id } });
    const read = (await ok(ZIN, AGENDA_VERSION, { id: agendaId })).researchAgenda.version as number;
    const [merge, added] = await race(
      ['SELECT id FROM knowledge_question WHERE id = $1 FOR KEY SHARE', [rowId(q.duplicate.id)]],
      q,
      async () =>
        app.gql(ADD, { input: { agendaId, version: read, questionId: q.survivor.id } }, await asUser(app, ZIN)),
    );
    expect(merge.errors).toBeUndefined();
    // Not a deadlock (retryable): the merge changed the agenda first, so the version the edit read is stale.
    expect(
      added.errors?.map((e) => [e.extensions?.code, e.extensions?.currentVersion, e.extensions?.retryable]),
    ).toEqual([['CONFLICT', read + 1, undefined]]);
    const items = await newestItems(agendaId);
    expect(items).toContain(rowId(q.survivor.id));
    expect(items).not.toContain(rowId(q.duplicate.id));
    // Sent again with the agenda as the merge left it, the edit is refused for what it is.
    const again = await app.gql(
      ADD,
      { input: { agendaId, version: read + 1, questionId: q.survivor.id } },
      await asUser(app, ZIN),
    );
    expect(codes(again)).toEqual([['BAD_USER_INPUT', 'input.questionId']]);
  });

  it('rewrites an agenda that took the duplicate while the merge waited for the questions', async () => {
    const agendaId = agendas['onderzoeksagenda-ggz']!;
    const q = await pair('Helpt dramatherapie bij trauma');
    // The agenda's working version, made sure of by an edit before the race.
    const filler = await propose(app, PFN, { title: 'Helpt schrijftherapie bij trauma?', sectorIds: [sectors.ggz] });
    const { version } = (await ok(ZIN, AGENDA_VERSION, { id: agendaId })).researchAgenda;
    const versionId = rowId(
      (await ok(ZIN, ADD, { input: { agendaId, version, questionId: filler.id } })).addQuestionToAgenda.id as string,
    );
    const editor = app.dataSource.createQueryRunner();
    await editor.connect();
    try {
      // An agenda edit as addQuestionToAgenda makes it, still open: the agenda, then the duplicate it places.
      await editor.startTransaction();
      await editor.query('SELECT id FROM research_agenda WHERE id = $1 FOR UPDATE', [rowId(agendaId)]);
      await editor.query('SELECT id FROM knowledge_question WHERE id = $1 FOR SHARE', [rowId(q.duplicate.id)]);
      await editor.query(
        `INSERT INTO agenda_item (version_id, question_id, rank)
         SELECT $1, $2, count(*) + 1 FROM agenda_item WHERE version_id = $1`,
        [versionId, rowId(q.duplicate.id)],
      );
      // The merge finds no agenda holding either question yet, and waits for the duplicate.
      const merged = app.gql(
        MERGE,
        { input: { questionId: q.duplicate.id, version: q.duplicate.version, intoQuestionId: q.survivor.id } },
        await asUser(app, ZIN),
      );
      await untilWaiting(app.dataSource, 1);
      await editor.commitTransaction();
      expect((await merged).errors).toBeUndefined();
    } finally {
      if (editor.isTransactionActive) await editor.rollbackTransaction();
      await editor.release();
    }
    const items = await newestItems(agendaId);
    expect(items).toContain(rowId(q.survivor.id));
    expect(items).not.toContain(rowId(q.duplicate.id));
  });
});

describe('a merge and a topic call placement at once', () => {
  it('makes the placement wait for the merge, then refuses the merged question', async () => {
    // An agenda holding neither question: the merge does not lock it, only the questions.
    const agendaId = agendas['onderzoeksagenda-huisartsenzorg']!;
    const q = await pair('Helpt zwemtherapie bij chronische pijn');
    const call = (
      await ok(ZIN, `mutation($input: OpenTopicCallInput!) { openTopicCall(input: $input) { id } }`, {
        input: { agendaId, title: 'Uitvraag chronische pijn', invitedPartyKinds: ['INSURER'] },
      })
    ).openTopicCall as { id: string };
    const submission = (
      await ok(ZN, `mutation($input: SubmitToTopicCallInput!) { submitToTopicCall(input: $input) { id } }`, {
        input: { callId: call.id, questionId: q.duplicate.id },
      })
    ).submitToTopicCall as { id: string };
    await app.dataSource.query(
      `UPDATE topic_call SET opens_at = now() - interval '2 hours', closes_at = now() - interval '1 second' WHERE id = $1`,
      [rowId(call.id)],
    );
    const [merge, placed] = await race(holdSector(q), q, async () =>
      app.gql(
        `mutation($input: PlaceTopicCallSubmissionInput!) { placeTopicCallSubmission(input: $input) { placedAt } }`,
        { input: { submissionId: submission.id, rank: 1 } },
        await asUser(app, ZIN),
      ),
    );
    expect(merge.errors).toBeUndefined();
    expect(codes(placed)).toEqual([['BAD_USER_INPUT', 'input.submissionId']]);
    expect(placed.errors?.[0]?.message).toMatch(/MERGED question/);
    expect(await newestItems(agendaId)).not.toContain(rowId(q.duplicate.id));
    const [{ placed_at }] = await app.dataSource.query('SELECT placed_at FROM topic_call_submission WHERE id = $1', [
      rowId(submission.id),
    ]);
    expect(placed_at).toBeNull();
  });
});
