import { Field, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { ArtefactRef } from './artefact-ref';
import { BaseEntity, Node } from './base.entity';
import { DeliverableHealth, DeliverableStatus } from './deliverable.enums';
import type { Deliverable } from './deliverable.entity';
import type { Party } from './party.entity';
import type { User } from './user.entity';

/** A report by an owner or contributor. Append-only: a correction is a new update. */
@Entity()
@Index(['deliverableId', 'postedAt'])
@ObjectType({
  implements: Node,
  description: 'A status update (voortgangsrapportage) on a deliverable by an owning or contributing party.',
})
export class StatusUpdate extends BaseEntity {
  @Index()
  @Column({ type: 'uuid' })
  deliverableId!: string;

  @ManyToOne('Deliverable', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'deliverable_id' })
  deliverable?: Deliverable;

  @Field(() => DeliverableHealth, { description: 'Health as the reporting party sees it.' })
  @Column({ type: 'enum', enum: DeliverableHealth, enumName: 'deliverable_health' })
  health!: DeliverableHealth;

  /** Read through a field resolver: signed-in users only. */
  @Column({ type: 'text' })
  text!: string;

  @Field(() => DeliverableStatus, {
    nullable: true,
    description: 'The status this update set, when it changed the status; null otherwise.',
  })
  @Column({ type: 'enum', enum: DeliverableStatus, enumName: 'deliverable_status', nullable: true })
  status!: DeliverableStatus | null;

  @Field({
    description:
      'Derived (afgeleid): posted by the platform because an output reached its goal, not written by a person.',
  })
  @Column({ type: 'boolean', default: false })
  derived!: boolean;

  @Field(() => DeliverableStatus, {
    nullable: true,
    description: 'The status a derived update suggests to the owners (voorgestelde status); they decide.',
  })
  @Column({ type: 'enum', enum: DeliverableStatus, enumName: 'deliverable_status', nullable: true })
  suggestedStatus!: DeliverableStatus | null;

  /** The artefact a derived update cites; all null for a person's update. */
  @Column(() => ArtefactRef, { prefix: 'source' })
  source!: ArtefactRef;

  @Field({ description: 'When it was posted.' })
  // Millisecond precision, so the value round-trips through JavaScript dates exactly.
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  postedAt!: Date;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  authorId!: string | null;

  @ManyToOne('User', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'author_id' })
  author?: User | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  partyId!: string | null;

  @ManyToOne('Party', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'party_id' })
  party?: Party | null;
}

/** Every status change, so the status on any past day (asOf) can be recomputed. */
@Entity()
@Index(['deliverableId', 'changedAt'])
@ObjectType({ description: 'A change of a deliverable’s status (statuswijziging): from, to, when and by whom.' })
export class DeliverableStatusChange extends BaseEntity {
  @Index()
  @Column({ type: 'uuid' })
  deliverableId!: string;

  @ManyToOne('Deliverable', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'deliverable_id' })
  deliverable?: Deliverable;

  @Field(() => DeliverableStatus, { description: 'Status before.' })
  @Column({ type: 'enum', enum: DeliverableStatus, enumName: 'deliverable_status' })
  fromStatus!: DeliverableStatus;

  @Field(() => DeliverableStatus, { description: 'Status after.' })
  @Column({ type: 'enum', enum: DeliverableStatus, enumName: 'deliverable_status' })
  toStatus!: DeliverableStatus;

  /** The artefact that changed it, when the platform did (an output reached its goal); else all null. */
  @Column(() => ArtefactRef, { prefix: 'source' })
  source!: ArtefactRef;

  @Field({ description: 'When the status changed.' })
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  changedAt!: Date;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

  @ManyToOne('User', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'actor_id' })
  actor?: User | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  partyId!: string | null;

  @ManyToOne('Party', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'party_id' })
  party?: Party | null;
}
