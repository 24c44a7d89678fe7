import { toGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from '../helpers/app';

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
  // sector, agendas, versions, items, questions, party, sectors (2), criteria (2), projects (2), funder.
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
    expect(b.count).toBeLessThanOrEqual(13);
  });
});
