// Bundles the GraphiQL explorer page (server/explorer-ui/page.mjs) into dist/explorer at build time,
// so the server serves it from its own files, offline, under a CSP without inline scripts.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
await build({
  entryPoints: { explorer: path.join(here, 'page.mjs') },
  outdir: path.join(here, '..', '..', 'dist', 'explorer'),
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2020',
  define: { 'process.env.NODE_ENV': '"production"' },
  loader: { '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl', '.svg': 'dataurl' },
  logLevel: 'warning',
});
