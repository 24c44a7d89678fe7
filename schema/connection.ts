import { Field, Int, ObjectType, type ClassType } from 'type-graphql';

@ObjectType({ description: 'Where a page of a connection (Relay cursor pagination) starts and ends.' })
export class PageInfo {
  @Field({ description: 'True when more items follow `endCursor`.' })
  hasNextPage!: boolean;

  @Field({ description: 'True when this page was requested with `after`, so items come before it.' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first edge; null on an empty page.' })
  startCursor!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Cursor of the last edge; pass it as `after` for the next page.',
  })
  endCursor!: string | null;
}

export interface Edge<T> {
  node: T;
  cursor: string;
}

export interface Connection<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  /** A promise where counting is a statement of its own, run only when the field is read (`paginate`). */
  totalCount: number | Promise<number>;
}

/** Builds the `XConnection` and `XEdge` types for a node type (Relay connection spec). */
export function ConnectionType<T extends object>(nodeType: ClassType<T>, label: string) {
  const name = nodeType.name;

  @ObjectType(`${name}Edge`, { description: `One ${label} in a page, with its cursor.` })
  class EdgeType {
    @Field(() => nodeType, { description: `The ${label}.` })
    node!: T;

    @Field({ description: 'Opaque cursor of this edge; stable while the item’s sort key does not change.' })
    cursor!: string;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${label}s (Relay connection).` })
  class ConnectionClass implements Connection<T> {
    @Field(() => [EdgeType], { description: 'The items of this page with their cursors.' })
    edges!: EdgeType[];

    @Field(() => [nodeType], { description: 'The items of this page, without cursors.' })
    nodes!: T[];

    @Field(() => PageInfo, { description: 'Where this page starts and ends.' })
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'Number of items matching the filter, over all pages.' })
    totalCount!: number;
  }

  return ConnectionClass;
}
