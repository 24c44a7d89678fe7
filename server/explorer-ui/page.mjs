// The GraphiQL explorer page, bundled by build.mjs into dist/explorer (no CDN, no inline script).
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import './page.css';
import { parse } from 'graphql';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';

const DEFAULT_QUERY = `# Partijen en hun sectoren
query Parties {
  parties(first: 10) {
    totalCount
    edges {
      cursor
      node {
        id
        name
        shortName
        kind
        sectors {
          nameNl
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
`;

// The page is served at the GraphQL endpoint itself, so its own address is the one to query.
const send = createGraphiQLFetcher({ url: window.location.pathname });

/**
 * GraphiQL learns the operation names of the editor's text a moment after typing stops; a query run
 * sooner is sent with the name of the operation it replaced, which the server cannot find. The name
 * is therefore taken from the text being sent.
 */
function operationNameOf(query, requested) {
  let names;
  try {
    names = parse(query)
      .definitions.filter((definition) => definition.kind === 'OperationDefinition')
      .map((definition) => definition.name?.value ?? null);
  } catch {
    return requested;
  }
  if (requested && names.includes(requested)) return requested;
  return names.length === 1 ? (names[0] ?? undefined) : requested;
}

const fetcher = (params, options) =>
  params.operationName === 'IntrospectionQuery'
    ? send(params, options)
    : send({ ...params, operationName: operationNameOf(params.query, params.operationName) }, options);
createRoot(document.getElementById('graphiql')).render(
  createElement(GraphiQL, { fetcher, defaultQuery: DEFAULT_QUERY }),
);
