import type { ApolloServerPlugin } from '@apollo/server';

/**
 * Serves GraphiQL at GET /graphql for browsers, bundled in @graphql-yoga/render-graphiql (JavaScript,
 * CSS and editor workers inline), so it works without internet access.
 */
export function explorerLandingPagePlugin(endpoint: string): ApolloServerPlugin {
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          // Loaded only when the explorer is on: the bundle is ~9 MB of JavaScript.
          const { renderGraphiQL } =
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            require('@graphql-yoga/render-graphiql') as typeof import('@graphql-yoga/render-graphiql');
          const html = renderGraphiQL({
            title: 'IZA platform — GraphQL explorer',
            endpoint,
            defaultQuery: [
              '# Partijen en hun sectoren',
              'query Parties {',
              '  parties(first: 10) {',
              '    totalCount',
              '    edges { cursor node { id name shortName kind sectors { nameNl } } }',
              '    pageInfo { hasNextPage endCursor }',
              '  }',
              '}',
              '',
            ].join('\n'),
          });
          return { html };
        },
      };
    },
  };
}
