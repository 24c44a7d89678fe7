import type { DataSource } from 'typeorm';
import type { DomainEvent } from '../../../entities/domain-event.entity';
import type { EventFilter } from '../../../schema/inputs/event-filter.input';
import type { EventAccess } from '../../auth/events.access';
import type { SynergyAccess } from '../../auth/synergy.access';
import type { Config } from '../../config';
import { pageSize } from '../../shared/pagination';
import { assertKeptAfter, eventSelection, latestCursor, parseEventCursor, readEvents } from './event-store';

/**
 * A page of the change feed. `endCursor` is the newest event committed when the page was read if nothing
 * more is visible; else the last event shown (or, when a page found none to show in its whole budget, the
 * last one it looked at).
 */
export interface EventPage {
  edges: { node: DomainEvent; cursor: string }[];
  nodes: DomainEvent[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/** How many outbox rows one page may look at, per event asked for (and at least), before it answers with fewer. */
const SCAN_FACTOR = 5;
const MIN_SCAN = 200;
/** Rows one read of the outbox takes at most while the page looks for events to show. */
const BATCH = 100;

/** The change feed (wijzigingenfeed): the outbox as a connection, for portals that poll and for ETL. */
export class EventFeedService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: Config,
    private readonly access: EventAccess,
    private readonly synergy: SynergyAccess,
  ) {}

  async changes(after: string | null | undefined, filter: EventFilter | null | undefined, firstArg?: number | null) {
    const first = pageSize(firstArg, this.config.maxPageSize, { min: 1 });
    const selection = eventSelection(filter, await this.synergy.readScope());
    const start = parseEventCursor(after);
    // The page looks no further than what is committed now. Where it ends then depends only on what the viewer
    // may read, with one exception below: a hidden event that matches the filter does not move the cursor or
    // hasNextPage (it would tell that a draft changed). Later commits get higher cursors, so nothing below this
    // bound can still appear.
    const now = await latestCursor(this.dataSource);
    const latest = BigInt(now) > BigInt(start) ? now : start;
    const budget = Math.max(first * SCAN_FACTOR, MIN_SCAN);
    const visible: DomainEvent[] = [];
    let looked = start;
    let scanned = 0;
    let hasNextPage: boolean | null = null;
    while (hasNextPage === null) {
      // Hidden events may fill whole batches: read what is left of the budget in few statements.
      const batch = await readEvents(
        this.dataSource,
        looked,
        selection,
        Math.max(first + 1, Math.min(BATCH, budget - scanned)),
        latest,
      );
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
    // A resume must not pass over pruned events, also when the pruning committed while the page was read. A
    // page from the start is whatever the outbox holds; one pruned meanwhile holds older events too.
    await assertKeptAfter(this.dataSource, start);
    const edges = visible.map((node) => ({ node, cursor: node.cursor! }));
    // The exception: a page that looked at its whole budget (at least MIN_SCAN events) and found none to show
    // moves past them, so a poller does not read them again forever; that tells it that at least so many
    // events it may not read matched its filter.
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
