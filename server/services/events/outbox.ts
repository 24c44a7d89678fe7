import type { EntityManager } from 'typeorm';
import type { FieldChange } from '../../../entities/audit-event.entity';
import { toGlobalId } from '../../../schema/global-id';
import { EventType } from '../../../entities/domain-event.enums';
import { DATA_CHANGED_CHANNEL } from '../../cache/data-changes';
import { SynergyAlignment } from '../../../entities/synergy.enums';
import { deliverableStateColumns } from '../deliverables/deliverable-state.sql';
import type { AuditEntry } from '../identity/audit.service';

/** The channel the outbox's commit trigger notifies with each new cursor (migration DomainEvents). */
export const DOMAIN_EVENT_CHANNEL = 'iza_domain_event';

/** Days ahead within which an open milestone counts as due soon. */
export const MILESTONE_DUE_SOON_DAYS = 14;

/** Days ahead within which an open consultation round counts as closing soon. */
export const ROUND_CLOSING_SOON_DAYS = 7;

/**
 * How far back the sweep looks for a round or topic call whose opening or closing time passed without a
 * write: one that opened or closed while no instance swept is still announced, an old one is not.
 */
const SWEEP_LOOKBACK = "interval '7 days'";

/**
 * Dedupe keys of round transitions that either a write (opening now, closing early) or the sweep (the
 * time passed) may record: whichever comes first writes the event, the other finds it there.
 */
export const roundOpenedKey = (roundId: string) => `${EventType.CONSULTATION_ROUND_OPENED}:${roundId}`;
export const roundClosedKey = (roundId: string) => `${EventType.CONSULTATION_ROUND_CLOSED}:${roundId}`;

/**
 * What a service says happened; the scope (parties, sectors) is filled from the subject by the database,
 * or from `scopeOf` for a subject that is gone.
 */
export interface EventDraft {
  type: EventType;
  subjectType: string;
  subjectId: string;
  /** Other records a reader must be able to read too (type, id). */
  requires?: [string, string][];
  /**
   * Records (type, id) whose parties and sectors together are the event's, instead of its subject's: for an
   * event whose subject's row is gone, or not yet visible, when the event is written; or to name a party besides
   * them (`['Party', id]` names that party only: the NZa or VWS writing on Zorginstituut's assessment).
   */
  scopeOf?: [string, string][];
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  details?: Record<string, unknown>;
  actorId?: string | null;
  actingPartyId?: string | null;
  /** Events a sweep may find again (due soon) carry one; a second with the same key is not written. */
  dedupeKey?: string;
}

/**
 * Writes events into the outbox inside the caller's transaction: they exist exactly when the change does.
 * One line from any service: `await emitEvents(manager, [{ type, subjectType, subjectId, before, after }])`.
 */
export async function emitEvents(manager: EntityManager, drafts: readonly EventDraft[]): Promise<void> {
  if (drafts.length === 0) return;
  const insert = eventsInsertOf(drafts, 1);
  await manager.query(insert.sql, insert.parameters);
}

/**
 * The INSERT of `drafts` into the outbox, its one parameter numbered `parameter`: for emitEvents, and for a
 * write that carries its events in its own statement (AuditService.recordManyWith).
 */
export function eventsInsertOf(
  drafts: readonly EventDraft[],
  parameter: number,
): { sql: string; parameters: unknown[] } {
  const rows = drafts.map((d) => ({
    type: d.type,
    subject_type: d.subjectType,
    subject_id: d.subjectId,
    requires: d.requires ?? [],
    scope_of: d.scopeOf ?? null,
    payload: { ...(d.details ?? {}), before: d.before ?? null, after: d.after ?? null },
    actor_id: d.actorId ?? null,
    acting_party_id: d.actingPartyId ?? null,
    dedupe_key: d.dedupeKey ?? null,
  }));
  // Without `scopeOf` the arrays are empty and the trigger domain_event_fill_scope fills them from the subject.
  // The scope function runs once per record of `scopeOf`: its parties, sectors and invitees are taken from one call;
  // a party named by one record is not told privately by another (a link's assessor invited to co-own its guideline).
  return {
    sql: `INSERT INTO domain_event (type, subject_type, subject_id, requires, party_ids, sector_ids, invited_party_ids,
                               payload, actor_id, acting_party_id, dedupe_key)
     SELECT r.type, r.subject_type, r.subject_id, r.requires, scope.party_ids, scope.sector_ids,
            ARRAY(SELECT unnest(scope.invited_party_ids) EXCEPT SELECT unnest(scope.party_ids)),
            r.payload, r.actor_id, r.acting_party_id, r.dedupe_key
       FROM jsonb_to_recordset($${parameter}::jsonb) AS r(type text, subject_type text, subject_id uuid, requires jsonb,
            scope_of jsonb, payload jsonb, actor_id uuid, acting_party_id uuid, dedupe_key text)
      CROSS JOIN LATERAL (
            SELECT coalesce(array_agg(DISTINCT u.id) FILTER (WHERE u.kind = 'party'), '{}') AS party_ids,
                   coalesce(array_agg(DISTINCT u.id) FILTER (WHERE u.kind = 'sector'), '{}') AS sector_ids,
                   coalesce(array_agg(DISTINCT u.id) FILTER (WHERE u.kind = 'invited'), '{}') AS invited_party_ids
              FROM jsonb_array_elements(r.scope_of) x
             CROSS JOIN LATERAL (SELECT f.party_ids, f.sector_ids, f.invited_party_ids
                                   FROM domain_event_scope(x->>0, (x->>1)::uuid) f WHERE x->>0 <> 'Party'
                                 UNION ALL
                                 SELECT ARRAY[(x->>1)::uuid], '{}'::uuid[], '{}'::uuid[] WHERE x->>0 = 'Party') s
             CROSS JOIN LATERAL (SELECT 'party', unnest(s.party_ids) UNION ALL SELECT 'sector', unnest(s.sector_ids)
                                 UNION ALL SELECT 'invited', unnest(s.invited_party_ids)) AS u(kind, id)
           ) AS scope
     ON CONFLICT (dedupe_key) DO NOTHING`,
    parameters: [JSON.stringify(rows)],
  };
}

/** `scopeOf`'s entry naming one party, when there is one. */
export const partyScope = (partyId: string | null | undefined): [string, string][] =>
  partyId ? [['Party', partyId]] : [];

function pick(changes: readonly FieldChange[], fields: readonly string[]) {
  const relevant = changes.filter((c) => fields.includes(c.field));
  if (relevant.length === 0) return null;
  return {
    before: Object.fromEntries(relevant.map((c) => [c.field, c.before])),
    after: Object.fromEntries(relevant.map((c) => [c.field, c.after])),
  };
}

// Not the dispute's reason: once resolved it lives in the link's history only, which the audit trail's rule
// shows to the parties involved, VWS and operators; an event stays readable by everyone who reads the link.
const CONFIRMATION_FIELDS = [
  'ownerConfirmedAt',
  'ownerConfirmedPartyId',
  'assessorConfirmedAt',
  'assessorConfirmedPartyId',
  'disputeSide',
  'confirmed',
];

/**
 * LINK_CREATED or LINK_REMOVED from a link's CREATE or DELETE entry (which name its ends). Their scope comes
 * from the two ends (the guideline's owners and the assessor, the sectors of both, as the link's): a removed
 * link's row is gone when its event is written, and a batch writes a new link's event in the statement that
 * inserts the link. Both are read by those who read both ends, as the link is (mayReadLink; EventAccess
 * reads these by their `requires`), so a link's creation stays in the feed after its removal. `details`
 * names the ends by global id: the subject is null once the link is gone.
 */
function linkCreatedOrRemoved(entry: AuditEntry, base: Omit<EventDraft, 'type'>): EventDraft {
  const created = entry.action === 'CREATE';
  const value = (field: string) => {
    const change = entry.changes.find((c) => c.field === field);
    return ((created ? change?.after : change?.before) ?? null) as string | null;
  };
  const guidelineId = value('guidelineId')!;
  const assessmentId = value('assessmentId')!;
  const recommendationId = value('recommendationId');
  const ends: [string, string][] = [
    ['Guideline', guidelineId],
    ['PackageAssessment', assessmentId],
  ];
  const state = { linkType: value('linkType'), alignment: value('alignment') };
  return {
    ...base,
    type: created ? EventType.LINK_CREATED : EventType.LINK_REMOVED,
    before: created ? null : state,
    after: created ? state : null,
    details: {
      guidelineId: toGlobalId('Guideline', guidelineId),
      recommendationId: recommendationId && toGlobalId('Recommendation', recommendationId),
      assessmentId: toGlobalId('PackageAssessment', assessmentId),
    },
    requires: ends,
    scopeOf: ends,
  };
}

/**
 * The domain events an audited change stands for. Every write of the existing domains records an audit
 * entry in its transaction, so deriving events here covers them all without a call in each service.
 */
export function eventsForAudit(entry: AuditEntry, actorId: string | null): EventDraft[] {
  const base = {
    subjectType: entry.entityType,
    subjectId: entry.entityId,
    actorId,
    actingPartyId: entry.actingPartyId,
  };
  const events: EventDraft[] = [];
  const add = (type: EventType, fields: readonly string[], always = false) => {
    const change = pick(entry.changes, fields);
    if (change || always) events.push({ ...base, type, before: change?.before, after: change?.after });
  };
  switch (entry.entityType) {
    // The dashboard expects these of a confirmation, dispute or resolution (eventsOf in web/src/pages/link-events.ts,
    // twin test test/e2e/web/link-action-events.test.ts): a change here changes it too.
    case 'SynergyLink': {
      if (entry.action === 'CREATE' || entry.action === 'DELETE') {
        events.push(linkCreatedOrRemoved(entry, base));
        break;
      }
      const alignment = entry.changes.find((c) => c.field === 'alignment');
      if (alignment?.after === SynergyAlignment.NEEDS_REVIEW)
        add(EventType.LINK_NEEDS_REVIEW, ['alignment', 'reviewReason', 'confirmed']);
      else {
        add(EventType.LINK_ALIGNMENT_CHANGED, ['alignment']);
        add(EventType.LINK_CONFIRMATIONS_CHANGED, CONFIRMATION_FIELDS);
      }
      break;
    }
    case 'PackageAssessment': {
      const published = entry.changes.find((c) => c.field === 'published');
      if (entry.action === 'PUBLISH' || (entry.action === 'CREATE' && published?.after === true))
        add(EventType.ASSESSMENT_PUBLISHED, ['published', 'outcome'], true);
      if (entry.action === 'UPDATE') add(EventType.ASSESSMENT_OUTCOME_CHANGED, ['outcome']);
      // The minister's decision is public with the advice it answers: the event is read with the assessment, and
      // concerns VWS as well as the assessment's parties (a party filter on VWS finds it).
      const decision = {
        RECORD_MINISTERIAL_DECISION: EventType.MINISTERIAL_DECISION_RECORDED,
        CORRECT_MINISTERIAL_DECISION: EventType.MINISTERIAL_DECISION_CORRECTED,
      }[entry.action];
      if (decision) {
        const change = pick(entry.changes, ['ministerialDecision']);
        events.push({
          ...base,
          type: decision,
          before: change?.before,
          after: change?.after,
          scopeOf: [['PackageAssessment', entry.entityId], ...partyScope(entry.actingPartyId)],
        });
      }
      break;
    }
    case 'Guideline':
      if (entry.action === 'PUBLISH') add(EventType.GUIDELINE_EDITION_PUBLISHED, ['status', 'edition', 'publishedOn']);
      break;
    case 'ResearchAgendaVersion':
      if (['SUBMIT', 'ADOPT', 'ARCHIVE'].includes(entry.action))
        add(EventType.AGENDA_VERSION_STATUS_CHANGED, ['status']);
      break;
    case 'KnowledgeQuestion':
      if (entry.action === 'FLAG_POSSIBLY_ANSWERED')
        add(EventType.QUESTION_POSSIBLY_ANSWERED, ['possiblyAnswered', 'answeredByProjectId']);
      break;
    case 'Deliverable':
      if (entry.action === 'UPDATE') add(EventType.DELIVERABLE_STATUS_CHANGED, ['status']);
      break;
    case 'ConsultationRound': {
      if (entry.action === 'OPEN') {
        // A round scheduled ahead opens when its time passes: the sweep records that (same dedupe key).
        const opensAt = entry.changes.find((c) => c.field === 'opensAt')?.after;
        if (typeof opensAt === 'string' && Date.parse(opensAt) <= Date.now()) {
          add(EventType.CONSULTATION_ROUND_OPENED, ['targetKind', 'opensAt', 'closesAt'], true);
          events[events.length - 1]!.dedupeKey = roundOpenedKey(entry.entityId);
        }
      } else if (entry.action === 'CLOSE') {
        add(EventType.CONSULTATION_ROUND_CLOSED, ['closesAt'], true);
        events[events.length - 1]!.dedupeKey = roundClosedKey(entry.entityId);
      } else if (entry.action === 'CONCLUDE') add(EventType.CONSULTATION_ROUND_CONCLUDED, ['concludedAt'], true);
      break;
    }
    case 'Contribution':
      if (entry.action === 'RESPOND') add(EventType.CONTRIBUTION_ANSWERED, ['response', 'responseChange'], true);
      break;
    // Not the assessment's id: a draft it was taken up into stays the assessor's (the field shows it to its readers).
    case 'PackageSignal': {
      const type = {
        RAISE: EventType.PACKAGE_SIGNAL_RAISED,
        TAKE_UP: EventType.PACKAGE_SIGNAL_TAKEN_UP,
        DECLINE: EventType.PACKAGE_SIGNAL_DECLINED,
        WITHDRAW: EventType.PACKAGE_SIGNAL_WITHDRAWN,
      }[entry.action];
      if (type) add(type, ['status', 'kind', 'answerReasoning'], true);
      // Who co-signs, not who was asked: the addressee reads these too (mayReadCoSignerInvitation).
      const coSigning = {
        ACCEPT_CO_SIGNING: EventType.PACKAGE_SIGNAL_CO_SIGNING_ACCEPTED,
        DECLINE_CO_SIGNING: EventType.PACKAGE_SIGNAL_CO_SIGNING_DECLINED,
        WITHDRAW_CO_SIGNING: EventType.PACKAGE_SIGNAL_CO_SIGNING_WITHDRAWN,
      }[entry.action];
      if (coSigning) add(coSigning, ['coSigningPartyIds'], true);
      break;
    }
    case 'Perspective':
      if (entry.action === 'CREATE') add(EventType.PERSPECTIVE_ADDED, ['kind', 'targetKind'], true);
      else if (entry.action === 'RESPOND') add(EventType.PERSPECTIVE_ANSWERED, ['response', 'responseChange'], true);
      break;
    // Read by the guideline's owners and the invited association (SynergyAccess.canReadOwnerInvitation).
    case 'GuidelineOwnerInvitation': {
      const type = {
        INVITE: EventType.GUIDELINE_OWNER_INVITED,
        ACCEPT: EventType.GUIDELINE_OWNER_INVITATION_ACCEPTED,
        DECLINE: EventType.GUIDELINE_OWNER_INVITATION_DECLINED,
        WITHDRAW: EventType.GUIDELINE_OWNER_INVITATION_WITHDRAWN,
      }[entry.action];
      if (type) add(type, ['status'], true);
      break;
    }
  }
  return events;
}

/**
 * The deliverables an audited change wrote, whose health it may move (checked in the same transaction);
 * checkDeliverableHealth adds the deliverables that depend on them.
 */
export function deliverablesToCheck(entry: AuditEntry): string[] {
  if (entry.entityType === 'Deliverable' && entry.action !== 'DELETE') return [entry.entityId];
  if (entry.entityType === 'StatusUpdate') {
    const id = entry.changes.find((c) => c.field === 'deliverableId')?.after;
    return typeof id === 'string' ? [id] : [];
  }
  return [];
}

const HEALTH_LOCK = "hashtext('deliverable_event_state')";

/**
 * Compares each deliverable's health on `asOf` with the health the stream last reported, and writes a
 * DELIVERABLE_HEALTH_CHANGED event for each difference. A deliverable seen for the first time is only
 * recorded (no event): its health did not change, it became known. Under one advisory lock, so two
 * instances sweeping at once report a change once. `ids` narrows it to the deliverables a write touched and
 * their direct dependents: a dependency's lateness (its status, its due date) moves their health at once.
 * One level is enough: a dependent's health follows whether its dependencies are late, not their health.
 */
export async function checkDeliverableHealth(
  manager: EntityManager,
  asOf: string,
  ids: readonly string[] | null = null,
  actor: { actorId?: string | null; actingPartyId?: string | null } = {},
): Promise<number> {
  if (ids !== null && ids.length === 0) return 0;
  await manager.query(`SELECT pg_advisory_xact_lock(${HEALTH_LOCK})`);
  const health = deliverableStateColumns('d', '$1').health;
  const rows: { count: string }[] = await manager.query(
    `WITH now_state AS (
       SELECT d.id, ${health} AS health FROM deliverable d
        WHERE $2::uuid[] IS NULL OR d.id = ANY($2::uuid[])
           OR d.id IN (SELECT dd.deliverable_id FROM deliverable_dependency dd WHERE dd.depends_on_id = ANY($2::uuid[]))
     ), compared AS (
       SELECT n.id, n.health, s.health AS was, s.deliverable_id IS NOT NULL AS known
         FROM now_state n LEFT JOIN deliverable_event_state s ON s.deliverable_id = n.id
        WHERE s.deliverable_id IS NULL OR s.health IS DISTINCT FROM n.health
     ), stored AS (
       INSERT INTO deliverable_event_state (deliverable_id, health, checked_on)
       SELECT id, health, $1::date FROM compared
       ON CONFLICT (deliverable_id) DO UPDATE SET health = excluded.health, checked_on = excluded.checked_on
     ), written AS (
       INSERT INTO domain_event (type, subject_type, subject_id, payload, actor_id, acting_party_id)
       SELECT '${EventType.DELIVERABLE_HEALTH_CHANGED}', 'Deliverable', id,
              jsonb_build_object('before', jsonb_build_object('health', was), 'after', jsonb_build_object('health', health),
                                 'asOf', $1::date),
              $3::uuid, $4::uuid
         FROM compared WHERE known
       RETURNING 1
     )
     SELECT count(*) AS count FROM written`,
    [asOf, ids, actor.actorId ?? null, actor.actingPartyId ?? null],
  );
  return Number(rows[0]?.count ?? 0);
}

/**
 * Consultation rounds as time passes: a round scheduled ahead whose opening time passed (OPENED), an
 * open round that closes within 7 days of `asOf` (CLOSING_SOON, once per closing time) and a round whose
 * closing time passed (CLOSED). Each is written once: writes that record the same transition use the
 * same dedupe key. The scope (owner and invited parties, the target's sectors) is filled by the database.
 */
export async function checkConsultationRounds(manager: EntityManager, asOf: string): Promise<number> {
  const rows: { count: string }[] = await manager.query(
    `WITH due AS (
       SELECT '${EventType.CONSULTATION_ROUND_OPENED}' AS type, r.id,
              jsonb_build_object('before', NULL, 'after', jsonb_build_object('opensAt', r.opens_at, 'closesAt', r.closes_at),
                                 'targetKind', r.target_kind) AS payload,
              '${EventType.CONSULTATION_ROUND_OPENED}:' || r.id AS dedupe_key
         FROM consultation_round r
        WHERE r.concluded_at IS NULL AND r.opens_at <= now() AND r.opens_at > now() - ${SWEEP_LOOKBACK}
          AND r.closes_at > now()
       UNION ALL
       SELECT '${EventType.CONSULTATION_ROUND_CLOSING_SOON}', r.id,
              jsonb_build_object('before', NULL, 'after', jsonb_build_object('closesAt', r.closes_at), 'asOf', $1::date),
              '${EventType.CONSULTATION_ROUND_CLOSING_SOON}:' || r.id || ':' || (extract(epoch FROM r.closes_at) * 1000)::bigint
         FROM consultation_round r
        WHERE r.concluded_at IS NULL AND r.opens_at <= now() AND r.closes_at > now()
          AND (r.closes_at AT TIME ZONE 'Europe/Amsterdam')::date BETWEEN $1::date AND $1::date + ${ROUND_CLOSING_SOON_DAYS}
       UNION ALL
       SELECT '${EventType.CONSULTATION_ROUND_CLOSED}', r.id,
              jsonb_build_object('before', NULL, 'after', jsonb_build_object('closesAt', r.closes_at)),
              '${EventType.CONSULTATION_ROUND_CLOSED}:' || r.id
         FROM consultation_round r
        WHERE r.concluded_at IS NULL AND r.closes_at <= now() AND r.closes_at > now() - ${SWEEP_LOOKBACK}
     ), written AS (
       INSERT INTO domain_event (type, subject_type, subject_id, payload, dedupe_key)
       SELECT type, 'ConsultationRound', id, payload, dedupe_key FROM due
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING type
     ), heard AS (
       -- An opening or closing changes who may read a draft and what a round asks of whom, though no
       -- row of consultation_round changed: cached answers that read the rounds are told so (response cache).
       -- The final SELECT reads this CTE only so that PostgreSQL runs it.
       SELECT pg_notify('${DATA_CHANGED_CHANNEL}', 'consultation_round') FROM written
        WHERE type <> '${EventType.CONSULTATION_ROUND_CLOSING_SOON}' LIMIT 1
     )
     SELECT count(*) AS count, (SELECT count(*) FROM heard) AS heard FROM written`,
    [asOf],
  );
  return Number(rows[0]?.count ?? 0);
}

/**
 * Topic calls whose deadline passed (TOPIC_CALL_CLOSED), as rounds' closing: once each (its dedupe key), and
 * cached answers that read the calls are told. A call opens when it is opened (`opensAt` is that write's
 * moment), so only its closing comes from time passing. The scope (coordinator and invited parties, the
 * agenda's sector) is filled by the database.
 */
export async function checkTopicCalls(manager: EntityManager): Promise<number> {
  const rows: { count: string }[] = await manager.query(
    `WITH written AS (
       INSERT INTO domain_event (type, subject_type, subject_id, payload, dedupe_key)
       SELECT '${EventType.TOPIC_CALL_CLOSED}', 'TopicCall', c.id,
              jsonb_build_object('before', NULL, 'after', jsonb_build_object('closesAt', c.closes_at)),
              '${EventType.TOPIC_CALL_CLOSED}:' || c.id
         FROM topic_call c
        WHERE c.closes_at <= now() AND c.closes_at > now() - ${SWEEP_LOOKBACK}
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING 1
     ), heard AS (
       -- A call's status (TopicCall.status) and who may score its version change at its deadline, though no
       -- row of topic_call changed. The final SELECT reads this CTE only so that PostgreSQL runs it.
       SELECT pg_notify('${DATA_CHANGED_CHANNEL}', 'topic_call') FROM written LIMIT 1
     )
     SELECT count(*) AS count, (SELECT count(*) FROM heard) AS heard FROM written`,
  );
  return Number(rows[0]?.count ?? 0);
}

/** One MILESTONE_DUE_SOON per open milestone and due date, once it is due within 14 days of `asOf`. */
export async function checkMilestonesDueSoon(manager: EntityManager, asOf: string): Promise<number> {
  const rows: { count: string }[] = await manager.query(
    `WITH written AS (
       INSERT INTO domain_event (type, subject_type, subject_id, payload, dedupe_key)
       SELECT '${EventType.MILESTONE_DUE_SOON}', 'Milestone', m.id,
              jsonb_build_object('before', NULL, 'after', jsonb_build_object('dueLatest', m.due_latest, 'dueLabel', m.due_label),
                                 'deliverableId', m.deliverable_id),
              '${EventType.MILESTONE_DUE_SOON}:' || m.id || ':' || m.due_latest
         FROM milestone m JOIN deliverable d ON d.id = m.deliverable_id
        -- A checkpoint of a deliverable that is done or cancelled will not be reached: it is not overdue
        -- either (Milestone.overdue, the timeline, the inbox).
        WHERE m.completed_at IS NULL AND m.due_latest BETWEEN $1::date AND $1::date + ${MILESTONE_DUE_SOON_DAYS}
          AND d.status NOT IN ('DONE', 'CANCELLED')
       ON CONFLICT (dedupe_key) DO NOTHING
       RETURNING 1
     )
     SELECT count(*) AS count FROM written`,
    [asOf],
  );
  return Number(rows[0]?.count ?? 0);
}

/**
 * Review dates that passed: a guideline's GUIDELINE_REVIEW_OVERDUE conflict is stored, unannounced, as soon
 * as its date is set, and opens for readers the day after that date. Announcing it makes the database write
 * its CONFLICT_OPENED (migration ConflictEventsWhenDue), once. The conflicts' lock (StoredConflicts) keeps
 * this from crossing a recomputation of the same rows.
 */
export async function checkConflictsDue(manager: EntityManager, asOf: string): Promise<number> {
  const [due]: { n: number }[] = await manager.query(
    `SELECT count(*)::int AS n FROM synergy_conflict WHERE NOT announced AND review_due_on < $1::date`,
    [asOf],
  );
  if (!due?.n) return 0;
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext('synergy_conflict'))`);
  const announced: unknown[] = await manager.query(
    `UPDATE synergy_conflict SET announced = true WHERE NOT announced AND review_due_on < $1::date RETURNING key`,
    [asOf],
  );
  return announced.length;
}
