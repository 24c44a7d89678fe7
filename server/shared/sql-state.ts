/**
 * The SQLSTATE (or socket errno) of a database error. Read by shape, not instanceof: TypeORM wraps the
 * driver's error in `driverError`, and errors may come from another realm (Jest's VM).
 */
export function sqlState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as { code?: unknown; driverError?: { code?: unknown } };
  const code = e.code ?? e.driverError?.code;
  return typeof code === 'string' ? code : undefined;
}
