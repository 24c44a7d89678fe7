import type { GraphQLResolveInfo } from 'graphql';
import { ArgsType, Field, Int } from 'type-graphql';
import type { Loader } from '../server/loaders/loader';
import { whenLoaded } from '../server/shared/promises';
import type { OwnerPage } from '../server/loaders/batch';
import { LIST_DEFAULTS } from '../server/security/list-bounds';
import {
  NESTED_DEFAULT_SIZE,
  NESTED_MAX_SIZE,
  nestedPageWindow,
  ownerPageConnection,
  type PageArgs,
} from '../server/shared/pagination';
import { selectedFields } from './selection';

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

/** The page a root list's resolver asks its service for, saying whether the client selects `totalCount`. */
export function pageOf(page: PageArgsType, info: GraphQLResolveInfo): PageArgs {
  return { first: page.first, after: page.after, withCount: selectedFields(info).has('totalCount') };
}

/** A page of a list inside one record (a deliverable's status updates, …). */
@ArgsType()
export class NestedPageArgs {
  @Field(() => Int, {
    nullable: true,
    description: `Page size (default in the field’s description, at most ${NESTED_MAX_SIZE}).`,
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
    description: `At most this many (default in the field’s description, at most ${NESTED_MAX_SIZE}); the rest are left out.`,
  })
  first?: number | null;
}

/** The page size of a list field when the client gives no `first` (list-bounds.ts). */
function defaultSize(field: string): number {
  return LIST_DEFAULTS[field] ?? NESTED_DEFAULT_SIZE;
}

/** Cap text for a list field's description (`Type.field`). */
export function capped(field: string): string {
  return `At most \`first\` items (default ${defaultSize(field)}, at most ${NESTED_MAX_SIZE}).`;
}

/** The first `first` items of an already loaded list (lists computed in a service). */
export function capList<T, L extends T[] | null>(items: L, args: CappedListArgs, field: string): L {
  const { limit } = nestedPageWindow({ first: args.first }, NESTED_MAX_SIZE, defaultSize(field));
  return (items?.slice(0, limit) ?? items) as L;
}

/** How many items a capped list field returns: `first`, else its default (list-bounds.ts). */
export function cappedLimit(args: CappedListArgs, field: string): number {
  return nestedPageWindow({ first: args.first }, NESTED_MAX_SIZE, defaultSize(field)).limit;
}

/** The first `first` rows of one owner's list, read in one batched statement for all owners. */
export function cappedRows<T>(
  loader: (limit: number, offset?: number) => Loader<string, OwnerPage<T>>,
  owner: string,
  args: CappedListArgs,
  field: string,
): T[] | Promise<T[]> {
  return whenLoaded(loader(cappedLimit(args, field)).get(owner), (page) => page.rows);
}

/** One owner's page as a connection, read in one batched statement for all owners. */
export function ownerConnection<T>(
  loader: (limit: number, offset?: number) => Loader<string, OwnerPage<T>>,
  owner: string,
  args: NestedPageArgs,
  field: string,
) {
  const { limit, offset } = nestedPageWindow(args, NESTED_MAX_SIZE, defaultSize(field));
  return whenLoaded(loader(limit, offset).get(owner), (page) => ownerPageConnection(page, offset));
}
