import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import {
  CREATE_DELIVERABLE,
  CREATE_PROGRAMME,
  day,
  mutate,
  partyIds,
  span,
  UPDATE_DELIVERABLE,
} from '../../fixtures/deliverables';

const VWS = 'vws.editor@example.org';
const INSURER = 'zn.contributor@example.org';
let app: TestApp;
let parties: Record<string, string>;

beforeAll(async () => {
  app = await createTestApp();
  parties = await partyIds(app, ['zn', 'fms']);
});
afterAll(() => app.close());

const TRAIL = `query($id: ID!) { auditEvents(first: 50, filter: { entityId: $id }) { nodes { id entityType action } } }`;
const NODE = `query($id: ID!) { node(id: $id) { id } }`;

/** The events on a record `email` reads in the audit list, newest first, each checked against node(id:). */
async function trail(email: string, entityId: string): Promise<string[]> {
  const headers = await asUser(app, email);
  const res = await app.gql(TRAIL, { id: entityId }, headers);
  expect(res.errors).toBeUndefined();
  const nodes: { id: string; entityType: string; action: string }[] = res.data!.auditEvents.nodes;
  // node(id:) answers by the same rule as the list (its SQL twin).
  for (const node of nodes) expect((await app.gql(NODE, { id: node.id }, headers)).data!.node).toEqual({ id: node.id });
  return nodes.map((n) => `${n.entityType} ${n.action}`);
}

/** Every event id on the record, as VWS (who reads the whole trail) sees them. */
async function allEventIds(entityId: string): Promise<string[]> {
  const res = await app.gql(TRAIL, { id: entityId }, await asUser(app, VWS));
  return res.data!.auditEvents.nodes.map((n: { id: string }) => n.id);
}

async function nodesRead(email: string, ids: string[]): Promise<string[]> {
  const headers = await asUser(app, email);
  const read: string[] = [];
  for (const id of ids) if ((await app.gql(NODE, { id }, headers)).data!.node) read.push(id);
  return read;
}

describe('the audit trail of a deliverable', () => {
  it('is read by the parties of an owning kind: an insurer sees what VWS changed on a “zorgverzekeraars” deliverable and its milestones', async () => {
    const { createDeliverable: d } = await mutate(app, VWS, CREATE_DELIVERABLE, {
      title: 'Zorgverzekeraars leggen het inkoopbeleid vast',
      ownerPartyKinds: ['INSURER'],
      contributorPartyKinds: ['PATIENT_ORGANISATION'],
      contributorPartyIds: [parties.fms],
      due: span(day(30), day(90)),
    });
    await mutate(app, VWS, UPDATE_DELIVERABLE, { id: d.id, version: d.version, note: 'Besproken in het BO-IZA.' });
    const { createMilestone: m } = await mutate(
      app,
      VWS,
      `mutation($input: CreateMilestoneInput!) { createMilestone(input: $input) { id } }`,
      { deliverableId: d.id, title: 'Concept gereed', dueLabel: 'Q4 2026' },
    );
    expect(await trail(INSURER, d.id)).toEqual(['Deliverable UPDATE', 'Deliverable CREATE']);
    expect(await trail(INSURER, m.id)).toEqual(['Milestone CREATE']);

    // Not accountable: a named contributor, a party of a contributing kind, a party of neither.
    const hidden = [...(await allEventIds(d.id)), ...(await allEventIds(m.id))];
    expect(hidden).toHaveLength(3);
    for (const email of ['fms.viewer@example.org', 'pfn.contributor@example.org', 'nvz.contributor@example.org']) {
      expect(await trail(email, d.id)).toEqual([]);
      expect(await trail(email, m.id)).toEqual([]);
      expect(await nodesRead(email, hidden)).toEqual([]);
    }
  });

  it('holds the status updates another party’s change derives, for the insurer to read', async () => {
    const ZIN = 'zin.editor@example.org';
    const { createPackageAssessment: assessment } = await mutate(
      app,
      ZIN,
      `mutation($input: CreatePackageAssessmentInput!) { createPackageAssessment(input: $input) { id key version } }`,
      { title: 'Standpunt voor de verzekeraars', kind: 'STANDPUNT', outcome: 'INSURED', published: false },
    );
    const { createDeliverable: d } = await mutate(app, VWS, CREATE_DELIVERABLE, {
      title: 'Verzekeraars passen de polis aan na het standpunt',
      ownerPartyKinds: ['INSURER'],
      due: span(day(30), day(90)),
      outputs: [{ targetType: 'PACKAGE_ASSESSMENT', targetKey: assessment.key }],
    });
    await mutate(
      app,
      ZIN,
      `mutation($input: PublishPackageAssessmentInput!) { publishPackageAssessment(input: $input) { published } }`,
      { id: assessment.id, version: assessment.version },
    );
    const updates = await app.gql(
      `query($id: ID!) { deliverable(id: $id) { statusUpdates(first: 5) { nodes { id derived } } } }`,
      { id: d.id },
    );
    const [update] = updates.data!.deliverable.statusUpdates.nodes;
    expect(update.derived).toBe(true);
    expect(await trail(INSURER, update.id)).toEqual(['StatusUpdate CREATE']);
    expect(await trail(INSURER, d.id)).toEqual(['Deliverable UPDATE', 'Deliverable CREATE']);
    expect(await trail('fms.viewer@example.org', update.id)).toEqual([]);
  });

  it('is read by every named owner, not only the one an event names', async () => {
    const { createDeliverable: d } = await mutate(app, VWS, CREATE_DELIVERABLE, {
      title: 'Gedeeld eigenaarschap',
      ownerPartyIds: [parties.fms, parties.zn],
      due: span(day(30), day(90)),
    });
    await mutate(app, VWS, UPDATE_DELIVERABLE, { id: d.id, version: d.version, note: 'Samen opgepakt.' });
    expect(await trail('fms.viewer@example.org', d.id)).toEqual(['Deliverable UPDATE', 'Deliverable CREATE']);
    expect(await trail(INSURER, d.id)).toEqual(['Deliverable UPDATE', 'Deliverable CREATE']);
    expect(await trail('nhg.editor@example.org', d.id)).toEqual([]);
  });

  it('follows the owners: a kind that no longer owns the deliverable reads only the change that took it away', async () => {
    const { createDeliverable: d } = await mutate(app, VWS, CREATE_DELIVERABLE, {
      title: 'Van de verzekeraars naar FMS',
      ownerPartyKinds: ['INSURER'],
      due: span(day(30), day(90)),
    });
    expect(await trail(INSURER, d.id)).toEqual(['Deliverable CREATE']);
    const [created] = await allEventIds(d.id);
    const { updateDeliverable: moved } = await mutate(app, VWS, UPDATE_DELIVERABLE, {
      id: d.id,
      version: d.version,
      ownerPartyKinds: [],
      ownerPartyIds: [parties.fms],
    });
    const [ownerChange] = await allEventIds(d.id);
    await mutate(app, VWS, UPDATE_DELIVERABLE, { id: d.id, version: moved.version, note: 'Nu bij FMS.' });
    const [later] = await allEventIds(d.id);
    expect(await trail(INSURER, d.id)).toEqual(['Deliverable UPDATE']);
    expect(await nodesRead(INSURER, [created!, ownerChange!, later!])).toEqual([ownerChange]);
    expect(await trail('fms.viewer@example.org', d.id)).toEqual([
      'Deliverable UPDATE',
      'Deliverable UPDATE',
      'Deliverable CREATE',
    ]);
  });

  it('holds a named owner’s removal for the owner it took the deliverable from, and for its party filter', async () => {
    const { createDeliverable: d } = await mutate(app, VWS, CREATE_DELIVERABLE, {
      title: 'Van FMS naar de verzekeraars',
      ownerPartyIds: [parties.fms],
      due: span(day(30), day(90)),
    });
    await mutate(app, VWS, UPDATE_DELIVERABLE, { id: d.id, version: d.version, ownerPartyIds: [parties.zn] });
    const [ownerChange] = await allEventIds(d.id);
    // Its CREATE names FMS as the owner (the first named one), so FMS keeps reading that too.
    expect(await trail('fms.viewer@example.org', d.id)).toEqual(['Deliverable UPDATE', 'Deliverable CREATE']);
    expect(await trail(INSURER, d.id)).toEqual(['Deliverable UPDATE', 'Deliverable CREATE']);
    expect(await trail('nhg.editor@example.org', d.id)).toEqual([]);
    for (const party of [parties.fms, parties.zn]) expect(await filteredBy(party, d.id)).toContain(ownerChange);
  });
});

/** The ids of the events on `entityId` in VWS's audit list filtered by `partyId`. */
async function filteredBy(partyId: string, entityId: string): Promise<string[]> {
  const res = await app.gql(
    `query($partyIds: [ID!], $id: ID!) { auditEvents(first: 50, filter: { partyIds: $partyIds, entityId: $id }) { nodes { id } } }`,
    { partyIds: [partyId], id: entityId },
    await asUser(app, VWS),
  );
  expect(res.errors).toBeUndefined();
  return res.data!.auditEvents.nodes.map((n: { id: string }) => n.id);
}

describe('the audit trail of a programme', () => {
  const PROGRAMME = `mutation($input: UpdateProgrammeInput!) { updateProgramme(input: $input) { id version } }`;

  it('holds an owner change for the owner it took the programme from and for the new owner, in both party filters', async () => {
    const { createProgramme: p } = await mutate(app, VWS, CREATE_PROGRAMME, {
      name: 'Programma dat van eigenaar wisselt',
      ownerPartyId: parties.fms,
      periodLabel: '2026-2028',
    });
    const { updateProgramme: described } = await mutate(app, VWS, PROGRAMME, {
      id: p.id,
      version: p.version,
      description: 'Eerst bij FMS.',
    });
    const { updateProgramme: moved } = await mutate(app, VWS, PROGRAMME, {
      id: p.id,
      version: described.version,
      ownerPartyId: parties.zn,
    });
    const [ownerChange] = await allEventIds(p.id);
    await mutate(app, VWS, PROGRAMME, { id: p.id, version: moved.version, description: 'Nu bij de verzekeraars.' });
    const [later] = await allEventIds(p.id);

    // The old owner reads its history and the change that ended it, not what the new owner's programme got since.
    expect(await trail('fms.viewer@example.org', p.id)).toEqual([
      'Programme UPDATE',
      'Programme UPDATE',
      'Programme CREATE',
    ]);
    expect(await nodesRead('fms.viewer@example.org', [ownerChange!, later!])).toEqual([ownerChange]);
    expect(await trail(INSURER, p.id)).toEqual(['Programme UPDATE', 'Programme UPDATE']);
    expect(await trail('nhg.editor@example.org', p.id)).toEqual([]);
    expect(await filteredBy(parties.fms, p.id)).toContain(ownerChange);
    expect(await filteredBy(parties.zn, p.id)).toContain(ownerChange);
    expect(await filteredBy(parties.fms, p.id)).not.toContain(later);
  });
});

describe('the audit list filtered by party', () => {
  const BY_PARTY = `query($partyIds: [ID!], $first: Int) {
    auditEvents(first: $first, filter: { partyIds: $partyIds }) {
      totalCount nodes { id entityId actor { name } actingParty { key } ownerParty { key } }
    }
  }`;

  async function byParty(email: string, partyIds: string[] | null, first = 100) {
    const res = await app.gql(BY_PARTY, { partyIds, first }, await asUser(app, email));
    expect(res.errors).toBeUndefined();
    return res.data!.auditEvents as { totalCount: number; nodes: { id: string; entityId: string }[] };
  }

  /** A deliverable the insurers own as a kind (no named owner), changed by VWS, with a milestone. */
  async function kindOwned(title: string): Promise<string[]> {
    const { createDeliverable: d } = await mutate(app, VWS, CREATE_DELIVERABLE, {
      title,
      ownerPartyKinds: ['INSURER'],
      contributorPartyIds: [parties.fms],
      due: span(day(30), day(90)),
    });
    await mutate(app, VWS, UPDATE_DELIVERABLE, { id: d.id, version: d.version, note: 'Besproken.' });
    const { createMilestone: m } = await mutate(
      app,
      VWS,
      `mutation($input: CreateMilestoneInput!) { createMilestone(input: $input) { id } }`,
      { deliverableId: d.id, title: 'Eerste stap', dueLabel: 'Q4 2026' },
    );
    return [d.id, m.id];
  }

  it('finds the events of a deliverable a party owns by kind, as the party reads them, and not those of a contributor', async () => {
    const records = await kindOwned('Verzekeraars filteren hun trail');
    const on = (nodes: { entityId: string }[]) => nodes.filter((n) => records.includes(n.entityId)).length;

    // VWS reads the whole trail: the insurer's filter holds the deliverable's and its milestone's events.
    expect(on((await byParty(VWS, [parties.zn])).nodes)).toBe(3);
    expect(on((await byParty(VWS, [parties.fms])).nodes)).toBe(0);
    expect(on((await byParty(VWS, [parties.fms, parties.zn])).nodes)).toBe(3);

    // The insurer's own party as filter narrows nothing of what it reads.
    const own = await byParty(INSURER, [parties.zn]);
    const all = await byParty(INSURER, null);
    expect(on(own.nodes)).toBe(3);
    expect(own.nodes.map((n) => n.id)).toEqual(all.nodes.map((n) => n.id));
    expect(own.totalCount).toBe(all.totalCount);
  });

  it('takes the same number of SQL statements for a short and a long page', async () => {
    for (let i = 0; i < 4; i++) await kindOwned(`Verzekeraars, opleverpunt ${i}`);
    const headers = await asUser(app, INSURER);
    const short = await app.countQueries(() => app.gql(BY_PARTY, { partyIds: [parties.zn], first: 2 }, headers));
    const long = await app.countQueries(() => app.gql(BY_PARTY, { partyIds: [parties.zn], first: 12 }, headers));
    expect(long.result.errors).toBeUndefined();
    expect(short.result.data!.auditEvents.nodes).toHaveLength(2);
    expect(long.result.data!.auditEvents.nodes).toHaveLength(12);
    expect(long.count).toBe(short.count);
    // Viewer (with the grants' version), the page, its count, the parties and the actors' memberships (who may
    // see them). The grants themselves are read again only after they change (policy.ts).
    expect(long.count).toBe(5);
  });
});
