import type { EntityManager } from 'typeorm';
import { Deliverable, StatusUpdate } from '../../../entities';
import { OutputReachedAction } from '../../../entities/artefact-ref';
import {
  DeliverableHealth,
  DeliverableStatus,
  OutputTargetType,
  STATUS_TRANSITIONS,
} from '../../../entities/deliverable.enums';
import type { TrajectoryPhase } from '../../../entities/synergy.enums';
import { changesBetween, type AuditService } from '../identity/audit.service';
import { recordStatusChange } from './deliverable.service';
import { saveNewVersion } from '../../shared/versioning';

/** A record that reached the goal a deliverable output waits for: adopted, published, a phase reached. */
export interface ReachedArtefact {
  type: OutputTargetType;
  key: string;
  /** What happened, in words, e.g. “Kennisagenda ggz, versie 2 vastgesteld”: `reachedArtefact` words it. */
  label: string;
  /** For a synergy trajectory: the phase it is in now. */
  phase?: TrajectoryPhase;
}

interface OutputRow {
  id: string;
  deliverable_id: string;
  on_reached: OutputReachedAction;
}

/**
 * Progress from artefacts: every deliverable output on `artefact` that had not reached its goal yet
 * now has, once. Per output the deliverable either becomes DONE (COMPLETE) or receives a derived
 * status update suggesting DONE to its owners (SUGGEST); both cite the artefact, in the caller's
 * transaction and with its audit events. A closed deliverable is not reopened: it only gets the note.
 */
export async function recordOutputReached(
  manager: EntityManager,
  audit: AuditService,
  actor: { userId: string | null; partyId: string | null },
  artefact: ReachedArtefact,
  /** Only this deliverable's outputs: one that gained an output on a target already at its goal. */
  deliverableId?: string,
): Promise<void> {
  const params: unknown[] = [artefact.type, artefact.key];
  const param = (value: unknown) => `$${params.push(value)}`;
  // A trajectory output waits for its phase (COMPLETED unless named); phases compare in their enum order.
  const phaseCondition =
    artefact.type === OutputTargetType.SYNERGY_TRAJECTORY
      ? `AND CAST(${param(artefact.phase ?? null)} AS trajectory_phase) >= COALESCE(o.target_phase, 'COMPLETED')`
      : '';
  const deliverableCondition = deliverableId ? `AND o.deliverable_id = ${param(deliverableId)}` : '';
  const rows: OutputRow[] = await manager.query(
    // A SELECT around the UPDATE, so the driver hands back the rows rather than a count.
    `WITH reached AS (
       UPDATE deliverable_output o SET reached_at = now()
        WHERE o.id IN (SELECT o.id FROM deliverable_output o
                        WHERE o.target_type = $1 AND o.target_key = $2 AND o.reached_at IS NULL
                              ${phaseCondition} ${deliverableCondition}
                        ORDER BY o.deliverable_id FOR UPDATE)
        RETURNING o.id, o.deliverable_id, o.on_reached)
     SELECT * FROM reached ORDER BY deliverable_id`,
    params,
  );
  const source = { type: artefact.type, key: artefact.key, label: artefact.label };
  for (const row of rows) {
    const deliverable = await manager.findOne(Deliverable, {
      where: { id: row.deliverable_id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!deliverable) continue;
    const [owner] = await manager.query(
      'SELECT party_id FROM deliverable_owner WHERE deliverable_id = $1 ORDER BY party_id LIMIT 1',
      [deliverable.id],
    );
    const ownerPartyId = (owner?.party_id as string | undefined) ?? null;
    const completes =
      row.on_reached === OutputReachedAction.COMPLETE &&
      STATUS_TRANSITIONS[deliverable.status].includes(DeliverableStatus.DONE);
    if (completes) {
      const saved = await saveNewVersion(manager, Deliverable, deliverable, { status: DeliverableStatus.DONE });
      await recordStatusChange(manager, {
        deliverableId: deliverable.id,
        fromStatus: deliverable.status,
        toStatus: DeliverableStatus.DONE,
        actorId: actor.userId,
        partyId: actor.partyId,
        source,
      });
      await audit.record(manager, {
        entityType: 'Deliverable',
        entityId: deliverable.id,
        // An UPDATE like any status change, so the change feed and webhooks report it too (events/outbox.ts).
        action: 'UPDATE',
        ownerPartyId,
        actingPartyId: actor.partyId,
        changes: [...changesBetween(deliverable, saved, ['status']), { field: 'source', before: null, after: source }],
      });
    }
    // Only a move the status table allows is suggested: not DONE again, nor DONE for a CANCELLED deliverable.
    const suggests =
      row.on_reached === OutputReachedAction.SUGGEST &&
      STATUS_TRANSITIONS[deliverable.status].includes(DeliverableStatus.DONE);
    const update = await manager.save(
      StatusUpdate,
      manager.create(StatusUpdate, {
        deliverableId: deliverable.id,
        health: DeliverableHealth.ON_TRACK,
        text: completes
          ? `${artefact.label}: dit resultaat is gereed, het opleverpunt is daarmee afgerond.`
          : suggests
            ? `${artefact.label}: dit resultaat is gereed; voorstel aan de eigenaren om het opleverpunt af te ronden.`
            : `${artefact.label}: dit resultaat is gereed.`,
        status: completes ? DeliverableStatus.DONE : null,
        suggestedStatus: suggests ? DeliverableStatus.DONE : null,
        derived: true,
        source,
        authorId: actor.userId,
        partyId: actor.partyId,
      }),
    );
    await audit.record(manager, {
      entityType: 'StatusUpdate',
      entityId: update.id,
      action: 'CREATE',
      ownerPartyId,
      actingPartyId: actor.partyId,
      changes: changesBetween(null, update, ['deliverableId', 'health', 'status', 'suggestedStatus', 'derived']),
    });
  }
}

/** What a reached target's label cites. */
export interface ReachedTarget {
  title: string;
  /** The adopted agenda version, or the guideline's edition. */
  number?: number | null;
  /** For a synergy trajectory: the phase it is in now. */
  phase?: TrajectoryPhase | null;
}

/** The words each target type's change cites when it reaches the goal. */
const REACHED_LABELS: Record<OutputTargetType, (target: ReachedTarget) => string> = {
  RESEARCH_AGENDA: (t) => `${t.title}, versie ${t.number} vastgesteld`,
  PACKAGE_ASSESSMENT: (t) => `${t.title}, gepubliceerd`,
  GUIDELINE: (t) => `${t.title}, editie ${t.number} gepubliceerd`,
  SYNERGY_TRAJECTORY: (t) => `${t.title}, fase ${t.phase} bereikt`,
};

/**
 * The artefact `recordOutputReached` cites, its label worded in one place: the change that reaches the
 * goal and an output added after it cite it alike.
 */
export function reachedArtefact(type: OutputTargetType, key: string, target: ReachedTarget): ReachedArtefact {
  return { type, key, label: REACHED_LABELS[type](target), phase: target.phase ?? undefined };
}

interface StandingTarget extends ReachedTarget {
  type: OutputTargetType;
  key: string;
}

/**
 * The unreached outputs of deliverable $1 whose target already stands at their goal, with what their
 * label cites: an adopted agenda version, a published assessment, a guideline with an edition in force
 * (published or under revision), a trajectory at or past the output's phase.
 */
const STANDING_TARGETS_SQL = `SELECT o.target_type AS type, o.target_key AS key, t.title, t.number, t.phase
  FROM deliverable_output o
  CROSS JOIN LATERAL (
    SELECT a.title, v.number, NULL::trajectory_phase AS phase
      FROM research_agenda a JOIN research_agenda_version v ON v.agenda_id = a.id AND v.status = 'ADOPTED'
     WHERE o.target_type = 'RESEARCH_AGENDA' AND a.key = o.target_key
    UNION ALL
    SELECT p.title, NULL, NULL FROM package_assessment p
     WHERE o.target_type = 'PACKAGE_ASSESSMENT' AND p.key = o.target_key AND p.published
    UNION ALL
    SELECT g.title, g.edition, NULL FROM guideline g
     WHERE o.target_type = 'GUIDELINE' AND g.key = o.target_key AND g.status IN ('PUBLISHED', 'UNDER_REVISION')
    UNION ALL
    SELECT s.name, NULL, s.phase FROM synergy_trajectory s
     WHERE o.target_type = 'SYNERGY_TRAJECTORY' AND s.key = o.target_key
       AND s.phase >= COALESCE(o.target_phase, 'COMPLETED')
    LIMIT 1) t
 WHERE o.deliverable_id = $1 AND o.reached_at IS NULL
 ORDER BY o.target_type, o.target_key`;

/**
 * An output added to (or changed on) a deliverable whose target is already at its goal would wait for a
 * change that has happened: it acts now, as if the target had just got there, in the edit's transaction
 * and with the same status change, derived update and audit events. Returns whether any output acted.
 */
export async function recordOutputsAlreadyReached(
  manager: EntityManager,
  audit: AuditService,
  actor: { userId: string | null; partyId: string | null },
  deliverableId: string,
): Promise<boolean> {
  const targets: StandingTarget[] = await manager.query(STANDING_TARGETS_SQL, [deliverableId]);
  for (const target of targets)
    await recordOutputReached(manager, audit, actor, reachedArtefact(target.type, target.key, target), deliverableId);
  return targets.length > 0;
}

/** The table whose row, by `key`, each target type's reaching change locks (lockForChange) before anything else. */
const TARGET_TABLES: Record<OutputTargetType, string> = {
  RESEARCH_AGENDA: 'research_agenda',
  PACKAGE_ASSESSMENT: 'package_assessment',
  GUIDELINE: 'guideline',
  SYNERGY_TRAJECTORY: 'synergy_trajectory',
};

/**
 * Holds the targets an edit of a deliverable's outputs touches FOR SHARE until its transaction ends: the
 * ones sent and the unreached ones it has (it may drop them). A change that brings a target to its goal
 * locks that target first, then the outputs, then the deliverables; taken here, before the deliverable is
 * locked, the same order makes the two wait for each other: either the change commits first and
 * `recordOutputsAlreadyReached` sees it, or the new output is committed before the change looks for it.
 */
export async function lockOutputTargets(
  manager: EntityManager,
  deliverableId: string | null,
  sent: { type: OutputTargetType; key: string }[],
): Promise<void> {
  const held: { type: OutputTargetType; key: string }[] = deliverableId
    ? await manager.query(
        `SELECT target_type AS type, target_key AS key FROM deliverable_output
          WHERE deliverable_id = $1 AND reached_at IS NULL`,
        [deliverableId],
      )
    : [];
  // One order for every transaction: types as the enum lists them, keys in order within a type.
  for (const type of Object.values(OutputTargetType)) {
    const keys = [...new Set([...sent, ...held].filter((t) => t.type === type).map((t) => t.key))];
    if (keys.length)
      await manager.query(`SELECT 1 FROM ${TARGET_TABLES[type]} WHERE key = ANY($1::text[]) ORDER BY key FOR SHARE`, [
        keys,
      ]);
  }
}
