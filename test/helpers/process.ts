import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';

export const ENTRY = path.join(__dirname, '..', '..', 'dist', 'server', 'index.js');

export interface ServerProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly output: () => { stdout: string; stderr: string };
  /** Resolves with the GraphQL URL once the server prints it. */
  ready(timeoutMs?: number): Promise<string>;
  exited(timeoutMs?: number): Promise<number | null>;
}

/** Runs the compiled server (`npm start` without the build step) with exactly the given environment. */
export function startServerProcess(env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, [ENTRY], {
    // DOTENV_CONFIG_PATH: a developer's own .env must not leak into these runs.
    env: {
      PATH: process.env.PATH ?? '',
      DOTENV_CONFIG_PATH: '/nonexistent/.env',
      LOG_LEVEL: 'warn',
      PORT: '0',
      ...env,
    },
    cwd: path.join(__dirname, '..', '..'),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => ({ stdout, stderr }),
    ready(timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`server not ready: ${stdout}${stderr}`)), timeoutMs);
        const check = () => {
          const match = /ready at (http:\/\/\S+)/.exec(stdout);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        };
        child.stdout.on('data', check);
        void exit.then(() => {
          clearTimeout(timer);
          reject(new Error(`server exited: ${stdout}${stderr}`));
        });
        check();
      });
    },
    async exited(timeoutMs = 20_000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`server did not exit: ${stdout}${stderr}`)), timeoutMs);
      });
      try {
        return await Promise.race([exit, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
