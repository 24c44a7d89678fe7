import { fromGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { idsByKey, propose } from '../../helpers/research';
import { untilWaiting } from '../../helpers/locks';

/**
 * "A MERGED question takes no new projects": its projects pass to the survivor at the merge. A project
 * linked to the question while the merge runs must not end on the MERGED question, where the survivor
 * never gets it.
 */
let app: TestApp;
let parties: Record<string, string>;
let sectors: Record<string, string>;
beforeAll(async () => {
  app = await createTestApp();
  parties = await idsByKey(app, 'Party', 'party');
  sectors = await idsByKey(app, 'Sector', 'sector');
});
afterAll(() => app.close());

it('refuses a project link sent while its question is merged, and the MERGED question takes no project', async () => {
  const a = await propose(app, 'pfn.contributor@example.org', {
    title: 'Helpt vroege signalering bij eetstoornissen in de ggz?',
    sectorIds: [sectors.ggz],
  });
  const b = await propose(app, 'pfn.contributor@example.org', {
    title: 'Helpt vroege signalering van eetstoornissen in de ggz echt?',
    sectorIds: [sectors.ggz],
  });
  // The merge locks both questions in id order: with the duplicate first it holds the duplicate while it
  // waits for the survivor, which another session holds.
  const [duplicate, survivor] = fromGlobalId(a.id).id < fromGlobalId(b.id).id ? [a, b] : [b, a];
  const created = await app.gql(
    `mutation($input: CreateResearchProjectInput!) { createResearchProject(input: $input) { id version } }`,
    { input: { title: 'Project tijdens samenvoegen', funderPartyId: parties.zonmw, programmeKey: 'kppz' } },
    await asUser(app, 'zonmw.editor@example.org'),
  );
  expect(created.errors).toBeUndefined();
  const project = created.data!.createResearchProject as { id: string; version: number };

  const blocker = app.dataSource.createQueryRunner();
  await blocker.connect();
  let answers: Record<string, any>[] = [];
  try {
    await blocker.startTransaction();
    await blocker.query('SELECT id FROM knowledge_question WHERE id = $1 FOR UPDATE', [fromGlobalId(survivor.id).id]);
    const merged = app.gql(
      `mutation($input: MergeKnowledgeQuestionsInput!) { mergeKnowledgeQuestions(input: $input) { status } }`,
      { input: { questionId: duplicate.id, version: duplicate.version, intoQuestionId: survivor.id } },
      await asUser(app, 'zin.editor@example.org'),
    );
    await untilWaiting(app.dataSource, 1);
    let linkAnswered = false;
    const linked = app
      .gql(
        `mutation($input: ProjectQuestionLinkInput!) { linkResearchProjectToQuestion(input: $input) { version } }`,
        { input: { projectId: project.id, version: project.version, questionId: duplicate.id } },
        await asUser(app, 'zonmw.editor@example.org'),
      )
      .finally(() => {
        linkAnswered = true;
      });
    // The link waits for the merge's lock on the duplicate (or, the race, answers first).
    await untilWaiting(app.dataSource, 2, () => linkAnswered);
    await blocker.commitTransaction();
    answers = await Promise.all([merged, linked]);
  } finally {
    if (blocker.isTransactionActive) await blocker.rollbackTransaction();
    await blocker.release();
  }
  const [mergeAnswer, linkAnswer] = answers;
  expect(mergeAnswer!.errors).toBeUndefined();
  expect(mergeAnswer!.data.mergeKnowledgeQuestions.status).toBe('MERGED');
  expect(linkAnswer!.errors?.map((e: any) => [e.extensions?.code, e.extensions?.field])).toEqual([
    ['BAD_USER_INPUT', 'input.questionId'],
  ]);
  const links: unknown[] = await app.dataSource.query(
    'SELECT question_id FROM research_project_question WHERE project_id = $1',
    [fromGlobalId(project.id).id],
  );
  expect(links).toEqual([]);
});
