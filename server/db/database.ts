import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { createDataSource, initializeDataSource, type DataSourceOptions } from './data-source';
import { DatabaseUnavailableError } from './errors';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded';
import { seedIfNeeded } from './seed';

export { DatabaseUnavailableError };

export interface Database {
  readonly dataSource: DataSource;
  /** Where the data lives, without credentials, for logs. */
  readonly description: string;
  close(): Promise<void>;
}

function describe(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}

// Serialises migrations and seeding when several API instances start at once.
const MIGRATION_LOCK = 4_742_001;

/** Brings the schema up to date and loads the seed data once, under an advisory lock. */
export async function prepareDatabase(
  dataSource: DataSource,
  logger: Logger,
  seed: false | { demoUsers: boolean },
): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length) logger.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
    if (seed) await seedIfNeeded(dataSource, logger, seed);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}

/**
 * Connects to DATABASE_URL, or starts the embedded PostgreSQL when it is unset, then migrates and
 * (when configured) seeds.
 */
export async function openDatabase(
  config: Config,
  logger: Logger,
  options: Pick<DataSourceOptions, 'onQuery'> = {},
): Promise<Database> {
  let embedded: EmbeddedPostgres | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({ ...config.embeddedPg, logger });
    url = embedded.url;
    logger.info({ dir: config.embeddedPg.dir, database: describe(url) }, 'embedded PostgreSQL started');
  }
  const description = embedded ? `embedded PostgreSQL (${config.embeddedPg.dir})` : describe(url);
  const dataSource = createDataSource({
    url,
    replicaUrl: embedded ? undefined : config.databaseReplicaUrl,
    poolSize: config.databasePoolSize,
    preparedStatements: config.databasePreparedStatements,
    statementTimeoutMs: config.limits.statementTimeoutMs,
    ...options,
  });
  // pg's pool.end() lets destroy() resolve while its connections are still closing, so stopping the embedded
  // server right after can cut them off: that is our own shutdown, not a lost connection.
  let closing = false;
  try {
    await initializeDataSource(dataSource, (error) => {
      if (!closing) logger.warn({ err: error.message }, 'database connection lost');
    });
  } catch (error) {
    await embedded?.stop();
    throw new DatabaseUnavailableError(description, error);
  }
  try {
    await prepareDatabase(dataSource, logger, config.seedOnStart && { demoUsers: config.seedDemoUsers });
  } catch (error) {
    await dataSource.destroy().catch(() => undefined);
    await embedded?.stop();
    throw error;
  }
  return {
    dataSource,
    description,
    async close() {
      closing = true;
      await dataSource.destroy();
      await embedded?.stop();
    },
  };
}
