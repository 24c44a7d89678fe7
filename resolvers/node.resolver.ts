import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import { Node } from '../entities/base.entity';
import type { Context } from '../server/context';

@Resolver()
export class NodeResolver {
  @Query(() => Node, {
    nullable: true,
    description: 'Any object by its global id (Relay); null when it does not exist.',
  })
  node(@Arg('id', () => ID, { description: 'A global id returned by this API.' }) id: string, @Ctx() ctx: Context) {
    return ctx.services.nodes.node(id);
  }
}
