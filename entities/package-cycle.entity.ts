import { LocalDateResolver } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity, Node, SourcedEntity } from './base.entity';
import { FuzzyDate } from './fuzzy-date';
import { AssessmentStage, ConditionState } from './package-cycle.enums';
import type { PackageAssessment } from './package-assessment.entity';
import type { Party } from './party.entity';
import type { User } from './user.entity';

/** Every change of stage, so the cycle of an assessment can be followed. */
@Entity()
@Index(['assessmentId', 'changedAt'])
@ObjectType({
  description: 'A change of stage of a package assessment (faseovergang): from, to, when, by whom and why.',
})
export class AssessmentStageChange extends BaseEntity {
  @Index()
  @Column({ type: 'uuid' })
  assessmentId!: string;

  @ManyToOne('PackageAssessment', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'assessment_id' })
  assessment?: PackageAssessment;

  @Field(() => AssessmentStage, { description: 'Stage before (van).' })
  @Column({ type: 'enum', enum: AssessmentStage, enumName: 'assessment_stage' })
  fromStage!: AssessmentStage;

  @Field(() => AssessmentStage, { description: 'Stage after (naar).' })
  @Column({ type: 'enum', enum: AssessmentStage, enumName: 'assessment_stage' })
  toStage!: AssessmentStage;

  @Field(() => String, { nullable: true, description: 'Why (toelichting).' })
  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Field({ description: 'When (moment).' })
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

/** A condition attached to coverage: who must meet it, by when, and whether they did. */
@Entity()
@ObjectType({
  implements: [Node, SourcedEntity],
  description:
    'A condition (voorwaarde) of a package assessment: text, the party that must meet it, a fuzzy due date, state and evidence.',
})
export class AssessmentCondition extends SourcedEntity {
  @Index()
  @Column({ type: 'uuid' })
  assessmentId!: string;

  @ManyToOne('PackageAssessment', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'assessment_id' })
  assessment?: PackageAssessment;

  @Field({ description: 'What must be done (voorwaarde), in the language of the source.' })
  @Column({ type: 'text' })
  text!: string;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  ownerPartyId!: string | null;

  @ManyToOne('Party', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'owner_party_id' })
  ownerParty?: Party | null;

  @Column(() => FuzzyDate, { prefix: 'due' })
  due!: FuzzyDate;

  @Field(() => ConditionState, { description: 'State (stand): open, met, not met or waived.' })
  @Column({ type: 'enum', enum: ConditionState, enumName: 'condition_state', default: ConditionState.OPEN })
  state!: ConditionState;

  @Field(() => String, { nullable: true, description: 'Evidence (onderbouwing) that it was met, or why not.' })
  @Column({ type: 'text', nullable: true })
  evidence!: string | null;

  @Field(() => Int, { description: 'Optimistic-concurrency version; send it back with a change.' })
  @Column({ type: 'int', default: 1 })
  version!: number;
}

/** An evaluation of a decision in use: what was found, by whom, when. */
@Entity()
@ObjectType({
  implements: [Node, SourcedEntity],
  description: 'An evaluation (evaluatie) of a package decision in practice, with its findings (bevindingen).',
})
export class AssessmentEvaluation extends SourcedEntity {
  @Index()
  @Column({ type: 'uuid' })
  assessmentId!: string;

  @ManyToOne('PackageAssessment', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'assessment_id' })
  assessment?: PackageAssessment;

  @Field(() => LocalDateResolver, { description: 'When it was evaluated (evaluatiedatum).' })
  @Column({ type: 'date' })
  evaluatedOn!: string;

  @Field({ description: 'What was found (bevindingen).' })
  @Column({ type: 'text' })
  findings!: string;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  evaluatorPartyId!: string | null;

  @ManyToOne('Party', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'evaluator_party_id' })
  evaluatorParty?: Party | null;
}
