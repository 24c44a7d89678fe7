import { toGlobalId } from 'graphql-relay';
import type { Scenario } from '../scenario';

export const PORTAL_AGENDA_QUERY = /* GraphQL */ `
  query PortalAgenda($sectorId: ID!) {
    sector(id: $sectorId) {
      nameNl
      researchAgendas {
        title
        adoptedVersion {
          number
          items {
            rank
            rationale
            question {
              id
              title
              status
              priorityTotal
              proposedByParty {
                shortName
              }
              sectors {
                key
              }
              criteria {
                key
              }
              projects {
                title
                status
              }
            }
          }
        }
      }
    }
  }
`;

/** A partner portal showing a sector: its agendas, the adopted version's questions and their relations. */
export const portalAgendaScenario: Scenario = {
  name: 'portal agenda',
  description: 'sector → agendas → adopted version → items → question → party, sectors, criteria, projects',
  async requests(ctx) {
    const sectors = await ctx.sql<{ id: string }>('SELECT id FROM sector ORDER BY key');
    return sectors.map((s) => ({ query: PORTAL_AGENDA_QUERY, variables: { sectorId: toGlobalId('Sector', s.id) } }));
  },
};
