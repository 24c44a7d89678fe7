import { filterReadable } from '../shared/readable';
import type { AuditEvent, Membership, User } from '../../entities';
import { Capability } from '../../entities/capability.enum';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../errors';
import type { Loaders } from '../loaders';
import type { Policy } from './policy';
import { deliverableEventWaysOfParties } from './deliverables.access';
import { packageSignalEventOfPartiesSql } from './package-signal.access';
import { guidelineEventWaysOfParties, LINKS_OF_PARTIES_SQL, OWNER_INVITATIONS_OF_PARTIES_SQL } from './synergy.access';

/**
 * Who may see and change people, memberships and the audit trail (the identity domain). Each read rule
 * sits beside its SQL twin where lists are filtered in the database.
 */

/** Whose audit events a viewer reads: all (VWS, operators) or those on or by the listed parties. */
export interface AuditScope {
  all: boolean;
  partyIds: string[];
}

/**
 * The audit trail: in full with an ANY grant, else events on or by the viewer's parties, and every event of
 * a record whose parties (`recordParties`) include one of them: a synergy link one of them is a side of and
 * reads (its guideline's owners and its assessor; a removed link's by the ends its DELETE entry records), a deliverable, milestone or status update one of them is
 * accountable for (named owners, the lead, the parties of an owning kind), a package signal one of them reads
 * (raising, co-signing or addressee party), an invitation to co-own a guideline one of them reads (the guideline's
 * owners, the invited association), a guideline or one of its recommendations one of them owns. A link's trail
 * belongs to both its sides: each reads what the other did to it (a dispute, its resolution); a deliverable's to
 * all who answer for it, where its events name one owner party at most (none when a kind owns it); a signal's to
 * all its parties, where its events name the raising party and the one that acted; an invitation's to its
 * readers, where its events name the invited association and the one that acted (so every owner reads the
 * answer, not only the inviting one); a guideline's and its recommendations' to all its owners now, where its
 * events name the owner that acted. The event of an owner change of a programme, deliverable or (no longer a
 * draft) guideline also belongs to the parties it took the record from.
 */
export function mayReadAuditEvent(
  scope: AuditScope,
  event: Pick<AuditEvent, 'ownerPartyId' | 'actingPartyId'>,
  recordParties: readonly string[] = [],
): boolean {
  return (
    scope.all ||
    [event.ownerPartyId, event.actingPartyId, ...recordParties].some((id) => id !== null && scope.partyIds.includes(id))
  );
}

/**
 * The ways audit event `alias` reaches `parties` (a bound uuid array) by `mayReadAuditEvent`, one per domain's
 * records and each answered by one index of audit_event: the event's owner or acting party, or the parties of
 * its record. `linkIds` as in AUDIT_EVENT_VISIBLE_SQL.
 */
const auditEventWaysOfParties = (alias: string, parties: string, linkIds?: string): string[] => [
  `${alias}.owner_party_id = ANY(${parties})`,
  `${alias}.acting_party_id = ANY(${parties})`,
  `(${alias}.entity_type = 'SynergyLink' AND ${alias}.entity_id IN (${LINKS_OF_PARTIES_SQL(parties, linkIds)}))`,
  ...deliverableEventWaysOfParties(alias, parties),
  packageSignalEventOfPartiesSql(alias, parties),
  `(${alias}.entity_type = 'GuidelineOwnerInvitation' AND ${alias}.entity_id IN (${OWNER_INVITATIONS_OF_PARTIES_SQL(parties)}))`,
  ...guidelineEventWaysOfParties(alias, parties),
];

/**
 * SQL: the links the audit trail has entries on, a subquery for LINKS_OF_PARTIES_SQL's `linkIds`: the parties'
 * links are looked up among them rather than all worked out first (the Zorginstituut is a side of 30 000).
 */
const AUDITED_LINKS_SQL = `SELECT x.entity_id FROM audit_event x WHERE x.entity_type = 'SynergyLink'`;

/**
 * SQL twin of `mayReadAuditEvent` for a scope that is not `all`, as a condition on audit event `alias`, for a query
 * that reads a few entries anyway (a link's history); `parties` is a bound uuid array. `linkIds` (a bound uuid
 * array), for a query that reads the entries of those links only, keeps the parties' other links out of the work.
 */
export const AUDIT_EVENT_VISIBLE_SQL = (alias: string, parties: string, linkIds?: string) =>
  `(${auditEventWaysOfParties(alias, parties, linkIds).join('\n    OR ')})`;

/**
 * The same rule as the ids of the audit events `parties` (a bound uuid array) read, for the audit list and its
 * party filter: one select per way, each an index scan, so a page and its count read the parties' entries rather
 * than test the whole rule on every entry there is (seconds at national scale). The ways overlap; `IN` counts an
 * entry once.
 */
export const AUDIT_EVENT_IDS_OF_PARTIES_SQL = (parties: string) =>
  auditEventWaysOfParties('e_p', parties, AUDITED_LINKS_SQL)
    .map((way) => `SELECT e_p.id FROM audit_event e_p WHERE ${way}`)
    .join('\n   UNION ALL\n   ');

/** The parties an audited record belongs to besides its event's owner, from the domains' rules. */
export interface AuditRecordParties {
  /** The sides of a link the viewer reads, a removed one's too (SynergyAccess.sidesOfReadableLink). */
  sidesOfReadableLink(linkId: string): Promise<string[]>;
  /**
   * Of `partyIds`, those accountable for a deliverable record, or from whom the event's owner change took a
   * programme or deliverable (DeliverablesAccess.accountableAmong).
   */
  accountableAmong(
    event: Pick<AuditEvent, 'entityType' | 'entityId' | 'changes'>,
    partyIds: readonly string[],
  ): Promise<string[]>;
  /** Of `partyIds`, those that read the package signal the event is on (PackageSignalAccess.readersAmong). */
  signalReadersAmong(
    event: Pick<AuditEvent, 'entityType' | 'entityId'>,
    partyIds: readonly string[],
  ): Promise<string[]>;
  /** Of `partyIds`, those that read the invitation to co-own a guideline (SynergyAccess.ownerInvitationReadersAmong). */
  ownerInvitationReadersAmong(invitationId: string, partyIds: readonly string[]): Promise<string[]>;
  /**
   * Of `partyIds`, those owning the guideline an event on it or on one of its recommendations is about, or from
   * whom its owner change took it (SynergyAccess.guidelineEventReadersAmong).
   */
  guidelineEventReadersAmong(
    event: Pick<AuditEvent, 'entityType' | 'entityId' | 'changes'>,
    partyIds: readonly string[],
  ): Promise<string[]>;
}

/** Reading and managing people and the audit trail for one request. */
export class PeopleAccess {
  private auditScopeOnce?: Promise<AuditScope>;

  constructor(
    private readonly policy: Policy,
    private readonly loaders: Loaders,
    private readonly recordParties: AuditRecordParties,
  ) {}

  /** People: oneself, operators, VWS (everything internal) and fellow members of a party. */
  async canSeeUser(userId: string): Promise<boolean> {
    const viewer = this.policy.viewer;
    if (!viewer.user) return false;
    if (viewer.user.id === userId || viewer.isOperator) return true;
    if (await this.policy.can(Capability.READ_ALL_INTERNAL)) return true;
    const mine = new Set(viewer.partyIds);
    return (await this.loaders.membershipsByUserId.load(userId)).some((m) => mine.has(m.partyId));
  }

  /** A person when the viewer may see them, else null. */
  async visibleUser(id: string | null): Promise<User | null> {
    if (!id || !(await this.canSeeUser(id))) return null;
    return this.loaders.userById.load(id);
  }

  /** E-mail addresses: the person, operators and the admins of their parties. */
  async canSeeEmail(user: Pick<User, 'id'>): Promise<boolean> {
    const viewer = this.policy.viewer;
    if (viewer.user?.id === user.id || viewer.isOperator) return true;
    const memberships = await this.loaders.membershipsByUserId.load(user.id);
    for (const m of memberships) if (await this.policy.can(Capability.MANAGE_MEMBERS, m.partyId)) return true;
    return false;
  }

  /** A membership is read by those who read its party's internal records. */
  canReadMembership(membership: Pick<Membership, 'partyId'>): Promise<boolean> {
    return this.policy.canReadInternal(membership.partyId);
  }

  /** The members of a party: for those who read its internal records. */
  canReadMembersOf(partyId: string): Promise<boolean> {
    return this.policy.canReadInternal(partyId);
  }

  /** A user's memberships the viewer may see: all of one's own, else those of parties one reads. */
  async visibleMemberships(user: Pick<User, 'id'>, memberships: Membership[]): Promise<Membership[]> {
    if (this.policy.viewer.user?.id === user.id) return memberships;
    return filterReadable(memberships, (m) => this.canReadMembership(m));
  }

  /** The audit events the viewer reads, once per request. */
  auditScope(): Promise<AuditScope> {
    this.auditScopeOnce ??= this.policy.reach(Capability.VIEW_AUDIT_TRAIL);
    return this.auditScopeOnce;
  }

  /** The scope for listing the trail: anonymous clients are told to sign in rather than shown nothing. */
  async auditListScope(): Promise<AuditScope> {
    if (!this.policy.viewer.isAuthenticated) throw new UnauthenticatedError('Sign in to read the audit trail.');
    return this.auditScope();
  }

  async canSeeAuditEvent(
    event: Pick<AuditEvent, 'ownerPartyId' | 'actingPartyId' | 'entityType' | 'entityId' | 'changes'>,
  ): Promise<boolean> {
    const scope = await this.auditScope();
    if (mayReadAuditEvent(scope, event)) return true;
    if (scope.partyIds.length === 0) return false;
    const parties =
      event.entityType === 'SynergyLink'
        ? await this.recordParties.sidesOfReadableLink(event.entityId)
        : event.entityType === 'PackageSignal'
          ? await this.recordParties.signalReadersAmong(event, scope.partyIds)
          : event.entityType === 'GuidelineOwnerInvitation'
            ? await this.recordParties.ownerInvitationReadersAmong(event.entityId, scope.partyIds)
            : event.entityType === 'Guideline' || event.entityType === 'Recommendation'
              ? await this.recordParties.guidelineEventReadersAmong(event, scope.partyIds)
              : await this.recordParties.accountableAmong(event, scope.partyIds);
    return mayReadAuditEvent(scope, event, parties);
  }

  /**
   * Who manages a party's members: its admins, and operators for every party. Returns the acting party.
   * An operator's own memberships are the exception: operators edit no party's records, so joining a party or
   * changing their role in it takes that party's admin (or another operator), as for anyone else.
   */
  async assertManageMembers(partyId: string, member: { userId: string } | { email: string }): Promise<string | null> {
    const { viewer } = this.policy;
    // The party's own admin right first, so the audit trail records the party acted through (an operator who
    // is the party's admin acts as that admin).
    const asAdmin = await this.policy.check(Capability.MANAGE_MEMBERS, partyId);
    if (asAdmin.allowed) return asAdmin.actingPartyId;
    const self = 'userId' in member ? member.userId === viewer.user?.id : member.email === viewer.user?.email;
    if (viewer.isOperator && !self) return this.policy.assert(Capability.MANAGE_USERS, undefined, 'manage members');
    if (viewer.isOperator)
      throw new ForbiddenError(
        "Operators do not change their own memberships: ask the party's admin or another operator.",
      );
    return this.policy.assert(Capability.MANAGE_MEMBERS, partyId, "manage this party's members");
  }

  /** The signed-in user's id; null for anonymous viewers. */
  get viewerId(): string | null {
    return this.policy.viewer.user?.id ?? null;
  }

  /**
   * Who deactivates and reactivates accounts: operators (MANAGE_USERS). An account may belong to several
   * parties, so no party's admin decides over it. Returns the acting party (none for operators).
   */
  assertManageUsers(): Promise<string | null> {
    return this.policy.assert(Capability.MANAGE_USERS, undefined, 'deactivate or reactivate accounts');
  }

  /** For an existing membership: one of a party whose members the caller may not see is NOT_FOUND. */
  async assertManageMembership(membership: Pick<Membership, 'partyId' | 'userId'>): Promise<string | null> {
    if (!this.policy.viewer.isOperator && !(await this.canReadMembership(membership)))
      throw new NotFoundError('No membership with this id.');
    return this.assertManageMembers(membership.partyId, { userId: membership.userId });
  }
}
