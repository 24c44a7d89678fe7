import { Client } from 'pg';
import type { Logger } from '../logger';

/** The channel every table's statement-level trigger notifies on commit (migration ResponseCache). */
export const DATA_CHANGED_CHANNEL = 'iza_data_changed';

const RECONNECT_MS = 1_000;

/**
 * Knows whether the data may have changed since a moment: a counter (the epoch) that goes up on every
 * committed write anywhere — through this instance, another instance, a seed or psql. PostgreSQL
 * tells it: each table has a statement-level trigger that calls pg_notify, and notifications are
 * delivered when (and only when) the writing transaction commits. While the listening connection is
 * down, nothing is known (`live` is false) and the epoch goes up again once it is back.
 */
export class DataChangeListener {
  private current = 0;
  private connected = false;
  private client: Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
  ) {}

  /** Goes up on every committed change (and on every reconnect); compare two readings. */
  get epoch(): number {
    return this.current;
  }

  /** True while changes are being heard; when false, nothing cached may be trusted. */
  get live(): boolean {
    return this.connected;
  }

  /** For this instance's own writes: known at once, before the notification comes back. */
  changed(): void {
    this.current += 1;
  }

  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.connected = false;
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.url, application_name: 'iza-platform-listener' });
    const lost = (error?: Error) => {
      if (this.client !== client) return;
      this.client = undefined;
      this.connected = false;
      this.current += 1;
      if (!this.stopped) {
        this.logger.warn({ err: error?.message }, 'data change listener lost its connection; response cache paused');
        this.retry();
      }
      client.end().catch(() => undefined);
    };
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', () => {
      this.current += 1;
    });
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${DATA_CHANGED_CHANNEL}`);
      if (this.client !== client) return;
      // Whatever happened while nobody listened is unknown: start a new epoch.
      this.current += 1;
      this.connected = true;
    } catch (error) {
      lost(error as Error);
    }
  }

  private retry(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.connect(), RECONNECT_MS);
    this.timer.unref();
  }
}
