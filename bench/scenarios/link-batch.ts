import { toGlobalId } from 'graphql-relay';
import type { BenchRequest, Scenario } from '../scenario';

const MUTATION = /* GraphQL */ `
  mutation LinkBatch($input: UpsertGuidelineLinksInput!) {
    upsertGuidelineLinks(input: $input) {
      created
      updated
      unchanged
      removed
    }
  }
`;

export const LINKS_PER_BATCH = 20;
const EDITOR = 'nhg.editor@example.org';

/**
 * (c) An association's system pushing a batch of 20 new links for one of its guidelines, as its
 * editor: every batch creates links that do not exist yet (each is committed with its audit event),
 * so requests are never repeated; there are enough for any run (≈ 15 000 batches).
 */
export const linkBatchScenario: Scenario = {
  name: 'c link batch',
  description: `upsertGuidelineLinks: ${LINKS_PER_BATCH} new links per request as ${EDITOR}`,
  once: { checks: 2 },
  writes: { unitsPerRequest: LINKS_PER_BATCH, unit: 'links' },
  async requests(ctx) {
    const authorization = await ctx.bearer(EDITOR);
    // Published guidelines the editor's association owns, and published assessments not linked to them yet.
    const pairs = await ctx.sql<{ guideline_id: string; assessment_ids: string[] }>(
      `SELECT g.id AS guideline_id, a.ids AS assessment_ids
       FROM guideline g
       JOIN guideline_owner o ON o.guideline_id = g.id
       JOIN party p ON p.id = o.party_id AND p.key = 'nhg'
       CROSS JOIN LATERAL (
         SELECT array_agg(pa.id ORDER BY pa.key) AS ids FROM (
           SELECT pa.id, pa.key FROM package_assessment pa
           WHERE pa.published AND NOT EXISTS (
             SELECT 1 FROM synergy_link l WHERE l.guideline_id = g.id AND l.assessment_id = pa.id)
           ORDER BY pa.key LIMIT 2000) pa
       ) a
       WHERE g.status = 'PUBLISHED'
       ORDER BY g.key`,
    );
    const requests: BenchRequest[] = [];
    for (let round = 0; round * LINKS_PER_BATCH < 2000; round++) {
      for (const pair of pairs) {
        const ids = pair.assessment_ids.slice(round * LINKS_PER_BATCH, (round + 1) * LINKS_PER_BATCH);
        if (ids.length < LINKS_PER_BATCH) continue;
        requests.push({
          query: MUTATION,
          headers: { authorization },
          variables: {
            input: {
              guidelineId: toGlobalId('Guideline', pair.guideline_id),
              links: ids.map((id) => ({
                assessmentId: toGlobalId('PackageAssessment', id),
                linkType: 'SHARED_EVIDENCE',
                alignment: 'ALIGNED',
                rationale: 'Benchmark: gedeeld bewijs',
              })),
            },
          },
        });
      }
    }
    return requests;
  },
};
