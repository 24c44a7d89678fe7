import { ArgsType, Field, Int } from 'type-graphql';
import type DataLoader from 'dataloader';
import type { OwnerPage } from '../server/loaders/batch';
import {
  NESTED_DEFAULT_SIZE,
  NESTED_MAX_SIZE,
  nestedPageWindow,
  ownerPageConnection,
} from '../server/services/pagination';

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

/** A page of a list inside one record (a deliverable's status updates, …). */
@ArgsType()
export class NestedPageArgs {
  @Field(() => Int, {
    nullable: true,
    description: `Page size (default ${NESTED_DEFAULT_SIZE}, at most ${NESTED_MAX_SIZE}).`,
  })
  first?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Return items after this cursor (`pageInfo.endCursor` of the previous page).',
  })
  after?: string | null;
}

/** The hard cap of a list that grows with the data but is not a connection. */
@ArgsType()
export class CappedListArgs {
  @Field(() => Int, {
    nullable: true,
    description: `At most this many (default ${NESTED_DEFAULT_SIZE}, at most ${NESTED_MAX_SIZE}); the rest are left out.`,
  })
  first?: number | null;
}

/** Cap text for a list field's description. */
export const CAPPED = `At most \`first\` items (default ${NESTED_DEFAULT_SIZE}, at most ${NESTED_MAX_SIZE}).`;

/** The first `first` items of an already loaded list (lists computed in a service). */
export function capList<T, L extends T[] | null>(items: L, args: CappedListArgs): L {
  const { limit } = nestedPageWindow({ first: args.first });
  return (items?.slice(0, limit) ?? items) as L;
}

/** The first `first` rows of one owner's list, read in one batched statement for all owners. */
export async function cappedRows<T>(
  loader: (limit: number, offset?: number) => DataLoader<string, OwnerPage<T>>,
  owner: string,
  args: CappedListArgs,
): Promise<T[]> {
  const { limit } = nestedPageWindow({ first: args.first });
  return (await loader(limit).load(owner)).rows;
}

/** One owner's page as a connection, read in one batched statement for all owners. */
export async function ownerConnection<T>(
  loader: (limit: number, offset?: number) => DataLoader<string, OwnerPage<T>>,
  owner: string,
  args: NestedPageArgs,
) {
  const { limit, offset } = nestedPageWindow(args);
  return ownerPageConnection(await loader(limit, offset).load(owner), offset);
}
