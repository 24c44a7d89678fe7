import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { Party, Responsibility, Sector } from '../entities';
import { ConnectionType } from '../schema/connection';
import { PartyFilter } from '../schema/inputs/party-filter.input';
import type { Context } from '../server/context';

export const PartyConnection = ConnectionType(Party, 'party');

@ArgsType()
export class PageArgsType {
  @Field(() => Int, {
    nullable: true,
    description: 'Page size (default 20, at most MAX_PAGE_SIZE, 100 unless configured).',
  })
  first?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Return items after this cursor (`pageInfo.endCursor` of the previous page).',
  })
  after?: string | null;
}

@Resolver(() => Party)
export class PartyResolver {
  @Query(() => PartyConnection, { description: 'Parties (partijen), ordered by name, one page at a time.' })
  parties(
    @Args() page: PageArgsType,
    @Arg('filter', () => PartyFilter, { nullable: true, description: 'Only parties matching all given conditions.' })
    filter: PartyFilter | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.parties.list(filter, page);
  }

  @Query(() => Party, { nullable: true, description: 'One party by id; null when there is none.' })
  party(@Arg('id', () => ID, { description: 'Global id of the party.' }) id: string, @Ctx() ctx: Context) {
    return ctx.services.parties.byId(id);
  }

  @FieldResolver(() => Party, { nullable: true, description: 'Parent organisation (e.g. ACP under Zorginstituut).' })
  parent(@Root() party: Party, @Ctx() ctx: Context) {
    return party.parentId ? ctx.loaders.partyById.load(party.parentId) : null;
  }

  @FieldResolver(() => [Party], { description: 'Organisations under this one (onderdelen), by name.' })
  children(@Root() party: Party, @Ctx() ctx: Context) {
    return ctx.loaders.childrenByPartyId.load(party.id);
  }

  @FieldResolver(() => [Sector], { description: 'Sectors the party is active in.' })
  sectors(@Root() party: Party, @Ctx() ctx: Context) {
    return ctx.loaders.sectorsByPartyId.load(party.id);
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
}
