import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Info } from 'type-graphql';
import {
  Intervention,
  PackageAssessment,
  PackageSignal,
  PackageSignalCoSigner,
  Party,
  Sector,
  User,
} from '../entities';
import { PackageSignalCoSignerStatus } from '../entities/package-signal.enums';
import { Capability } from '../entities/capability.enum';
import { ConnectionType } from '../schema/connection';
import {
  DecidePackageSignalCoSigningInput,
  DeclinePackageSignalInput,
  PackageSignalFilter,
  RaisePackageSignalInput,
  TakeUpPackageSignalInput,
  UpdatePackageSignalInput,
  WithdrawPackageSignalCoSigningInput,
  WithdrawPackageSignalInput,
} from '../schema/inputs/package-signal.input';
import type { Context } from '../server/context';
import { CappedListArgs, PageArgsType, capList, capped, pageOf } from './page-args';

export const PackageSignalConnection = ConnectionType(PackageSignal, 'package signal');

@Resolver(() => PackageSignal)
export class PackageSignalResolver {
  @Query(() => PackageSignalConnection, {
    description:
      'Package signals (pakketsignalen), newest first: those your parties raised, co-signed or are addressed (the Zorginstituut, for all its members), all of them for VWS and operators; nothing for anonymous clients.',
  })
  packageSignals(
    @Args() page: PageArgsType,
    @Arg('filter', () => PackageSignalFilter, { nullable: true, description: 'Only those matching all conditions.' })
    filter: PackageSignalFilter | null,
    @Info() info: GraphQLResolveInfo,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.packageSignals.list(filter, pageOf(page, info));
  }

  @Query(() => PackageSignal, { nullable: true, description: 'One package signal; null when none or not visible.' })
  packageSignal(@Arg('id', () => ID, { description: 'Global id.' }) id: string, @Ctx() ctx: Context) {
    return ctx.services.packageSignals.byId(id);
  }

  @Authorized(Capability.SIGNAL_PACKAGE_ISSUES, Capability.REQUEST_PACKAGE_ASSESSMENT)
  @Mutation(() => PackageSignal, {
    description:
      'Raises a package signal to the Zorginstituut for your party: a SIGNAL (signaalfunctie) or a Zorg Advies Traject with co-signing insurers (SIGNAL_PACKAGE_ISSUES), or a request for an assessment (ASSESSMENT_REQUEST, REQUEST_PACKAGE_ASSESSMENT: insurers, provider associations, VWS).',
  })
  raisePackageSignal(
    @Arg('input', () => RaisePackageSignalInput, { description: 'The signal.' }) input: RaisePackageSignalInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.packageSignals.raise(input);
  }

  @Authorized(Capability.SIGNAL_PACKAGE_ISSUES, Capability.REQUEST_PACKAGE_ASSESSMENT)
  @Mutation(() => PackageSignal, { description: 'Changes your party’s package signal while it is OPEN.' })
  updatePackageSignal(
    @Arg('input', () => UpdatePackageSignalInput, { description: 'The signal, its version and the changes.' })
    input: UpdatePackageSignalInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.packageSignals.update(input);
  }

  @Authorized(Capability.SIGNAL_PACKAGE_ISSUES, Capability.REQUEST_PACKAGE_ASSESSMENT)
  @Mutation(() => PackageSignal, { description: 'Withdraws your party’s package signal while it is OPEN.' })
  withdrawPackageSignal(
    @Arg('input', () => WithdrawPackageSignalInput, { description: 'The signal and its version.' })
    input: WithdrawPackageSignalInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.packageSignals.withdraw(input);
  }

  @Authorized(Capability.SIGNAL_PACKAGE_ISSUES, Capability.REQUEST_PACKAGE_ASSESSMENT)
  @Mutation(() => PackageSignal, {
    description:
      'Accepts co-signing an OPEN package signal your party was asked to co-sign (an editor of that party, holding the capability its kind needs to raise it): your party becomes a co-signer (coSigningParties).',
  })
  acceptPackageSignalCoSigning(
    @Arg('input', () => DecidePackageSignalCoSigningInput, { description: 'The signal, its version and your party.' })
    input: DecidePackageSignalCoSigningInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.packageSignals.acceptCoSigning(input);
  }

  @Authorized(Capability.SIGNAL_PACKAGE_ISSUES, Capability.REQUEST_PACKAGE_ASSESSMENT)
  @Mutation(() => PackageSignal, {
    description:
      'Declines co-signing a package signal your party was asked to co-sign (an editor of that party): it does not co-sign, and no longer reads the signal.',
  })
  declinePackageSignalCoSigning(
    @Arg('input', () => DecidePackageSignalCoSigningInput, { description: 'The signal, its version and your party.' })
    input: DecidePackageSignalCoSigningInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.packageSignals.declineCoSigning(input);
  }

  @Authorized(Capability.SIGNAL_PACKAGE_ISSUES, Capability.REQUEST_PACKAGE_ASSESSMENT)
  @Mutation(() => PackageSignal, {
    description:
      'Withdraws your party’s invitation to co-sign its package signal while PENDING, or a co-signer that accepted (the raising party’s editors): that party no longer reads the signal.',
  })
  withdrawPackageSignalCoSigning(
    @Arg('input', () => WithdrawPackageSignalCoSigningInput, { description: 'The signal, its version and the party.' })
    input: WithdrawPackageSignalCoSigningInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.packageSignals.withdrawCoSigning(input);
  }

  @Authorized(Capability.PUBLISH_ASSESSMENTS)
  @Mutation(() => PackageSignal, {
    description:
      'Takes up an OPEN package signal addressed to your party (Zorginstituut, PUBLISH_ASSESSMENTS): links it to an assessment of yours, or to a new draft assessment at stage SIGNAL.',
  })
  takeUpPackageSignal(
    @Arg('input', () => TakeUpPackageSignalInput, { description: 'The signal, its version and the assessment.' })
    input: TakeUpPackageSignalInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.packageSignals.takeUp(input);
  }

  @Authorized(Capability.PUBLISH_ASSESSMENTS)
  @Mutation(() => PackageSignal, {
    description:
      'Declines an OPEN package signal addressed to your party (Zorginstituut, PUBLISH_ASSESSMENTS), with the reasoning the raising party reads.',
  })
  declinePackageSignal(
    @Arg('input', () => DeclinePackageSignalInput, { description: 'The signal, its version and the reasoning.' })
    input: DeclinePackageSignalInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.packageSignals.decline(input);
  }

  @FieldResolver(() => Party, { description: 'The party that raised it (indiener).' })
  raisingParty(@Root() s: PackageSignal, @Ctx() ctx: Context) {
    return ctx.loaders.partyById.get(s.raisingPartyId);
  }

  @FieldResolver(() => Party, {
    description:
      'The party it is addressed to (geadresseerde), which answers it: the Zorginstituut, fixed when it was raised.',
  })
  addresseeParty(@Root() s: PackageSignal, @Ctx() ctx: Context) {
    return ctx.loaders.partyById.get(s.addresseePartyId);
  }

  @FieldResolver(() => [Party], {
    description:
      'The parties that co-sign it (a Zorg Advies Traject is run by insurers together): those that accepted, in the order they were asked. A party asked and not (yet) agreeing is not here: see coSignerInvitations.',
  })
  async coSigningParties(@Root() s: PackageSignal, @Ctx() ctx: Context) {
    const rows = await ctx.loaders.coSignersBySignalId.load(s.id);
    return Promise.all(
      rows
        .filter((r) => r.status === PackageSignalCoSignerStatus.ACCEPTED)
        .map((r) => ctx.loaders.partyById.get(r.partyId)),
    );
  }

  @FieldResolver(() => [PackageSignalCoSigner], {
    description:
      'The parties asked to co-sign it and their answers (PENDING, ACCEPTED, DECLINED, WITHDRAWN), in the order they were asked: all of them for the raising party, VWS and operators, its own for a party asked; empty for everyone else.',
  })
  coSignerInvitations(@Root() s: PackageSignal, @Ctx() ctx: Context) {
    return ctx.access.packageSignals.coSignerInvitationsOf(s);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who raised it; null unless you may see them.' })
  raisedBy(@Root() s: PackageSignal, @Ctx() ctx: Context) {
    return ctx.access.people.visibleUser(s.raisedByUserId);
  }

  @FieldResolver(() => Date, { description: 'When it was raised (ingediend).' })
  raisedAt(@Root() s: PackageSignal) {
    return s.createdAt;
  }

  @FieldResolver(() => Intervention, { nullable: true, description: 'The intervention (zorgvorm) it is about.' })
  intervention(@Root() s: PackageSignal, @Ctx() ctx: Context) {
    return s.interventionId ? ctx.loaders.interventionById.get(s.interventionId) : null;
  }

  @FieldResolver(() => Sector, { nullable: true, description: 'The sector it is about.' })
  sector(@Root() s: PackageSignal, @Ctx() ctx: Context) {
    return s.sectorId ? ctx.loaders.sectorById.get(s.sectorId) : null;
  }

  @FieldResolver(() => PackageAssessment, {
    nullable: true,
    description:
      'The package assessment it was taken up into; null until TAKEN_UP, and while that assessment is a draft you may not read.',
  })
  assessment(@Root() s: PackageSignal, @Ctx() ctx: Context) {
    return ctx.services.packageSignals.assessmentOf(s);
  }

  @FieldResolver(() => User, {
    nullable: true,
    description: 'Who answered (or withdrew) it; null while OPEN or unless you may see them.',
  })
  answeredBy(@Root() s: PackageSignal, @Ctx() ctx: Context) {
    return ctx.access.people.visibleUser(s.answeredByUserId);
  }

  @FieldResolver(() => Party, { nullable: true, description: 'The party that answered it (Zorginstituut).' })
  answeredByParty(@Root() s: PackageSignal, @Ctx() ctx: Context) {
    return s.answeredByPartyId ? ctx.loaders.partyById.get(s.answeredByPartyId) : null;
  }
}

/** A party asked to co-sign a signal, and its answer. */
@Resolver(() => PackageSignalCoSigner)
export class PackageSignalCoSignerResolver {
  @FieldResolver(() => Party, { description: 'The party asked to co-sign.' })
  party(@Root() c: PackageSignalCoSigner, @Ctx() ctx: Context) {
    return ctx.loaders.partyById.get(c.partyId);
  }

  @FieldResolver(() => User, {
    nullable: true,
    description: 'Who accepted, declined or withdrew it; null while PENDING or unless you may see them.',
  })
  decidedBy(@Root() c: PackageSignalCoSigner, @Ctx() ctx: Context) {
    return ctx.access.people.visibleUser(c.decidedByUserId);
  }

  @FieldResolver(() => Boolean, {
    description:
      'Whether you may accept or decline it now: an editor of the party asked, while it is PENDING (the rule accepting and declining ask).',
  })
  async mayAnswer(@Root() c: PackageSignalCoSigner, @Ctx() ctx: Context) {
    const signal = await ctx.loaders.packageSignalById.load(c.signalId);
    return signal !== null && ctx.access.packageSignals.mayAnswerCoSigning(signal, c);
  }
}

/** The signals an assessment took up: where it came from (herkomst), as far as the reader may read them. */
@Resolver(() => PackageAssessment)
export class AssessmentSignalResolver {
  @FieldResolver(() => [PackageSignal], {
    description: `The package signals taken up into it (herkomst: pakketsignaal), those you may read. ${capped('PackageAssessment.signals')}`,
  })
  async signals(@Root() a: PackageAssessment, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    return capList(await ctx.services.packageSignals.forAssessment(a), cap, 'PackageAssessment.signals');
  }
}
