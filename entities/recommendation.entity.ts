import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Node, SourcedEntity } from './base.entity';
import type { Guideline } from './guideline.entity';
import type { Intervention } from './intervention.entity';
import { EvidenceCertainty, RecommendationKind, RecommendationStrength } from './synergy.enums';

@Entity()
@ObjectType({
  implements: [Node, SourcedEntity],
  description: 'A recommendation (aanbeveling) of a guideline about one intervention for one population.',
})
export class Recommendation extends SourcedEntity {
  @Index()
  @Column({ type: 'uuid' })
  guidelineId!: string;

  @ManyToOne('Guideline', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'guideline_id' })
  guideline?: Guideline;

  @Field({ description: 'The recommendation text (tekst van de aanbeveling), in the language of the source.' })
  @Column({ type: 'text' })
  text!: string;

  @Field(() => RecommendationKind, { description: 'Doen, niet doen, or overwegen.' })
  @Column({ type: 'enum', enum: RecommendationKind, enumName: 'recommendation_kind' })
  kind!: RecommendationKind;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  interventionId!: string | null;

  @ManyToOne('Intervention', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'intervention_id' })
  intervention?: Intervention | null;

  @Field(() => String, { nullable: true, description: 'Population or indication (patiëntengroep / indicatie).' })
  @Column({ type: 'text', nullable: true })
  population!: string | null;

  @Field(() => RecommendationStrength, { nullable: true, description: 'Strength (sterkte) of the recommendation.' })
  @Column({ type: 'enum', enum: RecommendationStrength, enumName: 'recommendation_strength', nullable: true })
  strength!: RecommendationStrength | null;

  @Field(() => EvidenceCertainty, { nullable: true, description: 'Certainty of the evidence (GRADE bewijskracht).' })
  @Column({ type: 'enum', enum: EvidenceCertainty, enumName: 'evidence_certainty', nullable: true })
  evidenceCertainty!: EvidenceCertainty | null;

  @Field(() => String, { nullable: true, description: 'Editorial note: inferences and what the sources leave open.' })
  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Field(() => Int, { description: 'Optimistic-concurrency version; send it back with an update.' })
  @Column({ type: 'int', default: 1 })
  version!: number;
}
