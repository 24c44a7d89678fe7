import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Info } from 'type-graphql';
import { Membership, Party, Responsibility, Sector } from '../entities';
import { Capability } from '../entities/capability.enum';
import { UpdatePartyInput } from '../schema/inputs/identity.input';
import { ConnectionType } from '../schema/connection';
import { PartyFilter } from '../schema/inputs/party-filter.input';
import { CappedListArgs, PageArgsType, capped, cappedLimit, cappedRows, pageOf } from './page-args';
import type { Context } from '../server/context';

export const PartyConnection = ConnectionType(Party, 'party');

@Resolver(() => Party)
export class PartyResolver {
  @Query(() => PartyConnection, { description: 'Parties (partijen), ordered by name, one page at a time.' })
  parties(
    @Args() page: PageArgsType,
    @Arg('filter', () => PartyFilter, { nullable: true, description: 'Only parties matching all given conditions.' })
    filter: PartyFilter | null,
    @Info() info: GraphQLResolveInfo,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.parties.list(filter, pageOf(page, info));
  }

  @Query(() => Party, { nullable: true, description: 'One party by id; null when there is none.' })
  party(@Arg('id', () => ID, { description: 'Global id of the party.' }) id: string, @Ctx() ctx: Context) {
    return ctx.services.parties.byId(id);
  }

  @FieldResolver(() => Party, { nullable: true, description: 'Parent organisation (e.g. ACP under Zorginstituut).' })
  parent(@Root() party: Party, @Ctx() ctx: Context) {
    return party.parentId ? ctx.loaders.partyById.get(party.parentId) : null;
  }

  @FieldResolver(() => [Party], {
    description: `Organisations under this one (onderdelen), by name. ${capped('Party.children')}`,
  })
  async children(@Root() party: Party, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    return cappedRows(ctx.loaders.childPagesByPartyId, party.id, cap, 'Party.children');
  }

  @FieldResolver(() => [Sector], { description: 'Sectors the party is active in.' })
  sectors(@Root() party: Party, @Ctx() ctx: Context) {
    return ctx.loaders.sectorsByPartyId.get(party.id);
  }

  @FieldResolver(() => Boolean, {
    description:
      'True for a party with no sector of its own (VWS, Zorginstituut, patient organisations): it works across all sectors and is listed in every sector.',
  })
  async crossSector(@Root() party: Party, @Ctx() ctx: Context) {
    return (await ctx.loaders.sectorsByPartyId.load(party.id)).length === 0;
  }

  @FieldResolver(() => [Responsibility], {
    description: 'Documented duties of this party: its own and those of its kind of party.',
  })
  async responsibilities(@Root() party: Party, @Ctx() ctx: Context) {
    const [own, ofKind] = await Promise.all([
      ctx.loaders.responsibilitiesByPartyId.load(party.id),
      ctx.loaders.responsibilitiesByPartyKind.load(party.kind),
    ]);
    return [...own, ...ofKind];
  }

  @FieldResolver(() => [Membership], {
    nullable: true,
    description: `Members (leden) with their roles; visible to the party’s own members, VWS and operators, otherwise null. ${capped('Party.members')}`,
  })
  async members(@Root() party: Party, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    return ctx.services.memberships.ofParty(party.id, cappedLimit(cap, 'Party.members'));
  }

  @Authorized(Capability.EDIT_PARTY_PROFILE)
  @Mutation(() => Party, { description: 'Edits a party’s profile (editors of that party). Send the version you read.' })
  updateParty(
    @Arg('input', () => UpdatePartyInput, { description: 'The party, its version and the changes.' })
    input: UpdatePartyInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.parties.update(input);
  }
}
