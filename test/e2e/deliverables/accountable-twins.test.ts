import { ACCOUNTABLE_PARTIES_SQL, accountableToSql, isAccountableFor } from '../../../server/auth/deliverables.access';
import type { PartyKind } from '../../../entities/party-kind.enum';
import { createTestApp, type TestApp } from '../../helpers/app';
import { CREATE_DELIVERABLE, day, mutate, partyIds, span } from '../../fixtures/deliverables';

/**
 * “Accountable for a deliverable” in its three forms — the dashboard's lateral list of parties
 * (ACCOUNTABLE_PARTIES_SQL), the filter on a list of parties (accountableToSql) and the rule in code
 * (isAccountableFor) — names the same pairs of deliverable and party, on the seed and on deliverables with
 * named owners, a lead and owning kinds together.
 */
const VWS = 'vws.editor@example.org';
let app: TestApp;

beforeAll(async () => {
  app = await createTestApp();
  const parties = await partyIds(app, ['zn', 'fms', 'nhg']);
  const create = (title: string, input: Record<string, unknown>) =>
    mutate(app, VWS, CREATE_DELIVERABLE, { title, due: span(day(30), day(90)), ...input });
  await create('Twee eigenaren', { ownerPartyIds: [parties.fms, parties.nhg] });
  await create('Verzekeraars met trekker', { ownerPartyKinds: ['INSURER'], leadPartyId: parties.zn });
  await create('Soort en naam', {
    ownerPartyKinds: ['INSURER'],
    ownerPartyIds: [parties.fms],
    leadPartyId: parties.fms,
  });
  await create('Zonder eigenaar', {});
});
afterAll(() => app.close());

const pairs = (rows: { d: string; p: string }[]) => rows.map((r) => `${r.d} ${r.p}`).sort();

it('names the same accountable parties in the dashboard list, the party filter and the rule in code', async () => {
  const listed = pairs(
    await app.dataSource.query(
      `SELECT s.id AS d, a.party_id AS p FROM deliverable s, LATERAL (${ACCOUNTABLE_PARTIES_SQL}) a`,
    ),
  );
  const filtered = pairs(
    await app.dataSource.query(
      `SELECT d.id AS d, party.id AS p FROM deliverable d, party WHERE ${accountableToSql('d', 'ARRAY[party.id]')}`,
    ),
  );
  const deliverables: { id: string; leadPartyId: string | null; ownerPartyKinds: PartyKind[]; owners: string[] }[] =
    await app.dataSource.query(
      `SELECT d.id, d.lead_party_id AS "leadPartyId", d.owner_party_kinds::text[] AS "ownerPartyKinds",
              ARRAY(SELECT o.party_id FROM deliverable_owner o WHERE o.deliverable_id = d.id) AS owners
         FROM deliverable d`,
    );
  const parties: { id: string; kind: PartyKind }[] = await app.dataSource.query('SELECT id, kind FROM party');
  const ruled = pairs(
    deliverables.flatMap((d) =>
      parties.filter((p) => isAccountableFor(d, d.owners, p)).map((p) => ({ d: d.id, p: p.id })),
    ),
  );
  // Each way occurs: named owners, a lead, and parties by kind.
  expect(deliverables.some((d) => d.owners.length > 1)).toBe(true);
  expect(deliverables.some((d) => d.leadPartyId && d.ownerPartyKinds.length > 0)).toBe(true);
  expect(listed.length).toBeGreaterThan(deliverables.length);
  expect(filtered).toEqual(listed);
  expect(ruled).toEqual(listed);
});
