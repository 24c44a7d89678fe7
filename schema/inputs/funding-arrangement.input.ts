import { IsOptional, Length, MaxLength, Min } from 'class-validator';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { FundingArrangementState, TariffKind } from '../../entities/funding-arrangement.enums';
import { NotBlank } from './not-blank';

@InputType({
  description:
    'The NZa records the funding (bekostiging) of care a published assessment admits to the package: a Wmg-prestatie and, in some cases, a tariff.',
})
export class RecordFundingArrangementInput {
  @Field(() => ID, { description: 'The package assessment whose admitted care it funds.' })
  assessmentId!: string;

  @Field(() => FundingArrangementState, {
    nullable: true,
    description: 'Where it stands; default IN_PREPARATION. ESTABLISHED needs a `performanceDescription`.',
  })
  @IsOptional()
  state?: FundingArrangementState | null;

  @Field(() => String, { nullable: true, description: 'The Wmg-prestatiebeschrijving.' })
  @IsOptional()
  @Length(1, 4000)
  @NotBlank()
  performanceDescription?: string | null;

  @Field(() => String, { nullable: true, description: 'The prestatiecode, when known.' })
  @IsOptional()
  @Length(1, 100)
  @NotBlank()
  performanceCode?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the NZa sets a tariff; default false.' })
  @IsOptional()
  tariffSet?: boolean | null;

  @Field(() => TariffKind, {
    nullable: true,
    description: 'The kind of tariff: MAXIMUM or FIXED with `tariffSet: true`, FREE with `tariffSet: false`.',
  })
  @IsOptional()
  tariffKind?: TariffKind | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'From when it applies (ingangsdatum).' })
  @IsOptional()
  effectiveFrom?: string | null;

  @Field(() => String, { nullable: true, description: 'Note (toelichting).' })
  @IsOptional()
  @MaxLength(4000)
  note?: string | null;
}

@InputType({
  description:
    'Changes to a funding arrangement (bekostiging); omitted fields stay as they are, null clears an optional one.',
})
export class UpdateFundingArrangementInput {
  @Field(() => ID, { description: 'The funding arrangement.' })
  id!: string;

  @Field(() => Int, { description: 'The version you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;

  @Field(() => FundingArrangementState, {
    nullable: true,
    description: 'The next state; only allowed transitions (IN_PREPARATION → ESTABLISHED or WITHDRAWN, …).',
  })
  @IsOptional()
  state?: FundingArrangementState | null;

  @Field(() => String, { nullable: true, description: 'The Wmg-prestatiebeschrijving.' })
  @IsOptional()
  @Length(1, 4000)
  @NotBlank()
  performanceDescription?: string | null;

  @Field(() => String, { nullable: true, description: 'The prestatiecode.' })
  @IsOptional()
  @Length(1, 100)
  @NotBlank()
  performanceCode?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the NZa sets a tariff.' })
  @IsOptional()
  tariffSet?: boolean | null;

  @Field(() => TariffKind, { nullable: true, description: 'The kind of tariff (see RecordFundingArrangementInput).' })
  @IsOptional()
  tariffKind?: TariffKind | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'From when it applies (ingangsdatum).' })
  @IsOptional()
  effectiveFrom?: string | null;

  @Field(() => String, { nullable: true, description: 'Note (toelichting).' })
  @IsOptional()
  @MaxLength(4000)
  note?: string | null;
}
