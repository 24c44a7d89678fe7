import { randomUUID } from 'node:crypto';
import { toGlobalId } from 'graphql-relay';
import { Capability } from '../../../entities/capability.enum';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { outcome } from '../../helpers/outcome';

let app: TestApp;
const partyIds = new Map<string, string>();
beforeAll(async () => {
  app = await createTestApp();
  const rows: { key: string; id: string }[] = await app.dataSource.query('SELECT key, id FROM party');
  for (const r of rows) partyIds.set(r.key, toGlobalId('Party', r.id));
});
afterAll(() => app.close());

const C = Capability;
const MEMBER_BASICS = [C.READ_PARTY_INTERNAL, C.VIEW_AUDIT_TRAIL];
const CONTRIBUTOR_BASICS = [
  ...MEMBER_BASICS,
  C.POST_STATUS_UPDATES,
  C.PROPOSE_QUESTIONS,
  C.CONTRIBUTE_TO_CONSULTATIONS,
  C.SCORE_SHARED_PRIORITIES,
];
const EDITOR_BASICS = [...CONTRIBUTOR_BASICS, C.EDIT_PARTY_PROFILE, C.REPORT_AS_GROUP_OWNER];
const ADMIN_BASICS = [...EDITOR_BASICS, C.MANAGE_MEMBERS, C.MANAGE_WEBHOOKS];
const ASSOCIATION_EDITOR = [
  C.CONFIRM_SYNERGY_LINKS,
  C.MANAGE_GUIDELINES,
  C.MANAGE_SYNERGY_LINKS,
  C.MAINTAIN_KNOWLEDGE_AGENDA,
  C.MANAGE_SYNERGY_TRAJECTORIES,
];
const ZIN_EDITOR = [
  C.PUBLISH_ASSESSMENTS,
  C.COORDINATE_AGENDAS,
  C.CONFIRM_SYNERGY_LINKS,
  C.RESOLVE_LINK_DISPUTES,
  C.MANAGE_SYNERGY_TRAJECTORIES,
];
const VWS_EDITOR = [
  C.READ_ALL_INTERNAL,
  C.MANAGE_PROGRAMMES,
  C.ASSIGN_AGENDA_COORDINATORS,
  C.REQUEST_PACKAGE_ASSESSMENT,
  C.DECIDE_ON_PACKAGE_ADVICE,
];

/** Party kind × role → capabilities, written out from docs/domain.md “Who may do what”. */
const MATRIX: [string, string, Capability[]][] = [
  [
    'operator@example.org',
    'operator',
    [C.READ_ALL_INTERNAL, C.MANAGE_USERS, C.VIEW_AUDIT_TRAIL, C.ASSIGN_AGENDA_COORDINATORS],
  ],
  ['vws.viewer@example.org', 'MINISTRY VIEWER', [...MEMBER_BASICS, C.READ_ALL_INTERNAL]],
  ['vws.contributor@example.org', 'MINISTRY CONTRIBUTOR', [...CONTRIBUTOR_BASICS, C.READ_ALL_INTERNAL]],
  ['vws.editor@example.org', 'MINISTRY EDITOR', [...EDITOR_BASICS, ...VWS_EDITOR]],
  ['vws.admin@example.org', 'MINISTRY ADMIN', [...ADMIN_BASICS, ...VWS_EDITOR]],
  ['zin.viewer@example.org', 'PACKAGE_MANAGER VIEWER', MEMBER_BASICS],
  ['zin.contributor@example.org', 'PACKAGE_MANAGER CONTRIBUTOR', CONTRIBUTOR_BASICS],
  ['zin.editor@example.org', 'PACKAGE_MANAGER EDITOR', [...EDITOR_BASICS, ...ZIN_EDITOR]],
  ['zin.admin@example.org', 'PACKAGE_MANAGER ADMIN', [...ADMIN_BASICS, ...ZIN_EDITOR]],
  ['zonmw.editor@example.org', 'RESEARCH_FUNDER EDITOR', [...EDITOR_BASICS, C.MANAGE_RESEARCH_PROJECTS]],
  ['nza.viewer@example.org', 'MARKET_AUTHORITY VIEWER', MEMBER_BASICS],
  ['nza.editor@example.org', 'MARKET_AUTHORITY EDITOR', [...EDITOR_BASICS, C.RECORD_FUNDING_ARRANGEMENTS]],
  ['igj.viewer@example.org', 'SUPERVISOR VIEWER', MEMBER_BASICS],
  ['nivel.viewer@example.org', 'KNOWLEDGE_INSTITUTE VIEWER', MEMBER_BASICS],
  ['fms.viewer@example.org', 'SCIENTIFIC_ASSOCIATION VIEWER', MEMBER_BASICS],
  ['fms.contributor@example.org', 'SCIENTIFIC_ASSOCIATION CONTRIBUTOR', CONTRIBUTOR_BASICS],
  ['fms.editor@example.org', 'SCIENTIFIC_ASSOCIATION EDITOR', [...EDITOR_BASICS, ...ASSOCIATION_EDITOR]],
  ['fms.admin@example.org', 'SCIENTIFIC_ASSOCIATION ADMIN', [...ADMIN_BASICS, ...ASSOCIATION_EDITOR]],
  ['vvn.editor@example.org', 'PROFESSIONAL_ASSOCIATION EDITOR', [...EDITOR_BASICS, ...ASSOCIATION_EDITOR]],
  ['zn.contributor@example.org', 'INSURER CONTRIBUTOR', [...CONTRIBUTOR_BASICS, C.COMMENT_IMPACT]],
  [
    'zn.editor@example.org',
    'INSURER EDITOR',
    [...EDITOR_BASICS, C.COMMENT_IMPACT, C.SIGNAL_PACKAGE_ISSUES, C.REQUEST_PACKAGE_ASSESSMENT],
  ],
  ['nvz.contributor@example.org', 'PROVIDER_ASSOCIATION CONTRIBUTOR', [...CONTRIBUTOR_BASICS, C.COMMENT_IMPACT]],
  [
    'nvz.editor@example.org',
    'PROVIDER_ASSOCIATION EDITOR',
    [...EDITOR_BASICS, C.COMMENT_IMPACT, C.REQUEST_PACKAGE_ASSESSMENT],
  ],
  [
    'pfn.contributor@example.org',
    'PATIENT_ORGANISATION CONTRIBUTOR',
    [...CONTRIBUTOR_BASICS, C.ADD_PATIENT_PERSPECTIVE],
  ],
  ['zegg.editor@example.org', 'ZE&GG (OTHER) EDITOR', [...EDITOR_BASICS, C.COORDINATE_AGENDAS]],
];

describe('capability matrix (me.capabilities)', () => {
  it('covers every capability', () => {
    const covered = new Set(MATRIX.flatMap(([, , caps]) => caps));
    expect([...covered].sort()).toEqual(Object.values(Capability).sort());
  });

  it.each(MATRIX)('%s (%s) holds exactly the documented capabilities', async (email, _label, expected) => {
    const res = await app.gql('{ me { capabilities { capability } } }', undefined, await asUser(app, email));
    expect(res.errors).toBeUndefined();
    const held = [...new Set(res.data!.me.capabilities.map((c: any) => c.capability))].sort();
    expect(held).toEqual([...new Set(expected)].sort());
  });

  it('holds capabilities per party for a member of two parties', async () => {
    const res = await app.gql(
      '{ me { capabilities { capability party { key } } } }',
      undefined,
      await asUser(app, 'multi@example.org'),
    );
    const pairs = res.data!.me.capabilities.map((c: any) => `${c.capability}@${c.party.key}`);
    expect(pairs).toEqual(expect.arrayContaining(['MANAGE_GUIDELINES@nhg', 'READ_PARTY_INTERNAL@fms']));
    expect(pairs).not.toContain('MANAGE_GUIDELINES@fms');
  });

  it('publishes the matrix with the responsibility each grant derives from', async () => {
    const res = await app.gql(
      '{ capabilityGrants(filter: { capability: PUBLISH_ASSESSMENTS }) { grantee partyKind party { key } minRole responsibility { key sources { quote } } } }',
    );
    // Zorginstituut's statutory duty: granted to that party, not to its kind (which holds the historical CVZ too).
    expect(res.data!.capabilityGrants).toEqual([
      expect.objectContaining({
        grantee: 'PARTY',
        partyKind: null,
        party: { key: 'zorginstituut' },
        minRole: 'EDITOR',
      }),
    ]);
    expect(res.data!.capabilityGrants[0].responsibility.sources.length).toBeGreaterThan(0);
  });

  it('follows a policy change made in the data, without a deploy', async () => {
    await app.dataSource.query(
      `UPDATE capability_grant SET min_role = 'CONTRIBUTOR' WHERE key = 'zin-publish-assessments'`,
    );
    try {
      const res = await app.gql(
        '{ me { capabilities { capability } } }',
        undefined,
        await asUser(app, 'zin.contributor@example.org'),
      );
      expect(res.data!.me.capabilities.map((c: any) => c.capability)).toContain('PUBLISH_ASSESSMENTS');
    } finally {
      await app.dataSource.query(
        `UPDATE capability_grant SET min_role = 'EDITOR' WHERE key = 'zin-publish-assessments'`,
      );
    }
  });

  // Each instance keeps the grants of the version it read last (policy.ts); the version comes with the account.
  const capabilities = async () => {
    const { result, statements } = await app.countQueries(async () =>
      app.gql('{ me { capabilities { capability } } }', undefined, await asUser(app, 'zin.contributor@example.org')),
    );
    expect(result.errors).toBeUndefined();
    return {
      held: result.data!.me.capabilities.map((c: any) => c.capability) as string[],
      grantsRead: statements.filter((sql) => /FROM capability_grant\)\s+AS grants/.test(sql)).length,
    };
  };
  const setPublishRole = (role: string) =>
    app.dataSource.query(`UPDATE capability_grant SET min_role = $1 WHERE key = 'zin-publish-assessments'`, [role]);

  it('reads the grants again only after they changed, and a change made in the data applies at once', async () => {
    await capabilities();
    const unchanged = await capabilities();
    expect(unchanged.grantsRead).toBe(0);
    expect(unchanged.held).not.toContain('PUBLISH_ASSESSMENTS');
    await setPublishRole('CONTRIBUTOR');
    try {
      const changed = await capabilities();
      expect(changed.grantsRead).toBe(1);
      expect(changed.held).toContain('PUBLISH_ASSESSMENTS');
    } finally {
      await setPublishRole('EDITOR');
    }
    const withdrawn = await capabilities();
    expect(withdrawn.grantsRead).toBe(1);
    expect(withdrawn.held).not.toContain('PUBLISH_ASSESSMENTS');
  });

  it('reads the grants on every request while their version is missing, until a change of them brings it back', async () => {
    await capabilities();
    await app.dataSource.query('DELETE FROM capability_grant_version');
    try {
      expect((await capabilities()).grantsRead).toBe(1);
      expect((await capabilities()).grantsRead).toBe(1);
      await setPublishRole('CONTRIBUTOR');
      const changed = await capabilities();
      expect(changed.held).toContain('PUBLISH_ASSESSMENTS');
      expect((await capabilities()).grantsRead).toBe(0);
    } finally {
      await setPublishRole('EDITOR');
    }
    expect((await capabilities()).held).not.toContain('PUBLISH_ASSESSMENTS');
  });
});

type Outcome = 'ok' | 'UNAUTHENTICATED' | 'FORBIDDEN';

const UPDATE_PARTY = `mutation($input: UpdatePartyInput!) { updateParty(input: $input) { id version description } }`;
const ADD_MEMBER = `mutation($input: AddMembershipInput!) { addMembership(input: $input) { id role user { email } } }`;
const MEMBERS = `query($id: ID!) { party(id: $id) { members { role user { name } } } }`;
const AUDIT_OF = `query($id: ID!) { auditEvents(first: 1, filter: { entityId: $id }) { nodes { action entityType actingParty { key } } } }`;

async function partyVersion(key: string): Promise<number> {
  const [row] = await app.dataSource.query('SELECT version FROM party WHERE key = $1', [key]);
  return row.version;
}

describe('actions by party kind and role', () => {
  const updateParty: [string | null, string, Outcome][] = [
    [null, 'fms', 'UNAUTHENTICATED'],
    ['fms.viewer@example.org', 'fms', 'FORBIDDEN'],
    ['fms.contributor@example.org', 'fms', 'FORBIDDEN'],
    ['fms.editor@example.org', 'fms', 'ok'],
    ['fms.admin@example.org', 'fms', 'ok'],
    ['nhg.editor@example.org', 'fms', 'FORBIDDEN'],
    ['vws.admin@example.org', 'fms', 'FORBIDDEN'],
    ['zin.admin@example.org', 'fms', 'FORBIDDEN'],
    ['operator@example.org', 'fms', 'FORBIDDEN'],
    ['pfn.admin@example.org', 'patientenfederatie', 'ok'],
    ['multi@example.org', 'nhg', 'ok'],
    ['multi@example.org', 'fms', 'FORBIDDEN'],
  ];

  it.each(updateParty)('updateParty by %s on %s → %s', async (email, partyKey, expected) => {
    const res = await app.gql(
      UPDATE_PARTY,
      {
        input: { id: partyIds.get(partyKey), version: await partyVersion(partyKey), description: `edited by ${email}` },
      },
      await asUser(app, email),
    );
    expect(outcome(res, (data) => data.updateParty.description)).toBe(
      expected === 'ok' ? `edited by ${email}` : expected,
    );
    const [party] = await app.dataSource.query('SELECT description FROM party WHERE key = $1', [partyKey]);
    expect(party.description === `edited by ${email}`).toBe(expected === 'ok');
  });

  const addMember: [string | null, string, Outcome][] = [
    [null, 'fms', 'UNAUTHENTICATED'],
    ['fms.viewer@example.org', 'fms', 'FORBIDDEN'],
    ['fms.editor@example.org', 'fms', 'FORBIDDEN'],
    ['fms.admin@example.org', 'fms', 'ok'],
    ['fms.admin@example.org', 'nhg', 'FORBIDDEN'],
    ['pfn.admin@example.org', 'fms', 'FORBIDDEN'],
    ['vws.admin@example.org', 'fms', 'FORBIDDEN'],
    ['operator@example.org', 'nhg', 'ok'],
  ];

  it.each(addMember)('addMembership by %s to %s → %s', async (email, partyKey, expected) => {
    const newcomer = `new.${partyKey}.${Math.random().toString(36).slice(2)}@example.org`;
    const res = await app.gql(
      ADD_MEMBER,
      { input: { partyId: partyIds.get(partyKey), email: newcomer, role: 'VIEWER' } },
      await asUser(app, email),
    );
    expect(outcome(res, (data) => `${data.addMembership.role} ${data.addMembership.user.email}`)).toBe(
      expected === 'ok' ? `VIEWER ${newcomer}` : expected,
    );
    const [count] = await app.dataSource.query('SELECT count(*)::int AS n FROM "user" WHERE email = $1', [newcomer]);
    expect(count.n).toBe(expected === 'ok' ? 1 : 0);
  });

  const members: [string | null, string, boolean][] = [
    [null, 'fms', false],
    ['nhg.editor@example.org', 'fms', false],
    ['fms.viewer@example.org', 'fms', true],
    ['vws.viewer@example.org', 'fms', true],
    ['operator@example.org', 'fms', true],
  ];

  it.each(members)('party.members as %s on %s visible: %s', async (email, partyKey, visible) => {
    const res = await app.gql(MEMBERS, { id: partyIds.get(partyKey) }, await asUser(app, email));
    expect(res.errors).toBeUndefined();
    const members = res.data!.party.members as unknown[] | null;
    expect(members === null ? 'hidden' : members.length > 0 ? 'listed' : 'empty').toBe(visible ? 'listed' : 'hidden');
  });

  /** Two fresh events: FMS edits its profile, an operator adds a member to the NZa. */
  async function fmsAndNzaEvents(): Promise<{ fmsParty: string; nzaMembership: string }> {
    const fmsParty = partyIds.get('fms')!;
    const edit = await app.gql(
      UPDATE_PARTY,
      { input: { id: fmsParty, version: await partyVersion('fms'), description: `audited ${randomUUID()}` } },
      await asUser(app, 'fms.editor@example.org'),
    );
    expect(edit.errors).toBeUndefined();
    const add = await app.gql(
      ADD_MEMBER,
      { input: { partyId: partyIds.get('nza'), email: `audit.${randomUUID()}@example.org`, role: 'VIEWER' } },
      await asUser(app, 'operator@example.org'),
    );
    expect(add.errors).toBeUndefined();
    return { fmsParty, nzaMembership: add.data!.addMembership.id };
  }

  it('auditEvents without signing in → UNAUTHENTICATED', async () => {
    const { fmsParty } = await fmsAndNzaEvents();
    const res = await app.gql(AUDIT_OF, { id: fmsParty });
    expect(res.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect(res.data?.auditEvents ?? null).toBeNull();
  });

  const FMS_EDIT = { action: 'UPDATE', entityType: 'Party', actingParty: { key: 'fms' } };
  const NZA_MEMBER = { action: 'CREATE', entityType: 'Membership', actingParty: null };
  // Each reader sees the events on the NZa's records (the NZa its own); only VWS and operators see FMS's.
  const auditReaders: [string, unknown[]][] = [
    ['nza.viewer@example.org', []],
    ['vws.viewer@example.org', [FMS_EDIT]],
    ['operator@example.org', [FMS_EDIT]],
  ];

  it.each(auditReaders)('auditEvents as %s → the newest FMS event: %j', async (email, fmsEvents) => {
    const { fmsParty, nzaMembership } = await fmsAndNzaEvents();
    const headers = await asUser(app, email);
    const onFms = await app.gql(AUDIT_OF, { id: fmsParty }, headers);
    const onNza = await app.gql(AUDIT_OF, { id: nzaMembership }, headers);
    expect(onFms.errors).toBeUndefined();
    expect(onNza.errors).toBeUndefined();
    expect(onFms.data!.auditEvents.nodes).toEqual(fmsEvents);
    expect(onNza.data!.auditEvents.nodes).toEqual([NZA_MEMBER]);
  });
});

describe('node(id:) for non-public types', () => {
  it('shows a membership to members of its party and hides it from others', async () => {
    const [row] = await app.dataSource.query(
      `SELECT m.id FROM membership m JOIN party p ON p.id = m.party_id WHERE p.key = 'fms' LIMIT 1`,
    );
    const query = `query($id: ID!) { node(id: $id) { id ... on Membership { role } } }`;
    const id = toGlobalId('Membership', row.id);
    const member = await app.gql(query, { id }, await asUser(app, 'fms.viewer@example.org'));
    expect(member.data!.node).toMatchObject({ id });
    const outsider = await app.gql(query, { id }, await asUser(app, 'nhg.editor@example.org'));
    expect(outsider.data!.node).toBeNull();
    const anonymous = await app.gql(query, { id });
    expect(anonymous.data!.node).toBeNull();
  });

  it('shows a user to fellow members and hides them from strangers', async () => {
    const [row] = await app.dataSource.query(`SELECT id FROM "user" WHERE email = 'fms.editor@example.org'`);
    const query = `query($id: ID!) { node(id: $id) { ... on User { name } } }`;
    const id = toGlobalId('User', row.id);
    expect((await app.gql(query, { id }, await asUser(app, 'fms.viewer@example.org'))).data!.node).toEqual({
      name: 'FMS Editor',
    });
    expect((await app.gql(query, { id }, await asUser(app, 'pfn.contributor@example.org'))).data!.node).toBeNull();
    expect((await app.gql(query, { id })).data!.node).toBeNull();
  });
});

describe("operators and their own memberships (operators edit no party's records)", () => {
  const UPDATE_MEMBER = `mutation($input: UpdateMembershipInput!) { updateMembership(input: $input) { role version } }`;
  const REMOVE_MEMBER = `mutation($input: RemoveMembershipInput!) { removeMembership(input: $input) { removedMembershipId } }`;

  /** A second operator of its own, so this block's memberships touch no other test's users. */
  async function freshOperator(): Promise<{ email: string; id: string }> {
    const email = `operator.${randomUUID()}@example.org`;
    const [row] = await app.dataSource.query(
      `INSERT INTO "user" (email, name, is_operator) VALUES ($1, 'Second Operator', true) RETURNING id`,
      [email],
    );
    return { email, id: row.id };
  }

  async function membershipOf(userId: string): Promise<{ id: string; role: string; version: number } | undefined> {
    const [row] = await app.dataSource.query(
      `SELECT m.id, m.role, m.version FROM membership m JOIN party p ON p.id = m.party_id WHERE m.user_id = $1 AND p.key = 'patientenfederatie'`,
      [userId],
    );
    return row;
  }

  it('refuses an operator adding themself to a party, and takes the same from another operator', async () => {
    const self = await freshOperator();
    const input = { partyId: partyIds.get('patientenfederatie'), email: self.email, role: 'EDITOR' };
    const refused = await app.gql(ADD_MEMBER, { input }, await asUser(app, self.email));
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await membershipOf(self.id)).toBeUndefined();

    const byOther = await app.gql(ADD_MEMBER, { input }, await asUser(app, 'operator@example.org'));
    expect(outcome(byOther, (data) => data.addMembership.role)).toBe('EDITOR');
  });

  it("refuses an operator raising or removing their own membership unless they are the party's admin", async () => {
    const self = await freshOperator();
    const added = await app.gql(
      ADD_MEMBER,
      { input: { partyId: partyIds.get('patientenfederatie'), email: self.email, role: 'VIEWER' } },
      await asUser(app, 'pfn.admin@example.org'),
    );
    expect(outcome(added, (data) => data.addMembership.role)).toBe('VIEWER');
    const viewer = (await membershipOf(self.id))!;
    const id = toGlobalId('Membership', viewer.id);

    const raise = await app.gql(
      UPDATE_MEMBER,
      { input: { id, version: viewer.version, role: 'ADMIN' } },
      await asUser(app, self.email),
    );
    expect(raise.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const remove = await app.gql(
      REMOVE_MEMBER,
      { input: { id, version: viewer.version } },
      await asUser(app, self.email),
    );
    expect(remove.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await membershipOf(self.id)).toEqual(viewer);

    // Made admin by the party's admin, the operator manages their membership there as any admin would.
    const made = await app.gql(
      UPDATE_MEMBER,
      { input: { id, version: viewer.version, role: 'ADMIN' } },
      await asUser(app, 'pfn.admin@example.org'),
    );
    expect(outcome(made, (data) => data.updateMembership.role)).toBe('ADMIN');
    const lower = await app.gql(
      UPDATE_MEMBER,
      { input: { id, version: made.data!.updateMembership.version, role: 'EDITOR' } },
      await asUser(app, self.email),
    );
    expect(outcome(lower, (data) => data.updateMembership.role)).toBe('EDITOR');
  });

  it('records the party an operator who is its admin acts through when managing its other members', async () => {
    const self = await freshOperator();
    const made = await app.gql(
      ADD_MEMBER,
      { input: { partyId: partyIds.get('patientenfederatie'), email: self.email, role: 'ADMIN' } },
      await asUser(app, 'pfn.admin@example.org'),
    );
    expect(outcome(made, (data) => data.addMembership.role)).toBe('ADMIN');
    const added = await app.gql(
      ADD_MEMBER,
      {
        input: { partyId: partyIds.get('patientenfederatie'), email: `m.${randomUUID()}@example.org`, role: 'VIEWER' },
      },
      await asUser(app, self.email),
    );
    expect(outcome(added, (data) => data.addMembership.role)).toBe('VIEWER');
    const trail = await app.gql(
      AUDIT_OF,
      { id: added.data!.addMembership.id },
      await asUser(app, 'operator@example.org'),
    );
    expect(trail.data!.auditEvents.nodes).toEqual([
      { action: 'CREATE', entityType: 'Membership', actingParty: { key: 'patientenfederatie' } },
    ]);
  });
});
