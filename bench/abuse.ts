import type { BenchRequest } from './scenario';

/**
 * The heaviest queries the server still accepts after validation, sent anonymously by the abuse journey
 * (`BENCH_ONLY=h`). Each builds a fresh body per request (dates vary) so no cached answer serves it.
 * Update this list when the schema or the limits change: a query the server now refuses is counted as
 * "refused" in the report, and then no longer measures anything heavy.
 */
const ALL_ABUSE_QUERIES: { name: string; body(i: number): BenchRequest }[] = [
  {
    name: 'synergyOverview × 3 dates',
    body: (i) => ({
      query: `{ ${Array.from(
        { length: 3 },
        (_, a) =>
          `o${a}: synergyOverview(asOf: "${day(i * 3 + a)}") { counts { confirmedLinks disputedLinks awaitingAssessorConfirmation conflictsByKind { kind count } } trajectories { trajectory { name } counts { confirmedLinks disputedLinks } } }`,
      ).join(' ')} }`,
    }),
  },
  {
    name: 'milestoneTimeline × 3 nested',
    body: (i) => ({
      query: `{ ${Array.from(
        { length: 3 },
        (_, a) =>
          `t${a}: milestoneTimeline(first: 100, asOf: "${day(i * 3 + a)}") { nodes { title kind due { label earliest latest } deliverable { title key status ownerParties { name shortName } programme { name } } } }`,
      ).join(' ')} }`,
    }),
  },
];

/** A valid day between 2024-01-01 and the end of 2027, different for each n (over four years). */
function day(n: number): string {
  const date = new Date(Date.UTC(2024, 0, 1) + (n % 1_460) * 86_400_000);
  return date.toISOString().slice(0, 10);
}

/** The queries the journey sends: all, or those whose name contains BENCH_ABUSE_QUERIES (e.g. `synergy`). */
export const ABUSE_QUERIES = ALL_ABUSE_QUERIES.filter(
  (query) => !process.env.BENCH_ABUSE_QUERIES || query.name.includes(process.env.BENCH_ABUSE_QUERIES),
);
