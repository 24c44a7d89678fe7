import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestApp, type TestApp } from '../../helpers/app';

const FLOW = join(__dirname, '..', '..', 'helpers', 'apollo-portal-flow.mjs');

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

/** Runs the portal flow in Apollo Client's development build, where its warnings are printed. */
async function portalFlow(...args: string[]): Promise<{ warnings: string[]; problems: string[] }> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--conditions=development', FLOW, app.url, ...args]);
  return JSON.parse(stdout);
}

describe('Apollo Client 4 (development build)', () => {
  it('runs a portal flow without a warning with the README cache settings', async () => {
    expect(await portalFlow()).toEqual({ warnings: [], problems: [] });
  });

  it('shows why they are needed: without them fragments, merged fields and pages go wrong', async () => {
    const { warnings, problems } = await portalFlow('--bare');
    expect(warnings).toEqual(expect.arrayContaining([expect.stringContaining('Cache data may be lost')]));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('fetchMore did not append'),
        expect.stringContaining('... on Sourced'),
      ]),
    );
  });
});
