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
