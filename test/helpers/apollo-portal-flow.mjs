// A portal's flow through Apollo Client 4, run by test/e2e/platform/apollo-client.test.ts in a child process
// under `node --conditions=development` (the only way Apollo prints its development warnings).
// Usage: node --conditions=development apollo-portal-flow.mjs <graphql url> [--bare]
// --bare leaves out possibleTypes and typePolicies. Prints { warnings, problems } as JSON.
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { possibleTypes, typePolicies } from '../../client/apollo-cache.mjs';

const [url, mode] = process.argv.slice(2);
const warnings = [];
for (const level of ['warn', 'error']) {
  console[level] = (...args) => warnings.push(`${level}: ${args.map(String).join(' ')}`);
}
const problems = [];

const client = new ApolloClient({
  link: new HttpLink({ uri: url }),
  cache: new InMemoryCache(mode === '--bare' ? {} : { possibleTypes, typePolicies }),
});

const PARTIES = gql`
  query Parties($after: String) {
    parties(first: 3, after: $after) {
      edges {
        cursor
        node {
          id
          name
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;
const first = await client.query({ query: PARTIES });
const watched = client.watchQuery({ query: PARTIES });
const subscription = watched.subscribe(() => {});
const more = await watched.fetchMore({ variables: { after: first.data.parties.pageInfo.endCursor } });
const pages = client.readQuery({ query: PARTIES });
subscription.unsubscribe();
const ids = (data) => data.parties.edges.map((edge) => edge.node.id);
const expected = [...ids(first.data), ...ids(more.data)];
if (JSON.stringify(ids(pages)) !== JSON.stringify(expected))
  problems.push(`fetchMore did not append the next page: ${ids(pages).length} edges, ${expected.length} expected`);

const NODE = gql`
  query One($id: ID!) {
    node(id: $id) {
      id
      ... on Party {
        name
      }
      ... on Sourced {
        sources {
          document
        }
      }
    }
  }
`;
const one = await client.query({ query: NODE, variables: { id: first.data.parties.edges[0].node.id } });
if (!Array.isArray(one.data.node.sources)) problems.push('node(): the ... on Sourced fields are missing');

const DUE_LABELS = gql`
  query DueLabels {
    deliverables(first: 5) {
      edges {
        node {
          id
          due {
            label
          }
          healthReport {
            overdue
          }
        }
      }
    }
  }
`;
const DUE_DAYS = gql`
  query DueDays {
    deliverables(first: 5) {
      edges {
        node {
          id
          due {
            earliest
            latest
          }
          healthReport {
            noRecentUpdate
          }
        }
      }
    }
  }
`;
await client.query({ query: DUE_LABELS });
await client.query({ query: DUE_DAYS });
const labels = client.readQuery({ query: DUE_LABELS });
if (!labels?.deliverables.edges.every((edge) => typeof edge.node.due.label === 'string'))
  problems.push('due: the label read by the first query was lost');

process.stdout.write(`${JSON.stringify({ warnings, problems })}\n`);
