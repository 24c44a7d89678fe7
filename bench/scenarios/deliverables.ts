import type { Scenario } from '../scenario';

const DASHBOARD = /* GraphQL */ `
  query DashboardByParty {
    deliverableDashboard(groupBy: PARTY, asOf: "2026-11-23") {
      totals {
        total
        overdue
        dueNext90Days
      }
      groups {
        party {
          shortName
        }
        counts {
          total
          overdue
          dueNext90Days
          byStatus {
            status
            count
          }
          byHealth {
            health
            count
          }
        }
      }
    }
  }
`;

const OVERDUE = /* GraphQL */ `
  query Overdue {
    deliverables(filter: { overdue: true }, first: 50, asOf: "2026-11-23") {
      totalCount
      nodes {
        title
        status
        due {
          label
        }
        ownerParties {
          shortName
        }
        sectors {
          key
        }
        milestones {
          title
        }
      }
    }
  }
`;

const VWS = 'vws.editor@example.org';

/** (e) VWS, signed in: the deliverable dashboard grouped by party, and the overdue list (first 50). */
export const deliverablesScenario: Scenario = {
  name: 'e VWS dashboard',
  description: `deliverableDashboard(groupBy: PARTY) and deliverables(overdue), alternating, as ${VWS}`,
  async requests(ctx) {
    const headers = { authorization: await ctx.bearer(VWS) };
    return [
      { query: DASHBOARD, headers },
      { query: OVERDUE, headers },
    ];
  },
};
