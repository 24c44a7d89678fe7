import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { FundingArrangement, PackageAssessment, Party } from '../entities';
import {
  RecordFundingArrangementInput,
  UpdateFundingArrangementInput,
} from '../schema/inputs/funding-arrangement.input';
import type { Context } from '../server/context';

/** The NZa's funding on an assessment; the assessment itself is already visible to the reader. */
@Resolver(() => PackageAssessment)
export class AssessmentFundingResolver {
  @FieldResolver(() => FundingArrangement, {
    nullable: true,
    description:
      'The funding (bekostiging) the NZa works out for the care this assessment admits: a Wmg-prestatie and in some cases a tariff; null when none is recorded.',
  })
  async fundingArrangement(@Root() a: PackageAssessment, @Ctx() ctx: Context): Promise<FundingArrangement | null> {
    const [arrangement] = await ctx.loaders.fundingArrangementsByAssessmentId.load(a.id);
    return arrangement ?? null;
  }

  @Authorized()
  @Mutation(() => FundingArrangement, {
    description:
      'The NZa records the funding (bekostiging) of care a published assessment admits (INSURED, INSURED_WITH_CONDITIONS, CONDITIONAL_ADMISSION): one per assessment.',
  })
  recordFundingArrangement(
    @Arg('input', () => RecordFundingArrangementInput, { description: 'The assessment and the funding.' })
    input: RecordFundingArrangementInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.funding.record(input);
  }

  @Authorized()
  @Mutation(() => FundingArrangement, {
    description:
      'The NZa changes a funding arrangement: its state (only allowed transitions), prestatie, tariff or date.',
  })
  updateFundingArrangement(
    @Arg('input', () => UpdateFundingArrangementInput, { description: 'The changes.' })
    input: UpdateFundingArrangementInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.funding.update(input);
  }
}

@Resolver(() => FundingArrangement)
export class FundingArrangementResolver {
  @FieldResolver(() => PackageAssessment, { description: 'The assessment whose admitted care it funds.' })
  assessment(@Root() f: FundingArrangement, @Ctx() ctx: Context) {
    return ctx.loaders.packageAssessmentById.get(f.assessmentId);
  }

  @FieldResolver(() => Party, { description: 'The party that works out the funding (the NZa).' })
  party(@Root() f: FundingArrangement, @Ctx() ctx: Context) {
    return ctx.loaders.partyById.get(f.partyId);
  }
}
