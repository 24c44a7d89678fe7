import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Guideline, GuidelineOwnerInvitation, Party, User } from '../entities';
import { Capability } from '../entities/capability.enum';
import { DecideGuidelineOwnerInvitationInput } from '../schema/inputs/guideline-ownership.input';
import type { Context } from '../server/context';
import { CappedListArgs, capList, capped } from './page-args';

const DECIDE = { description: 'The invitation and the version you read.' } as const;

@Resolver(() => GuidelineOwnerInvitation)
export class GuidelineOwnerInvitationResolver {
  @Query(() => GuidelineOwnerInvitation, {
    nullable: true,
    description:
      'One invitation to co-own a guideline; null when none or not visible (its guideline’s owners, the invited association, VWS and operators read it).',
  })
  guidelineOwnerInvitation(@Arg('id', () => ID, { description: 'Global id.' }) id: string, @Ctx() ctx: Context) {
    return ctx.services.guidelineOwnership.byId(id);
  }

  @Authorized(Capability.MANAGE_GUIDELINES)
  @Mutation(() => GuidelineOwnerInvitation, {
    description:
      'Accepts a PENDING invitation to co-own a guideline for the invited association (an editor of it): the association becomes an owner, with an owner’s duties.',
  })
  acceptGuidelineOwnerInvitation(
    @Arg('input', () => DecideGuidelineOwnerInvitationInput, DECIDE) input: DecideGuidelineOwnerInvitationInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.guidelineOwnership.accept(input);
  }

  @Authorized(Capability.MANAGE_GUIDELINES)
  @Mutation(() => GuidelineOwnerInvitation, {
    description: 'Declines a PENDING invitation to co-own a guideline for the invited association (an editor of it).',
  })
  declineGuidelineOwnerInvitation(
    @Arg('input', () => DecideGuidelineOwnerInvitationInput, DECIDE) input: DecideGuidelineOwnerInvitationInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.guidelineOwnership.decline(input);
  }

  @Authorized(Capability.MANAGE_GUIDELINES)
  @Mutation(() => GuidelineOwnerInvitation, {
    description: 'Withdraws a PENDING invitation to co-own a guideline (an editor of one of its current owners).',
  })
  withdrawGuidelineOwnerInvitation(
    @Arg('input', () => DecideGuidelineOwnerInvitationInput, DECIDE) input: DecideGuidelineOwnerInvitationInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.guidelineOwnership.withdraw(input);
  }

  @FieldResolver(() => Guideline, {
    nullable: true,
    description:
      'The guideline; null while it is a draft you may not read (an invited association reads the draft while the invitation is PENDING).',
  })
  guideline(@Root() invitation: GuidelineOwnerInvitation, @Ctx() ctx: Context) {
    return ctx.services.guidelineOwnership.guidelineOf(invitation);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'The guideline’s title, for whoever reads the guideline (null otherwise): the invited association while the invitation is PENDING, also of a draft.',
  })
  async guidelineTitle(@Root() invitation: GuidelineOwnerInvitation, @Ctx() ctx: Context) {
    return (await ctx.services.guidelineOwnership.guidelineOf(invitation))?.title ?? null;
  }

  @FieldResolver(() => Boolean, {
    description:
      'Whether you may accept or decline it now: an editor of the invited association, while it is PENDING (the rule accepting and declining ask).',
  })
  mayAnswer(@Root() invitation: GuidelineOwnerInvitation, @Ctx() ctx: Context) {
    return ctx.access.synergy.mayAnswerInvitation(invitation);
  }

  @FieldResolver(() => Party, { description: 'The association invited to co-own the guideline.' })
  invitedParty(@Root() invitation: GuidelineOwnerInvitation, @Ctx() ctx: Context) {
    return ctx.loaders.partyById.get(invitation.invitedPartyId);
  }

  @FieldResolver(() => Party, { description: 'The owner that invited it.' })
  invitedByParty(@Root() invitation: GuidelineOwnerInvitation, @Ctx() ctx: Context) {
    return ctx.loaders.partyById.get(invitation.invitedByPartyId);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who invited it; null unless you may see them.' })
  invitedBy(@Root() invitation: GuidelineOwnerInvitation, @Ctx() ctx: Context) {
    return ctx.access.people.visibleUser(invitation.invitedByUserId);
  }

  @FieldResolver(() => Date, { description: 'When it was invited.' })
  invitedAt(@Root() invitation: GuidelineOwnerInvitation) {
    return invitation.createdAt;
  }

  @FieldResolver(() => User, {
    nullable: true,
    description: 'Who accepted, declined or withdrew it; null while PENDING or unless you may see them.',
  })
  decidedBy(@Root() invitation: GuidelineOwnerInvitation, @Ctx() ctx: Context) {
    return ctx.access.people.visibleUser(invitation.decidedByUserId);
  }

  @FieldResolver(() => Party, {
    nullable: true,
    description: 'The party that accepted or declined (the invited one) or withdrew it (an owner); null while PENDING.',
  })
  decidedByParty(@Root() invitation: GuidelineOwnerInvitation, @Ctx() ctx: Context) {
    return invitation.decidedByPartyId ? ctx.loaders.partyById.get(invitation.decidedByPartyId) : null;
  }
}

/** A guideline's invitations to co-own it. */
@Resolver(() => Guideline)
export class GuidelineInvitationsResolver {
  @FieldResolver(() => [GuidelineOwnerInvitation], {
    description: `Invitations to co-own it (uitnodigingen), oldest first, those you may read: all of them for its owners, VWS and operators, its own for an invited association. ${capped('Guideline.ownerInvitations')}`,
  })
  async ownerInvitations(@Root() guideline: Guideline, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    return capList(await ctx.services.guidelineOwnership.forGuideline(guideline), cap, 'Guideline.ownerInvitations');
  }
}
