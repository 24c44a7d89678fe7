import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import pino from 'pino';
import { createDataSource } from '../server/db/data-source';
import { prepareDatabase } from '../server/db/database';
import { DEFAULT_SYNTHETIC_RESEARCH, loadSyntheticResearch } from '../server/db/seed/synthetic/research';
import type { BenchContext } from './scenario';
import { scenarios } from './scenarios';

/**
 * `npm run bench`: builds the synthetic volume in its own database, starts the compiled server in
 * production mode, drives each scenario over HTTP with autocannon and prints req/s and latencies.
 */
const env = {
  adminUrl: process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  database: process.env.BENCH_DATABASE ?? 'iza_bench',
  port: Number(process.env.BENCH_PORT ?? 4290),
  duration: Number(process.env.BENCH_DURATION ?? 20),
  /** Each scenario runs once per level: one user alone, then many at once. */
  connections: (process.env.BENCH_CONNECTIONS ?? '1,10').split(',').map(Number),
  keep: process.env.BENCH_KEEP_DATABASE === 'true',
};

function databaseUrl(name: string): string {
  const url = new URL(env.adminUrl);
  url.pathname = `/${name}`;
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
    await prepareDatabase(dataSource, pino({ level: 'silent' }), { demoUsers: false });
    const volume = await loadSyntheticResearch(dataSource, DEFAULT_SYNTHETIC_RESEARCH);
    await dataSource.query('ANALYZE');
    console.log(
      `volume: ${volume.questions} questions, ${volume.agendas} agendas, ${volume.items} agenda items (${Date.now() - started} ms)`,
    );
  } finally {
    await dataSource.destroy();
  }
}

async function startServer(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(__dirname, '..', 'server', 'index.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      AUTH_JWT_SECRET: randomBytes(32).toString('hex'),
      DATABASE_URL: databaseUrl(env.database),
      PORT: String(env.port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${env.port}/readyz`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGTERM');
  throw new Error('server did not become ready in 30 s');
}

async function main(): Promise<void> {
  await buildDatabase();
  const server = await startServer();
  const client = new Client({ connectionString: databaseUrl(env.database) });
  await client.connect();
  const ctx: BenchContext = { sql: async (text, params) => (await client.query(text, params)).rows };
  const results: Record<string, string | number>[] = [];
  try {
    for (const scenario of scenarios) {
      const bodies = await scenario.requests(ctx);
      const url = `http://127.0.0.1:${env.port}/graphql`;
      // One pass over every request first: errors fail the run instead of being measured.
      for (const body of bodies) {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        const json = (await response.json()) as { errors?: unknown };
        if (!response.ok || json.errors) throw new Error(`${scenario.name}: ${JSON.stringify(json.errors)}`);
      }
      for (const connections of env.connections) {
        const times: number[] = [];
        const instance = autocannon({
          url,
          connections,
          duration: env.duration,
          requests: bodies.map((body) => ({
            method: 'POST' as const,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          })),
        });
        // Exact percentiles from every response time (autocannon's own table has no p95).
        instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => times.push(ms));
        const result = await instance;
        times.sort((a, b) => a - b);
        const percentile = (p: number) =>
          Math.round((times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] ?? 0) * 10) / 10;
        results.push({
          scenario: scenario.name,
          connections,
          'req/s': Math.round(result.requests.average),
          'p50 ms': percentile(50),
          'p95 ms': percentile(95),
          'p99 ms': percentile(99),
          errors: result.errors + result.non2xx + result.timeouts,
          requests: result.requests.total,
        });
      }
      console.log(`${scenario.name}: ${scenario.description}`);
    }
  } finally {
    await client.end();
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    if (!env.keep) await admin(`DROP DATABASE IF EXISTS ${env.database} WITH (FORCE)`);
  }
  console.log(
    `\n${new Date().toISOString()} · ${cpus().length} cores · ${env.duration} s per scenario and connection level`,
  );
  console.table(results);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
