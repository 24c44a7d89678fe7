import 'reflect-metadata';
import { chmod, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import pino from 'pino';
import { createDataSource } from '../../server/db/data-source';
import { prepareDatabase } from '../../server/db/database';
import { startEmbeddedPostgres } from '../../server/db/embedded';
import { TEST_ENV, withDatabase } from './env';

/**
 * One PostgreSQL for the run: DATABASE_URL's server when set, else an embedded one in a temp folder.
 * A template database gets the migrations and seed once; each test file clones it (fast, isolated).
 */
export default async function globalSetup(): Promise<void> {
  const logger = pino({ level: 'silent' });
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'iza-test-pg-'));
    await chmod(dir, 0o755); // PostgreSQL runs as its own user, which must reach the data folder
    const embedded = await startEmbeddedPostgres({
      dir: path.join(dir, 'data'),
      port: 0,
      logger,
      database: 'postgres',
    });
    (globalThis as { __IZA_EMBEDDED__?: unknown }).__IZA_EMBEDDED__ = embedded;
    adminUrl = embedded.adminUrl;
  }
  const prefix = `iza_test_${process.pid}`;
  const template = `${prefix}_template`;
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
  process.env[TEST_ENV.adminUrl] = adminUrl;
  process.env[TEST_ENV.templateDatabase] = template;
  process.env[TEST_ENV.prefix] = prefix;
}
