import { Arg, Args, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { PackageCriterion, Party, Responsibility, Sector } from '../entities';
import { PackageCriterionFilter, ResponsibilityFilter } from '../schema/inputs/reference-filters.input';
import { CappedListArgs, capped, cappedRows } from './page-args';
import type { Context } from '../server/context';

@Resolver(() => Sector)
export class SectorResolver {
  @Query(() => [Sector], { description: 'All care sectors (zorgsectoren), by Dutch name.' })
  sectors(@Ctx() ctx: Context) {
    return ctx.services.referenceData.sectors();
  }

  @Query(() => Sector, { nullable: true, description: 'One sector by id; null when there is none.' })
  sector(@Arg('id', () => ID, { description: 'Global id of the sector.' }) id: string, @Ctx() ctx: Context) {
    return ctx.services.referenceData.sector(id);
  }

  @FieldResolver(() => [Party], { description: `Parties active in this sector, by name. ${capped('Sector.parties')}` })
  async parties(@Root() sector: Sector, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    return cappedRows(ctx.loaders.partyPagesBySectorId, sector.id, cap, 'Sector.parties');
  }
}

@Resolver(() => PackageCriterion)
export class PackageCriterionResolver {
  @Query(() => [PackageCriterion], {
    description: 'Package criteria (pakketcriteria) and the legal requirements of the Zvw, with their status.',
  })
  packageCriteria(
    @Arg('filter', () => PackageCriterionFilter, {
      nullable: true,
      description: 'Only criteria matching all given conditions.',
    })
    filter: PackageCriterionFilter | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.referenceData.packageCriteria(filter);
  }
}

@Resolver(() => Responsibility)
export class ResponsibilityResolver {
  @Query(() => [Responsibility], {
    description:
      'Documented responsibilities (verantwoordelijkheden) per kind of party or party, with their source quotes.',
  })
  responsibilities(
    @Arg('filter', () => ResponsibilityFilter, {
      nullable: true,
      description: 'Only duties matching all given conditions.',
    })
    filter: ResponsibilityFilter | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.referenceData.responsibilities(filter);
  }

  @FieldResolver(() => Party, {
    nullable: true,
    description: 'The named party, when the duty is stated for one party.',
  })
  party(@Root() responsibility: Responsibility, @Ctx() ctx: Context) {
    return responsibility.partyId ? ctx.loaders.partyById.get(responsibility.partyId) : null;
  }
}
