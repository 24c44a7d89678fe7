/** Set by global-setup for the test workers. */
export const TEST_ENV = {
  adminUrl: 'IZA_TEST_ADMIN_URL',
  templateDatabase: 'IZA_TEST_TEMPLATE_DB',
  prefix: 'IZA_TEST_DB_PREFIX',
} as const;

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through jest (global-setup sets it).`);
  return value;
}

/** Replaces the database name in a PostgreSQL URL. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
