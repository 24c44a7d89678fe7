import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { Client, type Notification } from 'pg';
import type { Logger } from '../logger';

/** The channel every table's statement-level trigger notifies on commit (migration DataChangeNotifications). */
export const DATA_CHANGED_CHANNEL = 'iza_data_changed';

/**
 * Where the tables read per sector also say which sectors a change reaches (migrations
 * SectorChangeNotifications, OverviewSectorNotifications).
 */
export const SECTOR_CHANGED_CHANNEL = 'iza_sector_changed';

/** Where each instance sends itself heartbeats, to prove it still hears commits made elsewhere. */
export const HEARTBEAT_CHANNEL = 'iza_listener_heartbeat';

const RECONNECT_MS = 1_000;

/** How many transactions that changed the stored conflicts are remembered (older ones count coarsely). */
const REFERENCE_MEMORY = 10_000;

export interface DataChangeListenerOptions {
  /** A session connection to the primary's database (LISTEN does not work through transaction pooling). */
  url: string;
  logger: Logger;
  /** Sends `pg_notify(HEARTBEAT_CHANNEL, token)` through another connection to the same database. */
  sendHeartbeat: (token: string) => Promise<unknown>;
  /** How often a heartbeat goes out; one not heard back within this long counts the listener as lost. */
  heartbeatMs: number;
  /**
   * Further channels heard on the same connection, with what to do with each payload (the outbox's
   * cursors, server/services/events). Called with no payload after a reconnect: anything may have been missed.
   */
  channels?: Readonly<Record<string, (payload: string | undefined) => void>>;
}

/**
 * Knows which tables may have changed since a moment: each committed write anywhere — through this
 * instance, another instance, a seed or psql — is heard with the tables it changed. PostgreSQL tells it:
 * each table has a statement-level trigger that calls pg_notify with the table's name (the tables a
 * sector's conflicts and overview read add the sectors a change reaches), and notifications are delivered
 * when (and only when) the writing transaction commits. The epoch goes up whenever what was heard cannot
 * be trusted (a reconnect, a lost listener): then every table counts as changed.
 *
 * A connection can die without a sound (a dropped NAT entry, a failed-over host: no error, no end), or
 * listen where commits never arrive (a transaction-mode pooler, another database). So the listener
 * sends itself a heartbeat through another connection every `heartbeatMs`, and counts itself lost when
 * one does not come back in time. While it is lost, nothing is known (`live` is false) and the epoch
 * goes up again once it is back.
 */
export class DataChangeListener {
  private current = 0;
  /** Counts table changes heard; `changedAt` holds the count at each table's latest change. */
  private sequence = 0;
  private readonly changedAt = new Map<string, number>();
  /** Told of changes to their tables, and whenever changes may have gone unheard (see watch). */
  private readonly watchers: { tables: ReadonlySet<string>; heard: () => void }[] = [];
  /**
   * Per sector (`table@sector`), and the latest change that may have reached every sector (`everySector`):
   * a notification names the sectors its rows are in, or none (migration SectorChangeNotifications).
   */
  private readonly sectorChangedAt = new Map<string, number>();
  private readonly everySector = new Map<string, number>();
  /**
   * The transactions heard changing where a record's sectors are looked up (the stored conflicts, a
   * guideline's sectors, an assessment's sector), the latest REFERENCE_MEMORY of them, the newest two of
   * all, and the newest forgotten. A change whose sectors were looked up in a snapshot that may not see
   * one of them counts for every sector.
   */
  private readonly references = new Set<string>();
  private newestReference = 0n;
  private previousReference = 0n;
  private forgottenReference = 0n;
  /** `xmax` of a snapshot taken when listening began: a lookup before that may miss unheard commits. */
  private listeningSince = 0n;
  private readonly barriers = new Map<string, () => void>();
  /** The token this instance's writers wait for next (see caughtUp), and whether one is being sent. */
  private nextSync: { token: string; heard: Promise<boolean> } | undefined;
  private syncSending = false;
  private connected = false;
  private client: Client | undefined;
  private reconnect: NodeJS.Timeout | undefined;
  private beat: NodeJS.Timeout | undefined;
  private awaiting: { token: string; sentAt: number } | undefined;
  private sent = 0;
  private stopped = false;
  private readonly instance = randomUUID();

  constructor(private readonly options: DataChangeListenerOptions) {}

  /** Goes up on every committed change (and on every reconnect); compare two readings. */
  get epoch(): number {
    return this.current;
  }

  /** True while changes are being heard; when false, nothing cached may be trusted. */
  get live(): boolean {
    return this.connected;
  }

  /** Goes up on every table change heard; an answer whose tables changed later than this reading is not current. */
  get changes(): number {
    return this.sequence;
  }

  /** The latest change of any of these tables, as a reading of `changes` (0: none heard since start). */
  lastChangeOf(tables: Iterable<string>): number {
    let latest = 0;
    for (const table of tables) latest = Math.max(latest, this.changedAt.get(table) ?? 0);
    return latest;
  }

  /**
   * Counts a table as changed now, as a heard notification of it does: for answers that change with the
   * clock while no row changes (server/cache/clock-changes.ts). Watchers are not told.
   */
  markChanged(table: string): void {
    this.changedAt.set(table, ++this.sequence);
  }

  /**
   * Calls `heard` after each change heard to one of `tables`, and whenever changes may have gone unheard (on
   * every connect, a notification without a table): for what follows from those rows beyond the change itself.
   */
  watch(tables: Iterable<string>, heard: () => void): void {
    this.watchers.push({ tables: new Set(tables), heard });
  }

  private tell(table: string | undefined): void {
    for (const watcher of this.watchers) if (table === undefined || watcher.tables.has(table)) watcher.heard();
  }

  /**
   * The latest change of these tables that may have reached one of these sectors: a change in another
   * sector only is left out. For reads that only see these tables' rows of these sectors
   * (server/cache/dependencies.ts decides which).
   */
  lastChangeInSectors(tables: Iterable<string>, sectors: readonly string[]): number {
    let latest = 0;
    for (const table of tables) {
      latest = Math.max(latest, this.everySector.get(table) ?? 0);
      for (const sector of sectors) latest = Math.max(latest, this.sectorChangedAt.get(`${table}@${sector}`) ?? 0);
    }
    return latest;
  }

  /**
   * Records one `iza_sector_changed` payload, `table@txid@snapshot@sectors` (`*`: every sector), and after
   * a lookup `@` the writing transaction (migration OverviewSectorNotifications).
   */
  private heardInSectors(payload: string): void {
    const sequence = ++this.sequence;
    const [table, txid, lookedUp, sectors, own] = payload.split('@') as [string, ...(string | undefined)[]];
    if (txid) this.rememberReference(txid);
    if (sectors === undefined || sectors === '*' || (lookedUp && this.mayHaveMissedReferences(lookedUp, own))) {
      this.everySector.set(table, sequence);
      return;
    }
    if (sectors) for (const sector of sectors.split(',')) this.sectorChangedAt.set(`${table}@${sector}`, sequence);
  }

  private rememberReference(txid: string): void {
    const id = BigInt(txid);
    if (id > this.newestReference) [this.previousReference, this.newestReference] = [this.newestReference, id];
    else if (id < this.newestReference && id > this.previousReference) this.previousReference = id;
    this.references.add(txid);
    if (this.references.size <= REFERENCE_MEMORY) return;
    const oldest = this.references.values().next().value!;
    this.references.delete(oldest);
    if (BigInt(oldest) > this.forgottenReference) this.forgottenReference = BigInt(oldest);
  }

  /**
   * Whether a snapshot (`xmin:xmax:xip,…`) may not see a change of the references committed before the
   * notification that carries it: one heard that began after it (≥ xmax) or was running then (in xip), a
   * forgotten one that may be either, or one committed before we listened (the snapshot is older). The
   * lookup's own transaction (`own`) is not one: a lookup sees its own writes, though its txid may be ≥ xmax.
   */
  private mayHaveMissedReferences(snapshot: string, own: string | undefined): boolean {
    const [, xmaxText, xip] = snapshot.split(':');
    if (!xmaxText) return true;
    const xmax = BigInt(xmaxText);
    const newest = own && BigInt(own) === this.newestReference ? this.previousReference : this.newestReference;
    if (xmax <= this.listeningSince || xmax <= newest) return true;
    for (const running of xip ? xip.split(',') : [])
      if (this.references.has(running) || BigInt(running) <= this.forgottenReference) return true;
    return false;
  }

  /**
   * For this instance's own writes: resolves once every change committed before the call has been heard,
   * so the writer's next read is never an older cached answer. Notifications arrive in commit order, so
   * a token sent after the commit comes back after the write's own notifications. Not heard back within
   * a heartbeat, it starts a new epoch instead (everything cached is dropped).
   *
   * Writers share tokens: a caller joins the next token to go out (one already sent may have left before
   * its commit), and one goes out at a time. Sent one per write, they queued on the one heartbeat
   * connection: 16 concurrent link batches waited 22–27 ms (p50) here, a quarter of a batch's time.
   */
  async caughtUp(): Promise<void> {
    if (!this.connected) return;
    const round = (this.nextSync ??= this.syncRound());
    this.sendSync();
    if (!(await round.heard)) this.current += 1;
  }

  private syncRound(): { token: string; heard: Promise<boolean> } {
    const token = `${this.instance}:sync:${++this.sent}`;
    const heard = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.barriers.delete(token);
        // Not even sent (the one before it never came back): later writers start a round of their own.
        if (this.nextSync?.token === token) this.nextSync = undefined;
        resolve(false);
      }, this.options.heartbeatMs);
      timer.unref();
      this.barriers.set(token, () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    return { token, heard };
  }

  /** Sends the waiting round's token unless one is on its way; the next goes when that one is sent. */
  private sendSync(): void {
    if (this.syncSending || !this.nextSync) return;
    const { token } = this.nextSync;
    this.nextSync = undefined;
    this.syncSending = true;
    // A sender that throws instead of rejecting must not leave `syncSending` set for good.
    void Promise.resolve()
      .then(() => this.options.sendHeartbeat(token))
      .catch(() => undefined)
      .finally(() => {
        this.syncSending = false;
        this.sendSync();
      });
  }

  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnect);
    clearInterval(this.beat);
    this.connected = false;
    const client = this.client;
    this.client = undefined;
    if (client) await close(client);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({
      connectionString: this.options.url,
      application_name: 'iza-platform-listener',
      keepAlive: true,
      connectionTimeoutMillis: 5_000,
    });
    const lost = (reason?: string) => this.lose(client, reason);
    client.on('error', (error) => lost(error.message));
    client.on('end', () => lost('connection ended'));
    client.on('notification', (message: Notification) => {
      if (message.channel === DATA_CHANGED_CHANNEL) {
        // The payload is the table (migration DataChangeNotifications); without one, anything may have changed.
        if (message.payload) this.markChanged(message.payload);
        else this.current += 1;
        this.tell(message.payload || undefined);
      } else if (message.channel === SECTOR_CHANGED_CHANNEL) {
        if (message.payload) this.heardInSectors(message.payload);
        else this.current += 1;
      } else if (this.options.channels?.[message.channel]) {
        this.options.channels[message.channel]!(message.payload);
      } else if (message.channel === HEARTBEAT_CHANNEL) {
        if (message.payload === this.awaiting?.token) this.awaiting = undefined;
        const barrier = message.payload && this.barriers.get(message.payload);
        if (barrier) {
          this.barriers.delete(message.payload!);
          barrier();
        }
      }
    });
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${DATA_CHANGED_CHANNEL}`);
      await client.query(`LISTEN ${SECTOR_CHANGED_CHANNEL}`);
      await client.query(`LISTEN ${HEARTBEAT_CHANNEL}`);
      for (const channel of Object.keys(this.options.channels ?? {})) await client.query(`LISTEN ${channel}`);
      // Changes of the references committed before we listened were not heard: a lookup in an older
      // snapshot may have missed them.
      const { rows } = await client.query<{ xmax: string }>(
        `SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS xmax`,
      );
      if (this.client !== client) return;
      this.listeningSince = BigInt(rows[0]!.xmax);
      for (const handler of Object.values(this.options.channels ?? {})) handler(undefined);
      // Whatever happened while nobody listened is unknown: start a new epoch.
      this.current += 1;
      this.connected = true;
      this.awaiting = undefined;
      this.beat = setInterval(() => this.heartbeat(client), this.options.heartbeatMs);
      this.beat.unref();
      this.tell(undefined);
    } catch (error) {
      lost((error as Error).message);
    }
  }

  private heartbeat(client: Client): void {
    if (this.client !== client) return;
    if (this.awaiting && Date.now() - this.awaiting.sentAt >= this.options.heartbeatMs) {
      this.lose(client, 'a heartbeat was not heard back');
      return;
    }
    if (this.awaiting) return;
    const token = `${this.instance}:${++this.sent}`;
    this.awaiting = { token, sentAt: Date.now() };
    // A failed send is not heard back either, and counts at the next beat.
    this.options.sendHeartbeat(token).catch(() => undefined);
  }

  private lose(client: Client, reason?: string): void {
    if (this.client !== client) return;
    this.client = undefined;
    this.connected = false;
    this.current += 1;
    clearInterval(this.beat);
    if (!this.stopped) {
      this.options.logger.warn({ reason }, 'data change listener lost; response cache paused until it is back');
      clearTimeout(this.reconnect);
      this.reconnect = setTimeout(() => void this.connect(), RECONNECT_MS);
      this.reconnect.unref();
    }
    void close(client);
  }
}

/** Ends a connection; one whose peer went silent would never confirm, so it is cut after a second. */
async function close(client: Client): Promise<void> {
  const cut = setTimeout(
    () => (client as unknown as { connection: { stream: Socket } }).connection.stream.destroy(),
    1_000,
  );
  cut.unref();
  await client.end().catch(() => undefined);
  clearTimeout(cut);
}
