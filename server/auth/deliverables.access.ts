import type { EntityManager } from 'typeorm';
import { Guideline, PackageAssessment, type AuditEvent, type Deliverable, type Party } from '../../entities';
import { Capability } from '../../entities/capability.enum';
import { UnauthenticatedError } from '../errors';
import type { Loaders } from '../loaders';
import { decide, type EffectiveCapability, type Policy } from './policy';
import type { SynergyAccess } from './synergy.access';
import type { Viewer, ViewerMembership } from './viewer';

/**
 * Who may read and change records of the deliverables domain (programmes, deliverables, status updates,
 * milestones). Deliverables themselves are public; planning them is a capability (MANAGE_PROGRAMMES).
 */

/** The text of a status update: signed-in users; anonymous clients see its health and date only. */
export function mayReadStatusUpdateText(viewer: Pick<Viewer, 'isAuthenticated'>): boolean {
  return viewer.isAuthenticated;
}

/**
 * What the rules of who reports on a deliverable and who changes its status with an update
 * (`reportingPartyFor`, `statusChangingPartyFor`) read of it: its named owners and contributors, each by
 * party id, its owning and contributing kinds and its lead. Read for one deliverable in a write's transaction and for many
 * at once by a loader (`reportingFactsByDeliverableId`), by this one statement.
 */
export interface ReportingFacts {
  ownerPartyIds: readonly string[];
  contributorPartyIds: readonly string[];
  ownerPartyKinds: readonly string[];
  contributorPartyKinds: readonly string[];
  leadPartyId: string | null;
}

/** A deliverable that does not exist: nobody reports on it. */
const NO_REPORTING_FACTS: ReportingFacts = {
  ownerPartyIds: [],
  contributorPartyIds: [],
  ownerPartyKinds: [],
  contributorPartyKinds: [],
  leadPartyId: null,
};

/** SQL: the ReportingFacts of the deliverables whose ids are in `$1`, one row each (none for a missing one). */
export const REPORTING_FACTS_SQL = `SELECT d.id, d.owner_party_kinds::text[] AS "ownerPartyKinds",
       d.contributor_party_kinds::text[] AS "contributorPartyKinds", d.lead_party_id AS "leadPartyId",
       ARRAY(SELECT o.party_id::text FROM deliverable_owner o WHERE o.deliverable_id = d.id ORDER BY o.party_id)
         AS "ownerPartyIds",
       ARRAY(SELECT c.party_id::text FROM deliverable_contributor c WHERE c.deliverable_id = d.id ORDER BY c.party_id)
         AS "contributorPartyIds"
  FROM deliverable d WHERE d.id = ANY($1::uuid[])`;

/** The rows of REPORTING_FACTS_SQL by deliverable id, in the order of `ids`; missing deliverables have none. */
export function reportingFactsInOrder(
  ids: readonly string[],
  rows: readonly (ReportingFacts & { id: string })[],
): ReportingFacts[] {
  const byId = new Map(rows.map(({ id, ...facts }) => [id, facts]));
  return ids.map((id) => byId.get(id) ?? NO_REPORTING_FACTS);
}

/** What the rules read of the viewer: the capabilities it holds (Policy.capabilities) and its memberships. */
export interface ReportingViewer {
  held: readonly EffectiveCapability[];
  memberships: readonly Pick<ViewerMembership, 'partyId' | 'partyKind'>[];
}

/**
 * The party the viewer reports for on a deliverable with these facts: a named owner (preferred) or
 * contributor through which it holds POST_STATUS_UPDATES, in party id order; else, when the documents
 * name a kind of party as owner (“zorgverzekeraars”), its party of that kind through which it holds
 * REPORT_AS_GROUP_OWNER, the lead party first, recorded with that party even where a grant reaches
 * further; else, when they name a kind as contributor (“veldpartijen”), its party of that kind through which
 * it holds POST_STATUS_UPDATES: each contributes for itself, so it reports as any named contributor does.
 * Null: none. `accountableOnly` passes over the contributors (for `statusChangingPartyFor`).
 */
export function reportingPartyFor(
  facts: ReportingFacts,
  viewer: ReportingViewer,
  { accountableOnly = false } = {},
): string | null {
  const named = accountableOnly ? facts.ownerPartyIds : [...facts.ownerPartyIds, ...facts.contributorPartyIds];
  for (const partyId of named) {
    const { allowed, actingPartyId } = decide(viewer.held, Capability.POST_STATUS_UPDATES, partyId);
    if (allowed) return actingPartyId;
  }
  const kinds = new Set(facts.ownerPartyKinds);
  const lead = facts.leadPartyId;
  const members = viewer.memberships
    .filter((m) => kinds.has(m.partyKind))
    .sort((a, b) => Number(b.partyId === lead) - Number(a.partyId === lead));
  const owner = members.find((m) => decide(viewer.held, Capability.REPORT_AS_GROUP_OWNER, m.partyId).allowed);
  if (owner || accountableOnly) return owner?.partyId ?? null;
  const contributing = new Set(facts.contributorPartyKinds);
  const contributor = viewer.memberships
    .filter((m) => contributing.has(m.partyKind))
    .sort((a, b) => a.partyId.localeCompare(b.partyId))
    .find((m) => decide(viewer.held, Capability.POST_STATUS_UPDATES, m.partyId).allowed);
  return contributor?.partyId ?? null;
}

/**
 * The party the viewer changes the status of a deliverable with these facts for with a status update: one
 * it reports for that is accountable for the deliverable (isAccountableFor: a named owner, the lead, which is
 * one of them, or a party of an owning kind), else — VWS, which plans deliverables and changes their status
 * anyway (updateDeliverable) — the party it holds MANAGE_PROGRAMMES through, asked for the first owner. A
 * contributor reports health and text; what the deliverable's status is, its owners decide (docs/domain.md,
 * Status updates). Null: none.
 */
export function statusChangingPartyFor(facts: ReportingFacts, viewer: ReportingViewer): string | null {
  const accountable = reportingPartyFor(facts, viewer, { accountableOnly: true });
  if (accountable) return accountable;
  const { allowed, actingPartyId } = decide(viewer.held, Capability.MANAGE_PROGRAMMES, facts.ownerPartyIds[0] ?? null);
  return allowed ? actingPartyId : null;
}

/** What a viewer may send in a status update on one deliverable (DeliverablesAccess.statusUpdateRights). */
export interface StatusUpdateRights {
  report: boolean;
  changeStatus: boolean;
}

/** Reading and reporting rules of the deliverables domain for one request. */
export class DeliverablesAccess {
  constructor(
    private readonly policy: Policy,
    private readonly synergy: SynergyAccess,
    private readonly loaders: Loaders,
  ) {}

  canReadStatusUpdateText(): boolean {
    return mayReadStatusUpdateText(this.policy.viewer);
  }

  /** A produced record (an output's target) is shown to those who may read it where it lives. */
  async canReadOutputTarget(target: unknown): Promise<boolean> {
    if (target instanceof Guideline) return this.synergy.canReadGuideline(target);
    if (target instanceof PackageAssessment) return this.synergy.canReadAssessment(target);
    return true;
  }

  /**
   * The party the viewer reports for on the deliverable (`reportingPartyFor`); null when none. Reads the
   * facts in the caller's transaction.
   */
  async reportingParty(manager: EntityManager, deliverableId: string): Promise<string | null> {
    return reportingPartyFor(...(await this.factsInTransaction(manager, deliverableId)));
  }

  /**
   * For a status update, from one read of the facts in the caller's transaction: the party the viewer reports
   * for (`reportingPartyFor`), the one it changes the status for (`statusChangingPartyFor`), each null when
   * none, and the deliverable's first owner, whose record the update is audited under.
   */
  async statusUpdateParties(
    manager: EntityManager,
    deliverableId: string,
  ): Promise<{ reporting: string | null; changing: string | null; firstOwner: string | null }> {
    const [facts, viewer] = await this.factsInTransaction(manager, deliverableId);
    return {
      reporting: reportingPartyFor(facts, viewer),
      changing: statusChangingPartyFor(facts, viewer),
      firstOwner: facts.ownerPartyIds[0] ?? null,
    };
  }

  private async factsInTransaction(
    manager: EntityManager,
    deliverableId: string,
  ): Promise<[ReportingFacts, ReportingViewer]> {
    if (!this.policy.viewer.isAuthenticated) throw new UnauthenticatedError('Sign in to report on a deliverable.');
    const rows: (ReportingFacts & { id: string })[] = await manager.query(REPORTING_FACTS_SQL, [[deliverableId]]);
    const [facts] = reportingFactsInOrder([deliverableId], rows);
    return [facts!, await this.reportingViewer()];
  }

  private async reportingViewer(): Promise<ReportingViewer> {
    return { held: await this.policy.capabilities(), memberships: this.policy.viewer.memberships };
  }

  /**
   * What the viewer may send in a status update on the deliverable, by the rules postStatusUpdate asks: whether
   * it reports at all (`reportingPartyFor`), and whether with a new status (`statusChangingPartyFor` as well). For
   * a screen to offer only what will be accepted, so the facts of a page of deliverables are read together
   * (`reportingFactsByDeliverableId`). Neither for anonymous viewers, who read nothing for it.
   */
  async statusUpdateRights(deliverableId: string): Promise<StatusUpdateRights> {
    if (!this.policy.viewer.isAuthenticated) return { report: false, changeStatus: false };
    const [facts, viewer] = await Promise.all([
      this.loaders.reportingFactsByDeliverableId.load(deliverableId),
      this.reportingViewer(),
    ]);
    const report = reportingPartyFor(facts, viewer) !== null;
    return { report, changeStatus: report && statusChangingPartyFor(facts, viewer) !== null };
  }

  /**
   * Of `partyIds`, those an audit event of this domain belongs to besides the owner it names: those accountable
   * for the deliverable now (`accountableNowAmong`), and those its owner change took the record from
   * (`formerOwnersAmong`).
   */
  async accountableAmong(
    event: Pick<AuditEvent, 'entityType' | 'entityId' | 'changes'>,
    partyIds: readonly string[],
  ): Promise<string[]> {
    const [now, before] = await Promise.all([
      this.accountableNowAmong(event.entityType, event.entityId, partyIds),
      this.formerOwnersAmong(event, partyIds),
    ]);
    return [...new Set([...now, ...before])];
  }

  /**
   * Of `partyIds`, those that owned the record before the event's owner change (OWNERSHIP_FIELDS): named in
   * a changed field's `before`, or of a kind that owned it then.
   */
  private async formerOwnersAmong(
    event: Pick<AuditEvent, 'entityType' | 'changes'>,
    partyIds: readonly string[],
  ): Promise<string[]> {
    const fields = OWNERSHIP_FIELDS[event.entityType];
    if (!fields || !partyIds.length) return [];
    const before = (names: readonly string[]) =>
      new Set(
        event.changes
          .filter((c) => names.includes(c.field))
          .flatMap((c) => (Array.isArray(c.before) ? c.before : c.before == null ? [] : [c.before]))
          .map(String),
      );
    const named = before(fields.parties);
    const kinds = before(fields.kinds);
    if (!named.size && !kinds.size) return [];
    const parties = kinds.size ? await Promise.all(partyIds.map((id) => this.loaders.partyById.load(id))) : [];
    return partyIds.filter((id, i) => named.has(id) || kinds.has(parties[i]?.kind ?? ''));
  }

  /**
   * Of `partyIds`, those accountable (`isAccountableFor`) for the deliverable an audited record belongs to:
   * the deliverable, one of its milestones or status updates; none for a record of another type.
   */
  private async accountableNowAmong(
    entityType: string,
    entityId: string,
    partyIds: readonly string[],
  ): Promise<string[]> {
    if (!partyIds.length || !(DELIVERABLE_RECORD_TYPES as readonly string[]).includes(entityType)) return [];
    const part =
      entityType === 'Milestone'
        ? await this.loaders.milestoneById.load(entityId)
        : entityType === 'StatusUpdate'
          ? await this.loaders.statusUpdateById.load(entityId)
          : null;
    const deliverableId = entityType === 'Deliverable' ? entityId : part?.deliverableId;
    const deliverable = deliverableId ? await this.loaders.deliverableById.load(deliverableId) : null;
    if (!deliverable) return [];
    const [owners, parties] = await Promise.all([
      this.loaders.ownersByDeliverableId.load(deliverable.id),
      Promise.all(partyIds.map((id) => this.loaders.partyById.load(id))),
    ]);
    const ownerIds = owners.map((o) => o.id);
    return parties.filter((p): p is Party => p !== null && isAccountableFor(deliverable, ownerIds, p)).map((p) => p.id);
  }

  /**
   * SQL on deliverable alias `d`: the deliverables the viewer's parties are accountable for or contribute to
   * (`involvedInSql`; myDeliverables); only those of `partyIds` when given. `param` turns a value into a
   * placeholder.
   */
  mineCondition(param: (value: unknown) => string, partyIds?: readonly string[] | null): string {
    const memberships = this.policy.viewer.membershipsIn(partyIds);
    if (!memberships.length) return 'false';
    return involvedInSql('d', `${param(memberships.map((m) => m.partyId))}::uuid[]`);
  }
}

/**
 * Who is accountable for deliverable row `d` (carrying `id`, `lead_party_id`, `owner_party_kinds`), once for
 * every SQL form: a named owner, the lead party, or a party of an owning kind. Each way is the parties
 * `party` from `from` (none: the row itself) where `where` holds. isAccountableFor is its twin in code.
 */
function accountableWays(d: string): { party: string; from: string | null; where: string }[] {
  return [
    { party: 'ao.party_id', from: 'deliverable_owner ao', where: `ao.deliverable_id = ${d}.id` },
    { party: `${d}.lead_party_id`, from: null, where: `${d}.lead_party_id IS NOT NULL` },
    {
      party: 'ap.id',
      from: 'party ap',
      where: `cardinality(${d}.owner_party_kinds) > 0 AND ap.kind = ANY(${d}.owner_party_kinds)`,
    },
  ];
}

/**
 * SQL (a lateral subquery on a row `s`): every party a deliverable counts for on a party dashboard, by
 * accountableWays, once each. Few deliverables have owning kinds: the cardinality test skips the scan of all
 * parties for the others (BENCHMARKS.md, issue 25).
 */
export const ACCOUNTABLE_PARTIES_SQL = accountableWays('s')
  .map((w) => `SELECT ${w.party}${w.from ? ` FROM ${w.from}` : ''} WHERE ${w.where}`)
  .join('\n  UNION ');

/**
 * SQL: deliverable `d` counts for one of the parties in `parties` (an SQL uuid[] expression) by the same ways
 * as ACCOUNTABLE_PARTIES_SQL, so a list or an export filtered by party holds what that party's dashboard
 * group counts. One test per way rather than one on their union: PostgreSQL then reads the named owners of
 * all the parties once (a hashed subplan) instead of a union per deliverable, three to four times slower.
 */
export function accountableToSql(d: string, parties: string): string {
  const ways = accountableWays(d).map((w) =>
    w.from
      ? `EXISTS (SELECT 1 FROM ${w.from} WHERE ${w.where} AND ${w.party} = ANY(${parties}))`
      : `(${w.where} AND ${w.party} = ANY(${parties}))`,
  );
  return `(${ways.join('\n    OR ')})`;
}

/** The rule of accountableToSql for one party: a named owner, the lead, or a party of an owning kind. */
export function isAccountableFor(
  deliverable: Pick<Deliverable, 'leadPartyId' | 'ownerPartyKinds'>,
  ownerPartyIds: readonly string[],
  party: Pick<Party, 'id' | 'kind'>,
): boolean {
  return (
    ownerPartyIds.includes(party.id) ||
    deliverable.leadPartyId === party.id ||
    deliverable.ownerPartyKinds.includes(party.kind)
  );
}

/** The audited records that are a deliverable's own: it, its milestones and its status updates. */
export const DELIVERABLE_RECORD_TYPES = ['Deliverable', 'Milestone', 'StatusUpdate'] as const;

/**
 * The audited fields that say who answers for a record of this domain, by type: those naming parties, and
 * those naming owning kinds. An event that changes them stays readable by the parties it took the record
 * from (`before`): they read the record's history until then, and the change that ended it is part of it.
 */
const OWNERSHIP_FIELDS: Readonly<Record<string, { parties: readonly string[]; kinds: readonly string[] }>> = {
  Programme: { parties: ['ownerPartyId'], kinds: [] },
  Deliverable: { parties: ['ownerPartyIds', 'leadPartyId'], kinds: ['ownerPartyKinds'] },
};

const sqlTextList = (values: readonly string[]) => `ARRAY[${values.map((v) => `'${v}'`).join(', ')}]::text[]`;

/**
 * SQL: audit event `alias` may be an owner change of this domain — a programme or deliverable entry with an
 * ownership field (OWNERSHIP_FIELDS) that had a value before — the few entries `formerOwnersAmong` can give to
 * anyone. Migration AuditEventsOfParties indexes exactly these rows (its predicate written out: change both
 * together), so the owner changes of a party are found without reading every edit of every deliverable.
 */
export const DELIVERABLE_OWNER_CHANGE_ENTRY_SQL = (alias: string) => {
  const types = Object.keys(OWNERSHIP_FIELDS)
    .map((t) => `'${t}'`)
    .join(', ');
  const fields = [...new Set(Object.values(OWNERSHIP_FIELDS).flatMap((f) => [...f.parties, ...f.kinds]))]
    .map((f) => `@.field == "${f}"`)
    .join(' || ');
  return `(${alias}.entity_type IN (${types})
    AND ${alias}.changes @? '$[*] ? (@.before.type() != "null" && (${fields}))')`;
};

/** SQL twin of `formerOwnersAmong`: audit event `alias` changed an owner field whose `before` names one of `parties`. */
function ownerChangeOfPartiesSql(alias: string, parties: string): string {
  const types = Object.entries(OWNERSHIP_FIELDS).map(([type, fields]) => {
    const kinds = fields.kinds.length
      ? `OR (oc->>'field' = ANY(${sqlTextList(fields.kinds)}) AND jsonb_exists(oc->'before', op.kind::text))`
      : '';
    return `(${alias}.entity_type = '${type}' AND EXISTS (
        SELECT 1 FROM jsonb_array_elements(${alias}.changes) oc, party op
         WHERE op.id = ANY(${parties})
           AND ((oc->>'field' = ANY(${sqlTextList(fields.parties)}) AND jsonb_exists(oc->'before', op.id::text))
                ${kinds})))`;
  });
  // Only an entry of DELIVERABLE_OWNER_CHANGE_ENTRY_SQL can match (jsonb_exists finds nothing in a null), and
  // saying so lets its partial index find them.
  return `(${DELIVERABLE_OWNER_CHANGE_ENTRY_SQL(alias)}
    AND (${types.join('\n    OR ')}))`;
}

/**
 * SQL twin of `accountableAmong` for the audit trail, as the ways audit event `alias` reaches `parties` (a bound
 * uuid array), each answered by one index of audit_event: it is on a deliverable record (DELIVERABLE_RECORD_TYPES)
 * one of them is accountable for, or its owner change took a programme or deliverable from one of them. Its events
 * carry one owner party at most, none for a deliverable a kind owns, so the parties are found from the deliverable.
 */
export function deliverableEventWaysOfParties(alias: string, parties: string): string[] {
  // A set, one select per way of accountableWays, each from an index: the parties' few deliverables are looked
  // up rather than every deliverable tested, and the planner sees how few they are.
  const accountable = accountableWays('d')
    .map(
      (w) =>
        `SELECT d.id FROM deliverable d${w.from ? `, ${w.from}` : ''} WHERE ${w.where} AND ${w.party} = ANY(${parties})`,
    )
    .join('\n      UNION ALL ');
  return [
    `(${alias}.entity_type = 'Deliverable' AND ${alias}.entity_id IN (${accountable}))`,
    `(${alias}.entity_type = 'Milestone'
        AND ${alias}.entity_id IN (SELECT m.id FROM milestone m WHERE m.deliverable_id IN (${accountable})))`,
    `(${alias}.entity_type = 'StatusUpdate'
        AND ${alias}.entity_id IN (SELECT u.id FROM status_update u WHERE u.deliverable_id IN (${accountable})))`,
    ownerChangeOfPartiesSql(alias, parties),
  ];
}

/**
 * SQL: deliverable `d` counts for one of `parties` (an SQL uuid[] expression) as accountable
 * (accountableToSql) or as a contributor, by name or by kind (“veldpartijen” as a group): what a party's
 * own list and timeline hold.
 */
export function involvedInSql(d: string, parties: string): string {
  return `(${accountableToSql(d, parties)}
    OR EXISTS (SELECT 1 FROM deliverable_contributor ic WHERE ic.deliverable_id = ${d}.id AND ic.party_id = ANY(${parties}))
    OR (cardinality(${d}.contributor_party_kinds) > 0
        AND EXISTS (SELECT 1 FROM party ip WHERE ip.id = ANY(${parties}) AND ip.kind = ANY(${d}.contributor_party_kinds))))`;
}
