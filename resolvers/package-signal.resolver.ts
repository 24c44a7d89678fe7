import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Info } from 'type-graphql';
import { Intervention, PackageAssessment, PackageSignal, Party, Sector, User } from '../entities';
import { Capability } from '../entities/capability.enum';
import { ConnectionType } from '../schema/connection';
import {
  DeclinePackageSignalInput,
  PackageSignalFilter,
  RaisePackageSignalInput,
  TakeUpPackageSignalInput,
  UpdatePackageSignalInput,
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
    description: 'The insurers that co-sign it (a Zorg Advies Traject), by key.',
  })
  coSigningParties(@Root() s: PackageSignal, @Ctx() ctx: Context) {
    return ctx.loaders.coSignersBySignalId.load(s.id);
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
