import type { RequestHandler } from 'express';

/**
 * Benchmark only (BENCH_COUNT_SQL=true): the SQL statements this process has sent, counted as TypeORM
 * logs them, and response headers that report them:
 * - `x-sql-statements`: statements sent while the request was being answered — its own when requests do
 *   not overlap (the benchmark sends each request once, one by one, for this);
 * - `x-sql-statements-total`: all statements sent so far — under load, the difference between two
 *   responses over the requests answered in between is the mean per request;
 * - `server-timing: app;dur=…`: milliseconds from the request reaching the GraphQL route to its answer's
 *   headers, inside the process. The client's latency minus this is time spent before the server read the
 *   request (a busy event loop) and in the network and the client.
 * A process-wide counter rather than one per request: counting per request would need AsyncLocalStorage,
 * whose promise hooks cost ~0.5 ms per search (measured), and the benchmark would measure that instead
 * of the server as it runs.
 */
let sent = 0;

export function countStatement(): void {
  sent += 1;
}

export function benchHeaders(): RequestHandler {
  return (_req, res, next) => {
    const before = sent;
    const started = performance.now();
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => typeof res;
    res.writeHead = ((...args: unknown[]) => {
      if (!res.headersSent) {
        res.setHeader('x-sql-statements', String(sent - before));
        res.setHeader('x-sql-statements-total', String(sent));
        res.setHeader('server-timing', `app;dur=${(performance.now() - started).toFixed(1)}`);
      }
      return writeHead(...args);
    }) as typeof res.writeHead;
    next();
  };
}
