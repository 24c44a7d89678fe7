import 'reflect-metadata';
import path from 'node:path';
import { Client } from 'pg';
import pino from 'pino';
import { createDataSource } from '../../server/db/data-source';
import { DatabaseUnavailableError, prepareDatabase } from '../../server/db/database';
import { startEmbeddedPostgres } from '../../server/db/embedded';
import { createClusterFolder, removeStaleClusterFolders } from './cluster-folders';
import { TEST_ENV, withDatabase } from './env';
import globalTeardown, { type TestRunGlobals } from './global-teardown';

/**
 * One PostgreSQL for the run: DATABASE_URL's server when set, else an embedded one in a temp folder.
 * A template database gets the migrations and seed once; each test file clones it (fast, isolated).
 */
export default async function globalSetup(): Promise<void> {
  try {
    await setUp();
  } catch (error) {
    // Jest runs no teardown when the setup fails: stop the embedded server and remove its folder here.
    await globalTeardown();
    // A database that cannot start or be reached is the machine's problem, not the code's: one line, no stack.
    if (error instanceof DatabaseUnavailableError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

async function setUp(): Promise<void> {
  const logger = pino({ level: 'silent' });
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    await removeStaleClusterFolders();
    const dir = await createClusterFolder();
    (globalThis as TestRunGlobals).__IZA_EMBEDDED_DIR__ = dir;
    const embedded = await startEmbeddedPostgres({
      dir: path.join(dir, 'data'),
      port: 0,
      logger,
      database: 'postgres',
    });
    (globalThis as TestRunGlobals).__IZA_EMBEDDED__ = embedded;
    adminUrl = embedded.adminUrl;
  }
  const prefix = `iza_test_${process.pid}`;
  const template = `${prefix}_template`;
  process.env[TEST_ENV.adminUrl] = adminUrl;
  process.env[TEST_ENV.prefix] = prefix;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${template}`);
    await admin.query(`CREATE DATABASE ${template}`);
  } finally {
    await admin.end();
  }
  const dataSource = createDataSource({ url: withDatabase(adminUrl, template), poolSize: 2 });
  await dataSource.initialize();
  try {
    await prepareDatabase(dataSource, logger, { demoUsers: true });
  } finally {
    await dataSource.destroy();
  }
  process.env[TEST_ENV.templateDatabase] = template;
}
