import grantsData from '../../server/db/seed/platform/capability-grants.json';
import { Capability, CapabilityScope, Grantee } from '../../entities/capability.enum';
import { MembershipRole } from '../../entities/membership-role.enum';
import { PartyKind } from '../../entities/party-kind.enum';
import {
  reportingPartyFor,
  statusChangingPartyFor,
  type ReportingFacts,
  type ReportingViewer,
} from '../../server/auth/deliverables.access';
import { effectiveCapabilities, type GrantRule } from '../../server/auth/policy';
import type { ViewerMembership } from '../../server/auth/viewer';

/** The seeded grants, each named party standing in as `party:<key>`. */
const GRANTS: GrantRule[] = grantsData.map((g) => ({
  capability: g.capability as Capability,
  grantee: g.grantee as Grantee,
  partyKind: (g.partyKind as PartyKind | null) ?? null,
  partyId: g.partyKey ? `party:${g.partyKey}` : null,
  sectorId: 'sectorKey' in g && g.sectorKey ? `sector:${g.sectorKey}` : null,
  minRole: g.minRole as MembershipRole,
  scope: g.scope as CapabilityScope,
}));

function viewer(...memberships: [string, PartyKind, MembershipRole][]): ReportingViewer {
  const list: ViewerMembership[] = memberships.map(([partyId, partyKind, role]) => ({
    membershipId: `m:${partyId}`,
    partyId,
    partyKind,
    role,
  }));
  return {
    held: effectiveCapabilities(GRANTS, { isAuthenticated: true, isOperator: false, memberships: list }),
    memberships: list,
  };
}

const facts = (over: Partial<ReportingFacts>): ReportingFacts => ({
  ownerPartyIds: [],
  contributorPartyIds: [],
  ownerPartyKinds: [],
  contributorPartyKinds: [],
  leadPartyId: null,
  ...over,
});

const { CONTRIBUTOR, EDITOR, VIEWER } = MembershipRole;

describe('who reports and who changes the status, from the facts of a deliverable', () => {
  it.each([
    [
      'an owner',
      facts({ ownerPartyIds: ['zin'] }),
      viewer(['zin', PartyKind.PACKAGE_MANAGER, CONTRIBUTOR]),
      'zin',
      'zin',
    ],
    [
      'a contributor',
      facts({ ownerPartyIds: ['zin'], contributorPartyIds: ['fms'] }),
      viewer(['fms', PartyKind.SCIENTIFIC_ASSOCIATION, EDITOR]),
      'fms',
      null,
    ],
    [
      'a member of an owner and of a contributor, through the owner',
      facts({ ownerPartyIds: ['zin'], contributorPartyIds: ['fms'] }),
      viewer(['fms', PartyKind.SCIENTIFIC_ASSOCIATION, EDITOR], ['zin', PartyKind.PACKAGE_MANAGER, EDITOR]),
      'zin',
      'zin',
    ],
    [
      'a group owner, the lead first',
      facts({ ownerPartyKinds: [PartyKind.INSURER], leadPartyId: 'zn' }),
      viewer(['cz', PartyKind.INSURER, EDITOR], ['zn', PartyKind.INSURER, EDITOR]),
      'zn',
      'zn',
    ],
    [
      'a party of a contributing kind, for itself: health and text, not the status',
      facts({ ownerPartyIds: ['zin'], contributorPartyKinds: [PartyKind.INSURER] }),
      viewer(['zn', PartyKind.INSURER, CONTRIBUTOR]),
      'zn',
      null,
    ],
    [
      'a viewer of a party of a contributing kind',
      facts({ ownerPartyIds: ['zin'], contributorPartyKinds: [PartyKind.INSURER] }),
      viewer(['zn', PartyKind.INSURER, VIEWER]),
      null,
      null,
    ],
    [
      'a member of a party of the owning kind and of the contributing kind, through the owning one',
      facts({ ownerPartyKinds: [PartyKind.INSURER], contributorPartyKinds: [PartyKind.PATIENT_ORGANISATION] }),
      viewer(['pfn', PartyKind.PATIENT_ORGANISATION, EDITOR], ['zn', PartyKind.INSURER, EDITOR]),
      'zn',
      'zn',
    ],
    [
      'a viewer of a party of the owning kind',
      facts({ ownerPartyKinds: [PartyKind.INSURER] }),
      viewer(['zn', PartyKind.INSURER, VIEWER]),
      null,
      null,
    ],
    [
      'VWS as a contributor, which plans deliverables',
      facts({ ownerPartyIds: ['zin'], contributorPartyIds: ['party:vws'] }),
      viewer(['party:vws', PartyKind.MINISTRY, EDITOR]),
      'party:vws',
      'party:vws',
    ],
    [
      'nobody on a deliverable without parties',
      facts({}),
      viewer(['fms', PartyKind.SCIENTIFIC_ASSOCIATION, EDITOR]),
      null,
      null,
    ],
  ])('%s', (_who, deliverable, asking, reporting, changing) => {
    expect(reportingPartyFor(deliverable, asking)).toBe(reporting);
    expect(statusChangingPartyFor(deliverable, asking)).toBe(changing);
  });
});
