import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { requireEnv, TEST_ENV, withDatabase } from './env';

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

/** Runs SQL as the server's administrator (creating databases, cutting connections). */
export async function adminQuery<R extends object = Record<string, unknown>>(
  sql: string,
  params: unknown[] = [],
): Promise<R[]> {
  const admin = new Client({ connectionString: requireEnv(TEST_ENV.adminUrl) });
  await admin.connect();
  try {
    return (await admin.query<R>(sql, params)).rows;
  } finally {
    await admin.end();
  }
}

/** A new database: a copy of the migrated and seeded template, or empty with `{ empty: true }`. */
export async function createTestDatabase(options: { empty?: boolean } = {}): Promise<TestDatabase> {
  const name = `${requireEnv(TEST_ENV.prefix)}_${randomBytes(4).toString('hex')}`;
  const template = options.empty ? 'template0' : requireEnv(TEST_ENV.templateDatabase);
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  return {
    name,
    url: withDatabase(requireEnv(TEST_ENV.adminUrl), name),
    drop: async () => {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
