import 'reflect-metadata';
import { createApp } from './app';
import { ConfigError, loadConfig, loadDotEnv, type Config } from './config';
import { DatabaseUnavailableError, openDatabase } from './db/database';
import { countStatement } from './db/statement-count';
import { createLogger } from './logger';

/** Known start-up failures print one line; anything else is a bug and keeps its stack. */
function fail(error: unknown): never {
  if (error instanceof ConfigError || error instanceof DatabaseUnavailableError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  }
  process.stderr.write(`Start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let config: Config;
  try {
    loadDotEnv();
    config = loadConfig();
  } catch (error) {
    fail(error);
  }
  const logger = createLogger(config);
  const database = await openDatabase(config, logger, config.benchCountSql ? { onQuery: countStatement } : {}).catch(
    fail,
  );
  const app = await createApp({ config, dataSource: database.dataSource, logger });
  const url = await app.listen();
  logger.info({ url, database: database.description }, 'IZA platform API ready');
  process.stdout.write(`IZA platform GraphQL API ready at ${url}\n`);

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: finishing in-flight requests');
    const timer = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs + 5_000);
    timer.unref();
    await app.stop();
    await database.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

void main();
