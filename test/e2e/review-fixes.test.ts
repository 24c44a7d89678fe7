import { toGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from '../helpers/app';
import { asUser } from '../helpers/auth';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

describe('people and audit history are not public', () => {
  it('hides link history and its actors from anonymous clients', async () => {
    const [link] = await app.dataSource.query(`SELECT id FROM synergy_link LIMIT 1`);
    const [actor] = await app.dataSource.query(`SELECT id FROM "user" WHERE email = 'zin.editor@example.org'`);
    const [zin] = await app.dataSource.query(`SELECT id FROM party WHERE key = 'zorginstituut'`);
    await app.dataSource.query(
      `INSERT INTO audit_event (actor_id, acting_party_id, owner_party_id, entity_type, entity_id, action, changes)
       VALUES ($1, $2, $2, 'SynergyLink', $3, 'CONFIRM', '[]')`,
      [actor.id, zin.id, link.id],
    );
    const query = `query($id: ID!) { synergyLink(id: $id) { history { action actor { name } } } }`;
    const id = toGlobalId('SynergyLink', link.id);
    const anonymous = await app.gql(query, { id });
    expect(anonymous.errors).toBeUndefined();
    expect(anonymous.data!.synergyLink.history).toEqual([]);
    const outsider = await app.gql(query, { id }, await asUser(app, 'pfn.contributor@example.org'));
    expect(outsider.data!.synergyLink.history).toEqual([]);
    const vws = await app.gql(query, { id }, await asUser(app, 'vws.viewer@example.org'));
    expect(vws.data!.synergyLink.history).toEqual([{ action: 'CONFIRM', actor: { name: 'Zorginstituut Editor' } }]);
  });

  it('shows an audit event’s actor only to those who may see that person', async () => {
    const [party] = await app.dataSource.query(`SELECT id, version FROM party WHERE key = 'patientenfederatie'`);
    const edit = await app.gql(
      `mutation($input: UpdatePartyInput!) { updateParty(input: $input) { version } }`,
      { input: { id: toGlobalId('Party', party.id), version: party.version, description: 'audit actor test' } },
      await asUser(app, 'pfn.admin@example.org'),
    );
    expect(edit.errors).toBeUndefined();
    const query = `query($id: ID!) { auditEvents(filter: { entityId: $id }) { nodes { actor { name } } } }`;
    const id = toGlobalId('Party', party.id);
    const fellow = await app.gql(query, { id }, await asUser(app, 'pfn.contributor@example.org'));
    expect(fellow.data!.auditEvents.nodes[0].actor).toEqual({ name: 'Patiëntenfederatie Admin' });
    const vws = await app.gql(query, { id }, await asUser(app, 'vws.viewer@example.org'));
    expect(vws.data!.auditEvents.nodes[0].actor).toEqual({ name: 'Patiëntenfederatie Admin' });
  });
});

describe('database backstops answer as client errors', () => {
  it.each([
    ['an impossible day', '2025-02-30'],
    ['year zero', '0000-01-01'],
  ])('export refuses %s with 400', async (_case, day) => {
    const res = await fetch(`${app.baseUrl}/exports/deliverables.csv?asOf=${day}`);
    expect(res.status).toBe(400);
  });
});

describe('guideline ownership', () => {
  const gid = async (key: string) => {
    const [row] = await app.dataSource.query('SELECT id FROM party WHERE key = $1', [key]);
    return toGlobalId('Party', row.id);
  };

  it('lets a co-owner add an association but not remove another owner or add a non-association', async () => {
    const nhg = await gid('nhg');
    const fms = await gid('fms');
    const mdl = await gid('mdl-artsen');
    const zin = await gid('zorginstituut');
    const headers = await asUser(app, 'nhg.editor@example.org');
    const created = await app.gql(
      `mutation($input: CreateGuidelineInput!) { createGuideline(input: $input) { id version } }`,
      { input: { title: 'Gezamenlijke richtlijn', ownerPartyIds: [nhg, fms] } },
      headers,
    );
    expect(created.errors).toBeUndefined();
    const { id, version } = created.data!.createGuideline;
    const update = (ownerPartyIds: string[], v: number) =>
      app.gql(
        `mutation($input: UpdateGuidelineInput!) { updateGuideline(input: $input) { version owners { key } } }`,
        { input: { id, version: v, ownerPartyIds } },
        headers,
      );
    expect((await update([nhg], version)).errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect((await update([nhg, fms, zin], version)).errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    const added = await update([nhg, fms, mdl], version);
    expect(added.errors).toBeUndefined();
    expect(added.data!.updateGuideline.owners.map((o: any) => o.key).sort()).toEqual(['fms', 'mdl-artsen', 'nhg']);
  });
});
