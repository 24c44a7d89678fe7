import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_SYNTHETIC_RESEARCH, prng } from '../../server/db/seed/synthetic/research';
import { researchSeed } from '../../server/db/seed/research';

const seeds = path.join(__dirname, '..', '..', 'server', 'db', 'seed', 'seeds');
const collapse = (text: string) => text.replace(/\s+/g, ' ');

describe('research seed', () => {
  const sourced = [
    ...researchSeed.prioritisationCriteria.map((c) => ({ key: c.key, synthetic: c.synthetic, sources: c.sources })),
    ...researchSeed.interventions.map((i) => ({ key: i.key, synthetic: false, sources: i.sources })),
    ...researchSeed.projects.map((p) => ({ key: p.key, synthetic: false, sources: p.sources })),
  ];

  it.each(sourced.map((r) => [r.key, r] as const))(
    '%s quotes its documents verbatim, or is synthetic',
    (_key, record) => {
      if (record.synthetic) {
        expect(record.sources).toEqual([]);
        return;
      }
      expect(record.sources.length).toBeGreaterThan(0);
      for (const source of record.sources) {
        const document = collapse(readFileSync(path.join(seeds, source.document), 'utf8'));
        expect(document).toContain(collapse(source.quote));
      }
    },
  );

  it('places only questions and agendas that exist in the data', () => {
    const agendas = new Set(researchSeed.agendas.map((a) => a.key));
    const questions = new Set(researchSeed.questions.map((q) => q.key));
    for (const p of researchSeed.placements) {
      expect(agendas).toContain(p.agendaKey);
      expect(questions).toContain(p.questionKey);
    }
    for (const project of researchSeed.projects)
      for (const key of project.questionKeys) expect(questions).toContain(key);
  });
});

describe('synthetic generator', () => {
  it('is deterministic for a seed', () => {
    const a = prng(DEFAULT_SYNTHETIC_RESEARCH.seed);
    const b = prng(DEFAULT_SYNTHETIC_RESEARCH.seed);
    const first = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(first);
    expect(Array.from({ length: 5 }, prng(1))).not.toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
