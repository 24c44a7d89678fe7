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
  /** What happened, in words, e.g. “Versie 2 vastgesteld”. */
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
): Promise<void> {
  // A trajectory output waits for its phase (COMPLETED unless named); phases compare in their enum order.
  const phaseCondition =
    artefact.type === OutputTargetType.SYNERGY_TRAJECTORY
      ? `AND CAST($3 AS trajectory_phase) >= COALESCE(o.target_phase, 'COMPLETED')`
      : '';
  const params: unknown[] = [artefact.type, artefact.key];
  if (phaseCondition) params.push(artefact.phase ?? null);
  const rows: OutputRow[] = await manager.query(
    // A SELECT around the UPDATE, so the driver hands back the rows rather than a count.
    `WITH reached AS (
       UPDATE deliverable_output o SET reached_at = now()
        WHERE o.id IN (SELECT o.id FROM deliverable_output o
                        WHERE o.target_type = $1 AND o.target_key = $2 AND o.reached_at IS NULL ${phaseCondition}
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
