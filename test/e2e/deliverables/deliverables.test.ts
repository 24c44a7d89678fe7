import { toGlobalId } from 'graphql-relay';
import deliverablesJson from '../../../server/db/seed/data/deliverables.json';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';

const records = deliverablesJson as {
  key: string;
  type: string;
  due?: { label: string; earliest: string; latest: string; precision: string } | null;
  status: string;
  statusAsOf: string;
  confidence: string;
  note?: string;
  ownerPartyKeys: string[];
  ownerPartyKinds?: string[];
  dependsOnKeys: string[];
  sources: { document: string; quote: string }[];
}[];

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const ALL = `query($after: String, $filter: DeliverableFilter, $asOf: LocalDate) {
  deliverables(first: 100, after: $after, filter: $filter, asOf: $asOf) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { key kind status statusAsOf confidence note due { label earliest latest precision }
      ownerParties { key } ownerPartyKinds dependsOn { key } sources { quote } }
  }
}`;

async function all(filter?: Record<string, unknown>, asOf?: string) {
  const nodes: any[] = [];
  let after: string | null = null;
  for (let i = 0; i < 20; i++) {
    const res: any = await app.gql(ALL, { after, filter, asOf });
    expect(res.errors).toBeUndefined();
    nodes.push(...res.data.deliverables.nodes);
    if (!res.data.deliverables.pageInfo.hasNextPage) return nodes;
    after = res.data.deliverables.pageInfo.endCursor;
  }
  throw new Error('pagination did not end');
}

describe('seeded deliverables', () => {
  it('holds every deliverable, milestone and decision of the documents, faithfully', async () => {
    const nodes = await all();
    expect(nodes).toHaveLength(records.length);
    const byKey = new Map(nodes.map((n) => [n.key, n]));
    for (const r of records) {
      const n = byKey.get(r.key);
      expect(n).toMatchObject({
        kind: r.type,
        status: r.status,
        statusAsOf: r.statusAsOf,
        confidence: r.confidence,
        note: r.note ?? null,
        due: r.due ?? null,
        ownerPartyKinds: r.ownerPartyKinds ?? [],
      });
      expect(n.ownerParties.map((p: any) => p.key).sort()).toEqual([...r.ownerPartyKeys].sort());
      expect(n.dependsOn.map((p: any) => p.key).sort()).toEqual([...r.dependsOnKeys].sort());
      expect(n.sources.map((s: any) => s.quote)).toEqual(r.sources.map((s) => s.quote));
    }
  });

  it('keeps the confidence notes of uncertain readings of the planning table', async () => {
    const uncertain = records.filter((r) => r.confidence !== 'HIGH');
    expect(uncertain.length).toBeGreaterThan(10);
    const nodes = new Map((await all()).map((n) => [n.key, n]));
    for (const r of uncertain) expect(nodes.get(r.key).note).toBe(r.note);
  });

  it('links agendas and synergy trajectories as outputs, by key, and resolves them', async () => {
    const [{ id }] = await app.dataSource.query(`SELECT id FROM deliverable WHERE key = 'pakketagenda-2026-2028'`);
    const res = await app.gql(
      `query($id: ID!) { deliverable(id: $id) { outputs { targetType targetKey target { __typename ... on ResearchAgenda { key } } } } }`,
      { id: toGlobalId('Deliverable', id) },
    );
    const pakketagenda = res.data!.deliverable;
    expect(pakketagenda.outputs).toEqual([
      {
        targetType: 'RESEARCH_AGENDA',
        targetKey: 'pakketagenda-2026-2028',
        target: { __typename: 'ResearchAgenda', key: 'pakketagenda-2026-2028' },
      },
    ]);
    const rows = await app.dataSource.query('SELECT count(*)::int AS n FROM deliverable_output');
    expect(rows[0].n).toBe(15);
    const unresolved = await app.dataSource.query(
      `SELECT o.target_key FROM deliverable_output o
        WHERE NOT EXISTS (SELECT 1 FROM research_agenda a WHERE a.key = o.target_key)
          AND NOT EXISTS (SELECT 1 FROM synergy_trajectory t WHERE t.key = o.target_key)`,
    );
    expect(unresolved).toEqual([]);
  });

  it('filters by programme, owner, status, due window and overdue', async () => {
    const [{ id: vvtb }] = await app.dataSource.query(`SELECT id FROM programme WHERE key = 'vvtb'`);
    const [{ id: vws }] = await app.dataSource.query(`SELECT id FROM party WHERE key = 'vws'`);
    const vvtbKeys = (await all({ programmeId: toGlobalId('Programme', vvtb) })).map((n) => n.key).sort();
    expect(vvtbKeys).toEqual(
      records
        .filter((r: any) => r.programmeKey === 'vvtb')
        .map((r) => r.key)
        .sort(),
    );
    const vwsOwned = await all({ ownerPartyId: toGlobalId('Party', vws), status: 'DONE' });
    expect(vwsOwned.map((n) => n.key).sort()).toEqual(
      records
        // VWS owns by name, and as the one MINISTRY when a deliverable is owned by that kind.
        .filter(
          (r: any) =>
            (r.ownerPartyKeys.includes('vws') || (r.ownerPartyKinds ?? []).includes('MINISTRY')) && r.status === 'DONE',
        )
        .map((r) => r.key)
        .sort(),
    );
    const window = await all({ dueAfter: '2025-01-01', dueBefore: '2025-12-31' });
    expect(window.map((n) => n.key).sort()).toEqual(
      records
        .filter((r) => r.due && r.due.latest >= '2025-01-01' && r.due.latest <= '2025-12-31')
        .map((r) => r.key)
        .sort(),
    );
    // On the day of the Kamerbrief (2025-06-03), open items whose latest due day had passed.
    const overdue = await all({ overdue: true }, '2025-06-03');
    expect(overdue.map((n) => n.key).sort()).toEqual(
      records
        .filter((r) => r.due && r.due.latest < '2025-06-03' && !['DONE', 'CANCELLED'].includes(r.status))
        .map((r) => r.key)
        .sort(),
    );
  });

  it('orders by due date with undated last, in both directions', async () => {
    const q = `query($o: DeliverableOrder) { deliverables(first: 100, orderBy: $o) { nodes { due { latest } } } }`;
    const asc = (await app.gql(q, { o: 'DUE_DATE_ASC' })).data!.deliverables.nodes.map(
      (n: any) => n.due?.latest ?? null,
    );
    const dated = asc.filter((x: string | null) => x !== null);
    expect(dated).toEqual([...dated].sort());
    expect(asc.slice(0, dated.length)).toEqual(dated);
    const desc = (await app.gql(q, { o: 'DUE_DATE_DESC' })).data!.deliverables.nodes.map(
      (n: any) => n.due?.latest ?? null,
    );
    expect(desc[0] >= desc[1]).toBe(true);
  });

  it('lists programmes with workstreams, owner, partners and period', async () => {
    const res = await app.gql(
      `{ programmes { key ownerParty { key } partnerParties { key } period { precision earliest latest } workstreams { key kind } } }`,
    );
    const iza = res.data!.programmes.find((p: any) => p.key === 'iza-advies-beter-pakketbeheer');
    expect(iza).toMatchObject({
      ownerParty: { key: 'werkgroep-beter-pakketbeheer' },
      period: { precision: 'RANGE', earliest: '2025-04-01', latest: '2027-03-31' },
    });
    expect(iza.workstreams.map((w: any) => w.kind)).toEqual([
      'ADVICE_TOPIC',
      'ADVICE_TOPIC',
      'ADVICE_TOPIC',
      'ADVICE_TOPIC',
      'OTHER',
    ]);
    expect(res.data!.programmes.find((p: any) => p.key === 'vvtb').period).toBeNull();
  });

  it('gives myDeliverables the signed-in user’s parties’ items, and refuses anonymous clients', async () => {
    const res = await app.gql(
      `{ myDeliverables(first: 100) { totalCount nodes { ownerParties { key } contributorParties { key } } } }`,
      {},
      await asUser(app, 'zonmw.editor@example.org'),
    );
    expect(res.data!.myDeliverables.totalCount).toBeGreaterThan(0);
    for (const n of res.data!.myDeliverables.nodes)
      expect([...n.ownerParties, ...n.contributorParties].map((p: any) => p.key)).toContain('zonmw');
    const anonymous = await app.gql(`{ myDeliverables { totalCount } }`);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('resolves deliverables and milestones by global id', async () => {
    const [{ id }] = await app.dataSource.query(`SELECT id FROM deliverable WHERE key = 'kppz-start'`);
    const res = await app.gql(`query($id: ID!) { node(id: $id) { __typename ... on Deliverable { kind title } } }`, {
      id: toGlobalId('Deliverable', id),
    });
    expect(res.data!.node).toMatchObject({ __typename: 'Deliverable', kind: 'MILESTONE' });
  });
});

describe('SQL statements per request', () => {
  const NESTED = `query($first: Int, $filter: DeliverableFilter) {
    deliverables(first: $first, filter: $filter) {
      totalCount
      nodes {
        title health overdue due { label } programme { name } workstream { name }
        ownerParties { name } contributorParties { name } sectors { nameNl }
        dependsOn { title } milestones { title } statusUpdates { nodes { health text party { name } } }
        outputs { targetKey target { id } } healthReport { lateDependency }
      }
    }
  }`;

  // One statement per relation level; the small page is one programme's items, which also have
  // dependencies, contributors and sectors, so every level is loaded in both.
  it('stay the same for one programme’s and for 100 deliverables in a nested list', async () => {
    const [{ id }] = await app.dataSource.query(`SELECT id FROM programme WHERE key = 'iza-advies-beter-pakketbeheer'`);
    const filter = { programmeId: toGlobalId('Programme', id) };
    const small = await app.countQueries(() => app.gql(NESTED, { first: 100, filter }));
    const large = await app.countQueries(() => app.gql(NESTED, { first: 100 }));
    expect(small.result.errors).toBeUndefined();
    expect(large.result.data!.deliverables.nodes).toHaveLength(100);
    expect(small.result.data!.deliverables.nodes.length).toBeLessThan(40);
    expect(large.count).toBe(small.count);
    // Includes the by-key loads of output targets (agendas, trajectories).
    expect(large.count).toBe(14);
  });

  const OVERDUE = `query($first: Int) {
    deliverables(filter: { overdue: true }, first: $first) {
      totalCount nodes { title status due { label } ownerParties { shortName } sectors { key } milestones { title } }
    }
  }`;

  it('stay the same for a short and a long page of the overdue list', async () => {
    const short = await app.countQueries(() => app.gql(OVERDUE, { first: 2 }));
    const long = await app.countQueries(() => app.gql(OVERDUE, { first: 50 }));
    expect(long.result.errors).toBeUndefined();
    expect(long.result.data!.deliverables.nodes.length).toBeGreaterThan(short.result.data!.deliverables.nodes.length);
    expect(long.count).toBe(short.count);
    // The page, its count, owners, sectors and milestones.
    expect(long.count).toBe(5);
  });

  const DASHBOARD = `query($groupBy: DashboardGroupBy!, $filter: DeliverableFilter) {
    deliverableDashboard(groupBy: $groupBy, filter: $filter) {
      totals { total byHealth { count } }
      groups { programme { name } workstream { name } party { name } sector { nameNl } counts { total overdue dueNext90Days byStatus { count } } }
    }
  }`;

  it.each(['PROGRAMME', 'WORKSTREAM', 'PARTY', 'SECTOR'])(
    'stay the same for a small and the full dashboard by %s',
    async (groupBy) => {
      const [{ id }] = await app.dataSource.query(`SELECT id FROM programme WHERE key = 'kppz'`);
      const small = await app.countQueries(() =>
        app.gql(DASHBOARD, { groupBy, filter: { programmeId: toGlobalId('Programme', id) } }),
      );
      const large = await app.countQueries(() => app.gql(DASHBOARD, { groupBy }));
      expect(small.result.errors).toBeUndefined();
      expect(large.result.data!.deliverableDashboard.totals.total).toBe(records.length);
      expect(large.result.data!.deliverableDashboard.groups.length).toBeGreaterThan(
        small.result.data!.deliverableDashboard.groups.length,
      );
      expect(large.count).toBe(small.count);
      expect(large.count).toBe(2);
    },
  );
});
