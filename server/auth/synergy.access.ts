import type { EntityManager } from 'typeorm';
import type {
  AuditEvent,
  Guideline,
  GuidelineOwnerInvitation,
  PackageAssessment,
  Recommendation,
  SynergyLink,
} from '../../entities';
import { Capability } from '../../entities/capability.enum';
import { GuidelineStatus, SynergyAlignment, SynergyLinkSide } from '../../entities/synergy.enums';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../errors';
import type { Loaders } from '../loaders';
import { ConsultationTargetKind } from '../../entities/consultation.enums';
import { GuidelineOwnerInvitationStatus } from '../../entities/guideline-owner-invitation.enums';
import { CONSULTED_SQL, type ConsultationAccess } from './consultation.access';
import type { Policy } from './policy';
import { isUuid } from '../../schema/global-id';

/**
 * Who may read and change records of the synergy domain (guidelines, recommendations, assessments,
 * links). Each read rule sits beside its SQL twin, which filters lists and aggregates by the same rule;
 * a change to one is a change to both.
 */

/** Whose drafts a viewer reads: everyone's (VWS, operators) or those of the listed parties. */
export interface ReadScope {
  all: boolean;
  partyIds: string[];
}

/** A guideline is a draft until first published (IN_DEVELOPMENT). */
export function isDraftGuideline(guideline: Pick<Guideline, 'status'>): boolean {
  return guideline.status === GuidelineStatus.IN_DEVELOPMENT;
}

/**
 * Who reads a guideline draft: members of an owning association, VWS and operators, members of the parties a
 * live consultation round on it invites (`consulted`), and members of an association a PENDING invitation asks
 * to co-own it (`invitedIds`: it decides on an owner's duties for it, so it sees what it would own; the access
 * ends with the invitation). `consulted` and `invitedIds` are looked up only when the rest says no. The one
 * place for this rule, with its SQL twin below.
 */
export function mayReadGuidelineDraft(
  scope: ReadScope,
  ownerIds: readonly string[],
  consulted = false,
  invitedIds: readonly string[] = [],
): boolean {
  return scope.all || [...ownerIds, ...invitedIds].some((id) => scope.partyIds.includes(id)) || consulted;
}

/**
 * SQL for “the viewer may read this guideline”, for lists and aggregates. `all` and `parties` are the
 * bound `ReadScope` (e.g. `$1`, `$2` or `:scopeAll`, `:scopeParties`).
 */
export const GUIDELINE_VISIBLE_SQL = (alias: string, all: string, parties: string) =>
  `(${alias}.status <> 'IN_DEVELOPMENT' OR ${all} OR EXISTS (SELECT 1 FROM guideline_owner go_v WHERE go_v.guideline_id = ${alias}.id AND go_v.party_id = ANY(${parties}))` +
  ` OR EXISTS (SELECT 1 FROM guideline_owner_invitation gi_v WHERE gi_v.guideline_id = ${alias}.id AND gi_v.status = 'PENDING' AND gi_v.invited_party_id = ANY(${parties}))` +
  ` OR ${CONSULTED_SQL(ConsultationTargetKind.GUIDELINE, `${alias}.id`, parties)})`;

/**
 * Who reads an invitation to co-own a guideline: the members of the guideline's owners (who invited, and may
 * withdraw it) and of the invited party (which answers it), VWS and operators. Nobody else learns that a
 * guideline is offered to an association. Lists of invitations are read per guideline and filtered by this rule.
 */
export function mayReadOwnerInvitation(
  scope: ReadScope,
  ownerIds: readonly string[],
  invitation: Pick<GuidelineOwnerInvitation, 'invitedPartyId'>,
): boolean {
  return (
    scope.all ||
    scope.partyIds.includes(invitation.invitedPartyId) ||
    ownerIds.some((id) => scope.partyIds.includes(id))
  );
}

/**
 * Of `partyIds`, those whose invitations the viewer reads whoever owns the guideline (`mayReadOwnerInvitation`
 * as the invited party): a change feed or stream narrowed to them may carry the events they are told of as
 * invitees (`invited_party_ids`), which would tell anybody else that they are invited.
 */
export function invitationsReadAsInvitee(scope: ReadScope, partyIds: readonly string[]): string[] {
  return partyIds.filter((id) => mayReadOwnerInvitation(scope, [], { invitedPartyId: id }));
}

/**
 * SQL: the invitations `parties` (a bound uuid array) read by `mayReadOwnerInvitation` — those inviting one of
 * them and those of a guideline one of them owns. Twin of `SynergyAccess.ownerInvitationReadersAmong`: the audit
 * trail gives an invitation's entries to those who read it (an owner reads the invited association's answer).
 */
export const OWNER_INVITATIONS_OF_PARTIES_SQL = (parties: string) =>
  `SELECT i.id FROM guideline_owner_invitation i WHERE i.invited_party_id = ANY(${parties})
   UNION ALL
   SELECT i.id FROM guideline_owner_invitation i JOIN guideline_owner o ON o.guideline_id = i.guideline_id
    WHERE o.party_id = ANY(${parties})`;

/**
 * The id an audit entry records in field `field` (`guidelineId`, `assessmentId`): its CREATE entry in `after`,
 * its DELETE entry in `before`; null for an entry that does not name it (an UPDATE: the row says, as a
 * recommendation or link never moves to another guideline or assessment).
 */
export function recordedId(changes: AuditEvent['changes'], field: string): string | null {
  const recorded = changes.filter((c) => c.field === field);
  const first = (side: 'after' | 'before') =>
    recorded.map((c) => c[side]).find((id): id is string => typeof id === 'string');
  return first('after') ?? first('before') ?? null;
}

/** The guideline an audit entry on a recommendation records (`recordedId`), so a removed one's say whose they are. */
export function recordedGuidelineId(changes: AuditEvent['changes']): string | null {
  return recordedId(changes, 'guidelineId');
}

/** SQL twin of `recordedId` on audit event `alias`, as text: a `field` change's `after`, else its `before`, where a string. */
const RECORDED_ID_SQL = (alias: string, field: string) => {
  const first = (side: string) =>
    `jsonb_path_query_first(${alias}.changes, '$[*] ? (@.field == "${field}").${side} ? (@.type() == "string")')`;
  return `(coalesce(${first('after')}, ${first('before')}) #>> '{}')`;
};

/** SQL: text `value` as a uuid, null where it is none (`isUuid`), so a stray value never fails the statement. */
const AS_UUID_SQL = (value: string) =>
  `(CASE WHEN ${value} ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN (${value})::uuid END)`;

/**
 * SQL: the id a DELETE entry `alias` records in `field` as a uuid (`recordedId`, null where none). The
 * expression indexes of migration AuditEventDeletions hold exactly this, so a removed record is found from
 * its guideline or assessment instead of by reading every removal; change both together.
 */
export const RECORDED_UUID_SQL = (alias: string, field: string) => AS_UUID_SQL(RECORDED_ID_SQL(alias, field));

/**
 * Of `partyIds`, those an audit entry on a guideline or on one of its recommendations belongs to besides the
 * parties it names: the guideline's owners now (`ownerIds`), so each owner reads what a co-owner did (they read
 * its drafts anyway), and the parties an owner change of the guideline took it from (in `ownerPartyIds` before,
 * not after), so a former owner reads the change that ended its history, as for programmes and deliverables;
 * not while the guideline is a draft, which a former owner no longer reads. An owner that left reads no later
 * entries. Twin of `guidelineEventWaysOfParties`.
 */
export function guidelineEventPartiesAmong(
  partyIds: readonly string[],
  guideline: Pick<Guideline, 'status'>,
  ownerIds: readonly string[],
  event: Pick<AuditEvent, 'entityType' | 'changes'>,
): string[] {
  const taken =
    event.entityType === 'Guideline' && !isDraftGuideline(guideline)
      ? event.changes
          .filter((c) => c.field === 'ownerPartyIds' && Array.isArray(c.before))
          .flatMap((c) => (c.before as unknown[]).filter((id) => !(Array.isArray(c.after) && c.after.includes(id))))
      : [];
  return partyIds.filter((id) => ownerIds.includes(id) || taken.includes(id));
}

/**
 * SQL: audit event `alias` may be an owner change of a guideline (an `ownerPartyIds` change with a list before), the
 * few entries on guidelines its former owners read. Migration AuditEventsOfParties indexes exactly these rows
 * (its predicate written out: change both together).
 */
export const GUIDELINE_OWNER_CHANGE_ENTRY_SQL = (alias: string) =>
  `(${alias}.entity_type = 'Guideline'
    AND ${alias}.changes @? '$[*] ? (@.field == "ownerPartyIds" && @.before.type() == "array")')`;

/**
 * SQL twin of `guidelineEventPartiesAmong` for the audit trail, as the ways audit event `alias` reaches `parties`
 * (a bound uuid array), each answered by one index of audit_event: it is on a guideline or a recommendation (its
 * guideline the one the entry records, else its row's, else — removed — the one its DELETE entry records) one of
 * them owns, or is an owner change (GUIDELINE_OWNER_CHANGE_ENTRY_SQL) that took a guideline that is no draft from
 * one of them. The removed recommendations are found from the parties' guidelines (RECORDED_UUID_SQL's index), the
 * entries recording a guideline through the index of migration AuditEventsOfParties on RECORDED_ID_SQL.
 */
export const guidelineEventWaysOfParties = (alias: string, parties: string): string[] => {
  const owned = `SELECT o_ga.guideline_id FROM guideline_owner o_ga WHERE o_ga.party_id = ANY(${parties})`;
  const recorded = RECORDED_ID_SQL(alias, 'guidelineId');
  const recommendation = `${alias}.entity_type = 'Recommendation'`;
  return [
    `(${alias}.entity_type = 'Guideline' AND ${alias}.entity_id IN (${owned}))`,
    `(${GUIDELINE_OWNER_CHANGE_ENTRY_SQL(alias)}
      AND ${alias}.entity_id IN (SELECT g_ga.id FROM guideline g_ga WHERE g_ga.status <> 'IN_DEVELOPMENT')
      AND EXISTS (SELECT 1 FROM jsonb_array_elements(${alias}.changes) c_ga, party p_ga
                   WHERE p_ga.id = ANY(${parties}) AND c_ga->>'field' = 'ownerPartyIds'
                     AND jsonb_typeof(c_ga->'before') = 'array' AND jsonb_exists(c_ga->'before', p_ga.id::text)
                     AND NOT (jsonb_typeof(c_ga->'after') = 'array' AND jsonb_exists(c_ga->'after', p_ga.id::text))))`,
    `(${recommendation} AND ${recorded} IS NULL
      AND ${alias}.entity_id IN (SELECT r_ga.id FROM recommendation r_ga WHERE r_ga.guideline_id IN (${owned})))`,
    `(${recommendation} AND ${recorded} IS NULL
      AND ${alias}.entity_id IN (
            SELECT d_ga.entity_id FROM audit_event d_ga
             WHERE d_ga.entity_type = 'Recommendation' AND d_ga.action = 'DELETE'
               AND ${RECORDED_UUID_SQL('d_ga', 'guidelineId')} = ANY(ARRAY(${owned}))))`,
    `(${recommendation} AND ${recorded} IN (SELECT o_gr.guideline_id::text FROM guideline_owner o_gr WHERE o_gr.party_id = ANY(${parties})))`,
  ];
};

/** An assessment is a draft until `published`. */
export function isDraftAssessment(assessment: Pick<PackageAssessment, 'published'>): boolean {
  return !assessment.published;
}

/**
 * Who reads an unpublished assessment: members of the assessing party, VWS and operators, and members of
 * the parties a live consultation round on it invites (`consulted`, looked up only when the rest says no).
 */
export function mayReadAssessmentDraft(scope: ReadScope, assessorPartyId: string, consulted = false): boolean {
  return scope.all || scope.partyIds.includes(assessorPartyId) || consulted;
}

/** SQL twin of `mayReadAssessmentDraft` with published assessments, bound as `GUIDELINE_VISIBLE_SQL`. */
export const ASSESSMENT_VISIBLE_SQL = (alias: string, all: string, parties: string) =>
  `(${alias}.published OR ${all} OR ${alias}.assessor_party_id = ANY(${parties}) OR ${CONSULTED_SQL(ConsultationTargetKind.PACKAGE_ASSESSMENT, `${alias}.id`, parties)})`;

/**
 * A link is read by those who read both its ends: the guideline (with its owners and the associations invited
 * to co-own it, `guidelineInvitedIds`) and the assessment; `consulted` says whether a live consultation round on
 * either end invites the viewer.
 */
export function mayReadLink(
  scope: ReadScope,
  guideline: Pick<Guideline, 'status'>,
  guidelineOwnerIds: readonly string[],
  assessment: Pick<PackageAssessment, 'published' | 'assessorPartyId'>,
  consulted: { guideline: boolean; assessment: boolean } = { guideline: false, assessment: false },
  guidelineInvitedIds: readonly string[] = [],
): boolean {
  return (
    (!isDraftGuideline(guideline) ||
      mayReadGuidelineDraft(scope, guidelineOwnerIds, consulted.guideline, guidelineInvitedIds)) &&
    (!isDraftAssessment(assessment) || mayReadAssessmentDraft(scope, assessment.assessorPartyId, consulted.assessment))
  );
}

/**
 * SQL twin of `mayReadLink` over a synergy_link row, bound as `GUIDELINE_VISIBLE_SQL`: the nested lists
 * of links (a guideline's, an assessment's) page in the database, so hidden links never take a place.
 */
export const LINK_VISIBLE_SQL = (alias: string, all: string, parties: string) =>
  `(EXISTS (SELECT 1 FROM guideline g_lv WHERE g_lv.id = ${alias}.guideline_id AND ${GUIDELINE_VISIBLE_SQL('g_lv', all, parties)})` +
  ` AND EXISTS (SELECT 1 FROM package_assessment a_lv WHERE a_lv.id = ${alias}.assessment_id AND ${ASSESSMENT_VISIBLE_SQL('a_lv', all, parties)}))`;

/**
 * SQL: the links `parties` (a bound uuid array) are a side of — as an owner of the guideline or as the
 * assessor — and read as those parties (a draft end of the other side's stays theirs); a removed link by the
 * ends its DELETE entry records, so both sides keep its history. Twin of `SynergyAccess.sidesOfReadableLink`.
 * Removed links are found from the parties' assessments and guidelines through the indexes on their recorded
 * ends, so the work grows with the parties' links, not with every removal; `linkIds` (a bound uuid array, or
 * a subquery of link ids: `= ANY` takes both) narrows it to those links, for a trail asked about some links only.
 */
export const LINKS_OF_PARTIES_SQL = (parties: string, linkIds?: string) => {
  const among = (id: string) => (linkIds ? ` AND ${id} = ANY(${linkIds})` : '');
  // The parties' ends as arrays, so each recorded end is an index condition rather than a join the planner
  // may answer by reading every removal.
  const removed = `SELECT d.entity_id AS id, ${RECORDED_UUID_SQL('d', 'guidelineId')} AS guideline_id,
                          ${RECORDED_UUID_SQL('d', 'assessmentId')} AS assessment_id
                     FROM audit_event d WHERE d.entity_type = 'SynergyLink' AND d.action = 'DELETE'${among('d.entity_id')}
                      AND (${RECORDED_UUID_SQL('d', 'assessmentId')} = ANY(ARRAY(
                             SELECT a.id FROM package_assessment a WHERE a.assessor_party_id = ANY(${parties})))
                           OR ${RECORDED_UUID_SQL('d', 'guidelineId')} = ANY(ARRAY(
                             SELECT o.guideline_id FROM guideline_owner o WHERE o.party_id = ANY(${parties}))))`;
  return `SELECT l.id FROM synergy_link l JOIN package_assessment a ON a.id = l.assessment_id
    WHERE a.assessor_party_id = ANY(${parties})${among('l.id')} AND ${LINK_VISIBLE_SQL('l', 'false', parties)}
   UNION ALL
   SELECT l.id FROM synergy_link l JOIN guideline_owner o ON o.guideline_id = l.guideline_id
    WHERE o.party_id = ANY(${parties})${among('l.id')} AND ${LINK_VISIBLE_SQL('l', 'false', parties)}
   UNION ALL
   SELECT l.id FROM (${removed}) l WHERE ${LINK_VISIBLE_SQL('l', 'false', parties)}`;
};

/** The sides whose confirmation a link still waits for. */
export function awaitingSides(link: Pick<SynergyLink, 'ownerConfirmedAt' | 'assessorConfirmedAt'>): SynergyLinkSide[] {
  return [
    ...(link.ownerConfirmedAt ? [] : [SynergyLinkSide.GUIDELINE_OWNER]),
    ...(link.assessorConfirmedAt ? [] : [SynergyLinkSide.ASSESSOR]),
  ];
}

/**
 * The parties of a link's two sides, read where the caller reads (a write's transaction, or the request's
 * loaders), each only when its side is asked about.
 */
export interface LinkParties {
  ownerIds(): Promise<readonly string[]>;
  /** Null when the assessment is not there to read. */
  assessorPartyId(): Promise<string | null>;
}

/**
 * The owners of the guideline `guidelineId` (an SQL expression) as a uuid[] in party id order: what
 * `ownerIdsIn` reads, for a write that locks the guideline and reads its owners in one statement.
 */
export const GUIDELINE_OWNER_IDS_SQL = (guidelineId: string) =>
  `SELECT coalesce(array_agg(o.party_id ORDER BY o.party_id), '{}') FROM guideline_owner o WHERE o.guideline_id = ${guidelineId}`;

/** Reading rules (drafts) and owner checks of the synergy domain, on top of the Policy. */
export class SynergyAccess {
  private scope?: Promise<ReadScope>;

  constructor(
    private readonly policy: Policy,
    private readonly loaders: Loaders,
    private readonly consultation: ConsultationAccess,
  ) {}

  /** The drafts the viewer reads, once per request; bind it to the SQL twins with `readScope()`. */
  readScope(): Promise<ReadScope> {
    this.scope ??= (async () => {
      if (!this.policy.viewer.isAuthenticated) return { all: false, partyIds: [] };
      if (await this.policy.can(Capability.READ_ALL_INTERNAL)) return { all: true, partyIds: [] };
      const reach = await this.policy.reach(Capability.READ_PARTY_INTERNAL);
      return { all: reach.all, partyIds: reach.partyIds };
    })();
    return this.scope;
  }

  async ownerIds(guidelineId: string): Promise<string[]> {
    return (await this.loaders.ownersByGuidelineId.load(guidelineId)).map((p) => p.id);
  }

  /** The draft rule for a guideline; `ownerIds` when read in a transaction, else from the loader. */
  async canReadGuidelineDraft(guideline: Pick<Guideline, 'id'>, ownerIds?: readonly string[]): Promise<boolean> {
    const scope = await this.readScope();
    if (scope.all) return true;
    const owners = ownerIds ?? (await this.ownerIds(guideline.id));
    if (mayReadGuidelineDraft(scope, owners)) return true;
    // Live consultation rounds and pending invitations are looked up only when the owners do not decide.
    const [consulted, invited] = await Promise.all([
      this.consultation.isConsultedOn(guideline.id),
      scope.partyIds.length === 0 ? [] : this.pendingInviteeIds(guideline.id),
    ]);
    return mayReadGuidelineDraft(scope, owners, consulted, invited);
  }

  /** The associations a PENDING invitation asks to co-own the guideline. */
  private async pendingInviteeIds(guidelineId: string): Promise<string[]> {
    return (await this.loaders.ownerInvitationsByGuidelineId.load(guidelineId))
      .filter((i) => i.status === GuidelineOwnerInvitationStatus.PENDING)
      .map((i) => i.invitedPartyId);
  }

  async canReadGuideline(guideline: Guideline): Promise<boolean> {
    return !isDraftGuideline(guideline) || this.canReadGuidelineDraft(guideline);
  }

  /** A recommendation is read with its guideline. */
  async canReadRecommendation(recommendation: Pick<Recommendation, 'guidelineId'>): Promise<boolean> {
    const guideline = await this.loaders.guidelineById.load(recommendation.guidelineId);
    return guideline !== null && this.canReadGuideline(guideline);
  }

  async canReadAssessment(assessment: PackageAssessment): Promise<boolean> {
    if (!isDraftAssessment(assessment)) return true;
    const scope = await this.readScope();
    return mayReadAssessmentDraft(scope, assessment.assessorPartyId) || this.consultation.isConsultedOn(assessment.id);
  }

  /**
   * The sides of a link the viewer reads: its guideline's owners and its assessor; for a removed link those of
   * the ends its DELETE entry records; none for a link that the viewer may not read, or that is gone without
   * such an entry (the audit rule gives a link's events to its sides).
   */
  async sidesOfReadableLink(linkId: string): Promise<string[]> {
    const link = (await this.loaders.synergyLinkById.load(linkId)) ?? (await this.removedLinkEnds(linkId));
    if (!link || !(await this.canReadLink(link))) return [];
    const [owners, assessment] = await Promise.all([
      this.loaders.ownersByGuidelineId.load(link.guidelineId),
      this.loaders.packageAssessmentById.load(link.assessmentId),
    ]);
    return [...owners.map((o) => o.id), ...(assessment ? [assessment.assessorPartyId] : [])];
  }

  /** The ends of a removed link as its DELETE entry records them; null without that entry or either end. */
  private async removedLinkEnds(linkId: string): Promise<Pick<SynergyLink, 'guidelineId' | 'assessmentId'> | null> {
    const removal = await this.removal('SynergyLink', linkId);
    const guidelineId = removal && recordedId(removal.changes, 'guidelineId');
    const assessmentId = removal && recordedId(removal.changes, 'assessmentId');
    return guidelineId && assessmentId && isUuid(guidelineId) && isUuid(assessmentId)
      ? { guidelineId, assessmentId }
      : null;
  }

  /** The DELETE audit entry of a removed record of `entityType`, written with its removal; null while there is none. */
  private async removal(entityType: string, id: string): Promise<AuditEvent | null> {
    const entry = await this.loaders.deletionEntryByEntityId.load(id);
    return entry?.entityType === entityType ? entry : null;
  }

  /** A link is read by those who read both its ends. */
  async canReadLink(link: Pick<SynergyLink, 'guidelineId' | 'assessmentId'>): Promise<boolean> {
    const [guideline, assessment] = await Promise.all([
      this.loaders.guidelineById.load(link.guidelineId),
      this.loaders.packageAssessmentById.load(link.assessmentId),
    ]);
    if (!guideline || !assessment) return false;
    // mayReadLink, with the owners and consultation rounds looked up only where they decide.
    const [g, a] = await Promise.all([this.canReadGuideline(guideline), this.canReadAssessment(assessment)]);
    return g && a;
  }

  /**
   * Before any change to a link: one the viewer may not read is NOT_FOUND, like a missing one, so neither
   * the error nor the answer shows that a link on a hidden draft exists.
   */
  async assertLinkReadable(link: SynergyLink): Promise<void> {
    if (!(await this.canReadLink(link))) throw new NotFoundError('No synergy link with this id.');
  }

  /** The values LINK_VISIBLE_SQL (and the other twins) are bound to for this viewer: `[all, partyIds]`. */
  async scopeParams(): Promise<[boolean, string[]]> {
    const scope = await this.readScope();
    return [scope.all, scope.partyIds];
  }

  /**
   * The party through which the viewer holds `capability` as one of `ownerIds` — a membership of an
   * owner, not a grant that reaches every party (Zorginstituut may confirm links, but not for the
   * association). FORBIDDEN otherwise.
   */
  async assertAsOwner(capability: Capability, ownerIds: string[], what: string): Promise<string> {
    if (!this.policy.viewer.isAuthenticated) throw new UnauthenticatedError(`Sign in to ${what}.`);
    const ownerId = await this.actingOwner(capability, ownerIds);
    if (ownerId) return ownerId;
    throw new ForbiddenError(`Only editors of the owning association may ${what} (needs ${capability}).`);
  }

  /**
   * A change of a guideline's owners from `before` to `next`, by an editor of one of them: associations may be
   * invited (they become owners only by accepting), and an owner gives up its ownership only itself — each owner
   * dropped must be one the viewer edits guidelines for (a membership of it), never another. That one owner
   * stays is the caller's check.
   */
  async assertOwnersChange(before: string[], next: string[]): Promise<void> {
    for (const owner of before.filter((id) => !next.includes(id)))
      if ((await this.actingOwner(Capability.MANAGE_GUIDELINES, [owner])) !== owner)
        throw new ForbiddenError('Only an owning association itself can give up its ownership of a guideline.');
  }

  /** The owner through whose membership the viewer holds `capability`, or null (see assertAsOwner). */
  private async actingOwner(capability: Capability, ownerIds: string[]): Promise<string | null> {
    for (const ownerId of ownerIds) {
      const { allowed, actingPartyId } = await this.policy.check(capability, ownerId);
      if (allowed && actingPartyId === ownerId) return ownerId;
    }
    return null;
  }

  /**
   * Who acts for `side` of a link with `capability`: for the guideline's side a membership of one of its
   * owners (a grant reaching every party is not enough: Zorginstituut may confirm links, but not for the
   * association), for the assessment's side the grant for its assessor. The one place for this rule:
   * `assertSide` asks it for a change, `confirmableSides` for a screen.
   */
  private async sideDecision(
    side: SynergyLinkSide,
    capability: Capability,
    parties: LinkParties,
  ): Promise<{ allowed: boolean; actingPartyId: string | null }> {
    if (side === SynergyLinkSide.GUIDELINE_OWNER) {
      const ownerId = await this.actingOwner(capability, [...(await parties.ownerIds())]);
      return { allowed: ownerId !== null, actingPartyId: ownerId };
    }
    const assessorPartyId = await parties.assessorPartyId();
    if (assessorPartyId === null) return { allowed: false, actingPartyId: null };
    return this.policy.check(capability, assessorPartyId);
  }

  /** The party acting for `side` of a link (`sideDecision`); UNAUTHENTICATED or FORBIDDEN otherwise. */
  async assertSide(
    side: SynergyLinkSide,
    capability: Capability,
    parties: LinkParties,
    what: string,
  ): Promise<string | null> {
    if (!this.policy.viewer.isAuthenticated) throw new UnauthenticatedError(`Sign in to ${what}.`);
    const { allowed, actingPartyId } = await this.sideDecision(side, capability, parties);
    if (allowed) return actingPartyId;
    throw new ForbiddenError(
      side === SynergyLinkSide.GUIDELINE_OWNER
        ? `Only editors of the owning association may ${what} (needs ${capability}).`
        : `Your memberships do not allow you to ${what} (needs ${capability}).`,
    );
  }

  /**
   * The sides of a link the viewer may confirm now: those still awaiting confirmation, on a link that is
   * neither on NEEDS_REVIEW nor disputed, for which `sideDecision` lets the viewer confirm. What
   * `confirmSynergyLink` decides, asked before, so a screen offers only what will be accepted (a side that
   * has confirmed is not offered: confirming again changes nothing).
   */
  async confirmableSides(link: SynergyLink): Promise<SynergyLinkSide[]> {
    if (!this.policy.viewer.isAuthenticated || SynergyAccess.notConfirmable(link)) return [];
    if (!(await this.canReadLink(link))) return [];
    const parties: LinkParties = {
      ownerIds: async () => (await this.loaders.ownersByGuidelineId.load(link.guidelineId)).map((o) => o.id),
      assessorPartyId: async () =>
        (await this.loaders.packageAssessmentById.load(link.assessmentId))?.assessorPartyId ?? null,
    };
    const sides: SynergyLinkSide[] = [];
    for (const side of awaitingSides(link))
      if ((await this.sideDecision(side, Capability.CONFIRM_SYNERGY_LINKS, parties)).allowed) sides.push(side);
    return sides;
  }

  /**
   * `assertAsOwner` for a change to `guideline`: a draft the viewer may not read is NOT_FOUND, like a
   * missing one, so a change cannot tell hidden drafts from random ids. `ownerIds` is the list read in
   * the transaction.
   */
  async assertGuidelineOwner(
    guideline: Pick<Guideline, 'id' | 'status'>,
    ownerIds: string[],
    capability: Capability,
    what: string,
  ): Promise<string> {
    if (
      this.policy.viewer.isAuthenticated &&
      isDraftGuideline(guideline) &&
      !(await this.canReadGuidelineDraft(guideline, ownerIds))
    )
      throw new NotFoundError('No guideline with this id.');
    return this.assertAsOwner(capability, ownerIds, what);
  }

  /** The invitation rule (`mayReadOwnerInvitation`); `ownerIds` when read in a transaction, else from the loader. */
  async canReadOwnerInvitation(
    invitation: Pick<GuidelineOwnerInvitation, 'guidelineId' | 'invitedPartyId'>,
    ownerIds?: readonly string[],
  ): Promise<boolean> {
    const scope = await this.readScope();
    if (mayReadOwnerInvitation(scope, [], invitation)) return true;
    return mayReadOwnerInvitation(scope, ownerIds ?? (await this.ownerIds(invitation.guidelineId)), invitation);
  }

  /**
   * Of `partyIds`, those that read the invitation `invitationId` by `mayReadOwnerInvitation` (its guideline's
   * owners now, the invited association); none when it is gone. The audit rule gives its entries to them.
   */
  async ownerInvitationReadersAmong(invitationId: string, partyIds: readonly string[]): Promise<string[]> {
    const invitation = await this.loaders.guidelineOwnerInvitationById.load(invitationId);
    if (!invitation) return [];
    const owners = await this.ownerIds(invitation.guidelineId);
    return partyIds.filter((id) => mayReadOwnerInvitation({ all: false, partyIds: [id] }, owners, invitation));
  }

  /**
   * Of `partyIds`, those an audit entry on a guideline or one of its recommendations belongs to
   * (`guidelineEventPartiesAmong`: its owners now, and those an owner change took it from); none for an entry of
   * another type or whose guideline is not found. A recommendation's guideline: the one the entry records, else
   * its row's, else — removed — the one its DELETE entry records (an edit names none).
   */
  async guidelineEventReadersAmong(
    event: Pick<AuditEvent, 'entityType' | 'entityId' | 'changes'>,
    partyIds: readonly string[],
  ): Promise<string[]> {
    if (!partyIds.length) return [];
    const guidelineId =
      event.entityType === 'Guideline'
        ? event.entityId
        : event.entityType === 'Recommendation'
          ? (recordedGuidelineId(event.changes) ??
            (await this.loaders.recommendationById.load(event.entityId))?.guidelineId ??
            recordedGuidelineId((await this.removal('Recommendation', event.entityId))?.changes ?? []))
          : null;
    const guideline = guidelineId ? await this.loaders.guidelineById.load(guidelineId) : null;
    if (!guideline) return [];
    return guidelineEventPartiesAmong(partyIds, guideline, await this.ownerIds(guideline.id), event);
  }

  /** Before any change: an invitation the viewer may not read is NOT_FOUND, like a missing one. */
  private async assertOwnerInvitationReadable(
    invitation: Pick<GuidelineOwnerInvitation, 'guidelineId' | 'invitedPartyId'>,
    ownerIds: readonly string[],
  ): Promise<void> {
    if (!(await this.canReadOwnerInvitation(invitation, ownerIds)))
      throw new NotFoundError('No guideline owner invitation with this id.');
  }

  /**
   * Accepting or declining an invitation: an editor of the invited association itself (MANAGE_GUIDELINES through
   * a membership of it, as an owner edits its guidelines); returns the invited party. An owner, VWS or an
   * operator reads the invitation but does not answer for the association.
   */
  async assertInvitedParty(
    invitation: Pick<GuidelineOwnerInvitation, 'guidelineId' | 'invitedPartyId'>,
    ownerIds: readonly string[],
    what: string,
  ): Promise<string> {
    if (!this.policy.viewer.isAuthenticated) throw new UnauthenticatedError(`Sign in to ${what}.`);
    await this.assertOwnerInvitationReadable(invitation, ownerIds);
    if (await this.answersFor(invitation)) return invitation.invitedPartyId;
    throw new ForbiddenError(
      `Only editors of the invited association may ${what} (needs ${Capability.MANAGE_GUIDELINES} for that association).`,
    );
  }

  /** Whether the viewer answers for the invited association: an editor of it (MANAGE_GUIDELINES through it). */
  private async answersFor(invitation: Pick<GuidelineOwnerInvitation, 'invitedPartyId'>): Promise<boolean> {
    return (await this.actingOwner(Capability.MANAGE_GUIDELINES, [invitation.invitedPartyId])) !== null;
  }

  /**
   * Whether the viewer (who reads the invitation) may accept or decline it now, as `assertInvitedParty` decides:
   * for a screen to offer the answer only to those; false once it is no longer PENDING.
   */
  async mayAnswerInvitation(invitation: Pick<GuidelineOwnerInvitation, 'invitedPartyId' | 'status'>): Promise<boolean> {
    if (!this.policy.viewer.isAuthenticated || invitation.status !== GuidelineOwnerInvitationStatus.PENDING)
      return false;
    return this.answersFor(invitation);
  }

  /** Withdrawing an invitation: an editor of one of the guideline's current owners (`assertAsOwner`). */
  async assertInvitationOwner(
    invitation: Pick<GuidelineOwnerInvitation, 'guidelineId' | 'invitedPartyId'>,
    ownerIds: string[],
    what: string,
  ): Promise<string> {
    if (!this.policy.viewer.isAuthenticated) throw new UnauthenticatedError(`Sign in to ${what}.`);
    await this.assertOwnerInvitationReadable(invitation, ownerIds);
    return this.assertAsOwner(Capability.MANAGE_GUIDELINES, ownerIds, what);
  }

  /** Why no side may confirm a link in its state now, or null: on NEEDS_REVIEW, or disputed. */
  static notConfirmable(link: Pick<SynergyLink, 'alignment' | 'disputeSide'>): string | null {
    if (link.alignment === SynergyAlignment.NEEDS_REVIEW)
      return 'This link needs review: the guideline owner sets its alignment again before it can be confirmed.';
    if (link.disputeSide) return 'This link is disputed; Zorginstituut resolves the dispute first.';
    return null;
  }

  /**
   * Why no side may dispute a link in its state now, or null: disputed already, or on NEEDS_REVIEW. A dispute
   * answers an alignment a side could confirm; on NEEDS_REVIEW there is none until the owner sets one again,
   * and a resolution with an alignment would settle the owner's review for them.
   */
  static notDisputable(link: Pick<SynergyLink, 'alignment' | 'disputeSide'>): string | null {
    if (link.alignment === SynergyAlignment.NEEDS_REVIEW)
      return 'This link needs review: the guideline owner sets its alignment again before it can be disputed.';
    if (link.disputeSide) return 'This link is already disputed.';
    return null;
  }

  /** Owners of a guideline read inside a transaction (the loader may hold a stale list). */
  static async ownerIdsIn(manager: EntityManager, guidelineId: string): Promise<string[]> {
    const [{ ids }]: { ids: string[] }[] = await manager.query(`SELECT (${GUIDELINE_OWNER_IDS_SQL('$1')}) AS ids`, [
      guidelineId,
    ]);
    return ids;
  }
}
