import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Deliverable, Party, Programme, Workstream } from '../entities';
import { Capability } from '../entities/capability.enum';
import { FuzzyDate } from '../entities/fuzzy-date';
import {
  CreateProgrammeInput,
  CreateWorkstreamInput,
  UpdateProgrammeInput,
  UpdateWorkstreamInput,
} from '../schema/inputs/deliverable.input';
import { fuzzyDateOrNull } from '../server/shared/fuzzy-dates';
import type { Context } from '../server/context';
import { byDue } from '../server/loaders/deliverable.loaders';
import { CappedListArgs, capped, cappedLimit, cappedRows } from './page-args';

@Resolver(() => Programme)
export class ProgrammeResolver {
  @Query(() => [Programme], {
    description: `Programmes (programma’s), by name: VVTB, IZA-advies, KPPZ, ZE&GG, … ${capped('Query.programmes')}`,
  })
  async programmes(@Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    return ctx.services.programmes.list(cappedLimit(cap, 'Query.programmes'));
  }

  @Query(() => Programme, { nullable: true, description: 'One programme by id; null when there is none.' })
  programme(@Arg('id', () => ID, { description: 'Global id of the programme.' }) id: string, @Ctx() ctx: Context) {
    return ctx.services.programmes.byId(id);
  }

  @FieldResolver(() => Party, { nullable: true, description: 'The owning party (eigenaar).' })
  ownerParty(@Root() programme: Programme, @Ctx() ctx: Context) {
    return programme.ownerPartyId ? ctx.loaders.partyById.get(programme.ownerPartyId) : null;
  }

  @FieldResolver(() => [Party], { description: 'Partner parties, by name.' })
  partnerParties(@Root() programme: Programme, @Ctx() ctx: Context) {
    return ctx.loaders.partnersByProgrammeId.get(programme.id);
  }

  @FieldResolver(() => FuzzyDate, { nullable: true, description: 'Period (looptijd), when the documents state one.' })
  period(@Root() programme: Programme) {
    return fuzzyDateOrNull(programme.period);
  }

  @FieldResolver(() => [Workstream], {
    description: `Workstreams (pijlers, sporen, adviesonderwerpen), in order. ${capped('Programme.workstreams')}`,
  })
  workstreams(@Root() programme: Programme, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    return cappedRows(ctx.loaders.workstreamPagesByProgrammeId, programme.id, cap, 'Programme.workstreams');
  }

  @Authorized(Capability.MANAGE_PROGRAMMES)
  @Mutation(() => Programme, { description: 'Creates a programme (VWS).' })
  createProgramme(
    @Arg('input', () => CreateProgrammeInput, { description: 'The programme.' }) input: CreateProgrammeInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.programmes.create(input);
  }

  @Authorized(Capability.MANAGE_PROGRAMMES)
  @Mutation(() => Programme, { description: 'Changes a programme (VWS).' })
  updateProgramme(
    @Arg('input', () => UpdateProgrammeInput, { description: 'The programme, its version and the changes.' })
    input: UpdateProgrammeInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.programmes.update(input);
  }
}

@Resolver(() => Workstream)
export class WorkstreamResolver {
  @FieldResolver(() => Programme, { description: 'The programme it belongs to.' })
  programme(@Root() workstream: Workstream, @Ctx() ctx: Context) {
    return ctx.loaders.programmeById.get(workstream.programmeId);
  }

  @FieldResolver(() => [Deliverable], {
    description: `Its deliverables, by due date. ${capped('Workstream.deliverables')}`,
  })
  async deliverables(@Root() workstream: Workstream, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    return (
      await cappedRows(ctx.loaders.deliverablePagesByWorkstreamId, workstream.id, cap, 'Workstream.deliverables')
    ).sort(byDue);
  }

  @Authorized(Capability.MANAGE_PROGRAMMES)
  @Mutation(() => Workstream, { description: 'Adds a workstream to a programme (VWS).' })
  createWorkstream(
    @Arg('input', () => CreateWorkstreamInput, { description: 'The workstream.' }) input: CreateWorkstreamInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.programmes.createWorkstream(input);
  }

  @Authorized(Capability.MANAGE_PROGRAMMES)
  @Mutation(() => Workstream, { description: 'Changes a workstream (VWS).' })
  updateWorkstream(
    @Arg('input', () => UpdateWorkstreamInput, { description: 'The workstream, its version and the changes.' })
    input: UpdateWorkstreamInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.programmes.updateWorkstream(input);
  }
}
