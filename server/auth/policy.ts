import type { DataSource, EntityManager } from 'typeorm';
import type { CapabilityGrant } from '../../entities';
import { readRows } from '../db/data-source';
import { Capability, CapabilityScope, Grantee } from '../../entities/capability.enum';
import { roleAtLeast, type MembershipRole } from '../../entities/membership-role.enum';
import type { PartyKind } from '../../entities/party-kind.enum';
import { ForbiddenError, UnauthenticatedError } from '../errors';
import type { Viewer, ViewerMembership } from './viewer';

/** A capability the viewer holds, through one membership (or as operator: partyId null). */
export interface EffectiveCapability {
  capability: Capability;
  scope: CapabilityScope;
  /** The party through which it is held; null for operator grants. */
  partyId: string | null;
  /** The one sector whose records it reaches (a grant bound to a sector); null for every sector. */
  sectorId: string | null;
  /** The one sector whose records it does not reach (a grant for every sector but one); null for none. */
  excludedSectorId: string | null;
}

/** The fields of a grant that decide who holds it. */
export type GrantRule = Pick<
  CapabilityGrant,
  'capability' | 'grantee' | 'partyKind' | 'partyId' | 'minRole' | 'scope'
> &
  Partial<Pick<CapabilityGrant, 'sectorId' | 'excludedSectorId'>>;

export function grantApplies(grant: GrantRule, membership: ViewerMembership): boolean {
  if (!roleAtLeast(membership.role, grant.minRole)) return false;
  switch (grant.grantee) {
    case Grantee.EVERY_PARTY:
      return true;
    case Grantee.PARTY_KIND:
      return grant.partyKind === membership.partyKind;
    case Grantee.PARTY:
      return grant.partyId === membership.partyId;
    case Grantee.OPERATOR:
      return false;
  }
}

/**
 * What the grants give a viewer, once per capability, party and sector binding; an ANY_PARTY grant beats
 * an OWN_PARTY one.
 */
export function effectiveCapabilities(
  grants: readonly GrantRule[],
  viewer: Pick<Viewer, 'isAuthenticated' | 'isOperator' | 'memberships'>,
): EffectiveCapability[] {
  if (!viewer.isAuthenticated) return [];
  const result = new Map<string, EffectiveCapability>();
  const add = (e: EffectiveCapability) => {
    const key = `${e.capability}:${e.partyId}:${e.sectorId}:${e.excludedSectorId}`;
    const existing = result.get(key);
    if (!existing || (existing.scope === CapabilityScope.OWN_PARTY && e.scope === CapabilityScope.ANY_PARTY))
      result.set(key, e);
  };
  for (const grant of grants) {
    if (grant.grantee === Grantee.OPERATOR) {
      if (viewer.isOperator)
        add({
          capability: grant.capability,
          scope: grant.scope,
          partyId: null,
          sectorId: grant.sectorId ?? null,
          excludedSectorId: grant.excludedSectorId ?? null,
        });
      continue;
    }
    for (const membership of viewer.memberships) {
      if (grantApplies(grant, membership))
        add({
          capability: grant.capability,
          scope: grant.scope,
          partyId: membership.partyId,
          sectorId: grant.sectorId ?? null,
          excludedSectorId: grant.excludedSectorId ?? null,
        });
    }
  }
  return [...result.values()];
}

/**
 * Whether the held capabilities allow `capability` on a record owned by `ownerPartyId` (or, without
 * an owner, anywhere at all), and the party it is exercised through: the owner's membership first.
 * A grant bound to a sector reaches a record only when `sectorId` names that sector, and one that excludes a
 * sector only when `sectorId` is given and is another (null, a cross-sector record, is another), so a caller
 * that does not say the record's sector is served by neither.
 */
export function decide(
  held: readonly EffectiveCapability[],
  capability: Capability,
  ownerPartyId?: string | null,
  sectorId?: string | null,
): { allowed: boolean; actingPartyId: string | null } {
  const all = held.filter((e) => e.capability === capability);
  if (ownerPartyId === undefined) return { allowed: all.length > 0, actingPartyId: all[0]?.partyId ?? null };
  const matching = all
    .filter((e) => e.sectorId === null || e.sectorId === sectorId)
    .filter((e) => e.excludedSectorId === null || (sectorId !== undefined && e.excludedSectorId !== sectorId));
  const own = matching.find((e) => e.partyId !== null && e.partyId === ownerPartyId);
  if (own) return { allowed: true, actingPartyId: own.partyId };
  const any = matching.find((e) => e.scope === CapabilityScope.ANY_PARTY);
  if (any) return { allowed: true, actingPartyId: any.partyId };
  return { allowed: false, actingPartyId: null };
}

/**
 * The parties that hold `capability` for themselves: what `decide` answers for a member of the party acting
 * on the party's own record, in sector `sectorId` (without it, only grants for every sector count). Asks
 * about parties, not the viewer: the grants go through effectiveCapabilities for one membership of the party
 * at `role`, a fixed role (what the party may do at all) or `'HIGHEST_ACTIVE'` (its active members' highest
 * now; a party without one holds nothing). `partyIds` narrows the parties looked at. In the caller's
 * transaction.
 */
export async function partiesHolding(
  manager: EntityManager,
  capability: Capability,
  options: { role: MembershipRole | 'HIGHEST_ACTIVE'; sectorId?: string | null; partyIds?: readonly string[] },
): Promise<string[]> {
  const grants: GrantRule[] = await manager.query(
    `SELECT capability, grantee, party_kind AS "partyKind", party_id AS "partyId", min_role AS "minRole",
            scope, sector_id AS "sectorId", excluded_sector_id AS "excludedSectorId"
       FROM capability_grant WHERE capability = $1`,
    [capability],
  );
  if (!grants.length) return [];
  const highest = options.role === 'HIGHEST_ACTIVE';
  // Only parties a grant can name are looked at; whether it applies is effectiveCapabilities' to say.
  const parties: { id: string; kind: PartyKind; role: MembershipRole | null }[] = await manager.query(
    `SELECT p.id, p.kind, ${highest ? 'max(m.role)' : 'NULL'} AS role
       FROM party p
       ${highest ? 'JOIN membership m ON m.party_id = p.id JOIN "user" u ON u.id = m.user_id AND u.active' : ''}
      WHERE ($1 OR p.kind::text = ANY($2::text[]) OR p.id = ANY($3::uuid[]))
        AND ($4::uuid[] IS NULL OR p.id = ANY($4::uuid[]))
      GROUP BY p.id, p.kind ORDER BY p.id`,
    [
      grants.some((g) => g.grantee === Grantee.EVERY_PARTY),
      grants.map((g) => g.partyKind).filter((k) => k !== null),
      grants.map((g) => g.partyId).filter((id) => id !== null),
      options.partyIds ?? null,
    ],
  );
  return parties
    .filter((party) => {
      const role = options.role === 'HIGHEST_ACTIVE' ? party.role! : options.role;
      const held = effectiveCapabilities(grants, {
        isAuthenticated: true,
        isOperator: false,
        memberships: [{ membershipId: party.id, partyId: party.id, partyKind: party.kind, role }],
      });
      const { allowed, actingPartyId } = decide(held, capability, party.id, options.sectorId);
      return allowed && actingPartyId === party.id;
    })
    .map((party) => party.id);
}

/**
 * Every grant, as a JSON array of GrantRule in capability order, with the version of the grants it is
 * (capability_grant_version, raised by every change of them: migration GrantsVersion).
 */
const GRANTS_SQL = `SELECT (SELECT version FROM capability_grant_version) AS version,
       (SELECT coalesce(json_agg(json_build_object(
          'capability', capability, 'grantee', grantee, 'partyKind', party_kind, 'partyId', party_id,
          'minRole', min_role, 'scope', scope, 'sectorId', sector_id, 'excludedSectorId', excluded_sector_id)
          ORDER BY capability), '[]') FROM capability_grant) AS grants`;

/** The version of the grants now, for the sign-in's statement (`signInSql`) to read with the account. */
export const GRANTS_VERSION_SQL = `SELECT version FROM capability_grant_version`;

/**
 * The grants of the version this instance read last, per database. A signed-in request's viewer carries the
 * version as it read it with its account, from the primary; the grants themselves are read again only when
 * that version is not the one kept here, so a withdrawn grant still stops working at once.
 */
const grantsRead = new WeakMap<DataSource, { version: string | null; grants: GrantRule[] }>();

/**
 * The grants of `version`, read anew (a prepared plain read, from the primary as the viewer's memberships
 * are) when this instance holds another one or none. Without a version: read them, as the server does on
 * start, so that a request reads them only after they changed.
 */
export async function grantsOf(dataSource: DataSource, version?: string | null): Promise<readonly GrantRule[]> {
  let read = grantsRead.get(dataSource);
  // Without a version (its row deleted, or a viewer built otherwise) nothing says the grants held are current.
  if (read === undefined || version == null || read.version !== version) {
    [read] = await readRows<{ version: string | null; grants: GrantRule[] }>(dataSource, GRANTS_SQL, [], {
      primary: true,
    });
    grantsRead.set(dataSource, read!);
  }
  return read!.grants;
}

/**
 * Capabilities: who holds what, through which party. Grants are data (capability_grant), held per version
 * (`grantsOf`) and checked against the version every signed-in request reads with its account. Resolvers declare a capability; the access module of each domain (`<domain>.access.ts`,
 * gathered in access.ts) builds its read and change rules on top of `check` and `assert`.
 */
export class Policy {
  private effective?: Promise<EffectiveCapability[]>;

  constructor(
    readonly viewer: Viewer,
    private readonly dataSource: DataSource,
  ) {}

  /** Everything the viewer may do, per party. Anonymous viewers hold nothing. */
  capabilities(): Promise<EffectiveCapability[]> {
    this.effective ??= this.compute();
    return this.effective;
  }

  private async compute(): Promise<EffectiveCapability[]> {
    if (!this.viewer.isAuthenticated) return [];
    const grants = await grantsOf(this.dataSource, this.viewer.grantsVersion);
    return effectiveCapabilities(grants, this.viewer);
  }

  /**
   * Whether the viewer may use `capability` on a record owned by `ownerPartyId` (or, without an
   * owner, anywhere at all) in sector `sectorId`. Resolves with the acting party: the membership it is
   * exercised through.
   */
  async check(
    capability: Capability,
    ownerPartyId?: string | null,
    sectorId?: string | null,
  ): Promise<{ allowed: boolean; actingPartyId: string | null }> {
    return decide(await this.capabilities(), capability, ownerPartyId, sectorId);
  }

  async can(capability: Capability, ownerPartyId?: string | null): Promise<boolean> {
    return (await this.check(capability, ownerPartyId)).allowed;
  }

  /** Throws UNAUTHENTICATED for anonymous viewers and FORBIDDEN for others; returns the acting party. */
  async assert(capability: Capability, ownerPartyId?: string | null, what = 'do this'): Promise<string | null> {
    if (!this.viewer.isAuthenticated) throw new UnauthenticatedError(`Sign in to ${what}.`);
    const { allowed, actingPartyId } = await this.check(capability, ownerPartyId);
    if (!allowed) throw new ForbiddenError(`Your memberships do not allow you to ${what} (needs ${capability}).`);
    return actingPartyId;
  }

  /**
   * The parties whose records the viewer reaches with `capability`; `all` when it reaches every party.
   * Grants bound to a sector, or excluding one, do not reach every record of a party, so they are left out.
   */
  async reach(capability: Capability): Promise<{ all: boolean; partyIds: string[] }> {
    const held = (await this.capabilities()).filter(
      (e) => e.capability === capability && e.sectorId === null && e.excludedSectorId === null,
    );
    return {
      all: held.some((e) => e.scope === CapabilityScope.ANY_PARTY),
      partyIds: held.map((e) => e.partyId).filter((id): id is string => id !== null),
    };
  }

  /**
   * Drafts and internal fields of a party: its members, VWS and operators. With `throughPartyId`, what the
   * viewer reads as a member of that one party: the party's own right, not the person's other memberships.
   */
  async canReadInternal(ownerPartyId: string | null, throughPartyId?: string): Promise<boolean> {
    if (!this.viewer.isAuthenticated) return false;
    const all = await this.capabilities();
    const held = throughPartyId === undefined ? all : all.filter((e) => e.partyId === throughPartyId);
    if (decide(held, Capability.READ_ALL_INTERNAL).allowed) return true;
    return ownerPartyId !== null && decide(held, Capability.READ_PARTY_INTERNAL, ownerPartyId).allowed;
  }
}
