import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ApolloServerPlugin } from '@apollo/server';
import express, { type RequestHandler } from 'express';

export const EXPLORER_ASSETS_PATH = '/explorer';

/**
 * The GraphiQL bundle `npm run build` writes to dist/explorer. Compiled code runs from dist/server and
 * the tests run the sources from server/, so both places are looked at.
 */
const ASSETS_DIR = [path.join(__dirname, '..', 'explorer'), path.join(__dirname, '..', 'dist', 'explorer')].find(
  (dir) => existsSync(path.join(dir, 'explorer.js')),
);

const PAGE = `<!doctype html>
<html lang="nl">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>IZA platform — GraphQL explorer</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${EXPLORER_ASSETS_PATH}/explorer.css" />
    <script defer src="${EXPLORER_ASSETS_PATH}/explorer.js"></script>
  </head>
  <body>
    <div id="graphiql"></div>
  </body>
</html>
`;

const MISSING = `<!doctype html>
<html lang="en"><head><meta charset="utf-8" /><title>Explorer not built</title></head>
<body><p>The GraphQL explorer is not built: run <code>npm run build</code>.</p></body></html>
`;

/** Serves the bundled explorer's script and style (GraphiQL, React), from the project's own files. */
export function explorerAssets(): RequestHandler {
  return ASSETS_DIR
    ? express.static(ASSETS_DIR, { index: false, fallthrough: false })
    : (_req, res) => res.sendStatus(404);
}

/** Serves GraphiQL at GET /graphql for browsers; it loads nothing from other origins, so it works offline. */
export function explorerLandingPagePlugin(): ApolloServerPlugin {
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html: ASSETS_DIR ? PAGE : MISSING };
        },
      };
    },
  };
}
