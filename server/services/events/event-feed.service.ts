import type { DataSource } from 'typeorm';
import type { DomainEvent } from '../../../entities/domain-event.entity';
import type { EventFilter } from '../../../schema/inputs/event-filter.input';
import type { EventAccess } from '../../auth/events.access';
import type { Config } from '../../config';
import { pageSize } from '../../shared/pagination';
import { eventSelection, latestCursor, parseEventCursor, readEvents } from './event-store';

/**
 * A page of the change feed. `endCursor` is the newest event committed when the page was read if nothing
 * more is visible; else the last event shown (or, when a page found none to show, the last one it looked at).
 */
export interface EventPage {
  edges: { node: DomainEvent; cursor: string }[];
  nodes: DomainEvent[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/** How many outbox rows one page may look at, per event asked for (and at least), before it answers with fewer. */
const SCAN_FACTOR = 5;
const MIN_SCAN = 200;

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
    const start = parseEventCursor(after);
    // The page looks no further than what is committed now. Where it ends then depends only on what the viewer
    // may read: a hidden event that matches the filter never moves the cursor or hasNextPage (it would tell that
    // a draft changed). Later commits get higher cursors, so nothing below this bound can still appear.
    const now = await latestCursor(this.dataSource);
    const latest = BigInt(now) > BigInt(start) ? now : start;
    const budget = Math.max(first * SCAN_FACTOR, MIN_SCAN);
    const visible: DomainEvent[] = [];
    let looked = start;
    let scanned = 0;
    let hasNextPage: boolean | null = null;
    while (hasNextPage === null) {
      const batch = await readEvents(this.dataSource, looked, selection, first + 1, latest);
      const readable = new Set(await this.access.readable(batch));
      for (const event of batch) {
        if (readable.has(event)) {
          if (visible.length === first) {
            hasNextPage = true;
            break;
          }
          visible.push(event);
        }
        looked = event.cursor!;
        scanned += 1;
      }
      if (hasNextPage === null && batch.length <= first) hasNextPage = false;
      else if (hasNextPage === null && scanned >= budget) hasNextPage = true;
    }
    const edges = visible.map((node) => ({ node, cursor: node.cursor! }));
    // Past hidden events only when the page looked at its whole budget and found none to show: then it says
    // that at least that many matched, which keeps a poller from reading them again forever.
    const endCursor = hasNextPage ? (edges.at(-1)?.cursor ?? looked) : latest;
    return {
      edges,
      nodes: visible,
      pageInfo: {
        hasNextPage,
        hasPreviousPage: start !== '0',
        startCursor: edges[0]?.cursor ?? null,
        endCursor: endCursor === '0' ? null : endCursor,
      },
    } satisfies EventPage;
  }
}
