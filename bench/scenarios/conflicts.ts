import { toGlobalId } from 'graphql-relay';
import type { Scenario } from '../scenario';

const QUERY = /* GraphQL */ `
  query SectorConflicts($sectorId: ID!) {
    synergyConflicts(filter: { sectorId: $sectorId }, first: 50) {
      totalCount
      nodes {
        key
        kind
        explanation
        reviewDueOn
        guideline {
          title
        }
        recommendation {
          text
        }
        assessment {
          title
        }
      }
    }
  }
`;

const REVIEWER = 'zin.editor@example.org';

/** (d) Zorginstituut, signed in: the conflicts between guidelines and assessments of one sector, first page. */
export const conflictsScenario: Scenario = {
  name: 'd sector conflicts',
  description: `synergyConflicts(sector), first 50 with guideline, recommendation and assessment, as ${REVIEWER}`,
  async requests(ctx) {
    const authorization = await ctx.bearer(REVIEWER);
    const sectors = await ctx.sql<{ id: string }>('SELECT id FROM sector ORDER BY key');
    return sectors.map((s) => ({
      query: QUERY,
      variables: { sectorId: toGlobalId('Sector', s.id) },
      headers: { authorization },
    }));
  },
};
