import { ArgsType, Field, Int } from 'type-graphql';

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
