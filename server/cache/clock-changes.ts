import type { DataSource } from 'typeorm';
import type { Logger } from '../logger';
import type { DataChangeListener } from './data-changes';

/** The tables whose rows name moments at which answers change while no row does. */
const CLOCK_TABLES = ['consultation_round', 'topic_call'];

/**
 * Per table, the next of those moments still ahead: a round opens at `opens_at` (its draft becomes readable
 * to those it consults, CONSULTED_SQL; status OPEN) and closes at `closes_at` (status CLOSED; the inbox and
 * who may score compare with it); a call closes at `closes_at` (its `opens_at` is its opening write's moment,
 * taken by this process's clock). A concluded round's moments decide nothing any more. `at` is compared with
 * this process's clock (roundStatus, callStatus), `inMs` is how far ahead it is by the database's (the SQL
 * rules compare with now()). Without an index: a sequential scan of rounds and calls (hundreds a year; 10 000
 * rows take under a millisecond), run after their writes and hourly.
 */
const NEXT_MOMENTS_SQL = `
  SELECT "table", at, extract(epoch FROM at - now()) * 1000 AS "inMs"
    FROM (SELECT 'consultation_round' AS "table", min(CASE WHEN opens_at > now() THEN opens_at ELSE closes_at END) AS at
            FROM consultation_round WHERE concluded_at IS NULL AND closes_at > now()
          UNION ALL
          SELECT 'topic_call', min(CASE WHEN opens_at > now() THEN opens_at ELSE closes_at END)
            FROM topic_call WHERE closes_at > now()) next
   WHERE at IS NOT NULL`;

/** How long after a moment it counts as passed: timers may fire a little early, and clocks drift apart. */
const MARGIN_MS = 500;
/** The next moments are read again at least this often, changed or not (and setTimeout takes at most ~24 days). */
const MAX_WAIT_MS = 3_600_000;
/** After a read that failed. */
const RETRY_MS = 30_000;

/**
 * Tells the response cache when answers change with the clock. A round's or call's status, and who reads a
 * consulted draft, change at `opens_at`/`closes_at` while no row changes, so no notification comes; cached
 * answers would show the old state until the time sweep records the event (EVENTS_SWEEP_SECONDS) or the TTL.
 * So each instance reads the next such moment (on start, after every change heard to those tables or a
 * reconnect, and hourly) and, once both clocks have passed it, counts the table as changed locally
 * (DataChangeListener.markChanged): older keys are not found again, and an answer computed across the
 * moment is not stored. The sweep's own notification stays as a backstop for an instance that missed it.
 */
export class ClockChanges {
  private readonly timers = new Set<NodeJS.Timeout>();
  private reading: Promise<void> | undefined;
  private readAgain = false;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly changes: DataChangeListener,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.changes.watch(CLOCK_TABLES, () => this.refresh());
    this.refresh();
  }

  /** Clears the timers and waits for a read in flight, so nothing touches the pool after this. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clear();
    await this.reading;
  }

  /** Reads the next moments; one read at a time, and one more after it when something changed meanwhile. */
  private refresh(): void {
    if (this.stopped) return;
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    this.reading = this.read().finally(() => {
      this.reading = undefined;
      if (!this.readAgain) return;
      this.readAgain = false;
      this.refresh();
    });
  }

  private async read(): Promise<void> {
    let next: { table: string; at: Date; inMs: string }[];
    try {
      next = await this.dataSource.query(NEXT_MOMENTS_SQL);
    } catch (error) {
      if (this.stopped) return;
      this.logger.warn({ err: error }, 'could not read when cached answers next change by the clock');
      this.clear();
      this.after(RETRY_MS, () => this.refresh());
      return;
    }
    if (this.stopped) return;
    this.clear();
    for (const { table, at, inMs } of next) {
      const wait = Math.max(Number(inMs), at.getTime() - Date.now()) + MARGIN_MS;
      if (wait < MAX_WAIT_MS)
        this.after(wait, () => {
          this.changes.markChanged(table);
          this.refresh();
        });
    }
    this.after(MAX_WAIT_MS, () => this.refresh());
  }

  private after(ms: number, then: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      then();
    }, ms);
    // The process exits without waiting for the next moment.
    timer.unref();
    this.timers.add(timer);
  }

  private clear(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
