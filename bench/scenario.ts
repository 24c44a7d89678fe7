/** One benchmark journey: the GraphQL requests it sends, cycled by every connection. */
export interface BenchRequest {
  query: string;
  variables?: Record<string, unknown>;
}

export interface BenchContext {
  /** Runs SQL against the bench database, to pick ids for the requests. */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

export interface Scenario {
  name: string;
  description: string;
  requests(ctx: BenchContext): Promise<BenchRequest[]>;
}
