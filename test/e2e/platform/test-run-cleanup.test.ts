import { execFile, spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CLUSTER_FOLDER_PREFIX } from '../../helpers/cluster-folders';

const ROOT = path.join(__dirname, '..', '..', '..');
const JEST = path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');

describe('a test run on the embedded PostgreSQL (no DATABASE_URL)', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'iza-test-run-'));
    await chmod(tmp, 0o755);
  });
  afterAll(() => rm(tmp, { recursive: true, force: true }));

  it('removes its database folder after a failed run, and the folders of interrupted runs', async () => {
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    const interrupted = path.join(tmp, `${CLUSTER_FOLDER_PREFIX}interrupted`);
    await mkdir(path.join(interrupted, 'data'), { recursive: true });
    await writeFile(path.join(interrupted, 'owner.pid'), `${gone}\n`);
    await writeFile(path.join(interrupted, 'data', 'postmaster.pid'), `${gone}\n${interrupted}\n`);
    const running = path.join(tmp, `${CLUSTER_FOLDER_PREFIX}running`);
    await mkdir(running);
    await writeFile(path.join(running, 'owner.pid'), `${process.pid}\n`);
    // Fails, and shows the cluster folders it sees while the run is on: its own and the running one.
    await writeFile(
      path.join(tmp, 'fails.test.js'),
      `it('fails', () => expect(require('fs').readdirSync(${JSON.stringify(tmp)}).filter((n) => n.startsWith(${JSON.stringify(CLUSTER_FOLDER_PREFIX)})).sort()).toBe('listed'));\n`,
    );

    const config = {
      rootDir: ROOT,
      roots: [tmp],
      testMatch: ['**/fails.test.js'],
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
      globalSetup: '<rootDir>/test/helpers/global-setup.ts',
      globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
    };
    const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp };
    delete env.DATABASE_URL;
    const run = await promisify(execFile)(process.execPath, [JEST, '--config', JSON.stringify(config)], {
      cwd: ROOT,
      env,
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Tests:\s+1 failed/);
    const seen: string[] = JSON.parse(/Received: (\[.*?\])/.exec(run.stderr.replace(/\s+/g, ' '))![1]!);
    expect(seen).toHaveLength(2);
    expect(seen).toContain(path.basename(running));
    expect(seen.find((name) => name !== path.basename(running))).toMatch(/^iza-test-pg-\w{6}$/);
    const left = (await readdir(tmp)).filter((name) => name.startsWith(CLUSTER_FOLDER_PREFIX));
    expect(left).toEqual([path.basename(running)]);
  }, 120_000);
});
