import { toGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser, tokenFor } from '../../helpers/auth';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

/** An adopted agenda in its own sector with `n` questions, each with a party, sectors, criteria and a project. */
async function agendaWithItems(n: number, sectorKey: string): Promise<string> {
  const ds = app.dataSource;
  const [sector] = await ds.query('SELECT id FROM sector WHERE key = $1', [sectorKey]);
  const [{ id: partyId }] = await ds.query(`SELECT id FROM party WHERE key = 'nhg'`);
  const [{ id: funderId }] = await ds.query(`SELECT id FROM party WHERE key = 'zonmw'`);
  const [{ id: criterionId }] = await ds.query(`SELECT id FROM package_criterion WHERE key = 'effectiviteit'`);
  const [agenda] = await ds.query(
    `INSERT INTO research_agenda (key, title, kind, sector_id, coordinator_party_id, status, synthetic)
     VALUES ($1, $1, 'SECTOR_MULTIYEAR', $2, (SELECT id FROM party WHERE key = 'zorginstituut'), 'ADOPTED', true) RETURNING id`,
    [`count-agenda-${n}`, sector.id],
  );
  const [version] = await ds.query(
    `INSERT INTO research_agenda_version (agenda_id, number, status) VALUES ($1, 1, 'DRAFT') RETURNING id`,
    [agenda.id],
  );
  for (let i = 0; i < n; i++) {
    const [q] = await ds.query(
      `INSERT INTO knowledge_question (key, title, proposed_by_party_id, synthetic) VALUES ($1, $1, $2, true) RETURNING id`,
      [`count-question-${n}-${i}`, partyId],
    );
    await ds.query('INSERT INTO knowledge_question_sector VALUES ($1, $2)', [q.id, sector.id]);
    await ds.query('INSERT INTO knowledge_question_criterion VALUES ($1, $2)', [q.id, criterionId]);
    const [p] = await ds.query(
      `INSERT INTO research_project (key, title, funder_party_id, synthetic) VALUES ($1, $1, $2, true) RETURNING id`,
      [`count-project-${n}-${i}`, funderId],
    );
    await ds.query('INSERT INTO research_project_question VALUES ($1, $2)', [p.id, q.id]);
    await ds.query('INSERT INTO agenda_item (version_id, question_id, rank) VALUES ($1, $2, $3)', [
      version.id,
      q.id,
      i + 1,
    ]);
  }
  await ds.query(`UPDATE research_agenda_version SET status = 'ADOPTED' WHERE id = $1`, [version.id]);
  return toGlobalId('Sector', sector.id);
}

const PORTAL = /* GraphQL */ `
  query Portal($sectorId: ID!) {
    sector(id: $sectorId) {
      researchAgendas {
        title
        adoptedVersion {
          items {
            rank
            question {
              title
              proposedByParty {
                name
              }
              sectors {
                key
              }
              criteria {
                key
              }
              projects {
                title
                funderParty {
                  name
                }
              }
            }
          }
        }
      }
    }
  }
`;

describe('SQL statements per request', () => {
  // The sector, its agendas, their versions, then the items with their questions, proposing parties,
  // sectors, criteria and projects in one statement, then the funders.
  it('stay the same for the portal query with 5 and with 50 agenda items', async () => {
    const small = await agendaWithItems(5, 'geboortezorg');
    const large = await agendaWithItems(50, 'hulpmiddelenzorg');
    const a = await app.countQueries(() => app.gql(PORTAL, { sectorId: small }));
    const b = await app.countQueries(() => app.gql(PORTAL, { sectorId: large }));
    expect(a.result.errors).toBeUndefined();
    expect(b.result.errors).toBeUndefined();
    const items = (r: typeof a) =>
      r.result.data!.sector.researchAgendas.flatMap((x: any) => x.adoptedVersion?.items ?? []);
    expect(items(a)).toHaveLength(5);
    expect(items(b)).toHaveLength(50);
    expect(items(b)[49].question.projects[0].funderParty.name).toBeTruthy();
    expect(b.count).toBe(a.count);
    expect(b.count).toBe(5);
  });
});

const AGENDA_PAGE = /* GraphQL */ `
  query AgendaPage($agendaId: ID!) {
    researchAgenda(id: $agendaId) {
      title
      sector {
        nameNl
      }
      adoptedVersion {
        number
        items(first: 100) {
          ...Item
        }
      }
    }
  }
  fragment Item on AgendaItem {
    rank
    rationale
    question {
      id
      title
      status
      ... on KnowledgeQuestion {
        proposedByParty {
          shortName
        }
        sectors {
          key
        }
      }
      criteria {
        key
      }
      projects {
        title
        status
      }
    }
  }
`;

describe('an agenda page (the portals’ hot read)', () => {
  async function agendaIdOfSector(sectorGlobalId: string): Promise<string> {
    const res = await app.gql('query($id: ID!) { sector(id: $id) { researchAgendas { id title } } }', {
      id: sectorGlobalId,
    });
    return res.data!.sector.researchAgendas.find((a: { title: string }) => a.title.startsWith('count-agenda'))!.id;
  }

  it('loads items, questions and their relations in one statement, whatever the number of items', async () => {
    const small = await agendaIdOfSector(await agendaWithItems(6, 'langdurige-zorg'));
    const large = await agendaIdOfSector(await agendaWithItems(60, 'ggz'));
    const a = await app.countQueries(() => app.gql(AGENDA_PAGE, { agendaId: small }));
    const b = await app.countQueries(() => app.gql(AGENDA_PAGE, { agendaId: large }));
    expect(a.result.errors).toBeUndefined();
    expect(b.result.errors).toBeUndefined();
    expect(a.result.data!.researchAgenda.adoptedVersion.items).toHaveLength(6);
    expect(b.result.data!.researchAgenda.adoptedVersion.items).toHaveLength(60);
    // agenda, its sector, its versions, and the items with everything below them.
    expect(b.count).toBe(a.count);
    expect(b.count).toBe(4);
  });

  it('answers exactly what the database holds, in rank order', async () => {
    const agendaId = await agendaIdOfSector(await agendaWithItems(12, 'paramedische-zorg'));
    const res = await app.gql(AGENDA_PAGE, { agendaId });
    expect(res.errors).toBeUndefined();
    const items = res.data!.researchAgenda.adoptedVersion.items;
    expect(items.map((i: { rank: number }) => i.rank)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const expected: { title: string; party: string; sectors: string[]; criteria: string[]; projects: string[] }[] =
      await app.dataSource.query(
        `SELECT q.title, p.short_name AS party,
                array(SELECT s.key FROM knowledge_question_sector j JOIN sector s ON s.id = j.sector_id
                       WHERE j.question_id = q.id ORDER BY s.key) AS sectors,
                array(SELECT c.key FROM knowledge_question_criterion j JOIN package_criterion c ON c.id = j.criterion_id
                       WHERE j.question_id = q.id ORDER BY c.key) AS criteria,
                array(SELECT r.title FROM research_project_question j JOIN research_project r ON r.id = j.project_id
                       WHERE j.question_id = q.id ORDER BY r.title) AS projects
           FROM agenda_item i JOIN knowledge_question q ON q.id = i.question_id
           JOIN research_agenda_version v ON v.id = i.version_id AND v.status = 'ADOPTED'
           JOIN research_agenda a ON a.id = v.agenda_id AND a.key = 'count-agenda-12'
           LEFT JOIN party p ON p.id = q.proposed_by_party_id
          ORDER BY i.rank`,
      );
    expect(
      items.map((i: any) => ({
        title: i.question.title,
        party: i.question.proposedByParty?.shortName ?? null,
        sectors: i.question.sectors.map((s: { key: string }) => s.key),
        criteria: i.question.criteria.map((c: { key: string }) => c.key),
        projects: i.question.projects.map((p: { title: string }) => p.title),
      })),
    ).toEqual(expected);
  });
});

describe('without prepared statements (behind a pooler that cannot keep them)', () => {
  let plain: TestApp;
  beforeAll(async () => {
    plain = await createTestApp({ DATABASE_PREPARED_STATEMENTS: 'false' });
  });
  afterAll(() => plain.close());

  it('answers an agenda page and a signed-in request the same way', async () => {
    const query = '{ researchAgendas(first: 3) { nodes { id } } }';
    const ids = (await plain.gql(query)).data!.researchAgendas.nodes.map((n: { id: string }) => n.id);
    const pages = await Promise.all(
      ids.map(async (agendaId: string) => [
        (await plain.gql(AGENDA_PAGE, { agendaId })).data,
        (await app.gql(AGENDA_PAGE, { agendaId })).data,
      ]),
    );
    for (const [withoutPrepared, prepared] of pages) expect(withoutPrepared).toEqual(prepared);
    const me = await plain.gql('{ me { user { email } memberships { role } } }', undefined, {
      authorization: `Bearer ${await tokenFor(plain, 'multi@example.org')}`,
    });
    expect(me.data!.me.user.email).toBe('multi@example.org');
    expect(me.data!.me.memberships).toHaveLength(2);
  });
});

describe('a signed-in list of agendas', () => {
  const ZIN = 'zin.editor@example.org';
  let sectorId: string;

  /**
   * Agendas of farmaceutische zorg (no seeded ones there), in title order: two adopted only ("a-"), then six
   * adopted with a newer draft of Zorginstituut ("b-"), each fed by a topic call to which Zorgverzekeraars
   * Nederland submitted a question with first scores (a scorecard on the draft).
   */
  beforeAll(async () => {
    const ds = app.dataSource;
    const [sector] = await ds.query(`SELECT id FROM sector WHERE key = 'farmaceutische-zorg'`);
    sectorId = toGlobalId('Sector', sector.id);
    const [{ id: partyId }] = await ds.query(`SELECT id FROM party WHERE key = 'nhg'`);
    const [{ id: criterionId }] = await ds.query('SELECT id FROM prioritisation_criterion ORDER BY key LIMIT 1');
    const agendaIds: string[] = [];
    for (const tag of ['a-1', 'a-2', 'b-1', 'b-2', 'b-3', 'b-4', 'b-5', 'b-6']) {
      const [agenda] = await ds.query(
        `INSERT INTO research_agenda (key, title, kind, sector_id, coordinator_party_id, status, synthetic)
         VALUES ($1, $1, 'SECTOR_MULTIYEAR', $2, (SELECT id FROM party WHERE key = 'zorginstituut'), 'ADOPTED', true)
         RETURNING id`,
        [`list-agenda-${tag}`, sector.id],
      );
      const [version] = await ds.query(
        `INSERT INTO research_agenda_version (agenda_id, number, status) VALUES ($1, 1, 'DRAFT') RETURNING id`,
        [agenda.id],
      );
      for (let i = 1; i <= 2; i++) {
        const [q] = await ds.query(
          `INSERT INTO knowledge_question (key, title, proposed_by_party_id, synthetic) VALUES ($1, $1, $2, true) RETURNING id`,
          [`list-question-${tag}-${i}`, partyId],
        );
        await ds.query('INSERT INTO knowledge_question_sector VALUES ($1, $2)', [q.id, sector.id]);
        await ds.query('INSERT INTO agenda_item (version_id, question_id, rank) VALUES ($1, $2, $3)', [
          version.id,
          q.id,
          i,
        ]);
      }
      await ds.query(`UPDATE research_agenda_version SET status = 'ADOPTED' WHERE id = $1`, [version.id]);
      if (tag.startsWith('b')) agendaIds.push(toGlobalId('ResearchAgenda', agenda.id));
    }
    for (const agendaId of agendaIds) {
      const call = await app.gql(
        `mutation($input: OpenTopicCallInput!) { openTopicCall(input: $input) { id } }`,
        { input: { agendaId, title: 'Uitvraag telling', invitedPartyKinds: ['INSURER'] } },
        await asUser(app, ZIN),
      );
      expect(call.errors).toBeUndefined();
      const proposed = await app.gql(
        `mutation($input: ProposeKnowledgeQuestionInput!) { proposeKnowledgeQuestion(input: $input) { id } }`,
        { input: { title: `Inzending voor ${agendaId}`, sectorIds: [sectorId] } },
        await asUser(app, 'zn.contributor@example.org'),
      );
      expect(proposed.errors).toBeUndefined();
      const questionId = proposed.data!.proposeKnowledgeQuestion.id;
      const submitted = await app.gql(
        `mutation($input: SubmitToTopicCallInput!) { submitToTopicCall(input: $input) { id } }`,
        {
          input: {
            callId: call.data!.openTopicCall.id,
            questionId,
            scores: [{ questionId, criterionId: toGlobalId('PrioritisationCriterion', criterionId), score: 4 }],
          },
        },
        await asUser(app, 'zn.contributor@example.org'),
      );
      expect(submitted.errors).toBeUndefined();
    }
  });

  async function statements(query: string, email: string, first: number) {
    const headers = await asUser(app, email);
    const { result, count } = await app.countQueries(() => app.gql(query, { sectorId, first }, headers));
    expect(result.errors).toBeUndefined();
    expect(result.data!.researchAgendas.nodes).toHaveLength(first);
    return { count, nodes: result.data!.researchAgendas.nodes };
  }

  const VERSIONS = /* GraphQL */ `
    query ($sectorId: ID!, $first: Int!) {
      researchAgendas(first: $first, filter: { sectorIds: [$sectorId] }) {
        nodes {
          title
          adoptedVersion {
            number
            items {
              rank
              question {
                title
              }
            }
          }
          latestVersion {
            number
            status
            items {
              rank
              question {
                title
                sectors {
                  key
                }
              }
            }
          }
          versions {
            number
            status
          }
        }
      }
    }
  `;

  // Reading an agenda's versions waits for the viewer's grants and the drafts it is consulted on; an agenda
  // whose drafts the viewer may not read used to wait for more of them than the others, and loaded its
  // items in a batch of its own.
  it.each([['fms.viewer@example.org'], [ZIN], ['vws.viewer@example.org']])(
    'reads the same number of statements for 2 agendas and for 8 with drafts among them, as %s',
    async (email) => {
      const counts: number[] = [];
      for (let round = 0; round < 3; round++)
        for (const first of [2, 8]) counts.push((await statements(VERSIONS, email, first)).count);
      expect(counts).toEqual(counts.map(() => counts[0]));
    },
  );

  const PRIORITIES = /* GraphQL */ `
    query ($sectorId: ID!, $first: Int!) {
      researchAgendas(first: $first, filter: { sectorIds: [$sectorId] }) {
        nodes {
          title
          latestVersion {
            number
            sharedPriorities(first: 5) {
              rank
              question {
                id
              }
            }
            scorecards(first: 5) {
              party {
                key
              }
              scores(first: 5) {
                score
                question {
                  id
                }
              }
            }
          }
          topicCalls(first: 2) {
            id
            submissions(first: 5) {
              id
            }
          }
        }
      }
    }
  `;

  // The rankings and scorecards hold what the viewer may see of the calls' submissions: six drafts ranked,
  // with the scorecard of Zorgverzekeraars Nederland, for Zorginstituut and VWS; that party reads no draft,
  // only the calls and its own submissions. (TopicCall.myScorecards is left out: it loads the scorecards of
  // the same versions along another path, and which of the two comes first decides whether they share a batch.)
  it.each([
    [ZIN, 6, 6],
    ['zn.contributor@example.org', 0, 6],
    ['vws.viewer@example.org', 6, 6],
  ])(
    'reads the rankings and scorecards of 3 agendas and of 8 in as many statements, as %s',
    async (email, ranked, submissions) => {
      const counts: number[] = [];
      for (let round = 0; round < 3; round++)
        for (const first of [3, 8]) counts.push((await statements(PRIORITIES, email, first)).count);
      expect(counts).toEqual(counts.map(() => counts[0]));
      const { nodes } = await statements(PRIORITIES, email, 8);
      expect(nodes.filter((n: any) => n.latestVersion.sharedPriorities?.length === 1)).toHaveLength(ranked);
      expect(nodes.filter((n: any) => n.latestVersion.scorecards.length === 1)).toHaveLength(ranked);
      expect(nodes.flatMap((n: any) => n.topicCalls.flatMap((c: any) => c.submissions))).toHaveLength(submissions);
    },
  );
});
