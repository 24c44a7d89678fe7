import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root, Info } from 'type-graphql';
import { Intervention, Sector } from '../entities';
import { ConnectionType } from '../schema/connection';
import { InterventionFilter } from '../schema/inputs/intervention-filter.input';
import type { Context } from '../server/context';
import { PageArgsType, pageOf } from './page-args';

export const InterventionConnection = ConnectionType(Intervention, 'intervention');

@Resolver(() => Intervention)
export class InterventionResolver {
  @Query(() => InterventionConnection, {
    description: 'Interventions (zorgvormen), ordered by name, one page at a time.',
  })
  interventions(
    @Args() page: PageArgsType,
    @Arg('filter', () => InterventionFilter, {
      nullable: true,
      description: 'Only interventions matching all given conditions.',
    })
    filter: InterventionFilter | null,
    @Info() info: GraphQLResolveInfo,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.interventions.list(filter, pageOf(page, info));
  }

  @Query(() => Intervention, { nullable: true, description: 'One intervention by id; null when there is none.' })
  intervention(
    @Arg('id', () => ID, { description: 'Global id of the intervention.' }) id: string,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.interventions.byId(id);
  }

  @FieldResolver(() => Sector, { nullable: true, description: 'The sector the care belongs to.' })
  sector(@Root() intervention: Intervention, @Ctx() ctx: Context) {
    return intervention.sectorId ? ctx.loaders.sectorById.get(intervention.sectorId) : null;
  }
}
