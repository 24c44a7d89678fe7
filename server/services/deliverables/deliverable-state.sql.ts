import type { DeliverableHealth, DeliverableStatus } from '../../../entities/deliverable.enums';
import { TIME_ZONE } from '../../today';

/** Days without a status update after which an open deliverable is AT_RISK. */
export const STALE_AFTER_DAYS = 60;

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
 * The status deliverable `alias` had at the end of `asOf`. After its last change (kept on the row by a
 * trigger) that is its current status, since every change moves the status along; only for a day
 * before it does `deliverable_status_on` read the changes: the last one up to then, else what the
 * first one started from.
 */
function statusAt(alias: string, asOf: string): string {
  const end = endOfDay(asOf);
  return `(CASE WHEN ${alias}.last_status_change_at IS NULL OR ${alias}.last_status_change_at < ${end}
    THEN ${alias}.status ELSE COALESCE(deliverable_status_on(${alias}.id, ${end}), ${alias}.status) END)`;
}

/** A column of the last status update posted before the end of `asOf`: `health` or `posted_at`. */
function lastUpdate(alias: string, asOf: string, column: 'health' | 'posted_at'): string {
  const end = endOfDay(asOf);
  const kept = column === 'health' ? 'last_update_health' : 'last_update_at';
  return `(CASE WHEN ${alias}.last_update_at IS NULL OR ${alias}.last_update_at < ${end}
    THEN ${alias}.${kept} ELSE (deliverable_last_update_before(${alias}.id, ${end})).${column} END)`;
}

/**
 * SQL expressions for the state of deliverable `alias` at the end of day `asOf` (an SQL expression,
 * e.g. `$1` or `:asOf`), one per column of DeliverableState. They read the deliverable's own row
 * (no join), so a query that filters or counts by state stays a scan of deliverables. The health
 * rules, worst first:
 *   - closed (DONE, CANCELLED): no health;
 *   - overdue (the latest due day has passed) or last reported OFF_TRACK: OFF_TRACK;
 *   - last reported AT_RISK, or the last status update (else the document's statusAsOf, else the
 *     creation day) is 60 or more days old, or a dependency is late (overdue or DELAYED): AT_RISK;
 *   - otherwise (also when never reported): ON_TRACK.
 * Updates and status changes after `asOf` are ignored, so a past dashboard can be recomputed.
 */
export function deliverableStateColumns(
  alias: string,
  asOf: string,
): Record<Exclude<keyof DeliverableState, 'id'>, string> {
  const day = `CAST(${asOf} AS date)`;
  const status = statusAt(alias, asOf);
  const reported = lastUpdate(alias, asOf, 'health');
  const lastUpdateAt = lastUpdate(alias, asOf, 'posted_at');
  // "The Dutch day of the instant is 60 or more days before asOf", compared as instants.
  const staleBefore = `(CAST(${day} - ${STALE_AFTER_DAYS - 1} AS timestamp) AT TIME ZONE '${TIME_ZONE}')`;
  const stale = `(CASE WHEN ${lastUpdateAt} IS NOT NULL THEN ${lastUpdateAt} < ${staleBefore}
    WHEN ${alias}.status_as_of IS NOT NULL THEN ${alias}.status_as_of <= ${day} - ${STALE_AFTER_DAYS}
    ELSE ${alias}.created_at < ${staleBefore} END)`;
  // Not correlated: found once per statement and hashed, and the planner's estimate stays small (no JIT).
  const lateDependency = `${alias}.id IN (
    SELECT dd.deliverable_id FROM deliverable_dependency dd JOIN deliverable p ON p.id = dd.depends_on_id
     WHERE ${statusAt('p', asOf)} = 'DELAYED'
        OR (p.due_latest < ${day} AND ${statusAt('p', asOf)} NOT IN ('DONE', 'CANCELLED')))`;
  return {
    status_at: status,
    overdue: `(${alias}.due_latest IS NOT NULL AND ${alias}.due_latest < ${day} AND ${status} NOT IN ('DONE', 'CANCELLED'))`,
    health: `(CASE
      WHEN ${status} IN ('DONE', 'CANCELLED') THEN NULL
      WHEN ${alias}.due_latest < ${day} OR ${reported} = 'OFF_TRACK' THEN CAST('OFF_TRACK' AS deliverable_health)
      WHEN ${reported} = 'AT_RISK' OR ${stale} OR ${lateDependency} THEN CAST('AT_RISK' AS deliverable_health)
      ELSE CAST('ON_TRACK' AS deliverable_health) END)`,
    reported_health: reported,
    last_update_at: lastUpdateAt,
    late_dependency: lateDependency,
    stale,
  };
}

/** One row per deliverable (alias `d`) with its state at the end of day `asOf`; see deliverableStateColumns. */
export function deliverableStateSql(asOf: string): string {
  const columns = Object.entries(deliverableStateColumns('d', asOf)).map(([name, sql]) => `${sql} AS ${name}`);
  return `SELECT d.id, ${columns.join(', ')} FROM deliverable d`;
}
