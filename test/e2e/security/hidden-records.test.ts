import { fromGlobalId, toGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { partyIds } from '../../fixtures/deliverables';

let app: TestApp;
let draft: { id: string; version: number };

beforeAll(async () => {
  app = await createTestApp();
  const parties = await partyIds(app, ['fms']);
  const [msz] = await app.dataSource.query(`SELECT id FROM sector WHERE key = 'msz'`);
  const res = await app.gql(
    `mutation($input: CreateGuidelineInput!) { createGuideline(input: $input) { id version } }`,
    {
      input: {
        title: 'Verborgen conceptrichtlijn',
        ownerPartyIds: [parties.fms],
        sectorIds: [toGlobalId('Sector', msz.id)],
      },
    },
    await asUser(app, 'fms.editor@example.org'),
  );
  expect(res.errors).toBeUndefined();
  draft = res.data!.createGuideline;
});

afterAll(() => app.close());

describe("another association's draft guideline is NOT_FOUND to a change, like a missing one", () => {
  it.each([
    [
      'createRecommendation',
      `mutation($input: CreateRecommendationInput!) { createRecommendation(input: $input) { id } }`,
      () => ({ guidelineId: draft.id, kind: 'DO', text: 'Aanbeveling' }),
    ],
    [
      'updateGuideline',
      `mutation($input: UpdateGuidelineInput!) { updateGuideline(input: $input) { id title } }`,
      () => ({ id: draft.id, version: draft.version + 3, title: 'Overgenomen' }),
    ],
  ])('%s', async (_name, mutation, input) => {
    const res = await app.gql(mutation, { input: input() }, await asUser(app, 'nhg.editor@example.org'));
    expect(res.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect(res.errors![0]!.extensions!.currentVersion).toBeUndefined();
  });
});

/** A link from fms's hidden draft guideline to a published assessment. */
async function hiddenLink(text: string): Promise<{ id: string; version: number }> {
  const fms = await asUser(app, 'fms.editor@example.org');
  const rec = await app.gql(
    `mutation($input: CreateRecommendationInput!) { createRecommendation(input: $input) { id } }`,
    { input: { guidelineId: draft.id, kind: 'DO', text } },
    fms,
  );
  expect(rec.errors).toBeUndefined();
  const [assessment] = await app.dataSource.query(`SELECT id FROM package_assessment WHERE published LIMIT 1`);
  const linked = await app.gql(
    `mutation($input: LinkRecommendationToAssessmentInput!) { linkRecommendationToAssessment(input: $input) { id version } }`,
    {
      input: {
        recommendationId: rec.data!.createRecommendation.id,
        assessmentId: toGlobalId('PackageAssessment', assessment.id),
        linkType: 'SHARED_EVIDENCE',
        alignment: 'ALIGNED',
      },
    },
    fms,
  );
  expect(linked.errors).toBeUndefined();
  return linked.data!.linkRecommendationToAssessment;
}

describe('a side confirming a link answers only with what it may read', () => {
  it('gives NOT_FOUND, not the draft, when the assessor confirms a link from a draft it cannot see', async () => {
    const { id, version } = await hiddenLink('Geheime conceptaanbeveling');
    const res = await app.gql(
      `mutation($input: ConfirmSynergyLinkInput!) {
        confirmSynergyLink(input: $input) { id guideline { title status } recommendation { text } }
      }`,
      { input: { id, version, side: 'ASSESSOR' } },
      await asUser(app, 'zin.editor@example.org'),
    );
    expect(res.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect(JSON.stringify(res)).not.toContain('Geheime conceptaanbeveling');
    const [stored] = await app.dataSource.query('SELECT assessor_confirmed_at FROM synergy_link WHERE id = $1', [
      fromGlobalId(id).id,
    ]);
    expect(stored.assessor_confirmed_at).toBeNull();
  });
});

describe('a change to a link or an assessment the caller may not read is NOT_FOUND, like a random id', () => {
  const randomLink = () => toGlobalId('SynergyLink', '00000000-0000-4000-8000-000000000001');

  it.each([
    [
      'updateSynergyLink',
      'nhg.editor@example.org',
      `mutation($input: UpdateSynergyLinkInput!) { updateSynergyLink(input: $input) { id } }`,
      { alignment: 'DIVERGENT' },
    ],
    [
      'removeSynergyLink',
      'nhg.editor@example.org',
      `mutation($input: RemoveSynergyLinkInput!) { removeSynergyLink(input: $input) { removedSynergyLinkId } }`,
      {},
    ],
    [
      'resolveSynergyLinkDispute',
      'zin.editor@example.org',
      `mutation($input: ResolveSynergyLinkDisputeInput!) { resolveSynergyLinkDispute(input: $input) { id } }`,
      { resolution: 'Besloten' },
    ],
  ])('%s on a link from a hidden draft', async (name, email, mutation, extra) => {
    const link = await hiddenLink(`Verborgen aanbeveling voor ${name}`);
    const headers = await asUser(app, email);
    const hidden = await app.gql(mutation, { input: { id: link.id, version: link.version, ...extra } }, headers);
    const random = await app.gql(mutation, { input: { id: randomLink(), version: 1, ...extra } }, headers);
    expect(random.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect(hidden.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect(hidden.errors![0]!.message).toBe(random.errors![0]!.message);
    const rows = await app.dataSource.query('SELECT version, alignment FROM synergy_link WHERE id = $1', [
      fromGlobalId(link.id).id,
    ]);
    expect(rows).toEqual([{ version: link.version, alignment: 'ALIGNED' }]);
  });

  it.each([
    [
      'updatePackageAssessment',
      `mutation($input: UpdatePackageAssessmentInput!) { updatePackageAssessment(input: $input) { id } }`,
      { title: 'Overgenomen' },
    ],
    [
      'publishPackageAssessment',
      `mutation($input: PublishPackageAssessmentInput!) { publishPackageAssessment(input: $input) { id } }`,
      {},
    ],
  ])('%s on a draft assessment of Zorginstituut', async (name, mutation, extra) => {
    const created = await app.gql(
      `mutation($input: CreatePackageAssessmentInput!) { createPackageAssessment(input: $input) { id version } }`,
      { input: { kind: 'STANDPUNT', title: 'Concept-standpunt, nog niet gedeeld' } },
      await asUser(app, 'zin.editor@example.org'),
    );
    expect(created.errors).toBeUndefined();
    const { id, version } = created.data!.createPackageAssessment;
    // An editor of another assessor (CVZ, given PUBLISH_ASSESSMENTS for itself by an operator's grant: the seeded
    // one names the Zorginstituut alone): holds the capability, but not for Zorginstituut's drafts.
    await app.dataSource.query(
      `INSERT INTO capability_grant (key, capability, grantee, party_id, min_role, scope, rationale)
       SELECT 'test-cvz-publish-assessments', 'PUBLISH_ASSESSMENTS', 'PARTY', id, 'EDITOR', 'OWN_PARTY', 'test'
         FROM party WHERE key = 'cvz' ON CONFLICT (key) DO NOTHING`,
    );
    const email = `cvz.editor.${name.toLowerCase()}@example.org`;
    await app.dataSource.query(`INSERT INTO "user" (email, name) VALUES ($1, 'CVZ Editor')`, [email]);
    await app.dataSource.query(
      `INSERT INTO membership (user_id, party_id, role)
       SELECT u.id, p.id, 'EDITOR' FROM "user" u, party p WHERE u.email = $1 AND p.key = 'cvz'`,
      [email],
    );
    const headers = await asUser(app, email);
    const hidden = await app.gql(mutation, { input: { id, version, ...extra } }, headers);
    const randomId = toGlobalId('PackageAssessment', '00000000-0000-4000-8000-000000000002');
    const random = await app.gql(mutation, { input: { id: randomId, version: 1, ...extra } }, headers);
    expect(random.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect(hidden.errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect(hidden.errors![0]!.message).toBe(random.errors![0]!.message);
    const rows = await app.dataSource.query('SELECT version, published FROM package_assessment WHERE id = $1', [
      fromGlobalId(id).id,
    ]);
    expect(rows).toEqual([{ version, published: false }]);
  });
});

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
