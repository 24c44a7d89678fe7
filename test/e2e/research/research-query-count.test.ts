import { toGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from '../../helpers/app';
import { tokenFor } from '../../helpers/auth';

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
