import type { DataSource } from 'typeorm';
import type { Party, Programme, Sector, Workstream } from '../../../entities';
import { DeliverableHealth, DeliverableKind, DeliverableStatus } from '../../../entities/deliverable.enums';
import type { DatePrecision } from '../../../entities/fuzzy-date';
import type { DateConfidence } from '../../../entities/deliverable.enums';
import { decodeIdListOf, isUuid } from '../../../schema/global-id';
import { ACCOUNTABLE_PARTIES_SQL, involvedInSql } from '../../auth/deliverables.access';
import {
  DashboardGroupBy,
  type DeliverableFilter,
  type MilestoneTimelineFilter,
} from '../../../schema/inputs/deliverable.input';
import { asOfOrToday, deliverableFilterConditions } from './deliverable-query';
import { deliverableStateColumns } from './deliverable-state.sql';
import type { Loaders } from '../../loaders';
import { dutchOrder } from '../../loaders/order';
import type { Connection } from '../../../schema/connection';
import { decodeCursor, encodeCursor, pageSize, readPage, type PageArgs } from '../../shared/pagination';
import { BadUserInputError } from '../../errors';
import { readRows } from '../../db/data-source';

export interface DashboardCounts {
  total: number;
  byStatus: { status: DeliverableStatus; count: number }[];
  byHealth: { health: DeliverableHealth; count: number }[];
  overdue: number;
  dueNext90Days: number;
}

export interface DashboardGroupRow {
  groupBy: DashboardGroupBy;
  groupId: string | null;
  /** What the group is, loaded with the others in one batch; null for the group without one. */
  item: Programme | Workstream | Party | Sector | null;
  counts: DashboardCounts;
}

export interface DashboardResult {
  asOf: string;
  groupBy: DashboardGroupBy;
  totals: DashboardCounts;
  groups: DashboardGroupRow[];
}

export interface TimelineRow {
  kind: 'CHECKPOINT' | DeliverableKind;
  milestoneId: string | null;
  deliverableId: string;
  title: string;
  due: { label: string | null; earliest: string; latest: string; precision: DatePrecision | null };
  confidence: DateConfidence;
  done: boolean;
  /** A checkpoint left unreached in a deliverable that was DONE on the day. */
  closed: boolean;
  overdue: boolean;
  /** The day the timeline was asked for: its deliverable and checkpoint are shown on that day too. */
  asOfContext: string;
}

/** What the groups join and group by; PROGRAMME and WORKSTREAM are columns of the deliverable. */
const GROUPS: Record<DashboardGroupBy, { join?: string; column: string }> = {
  PROGRAMME: { column: 's.group_id' },
  WORKSTREAM: { column: 's.group_id' },
  // Named owners, the lead party and every party of an owning kind (group owners report too).
  PARTY: { join: `LEFT JOIN LATERAL (${ACCOUNTABLE_PARTIES_SQL}) grp ON true`, column: 'grp.party_id' },
  SECTOR: { join: 'LEFT JOIN deliverable_sector grp ON grp.deliverable_id = s.id', column: 'grp.sector_id' },
};

const STATUS_COLUMNS = Object.values(DeliverableStatus).map((status) => ({ status, column: `status_${status}` }));
const HEALTH_COLUMNS = Object.values(DeliverableHealth).map((health) => ({ health, column: `health_${health}` }));

// int (not bigint) counts, so they arrive as numbers.
const COUNTS = [
  'count(*)::int AS total',
  'count(*) FILTER (WHERE s.overdue)::int AS overdue',
  'count(*) FILTER (WHERE s.due_soon)::int AS due_soon',
  ...STATUS_COLUMNS.map(
    ({ status, column }) => `count(*) FILTER (WHERE s.status_at = '${status}')::int AS "${column}"`,
  ),
  ...HEALTH_COLUMNS.map(({ health, column }) => `count(*) FILTER (WHERE s.health = '${health}')::int AS "${column}"`),
].join(', ');

type CountsRow = Record<string, number | string | boolean | null>;

function countsOf(row: CountsRow): DashboardCounts {
  return {
    total: row.total as number,
    overdue: row.overdue as number,
    dueNext90Days: row.due_soon as number,
    byStatus: STATUS_COLUMNS.map(({ status, column }) => ({ status, count: row[column] as number })),
    byHealth: HEALTH_COLUMNS.map(({ health, column }) => ({ health, count: row[column] as number })),
  };
}

/** Roll-ups and the milestone timeline, each one SQL statement whatever the number of rows. */
export class DeliverableDashboardService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly loaders: Loaders,
  ) {}

  /**
   * Counts per group plus the totals, in one statement. The state of each matching deliverable is
   * computed once (the CTE); a deliverable is counted once in each of its groups and once in the
   * totals. Health counts cover open deliverables; closed ones (DONE, CANCELLED) have no health.
   */
  async dashboard(
    groupBy: DashboardGroupBy,
    asOfArg: string | null | undefined,
    filter: DeliverableFilter | null | undefined,
  ): Promise<DashboardResult> {
    const asOf = asOfOrToday(asOfArg);
    const params: unknown[] = [asOf];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const state = deliverableStateColumns('d', '$1');
    const conditions = deliverableFilterConditions(filter, '$1', param);
    const { join = '', column } = GROUPS[groupBy];
    // Prepared: planning this statement took about as long as running it. Its text depends on the grouping
    // and which filters are given, never on their values.
    const rows = await readRows<CountsRow>(
      this.dataSource,
      `WITH s AS MATERIALIZED (
         SELECT d.id, d.lead_party_id, d.owner_party_kinds, ${groupBy === DashboardGroupBy.WORKSTREAM ? 'd.workstream_id' : 'd.programme_id'} AS group_id,
                ${state.status_at} AS status_at, ${state.overdue} AS overdue, ${state.health} AS health,
                ${state.status_at} NOT IN ('DONE', 'CANCELLED')
                  AND d.due_latest >= CAST($1 AS date) AND d.due_latest <= CAST($1 AS date) + 90 AS due_soon
           FROM deliverable d ${conditions.length ? `WHERE ${conditions.join(' AND ')}` : ''})
       SELECT ${column} AS group_id, false AS is_total, ${COUNTS} FROM s ${join} GROUP BY ${column}
       UNION ALL
       SELECT NULL, true, ${COUNTS} FROM s`,
      params,
    );
    const totals = rows.find((r) => r.is_total === true)!;
    const groups = rows
      .filter((r) => r.is_total === false)
      .map((r) => ({ groupBy, groupId: (r.group_id as string | null) ?? null, item: null, counts: countsOf(r) }));
    await this.loadAndSortByName(groupBy, groups);
    return { asOf, groupBy, totals: countsOf(totals), groups };
  }

  /** Loads what the groups are (one batch) and sorts them by its name, the group without one last. */
  private async loadAndSortByName(groupBy: DashboardGroupBy, groups: DashboardGroupRow[]): Promise<void> {
    const loader = {
      PROGRAMME: this.loaders.programmeById,
      WORKSTREAM: this.loaders.workstreamById,
      PARTY: this.loaders.partyById,
      SECTOR: this.loaders.sectorById,
    }[groupBy];
    const named = groups.filter((g) => g.groupId !== null);
    const loaded = await loader.loadMany(named.map((g) => g.groupId!));
    const names = new Map<DashboardGroupRow, string>();
    named.forEach((group, i) => {
      const item = loaded[i];
      if (!item || item instanceof Error) return;
      group.item = item;
      names.set(group, 'name' in item ? item.name : item.nameNl);
    });
    groups.sort((a, b) => {
      if (a.groupId === null || b.groupId === null) return a.groupId === null ? 1 : -1;
      return dutchOrder(names.get(a) ?? '', names.get(b) ?? '');
    });
  }

  /**
   * Dated milestones in due order, one page at a time: the checkpoints inside deliverables and the
   * deliverables that are themselves milestones or decisions. What a cancelled deliverable holds is left
   * out, and a checkpoint left open in a DONE one is not overdue: nobody will reach it. One statement
   * for the page and its total (a second only for a page past the end); never the whole timeline.
   */
  async timeline(
    filter: MilestoneTimelineFilter | null | undefined,
    asOfArg: string | null | undefined,
    page: PageArgs,
    maxPageSize: number,
  ): Promise<Connection<TimelineRow>> {
    const first = pageSize(page.first, maxPageSize);
    const asOf = asOfOrToday(asOfArg);
    const params: unknown[] = [asOf];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const conditions: string[] = [];
    const programmeIds = decodeIdListOf('Programme', filter, 'programmeIds', 'programmeId');
    if (programmeIds) conditions.push(`d.programme_id = ANY(${param(programmeIds)}::uuid[])`);
    const partyIds = decodeIdListOf('Party', filter, 'partyIds', 'partyId');
    if (partyIds) {
      const p = param(partyIds);
      conditions.push(involvedInSql('d', `${p}::uuid[]`));
    }
    const where = conditions.length ? `AND ${conditions.join(' AND ')}` : '';
    const window: string[] = [];
    if (filter?.from) window.push(`t.due_latest >= ${param(filter.from)}`);
    if (filter?.to) window.push(`t.due_earliest <= ${param(filter.to)}`);
    if (filter?.includeDone === false) window.push('NOT t.done AND NOT t.closed');
    const statusAt = deliverableStateColumns('d', '$1').status_at;
    const entries = `SELECT * FROM (
         SELECT 'CHECKPOINT' AS kind, m.id AS milestone_id, m.deliverable_id, m.title,
                m.due_label, CAST(m.due_earliest AS text) AS due_earliest, CAST(m.due_latest AS text) AS due_latest,
                m.due_precision, m.confidence,
                (m.completed_at IS NOT NULL AND CAST(m.completed_at AT TIME ZONE 'Europe/Amsterdam' AS date) <= CAST($1 AS date)) AS done,
                state.status_at = 'DONE' AS closed, m.due_latest AS sort_latest, m.due_earliest AS sort_earliest
           FROM milestone m JOIN deliverable d ON d.id = m.deliverable_id
          CROSS JOIN LATERAL (SELECT ${statusAt} AS status_at) state
          WHERE m.due_latest IS NOT NULL AND state.status_at <> 'CANCELLED' ${where}
         UNION ALL
         SELECT CAST(d.kind AS text), NULL, d.id, d.title,
                d.due_label, CAST(d.due_earliest AS text), CAST(d.due_latest AS text), d.due_precision, d.confidence,
                state.status_at = 'DONE', false, d.due_latest, d.due_earliest
           FROM deliverable d CROSS JOIN LATERAL (SELECT ${statusAt} AS status_at) state
          WHERE d.kind IN ('MILESTONE', 'DECISION') AND d.due_latest IS NOT NULL
            AND state.status_at <> 'CANCELLED' ${where}
       ) t
       WHERE true ${window.map((w) => `AND ${w}`).join(' ')}`;
    // The sort keys, none of them null, so a cursor is one row comparison (keyset pagination).
    const keys = `t.sort_latest, coalesce(t.sort_earliest, t.sort_latest), t.title, t.deliverable_id, coalesce(CAST(t.milestone_id AS text), '')`;
    let after = '';
    if (page.after) {
      const values = decodeCursor(page.after, 5);
      // The milestone id is compared as text (no cast would catch a forged one); the rest are cast below.
      const milestoneId = values[4];
      if (!values.every((v) => typeof v === 'string') || (milestoneId !== '' && !isUuid(milestoneId as string)))
        throw new BadUserInputError('"after" is not a cursor this list returned.', 'after');
      after = `AND (${keys}) > (CAST(${param(values[0])} AS date), CAST(${param(values[1])} AS date), ${param(values[2])}, CAST(${param(values[3])} AS uuid), ${param(values[4])})`;
    }
    // A forged day or id in the cursor fails its cast: readPage answers that as the client's error.
    const rows: Record<string, unknown>[] = await readPage(page.after, () =>
      this.dataSource.query(
        `SELECT * FROM (SELECT t.*, count(*) OVER ()::int AS total_count FROM (${entries}) t) t
          WHERE true ${after} ORDER BY ${keys} LIMIT ${param(first + 1)}`,
        params,
      ),
    );
    let totalCount = (rows[0]?.total_count as number | undefined) ?? 0;
    if (rows.length === 0 && page.after) {
      const [count] = await this.dataSource.query(
        `SELECT count(*)::int AS n FROM (${entries}) t`,
        params.slice(0, params.length - 6),
      );
      totalCount = count.n as number;
    }
    const nodes = rows.slice(0, first).map((r) => ({
      kind: r.kind as TimelineRow['kind'],
      milestoneId: r.milestone_id as string | null,
      deliverableId: r.deliverable_id as string,
      title: r.title as string,
      due: {
        label: r.due_label as string | null,
        earliest: r.due_earliest as string,
        latest: r.due_latest as string,
        precision: r.due_precision as DatePrecision | null,
      },
      confidence: r.confidence as DateConfidence,
      done: r.done as boolean,
      closed: !r.done && (r.closed as boolean),
      overdue: !r.done && !r.closed && (r.due_latest as string) < asOf,
      asOfContext: asOf,
    }));
    const edges = nodes.map((node) => ({
      node,
      cursor: encodeCursor([
        node.due.latest,
        node.due.earliest ?? node.due.latest,
        node.title,
        node.deliverableId,
        node.milestoneId ?? '',
      ]),
    }));
    return {
      edges,
      nodes,
      totalCount,
      pageInfo: {
        hasNextPage: rows.length > first,
        hasPreviousPage: Boolean(page.after),
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges.at(-1)?.cursor ?? null,
      },
    };
  }
}
