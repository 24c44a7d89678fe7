// Bundles the GraphiQL explorer page (server/explorer-ui/page.mjs) into dist/explorer at build time,
// so the server serves it from its own files, offline, under a CSP without inline scripts.
import { build } from 'esbuild';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..', '..');
const output = path.join(root, 'dist', 'explorer', 'explorer.js');
const mtime = (file) => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
};
// Like tsc -b, bundle only when a source (or the installed packages, via the lock file) is newer than
// the bundle: every script builds first, and a no-change build should cost nothing.
const sources = [...readdirSync(here).map((f) => path.join(here, f)), path.join(root, 'package-lock.json')];
const upToDate = mtime(output) > Math.max(...sources.map(mtime));
if (!upToDate)
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
