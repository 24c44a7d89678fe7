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
   * Requests that change data can be sent once only: the warm-up check takes `checks` of them and
   * the measured run the rest, never cycling (autocannon stops when they run out).
   */
  writes?: { checks: number; unitsPerRequest: number; unit: string };
}
