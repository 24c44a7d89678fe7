// Data source for the TypeORM CLI (migration:generate/run/revert): the configured DATABASE_URL, or the
// embedded server the app itself uses.
import 'reflect-metadata';
import pino from 'pino';
import { loadConfig, loadDotEnv } from '../config';
import { createDataSource } from './data-source';
import { startEmbeddedPostgres } from './embedded';

export const dataSource = (async () => {
  loadDotEnv();
  const config = loadConfig();
  const url =
    config.databaseUrl ??
    (await startEmbeddedPostgres({ ...config.embeddedPg, logger: pino({ level: config.logLevel }) })).url;
  return createDataSource({ url });
})();
