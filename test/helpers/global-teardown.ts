import { Client } from 'pg';
import type { EmbeddedPostgres } from '../../server/db/embedded';
import { TEST_ENV } from './env';

/** Drops every database this run created, then stops the embedded server if one was started. */
export default async function globalTeardown(): Promise<void> {
  const adminUrl = process.env[TEST_ENV.adminUrl];
  const prefix = process.env[TEST_ENV.prefix];
  const embedded = (globalThis as { __IZA_EMBEDDED__?: EmbeddedPostgres }).__IZA_EMBEDDED__;
  if (adminUrl && prefix && !embedded) {
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
  await embedded?.stop();
}
