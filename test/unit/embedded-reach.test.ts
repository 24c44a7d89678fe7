import { chmod, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { firstClosedFolder } from '../../server/db/embedded';

describe('firstClosedFolder (can user postgres reach the embedded PostgreSQL?)', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'iza-reach-'));
    await chmod(root, 0o755);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  const stranger = { uid: 987_654, gids: [987_654] };

  async function folders(mode: number) {
    const closed = await mkdtemp(path.join(root, 'f-'));
    await mkdir(path.join(closed, 'inner', 'pg'), { recursive: true });
    await chmod(closed, mode);
    return { closed, target: path.join(closed, 'inner', 'pg') };
  }

  it.each([
    ['700', 'nobody but the owner', 0o700],
    ['750', 'the owner and the group', 0o750],
    ['744', 'others may read but not enter', 0o744],
  ])('names a folder of mode %s (%s) for another user', async (_mode, _what, mode) => {
    const { closed, target } = await folders(mode);
    expect(await firstClosedFolder(target, stranger)).toEqual({ folder: closed, mode });
  });

  it.each([
    ['711', 'others may enter', 0o711],
    ['755', 'open', 0o755],
  ])('lets another user through a folder of mode %s (%s)', async (_mode, _what, mode) => {
    const { target } = await folders(mode);
    expect(await firstClosedFolder(target, stranger)).toBeUndefined();
  });

  it('applies the owner’s bits to the owner and the group’s to its members', async () => {
    const { closed, target } = await folders(0o710);
    const { uid, gid } = await stat(closed);
    expect(await firstClosedFolder(target, { uid, gids: [] })).toBeUndefined();
    expect(await firstClosedFolder(target, { uid: stranger.uid, gids: [gid] })).toBeUndefined();
    expect(await firstClosedFolder(target, stranger)).toEqual({ folder: closed, mode: 0o710 });
  });

  it('stops at the first folder that does not exist yet (root creates it open)', async () => {
    expect(await firstClosedFolder(path.join(root, 'not', 'yet', 'there'), stranger)).toBeUndefined();
  });
});
