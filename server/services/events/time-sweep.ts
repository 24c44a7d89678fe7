import type { DataSource } from 'typeorm';
import type { Logger } from '../../logger';
import { today } from '../../today';
import { pruneEvents } from './event-retention';
import {
  checkConflictsDue,
  checkConsultationRounds,
  checkDeliverableHealth,
  checkMilestonesDueSoon,
  checkTopicCalls,
} from './outbox';

/**
 * Events that come from time passing, not from a write: a due date that passes turns a deliverable
 * OFF_TRACK, a milestone comes within 14 days, a consultation round opens, comes within 7 days of closing
 * or closes, a topic call's deadline passes, a guideline's review date passes (CONFLICT_OPENED). Each is
 * written once (deliverable_event_state, dedupe keys, a conflict's `announced`), whichever instance sweeps
 * and however often.
 */
export async function runTimeSweep(
  dataSource: DataSource,
  asOf = today(),
): Promise<{ health: number; dueSoon: number; rounds: number; calls: number; conflicts: number }> {
  return dataSource.transaction(async (manager) => ({
    health: await checkDeliverableHealth(manager, asOf),
    dueSoon: await checkMilestonesDueSoon(manager, asOf),
    rounds: await checkConsultationRounds(manager, asOf),
    calls: await checkTopicCalls(manager),
    conflicts: await checkConflictsDue(manager, asOf),
  }));
}

/**
 * Runs the sweep every `seconds` (0: never), and after it prunes the outbox of events older than
 * `retentionDays` (event-retention.ts); returns a stop function.
 */
export function scheduleTimeSweep(
  dataSource: DataSource,
  seconds: number,
  retentionDays: number,
  logger: Logger,
): () => void {
  if (seconds <= 0) return () => undefined;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runTimeSweep(dataSource)
      .then((written) => {
        if (written.health + written.dueSoon + written.rounds + written.calls + written.conflicts > 0)
          logger.info(written, 'time sweep wrote events');
      })
      .catch((error: unknown) => logger.warn({ err: error }, 'time sweep failed'))
      .then(() => pruneEvents(dataSource, retentionDays))
      .then((pruned) => {
        if (pruned) logger.info({ pruned }, 'outbox pruned');
      })
      .catch((error: unknown) => logger.warn({ err: error }, 'outbox pruning failed'))
      .finally(() => {
        running = false;
      });
  }, seconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
