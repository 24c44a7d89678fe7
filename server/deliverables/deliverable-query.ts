import type { SelectQueryBuilder } from 'typeorm';
import { DatePrecision, type FuzzyDate, type FuzzyDateInput } from '../../entities/fuzzy-date';
import { decodeIdOf } from '../../schema/global-id';
import type { DeliverableFilter } from '../../schema/inputs/deliverable.input';
import { BadUserInputError } from '../errors';
import { deliverableStateColumns, today } from './deliverable-state.sql';
import { DutchDateParseError, parseDutchDate } from './dutch-date.parser';

export function asOfOrToday(asOf?: string | null): string {
  return asOf ?? today();
}

/**
 * Applies the filter to deliverable alias `d`, conditions on its state (status, health, overdue) on
 * `:asOf` included. Conditions on owners and sectors are EXISTS subqueries, so a list stays one
 * statement.
 */
export function applyDeliverableFilter<T extends object>(
  query: SelectQueryBuilder<T>,
  filter: DeliverableFilter | null | undefined,
  asOf: string,
): SelectQueryBuilder<T> {
  query.setParameter('asOf', asOf);
  const state = deliverableStateColumns('d', ':asOf');
  if (filter?.programmeId)
    query.andWhere('d.programme_id = :programmeId', {
      programmeId: decodeIdOf('Programme', filter.programmeId, 'filter.programmeId'),
    });
  if (filter?.workstreamId)
    query.andWhere('d.workstream_id = :workstreamId', {
      workstreamId: decodeIdOf('Workstream', filter.workstreamId, 'filter.workstreamId'),
    });
  if (filter?.ownerPartyId)
    query.andWhere(
      'EXISTS (SELECT 1 FROM deliverable_owner fo WHERE fo.deliverable_id = d.id AND fo.party_id = :ownerPartyId)',
      { ownerPartyId: decodeIdOf('Party', filter.ownerPartyId, 'filter.ownerPartyId') },
    );
  if (filter?.sectorId)
    query.andWhere(
      'EXISTS (SELECT 1 FROM deliverable_sector fs WHERE fs.deliverable_id = d.id AND fs.sector_id = :sectorId)',
      { sectorId: decodeIdOf('Sector', filter.sectorId, 'filter.sectorId') },
    );
  if (filter?.kind) query.andWhere('d.kind = :kind', { kind: filter.kind });
  if (filter?.status) query.andWhere(`${state.status_at} = :status`, { status: filter.status });
  if (filter?.health) query.andWhere(`${state.health} = :health`, { health: filter.health });
  if (filter?.dueBefore) query.andWhere('d.due_latest <= :dueBefore', { dueBefore: filter.dueBefore });
  if (filter?.dueAfter) query.andWhere('d.due_latest >= :dueAfter', { dueAfter: filter.dueAfter });
  if (filter?.overdue != null) query.andWhere(`${state.overdue} = :overdue`, { overdue: filter.overdue });
  return query;
}

type FuzzyDateValue = Pick<FuzzyDate, 'label' | 'earliest' | 'latest' | 'precision'>;

export const NO_DATE: FuzzyDateValue = { label: null, earliest: null, latest: null, precision: null };

/**
 * A date from an input: the explicit span when given, else the label read as Dutch words (deadlines
 * counted from `referenceDate`), else undefined (not given). An unreadable label is BAD_USER_INPUT.
 */
export function dateFromInput(
  span: FuzzyDateInput | null | undefined,
  label: string | null | undefined,
  field: string,
  referenceDate: string,
): FuzzyDateValue | undefined {
  if (span) {
    if (span.earliest > span.latest)
      throw new BadUserInputError(`"${field}.earliest" must not be after "${field}.latest".`, `${field}.earliest`);
    return {
      label: span.label?.trim() || null,
      earliest: span.earliest,
      latest: span.latest,
      precision: span.precision ?? DatePrecision.RANGE,
    };
  }
  if (label === undefined || label === null) return undefined;
  try {
    return parseDutchDate(label, referenceDate);
  } catch (error) {
    if (error instanceof DutchDateParseError)
      throw new BadUserInputError(
        `${error.message} Write e.g. “Q3 2025”, “medio 2026”, “zomer 2025”, “uiterlijk begin 2026” or “1 juli 2025”, or send the span.`,
        `${field}Label`,
      );
    throw error;
  }
}

/** A lowercase-kebab key from a title, with a short random suffix so it stays unique. */
export function keyFrom(text: string): string {
  const slug = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${slug || 'item'}-${Math.random().toString(36).slice(2, 8)}`;
}
