import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { outcome } from '../../helpers/outcome';
import { idsByKey } from '../../helpers/research';
import { CREATE_DELIVERABLE, day, mutate, span } from '../../fixtures/deliverables';

const ZIN = 'zin.editor@example.org';
let app: TestApp;
let parties: Record<string, string>;
let sectors: Record<string, string>;

beforeAll(async () => {
  app = await createTestApp();
  parties = await idsByKey(app, 'Party', 'party');
  sectors = await idsByKey(app, 'Sector', 'sector');
});
afterAll(() => app.close());

const CREATE = `mutation($input: CreateSynergyTrajectoryInput!) {
  createSynergyTrajectory(input: $input) { id key version phase parties { key } sector { key } } }`;
const UPDATE = `mutation($input: UpdateSynergyTrajectoryInput!) {
  updateSynergyTrajectory(input: $input) { version phase phaseAsOf deliverableKeys parties { key } } }`;

async function newTrajectory(partyKeys = ['zorginstituut', 'fms']) {
  const { createSynergyTrajectory } = await mutate(app, ZIN, CREATE, {
    name: 'Synergietraject test',
    sectorId: sectors.msz,
    partyIds: partyKeys.map((k) => parties[k]),
  });
  return createSynergyTrajectory as { id: string; key: string; version: number };
}

describe('synergy trajectories', () => {
  it('are created by Zorginstituut and updated by the partner association', async () => {
    const t = await newTrajectory();
    const res = await app.gql(
      UPDATE,
      {
        input: {
          id: t.id,
          version: t.version,
          phase: 'EXECUTION',
          phaseAsOf: '2025-06-30',
          deliverableKeys: ['zin-fms-synergie-resultaten'],
        },
      },
      await asUser(app, 'fms.editor@example.org'),
    );
    expect(res.data!.updateSynergyTrajectory).toEqual({
      version: t.version + 1,
      phase: 'EXECUTION',
      phaseAsOf: '2025-06-30',
      deliverableKeys: ['zin-fms-synergie-resultaten'],
      parties: [{ key: 'fms' }, { key: 'zorginstituut' }].sort((a, b) => a.key.localeCompare(b.key)),
    });
  });

  it.each([
    ['an association not taking part', 'nhg.editor@example.org', 'FORBIDDEN'],
    ['VWS', 'vws.editor@example.org', 'FORBIDDEN'],
    ['a contributor of the partner association', 'fms.contributor@example.org', 'FORBIDDEN'],
    ['the partner association', 'fms.editor@example.org', 'EXECUTION'],
    ['Zorginstituut', ZIN, 'EXECUTION'],
  ])('update by %s', async (_case, email, expected) => {
    const t = await newTrajectory();
    const res = await app.gql(
      UPDATE,
      { input: { id: t.id, version: t.version, phase: 'EXECUTION' } },
      await asUser(app, email),
    );
    expect(outcome(res, (d) => d.updateSynergyTrajectory.phase)).toBe(expected);
  });

  it.each([
    ['a key no deliverable has', ['zin-fms-synergie-resultaten', 'zin-fms-synergie-resultatem'], 1],
    ['an empty key', ['zin-fms-synergie-resultaten', '   '], 1],
  ])('refuses %s among the deliverable keys, naming it, and changes nothing', async (_case, keys, index) => {
    const t = await newTrajectory();
    const res = await app.gql(
      UPDATE,
      { input: { id: t.id, version: t.version, deliverableKeys: keys } },
      await asUser(app, ZIN),
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: `input.deliverableKeys.${index}`,
    });
    const [row] = await app.dataSource.query(
      'SELECT version, deliverable_keys FROM synergy_trajectory WHERE key = $1',
      [t.key],
    );
    expect(row).toEqual({ version: t.version, deliverable_keys: [] });
  });

  it('keeps its version on an update that changes nothing, the same parties in another order included', async () => {
    const t = await newTrajectory();
    const same = await mutate(app, ZIN, UPDATE, {
      id: t.id,
      version: t.version,
      name: 'Synergietraject test',
      partyIds: [parties.fms, parties.zorginstituut],
    });
    expect(same.updateSynergyTrajectory.version).toBe(t.version);
    const renamed = await mutate(app, ZIN, UPDATE, { id: t.id, version: t.version, name: 'Synergietraject, hernoemd' });
    expect(renamed.updateSynergyTrajectory.version).toBe(t.version + 1);
  });

  it('refuses an association creating a track without itself, or leaving one it takes part in', async () => {
    const without = await app.gql(
      CREATE,
      { input: { name: 'Zonder mij', partyIds: [parties.zorginstituut] } },
      await asUser(app, 'fms.editor@example.org'),
    );
    expect(without.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const t = await newTrajectory();
    const leave = await app.gql(
      UPDATE,
      { input: { id: t.id, version: t.version, partyIds: [parties.zorginstituut] } },
      await asUser(app, 'fms.editor@example.org'),
    );
    expect(leave.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('reaching the phase an output waits for completes its deliverable, citing the trajectory', async () => {
    const t = await newTrajectory();
    const { createDeliverable: d } = await mutate(app, 'vws.editor@example.org', CREATE_DELIVERABLE, {
      title: 'Resultaten synergietraject (test)',
      ownerPartyIds: [parties.zorginstituut],
      due: span(day(10), day(60)),
      outputs: [{ targetType: 'SYNERGY_TRAJECTORY', targetKey: t.key, targetPhase: 'EVALUATION' }],
    });
    const step = await mutate(app, ZIN, UPDATE, { id: t.id, version: t.version, phase: 'EXECUTION' });
    const status = async () =>
      (
        await app.gql(`query($id: ID!) { deliverable(id: $id) { status statusHistory { source { key label } } } }`, {
          id: d.id,
        })
      ).data!.deliverable;
    expect((await status()).status).toBe('PLANNED');
    await mutate(app, 'fms.editor@example.org', UPDATE, {
      id: t.id,
      version: step.updateSynergyTrajectory.version,
      phase: 'EVALUATION',
    });
    expect(await status()).toEqual({
      status: 'DONE',
      statusHistory: [{ source: { key: t.key, label: 'Synergietraject test, fase EVALUATION bereikt' } }],
    });
  });

  it('moves a phase on only (skipping is fine), so a reached output cannot be taken back', async () => {
    const t = await newTrajectory();
    const skipped = await mutate(app, ZIN, UPDATE, { id: t.id, version: t.version, phase: 'EVALUATION' });
    const back = await app.gql(
      UPDATE,
      { input: { id: t.id, version: skipped.updateSynergyTrajectory.version, phase: 'EXECUTION' } },
      await asUser(app, ZIN),
    );
    expect(back.errors?.map((e) => [e.extensions?.code, e.extensions?.field, e.extensions?.allowed])).toEqual([
      ['BAD_USER_INPUT', 'input.phase', ['IMPLEMENTATION', 'COMPLETED']],
    ]);
    const same = await mutate(app, ZIN, UPDATE, {
      id: t.id,
      version: skipped.updateSynergyTrajectory.version,
      phase: 'EVALUATION',
    });
    expect(same.updateSynergyTrajectory).toMatchObject({
      phase: 'EVALUATION',
      version: skipped.updateSynergyTrajectory.version,
    });
  });
});

describe('the overview of a sector’s trajectories', () => {
  it('costs the same statements for 1 and for 5 trajectories, each counted as when read alone', async () => {
    const sector = sectors.msz!;
    const create = (n: number, partyKeys: string[]) =>
      mutate(app, ZIN, CREATE, {
        name: `Traject ${n} in het overzicht`,
        sectorId: sector,
        partyIds: partyKeys.map((k) => parties[k]),
      });
    const OVERVIEW = `query($s: ID) { synergyOverview(sectorId: $s) {
      trajectories { counts { totalLinks confirmedLinks awaitingAssessorConfirmation disputedLinks openConflicts } } } }`;
    const headers = await asUser(app, 'vws.viewer@example.org');
    await create(1, ['zorginstituut', 'fms']);
    const one = await app.countQueries(() => app.gql(OVERVIEW, { s: sector }, headers));
    await create(2, ['zorginstituut']);
    await create(3, ['nhg']);
    await create(4, ['zorginstituut', 'nhg', 'fms']);
    await create(5, ['fms']);
    const five = await app.countQueries(() => app.gql(OVERVIEW, { s: sector }, headers));
    expect([one.result.errors, five.result.errors]).toEqual([undefined, undefined]);
    const rows = (five.result as any).data.synergyOverview.trajectories as { counts: unknown }[];
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(rows.some((r) => (r.counts as { totalLinks: number }).totalLinks > 0)).toBe(true);
    expect(five.count).toBe(one.count);
    // Batched, each trajectory counts what it counts read alone (the overview lists them as synergyTrajectories does).
    const listed = await app.gql(`query($s: ID) { synergyTrajectories(sectorId: $s) { id } }`, { s: sector }, headers);
    const ids = (listed.data!.synergyTrajectories as { id: string }[]).map((t) => t.id);
    expect(ids).toHaveLength(rows.length);
    const ONE = `query($id: ID!) { node(id: $id) { ... on SynergyTrajectory {
      overview { totalLinks confirmedLinks awaitingAssessorConfirmation disputedLinks openConflicts } } } }`;
    for (const [i, row] of rows.entries()) {
      const alone = await app.gql(ONE, { id: ids[i] }, headers);
      expect(alone.data!.node.overview).toEqual(row.counts);
    }
  });
});

describe('trajectories with their overviews', () => {
  const LIST = `query($s: ID, $first: Int) { synergyTrajectories(sectorId: $s, first: $first) {
    key overview { totalLinks openConflicts } } }`;

  it('answers a few at a time (`first`), and refuses the whole list with a pointer to `first`', async () => {
    const headers = await asUser(app, 'vws.viewer@example.org');
    for (const n of [1, 2, 3]) await newTrajectory(n === 2 ? ['nhg'] : ['zorginstituut', 'fms']);
    const [all] = await app.dataSource.query('SELECT count(*)::int AS n FROM synergy_trajectory');
    expect(all.n).toBeGreaterThanOrEqual(3);

    const three = await app.gql(LIST, { first: 3 }, headers);
    expect(three.errors).toBeUndefined();
    const keys = (three.data!.synergyTrajectories as { key: string }[]).map((t) => t.key);
    const firstKeys = await app.dataSource.query('SELECT key FROM synergy_trajectory ORDER BY key LIMIT 3');
    expect(keys).toEqual(firstKeys.map((r: { key: string }) => r.key));

    // Without `first`, the default page of 20 overviews costs more than a request may.
    const whole = await app.gql(LIST, {}, headers);
    expect(whole.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(whole.errors?.[0].message).toMatch(/smaller pages/);
  });
});
