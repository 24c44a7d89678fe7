import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** Temp folders of the embedded PostgreSQL a test run starts when DATABASE_URL is unset. */
export const CLUSTER_FOLDER_PREFIX = 'iza-test-pg-';
const OWNER_FILE = 'owner.pid';
/** A folder without an owner file that is younger than this may be one another run is creating now. */
const UNOWNED_GRACE_MS = 60_000;

function alive(pid: number | undefined): boolean {
  if (pid === undefined || !Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function pidIn(file: string): Promise<number | undefined> {
  try {
    return Number((await readFile(file, 'utf8')).split('\n')[0]);
  } catch {
    return undefined;
  }
}

/** A new cluster folder, marked with the process that owns it, that the `postgres` user can reach. */
export async function createClusterFolder(tmp = os.tmpdir()): Promise<string> {
  const dir = await mkdtemp(path.join(tmp, CLUSTER_FOLDER_PREFIX));
  await chmod(dir, 0o755);
  await writeFile(path.join(dir, OWNER_FILE), `${process.pid}\n`);
  return dir;
}

/**
 * Removes the cluster folders of earlier runs that were interrupted before their teardown: those whose
 * test run and PostgreSQL are both gone. Returns the folders removed.
 */
export async function removeStaleClusterFolders(tmp = os.tmpdir()): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(tmp)) {
    if (!name.startsWith(CLUSTER_FOLDER_PREFIX)) continue;
    const dir = path.join(tmp, name);
    try {
      const owner = await pidIn(path.join(dir, OWNER_FILE));
      if (owner === undefined && Date.now() - (await stat(dir)).mtimeMs < UNOWNED_GRACE_MS) continue;
      if (alive(owner) || alive(await pidIn(path.join(dir, 'data', 'postmaster.pid')))) continue;
      await rm(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // Another run removed it first, or it is not ours to read: leave it.
    }
  }
  return removed;
}
