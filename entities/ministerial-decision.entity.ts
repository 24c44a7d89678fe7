import { LocalDateResolver } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { BaseEntity, Node } from './base.entity';
import { AdviceDecision } from './package-cycle.enums';
import type { PackageAssessment } from './package-assessment.entity';
import type { Party } from './party.entity';

/**
 * The minister's decision on a pakketadvies: “De minister besluit dit advies wel of niet over te nemen en de
 * regelgeving aan te passen.” One per advice, the record of the party that decides (VWS), read by whoever
 * reads the advice; a correction is a new version of the same decision, its history the audit trail.
 */
@Entity()
@Unique('ministerial_decision_assessment_unique', ['assessmentId'])
@ObjectType({
  implements: Node,
  description:
    'The minister’s decision on a pakketadvies of the Zorginstituut (besluit): followed, partly followed or not, when, why and where it is published.',
})
export class MinisterialDecision extends BaseEntity {
  @Column({ type: 'uuid' })
  assessmentId!: string;

  @ManyToOne('PackageAssessment', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'assessment_id' })
  assessment?: PackageAssessment;

  /** The party that decided (VWS) and owns this record. */
  @Index()
  @Column({ type: 'uuid' })
  partyId!: string;

  @ManyToOne('Party', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'party_id' })
  party?: Party;

  @Field(() => AdviceDecision, { description: 'Whether the advice is followed (overgenomen).' })
  @Column({ type: 'enum', enum: AdviceDecision, enumName: 'advice_decision' })
  decision!: AdviceDecision;

  @Field(() => LocalDateResolver, { description: 'The day the minister decided (besluitdatum).' })
  @Column({ type: 'date' })
  decidedOn!: string;

  @Field({ description: 'Why (motivering), in the words of the decision.' })
  @Column({ type: 'text' })
  reasoning!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Where the decision is published: a Staatscourant entry, a Kamerbrief, a URL.',
  })
  @Column({ type: 'text', nullable: true })
  reference!: string | null;

  @Field(() => Int, { description: 'Optimistic-concurrency version; send it back with a correction.' })
  @Column({ type: 'int', default: 1 })
  version!: number;
}
