import { ArrayMaxSize, IsOptional, MaxLength } from 'class-validator';
import {
  Arg,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { Party } from '../entities';
import { Node } from '../entities/base.entity';
import { InboxItem, InboxItemKind, InboxKindCount } from '../entities/inbox.types';
import { PageInfo } from '../schema/connection';
import type { Context } from '../server/context';

@InputType({ description: 'Narrows the inbox; all given conditions must hold.' })
export class InboxFilter {
  @Field({ nullable: true, description: 'Only items the signed-in person has not marked read (ongelezen).' })
  unread?: boolean;

  @Field(() => [InboxItemKind], { nullable: true, description: 'Only items of these kinds.' })
  @IsOptional()
  @ArrayMaxSize(20)
  kinds?: InboxItemKind[] | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Only what waits for these of your parties (default: all of them); other parties add nothing.',
  })
  @IsOptional()
  @ArrayMaxSize(50)
  partyIds?: string[] | null;
}

@InputType({ description: 'Items to mark read or unread, for the signed-in person only.' })
export class MarkInboxItemsReadInput {
  @Field(() => [String], { description: 'Keys from myInbox (at most 100).' })
  @ArrayMaxSize(100)
  @MaxLength(120, { each: true })
  keys!: string[];

  @Field({ nullable: true, description: 'False marks them unread again (default true).' })
  read?: boolean;
}

@ObjectType({ description: 'One inbox item in a page, with its cursor.' })
export class InboxItemEdge {
  @Field(() => InboxItem, { description: 'The item.' })
  node!: InboxItem;

  @Field({ description: 'Opaque cursor of this edge.' })
  cursor!: string;
}

@ObjectType({ description: 'A page of the inbox (wat wacht op ons), oldest first, with counts per kind.' })
export class InboxItemConnection {
  @Field(() => [InboxItemEdge], { description: 'The items of this page with their cursors.' })
  edges!: InboxItemEdge[];

  @Field(() => [InboxItem], { description: 'The items of this page, without cursors.' })
  nodes!: InboxItem[];

  @Field(() => PageInfo, { description: 'Where this page starts and ends.' })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'Items matching the filter, over all pages.' })
  totalCount!: number;

  @Field(() => [InboxKindCount], { description: 'Per kind: how many match the filter, and how many are unread.' })
  countsByKind!: InboxKindCount[];
}

@Resolver(() => InboxItem)
export class InboxResolver {
  @Query(() => InboxItemConnection, {
    description:
      'What waits for the signed-in person’s parties (inbox): links awaiting our confirmation, our links on NEEDS_REVIEW, our overdue deliverables and milestones.',
  })
  myInbox(
    @Arg('filter', () => InboxFilter, { nullable: true, description: 'Only items matching all conditions.' })
    filter: InboxFilter | null,
    @Arg('first', () => Int, {
      nullable: true,
      description: 'Page size (default 20, at most MAX_PAGE_SIZE, 100 unless configured).',
    })
    first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Items after this cursor (`pageInfo.endCursor`).' })
    after: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.inbox.inbox(filter, after, first);
  }

  @Mutation(() => Int, {
    description:
      'Marks inbox items read (or unread) for the signed-in person; answers how many changed. Only items in the inbox now are marked read: keys of items that have gone are passed over.',
  })
  markInboxItemsRead(
    @Arg('input', () => MarkInboxItemsReadInput, { description: 'The items.' }) input: MarkInboxItemsReadInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.inbox.mark(input.keys, input.read ?? true);
  }

  @FieldResolver(() => Node, { nullable: true, description: 'The record that waits, if the person may read it.' })
  subject(@Root() item: InboxItem, @Ctx() ctx: Context) {
    return ctx.services.nodes.node(item.subjectId);
  }

  @FieldResolver(() => Party, { nullable: true, description: 'Which of the person’s parties it waits for.' })
  party(@Root() item: InboxItem, @Ctx() ctx: Context) {
    return ctx.loaders.partyById.get(item.party_id);
  }
}
