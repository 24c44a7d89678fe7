import type { DataSource } from 'typeorm';
import type { DomainEvent } from '../../../entities/domain-event.entity';
import type { EventFilter } from '../../../schema/inputs/event-filter.input';
import type { EventAccess } from '../../auth/events.access';
import type { Config } from '../../config';
import { pageSize } from '../../shared/pagination';
import { eventSelection, parseEventCursor, readEvents } from './event-store';

/** A page of the change feed; `endCursor` is the last event looked at, so hidden events are skipped once. */
export interface EventPage {
  edges: { node: DomainEvent; cursor: string }[];
  nodes: DomainEvent[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/** How many outbox rows one page may look at, per event asked for, before it answers with fewer. */
const SCAN_FACTOR = 5;

/** The change feed (wijzigingenfeed): the outbox as a connection, for portals that poll and for ETL. */
export class EventFeedService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: Config,
    private readonly access: EventAccess,
  ) {}

  async changes(after: string | null | undefined, filter: EventFilter | null | undefined, firstArg?: number | null) {
    const first = pageSize(firstArg, this.config.maxPageSize, { min: 1 });
    const selection = eventSelection(filter);
    let cursor = parseEventCursor(after);
    const start = cursor;
    const visible: DomainEvent[] = [];
    let scanned = 0;
    let more = true;
    // Events the viewer may not read are skipped; a page looks at a bounded number of rows, and when it
    // stops early its endCursor still moves past what it looked at.
    while (visible.length < first && more && scanned < first * SCAN_FACTOR) {
      const batch = await readEvents(this.dataSource, cursor, selection, first + 1);
      more = batch.length > first;
      const take = batch.slice(0, first);
      scanned += take.length;
      const readable = new Set(await this.access.readable(take));
      for (const event of take) {
        if (visible.length === first) {
          more = true;
          break;
        }
        cursor = event.cursor!;
        if (readable.has(event)) visible.push(event);
      }
    }
    const edges = visible.map((node) => ({ node, cursor: node.cursor! }));
    return {
      edges,
      nodes: visible,
      pageInfo: {
        hasNextPage: more,
        hasPreviousPage: start !== '0',
        startCursor: edges[0]?.cursor ?? null,
        endCursor: cursor === '0' ? null : cursor,
      },
    } satisfies EventPage;
  }
}
