import { toGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { SingleDutyGrants1800002890000 } from '../../../server/db/migrations/1800002890000-SingleDutyGrants';

/**
 * A grant derived from a duty the documents give one party goes to that party, not to every party of its kind:
 * Financiën (a MINISTRY) holds none of VWS's powers, CVZ (the historical PACKAGE_MANAGER) none of
 * Zorginstituut's, and a member added to CVZ leaves package signals answerable.
 */
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
  // An editor in each of the parties that share a kind with VWS, Zorginstituut and ZonMw.
  for (const party of ['ministerie-financien', 'cvz', 'vws']) {
    await app.dataSource.query(
      `WITH u AS (INSERT INTO "user" (email, name, synthetic) VALUES ($1, $2, true) RETURNING id)
       INSERT INTO membership (user_id, party_id, role) SELECT u.id, p.id, 'EDITOR' FROM u, party p WHERE p.key = $3`,
      [`${party}.grant-editor@example.org`, `Editor ${party}`, party],
    );
  }
});
afterAll(() => app.close());

const ME = `{ me { capabilities { capability scope party { key } } } }`;

async function capabilities(email: string): Promise<string[]> {
  const res = await app.gql(ME, {}, await asUser(app, email));
  expect(res.errors).toBeUndefined();
  return (res.data!.me.capabilities as { capability: string; party: { key: string } | null }[])
    .map((c) => `${c.party?.key ?? '-'}:${c.capability}`)
    .sort();
}

const ONE_PARTY_POWERS = [
  'READ_ALL_INTERNAL',
  'MANAGE_PROGRAMMES',
  'ASSIGN_AGENDA_COORDINATORS',
  'PUBLISH_ASSESSMENTS',
  'COORDINATE_AGENDAS',
  'CONFIRM_SYNERGY_LINKS',
  'RESOLVE_LINK_DISPUTES',
  'MANAGE_SYNERGY_TRAJECTORIES',
  'MANAGE_RESEARCH_PROJECTS',
];

it('gives VWS its powers and Financiën, a ministry too, none of them', async () => {
  const vws = await capabilities('vws.grant-editor@example.org');
  expect(vws).toEqual(
    expect.arrayContaining(['vws:READ_ALL_INTERNAL', 'vws:MANAGE_PROGRAMMES', 'vws:ASSIGN_AGENDA_COORDINATORS']),
  );
  const financien = await capabilities('ministerie-financien.grant-editor@example.org');
  expect(financien.filter((c) => ONE_PARTY_POWERS.includes(c.split(':')[1]!))).toEqual([]);
  // What every party holds, it holds too.
  expect(financien).toContain('ministerie-financien:POST_STATUS_UPDATES');
});

it("gives CVZ none of Zorginstituut's powers", async () => {
  expect(await capabilities('zin.editor@example.org')).toEqual(
    expect.arrayContaining(['zorginstituut:PUBLISH_ASSESSMENTS', 'zorginstituut:CONFIRM_SYNERGY_LINKS']),
  );
  const cvz = await capabilities('cvz.grant-editor@example.org');
  expect(cvz.filter((c) => ONE_PARTY_POWERS.includes(c.split(':')[1]!))).toEqual([]);
});

it('refuses a programme to a Financiën editor and lets VWS create it', async () => {
  const CREATE = `mutation($input: CreateProgrammeInput!) { createProgramme(input: $input) { key ownerParty { key } } }`;
  const [vws] = await app.dataSource.query(`SELECT id FROM party WHERE key = 'vws'`);
  const input = { key: 'single-duty-programme', name: 'Programma', ownerPartyId: toGlobalId('Party', vws.id) };
  const refused = await app.gql(CREATE, { input }, await asUser(app, 'ministerie-financien.grant-editor@example.org'));
  expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  const created = await app.gql(CREATE, { input }, await asUser(app, 'vws.grant-editor@example.org'));
  expect(created.errors).toBeUndefined();
  expect(created.data!.createProgramme).toEqual({ key: 'single-duty-programme', ownerParty: { key: 'vws' } });
});

it('keeps package signals answerable when CVZ has a member: Zorginstituut alone answers them', async () => {
  const res = await app.gql(
    `mutation($input: RaisePackageSignalInput!) { raisePackageSignal(input: $input) { addresseeParty { key } } }`,
    { input: { title: 'Signaal na CVZ-lid', description: 'Declaraties buiten de indicatie nemen toe.' } },
    await asUser(app, 'zn.editor@example.org'),
  );
  expect(res.errors).toBeUndefined();
  expect(res.data!.raisePackageSignal).toEqual({ addresseeParty: { key: 'zorginstituut' } });
});

it('moves the rows of a database seeded before, and leaves a grant an operator changed alone', async () => {
  const grants = async () =>
    (await app.dataSource.query(
      `SELECT g.key, g.grantee, g.party_kind AS kind, p.key AS party FROM capability_grant g
         LEFT JOIN party p ON p.id = g.party_id WHERE g.key IN ('vws-manage-programmes', 'funder-manage-projects')
        ORDER BY g.key`,
    )) as { key: string; grantee: string; kind: string | null; party: string | null }[];
  const migration = new SingleDutyGrants1800002890000();
  const runner = app.dataSource.createQueryRunner();
  try {
    await migration.down(runner);
    expect(await grants()).toEqual([
      { key: 'funder-manage-projects', grantee: 'PARTY_KIND', kind: 'RESEARCH_FUNDER', party: null },
      { key: 'vws-manage-programmes', grantee: 'PARTY_KIND', kind: 'MINISTRY', party: null },
    ]);
    // An operator's own choice: ZonMw's grant given to another kind. It is not as seeded, so it stays.
    await runner.query(`UPDATE capability_grant SET party_kind = 'OTHER' WHERE key = 'funder-manage-projects'`);
    await migration.up(runner);
    expect(await grants()).toEqual([
      { key: 'funder-manage-projects', grantee: 'PARTY_KIND', kind: 'OTHER', party: null },
      { key: 'vws-manage-programmes', grantee: 'PARTY', kind: null, party: 'vws' },
    ]);
  } finally {
    await runner.query(
      `UPDATE capability_grant SET grantee = 'PARTY', party_kind = NULL, party_id = (SELECT id FROM party WHERE key = 'zonmw')
        WHERE key = 'funder-manage-projects'`,
    );
    await runner.release();
  }
});

it('lists the grants to one party among those that reach its kind (capabilityGrants filter)', async () => {
  const res = await app.gql(
    `{ capabilityGrants(filter: { partyKind: PACKAGE_MANAGER }, first: 100) { capability grantee party { key } } }`,
  );
  expect(res.errors).toBeUndefined();
  const grants = res.data!.capabilityGrants as { capability: string; grantee: string; party: { key: string } | null }[];
  expect(grants).toContainEqual({
    capability: 'PUBLISH_ASSESSMENTS',
    grantee: 'PARTY',
    party: { key: 'zorginstituut' },
  });
  // Another party's grant is not among them.
  expect(grants.filter((g) => g.party !== null && g.party.key !== 'zorginstituut')).toEqual([]);
});
