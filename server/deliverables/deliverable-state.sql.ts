import type { DeliverableHealth, DeliverableStatus } from '../../entities/deliverable.enums';

/** Days are Dutch days: “asOf” ends at midnight in Amsterdam. */
export const TIME_ZONE = 'Europe/Amsterdam';

/** Days without a status update after which an open deliverable is AT_RISK. */
export const STALE_AFTER_DAYS = 60;

/** Today in Amsterdam, as YYYY-MM-DD: the default `asOf`. */
export function today(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(new Date());
}

/** The computed state of one deliverable on one day. */
export interface DeliverableState {
  id: string;
  status_at: DeliverableStatus;
  overdue: boolean;
  health: DeliverableHealth | null;
  reported_health: DeliverableHealth | null;
  last_update_at: Date | null;
  late_dependency: boolean;
  stale: boolean;
}

function endOfDay(asOf: string): string {
  return `(CAST(${asOf} AS date) + 1)::timestamp AT TIME ZONE '${TIME_ZONE}'`;
}

/**
 * The status a deliverable had at the end of `asOf`: the last change up to then; before its first
 * change, what that change started from; never changed, its current status.
 */
function statusAt(alias: string, asOf: string): string {
  return `COALESCE(
    (SELECT c.to_status FROM deliverable_status_change c
      WHERE c.deliverable_id = ${alias}.id AND c.changed_at < ${endOfDay(asOf)}
      ORDER BY c.changed_at DESC LIMIT 1),
    (SELECT c.from_status FROM deliverable_status_change c
      WHERE c.deliverable_id = ${alias}.id AND c.changed_at >= ${endOfDay(asOf)}
      ORDER BY c.changed_at ASC LIMIT 1),
    ${alias}.status)`;
}

/**
 * One row per deliverable with its state at the end of day `asOf` (an SQL expression, e.g. `$1` or
 * `:asOf`). The health rules, worst first:
 *   - closed (DONE, CANCELLED): no health;
 *   - overdue (the latest due day has passed): OFF_TRACK;
 *   - otherwise the worse of: the last reported health (ON_TRACK when never reported), and
 *     AT_RISK when a dependency is late (overdue or DELAYED) or the last status update (else the
 *     document's statusAsOf, else the creation day) is 60 or more days old.
 * Updates and status changes after `asOf` are ignored, so a past dashboard can be recomputed.
 */
export function deliverableStateSql(asOf: string): string {
  const day = `CAST(${asOf} AS date)`;
  return `
    SELECT d.id,
      st.status_at,
      (d.due_latest IS NOT NULL AND d.due_latest < ${day} AND st.status_at NOT IN ('DONE', 'CANCELLED')) AS overdue,
      CASE
        WHEN st.status_at IN ('DONE', 'CANCELLED') THEN NULL
        WHEN d.due_latest < ${day} THEN CAST('OFF_TRACK' AS deliverable_health)
        ELSE GREATEST(
          COALESCE(lu.health, CAST('ON_TRACK' AS deliverable_health)),
          CASE WHEN dep.late OR fresh.stale THEN CAST('AT_RISK' AS deliverable_health)
               ELSE CAST('ON_TRACK' AS deliverable_health) END)
      END AS health,
      lu.health AS reported_health,
      lu.posted_at AS last_update_at,
      dep.late AS late_dependency,
      fresh.stale
    FROM deliverable d
    CROSS JOIN LATERAL (SELECT ${statusAt('d', asOf)} AS status_at) st
    LEFT JOIN LATERAL (
      SELECT u.health, u.posted_at FROM status_update u
       WHERE u.deliverable_id = d.id AND u.posted_at < ${endOfDay(asOf)}
       ORDER BY u.posted_at DESC LIMIT 1) lu ON true
    CROSS JOIN LATERAL (
      SELECT ${day} - COALESCE(
        CAST(lu.posted_at AT TIME ZONE '${TIME_ZONE}' AS date),
        d.status_as_of,
        CAST(d.created_at AT TIME ZONE '${TIME_ZONE}' AS date)) >= ${STALE_AFTER_DAYS} AS stale) fresh
    CROSS JOIN LATERAL (
      SELECT EXISTS (
        SELECT 1 FROM deliverable_dependency dd
          JOIN deliverable p ON p.id = dd.depends_on_id
          CROSS JOIN LATERAL (SELECT ${statusAt('p', asOf)} AS s) ps
         WHERE dd.deliverable_id = d.id
           AND (ps.s = 'DELAYED' OR (p.due_latest < ${day} AND ps.s NOT IN ('DONE', 'CANCELLED')))
      ) AS late) dep`;
}
