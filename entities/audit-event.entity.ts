import { GraphQLJSON } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { toGlobalId } from '../schema/global-id';
import { Node } from './base.entity';

@ObjectType({ description: 'One changed field of an audited change: its value before and after.' })
export class FieldChange {
  @Field({ description: 'Field name as in the API.' })
  field!: string;

  @Field(() => GraphQLJSON, { nullable: true, description: 'Value before the change (null when created).' })
  before!: unknown;

  @Field(() => GraphQLJSON, { nullable: true, description: 'Value after the change (null when deleted).' })
  after!: unknown;
}

/** Append-only: the database refuses UPDATE, DELETE and TRUNCATE on this table. */
@Entity()
@Index(['entityId', 'occurredAt'])
// The DELETE entries say whose a removed record's entries are (AUDIT_EVENT_VISIBLE_SQL): looked up by type and
// id, and by the guideline or assessment they record (expression indexes, migration AuditEventDeletions).
@Index('IDX_audit_event_deletions', ['entityType', 'entityId'], { where: `"action" = 'DELETE'` })
@Index('IDX_audit_event_deleted_guideline', { synchronize: false })
@Index('IDX_audit_event_deleted_link_assessment', { synchronize: false })
// The audit list of a party reads the ids of its entries by the ways the rule gives them (AUDIT_EVENT_IDS_OF_PARTIES_SQL):
// by type and record, the owner changes, and the recommendations by the guideline recorded (migration AuditEventsOfParties).
@Index('IDX_audit_event_entity', { synchronize: false })
@Index('IDX_audit_event_deliverable_owner_changes', { synchronize: false })
@Index('IDX_audit_event_guideline_owner_changes', { synchronize: false })
@Index('IDX_audit_event_recorded_guideline', { synchronize: false })
@ObjectType({
  implements: Node,
  description:
    'An entry in the audit trail (audittrail): who changed what, when, for which party. Never changed or removed.',
})
export class AuditEvent {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  get globalId(): string {
    return toGlobalId('AuditEvent', this.id);
  }

  @Field({ description: 'When the change was committed.' })
  @Index()
  // Millisecond precision, so the value round-trips through JavaScript dates and cursors exactly.
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  occurredAt!: Date;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  actingPartyId!: string | null;

  /** The party that owns the changed record; a party sees the audit trail of its own records. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  ownerPartyId!: string | null;

  @Field({ description: 'Type of the changed record, e.g. `Party`, `Membership`.' })
  @Column({ type: 'text' })
  entityType!: string;

  @Column({ type: 'uuid' })
  entityId!: string;

  @Field({ description: 'What happened: CREATE, UPDATE, DELETE or a domain verb such as PUBLISH.' })
  @Column({ type: 'text' })
  action!: string;

  @Field(() => [FieldChange], {
    description:
      'Changed fields with before and after values; ids (fields such as `sectorIds`, `deliverableId`) are global ids, usable with node(id:).',
  })
  @Column({ type: 'jsonb', default: () => "'[]'" })
  changes!: FieldChange[];

  @Field(() => String, {
    nullable: true,
    description: 'The server’s id (x-request-id response header) of the request that made the change.',
  })
  @Column({ type: 'text', nullable: true })
  requestId!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The `x-request-id` the client sent with that request, if any (`requestId` is always the server’s own).',
  })
  @Column({ type: 'text', nullable: true })
  clientRequestId!: string | null;
}
