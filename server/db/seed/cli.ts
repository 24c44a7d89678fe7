// `npm run seed`: applies migrations, then loads the document data (idempotent).
import 'reflect-metadata';
import { ConfigError, loadConfig, loadDotEnv } from '../../config';
import { createLogger } from '../../logger';
import { DatabaseUnavailableError, openDatabase } from '../database';
import { seedAll } from '.';

async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfig();
  const logger = createLogger(config);
  const database = await openDatabase({ ...config, seedOnStart: false }, logger);
  try {
    await seedAll(database.dataSource, { demoUsers: config.seedDemoUsers });
    process.stdout.write(`Seed data loaded into ${database.description}\n`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  const known = error instanceof ConfigError || error instanceof DatabaseUnavailableError;
  process.stderr.write(`${known ? error.message : error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
