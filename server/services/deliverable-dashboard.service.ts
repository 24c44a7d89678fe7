import type { DataSource } from 'typeorm';
import { Deliverable } from '../../entities';
import { DeliverableHealth, DeliverableKind, DeliverableStatus } from '../../entities/deliverable.enums';
import type { DatePrecision } from '../../entities/fuzzy-date';
import type { DateConfidence } from '../../entities/deliverable.enums';
import { decodeIdOf } from '../../schema/global-id';
import {
  DashboardGroupBy,
  type DeliverableFilter,
  type MilestoneTimelineFilter,
} from '../../schema/inputs/deliverable.input';
import { applyDeliverableFilter, asOfOrToday } from '../deliverables/deliverable-query';
import { deliverableStateSql } from '../deliverables/deliverable-state.sql';
import type { Loaders } from '../loaders';

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
  overdue: boolean;
}

const GROUP_COLUMN: Record<DashboardGroupBy, string> = {
  PROGRAMME: 'd.programme_id',
  WORKSTREAM: 'd.workstream_id',
  PARTY: 'grp.party_id',
  SECTOR: 'grp.sector_id',
};

const OPEN = `state.status_at NOT IN ('DONE', 'CANCELLED')`;

/** Roll-ups and the milestone timeline, each one SQL statement whatever the number of rows. */
export class DeliverableDashboardService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly loaders: Loaders,
  ) {}

  /**
   * Counts per group plus the totals (GROUPING SETS), counting each deliverable once per group.
   * Health counts cover open deliverables; closed ones (DONE, CANCELLED) have no health.
   */
  async dashboard(
    groupBy: DashboardGroupBy,
    asOfArg: string | null | undefined,
    filter: DeliverableFilter | null | undefined,
  ): Promise<DashboardResult> {
    const asOf = asOfOrToday(asOfArg);
    const query = applyDeliverableFilter(this.dataSource.createQueryBuilder().from(Deliverable, 'd'), filter, asOf);
    if (groupBy === DashboardGroupBy.PARTY) query.leftJoin('deliverable_owner', 'grp', 'grp.deliverable_id = d.id');
    if (groupBy === DashboardGroupBy.SECTOR) query.leftJoin('deliverable_sector', 'grp', 'grp.deliverable_id = d.id');
    const column = GROUP_COLUMN[groupBy];
    const count = (condition?: string) => `count(DISTINCT d.id)${condition ? ` FILTER (WHERE ${condition})` : ''}`;
    query
      .select(`${column}`, 'group_id')
      .addSelect(`GROUPING(${column})`, 'is_total')
      .addSelect(count(), 'total')
      .addSelect(count(`${OPEN} AND state.overdue`), 'overdue')
      .addSelect(
        count(`${OPEN} AND d.due_latest >= CAST(:asOf AS date) AND d.due_latest <= CAST(:asOf AS date) + 90`),
        'due_soon',
      );
    for (const status of Object.values(DeliverableStatus))
      query.addSelect(count(`state.status_at = '${status}'`), `status_${status}`);
    for (const health of Object.values(DeliverableHealth))
      query.addSelect(count(`state.health = '${health}'`), `health_${health}`);
    query.groupBy(`GROUPING SETS ((${column}), ())`);
    const rows: Record<string, string | number | null>[] = await query.getRawMany();

    const counts = (row: Record<string, string | number | null>): DashboardCounts => ({
      total: Number(row.total),
      overdue: Number(row.overdue),
      dueNext90Days: Number(row.due_soon),
      byStatus: Object.values(DeliverableStatus).map((status) => ({ status, count: Number(row[`status_${status}`]) })),
      byHealth: Object.values(DeliverableHealth).map((health) => ({ health, count: Number(row[`health_${health}`]) })),
    });
    const totalRow = rows.find((r) => Number(r.is_total) === 1);
    const groups = rows
      .filter((r) => Number(r.is_total) === 0)
      .map((r) => ({ groupBy, groupId: (r.group_id as string | null) ?? null, counts: counts(r) }));
    await this.sortByName(groups);
    return {
      asOf,
      groupBy,
      totals: totalRow ? counts(totalRow) : counts({ total: 0, overdue: 0, due_soon: 0 }),
      groups,
    };
  }

  /** Groups by the name of what they group by (one batched load), the group without one last. */
  private async sortByName(groups: DashboardGroupRow[]): Promise<void> {
    const names = new Map<string, string>();
    const ids = groups.map((g) => g.groupId).filter((id): id is string => id !== null);
    if (ids.length) {
      const groupBy = groups[0]!.groupBy;
      const loader = {
        PROGRAMME: this.loaders.programmeById,
        WORKSTREAM: this.loaders.workstreamById,
        PARTY: this.loaders.partyById,
        SECTOR: this.loaders.sectorById,
      }[groupBy];
      const loaded = await loader.loadMany(ids);
      loaded.forEach((item, i) => {
        if (item && !(item instanceof Error)) names.set(ids[i]!, 'name' in item ? item.name : item.nameNl);
      });
    }
    groups.sort((a, b) => {
      if (a.groupId === null || b.groupId === null) return a.groupId === null ? 1 : -1;
      return (names.get(a.groupId) ?? '').localeCompare(names.get(b.groupId) ?? '', 'nl');
    });
  }

  /**
   * Dated milestones in due order: the checkpoints inside deliverables and the deliverables that are
   * themselves milestones or decisions (cancelled ones left out). One statement.
   */
  async timeline(
    filter: MilestoneTimelineFilter | null | undefined,
    asOfArg: string | null | undefined,
  ): Promise<TimelineRow[]> {
    const asOf = asOfOrToday(asOfArg);
    const params: unknown[] = [asOf];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const conditions: string[] = [];
    if (filter?.programmeId)
      conditions.push(`d.programme_id = ${param(decodeIdOf('Programme', filter.programmeId, 'filter.programmeId'))}`);
    if (filter?.partyId) {
      const p = param(decodeIdOf('Party', filter.partyId, 'filter.partyId'));
      conditions.push(`(EXISTS (SELECT 1 FROM deliverable_owner o WHERE o.deliverable_id = d.id AND o.party_id = ${p})
        OR EXISTS (SELECT 1 FROM deliverable_contributor c WHERE c.deliverable_id = d.id AND c.party_id = ${p}))`);
    }
    const where = conditions.length ? `AND ${conditions.join(' AND ')}` : '';
    const window: string[] = [];
    if (filter?.from) window.push(`t.due_latest >= ${param(filter.from)}`);
    if (filter?.to) window.push(`t.due_earliest <= ${param(filter.to)}`);
    if (filter?.includeDone === false) window.push('NOT t.done');
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT * FROM (
         SELECT 'CHECKPOINT' AS kind, m.id AS milestone_id, m.deliverable_id, m.title,
                m.due_label, CAST(m.due_earliest AS text) AS due_earliest, CAST(m.due_latest AS text) AS due_latest,
                m.due_precision, m.confidence,
                (m.completed_at IS NOT NULL AND CAST(m.completed_at AT TIME ZONE 'Europe/Amsterdam' AS date) <= CAST($1 AS date)) AS done
           FROM milestone m JOIN deliverable d ON d.id = m.deliverable_id
          WHERE m.due_latest IS NOT NULL ${where}
         UNION ALL
         SELECT CAST(d.kind AS text), NULL, d.id, d.title,
                d.due_label, CAST(d.due_earliest AS text), CAST(d.due_latest AS text), d.due_precision, d.confidence,
                state.status_at = 'DONE'
           FROM deliverable d JOIN (${deliverableStateSql('$1')}) state ON state.id = d.id
          WHERE d.kind IN ('MILESTONE', 'DECISION') AND d.due_latest IS NOT NULL
            AND state.status_at <> 'CANCELLED' ${where}
       ) t
       WHERE true ${window.map((w) => `AND ${w}`).join(' ')}
       ORDER BY t.due_latest, t.due_earliest, t.title, t.deliverable_id, t.milestone_id NULLS FIRST`,
      params,
    );
    return rows.map((r) => ({
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
      overdue: !r.done && (r.due_latest as string) < asOf,
    }));
  }
}
