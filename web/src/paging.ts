export type PageInfo = { hasNextPage: boolean; endCursor: string | null };

/** A page of a list as the API answers it: its items (as edges or as nodes) and where the next page starts. */
export type Paged = { pageInfo: PageInfo } & ({ edges: readonly unknown[] } | { nodes: readonly unknown[] });

/** How many items a page of a list holds. */
export const itemsIn = (list: Paged): number => ('edges' in list ? list.edges.length : list.nodes.length);

/**
 * Reads on after `read`, a list read again from its start, until it holds `wanted` items or ends: each next page
 * from `next` (a fetchMore, which the cache appends to the list), of `page` items or of what is missing when that
 * is fewer. A page read again after a change keeps what the person had loaded with "Meer laden" this way.
 */
export async function readOn(
  read: Paged | null | undefined,
  wanted: number,
  page: number,
  next: (after: string | null, first: number) => Promise<Paged | null | undefined>,
): Promise<void> {
  if (!read) return;
  let count = itemsIn(read);
  let { hasNextPage, endCursor } = read.pageInfo;
  while (hasNextPage && count < wanted) {
    const more = await next(endCursor, Math.min(page, wanted - count));
    // An empty page would ask the same cursor again for ever.
    if (!more || itemsIn(more) === 0) return;
    count += itemsIn(more);
    ({ hasNextPage, endCursor } = more.pageInfo);
  }
}
