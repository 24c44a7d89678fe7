// Bundles the dashboard (web/) with Vite into dist/dashboard, which the server serves at `/`.
// Like tsc -b, it bundles only when a source (or the installed packages, via the lock file) is newer
// than the bundle: every script builds first, and a no-change build should cost nothing.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
const outDir = path.join(root, 'dist', 'dashboard');

const mtime = (file) => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
};
const filesUnder = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
  );
const sources = [
  ...filesUnder(here),
  ...filesUnder(path.join(root, 'client')),
  path.join(root, 'schema', 'possible-types.json'),
  path.join(root, 'schema', 'cache-shape.json'),
  path.join(root, 'package-lock.json'),
];
const built = Math.min(mtime(path.join(outDir, 'index.html')), mtime(path.join(outDir, 'operations.json')));
if (built < Math.max(...sources.map(mtime))) {
  const { build } = await import('vite');
  await build({
    root: here,
    configFile: false,
    logLevel: 'warn',
    base: '/',
    oxc: { jsx: { runtime: 'automatic' } },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      // The page must run without inline script: no tiny chunks inlined as data: URLs either.
      assetsInlineLimit: 0,
      chunkSizeWarningLimit: 1024,
      rollupOptions: {
        // react-intl marks itself "use client" for server components, which a browser bundle does not have.
        onwarn(warning, warn) {
          if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
        },
      },
    },
  });
  const { writeOperationsManifest } = await import('./operations-manifest.mjs');
  await writeOperationsManifest(path.join(outDir, 'operations.json'));
}
