import grantsData from '../../server/db/seed/platform/capability-grants.json';
import { Capability, CapabilityScope, Grantee } from '../../entities/capability.enum';
import { MembershipRole } from '../../entities/membership-role.enum';
import { PartyKind } from '../../entities/party-kind.enum';
import type { User } from '../../entities';
import {
  decide,
  effectiveCapabilities,
  grantApplies,
  type EffectiveCapability,
  type GrantRule,
} from '../../server/auth/policy';
import { Viewer, type ViewerMembership } from '../../server/auth/viewer';

/** The seeded matrix, with each named party standing in as `party:<key>`. */
const GRANTS: GrantRule[] = grantsData.map((g) => ({
  capability: g.capability as Capability,
  grantee: g.grantee as Grantee,
  partyKind: (g.partyKind as PartyKind | null) ?? null,
  partyId: g.partyKey ? `party:${g.partyKey}` : null,
  sectorId: 'sectorKey' in g && g.sectorKey ? `sector:${g.sectorKey}` : null,
  excludedSectorId: 'excludedSectorKey' in g && g.excludedSectorKey ? `sector:${g.excludedSectorKey}` : null,
  minRole: g.minRole as MembershipRole,
  scope: g.scope as CapabilityScope,
}));

const { VIEWER, CONTRIBUTOR, EDITOR, ADMIN } = MembershipRole;
const { OWN_PARTY: OWN, ANY_PARTY: ANY } = CapabilityScope;
const C = Capability;

function member(partyId: string, partyKind: PartyKind, role: MembershipRole): ViewerMembership {
  return { membershipId: `m:${partyId}`, partyId, partyKind, role };
}

function viewer(memberships: ViewerMembership[], isOperator = false): Viewer {
  return new Viewer({ id: 'user-1', isOperator } as User, memberships);
}

/** `CAPABILITY:SCOPE`, sorted: the effective set, party ids aside. */
function summary(effective: EffectiveCapability[]): string[] {
  return effective.map((e) => `${e.capability}:${e.scope}`).sort();
}

// Written out from docs/domain.md “Who may do what”, not derived from the grants.
const BY_ROLE: Record<MembershipRole, string[]> = {
  VIEWER: [`${C.READ_PARTY_INTERNAL}:${OWN}`, `${C.VIEW_AUDIT_TRAIL}:${OWN}`],
  CONTRIBUTOR: [
    `${C.POST_STATUS_UPDATES}:${OWN}`,
    `${C.PROPOSE_QUESTIONS}:${OWN}`,
    `${C.CONTRIBUTE_TO_CONSULTATIONS}:${OWN}`,
    `${C.SCORE_SHARED_PRIORITIES}:${OWN}`,
  ],
  EDITOR: [`${C.EDIT_PARTY_PROFILE}:${OWN}`, `${C.REPORT_AS_GROUP_OWNER}:${OWN}`],
  ADMIN: [`${C.MANAGE_MEMBERS}:${OWN}`, `${C.MANAGE_WEBHOOKS}:${OWN}`],
};
const ASSOCIATION = [
  C.CONFIRM_SYNERGY_LINKS,
  C.MANAGE_GUIDELINES,
  C.MANAGE_SYNERGY_LINKS,
  C.MAINTAIN_KNOWLEDGE_AGENDA,
  C.MANAGE_SYNERGY_TRAJECTORIES,
];
/** What the documents give one party (VWS, Zorginstituut, ZonMw, NZa): its grants name the party, not its kind. */
const BY_PARTY: Record<string, { kind: PartyKind; grants: [MembershipRole, string][] }> = {
  vws: {
    kind: PartyKind.MINISTRY,
    grants: [
      [VIEWER, `${C.READ_ALL_INTERNAL}:${ANY}`],
      [VIEWER, `${C.VIEW_AUDIT_TRAIL}:${ANY}`],
      [EDITOR, `${C.MANAGE_PROGRAMMES}:${ANY}`],
      [EDITOR, `${C.ASSIGN_AGENDA_COORDINATORS}:${ANY}`],
      [EDITOR, `${C.REQUEST_PACKAGE_ASSESSMENT}:${OWN}`],
      [EDITOR, `${C.DECIDE_ON_PACKAGE_ADVICE}:${OWN}`],
    ],
  },
  zorginstituut: {
    kind: PartyKind.PACKAGE_MANAGER,
    grants: [
      [EDITOR, `${C.PUBLISH_ASSESSMENTS}:${OWN}`],
      [EDITOR, `${C.COORDINATE_AGENDAS}:${ANY}`],
      [EDITOR, `${C.CONFIRM_SYNERGY_LINKS}:${ANY}`],
      [EDITOR, `${C.RESOLVE_LINK_DISPUTES}:${ANY}`],
      [EDITOR, `${C.MANAGE_SYNERGY_TRAJECTORIES}:${ANY}`],
    ],
  },
  zonmw: { kind: PartyKind.RESEARCH_FUNDER, grants: [[EDITOR, `${C.MANAGE_RESEARCH_PROJECTS}:${ANY}`]] },
  nza: { kind: PartyKind.MARKET_AUTHORITY, grants: [[EDITOR, `${C.RECORD_FUNDING_ARRANGEMENTS}:${OWN}`]] },
};
const BY_KIND: Record<PartyKind, [MembershipRole, string][]> = {
  MINISTRY: [],
  PACKAGE_MANAGER: [],
  SCIENTIFIC_ASSOCIATION: ASSOCIATION.map((c) => [EDITOR, `${c}:${OWN}`]),
  PROFESSIONAL_ASSOCIATION: ASSOCIATION.map((c) => [EDITOR, `${c}:${OWN}`]),
  RESEARCH_FUNDER: [],
  INSURER: [
    [CONTRIBUTOR, `${C.COMMENT_IMPACT}:${ANY}`],
    [EDITOR, `${C.SIGNAL_PACKAGE_ISSUES}:${OWN}`],
    [EDITOR, `${C.REQUEST_PACKAGE_ASSESSMENT}:${OWN}`],
  ],
  PROVIDER_ASSOCIATION: [
    [CONTRIBUTOR, `${C.COMMENT_IMPACT}:${ANY}`],
    [EDITOR, `${C.REQUEST_PACKAGE_ASSESSMENT}:${OWN}`],
  ],
  PATIENT_ORGANISATION: [[CONTRIBUTOR, `${C.ADD_PATIENT_PERSPECTIVE}:${ANY}`]],
  MARKET_AUTHORITY: [],
  SUPERVISOR: [],
  KNOWLEDGE_INSTITUTE: [],
  OTHER: [],
};
const ROLES = [VIEWER, CONTRIBUTOR, EDITOR, ADMIN];

function expected(kind: PartyKind, role: MembershipRole, party?: string): string[] {
  const rank = ROLES.indexOf(role);
  const basics = ROLES.slice(0, rank + 1).flatMap((r) => BY_ROLE[r]);
  const extras = [...BY_KIND[kind], ...(party ? BY_PARTY[party]!.grants : [])]
    .filter(([min]) => ROLES.indexOf(min) <= rank)
    .map(([, cap]) => cap);
  // A capability held with both scopes counts once, with ANY_PARTY.
  const wide = new Set(extras.filter((e) => e.endsWith(`:${ANY}`)).map((e) => e.split(':')[0]));
  return [...basics.filter((b) => !wide.has(b.split(':')[0]!)), ...extras].sort();
}

const KIND_ROLE = Object.values(PartyKind).flatMap((kind) => ROLES.map((role) => [kind, role] as const));

describe('effectiveCapabilities with the seeded grants', () => {
  it.each(KIND_ROLE)('a %s %s holds what the matrix says, for its own party', (kind, role) => {
    const effective = effectiveCapabilities(GRANTS, viewer([member('p1', kind, role)]));
    expect(summary(effective)).toEqual(expected(kind, role));
    expect(new Set(effective.map((e) => e.partyId))).toEqual(new Set(['p1']));
  });

  it.each(Object.keys(BY_PARTY).flatMap((party) => ROLES.map((role) => [party, role] as const)))(
    "a %s %s holds its kind's and its own party's grants",
    (party, role) => {
      const { kind } = BY_PARTY[party]!;
      const effective = effectiveCapabilities(GRANTS, viewer([member(`party:${party}`, kind, role)]));
      expect(summary(effective)).toEqual(expected(kind, role, party));
    },
  );

  it('gives ZE&GG (a party grant) msz agenda coordination for its own party, and no other OTHER party', () => {
    const zegg = effectiveCapabilities(GRANTS, viewer([member('party:zegg', PartyKind.OTHER, EDITOR)]));
    expect(zegg).toContainEqual({
      capability: C.COORDINATE_AGENDAS,
      scope: OWN,
      partyId: 'party:zegg',
      sectorId: 'sector:msz',
      excludedSectorId: null,
    });
    const other = effectiveCapabilities(GRANTS, viewer([member('party:other', PartyKind.OTHER, ADMIN)]));
    expect(other.map((e) => e.capability)).not.toContain(C.COORDINATE_AGENDAS);
    const zeggViewer = effectiveCapabilities(GRANTS, viewer([member('party:zegg', PartyKind.OTHER, VIEWER)]));
    expect(zeggViewer.map((e) => e.capability)).not.toContain(C.COORDINATE_AGENDAS);
  });

  it('gives an operator the operator grants through no party, whatever its memberships', () => {
    expect(effectiveCapabilities(GRANTS, viewer([], true))).toEqual(
      expect.arrayContaining([
        { capability: C.READ_ALL_INTERNAL, scope: ANY, partyId: null, sectorId: null, excludedSectorId: null },
        { capability: C.MANAGE_USERS, scope: ANY, partyId: null, sectorId: null, excludedSectorId: null },
        { capability: C.VIEW_AUDIT_TRAIL, scope: ANY, partyId: null, sectorId: null, excludedSectorId: null },
        { capability: C.ASSIGN_AGENDA_COORDINATORS, scope: ANY, partyId: null, sectorId: null, excludedSectorId: null },
      ]),
    );
    expect(effectiveCapabilities(GRANTS, viewer([], true))).toHaveLength(4);
  });

  it('gives nothing to a signed-in user without memberships, nor to an anonymous viewer', () => {
    expect(effectiveCapabilities(GRANTS, viewer([]))).toEqual([]);
    expect(effectiveCapabilities(GRANTS, Viewer.anonymous)).toEqual([]);
  });

  it('keeps each membership’s capabilities apart', () => {
    const effective = effectiveCapabilities(
      GRANTS,
      viewer([
        member('nhg', PartyKind.SCIENTIFIC_ASSOCIATION, EDITOR),
        member('fms', PartyKind.SCIENTIFIC_ASSOCIATION, VIEWER),
      ]),
    );
    const guidelines = effective.filter((e) => e.capability === C.MANAGE_GUIDELINES);
    expect(guidelines).toEqual([
      { capability: C.MANAGE_GUIDELINES, scope: OWN, partyId: 'nhg', sectorId: null, excludedSectorId: null },
    ]);
  });
});

describe('grantApplies', () => {
  const grant = (over: Partial<GrantRule>): GrantRule => ({
    capability: C.MANAGE_GUIDELINES,
    grantee: Grantee.EVERY_PARTY,
    partyKind: null,
    partyId: null,
    minRole: EDITOR,
    scope: OWN,
    ...over,
  });

  it.each<[string, Partial<GrantRule>, ViewerMembership, boolean]>([
    ['every party, role high enough', {}, member('p', PartyKind.INSURER, EDITOR), true],
    ['every party, role above the minimum', {}, member('p', PartyKind.INSURER, ADMIN), true],
    ['every party, role too low', {}, member('p', PartyKind.INSURER, CONTRIBUTOR), false],
    [
      'party kind, same kind',
      { grantee: Grantee.PARTY_KIND, partyKind: PartyKind.INSURER },
      member('p', PartyKind.INSURER, EDITOR),
      true,
    ],
    [
      'party kind, other kind',
      { grantee: Grantee.PARTY_KIND, partyKind: PartyKind.INSURER },
      member('p', PartyKind.MINISTRY, ADMIN),
      false,
    ],
    ['party, same party', { grantee: Grantee.PARTY, partyId: 'p' }, member('p', PartyKind.OTHER, EDITOR), true],
    ['party, other party', { grantee: Grantee.PARTY, partyId: 'p' }, member('q', PartyKind.OTHER, EDITOR), false],
    ['operator, through a membership', { grantee: Grantee.OPERATOR }, member('p', PartyKind.OTHER, ADMIN), false],
  ])('%s → %s', (_case, over, membership, applies) => {
    expect(grantApplies(grant(over), membership)).toBe(applies);
  });
});

describe('decide: OWN_PARTY reaches the own party’s records, ANY_PARTY every record', () => {
  const fmsEditor = effectiveCapabilities(GRANTS, viewer([member('fms', PartyKind.SCIENTIFIC_ASSOCIATION, EDITOR)]));
  const zinEditor = effectiveCapabilities(
    GRANTS,
    viewer([member('party:zorginstituut', PartyKind.PACKAGE_MANAGER, EDITOR)]),
  );
  const vwsAndFms = effectiveCapabilities(
    GRANTS,
    viewer([member('party:vws', PartyKind.MINISTRY, VIEWER), member('fms', PartyKind.SCIENTIFIC_ASSOCIATION, VIEWER)]),
  );
  const operator = effectiveCapabilities(GRANTS, viewer([], true));

  it.each<[string, EffectiveCapability[], Capability, string | null | undefined, boolean, string | null]>([
    ['OWN on the own record', fmsEditor, C.MANAGE_GUIDELINES, 'fms', true, 'fms'],
    ['OWN on another party’s record', fmsEditor, C.MANAGE_GUIDELINES, 'nhg', false, null],
    ['OWN on a record without owner', fmsEditor, C.MANAGE_GUIDELINES, null, false, null],
    ['OWN, no record: held at all', fmsEditor, C.MANAGE_GUIDELINES, undefined, true, 'fms'],
    ['not held, no record', fmsEditor, C.PUBLISH_ASSESSMENTS, undefined, false, null],
    ['ANY on another party’s record', zinEditor, C.CONFIRM_SYNERGY_LINKS, 'fms', true, 'party:zorginstituut'],
    ['ANY on a record without owner', zinEditor, C.RESOLVE_LINK_DISPUTES, null, true, 'party:zorginstituut'],
    ['OWN-only capability of the assessor on another record', zinEditor, C.PUBLISH_ASSESSMENTS, 'fms', false, null],
    ['ANY and OWN held: the owner’s membership acts', vwsAndFms, C.VIEW_AUDIT_TRAIL, 'fms', true, 'fms'],
    ['ANY and OWN held: elsewhere the ANY membership acts', vwsAndFms, C.VIEW_AUDIT_TRAIL, 'nhg', true, 'party:vws'],
    ['operator: ANY through no party', operator, C.MANAGE_USERS, 'fms', true, null],
    ['operator: not a party capability', operator, C.MANAGE_GUIDELINES, 'fms', false, null],
  ])('%s', (_case, held, capability, owner, allowed, actingPartyId) => {
    expect(decide(held, capability, owner)).toEqual({ allowed, actingPartyId });
  });

  const zeggEditor = effectiveCapabilities(GRANTS, viewer([member('party:zegg', PartyKind.OTHER, EDITOR)]));
  it.each<[string, EffectiveCapability[], string | null, string | null | undefined, boolean, string | null]>([
    ['a sector-bound grant in its sector', zeggEditor, 'party:zegg', 'sector:msz', true, 'party:zegg'],
    ['a sector-bound grant in another sector', zeggEditor, 'party:zegg', 'sector:ggz', false, null],
    ['a sector-bound grant on a record without sector', zeggEditor, 'party:zegg', null, false, null],
    ['a sector-bound grant when the caller names no sector', zeggEditor, 'party:zegg', undefined, false, null],
    [
      'a grant for every sector but msz in another sector',
      zinEditor,
      'party:zegg',
      'sector:ggz',
      true,
      'party:zorginstituut',
    ],
    ['a grant for every sector but msz on a record without sector', zinEditor, null, null, true, 'party:zorginstituut'],
    ['a grant for every sector but msz in msz', zinEditor, 'party:zorginstituut', 'sector:msz', false, null],
    ['a grant for every sector but msz when the caller names no sector', zinEditor, null, undefined, false, null],
  ])('COORDINATE_AGENDAS: %s', (_case, held, owner, sector, allowed, actingPartyId) => {
    expect(decide(held, C.COORDINATE_AGENDAS, owner, sector)).toEqual({ allowed, actingPartyId });
  });

  it('counts a sector-bound grant as held at all (the resolver guard), whatever the sector', () => {
    expect(decide(zeggEditor, C.COORDINATE_AGENDAS)).toEqual({ allowed: true, actingPartyId: 'party:zegg' });
  });
});
