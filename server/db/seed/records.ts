import type { Capability, CapabilityScope, Grantee } from '../../../entities/capability.enum';
import type { MembershipRole } from '../../../entities/membership-role.enum';
import type { PartyKind } from '../../../entities/party-kind.enum';
import type { ResponsibilityArea } from '../../../entities/responsibility-area.enum';
import type { SourceRef } from '../../../entities/source-ref';

/** Shapes of the verified JSON in ./data (see data/README.md). */
export interface PartyRecord {
  key: string;
  name: string;
  shortName?: string | null;
  kind: PartyKind;
  parentKey: string | null;
  sectorKeys: string[];
  izaSignatory: boolean | null;
  description?: string;
  note?: string;
  sources: SourceRef[];
}

export interface ResponsibilityRecord {
  key: string;
  partyKind?: PartyKind;
  partyKey?: string;
  area: ResponsibilityArea;
  textNl: string;
  summaryEn: string;
  note?: string;
  sources: SourceRef[];
}

/** Shapes of ./platform: the capability matrix and the demo accounts (ours, not from the documents). */
export interface CapabilityGrantRecord {
  key: string;
  capability: Capability;
  grantee: Grantee;
  partyKind: PartyKind | null;
  partyKey: string | null;
  /** The one sector the grant is bound to (ZE&GG: msz); absent for every sector. */
  sectorKey?: string | null;
  /** The one sector the grant does not reach (Zorginstituut's agendas: msz, ZE&GG's); absent for none. */
  excludedSectorKey?: string | null;
  minRole: MembershipRole;
  scope: CapabilityScope;
  responsibilityKey: string | null;
  rationale: string;
}

export interface DemoUserRecord {
  email: string;
  name: string;
  isOperator: boolean;
  memberships: { partyKey: string; role: MembershipRole }[];
}
