import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { MinisterialDecision, PackageAssessment, Party } from '../entities';
import {
  CorrectMinisterialDecisionInput,
  RecordMinisterialDecisionInput,
} from '../schema/inputs/ministerial-decision.input';
import type { Context } from '../server/context';

/** The minister's decision on a pakketadvies; the assessment itself is already visible to the reader. */
@Resolver(() => PackageAssessment)
export class AssessmentMinisterialDecisionResolver {
  @FieldResolver(() => MinisterialDecision, {
    nullable: true,
    description:
      'The minister’s decision on this pakketadvies (advies wel of niet overgenomen); null while none is recorded, and always for a standpunt or duiding.',
  })
  async ministerialDecision(@Root() a: PackageAssessment, @Ctx() ctx: Context): Promise<MinisterialDecision | null> {
    const [decision] = await ctx.loaders.ministerialDecisionsByAssessmentId.load(a.id);
    return decision ?? null;
  }

  @Authorized()
  @Mutation(() => MinisterialDecision, {
    description:
      'VWS records the minister’s decision on a published pakketadvies at stage DECISION or later: followed, partly followed or not, when, why and where published. One per advice; correct it with correctMinisterialDecision.',
  })
  recordMinisterialDecision(
    @Arg('input', () => RecordMinisterialDecisionInput, { description: 'The advice and the decision.' })
    input: RecordMinisterialDecisionInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.ministerialDecisions.record(input);
  }

  @Authorized()
  @Mutation(() => MinisterialDecision, {
    description: 'VWS corrects the recorded decision of the minister; the audit trail keeps what it said before.',
  })
  correctMinisterialDecision(
    @Arg('input', () => CorrectMinisterialDecisionInput, { description: 'The decision, its version and the changes.' })
    input: CorrectMinisterialDecisionInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.ministerialDecisions.correct(input);
  }
}

@Resolver(() => MinisterialDecision)
export class MinisterialDecisionResolver {
  @FieldResolver(() => PackageAssessment, { description: 'The pakketadvies it decides on.' })
  assessment(@Root() d: MinisterialDecision, @Ctx() ctx: Context) {
    return ctx.loaders.packageAssessmentById.get(d.assessmentId);
  }

  @FieldResolver(() => Party, { description: 'The party that decided (VWS).' })
  party(@Root() d: MinisterialDecision, @Ctx() ctx: Context) {
    return ctx.loaders.partyById.get(d.partyId);
  }
}
