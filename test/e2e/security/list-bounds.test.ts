import { readFileSync } from 'node:fs';
import { getIntrospectionQuery, type IntrospectionQuery, type IntrospectionTypeRef } from 'graphql';
import { toGlobalId } from 'graphql-relay';
import { DEFAULT_NATIONAL_VOLUME, loadNationalVolume } from '../../../server/db/seed/synthetic/national';
import { NESTED_MAX_SIZE } from '../../../server/shared/pagination';
import { BOUNDED_LISTS, LIST_DEFAULTS, MAX_HEAVY_ROOT_FIELDS } from '../../../server/security/list-bounds';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { startServerProcess } from '../../helpers/process';

/**
 * F1 of issue 19: no list that grows with the data comes back whole, the cost estimate knows each list's
 * size and the heavy fields' weight, and the issue's attack queries are refused at the national volume.
 */

let app: TestApp;
let volume: { deliverables: number; milestones: number };
beforeAll(async () => {
  app = await createTestApp();
  // The benchmark's national volume of deliverables and milestones (~12 000 timeline entries).
  volume = await loadNationalVolume(app.dataSource, { ...DEFAULT_NATIONAL_VOLUME, auditEvents: 0 });
}, 120_000);
afterAll(() => app.close());

/** The F1 query: every timeline entry with its deliverable, owners and programme. */
const TIMELINE_ENTRY = `title kind due { label earliest latest }
  deliverable { title key status ownerParties { name shortName } programme { name } }`;
const aliases = (n: number, field: (i: number) => string) =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field(i)}`).join(' ')} }`;

function unwrap(ref: IntrospectionTypeRef): { list: boolean; name: string } {
  let list = false;
  let type = ref;
  while (type.kind === 'NON_NULL' || type.kind === 'LIST') {
    if (type.kind === 'LIST') list = true;
    type = (type as { ofType: IntrospectionTypeRef }).ofType;
  }
  return { list, name: (type as { name: string }).name };
}

describe('every list that grows with the data has a bound', () => {
  it('is paged (`first`) or on the allow-list of lists bounded by nature', async () => {
    const res = await app.gql<IntrospectionQuery>(getIntrospectionQuery());
    const types = res.data!.__schema.types;
    const kinds = new Map(types.map((t) => [t.name, t.kind]));
    const unbounded: string[] = [];
    for (const type of types) {
      if (type.kind !== 'OBJECT' || type.name.startsWith('__')) continue;
      for (const field of type.fields ?? []) {
        const { list, name } = unwrap(field.type);
        if (!list) continue;
        const key = `${type.name}.${field.name}`;
        const paged = field.args.some((a) => a.name === 'first');
        const bounded =
          key in BOUNDED_LISTS ||
          kinds.get(name) === 'ENUM' ||
          (field.name === 'sources' && name === 'SourceRef') ||
          (type.name.endsWith('Connection') && ['edges', 'nodes'].includes(field.name));
        if (!paged && !bounded) unbounded.push(key);
      }
    }
    expect(unbounded).toEqual([]);
  });

  it('states the cap of every capped list in its description', async () => {
    const res = await app.gql<IntrospectionQuery>(getIntrospectionQuery());
    const capped = res.data!.__schema.types.flatMap((type) =>
      type.kind === 'OBJECT'
        ? (type.fields ?? []).filter((f) => unwrap(f.type).list && f.args.some((a) => a.name === 'first'))
        : [],
    );
    expect(capped.length).toBeGreaterThan(20);
    for (const field of capped) expect(field.description).toContain(`at most ${NESTED_MAX_SIZE})`);
  });

  it('refuses a page larger than the cap', async () => {
    const res = await app.gql(`{ programmes(first: ${NESTED_MAX_SIZE + 1}) { name } }`);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('the milestone timeline at national volume', () => {
  it('has the volume the issue measured, less what cancelled deliverables hold', async () => {
    expect(volume.milestones).toBeGreaterThanOrEqual(10_000);
    const [{ shown }] = await app.dataSource.query(
      `SELECT (SELECT count(*) FROM milestone m JOIN deliverable d ON d.id = m.deliverable_id
                WHERE m.due_latest IS NOT NULL AND d.status <> 'CANCELLED')
            + (SELECT count(*) FROM deliverable d
                WHERE d.kind IN ('MILESTONE', 'DECISION') AND d.due_latest IS NOT NULL AND d.status <> 'CANCELLED')
              AS shown`,
    );
    expect(Number(shown)).toBeGreaterThanOrEqual(8_000);
    const res = await app.gql(`{ milestoneTimeline(first: 1) { totalCount } }`);
    expect(res.data!.milestoneTimeline.totalCount).toBe(Number(shown));
  });

  it('answers one page at a time, and the next page follows the cursor', async () => {
    const first = await app.gql(`{ milestoneTimeline(first: 100) { totalCount pageInfo { hasNextPage endCursor }
      nodes { ${TIMELINE_ENTRY} } } }`);
    expect(first.errors).toBeUndefined();
    const page = first.data!.milestoneTimeline;
    expect(page.nodes).toHaveLength(100);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const next = await app.gql(
      `query($after: String) { milestoneTimeline(first: 100, after: $after) {
      nodes { title due { latest } } } }`,
      { after: page.pageInfo.endCursor },
    );
    const nodes = next.data!.milestoneTimeline.nodes;
    expect(nodes).toHaveLength(100);
    expect(nodes[0].due.latest >= page.nodes[99].due.latest).toBe(true);
  });

  it('refuses the issue’s 30 aliases of the timeline before running them', async () => {
    const res = await app.gql(aliases(30, () => `milestoneTimeline { nodes { ${TIMELINE_ENTRY} } }`));
    expect(res.status).toBe(400);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('TOO_MANY_HEAVY_FIELDS');
  });

  it('refuses 30 aliases of synergyOverview with different asOf dates', async () => {
    const res = await app.gql(
      aliases(
        30,
        (i) => `synergyOverview(asOf: "2026-01-${String(i + 1).padStart(2, '0')}") { counts { openConflicts } }`,
      ),
    );
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('TOO_MANY_HEAVY_FIELDS');
  });

  it(`lets ${MAX_HEAVY_ROOT_FIELDS} heavy root fields through and refuses one more`, async () => {
    const field = (i: number) => `synergyOverview(asOf: "2026-02-0${i + 1}") { counts { openConflicts } }`;
    const allowed = await app.gql(aliases(MAX_HEAVY_ROOT_FIELDS, field));
    expect(allowed.errors).toBeUndefined();
    const refused = await app.gql(aliases(MAX_HEAVY_ROOT_FIELDS + 1, field));
    expect(refused.errors?.[0]?.extensions?.code).toBe('TOO_MANY_HEAVY_FIELDS');
  });

  it('counts heavy fields hidden in fragments', async () => {
    const res =
      await app.gql(`{ ...a ...b } fragment a on Query { x: milestoneTimeline { totalCount } y: milestoneTimeline { totalCount } }
      fragment b on Query { z: deliverableDashboard(groupBy: PARTY) { totals { total } } w: synergyOverview { counts { openConflicts } } }`);
    expect(res.errors?.[0]?.extensions?.code).toBe('TOO_MANY_HEAVY_FIELDS');
  });

  it('weighs the page size from variables: the largest timeline pages with nested lists cost too much', async () => {
    const query = `query($n: Int, $m: Int) { a: milestoneTimeline(first: $n) { nodes { deliverable {
      milestones(first: $m) { title } statusUpdates(first: $m) { nodes { text } } } } } }`;
    const small = await app.gql(query, { n: 20, m: 5 });
    expect(small.errors).toBeUndefined();
    const large = await app.gql(query, { n: 100, m: 500 });
    expect(large.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
  });

  it('keeps the compiled server alive and within its heap when the attack is sent at once', async () => {
    const server = startServerProcess({
      DATABASE_URL: app.database.url,
      SEED_ON_START: 'false',
      RESPONSE_CACHE: 'false',
      NODE_OPTIONS: '--max-old-space-size=256',
    });
    try {
      const url = await server.ready();
      const send = (query: string) =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query }),
        }).then(async (r) => ({
          status: r.status,
          body: (await r.json()) as { errors?: { extensions?: { code?: string } }[] },
        }));
      // The heaviest timeline request that passes validation, 20 at once, beside the refused attacks.
      const heaviest = aliases(
        MAX_HEAVY_ROOT_FIELDS,
        () => `milestoneTimeline(first: 100) { nodes { ${TIMELINE_ENTRY} } }`,
      );
      const answers = await Promise.all([
        ...Array.from({ length: 20 }, () => send(heaviest)),
        ...Array.from({ length: 10 }, () =>
          send(aliases(30, () => `milestoneTimeline { nodes { ${TIMELINE_ENTRY} } }`)),
        ),
      ]);
      // Heavy queries take turns (two at a time): each is answered, or refused as busy or over its database
      // budget, never a crash.
      const heavyCodes = answers.slice(0, 20).map((a) => a.body.errors?.[0]?.extensions?.code ?? 'OK');
      expect(
        heavyCodes.filter((code) => !['OK', 'SERVICE_UNAVAILABLE', 'DATABASE_BUDGET_EXCEEDED'].includes(code)),
      ).toEqual([]);
      expect(heavyCodes).toContain('OK');
      expect(answers.slice(20).every((a) => a.body.errors?.[0]?.extensions?.code === 'TOO_MANY_HEAVY_FIELDS')).toBe(
        true,
      );
      const health = await fetch(url.replace(/\/graphql$/, '/healthz'));
      expect(health.status).toBe(200);
      const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))![1]);
      expect(rssKb / 1024).toBeLessThan(300);
      expect(server.child.exitCode).toBeNull();
    } finally {
      server.child.kill('SIGTERM');
      await server.exited();
    }
  }, 60_000);
});

describe('Deliverable.statusUpdates is a connection', () => {
  const PAGE = `query($id: ID!, $first: Int, $after: String) { deliverable(id: $id) {
    statusUpdates(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id text } } } }`;

  it('pages a deliverable’s updates newest first', async () => {
    const [{ id }] = await app.dataSource.query(`SELECT id FROM deliverable WHERE key = 'synthetic-deliverable-1'`);
    await app.dataSource.query(
      `INSERT INTO status_update (deliverable_id, health, text, posted_at)
       SELECT $1, 'ON_TRACK', 'Update ' || i, now() - make_interval(mins => i) FROM generate_series(1, 250) AS i`,
      [id],
    );
    const [{ n }] = await app.dataSource.query(
      `SELECT count(*)::int AS n FROM status_update WHERE deliverable_id = $1`,
      [id],
    );
    const headers = await asUser(app, 'vws.editor@example.org');
    const first = await app.gql(PAGE, { id: toGlobalId('Deliverable', id), first: 2 }, headers);
    expect(first.errors).toBeUndefined();
    const page = first.data!.deliverable.statusUpdates;
    expect(page.totalCount).toBe(n);
    expect(page.nodes.map((u: { text: string }) => u.text)).toEqual(['Update 1', 'Update 2']);
    const next = await app.gql(
      PAGE,
      { id: toGlobalId('Deliverable', id), first: 2, after: page.pageInfo.endCursor },
      headers,
    );
    expect(next.data!.deliverable.statusUpdates.nodes.map((u: { text: string }) => u.text)).toEqual([
      'Update 3',
      'Update 4',
    ]);
    const whole = await app.gql(PAGE, { id: toGlobalId('Deliverable', id) }, headers);
    expect(whole.data!.deliverable.statusUpdates.nodes).toHaveLength(LIST_DEFAULTS['Deliverable.statusUpdates']!);
    expect(whole.data!.deliverable.statusUpdates.pageInfo.hasNextPage).toBe(true);
  });

  it.each([
    ['no JSON', 'bm9wZQ'],
    ['a position beyond any list', Buffer.from('[1e20]').toString('base64url')],
    ['a position beyond any number', Buffer.from('[1e300]').toString('base64url')],
  ])('answers a forged cursor (%s) with BAD_USER_INPUT', async (_what, after) => {
    const [{ id }] = await app.dataSource.query(`SELECT id FROM deliverable WHERE key = 'synthetic-deliverable-2'`);
    const res = await app.gql(PAGE, { id: toGlobalId('Deliverable', id), after });
    expect(res.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([['BAD_USER_INPUT', 'after']]);
  });

  it('costs the same statements for 5 and for 100 deliverables, totals included', async () => {
    const query = `query($first: Int) { deliverables(first: $first) { nodes {
      statusUpdates(first: 3) { totalCount nodes { health } } milestones(first: 2) { title }
      statusHistory(first: 2) { toStatus } dependents(first: 2) { title } } } }`;
    const small = await app.countQueries(() => app.gql(query, { first: 5 }));
    const large = await app.countQueries(() => app.gql(query, { first: 100 }));
    expect(small.result.errors).toBeUndefined();
    expect(large.result.data!.deliverables.nodes).toHaveLength(100);
    expect(large.count).toBe(small.count);
  });
});

describe('capped nested lists stay batched', () => {
  it.each([
    [
      'parties → children',
      `query($n: Int) { parties(first: $n) { nodes { children(first: 2) { name } } } }`,
      'parties',
    ],
    [
      'guidelines → recommendations',
      `query($n: Int) { guidelines(first: $n) { nodes { recommendations(first: 3) { text } } } }`,
      'guidelines',
    ],
    [
      'research agendas → sector → its agendas',
      `query($n: Int) { researchAgendas(first: $n) { nodes { sector { researchAgendas(first: 2) { title } } } } }`,
      'researchAgendas',
    ],
  ])('%s: the same statements for 2 and for 100 parents', async (_name, query, root) => {
    const headers = await asUser(app, 'vws.editor@example.org');
    const small = await app.countQueries(() => app.gql(query, { n: 2 }, headers));
    const large = await app.countQueries(() => app.gql(query, { n: 100 }, headers));
    expect(small.result.errors).toBeUndefined();
    expect(large.result.errors).toBeUndefined();
    expect(large.result.data![root].nodes.length).toBeGreaterThan(small.result.data![root].nodes.length);
    expect(large.count).toBe(small.count);
  });
});
