import { generateSynergyVolume, prng } from '../../../server/db/seed/synthetic/synergy';
import { createTestApp, type TestApp } from '../../helpers/app';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const SMALL = { seed: 7, interventions: 50, guidelines: 40, recommendations: 200, assessments: 60, links: 150 };

async function synthetic(table: string) {
  const [row] = await app.dataSource.query(
    `SELECT count(*)::int AS n, count(*) FILTER (WHERE synthetic)::int AS marked FROM ${table} WHERE key LIKE 'synthetic-synergy-7-%'`,
  );
  return row as { n: number; marked: number };
}

describe('synergy volume generator', () => {
  it('is deterministic for a seed', () => {
    const a = prng(42);
    const b = prng(42);
    expect(Array.from({ length: 5 }, a)).toEqual(Array.from({ length: 5 }, b));
    expect(prng(43)()).not.toBe(prng(42)());
  });

  it('inserts the requested volume, marked synthetic, and nothing more on a second run', async () => {
    const counts = await generateSynergyVolume(app.dataSource, SMALL);
    expect(counts).toEqual({ interventions: 50, guidelines: 40, recommendations: 200, assessments: 60, links: 150 });
    const expected: [string, number][] = [
      ['intervention', SMALL.interventions],
      ['guideline', SMALL.guidelines],
      ['recommendation', SMALL.recommendations],
      ['package_assessment', SMALL.assessments],
    ];
    for (const [table, n] of expected) expect(await synthetic(table)).toEqual({ n, marked: n });
    const links = async () =>
      (
        await app.dataSource.query(
          `SELECT count(*)::int AS n FROM synergy_link WHERE synthetic AND rationale LIKE 'Synthetische%'`,
        )
      )[0].n;
    expect(await links()).toBe(150);
    await generateSynergyVolume(app.dataSource, SMALL);
    expect(await links()).toBe(150);
    expect((await synthetic('guideline')).n).toBe(40);
    // The volume feeds the conflict query like any other data.
    const res = await app.gql(`{ synergyConflicts(first: 1) { totalCount } }`);
    expect(res.data!.synergyConflicts.totalCount).toBeGreaterThan(0);
  });
});
