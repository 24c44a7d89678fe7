import { LocalDateResolver } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { BaseEntity, Node } from './base.entity';
import { FundingArrangementState, TariffKind } from './funding-arrangement.enums';
import type { PackageAssessment } from './package-assessment.entity';
import type { Party } from './party.entity';

/**
 * The NZa's funding (bekostiging) of care a published assessment admits to the package: “met de NZa die
 * bijpassende bekostiging moet uitdenken (een Wmg-prestatiebeschrijving en in sommige gevallen een tarief)”.
 * One per assessment, the NZa's record (its party), read by whoever reads the assessment.
 */
@Entity()
@Unique('funding_arrangement_assessment_unique', ['assessmentId'])
@Check('funding_arrangement_tariff_kind', `"tariff_kind" IS NULL OR ("tariff_kind" = 'FREE') = NOT "tariff_set"`)
@Check(
  'funding_arrangement_established_performance',
  `"state" <> 'ESTABLISHED' OR "performance_description" IS NOT NULL`,
)
@ObjectType({
  implements: Node,
  description:
    'The funding (bekostiging) the NZa works out for care a package assessment admits: a Wmg-prestatie (prestatiebeschrijving, code) and in some cases a tariff, with its state and effective date.',
})
export class FundingArrangement extends BaseEntity {
  @Column({ type: 'uuid' })
  assessmentId!: string;

  @ManyToOne('PackageAssessment', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'assessment_id' })
  assessment?: PackageAssessment;

  /** The party that works out the funding (the NZa) and owns this record. */
  @Index()
  @Column({ type: 'uuid' })
  partyId!: string;

  @ManyToOne('Party', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'party_id' })
  party?: Party;

  @Field(() => FundingArrangementState, { description: 'Where it stands (stand).' })
  @Column({
    type: 'enum',
    enum: FundingArrangementState,
    enumName: 'funding_arrangement_state',
    default: FundingArrangementState.IN_PREPARATION,
  })
  state!: FundingArrangementState;

  @Field(() => String, {
    nullable: true,
    description: 'The Wmg-prestatiebeschrijving: what the care is declared as; required once ESTABLISHED.',
  })
  @Column({ type: 'text', nullable: true })
  performanceDescription!: string | null;

  @Field(() => String, { nullable: true, description: 'The code of the prestatie (prestatiecode), when known.' })
  @Column({ type: 'text', nullable: true })
  performanceCode!: string | null;

  @Field({ description: 'Whether the NZa sets a tariff for it (“in sommige gevallen een tarief”).' })
  @Column({ type: 'boolean', default: false })
  tariffSet!: boolean;

  @Field(() => TariffKind, {
    nullable: true,
    description:
      'Which kind of tariff (tariefsoort): MAXIMUM or FIXED when a tariff is set, FREE when none is; null when not said.',
  })
  @Column({ type: 'enum', enum: TariffKind, enumName: 'funding_tariff_kind', nullable: true })
  tariffKind!: TariffKind | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'From when it applies (ingangsdatum).' })
  @Column({ type: 'date', nullable: true })
  effectiveFrom!: string | null;

  @Field(() => String, { nullable: true, description: 'Note (toelichting).' })
  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Field(() => Int, { description: 'Optimistic-concurrency version; send it back with a change.' })
  @Column({ type: 'int', default: 1 })
  version!: number;
}
