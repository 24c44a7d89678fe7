import { filterReadable } from '../server/shared/readable';
import { Arg, Ctx, Field, FieldResolver, ID, InputType, Query, Resolver, Root } from 'type-graphql';
import { ArrayMaxSize, IsOptional } from 'class-validator';
import { Guideline, Party, PracticeCase, Sector } from '../entities';
import { PracticeCaseKind } from '../entities/practice-case.entity';
import type { Context } from '../server/context';

@InputType({ description: 'Which cases (casussen) to list.' })
export class PracticeCaseFilter {
  @Field(() => PracticeCaseKind, { nullable: true, description: 'Only this kind (soort).' })
  kind?: PracticeCaseKind | null;

  @Field(() => [ID], { nullable: true, description: 'Only cases in one of these sectors (sector).' })
  @IsOptional()
  @ArrayMaxSize(50)
  sectorIds?: string[] | null;

  @Field(() => ID, {
    nullable: true,
    deprecationReason: 'Use sectorIds.',
    description: 'Only cases in this sector (sector).',
  })
  sectorId?: string | null;
}

@Resolver(() => PracticeCase)
export class PracticeCaseResolver {
  @Query(() => [PracticeCase], {
    description: 'The cases the documents give (casussen): scarcity cases and good practices, with their sources.',
  })
  cases(
    @Arg('filter', () => PracticeCaseFilter, { nullable: true, description: 'Only those matching all conditions.' })
    filter: PracticeCaseFilter | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.practiceCases.list(filter);
  }

  @FieldResolver(() => Sector, { nullable: true, description: 'The sector (sector) it happened in.' })
  sector(@Root() c: PracticeCase, @Ctx() ctx: Context) {
    return c.sectorId ? ctx.loaders.sectorById.get(c.sectorId) : null;
  }

  @FieldResolver(() => [Party], { description: 'The parties involved (betrokken partijen).' })
  async parties(@Root() c: PracticeCase, @Ctx() ctx: Context) {
    const found = await ctx.loaders.partyByKey.loadMany(c.partyKeys);
    return found.filter((p): p is Party => p instanceof Party);
  }

  @FieldResolver(() => [Guideline], {
    description: 'The guidelines (richtlijnen) it concerns that are on the platform and readable to you.',
  })
  async guidelines(@Root() c: PracticeCase, @Ctx() ctx: Context) {
    const found = await ctx.loaders.guidelineByKey.loadMany(c.guidelineKeys);
    const guidelines = found.filter((g): g is Guideline => g instanceof Guideline);
    return filterReadable(guidelines, (g) => ctx.access.synergy.canReadGuideline(g));
  }
}
