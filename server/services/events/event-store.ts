import type { DataSource, EntityManager } from 'typeorm';
import { DomainEvent } from '../../../entities/domain-event.entity';
import type { EventType } from '../../../entities/domain-event.enums';
import { decodeGlobalId, decodeIdOf } from '../../../schema/global-id';
import { invitationsReadAsInvitee, type ReadScope } from '../../auth/synergy.access';
import { BadUserInputError, EventsPrunedError } from '../../errors';

/** A filter with ids decoded; what every reader of the outbox narrows by. */
export interface EventSelection {
  types?: EventType[] | null;
  sectorIds?: string[] | null;
  partyIds?: string[] | null;
  /**
   * Of `partyIds`, those whose invitations the reader may learn of (`invitationsReadAsInvitee`): for them the
   * filter also matches the events they were told of without being named (`invitedPartyIds`, an invitation to
   * co-own the guideline). Nobody else's filter does, so filtering by a party never tells that it is invited.
   */
  ownPartyIds?: string[] | null;
  subjectIds?: string[] | null;
}

/**
 * Decodes a client's EventFilter once (BAD_USER_INPUT naming the field for a wrong id); `readScope` is the
 * reader's `SynergyAccess.readScope()`, which the invitation rule reads (a subscription is ended when its
 * memberships or the grants change, so it holds for the subscription's life).
 */
export function eventSelection(
  filter:
    | {
        types?: EventType[] | null;
        sectorIds?: string[] | null;
        partyIds?: string[] | null;
        subjectIds?: string[] | null;
      }
    | null
    | undefined,
  readScope: ReadScope,
  prefix = 'filter',
): EventSelection {
  // Subscriptions pass their arguments unvalidated (class-validator runs for resolvers only): bound them here.
  for (const [field, max] of [
    ['types', 50],
    ['sectorIds', 20],
    ['partyIds', 20],
    ['subjectIds', 100],
  ] as const) {
    const given = filter?.[field];
    if ((given?.length ?? 0) > max)
      throw new BadUserInputError(`"${prefix}.${field}" takes at most ${max} values.`, `${prefix}.${field}`);
    // "Only these" with none would match nothing; leaving the condition out is what such a client means.
    if (given && given.length === 0)
      throw new BadUserInputError(
        `"${prefix}.${field}" is empty: give at least one value, or leave it out to include all.`,
        `${prefix}.${field}`,
      );
  }
  const partyIds = filter?.partyIds?.map((id, i) => decodeIdOf('Party', id, `${prefix}.partyIds.${i}`)) ?? null;
  const own = partyIds ? invitationsReadAsInvitee(readScope, partyIds) : [];
  return {
    types: filter?.types ?? null,
    sectorIds: filter?.sectorIds?.map((id, i) => decodeIdOf('Sector', id, `${prefix}.sectorIds.${i}`)) ?? null,
    partyIds,
    ownPartyIds: own.length > 0 ? own : null,
    subjectIds: filter?.subjectIds?.map((id, i) => decodeGlobalId(id, `${prefix}.subjectIds.${i}`).id) ?? null,
  };
}

/** Whether an event passes a selection; the same rules as the SQL below, for events already read. */
export function matches(event: DomainEvent, selection: EventSelection): boolean {
  if (selection.types && !selection.types.includes(event.type)) return false;
  if (selection.sectorIds && !event.sectorIds.some((id) => selection.sectorIds!.includes(id))) return false;
  if (
    selection.partyIds &&
    !event.partyIds.some((id) => selection.partyIds!.includes(id)) &&
    !(selection.ownPartyIds && event.invitedPartyIds.some((id) => selection.ownPartyIds!.includes(id)))
  )
    return false;
  if (selection.subjectIds && !selection.subjectIds.includes(event.subjectId)) return false;
  return true;
}

const CURSOR = /^(0|[1-9][0-9]{0,17})$/;

/** A client's `after`: an event cursor (digits), or BAD_USER_INPUT. */
export function parseEventCursor(after: string | null | undefined, field = 'after'): string {
  if (after === null || after === undefined || after === '') return '0';
  if (!CURSOR.test(after)) throw new BadUserInputError(`"${field}" is not an event cursor this API returned.`, field);
  return after;
}

/** The SQL conditions of a selection on outbox row `row`, but the one `leaving` names (which the caller applies). */
function conditions(row: string, selection: EventSelection, leaving: 'types' | 'partyIds' | null): string[] {
  const sql: string[] = [];
  if (selection.types && leaving !== 'types') sql.push(`${row}.type IN (:...types)`);
  if (selection.sectorIds) sql.push(`${row}.sector_ids && :sectorIds::uuid[]`);
  // The invitees' condition states the partial GIN index's predicate (almost every event has none), so it is used.
  if (selection.partyIds && leaving !== 'partyIds')
    sql.push(
      selection.ownPartyIds
        ? `(${row}.party_ids && :partyIds::uuid[] OR (${row}.invited_party_ids <> '{}' AND ${row}.invited_party_ids && :ownPartyIds::uuid[]))`
        : `${row}.party_ids && :partyIds::uuid[]`,
    );
  if (selection.subjectIds) sql.push(`${row}.subject_id IN (:...subjectIds)`);
  return sql;
}

/**
 * The cursors of the first `limit` events after `after` (up to `upTo`) that pass `selection`, read in cursor order
 * from a key, so a page costs about `limit` index entries per party or type named, however many or few events
 * they have and wherever those lie. Without it PostgreSQL walks the cursor index until enough events match, which
 * reads most of the outbox for a party whose events are few or all far from `after` (it expects them spread
 * evenly, as often as they are overall). A party filter reads `domain_event_party` (migration EventsByParty), the
 * other conditions on each of the party's events; types alone read the (type, cursor) index. Null where the
 * plain cursor order serves: a subject's few events are found by their index, and sectors (each on a large share
 * of the events) match within a few rows of the cursor. With sectors, types keep that shape too: the planner
 * weighs each named type by how common it is, which a read per type from a list cannot tell it.
 */
function keyedCursors(selection: EventSelection, upTo: string | undefined): string | null {
  if (selection.subjectIds) return null;
  const range = (column: string) => `${column} > :after${upTo === undefined ? '' : ` AND ${column} <= :upTo`}`;
  if (selection.partyIds) {
    const rest = conditions('f', selection, 'partyIds');
    // A party is told of some events without being named (invitees): those match only the reader's own parties.
    const told = selection.ownPartyIds ? '(NOT dp.invited OR p.id = ANY(:ownPartyIds::uuid[]))' : 'NOT dp.invited';
    return `SELECT DISTINCT k.cursor FROM unnest(:partyIds::uuid[]) AS p(id)
      CROSS JOIN LATERAL (
        SELECT dp.cursor FROM domain_event_party dp${rest.length > 0 ? ' JOIN domain_event f ON f.cursor = dp.cursor' : ''}
         WHERE dp.party_id = p.id AND ${range('dp.cursor')} AND ${[told, ...rest].join(' AND ')}
         ORDER BY dp.cursor LIMIT :limit) k
      ORDER BY k.cursor LIMIT :limit`;
  }
  if (selection.types && !selection.sectorIds)
    return `SELECT DISTINCT k.cursor FROM unnest(:types::text[]) AS t(type)
      CROSS JOIN LATERAL (
        SELECT f.cursor FROM domain_event f WHERE f.type = t.type AND ${range('f.cursor')}
         ORDER BY f.cursor LIMIT :limit) k
      ORDER BY k.cursor LIMIT :limit`;
  return null;
}

/**
 * Committed events after `after`, in cursor order. Cursors are given at commit in commit order, so what
 * this returns never has a gap a later read could fill.
 */
export async function readEvents(
  db: DataSource | EntityManager,
  after: string,
  selection: EventSelection,
  limit: number,
  upTo?: string,
): Promise<DomainEvent[]> {
  const query = db
    .getRepository(DomainEvent)
    .createQueryBuilder('e')
    .orderBy('e.cursor', 'ASC')
    .limit(limit)
    .setParameters({ ...selection, after, upTo, limit });
  const keyed = keyedCursors(selection, upTo);
  if (keyed) return query.where(`e.cursor IN (${keyed})`).getMany();
  query.where('e.cursor > :after');
  if (upTo !== undefined) query.andWhere('e.cursor <= :upTo');
  for (const condition of conditions('e', selection, null)) query.andWhere(condition);
  return query.getMany();
}

/** The newest cursor committed so far ('0' for an empty outbox). */
export async function latestCursor(db: DataSource | EntityManager): Promise<string> {
  const [row]: { cursor: string | null }[] = await db.query('SELECT max(cursor)::text AS cursor FROM domain_event');
  return row?.cursor ?? '0';
}

/**
 * Refuses to go on reading from `from` when events after it have been pruned (event-retention.ts): the
 * reader would pass over them unseen. Asked after a read, it also catches a pruning that committed while
 * the reader was at work: pruning deletes and moves `pruned_through` in one transaction, so a read that
 * missed pruned events is followed by a `pruned_through` beyond its `from`. `from` '0' is the start, which
 * is wherever the outbox begins now.
 */
export async function assertKeptAfter(db: DataSource | EntityManager, from: string): Promise<void> {
  if (from === '0') return;
  const [row]: { pruned: string }[] = await db.query(
    'SELECT coalesce((SELECT pruned_through FROM domain_event_retention), 0)::text AS pruned',
  );
  if (row && BigInt(row.pruned) > BigInt(from)) throw new EventsPrunedError('after', row.pruned);
}
