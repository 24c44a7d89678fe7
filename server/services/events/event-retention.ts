import type { DataSource } from 'typeorm';

/** Events looked at per statement, and statements per pruning (a large backlog goes over several sweeps). */
const PRUNE_BATCH = 1_000;
const PRUNE_BATCHES = 20;
/** One instance prunes at a time; the others skip (the lock is held to the end of its transaction). */
const PRUNE_LOCK = "hashtext('domain_event_retention')";

/**
 * The outbox keeps `days` of events (EVENT_RETENTION_DAYS; 0: all). It is pruned from the oldest cursor
 * on and stops at the first event it must keep, so every event up to the recorded `pruned_through` is gone
 * and every later one is there: a reader resuming from before it is told (EventsPrunedError), not handed
 * a feed with a hole. An event is kept while it is younger than `days`, while an enabled webhook endpoint
 * has not planned it yet, and while an enabled endpoint's delivery of it is in the log (pending ones are
 * still sent; finished ones leave with WEBHOOK_LOG_RETENTION_DAYS). A disabled endpoint's deliveries go
 * with their events. Returns how many events were pruned.
 */
export async function pruneEvents(dataSource: DataSource, days: number): Promise<number> {
  if (days <= 0) return 0;
  let pruned = 0;
  for (let batch = 0; batch < PRUNE_BATCHES; batch++) {
    const removed = await dataSource.transaction(async (manager) => {
      const [{ locked }]: { locked: boolean }[] = await manager.query(
        `SELECT pg_try_advisory_xact_lock(${PRUNE_LOCK}) AS locked`,
      );
      if (!locked) return 0;
      // Looked for first: a DELETE of no rows would still notify every listener (a statement trigger).
      const [range]: { from: string; through: string | null }[] = await manager.query(
        `WITH state AS (SELECT coalesce((SELECT pruned_through FROM domain_event_retention), 0) AS pruned_through),
              oldest AS (
                SELECT e.cursor, e.occurred_at < now() - make_interval(days => $1) AS old,
                       EXISTS (SELECT 1 FROM webhook_delivery q JOIN webhook_endpoint w ON w.id = q.endpoint_id AND w.enabled
                                WHERE q.event_id = e.id) AS held
                  FROM domain_event e, state
                 WHERE e.cursor > state.pruned_through
                 ORDER BY e.cursor LIMIT $2),
              planned AS (SELECT min(cursor) AS upto FROM webhook_endpoint WHERE enabled),
              keep AS (SELECT min(o.cursor) AS first FROM oldest o, planned p
                        WHERE NOT o.old OR o.held OR o.cursor > coalesce(p.upto, o.cursor))
         SELECT (SELECT pruned_through::text FROM state) AS from,
                (SELECT CASE WHEN k.first IS NULL THEN max(o.cursor) ELSE max(o.cursor) FILTER (WHERE o.cursor < k.first) END
                   FROM oldest o, keep k GROUP BY k.first)::text AS through`,
        [days, PRUNE_BATCH],
      );
      if (!range?.through) return 0;
      const [, count]: [unknown, number] = await manager.query(
        `DELETE FROM domain_event WHERE cursor > $1 AND cursor <= $2`,
        [range.from, range.through],
      );
      await manager.query(
        `INSERT INTO domain_event_retention (id, pruned_through, pruned_at) VALUES (true, $1, now())
         ON CONFLICT (id) DO UPDATE SET pruned_through = excluded.pruned_through, pruned_at = excluded.pruned_at`,
        [range.through],
      );
      return count;
    });
    pruned += removed;
    if (removed < PRUNE_BATCH) break;
  }
  return pruned;
}
