import type { DataSource, EntityManager } from 'typeorm';
import { AuditEvent } from '../../../entities';
import type { FieldChange } from '../../../entities/audit-event.entity';
import type { Connection } from '../../../schema/connection';
import { decodeGlobalId, decodeIdOf, decodeIdListOf } from '../../../schema/global-id';
import type { AuditEventFilter } from '../../../schema/inputs/audit-event-filter.input';
import { AUDIT_EVENT_IDS_OF_PARTIES_SQL, type PeopleAccess } from '../../auth/people.access';
import type { Policy } from '../../auth/policy';
import type { Config } from '../../config';
import { writeRows } from '../../db/data-source';
import { today } from '../../today';
import {
  checkDeliverableHealth,
  deliverablesToCheck,
  emitEvents,
  eventsForAudit,
  eventsInsertOf,
  type EventDraft,
} from '../events/outbox';
import { paginate, type PageArgs } from '../../shared/pagination';

export interface AuditEntry {
  entityType: string;
  entityId: string;
  action: string;
  /** Party that owns the changed record. */
  ownerPartyId: string | null;
  /** Party the actor acted for (from Policy.assert). */
  actingPartyId: string | null;
  changes: FieldChange[];
}

function comparable(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : (value ?? null);
}

/** The fields whose values differ, with before and after; `before` null for creation, `after` null for deletion. */
export function changesBetween<T extends object>(
  before: T | null,
  after: T | null,
  fields: (keyof T & string)[],
): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of fields) {
    const was = before ? comparable(before[field]) : null;
    const is = after ? comparable(after[field]) : null;
    if (JSON.stringify(was) !== JSON.stringify(is)) changes.push({ field, before: was, after: is });
  }
  return changes;
}

/** Writes audit events inside the caller's transaction, and reads the trail with visibility rules. */
export class AuditService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policy: Policy,
    private readonly config: Config,
    private readonly requestId: string,
    private readonly clientRequestId: string | undefined,
    private readonly access: PeopleAccess,
  ) {}

  /** The signed-in user writes are recorded for; null for anonymous or system work. */
  get actorId(): string | null {
    return this.policy.viewer.user?.id ?? null;
  }

  record(manager: EntityManager, entry: AuditEntry): Promise<void> {
    return this.recordMany(manager, [entry]);
  }

  /** The domain events the audited changes stand for (server/services/events). */
  private draftsFor(entries: AuditEntry[], actorId: string | null): EventDraft[] {
    return entries.flatMap((entry) => eventsForAudit(entry, actorId));
  }

  /** The health of the deliverables the audited changes wrote, checked in the same transaction. */
  private async checkHealthFor(manager: EntityManager, entries: AuditEntry[], actorId: string | null): Promise<void> {
    const deliverables = [...new Set(entries.flatMap(deliverablesToCheck))];
    if (deliverables.length > 0)
      await checkDeliverableHealth(manager, today(), deliverables, {
        actorId,
        actingPartyId: entries[0]?.actingPartyId ?? null,
      });
  }

  /**
   * Many events in one INSERT statement (batch writes), one prepared text whatever their number: every
   * write records its events, and TypeORM's insert builder cost more than the statement itself.
   * `manager` is the write's transaction: an event is committed with its change or not at all.
   */
  async recordMany(manager: EntityManager, entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const insert = this.insertOf(entries);
    await writeRows(manager, insert.sql, insert.parameters);
    await emitEvents(manager, this.draftsFor(entries, this.actorId));
    await this.checkHealthFor(manager, entries, this.actorId);
  }

  /**
   * `write` (one INSERT, UPDATE or DELETE, its parameters numbered from `sql`'s argument on), the audit events
   * of the whole change and the domain events they stand for in one statement, answering `write`'s rows: for
   * a write whose events are known before it runs and that ends the change, as a round trip less is a busy
   * server's turn less. The statement's parts do not see each other's rows, so an event on a row `write`
   * inserts names its scope (`scopeOf`): the outbox trigger would not find that row.
   */
  async recordManyWith<T = Record<string, unknown>>(
    manager: EntityManager,
    entries: AuditEntry[],
    write: { sql: (firstParameter: number) => string; parameters: unknown[] },
  ): Promise<T[]> {
    const insert = this.insertOf(entries);
    const drafts = this.draftsFor(entries, this.actorId);
    const created = new Set(entries.filter((e) => e.action === 'CREATE').map((e) => e.entityId));
    const unscoped = drafts.find((d) => !d.scopeOf && created.has(d.subjectId));
    if (unscoped) throw new Error(`A ${unscoped.type} event on a row its own statement inserts needs its scopeOf.`);
    const events = drafts.length ? eventsInsertOf(drafts, insert.parameters.length + 1) : null;
    const parameters = [...insert.parameters, ...(events?.parameters ?? [])];
    const rows = await writeRows<T>(
      manager,
      `WITH audited AS (${insert.sql})${events ? `, announced AS (${events.sql})` : ''} ${write.sql(parameters.length + 1)}`,
      [...parameters, ...write.parameters],
    );
    await this.checkHealthFor(manager, entries, this.actorId);
    return rows;
  }

  private insertOf(entries: AuditEntry[]): { sql: string; parameters: unknown[] } {
    return {
      sql: `INSERT INTO audit_event (actor_id, request_id, client_request_id, acting_party_id, owner_party_id, entity_type, entity_id, action, changes)
       SELECT $1, $2, $3, e.acting, e.owner, e.type, e.id, e.action, e.changes
         FROM unnest($4::uuid[], $5::uuid[], $6::text[], $7::uuid[], $8::text[], $9::jsonb[]) WITH ORDINALITY
              AS e(acting, owner, type, id, action, changes, n)
        ORDER BY e.n`,
      parameters: [
        this.actorId,
        this.requestId,
        this.clientRequestId ?? null,
        entries.map((e) => e.actingPartyId),
        entries.map((e) => e.ownerPartyId),
        entries.map((e) => e.entityType),
        entries.map((e) => e.entityId),
        entries.map((e) => e.action),
        entries.map((e) => JSON.stringify(e.changes)),
      ],
    };
  }

  /**
   * Operators and VWS see everything; a party sees events on its own records and those it made. The party
   * filter holds the events these parties would read by that rule.
   */
  async list(filter: AuditEventFilter | null | undefined, page: PageArgs): Promise<Connection<AuditEvent>> {
    const scope = await this.access.auditListScope();
    const query = this.dataSource.getRepository(AuditEvent).createQueryBuilder('event');
    if (!scope.all) {
      if (scope.partyIds.length === 0) query.andWhere('false');
      else query.andWhere(`event.id IN (${AUDIT_EVENT_IDS_OF_PARTIES_SQL(':mine')})`, { mine: scope.partyIds });
    }
    if (filter?.entityId)
      query.andWhere('event.entityId = :entityId', { entityId: decodeGlobalId(filter.entityId, 'filter.entityId').id });
    if (filter?.actorId)
      query.andWhere('event.actorId = :actorId', { actorId: decodeIdOf('User', filter.actorId, 'filter.actorId') });
    const partyIds = decodeIdListOf('Party', filter, 'partyIds', 'partyId');
    // The events on records of these parties, by the rule a party reads its own trail with: a deliverable
    // a kind owns names no owner party on its events, a link's events name one side.
    if (partyIds) query.andWhere(`event.id IN (${AUDIT_EVENT_IDS_OF_PARTIES_SQL(':partyIds')})`, { partyIds });
    if (filter?.from) query.andWhere('event.occurredAt >= :from', { from: filter.from });
    if (filter?.to) query.andWhere('event.occurredAt < :to', { to: filter.to });
    return paginate(query, page, {
      sortKeys: [
        { expression: 'event.occurredAt', value: (e) => e.occurredAt },
        { expression: 'event.id', value: (e) => e.id },
      ],
      maxPageSize: this.config.maxPageSize,
      direction: 'DESC',
    });
  }
}
