import { existsSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import type { Config } from '../config';
import { dashboardContentSecurityPolicy } from '../security/http-guards';
import { loadTrustedDocuments } from '../security/trusted-documents';
import { NESTED_MAX_SIZE } from '../shared/pagination';

/**
 * The dashboard `npm run build` writes to dist/dashboard (web/ bundled by Vite). Compiled code runs
 * from dist/server/dashboard and the tests run the sources from server/dashboard, so both are looked at.
 */
const DASHBOARD_DIR = [
  path.join(__dirname, '..', '..', 'dashboard'),
  path.join(__dirname, '..', '..', 'dist', 'dashboard'),
].find((dir) => existsSync(path.join(dir, 'index.html')));

/**
 * The operations the built dashboard sends (web/operations-manifest.mjs writes them at build time),
 * registered like a portal's manifest, so a server that enforces trusted documents keeps serving its
 * own dashboard without the operator listing the file. Empty when the dashboard is off or not built.
 */
export function dashboardDocuments(config: Config): Map<string, string> {
  const manifest = DASHBOARD_DIR && path.join(DASHBOARD_DIR, 'operations.json');
  return config.dashboard.enabled && manifest && existsSync(manifest) ? loadTrustedDocuments([manifest]) : new Map();
}

/** Paths the dashboard's own router draws (`route()` in web/src/app.tsx); every other path stays the API's. */
const DASHBOARD_PAGES = [
  '/',
  '/overview',
  '/deliverables',
  '/timeline',
  '/sectors',
  '/synergy',
  '/party',
  '/history',
  '/sign-in',
  '/auth/callback',
];

const MISSING = `<!doctype html>
<html lang="en"><head><meta charset="utf-8" /><title>Dashboard not built</title></head>
<body><main><h1>Dashboard not built</h1><p>Run <code>npm run build</code>.</p></main></body></html>
`;

/** What the browser app needs to know before it can sign in; no secrets. */
interface DashboardSettings {
  auth:
    { mode: 'oidc'; authority: string; clientId: string | null; scope: string } | { mode: 'local'; demoUsers: boolean };
  /** MAX_PAGE_SIZE, which operators may set: the page asks no larger `first` of a connection. */
  maxPageSize: number;
  /** NESTED_MAX_SIZE: the page asks no larger `first` of a list inside a record (a deliverable's milestones, …). */
  nestedMaxSize: number;
}

function dashboardSettings(config: Config): DashboardSettings {
  return {
    auth:
      config.auth.mode === 'oidc'
        ? {
            mode: 'oidc',
            authority: config.auth.issuer,
            clientId: config.dashboard.oidcClientId ?? null,
            scope: config.dashboard.oidcScope,
          }
        : { mode: 'local', demoUsers: config.dashboard.demoSignIn },
    maxPageSize: config.maxPageSize,
    nestedMaxSize: NESTED_MAX_SIZE,
  };
}

/**
 * Serves the dashboard at `/` from the project's own files, under a CSP stricter than the API's:
 * the built page has no inline script or style (Vite emits module scripts and stylesheets as files).
 */
export function dashboardRouter(config: Config): express.Router {
  const router = express.Router();
  const csp = dashboardContentSecurityPolicy(config.auth.mode === 'oidc' ? config.auth.issuer : undefined);
  const settings = JSON.stringify(dashboardSettings(config));

  router.get('/dashboard-settings.json', (_req, res) => {
    res.set('Cache-Control', 'no-store').type('application/json').send(settings);
  });
  if (!DASHBOARD_DIR) {
    router.get(DASHBOARD_PAGES, csp, (_req, res) => {
      res.status(503).type('html').send(MISSING);
    });
    return router;
  }
  // File names carry a content hash: a changed file is a new name, so browsers may keep them for a year.
  router.use(
    '/assets',
    csp,
    express.static(path.join(DASHBOARD_DIR, 'assets'), {
      index: false,
      fallthrough: false,
      immutable: true,
      maxAge: '1y',
    }),
  );
  const page = path.join(DASHBOARD_DIR, 'index.html');
  const pages = DASHBOARD_PAGES.map((p) => (p === '/' ? p : `${p}{/*rest}`));
  router.get(pages, csp, (_req, res) => {
    res.set('Cache-Control', 'no-cache').sendFile(page);
  });
  return router;
}
