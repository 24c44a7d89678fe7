import { GraphQLJSON } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { toGlobalId } from '../schema/global-id';
import { EventType } from './domain-event.enums';

/**
 * One row of the outbox (gebeurtenissen): written in the transaction of the change it reports. The cursor
 * is given at commit (migration DomainEvents) and only grows; rows are never changed afterwards.
 */
@Entity()
@Unique('UQ_domain_event_cursor', ['cursor'])
@Unique('UQ_domain_event_dedupe_key', ['dedupeKey'])
@Index('IDX_domain_event_subject', ['subjectId'])
@Index('IDX_domain_event_type_cursor', ['type', 'cursor'])
// GIN indexes for the party and sector filters; TypeORM cannot describe them, the migration keeps them.
@Index('IDX_domain_event_party_ids', { synchronize: false })
@Index('IDX_domain_event_sector_ids', { synchronize: false })
@Index('IDX_domain_event_invited_party_ids', { synchronize: false })
@ObjectType({
  description:
    'A domain event (gebeurtenis): something that changed, on which record, with a small before/after. Visible to whoever may read its subject.',
})
export class DomainEvent {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_domain_event' })
  id!: string;

  /** Given at commit; null only inside the writing transaction. */
  @Column({ type: 'bigint', nullable: true })
  cursor!: string | null;

  @Field(() => EventType, { description: 'What happened (soort gebeurtenis).' })
  @Column({ type: 'text' })
  type!: EventType;

  @Field({ description: 'The type of the record it happened to (onderwerp), e.g. `SynergyLink`.' })
  @Column({ type: 'text' })
  subjectType!: string;

  @Column({ type: 'uuid' })
  subjectId!: string;

  /** Further records (type, id) a reader must be able to read, e.g. the assessment of a conflict. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  requires!: [string, string][];

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  partyIds!: string[];

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  sectorIds!: string[];

  /**
   * Parties told of the event without being named in `partyIds`: the associations a PENDING invitation asked to
   * co-own its guideline when it was written (migration InvitedPartiesInEventScope). Matched by a party filter
   * only for the viewer's own parties, never shown: an invitation is for the guideline's owners and the invitee.
   */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  invitedPartyIds!: string[];

  @Column({ type: 'jsonb', default: () => "'{}'" })
  payload!: { before?: unknown; after?: unknown; [key: string]: unknown };

  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  actingPartyId!: string | null;

  /** Set for events a sweep may find twice (a milestone due soon): the second is not written. */
  @Column({ type: 'text', nullable: true })
  dedupeKey!: string | null;

  @Field({ description: 'When the change happened (tijdstip).' })
  @Column({ type: 'timestamptz', default: () => 'now()' })
  occurredAt!: Date;

  @Field(() => ID, {
    name: 'subjectId',
    description: 'Global id of the record it happened to (onderwerp); pass it to node(id:).',
  })
  get subjectGlobalId(): string {
    return toGlobalId(this.subjectType, this.subjectId);
  }

  @Field(() => String, {
    name: 'cursor',
    description: 'Position in the event stream; only grows. Pass it as `after` to resume (hervatten).',
  })
  get position(): string {
    return this.cursor ?? '0';
  }

  @Field(() => [ID], { name: 'partyIds', description: 'The parties (partijen) the subject belongs to.' })
  get partyGlobalIds(): string[] {
    return this.partyIds.map((id) => toGlobalId('Party', id));
  }

  @Field(() => [ID], { name: 'sectorIds', description: 'The sectors (zorgsectoren) of the subject.' })
  get sectorGlobalIds(): string[] {
    return this.sectorIds.map((id) => toGlobalId('Sector', id));
  }

  @Field(() => GraphQLJSON, { nullable: true, description: 'The changed fields before (vóór) the change.' })
  get before(): unknown {
    return this.payload.before ?? null;
  }

  @Field(() => GraphQLJSON, { nullable: true, description: 'The changed fields after (na) the change.' })
  get after(): unknown {
    return this.payload.after ?? null;
  }

  @Field(() => GraphQLJSON, {
    nullable: true,
    description: 'Facts of the event beyond before/after, e.g. the kind and records of a conflict (strijdigheid).',
  })
  get details(): unknown {
    const { before: _before, after: _after, ...rest } = this.payload;
    return Object.keys(rest).length > 0 ? rest : null;
  }
}
