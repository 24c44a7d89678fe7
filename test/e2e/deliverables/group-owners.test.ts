import { parse } from 'csv-parse/sync';
import { fromGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { outcome } from '../../helpers/outcome';
import {
  CREATE_DELIVERABLE,
  CREATE_PROGRAMME,
  day,
  mutate,
  partyIds,
  POST_UPDATE,
  span,
  UPDATE_DELIVERABLE,
} from '../../fixtures/deliverables';

const VWS = 'vws.editor@example.org';
let app: TestApp;
let parties: Record<string, string>;
let programmeId: string;

beforeAll(async () => {
  app = await createTestApp();
  parties = await partyIds(app, ['zn', 'fms', 'patientenfederatie', 'nfk']);
  programmeId = (await mutate(app, VWS, CREATE_PROGRAMME, { name: 'Groepseigenaren', periodLabel: '2026' }))
    .createProgramme.id;
});
afterAll(() => app.close());

/** A deliverable the documents give to “zorgverzekeraars”: no named owner, only the kind. */
async function insurersDeliverable(title: string, input: Record<string, unknown> = {}) {
  const { createDeliverable } = await mutate(app, VWS, CREATE_DELIVERABLE, {
    title,
    programmeId,
    ownerPartyKinds: ['INSURER'],
    due: span(day(30), day(90)),
    ...input,
  });
  return createDeliverable as { id: string; version: number };
}

const MINE = `query { myDeliverables(first: 100) { nodes { id title } } }`;

describe('group owners report', () => {
  it('lets Zorgverzekeraars Nederland post on a “zorgverzekeraars” deliverable, recorded with its own party, and see it in myDeliverables', async () => {
    const d = await insurersDeliverable('Zorgverzekeraars leveren een inkoopkader');
    const posted = await mutate(app, 'zn.editor@example.org', POST_UPDATE, {
      deliverableId: d.id,
      health: 'ON_TRACK',
      text: 'Het kader is in concept gereed.',
    });
    expect(posted.postStatusUpdate.party).toEqual({ key: 'zn' });
    const mine = await app.gql(MINE, {}, await asUser(app, 'zn.editor@example.org'));
    expect(mine.data!.myDeliverables.nodes.map((n: any) => n.id)).toContain(d.id);
    // Every member of the party sees it among its own, whatever the role; the seed's group-owned ones too.
    const contributor = await app.gql(MINE, {}, await asUser(app, 'zn.contributor@example.org'));
    const titles = contributor.data!.myDeliverables.nodes.map((n: any) => n.title);
    expect(titles).toContain('Zorgverzekeraars leveren een inkoopkader');
    const [seeded] = await app.dataSource.query(
      `SELECT title FROM deliverable WHERE key = 'experttafel-plan-van-aanpak' AND 'INSURER' = ANY(owner_party_kinds)`,
    );
    expect(titles).toContain(seeded.title);
  });

  it.each([
    ['an editor of a party of the owning kind', 'zn.editor@example.org', 'zn'],
    ['a contributor of that party (editors report for a group)', 'zn.contributor@example.org', 'FORBIDDEN'],
    ['an editor of a party of another kind', 'fms.editor@example.org', 'FORBIDDEN'],
    ['a patient organisation, not an owning kind here', 'pfn.admin@example.org', 'FORBIDDEN'],
  ])('%s: %s', async (_case, email, expected) => {
    const d = await insurersDeliverable(`Groep ${email}`);
    const res = await app.gql(
      POST_UPDATE,
      { input: { deliverableId: d.id, health: 'AT_RISK', text: 'Stand van zaken.' } },
      await asUser(app, email),
    );
    expect(outcome(res, (data) => data.postStatusUpdate.party.key)).toBe(expected);
  });

  it('lets VWS name a lead party among the owners, and refuses one that does not own it', async () => {
    const d = await insurersDeliverable('Trekker gezocht', { ownerPartyKinds: ['INSURER', 'PATIENT_ORGANISATION'] });
    const lead = `mutation($input: UpdateDeliverableInput!) { updateDeliverable(input: $input) { version leadParty { key } } }`;
    const refused = await app.gql(
      lead,
      { input: { id: d.id, version: d.version, leadPartyId: parties.fms } },
      await asUser(app, VWS),
    );
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.leadPartyId' });
    const byOther = await app.gql(
      lead,
      { input: { id: d.id, version: d.version, leadPartyId: parties.zn } },
      await asUser(app, 'zn.editor@example.org'),
    );
    expect(byOther.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const named = await app.gql(
      lead,
      { input: { id: d.id, version: d.version, leadPartyId: parties.patientenfederatie } },
      await asUser(app, VWS),
    );
    expect(named.data!.updateDeliverable.leadParty).toEqual({ key: 'patientenfederatie' });
  });

  it('lists, exports and puts in the calendar what each party’s dashboard group counts', async () => {
    const d = await insurersDeliverable('Groep in alle paden');
    const dashboard = await app.gql(
      `{ deliverableDashboard(groupBy: PARTY) { groups { party { id key } counts { total } } } }`,
      undefined,
      await asUser(app, VWS),
    );
    const groups = dashboard.data!.deliverableDashboard.groups as {
      party: { id: string; key: string } | null;
      counts: { total: number };
    }[];
    for (const key of ['zn', 'patientenfederatie', 'fms']) {
      const group = groups.find((g) => g.party?.key === key)!;
      const listed = await app.gql(
        `query($p: [ID!]) { deliverables(filter: { ownerPartyIds: $p }, first: 1) { totalCount } }`,
        { p: [group.party!.id] },
        await asUser(app, VWS),
      );
      const csv = await fetch(
        `${app.baseUrl}/exports/deliverables.csv?ownerPartyId=${encodeURIComponent(group.party!.id)}`,
      );
      const rows = (parse(await csv.text(), { columns: true, bom: true }) as unknown[]).length;
      expect([key, listed.data!.deliverables.totalCount, rows]).toEqual([key, group.counts.total, group.counts.total]);
    }
    await mutate(app, VWS, `mutation($input: CreateMilestoneInput!) { createMilestone(input: $input) { id } }`, {
      deliverableId: d.id,
      title: 'Tussenstand groep',
      due: span(day(40), day(50)),
    });
    const timeline = await app.gql(
      `query($f: MilestoneTimelineFilter) { milestoneTimeline(filter: $f, first: 100) { nodes { deliverable { id } } } }`,
      { f: { partyId: parties.zn } },
    );
    expect(timeline.data!.milestoneTimeline.nodes.map((n: any) => n.deliverable.id)).toContain(d.id);
  });

  it('keeps the lead among the owners when the owners change', async () => {
    const d = await insurersDeliverable('Trekker blijft', { ownerPartyKinds: ['INSURER', 'PATIENT_ORGANISATION'] });
    const update = `mutation($input: UpdateDeliverableInput!) { updateDeliverable(input: $input) { version leadParty { key } ownerPartyKinds } }`;
    const led = await app.gql(
      update,
      { input: { id: d.id, version: d.version, leadPartyId: parties.patientenfederatie } },
      await asUser(app, VWS),
    );
    const version = led.data!.updateDeliverable.version as number;
    const refused = await app.gql(
      update,
      { input: { id: d.id, version, ownerPartyKinds: ['INSURER'] } },
      await asUser(app, VWS),
    );
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.ownerPartyKinds' });
    const both = await app.gql(
      update,
      { input: { id: d.id, version, ownerPartyKinds: ['INSURER'], leadPartyId: parties.zn } },
      await asUser(app, VWS),
    );
    expect(both.data!.updateDeliverable).toMatchObject({ leadParty: { key: 'zn' }, ownerPartyKinds: ['INSURER'] });
  });

  it('counts a group-owned deliverable on the dashboard of every party of the kind, once', async () => {
    const { createProgramme } = await mutate(app, VWS, CREATE_PROGRAMME, {
      name: 'Dashboard groep',
      periodLabel: '2026',
    });
    await mutate(app, VWS, CREATE_DELIVERABLE, {
      title: 'Patiëntenorganisaties en verzekeraars samen',
      programmeId: createProgramme.id,
      ownerPartyKinds: ['INSURER', 'PATIENT_ORGANISATION'],
      ownerPartyIds: [parties.zn],
      due: span(day(30), day(90)),
    });
    const res = await app.gql(
      `query($filter: DeliverableFilter) { deliverableDashboard(groupBy: PARTY, filter: $filter) {
        totals { total } groups { party { key } counts { total } } } }`,
      { filter: { programmeIds: [createProgramme.id] } },
    );
    const byParty = Object.fromEntries(
      res.data!.deliverableDashboard.groups.map((g: any) => [g.party.key, g.counts.total]),
    );
    expect(byParty).toEqual({ zn: 1, patientenfederatie: 1, nfk: 1 });
    expect(res.data!.deliverableDashboard.totals.total).toBe(1);
  });

  it('records the lead party in the audit trail', async () => {
    const d = await insurersDeliverable('Audit van de trekker');
    await mutate(app, VWS, UPDATE_DELIVERABLE, { id: d.id, version: d.version, leadPartyId: parties.zn });
    const rows = await app.dataSource.query(
      `SELECT changes FROM audit_event WHERE entity_id = $1 AND action = 'UPDATE'`,
      [fromGlobalId(d.id).id],
    );
    expect(JSON.stringify(rows)).toContain('leadPartyId');
  });
});
