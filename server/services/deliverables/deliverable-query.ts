import type { SelectQueryBuilder } from 'typeorm';
import { accountableToSql } from '../../auth/deliverables.access';
import { decodeIdOf, decodeIdListOf } from '../../../schema/global-id';
import type { DeliverableFilter } from '../../../schema/inputs/deliverable.input';
import { today } from '../../today';
import { deliverableStateColumns } from './deliverable-state.sql';

export function asOfOrToday(asOf?: string | null): string {
  return asOf ?? today();
}

/**
 * The day a row's dated fields answer for: the field's own `asOf`, else the day the list it came from was
 * read for (`asOfContext`), else today.
 */
export function dayFor(row: { asOfContext?: string }, asOf?: string | null): string {
  return asOfOrToday(asOf ?? row.asOfContext);
}

/**
 * The filter as SQL conditions on deliverable alias `d`, conditions on its state (status, health,
 * overdue) at the end of `asOf` (an SQL expression) included; `param` turns a value into a
 * placeholder. Conditions on owners and sectors are EXISTS subqueries, so a list stays one statement.
 */
export function deliverableFilterConditions(
  filter: DeliverableFilter | null | undefined,
  asOf: string,
  param: (value: unknown) => string,
): string[] {
  const conditions: string[] = [];
  if (!filter) return conditions;
  const state = deliverableStateColumns('d', asOf);
  const programmeIds = decodeIdListOf('Programme', filter, 'programmeIds', 'programmeId');
  if (programmeIds) conditions.push(`d.programme_id = ANY(${param(programmeIds)}::uuid[])`);
  if (filter.workstreamId)
    conditions.push(`d.workstream_id = ${param(decodeIdOf('Workstream', filter.workstreamId, 'filter.workstreamId'))}`);
  const ownerPartyIds = decodeIdListOf('Party', filter, 'ownerPartyIds', 'ownerPartyId');
  if (ownerPartyIds) {
    // Named owners, the lead and the parties of an owning kind: what each party's dashboard group counts.
    conditions.push(accountableToSql('d', `${param(ownerPartyIds)}::uuid[]`));
  }
  const sectorIds = decodeIdListOf('Sector', filter, 'sectorIds', 'sectorId');
  if (sectorIds) {
    const sectors = param(sectorIds);
    conditions.push(
      `EXISTS (SELECT 1 FROM deliverable_sector fs WHERE fs.deliverable_id = d.id AND fs.sector_id = ANY(${sectors}::uuid[]))`,
    );
  }
  if (filter.kind) conditions.push(`d.kind = ${param(filter.kind)}`);
  if (filter.status) conditions.push(`${state.status_at} = ${param(filter.status)}`);
  if (filter.health) conditions.push(`${state.health} = ${param(filter.health)}`);
  if (filter.dueBefore) conditions.push(`d.due_latest <= ${param(filter.dueBefore)}`);
  if (filter.dueAfter) conditions.push(`d.due_latest >= ${param(filter.dueAfter)}`);
  if (filter.overdue != null) conditions.push(`${state.overdue} = ${param(filter.overdue)}`);
  if (filter.open != null) conditions.push(`(${state.status_at} NOT IN ('DONE', 'CANCELLED')) = ${param(filter.open)}`);
  return conditions;
}

/** Applies the filter (deliverableFilterConditions) to a query builder on deliverable alias `d`. */
export function applyDeliverableFilter<T extends object>(
  query: SelectQueryBuilder<T>,
  filter: DeliverableFilter | null | undefined,
  asOf: string,
): SelectQueryBuilder<T> {
  const params: Record<string, unknown> = { asOf };
  const param = (value: unknown) => {
    const name = `filter${Object.keys(params).length}`;
    params[name] = value;
    return `:${name}`;
  };
  for (const condition of deliverableFilterConditions(filter, ':asOf', param)) query.andWhere(condition);
  return query.setParameters(params);
}
