import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import pino from 'pino';
import { signLocalToken } from '../server/auth/token';
import { createDataSource } from '../server/db/data-source';
import { prepareDatabase } from '../server/db/database';
import {
  DEFAULT_NATIONAL_VOLUME,
  loadNationalReferenceVolume,
  loadNationalVolume,
} from '../server/db/seed/synthetic/national';
import { DEFAULT_SYNTHETIC_RESEARCH, loadSyntheticResearch } from '../server/db/seed/synthetic/research';
import { DEFAULT_VOLUME, generateSynergyVolume } from '../server/db/seed/synthetic/synergy';
import { ABUSE_QUERIES } from './abuse';
import type { BenchContext, BenchRequest, Scenario } from './scenario';
import { scenarios } from './scenarios';
import { freePort } from '../server/db/embedded';
import { startWriters, UNDER_WRITES } from './under-writes';
import { runEventsJourney } from './events';

/**
 * `npm run bench`: builds the national-scale volume in its own database, starts the compiled server in
 * production mode, drives each scenario over HTTP with autocannon, then all of them mixed, and prints
 * req/s, latencies, errors, SQL statements per request and the API's resident memory. Finally it
 * measures the embedded setup (API + embedded PostgreSQL) at rest with the seed data.
 */
const env = {
  adminUrl: process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  // Per process by default, so two engineers' runs on one PostgreSQL never collide.
  database: process.env.BENCH_DATABASE ?? `iza_bench_${process.pid}`,
  port: Number(process.env.BENCH_PORT ?? 0),
  duration: Number(process.env.BENCH_DURATION ?? 15),
  /** Seconds each journey runs unmeasured before its measured run (0: none): the server's hot paths compiled. */
  warmup: Number(process.env.BENCH_WARMUP ?? 3),
  connections: (process.env.BENCH_CONNECTIONS ?? '16').split(',').map(Number),
  mixConnections: Number(process.env.BENCH_MIX_CONNECTIONS ?? 16),
  keep: process.env.BENCH_KEEP_DATABASE === 'true',
  /** Runs on a database an earlier run kept (BENCH_KEEP_DATABASE, same BENCH_DATABASE), without rebuilding it. */
  reuse: process.env.BENCH_REUSE_DATABASE === 'true',
  embedded: process.env.BENCH_EMBEDDED !== 'false',
  /** Runs the read journeys a second time with the response cache off. */
  uncached: process.env.BENCH_UNCACHED !== 'false',
  /** Concurrent clients of the abuse journey (g), each sending the heaviest accepted queries back to back. */
  abuseConnections: Number(process.env.BENCH_ABUSE_CONNECTIONS ?? 20),
  /** Journeys to run, by their letter (e.g. `a,d`; `h` the abuse journey alone, `i` the events one); all by default. */
  only: process.env.BENCH_ONLY?.split(',').map((s) => s.trim()),
  /** Extra node options for the server under load, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`. */
  serverArgs: (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean),
  /** Where the local PostgreSQL's Unix socket is; empty: the server connects over TCP as the admin URL says. */
  socketDir: process.env.BENCH_SOCKET_DIR ?? '/var/run/postgresql',
};
const JWT_SECRET = randomBytes(32).toString('hex');
const DIST = path.join(__dirname, '..');

/** The node options `npm start` runs the server with (e.g. its heap limit): the bench runs it the same way. */
const START_NODE_ARGS = ((): string[] => {
  const { scripts } = JSON.parse(readFileSync(path.join(DIST, '..', 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const words = scripts.start!.split(/\s+/);
  return words.slice(1, words.indexOf('dist/server/index.js'));
})();

function databaseUrl(name: string): string {
  const url = new URL(env.adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * The URL the server under load connects with: through the Unix socket when PostgreSQL runs on this machine
 * and has one (as a deployment with both on one machine would connect; measured: 5–10 % less CPU per search
 * in the API, 10–15 % less in PostgreSQL, than TCP over loopback), else the admin URL's host.
 */
function serverDatabaseUrl(name: string): string {
  const url = new URL(databaseUrl(name));
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  const socket = env.socketDir && path.join(env.socketDir, `.s.PGSQL.${url.port || 5432}`);
  if (local && socket && existsSync(socket)) url.searchParams.set('host', env.socketDir);
  return url.toString();
}

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: env.adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function buildDatabase(): Promise<void> {
  const started = Date.now();
  await admin(`DROP DATABASE IF EXISTS ${env.database} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${env.database}`);
  const dataSource = createDataSource({ url: databaseUrl(env.database), poolSize: 2 });
  await dataSource.initialize();
  try {
    // Demo users too: the association journey signs in as an editor.
    await prepareDatabase(dataSource, pino({ level: 'silent' }), { demoUsers: true });
    const reference = await loadNationalReferenceVolume(dataSource, DEFAULT_NATIONAL_VOLUME);
    const research = await loadSyntheticResearch(dataSource, { ...DEFAULT_SYNTHETIC_RESEARCH, questions: 20_000 });
    const synergy = await generateSynergyVolume(dataSource, { seed: 1, ...DEFAULT_VOLUME });
    const national = await loadNationalVolume(dataSource, DEFAULT_NATIONAL_VOLUME);
    await dataSource.query('VACUUM ANALYZE');
    // Write the bulk load out now, not during the first journey (needs a superuser; skipped otherwise).
    await dataSource.query('CHECKPOINT').catch(() => undefined);
    console.log(
      `volume: ${reference.parties} parties, ${reference.sectors} sectors, ${research.agendas} synthetic agendas, ` +
        `${research.questions} questions, ${synergy.guidelines} guidelines, ${synergy.recommendations} recommendations, ` +
        `${synergy.assessments} assessments, ${synergy.links} links, ${national.deliverables} deliverables, ` +
        `${national.milestones} milestones, ${national.auditEvents} audit events (${Math.round((Date.now() - started) / 1000)} s)`,
    );
  } finally {
    await dataSource.destroy();
  }
}

async function waitReady(child: ChildProcess, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGTERM');
  throw new Error(`server did not become ready in ${timeoutMs / 1000} s`);
}

async function startServer(port: number, extra: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [...START_NODE_ARGS, ...env.serverArgs, path.join(DIST, 'server', 'index.js')],
    {
      env: {
        ...process.env,
        ...extra,
        NODE_ENV: 'production',
        AUTH_JWT_SECRET: JWT_SECRET,
        DATABASE_URL: serverDatabaseUrl(env.database),
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        // One client address sends everything: the per-address and per-user limits would cut the run short.
        RATE_LIMIT_IP_PER_MINUTE: '100000000',
        RATE_LIMIT_USER_PER_MINUTE: '100000000',
        WS_MAX_CONNECTIONS_PER_ADDRESS: '100000',
        BENCH_COUNT_SQL: 'true',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  await waitReady(child, port, 60_000);
  return child;
}

/** kB from /proc/<pid>/status (VmRSS, VmHWM) or smaps_rollup (Pss); 0 when the process is gone. */
function procKb(pid: number, field: string, file = 'status'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/${file}`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * The fields of /proc/<pid>/stat after the command name (state, ppid, …, utime at 11, stime at 12); the name
 * is in parentheses and may hold spaces and parentheses itself. Undefined when the process is gone.
 */
function procStat(pid: number | string): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** A process's CPU time so far (user + system, all its threads), in ms: clock ticks of USER_HZ, 100 on Linux. */
function cpuMs(pid: number): number {
  const fields = procStat(pid);
  return fields ? (Number(fields[11]) + Number(fields[12])) * 10 : NaN;
}

/**
 * CPU time of every PostgreSQL process on this machine (backends, WAL writer, checkpointer, autovacuum):
 * what the answers cost the database, when the bench database is local. Other databases' work on the same
 * server counts too, so it is only meaningful on an otherwise quiet server.
 */
function postgresCpuMs(): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
    } catch {
      continue; // ended meanwhile
    }
    total += cpuMs(Number(entry)) || 0;
  }
  return total;
}

/** Polls a process's resident memory; `stop()` returns the highest VmRSS seen, in MB. */
function pollRss(pid: number): { stop(): number } {
  let peak = procKb(pid, 'VmRSS');
  const timer = setInterval(() => (peak = Math.max(peak, procKb(pid, 'VmRSS'))), 100);
  return {
    stop() {
      clearInterval(timer);
      return Math.round(Math.max(peak, procKb(pid, 'VmRSS')) / 1024);
    },
  };
}

interface Measured {
  scenario: string;
  conns: number;
  'req/s': number;
  'p50 ms': number;
  'p95 ms': number;
  'p99 ms': number;
  errors: number;
  'SQL/req': string;
  'RSS MB': number;
  /** The API process's CPU time (all its threads) per request answered. */
  'API CPU ms/req': string;
  /** Every local PostgreSQL process's CPU time per request answered (see postgresCpuMs). */
  'DB CPU ms/req': string;
  /** p95 of the time inside the API (its server-timing header): the rest of 'p95 ms' is queueing and transport. */
  'server p95 ms': number;
  load: string;
  'cache hits': string;
  [extra: string]: string | number;
}

/** An endless (cycled) or consuming (sent once) supply of request bodies, shared by all connections. */
class Supply {
  private next = 0;
  constructor(
    private readonly requests: BenchRequest[],
    private readonly consume: boolean,
  ) {}
  take(): BenchRequest | undefined {
    if (this.consume) return this.requests[this.next++];
    return this.requests[this.next++ % this.requests.length];
  }
}

async function drive(
  name: string,
  url: string,
  connections: number,
  pick: () => (BenchRequest & { scenario: string }) | undefined,
  apiPid: number,
  duration = env.duration,
): Promise<{
  row: Measured;
  requests: number;
  byScenario: Map<string, number[]>;
  hitsByScenario: Map<string, number>;
}> {
  const times: number[] = [];
  const serverTimes: number[] = [];
  // The server's running count of statements sent, as seen in each response (see server/db/statement-count.ts).
  let firstTotal = Infinity;
  let lastTotal = -Infinity;
  let counted = 0;
  const byScenario = new Map<string, number[]>();
  let graphqlErrors = 0;
  let cacheHits = 0;
  const hitsByScenario = new Map<string, number>();
  // Set by onResponse, read by the 'response' event autocannon emits right after it.
  let current = name;
  const load = loadavg()[0]!.toFixed(1);
  const rss = pollRss(apiPid);
  const cpuBefore = cpuMs(apiPid);
  const dbCpuBefore = postgresCpuMs();
  const instance = autocannon({
    url,
    connections,
    duration,
    requests: [
      {
        method: 'POST',
        // Called with the connection's context before each request; one request per connection is in
        // flight, so the context names the journey of the response that comes back next.
        setupRequest: (request, context) => {
          const body = pick();
          if (!body) throw new Error(`${name}: the requests that may be sent once ran out; make the pool larger`);
          context.scenario = body.scenario;
          return {
            ...request,
            headers: { 'content-type': 'application/json', ...body.headers },
            body: JSON.stringify({ query: body.query, variables: body.variables }),
          };
        },
        onResponse: (status, body, context, headers) => {
          current = String(context.scenario ?? name);
          // Answers from the response cache carry an Age header (and cost no SQL).
          if (headers['age'] !== undefined) {
            cacheHits++;
            hitsByScenario.set(current, (hitsByScenario.get(current) ?? 0) + 1);
          }
          const total = Number(headers['x-sql-statements-total'] ?? NaN);
          if (Number.isFinite(total)) {
            firstTotal = Math.min(firstTotal, total);
            lastTotal = Math.max(lastTotal, total);
            counted++;
          }
          const serverTiming = /dur=([\d.]+)/.exec(String(headers['server-timing'] ?? ''));
          if (serverTiming) serverTimes.push(Number(serverTiming[1]));
          if (status !== 200 || body.includes('"errors"')) graphqlErrors++;
        },
      },
    ],
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
    times.push(ms);
    (byScenario.get(current) ?? byScenario.set(current, []).get(current)!).push(ms);
  });
  const result = await instance;
  const peak = rss.stop();
  const cpu = cpuMs(apiPid) - cpuBefore;
  const dbCpu = postgresCpuMs() - dbCpuBefore;
  const row: Measured = {
    scenario: name,
    conns: connections,
    'req/s': Math.round(result.requests.total / Math.max(1, result.duration)),
    ...percentiles(times),
    errors: result.errors + result.non2xx + result.timeouts + graphqlErrors,
    // Statements sent while the responses after the first came back, per such response: the mean per request.
    'SQL/req': counted > 1 ? ((lastTotal - firstTotal) / (counted - 1)).toFixed(1) : '?',
    'RSS MB': peak,
    'API CPU ms/req': (cpu / Math.max(1, result.requests.total)).toFixed(2),
    'DB CPU ms/req': (dbCpu / Math.max(1, result.requests.total)).toFixed(2),
    'server p95 ms': percentiles(serverTimes)['p95 ms'],
    load: `${load}→${loadavg()[0]!.toFixed(1)}`,
    'cache hits': `${Math.round((100 * cacheHits) / Math.max(1, times.length))}%`,
  };
  return { row, requests: result.requests.total, byScenario, hitsByScenario };
}

function percentiles(times: number[]): { 'p50 ms': number; 'p95 ms': number; 'p99 ms': number } {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number) =>
    Math.round((sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0) * 10) / 10;
  return { 'p50 ms': at(50), 'p95 ms': at(95), 'p99 ms': at(99) };
}

/**
 * Waits until the server has sent no SQL statement for 200 ms: requests of a load run still being answered
 * after it ended would otherwise be counted against the requests sent one by one next.
 */
async function quiet(url: string): Promise<void> {
  const total = async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    await response.arrayBuffer();
    return response.headers.get('x-sql-statements-total');
  };
  for (let last = await total(), tries = 0; tries < 50; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const now = await total();
    if (now === last) return;
    last = now;
  }
  throw new Error('the server kept sending SQL statements with no request sent');
}

/** Sends each request once, in order: errors fail the run; returns the SQL statement counts seen. */
async function check(url: string, scenario: Scenario, bodies: BenchRequest[]): Promise<number[]> {
  await quiet(url);
  const counts: number[] = [];
  for (const body of bodies) {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...body.headers },
      body: JSON.stringify({ query: body.query, variables: body.variables }),
    });
    const json = (await response.json()) as { errors?: unknown };
    if (!response.ok || json.errors) throw new Error(`${scenario.name}: ${JSON.stringify(json.errors)}`);
    counts.push(Number(response.headers.get('x-sql-statements')));
  }
  return counts;
}

/** Every process below `root` (the embedded PostgreSQL and its backends below the API). */
function descendants(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = procStat(entry);
    if (fields) parents.set(Number(entry), Number(fields[1])); // else exited meanwhile
  }
  const found: number[] = [];
  const walk = (pid: number) => {
    for (const [child, parent] of parents) {
      if (parent !== pid) continue;
      found.push(child);
      walk(child);
    }
  };
  walk(root);
  return found;
}

/** `npm start` on a fresh EMBEDDED_PG_DIR: API + embedded PostgreSQL with the seed data, at rest. */
async function measureEmbedded(): Promise<Record<string, number>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'iza-bench-pg-'));
  const port = await freePort();
  const { DATABASE_URL: _url, DATABASE_REPLICA_URL: _replica, ...inherited } = process.env;
  const child = spawn(process.execPath, [...START_NODE_ARGS, path.join(DIST, 'server', 'index.js')], {
    env: {
      ...inherited,
      EMBEDDED_PG_DIR: dir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      AUTH_JWT_SECRET: JWT_SECRET,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    await waitReady(child, port, 180_000);
    // A few requests, then rest.
    for (let i = 0; i < 5; i++) {
      await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ sectors { key nameNl } }' }),
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const pids = descendants(child.pid!);
    const rss = (pid: number) => procKb(pid, 'VmRSS');
    const pss = (pid: number) => procKb(pid, 'Pss', 'smaps_rollup');
    const mb = (kb: number) => Math.round(kb / 1024);
    return {
      'API RSS MB': mb(rss(child.pid!)),
      'PostgreSQL processes': pids.length,
      'PostgreSQL RSS MB (sum)': mb(pids.reduce((sum, pid) => sum + rss(pid), 0)),
      'total RSS MB (sum)': mb(rss(child.pid!) + pids.reduce((sum, pid) => sum + rss(pid), 0)),
      'total PSS MB (shared pages split)': mb(pss(child.pid!) + pids.reduce((sum, pid) => sum + pss(pid), 0)),
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Sends one journey's requests: once (checked), then under load at each connection count. */
async function runJourney(
  scenario: Scenario,
  ctx: BenchContext,
  url: string,
  apiPid: number,
  label = '',
): Promise<{ rows: Measured[]; supply: Supply }> {
  const all = await scenario.requests(ctx);
  const checks = scenario.once ? scenario.once.checks : all.length;
  const counts = await check(url, scenario, all.slice(0, checks));
  const supply = new Supply(scenario.once ? all.slice(checks) : all, Boolean(scenario.once));
  const rows: Measured[] = [];
  const take = () => {
    const body = supply.take();
    return body && { ...body, scenario: scenario.name };
  };
  // Unmeasured first (its errors still count): right after a start the server runs its code uncompiled,
  // and a journey whose requests are each sent once (b) has warmed only its few checks.
  let warmupErrors = 0;
  if (env.warmup > 0) {
    const warmup = await drive(`${scenario.name}${label}`, url, env.connections.at(-1)!, take, apiPid, env.warmup);
    warmupErrors = warmup.row.errors;
    await quiet(url);
  }
  for (const connections of env.connections) {
    const { requests, row } = await drive(`${scenario.name}${label}`, url, connections, take, apiPid);
    const sorted = counts.sort((a, b) => a - b);
    row['SQL/req'] =
      `${row['SQL/req']} (1 by 1: ${sorted[0] === sorted.at(-1) ? sorted[0] : `${sorted[0]}–${sorted.at(-1)}`})`;
    if (scenario.writes) {
      row[`${scenario.writes.unit}/s`] = Math.round(
        (requests * scenario.writes.unitsPerRequest) / Math.max(1, env.duration),
      );
    }
    rows.push(row);
  }
  rows[0]!.errors += warmupErrors;
  return { rows, supply };
}

interface AbuseResult {
  'probe p50 ms': number;
  'probe p99 ms': number;
  'probe max ms': number;
  'healthz p99 ms': number;
  'query p99 ms': number;
  probes: number;
  'probe failures': number;
  'heavy sent': number;
  'API RSS peak MB': number;
  alive: boolean;
}

/**
 * (g) abuse: `abuseConnections` anonymous clients send the heaviest queries the server accepts (bench/abuse.ts)
 * back to back, while one probe alternates `/healthz` and a small query every 100 ms, each given 5 s.
 * The probe's query text differs each time, so the response cache never answers it.
 */
async function runAbuse(
  url: string,
  server: ChildProcess,
): Promise<{ row: AbuseResult; outcomes: Map<string, number> }> {
  const base = url.replace(/\/graphql$/, '');
  const deadline = Date.now() + env.duration * 1000;
  const rss = pollRss(server.pid!);
  const outcomes = new Map<string, number>();
  let sent = 0;
  const post = (body: BenchRequest, timeoutMs: number) =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  const heavy = async (worker: number) => {
    for (let n = worker; Date.now() < deadline; n += env.abuseConnections) {
      const abuse = ABUSE_QUERIES[n % ABUSE_QUERIES.length]!;
      let outcome: string;
      try {
        const response = await post(abuse.body(n), 60_000);
        const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
        const code = body.errors?.[0]?.extensions?.code;
        outcome = `${response.status}${code ? ` ${code}` : ' ok'}${response.status === 400 ? ' (refused)' : ''}`;
      } catch (error) {
        outcome = `failed: ${(error as Error).name}`;
      }
      sent += 1;
      const key = `${abuse.name}: ${outcome}`;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    }
  };
  const times: number[] = [];
  const healthz: number[] = [];
  const small: number[] = [];
  let failures = 0;
  const probe = async () => {
    for (let n = 0; Date.now() < deadline; n++) {
      const started = performance.now();
      try {
        const response =
          n % 2
            ? await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(5_000) })
            : await post({ query: `{ sectors { key } p${n}: __typename }` }, 5_000);
        const body = (await response.json()) as { errors?: unknown[] };
        if (!response.ok || body.errors) failures += 1;
      } catch {
        failures += 1;
      }
      const elapsed = performance.now() - started;
      times.push(elapsed);
      (n % 2 ? healthz : small).push(elapsed);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  await Promise.all([probe(), ...Array.from({ length: env.abuseConnections }, (_, i) => heavy(i))]);
  const peak = rss.stop();
  // A process killed by a signal (an abort on heap exhaustion) has no exit code, only a signal code.
  let alive = server.exitCode === null && server.signalCode === null;
  if (alive)
    alive = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(5_000) }).then(
      (r) => r.ok,
      () => false,
    );
  const { 'p50 ms': p50, 'p99 ms': p99 } = percentiles(times);
  return {
    row: {
      'probe p50 ms': p50,
      'probe p99 ms': p99,
      'probe max ms': Math.round(Math.max(...times)),
      'healthz p99 ms': percentiles(healthz)['p99 ms'],
      'query p99 ms': percentiles(small)['p99 ms'],
      probes: times.length,
      'probe failures': failures,
      'heavy sent': sent,
      'API RSS peak MB': peak,
      alive,
    },
    outcomes,
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  if (env.reuse) console.log(`reusing database ${env.database} as it is`);
  else await buildDatabase();
  const port = env.port || (await freePort());
  const through = new URL(serverDatabaseUrl(env.database)).searchParams.get('host');
  console.log(`the server reaches PostgreSQL ${through ? `through its Unix socket in ${through}` : 'over TCP'}`);
  let server = await startServer(port);
  const client = new Client({ connectionString: databaseUrl(env.database) });
  await client.connect();
  const auth = { mode: 'local' as const, secret: JWT_SECRET, issuer: 'iza-platform', audience: 'iza-platform' };
  const ctx: BenchContext = {
    sql: async (text, params) => (await client.query(text, params)).rows,
    async bearer(email) {
      const [user] = (await client.query('SELECT id, email FROM "user" WHERE email = $1', [email])).rows;
      if (!user) throw new Error(`no demo user ${email}`);
      return `Bearer ${await signLocalToken(auth, user)}`;
    },
  };
  const url = `http://127.0.0.1:${port}/graphql`;
  const results: Measured[] = [];
  const supplies: { scenario: Scenario; supply: Supply }[] = [];
  const selected = scenarios.filter((s) => !env.only || env.only.includes(s.name.split(' ')[0]!));
  let peakHwm = 0;
  let abuse: Awaited<ReturnType<typeof runAbuse>> | undefined;
  let events: (Awaited<ReturnType<typeof runEventsJourney>> & { 'API RSS peak MB': number }) | undefined;
  const stopServer = async () => {
    server.kill('SIGTERM');
    await new Promise((resolve) =>
      server.exitCode !== null || server.signalCode !== null ? resolve(null) : server.once('exit', resolve),
    );
  };
  try {
    // As deployed: the response cache on.
    for (const scenario of selected) {
      const { rows, supply } = await runJourney(scenario, ctx, url, server.pid!);
      results.push(...rows);
      supplies.push({ scenario, supply });
      console.log(`${scenario.name}: ${scenario.description}`);
    }
    // (f) all journeys at once: each connection takes the next journey's next request in turn. Only with
    // every journey: a subset (BENCH_ONLY) would be no mix, and may have spent its requests that are sent once.
    if (selected.length === scenarios.length) {
      let turn = 0;
      await quiet(url);
      const mix = await drive(
        'f mix',
        url,
        env.mixConnections,
        () => {
          for (let tries = 0; tries < supplies.length; tries++) {
            const { scenario, supply } = supplies[turn++ % supplies.length]!;
            const body = supply.take();
            if (body) return { ...body, scenario: scenario.name };
          }
          return undefined;
        },
        server.pid!,
      );
      const { byScenario } = mix;
      results.push(mix.row);
      for (const [name, times] of byScenario) {
        results.push({
          scenario: `  f: ${name}`,
          conns: env.mixConnections,
          'req/s': Math.round(times.length / env.duration),
          ...percentiles(times),
          errors: NaN,
          'SQL/req': '',
          'RSS MB': NaN,
          'API CPU ms/req': '',
          'DB CPU ms/req': '',
          'server p95 ms': NaN,
          load: '',
          'cache hits': '',
        });
      }
    }
    // (g) the read journeys a, d and e while an association sends link batches and VWS posts status updates.
    if (!env.only || env.only.includes('g')) {
      const reads: { scenario: Scenario; supply: Supply }[] = [];
      // One after the other: the requests are picked through one database client.
      for (const scenario of scenarios.filter((s) => ['a', 'd', 'e'].includes(s.name.split(' ')[0]!)))
        reads.push({ scenario, supply: new Supply(await scenario.requests(ctx), false) });
      let turn = 0;
      const pick = () => {
        const { scenario, supply } = reads[turn++ % reads.length]!;
        return { ...supply.take()!, scenario: scenario.name };
      };
      if (env.warmup > 0) await drive('g warmup', url, env.mixConnections, pick, server.pid!, env.warmup);
      await quiet(url);
      const writers = await startWriters(ctx, url);
      const under = await drive('g reads under writes', url, env.mixConnections, pick, server.pid!);
      const written = await writers.stop();
      under.row.errors += written.errors;
      under.row['writes/s'] =
        `${(written.linkBatches / env.duration).toFixed(1)} link batches + ${(written.statusUpdates / env.duration).toFixed(1)} status updates ` +
        `(target ${UNDER_WRITES.linkBatchesPerSecond} + ${UNDER_WRITES.statusUpdatesPerSecond})`;
      results.push(under.row);
      for (const [name, times] of under.byScenario) {
        results.push({
          scenario: `  g: ${name}`,
          conns: env.mixConnections,
          'req/s': Math.round(times.length / env.duration),
          ...percentiles(times),
          errors: NaN,
          'SQL/req': '',
          'RSS MB': NaN,
          'API CPU ms/req': '',
          'DB CPU ms/req': '',
          'server p95 ms': NaN,
          load: '',
          'cache hits': `${Math.round((100 * (under.hitsByScenario.get(name) ?? 0)) / Math.max(1, times.length))}%`,
        });
      }
      console.log('g: journeys a, d and e under link batches and status updates');
    }
    // (i) 1 000 open subscriptions on this instance and a burst of committed events.
    if (!env.only || env.only.includes('i')) {
      const rss = pollRss(server.pid!);
      const row = await runEventsJourney(ctx, url);
      events = { ...row, 'API RSS peak MB': rss.stop() };
      console.log('i events: 1 000 subscriptions over graphql-ws and a burst of deliverable status changes');
    }
    peakHwm = Math.round(procKb(server.pid!, 'VmHWM') / 1024);
    const [links] = (
      await client.query(
        `SELECT count(*)::int AS n, (SELECT count(*)::int FROM audit_event WHERE entity_type = 'SynergyLink') AS audited
         FROM synergy_link WHERE rationale = 'Benchmark: gedeeld bewijs'`,
      )
    ).rows;
    console.log(`links committed by the benchmark: ${links.n}; audit events on links: ${links.audited}`);

    // The same reads with the response cache off: what every answer costs to compute.
    if (env.uncached && selected.some((s) => !s.writes)) {
      await stopServer();
      server = await startServer(port, { RESPONSE_CACHE: 'false' });
      for (const scenario of selected.filter((s) => !s.writes)) {
        const { rows } = await runJourney(scenario, ctx, url, server.pid!, ' (cache off)');
        results.push(...rows);
        console.log(`${scenario.name} (cache off)`);
      }
    }
    // (h) abuse, on a fresh server so its memory peak is the abuse's own.
    if (!env.only || env.only.includes('h')) {
      await stopServer();
      server = await startServer(port);
      abuse = await runAbuse(url, server);
      console.log('h abuse: the heaviest accepted queries at once, while a probe measures /healthz and a small query');
    }
  } finally {
    await client.end();
    await stopServer();
    if (!env.keep && !env.reuse) await admin(`DROP DATABASE IF EXISTS ${env.database} WITH (FORCE)`);
  }
  console.log(
    `\n${new Date().toISOString()} · ${cpus().length} cores (${cpus()[0]?.model ?? '?'}) · ${env.duration} s per run · ` +
      `load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(
          ' ',
        )} · API peak RSS (VmHWM, cache on) ${peakHwm} MB · ${Math.round((Date.now() - started) / 1000)} s in all`,
  );
  console.table(results);
  if (abuse) {
    console.log(`h abuse: ${env.abuseConnections} clients, ${env.duration} s`);
    console.table([abuse.row]);
    console.table(Object.fromEntries(abuse.outcomes));
  }
  if (events) {
    console.log('i events (target: commit→delivery p95 ≤ 1 000 ms, API RSS ≤ 300 MB):');
    console.table([events]);
  }
  const embedded = env.embedded ? await measureEmbedded() : undefined;
  if (embedded) {
    console.log('embedded setup at rest (npm start on a fresh EMBEDDED_PG_DIR, seed data):');
    console.table(embedded);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
