import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity, Node } from './base.entity';
import { DateConfidence } from './deliverable.enums';
import { FuzzyDate } from './fuzzy-date';
import type { Deliverable } from './deliverable.entity';
import type { Party } from './party.entity';
import type { User } from './user.entity';

/** A dated checkpoint within a deliverable, set by VWS and completed by the deliverable's owners. */
@Entity()
@ObjectType({
  implements: Node,
  description: 'A milestone (mijlpaal) within a deliverable: a dated checkpoint that an owner marks as reached.',
})
export class Milestone extends BaseEntity {
  @Index()
  @Column({ type: 'uuid' })
  deliverableId!: string;

  @ManyToOne('Deliverable', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'deliverable_id' })
  deliverable?: Deliverable;

  @Field({ description: 'What is reached (titel).' })
  @Column({ type: 'text' })
  title!: string;

  @Column(() => FuzzyDate, { prefix: 'due' })
  due!: FuzzyDate;

  @Field(() => DateConfidence, { description: 'How sure the date is.' })
  @Column({ type: 'enum', enum: DateConfidence, enumName: 'date_confidence', default: DateConfidence.HIGH })
  confidence!: DateConfidence;

  @Field(() => Date, { nullable: true, description: 'When it was marked as reached (behaald); null while open.' })
  @Column({ type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  completedById!: string | null;

  @ManyToOne('User', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'completed_by_id' })
  completedBy?: User | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  completedByPartyId!: string | null;

  @ManyToOne('Party', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'completed_by_party_id' })
  completedByParty?: Party | null;

  @Field(() => Int, { description: 'Optimistic-concurrency version; send it back with an update.' })
  @Column({ type: 'int', default: 1 })
  version!: number;

  /** The day its deliverable was shown for (a list's `asOf`), so `done` and `overdue` use it too. Not stored. */
  asOfContext?: string;
}
