import { rm } from 'node:fs/promises';
import { Client } from 'pg';
import type { EmbeddedPostgres } from '../../server/db/embedded';
import { TEST_ENV } from './env';

/** What global-setup leaves for the teardown (both run in Jest's main process). */
export interface TestRunGlobals {
  __IZA_EMBEDDED__?: EmbeddedPostgres;
  __IZA_EMBEDDED_DIR__?: string;
}

/**
 * Drops every database this run created, or stops the embedded server and removes its folder (~80 MB),
 * whether the tests passed or not.
 */
export default async function globalTeardown(): Promise<void> {
  const adminUrl = process.env[TEST_ENV.adminUrl];
  const prefix = process.env[TEST_ENV.prefix];
  const globals = globalThis as TestRunGlobals;
  const embedded = globals.__IZA_EMBEDDED__;
  const dir = globals.__IZA_EMBEDDED_DIR__;
  if (adminUrl && prefix && !dir) {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [
        `${prefix}%`,
      ]);
      for (const { datname } of rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }
  try {
    await embedded?.stop();
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true });
    globals.__IZA_EMBEDDED__ = undefined;
    globals.__IZA_EMBEDDED_DIR__ = undefined;
  }
}
