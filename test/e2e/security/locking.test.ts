import { toGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import {
  CREATE_DELIVERABLE,
  CREATE_PROGRAMME,
  CREATE_WORKSTREAM,
  mutate,
  partyIds,
  POST_UPDATE,
} from '../../fixtures/deliverables';

const VWS = 'vws.editor@example.org';
const POST_WITH_VERSION = `mutation($input: PostStatusUpdateInput!) { postStatusUpdate(input: $input) { id status } }`;
const UPDATE_MEMBERSHIP = `mutation($input: UpdateMembershipInput!) { updateMembership(input: $input) { id version role } }`;
let app: TestApp;
let deliverable: { id: string; version: number; status: string };

beforeAll(async () => {
  app = await createTestApp();
  const parties = await partyIds(app, ['zorginstituut']);
  const programmeId = (await mutate(app, VWS, CREATE_PROGRAMME, { name: 'Testprogramma sloten', periodLabel: '2026' }))
    .createProgramme.id;
  const workstreamId = (await mutate(app, VWS, CREATE_WORKSTREAM, { programmeId, name: 'Spoor', kind: 'TRACK' }))
    .createWorkstream.id;
  deliverable = (
    await mutate(app, VWS, CREATE_DELIVERABLE, {
      title: 'Opleverpunt sloten',
      programmeId,
      workstreamId,
      ownerPartyIds: [parties.zorginstituut],
    })
  ).createDeliverable;
});

afterAll(() => app.close());

describe('one lock order for every write', () => {
  it('lets concurrent status updates on one deliverable all succeed, without a deadlock', async () => {
    const headers = await asUser(app, 'zin.contributor@example.org');
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        app.gql(
          POST_UPDATE,
          { input: { deliverableId: deliverable.id, health: 'ON_TRACK', text: `Stap ${i}` } },
          headers,
        ),
      ),
    );
    expect(results.map((r) => r.errors?.[0]?.extensions?.code ?? 'ok')).toEqual(Array(6).fill('ok'));
    const [{ count }] = await app.dataSource.query(
      'SELECT count(*)::int AS count FROM status_update WHERE text LIKE $1',
      ['Stap %'],
    );
    expect(count).toBe(6);
  });

  it('checks a given version even when the status does not change', async () => {
    const headers = await asUser(app, 'zin.editor@example.org');
    const res = await app.gql(
      POST_WITH_VERSION,
      {
        input: {
          deliverableId: deliverable.id,
          health: 'ON_TRACK',
          text: 'Oude versie',
          status: deliverable.status,
          version: deliverable.version + 5,
        },
      },
      headers,
    );
    expect(res.errors![0]!.extensions!.code).toBe('CONFLICT');
    const [{ count }] = await app.dataSource.query('SELECT count(*)::int AS count FROM status_update WHERE text = $1', [
      'Oude versie',
    ]);
    expect(count).toBe(0);
  });

  it("answers NOT_FOUND, not CONFLICT with the version, for another party's membership", async () => {
    const [m] = await app.dataSource.query(
      `SELECT m.id, m.version FROM membership m JOIN party p ON p.id = m.party_id WHERE p.key = 'patientenfederatie' LIMIT 1`,
    );
    const res = await app.gql(
      UPDATE_MEMBERSHIP,
      { input: { id: toGlobalId('Membership', m.id), version: m.version + 7, role: 'VIEWER' } },
      await asUser(app, 'zin.admin@example.org'),
    );
    expect(res.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect(res.errors![0]!.extensions!.currentVersion).toBeUndefined();
  });
});
