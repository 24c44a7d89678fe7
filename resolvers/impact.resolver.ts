import { Arg, Args, Ctx, Field, FieldResolver, ID, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Node } from '../entities/base.entity';
import { SynergyConflictKind } from '../entities/synergy.enums';
import { ImpactRelation } from '../entities/package-cycle.enums';
import { IMPACT_MAX_DEPTH } from '../server/services/package/impact.service';
import type { Context } from '../server/context';
import { capList, capped, CappedListArgs } from './page-args';

@ObjectType({ description: 'One step on the path from the record asked about to a dependant (stap).' })
export class ImpactStep {
  @Field(() => ImpactRelation, { description: 'How this record depends on the one before it (relatie).' })
  relation!: ImpactRelation;

  @Field(() => Node, { nullable: true, description: 'The record (null for a conflict, which is no node).' })
  node!: object | null;

  @Field(() => String, { nullable: true, description: 'For a conflict (tegenstrijdigheid): its stable key.' })
  conflictKey!: string | null;

  @Field(() => SynergyConflictKind, { nullable: true, description: 'For a conflict: which rule found it.' })
  conflictKind!: SynergyConflictKind | null;
}

@ObjectType({ description: 'A record that depends on the one asked about (afhankelijk record), with how.' })
export class ImpactEntry extends ImpactStep {
  @Field(() => Int, { description: 'How many steps away it is (1 to 3) (afstand).' })
  depth!: number;

  @Field(() => [ImpactStep], {
    description: 'The steps from the record asked about to this one, this one last (pad).',
  })
  path!: ImpactStep[];
}

@ObjectType({ description: 'What depends on a record (impactanalyse), as far as you may read.' })
export class ImpactReport {
  @Field(() => Node, { description: 'The record asked about.' })
  root!: object;

  entriesAll!: ImpactEntry[];

  @Field(() => Int, { description: 'How many dependants were found (up to 1000).' })
  get totalCount(): number {
    return this.entriesAll.length;
  }
}

@Resolver(() => ImpactReport)
export class ImpactResolver {
  @Query(() => ImpactReport, {
    nullable: true,
    description:
      'What depends on a record across domains (impact): links, conflicts, questions, projects, deliverables, conditions, re-assessments — to a depth of three, each with its path; records you may not read are left out, with what lies behind them. Null when the record is missing or hidden.',
  })
  async impact(
    @Arg('id', () => ID, { description: 'Global id of any record.' }) id: string,
    @Arg('depth', () => Int, {
      nullable: true,
      description: `How far to follow (1 to ${IMPACT_MAX_DEPTH}, default ${IMPACT_MAX_DEPTH}).`,
    })
    depth: number | null,
    @Ctx() ctx: Context,
  ): Promise<ImpactReport | null> {
    const result = await ctx.services.impact.impact(id, depth ?? IMPACT_MAX_DEPTH);
    if (!result) return null;
    return Object.assign(new ImpactReport(), { root: result.root, entriesAll: result.entries as ImpactEntry[] });
  }

  @FieldResolver(() => [ImpactEntry], {
    description: `The dependants, nearest first (afhankelijke records). ${capped('ImpactReport.entries')}`,
  })
  entries(@Root() report: ImpactReport, @Args() cap: CappedListArgs): ImpactEntry[] {
    return capList(report.entriesAll, cap, 'ImpactReport.entries');
  }
}
