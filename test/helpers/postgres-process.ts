import { spawn } from 'node:child_process';
import path from 'node:path';

const EMBEDDED = path.join(__dirname, '..', '..', 'dist', 'server', 'db', 'embedded.js');

export interface PostgresProcess {
  readonly url: string;
  /** Stops the server (fast shutdown) and waits for it to be gone. */
  stop(): Promise<void>;
}

/**
 * Runs an embedded PostgreSQL under a child Node process (the compiled server code), so a test can
 * stop and start the database server itself. Jest cannot load the ESM package in-process.
 */
export function startPostgresProcess(dir: string, port: number, database: string): Promise<PostgresProcess> {
  const script = `
    const pino = require('pino');
    require(${JSON.stringify(EMBEDDED)}).startEmbeddedPostgres({ dir: ${JSON.stringify(dir)}, port: ${port}, logger: pino({ level: 'silent' }), database: ${JSON.stringify(database)} })
      .then((pg) => {
        process.stdout.write('URL ' + pg.url + '\\n');
        process.on('SIGTERM', () => pg.stop().then(() => process.exit(0)));
      }, (e) => { process.stderr.write(String(e)); process.exit(1); });
  `;
  const child = spawn(process.execPath, ['-e', script], { cwd: path.join(__dirname, '..', '..') });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /URL (\S+)/.exec(out);
      if (match) {
        resolve({
          url: match[1]!,
          stop: async () => {
            child.kill('SIGTERM');
            await exited;
          },
        });
      }
    });
    void exited.then(() => reject(new Error(`embedded PostgreSQL did not start: ${err}`)));
  });
}
