import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { idsByKey, propose } from '../../helpers/research';

/**
 * An update that changes nothing keeps the version and writes no audit entry, so another editor's next
 * change is not refused with CONFLICT for it: questions, agendas, projects and their links.
 */
let app: TestApp;
let parties: Record<string, string>;
let sectors: Record<string, string>;
let agendas: Record<string, string>;
beforeAll(async () => {
  app = await createTestApp();
  parties = await idsByKey(app, 'Party', 'party');
  sectors = await idsByKey(app, 'Sector', 'sector');
  agendas = await idsByKey(app, 'ResearchAgenda', 'research_agenda');
});
afterAll(() => app.close());

async function send(email: string, field: string, input: Record<string, unknown>, inputType?: string) {
  const type = inputType ?? `${field[0]!.toUpperCase()}${field.slice(1)}Input`;
  const res = await app.gql(
    `mutation($input: ${type}!) { ${field}(input: $input) { version } }`,
    { input },
    await asUser(app, email),
  );
  expect(res.errors).toBeUndefined();
  return res.data![field].version as number;
}

describe('an update that changes nothing', () => {
  it('keeps the version of a question, an agenda and a project, and of a project linked again', async () => {
    const title = 'Blijft een vraag gelijk als niets verandert?';
    const question = await propose(app, 'pfn.contributor@example.org', { title, sectorIds: [sectors.msz] });
    expect(
      await send('pfn.contributor@example.org', 'updateKnowledgeQuestion', {
        id: question.id,
        version: question.version,
        title,
      }),
    ).toBe(question.version);

    const agenda = (
      await app.gql(`query($id: ID!) { researchAgenda(id: $id) { version title } }`, {
        id: agendas['onderzoeksagenda-ggz'],
      })
    ).data!.researchAgenda;
    expect(
      await send('zin.editor@example.org', 'updateResearchAgenda', {
        agendaId: agendas['onderzoeksagenda-ggz'],
        version: agenda.version,
        title: agenda.title,
      }),
    ).toBe(agenda.version);

    const created = await app.gql(
      `mutation($input: CreateResearchProjectInput!) { createResearchProject(input: $input) { id version status } }`,
      { input: { title: 'Project zonder wijziging', funderPartyId: parties.zonmw, programmeKey: 'kppz' } },
      await asUser(app, 'zonmw.editor@example.org'),
    );
    expect(created.errors).toBeUndefined();
    const project = created.data!.createResearchProject as { id: string; version: number; status: string };
    expect(
      await send('zonmw.editor@example.org', 'updateResearchProject', {
        id: project.id,
        version: project.version,
        status: project.status,
      }),
    ).toBe(project.version);
    const link = (version: number) =>
      send(
        'zonmw.editor@example.org',
        'linkResearchProjectToQuestion',
        { projectId: project.id, version, questionId: question.id },
        'ProjectQuestionLinkInput',
      );
    const linked = await link(project.version);
    expect(linked).toBe(project.version + 1);
    expect(await link(linked)).toBe(linked);
  });
});

describe('a question put on an agenda while it is merged', () => {
  it('is not left on the draft as a MERGED question: the merge waits and then moves it to the survivor', async () => {
    const ZIN = 'zin.editor@example.org';
    const agendaId = agendas['onderzoeksagenda-ggz'];
    const duplicate = await propose(app, 'pfn.contributor@example.org', {
      title: 'Wordt een vraag die samengevoegd wordt toch geplaatst?',
      sectorIds: [sectors.ggz],
    });
    const survivor = await propose(app, 'pfn.contributor@example.org', {
      title: 'Wordt een samengevoegde vraag toch op de agenda gezet?',
      sectorIds: [sectors.ggz],
    });
    const agendaVersion = async () =>
      (await app.gql(`query($id: ID!) { researchAgenda(id: $id) { version } }`, { id: agendaId })).data!.researchAgenda
        .version as number;
    // The survivor on the agenda's working version, which another transaction then holds.
    const first = await app.gql(
      `mutation($input: AddQuestionToAgendaInput!) { addQuestionToAgenda(input: $input) { number } }`,
      { input: { agendaId, version: await agendaVersion(), questionId: survivor.id } },
      await asUser(app, ZIN),
    );
    expect(first.errors).toBeUndefined();
    const blocker = app.dataSource.createQueryRunner();
    await blocker.connect();
    try {
      await blocker.startTransaction();
      await blocker.query(
        `SELECT i.id FROM agenda_item i JOIN research_agenda_version v ON v.id = i.version_id
          JOIN research_agenda a ON a.id = v.agenda_id WHERE a.key = 'onderzoeksagenda-ggz' FOR UPDATE OF i`,
      );
      const zin = await asUser(app, ZIN);
      // The add reads the question, then waits for the held items; the merge starts meanwhile.
      const added = app.gql(
        `mutation($input: AddQuestionToAgendaInput!) { addQuestionToAgenda(input: $input) { number } }`,
        { input: { agendaId, version: await agendaVersion(), questionId: duplicate.id, rank: 1 } },
        zin,
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      const merged = app.gql(
        `mutation($input: MergeKnowledgeQuestionsInput!) { mergeKnowledgeQuestions(input: $input) { status } }`,
        { input: { questionId: duplicate.id, version: duplicate.version, intoQuestionId: survivor.id } },
        zin,
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      await blocker.commitTransaction();
      const [add, merge] = await Promise.all([added, merged]);
      expect(add.errors).toBeUndefined();
      expect(merge.errors).toBeUndefined();
    } finally {
      if (blocker.isTransactionActive) await blocker.rollbackTransaction();
      await blocker.release();
    }
    const onDraft: { status: string }[] = await app.dataSource.query(
      `SELECT q.status FROM agenda_item i JOIN knowledge_question q ON q.id = i.question_id
        WHERE i.version_id = (SELECT v.id FROM research_agenda_version v JOIN research_agenda a ON a.id = v.agenda_id
                               WHERE a.key = 'onderzoeksagenda-ggz' ORDER BY v.number DESC LIMIT 1)`,
    );
    expect(onDraft.map((q) => q.status)).not.toContain('MERGED');
  });
});

describe('a question edited while an agenda that holds it is adopted', () => {
  it('waits for the adoption and then keeps the adopted words', async () => {
    const agendaId = agendas['onderzoeksagenda-msz'];
    const question = await propose(app, 'pfn.contributor@example.org', {
      title: 'Blijven aangenomen woorden staan tijdens het aannemen?',
      sectorIds: [sectors.msz],
    });
    const { version } = (await app.gql(`query($id: ID!) { researchAgenda(id: $id) { version } }`, { id: agendaId }))
      .data!.researchAgenda;
    const added = await app.gql(
      `mutation($input: AddQuestionToAgendaInput!) { addQuestionToAgenda(input: $input) { id } }`,
      { input: { agendaId, version, questionId: question.id } },
      await asUser(app, 'zegg.editor@example.org'),
    );
    expect(added.errors).toBeUndefined();
    const draftId = (
      await app.dataSource.query(
        `SELECT v.id FROM research_agenda_version v JOIN research_agenda a ON a.id = v.agenda_id
          WHERE a.key = 'onderzoeksagenda-msz' ORDER BY v.number DESC LIMIT 1`,
      )
    )[0].id;
    // An adoption under way: the version row changed, not yet committed.
    const adoption = app.dataSource.createQueryRunner();
    await adoption.connect();
    try {
      await adoption.startTransaction();
      await adoption.query(`UPDATE research_agenda_version SET status = 'ADOPTED' WHERE id = $1`, [draftId]);
      const edit = app.gql(
        `mutation($input: UpdateKnowledgeQuestionInput!) { updateKnowledgeQuestion(input: $input) { title } }`,
        { input: { id: question.id, version: question.version, title: 'Andere woorden na het aannemen?' } },
        await asUser(app, 'pfn.contributor@example.org'),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      await adoption.commitTransaction();
      const res = await edit;
      expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    } finally {
      if (adoption.isTransactionActive) await adoption.rollbackTransaction();
      await adoption.release();
    }
  });
});
