import type { DataSource } from 'typeorm';

/** Sessions of the test database waiting for a lock now. */
async function lockWaiters(dataSource: DataSource): Promise<number> {
  const [{ n }] = await dataSource.query(
    `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
  );
  return n;
}

/**
 * Resolves once `n` sessions wait for a lock, or `settled` says a request it watches has answered: race tests
 * hold a transaction open and wait here until the requests they start are queued behind it, instead of sleeping.
 */
export async function untilWaiting(
  dataSource: DataSource,
  n: number,
  settled: () => boolean = () => false,
): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!settled() && (await lockWaiters(dataSource)) < n) {
    if (Date.now() > deadline) throw new Error(`fewer than ${n} sessions waited for a lock`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
