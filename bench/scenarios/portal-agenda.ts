import { toGlobalId } from 'graphql-relay';
import type { Scenario } from '../scenario';

const ITEM_FIELDS = /* GraphQL */ `
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
`;

/** A whole sector page: every agenda of the sector with its adopted version's items. */
export const PORTAL_AGENDA_QUERY = /* GraphQL */ `
  query PortalAgenda($sectorId: ID!) {
    sector(id: $sectorId) {
      nameNl
      researchAgendas {
        title
        adoptedVersion {
          number
          items {
            ${ITEM_FIELDS}
          }
        }
      }
    }
  }
`;

/** One adopted agenda of a sector: its first (and only) page of 50 items. */
export const PORTAL_ADOPTED_AGENDA_QUERY = /* GraphQL */ `
  query PortalAdoptedAgenda($agendaId: ID!) {
    researchAgenda(id: $agendaId) {
      title
      sector {
        nameNl
      }
      adoptedVersion {
        number
        items {
          ${ITEM_FIELDS}
        }
      }
    }
  }
`;

/** (a) A partner portal showing a sector's adopted agenda: 50 items, each question with its relations. */
export const portalAgendaScenario: Scenario = {
  name: 'a portal agenda',
  description: 'adopted agenda → 50 items → question → proposing party, sectors, criteria, projects',
  async requests(ctx) {
    const agendas = await ctx.sql<{ id: string }>(
      `SELECT a.id FROM research_agenda a WHERE a.synthetic AND EXISTS (SELECT 1 FROM research_agenda_version v WHERE v.agenda_id = a.id AND v.status = $1) ORDER BY a.key LIMIT 60`,
      ['ADOPTED'],
    );
    return agendas.map((a) => ({
      query: PORTAL_ADOPTED_AGENDA_QUERY,
      variables: { agendaId: toGlobalId('ResearchAgenda', a.id) },
    }));
  },
};
