/** The database cannot be reached or started; the entry point prints the message as one line. */
export class DatabaseUnavailableError extends Error {
  constructor(target: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message || cause.name : cause ? String(cause) : 'no reason given';
    super(`Cannot reach the database at ${target}: ${reason}`);
    this.name = 'DatabaseUnavailableError';
  }
}
