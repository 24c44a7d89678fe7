/** One benchmark journey: the GraphQL requests it sends, cycled by every connection. */
export interface BenchRequest {
  query: string;
  variables?: Record<string, unknown>;
  /** Extra HTTP headers, e.g. a bearer token for a signed-in journey. */
  headers?: Record<string, string>;
}

export interface BenchContext {
  /** Runs SQL against the bench database, to pick ids for the requests. */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** A bearer token for a demo user (Authorization header value). */
  bearer(email: string): Promise<string>;
}

export interface Scenario {
  name: string;
  description: string;
  requests(ctx: BenchContext): Promise<BenchRequest[]>;
  /**
   * Requests that may be sent once only — writes, and reads that must never repeat (so no cached
   * answer serves them): the check takes `checks` of them and the measured runs the rest, never
   * cycling (autocannon stops when they run out). Other journeys cycle their requests.
   */
  once?: { checks: number };
  /** Writes: how many units (e.g. links) each request commits, reported per second. */
  writes?: { unitsPerRequest: number; unit: string };
}
