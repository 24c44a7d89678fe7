import { Arg, Ctx, Field, FieldResolver, Int, ObjectType, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Node } from '../entities/base.entity';
import { DomainEvent } from '../entities/domain-event.entity';
import { PageInfo } from '../schema/connection';
import { EventFilter } from '../schema/inputs/event-filter.input';
import type { Context } from '../server/context';
import { BadUserInputError } from '../server/errors';
import { eventSelection, parseEventCursor } from '../server/services/events/event-store';
import { renewedPerEvent } from '../server/services/events/event-hub';

@ObjectType({ description: 'One domain event (gebeurtenis) in a page of the change feed, with its cursor.' })
export class DomainEventEdge {
  @Field(() => DomainEvent, { description: 'The event.' })
  node!: DomainEvent;

  @Field({ description: 'The event’s cursor; pass it as `after` to continue after it.' })
  cursor!: string;
}

@ObjectType({
  description:
    'A page of the change feed (wijzigingenfeed), oldest first. No total: which events a reader sees depends on what it may read when it asks.',
})
export class DomainEventConnection {
  @Field(() => [DomainEventEdge], { description: 'The events of this page with their cursors.' })
  edges!: DomainEventEdge[];

  @Field(() => [DomainEvent], { description: 'The events of this page, without cursors.' })
  nodes!: DomainEvent[];

  @Field(() => PageInfo, {
    description:
      'Where this page ends. `endCursor` moves past events this reader may not see, so pass it as `after`; it stays put when nothing new happened.',
  })
  pageInfo!: PageInfo;
}

@Resolver(() => DomainEvent)
export class DomainEventResolver {
  @Query(() => DomainEventConnection, {
    description:
      'The change feed (wijzigingenfeed): domain events after a cursor, oldest first, only those whose subject the signed-in user may read now. For portals that poll and for ETL; subscriptions deliver the same events as they happen.',
  })
  changes(
    @Arg('after', () => String, {
      nullable: true,
      description:
        'Events after this cursor (`pageInfo.endCursor` or an event’s `cursor`); from the start when absent. EVENTS_PRUNED when events after it were removed (EVENT_RETENTION_DAYS).',
    })
    after: string | null,
    @Arg('filter', () => EventFilter, { nullable: true, description: 'Only events matching all conditions.' })
    filter: EventFilter | null,
    @Arg('first', () => Int, {
      nullable: true,
      description: 'Page size (default 20, at most MAX_PAGE_SIZE, 100 unless configured).',
    })
    first: number | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.eventFeed.changes(after, filter, first);
  }

  @Subscription(() => DomainEvent, {
    description:
      'Domain events as they are committed (graphql-ws over WebSocket at /graphql, bearer token in connectionParams), only those whose subject the signed-in user may read at delivery. With `after`, first what was missed since that cursor, in order, without gaps or repeats (EVENTS_PRUNED when some of it was removed).',
    subscribe: ({ args, context }) => {
      const ctx = context as Context;
      if (!ctx.eventHub)
        throw new BadUserInputError('Subscribe over WebSocket (graphql-ws) at /graphql.', 'subscription');
      const filter = args.filter as EventFilter | null | undefined;
      const after = args.after as string | null | undefined;
      const hub = ctx.eventHub;
      const stream = ctx.access.synergy
        .readScope()
        .then((scope) =>
          hub.open(ctx.viewer, eventSelection(filter, scope), after == null ? null : parseEventCursor(after)),
        );
      return stream.then((events) => renewedPerEvent(events, ctx.renew));
    },
  })
  events(
    @Root() event: DomainEvent,
    @Arg('after', () => String, {
      nullable: true,
      description: 'Resume (hervatten): first the events after this cursor, then live ones.',
    })
    _after: string | null,
    @Arg('filter', () => EventFilter, { nullable: true, description: 'Only events matching all conditions.' })
    _filter: EventFilter | null,
  ): DomainEvent {
    return event;
  }

  @FieldResolver(() => Node, {
    nullable: true,
    description: 'The record it happened to (onderwerp), as it is now; null once it is removed.',
  })
  subject(@Root() event: DomainEvent, @Ctx() ctx: Context) {
    return ctx.services.nodes.node(event.subjectGlobalId);
  }
}
