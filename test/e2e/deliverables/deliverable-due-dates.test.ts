import { fromGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from '../../helpers/app';
import { CREATE_DELIVERABLE, day, mutate, partyIds, span } from '../../fixtures/deliverables';
import { outboxOf } from '../events/scenario';

/**
 * A deliverable's and a milestone's due date is optional (68 of the documents' deliverables have none): an
 * update that sends `due` or `dueLabel` as null, and no date in the other, clears it; omitted, it stays.
 */
const VWS = 'vws.editor@example.org';
let app: TestApp;
let parties: Record<string, string>;

beforeAll(async () => {
  app = await createTestApp();
  parties = await partyIds(app, ['zorginstituut']);
});
afterAll(() => app.close());

const DUE = 'due { label earliest latest precision }';
const DELIVERABLE = `id version ${DUE} overdue health`;
const UPDATE_DELIVERABLE = `mutation($input: UpdateDeliverableInput!) { updateDeliverable(input: $input) { ${DELIVERABLE} } }`;
const MILESTONE = `id version ${DUE} overdue`;
const CREATE_MILESTONE = `mutation($input: CreateMilestoneInput!) { createMilestone(input: $input) { ${MILESTONE} } }`;
const UPDATE_MILESTONE = `mutation($input: UpdateMilestoneInput!) { updateMilestone(input: $input) { ${MILESTONE} } }`;

/** The changes of the record's latest UPDATE event. */
async function lastUpdateChanges(id: string): Promise<unknown> {
  const [event] = await app.dataSource.query(
    `SELECT changes FROM audit_event WHERE entity_id = $1 AND action = 'UPDATE' ORDER BY occurred_at DESC, id DESC LIMIT 1`,
    [fromGlobalId(id).id],
  );
  return event?.changes;
}

const NO_DATE = { label: null, earliest: null, latest: null, precision: null };
const PAST = { earliest: day(-40), latest: day(-10), precision: 'RANGE', label: 'vorige maand' };

const CLEARS = [
  ['due', { due: null }],
  ['dueLabel', { dueLabel: null }],
  ['both', { due: null, dueLabel: null }],
] as const;

describe('a deliverable’s due date', () => {
  it.each(CLEARS)('is cleared when %s is sent as null, audited; overdue and health follow', async (_what, clear) => {
    const { createDeliverable: created } = await mutate(app, VWS, CREATE_DELIVERABLE, {
      title: `Opleverpunt zonder termijn (${_what})`,
      ownerPartyIds: [parties.zorginstituut],
      due: PAST,
    });
    // Omitted, the due date stays.
    const kept = (await mutate(app, VWS, UPDATE_DELIVERABLE, { id: created.id, version: created.version, note: 'x' }))
      .updateDeliverable;
    expect(kept).toMatchObject({ version: created.version + 1, due: { latest: day(-10) }, overdue: true });
    expect(kept.health).toBe('OFF_TRACK');

    const cleared = (await mutate(app, VWS, UPDATE_DELIVERABLE, { id: created.id, version: kept.version, ...clear }))
      .updateDeliverable;
    expect(cleared).toMatchObject({ version: kept.version + 1, due: null, overdue: false, health: 'ON_TRACK' });
    expect(await lastUpdateChanges(created.id)).toEqual([{ field: 'due', before: PAST, after: NO_DATE }]);
    const healthChanges = (await outboxOf(app, created.id)).filter((e) => e.type === 'DELIVERABLE_HEALTH_CHANGED');
    expect(healthChanges.map((e) => [e.payload.before, e.payload.after])).toEqual([
      [{ health: 'OFF_TRACK' }, { health: 'ON_TRACK' }],
    ]);

    // Cleared again: nothing changes, no new version.
    const again = (await mutate(app, VWS, UPDATE_DELIVERABLE, { id: created.id, version: cleared.version, ...clear }))
      .updateDeliverable;
    expect(again.version).toBe(cleared.version);
  });

  it('takes a date given beside the null: the null clears only when nothing else is sent', async () => {
    const { createDeliverable: created } = await mutate(app, VWS, CREATE_DELIVERABLE, {
      title: 'Opleverpunt met nieuwe termijn',
      ownerPartyIds: [parties.zorginstituut],
      due: PAST,
    });
    const dated = (
      await mutate(app, VWS, UPDATE_DELIVERABLE, {
        id: created.id,
        version: created.version,
        due: null,
        dueLabel: 'eind 2031',
      })
    ).updateDeliverable;
    expect(dated).toMatchObject({ due: { label: 'eind 2031', latest: '2031-12-31' }, overdue: false });
    const spanned = (
      await mutate(app, VWS, UPDATE_DELIVERABLE, {
        id: created.id,
        version: dated.version,
        due: span(day(-30), day(-20)),
        dueLabel: null,
      })
    ).updateDeliverable;
    expect(spanned).toMatchObject({ due: { latest: day(-20) }, overdue: true });
  });
});

describe('a milestone’s due date', () => {
  it.each(CLEARS)('is cleared when %s is sent as null, audited; overdue follows', async (_what, clear) => {
    const { createDeliverable: d } = await mutate(app, VWS, CREATE_DELIVERABLE, {
      title: `Opleverpunt met mijlpaal zonder termijn (${_what})`,
      ownerPartyIds: [parties.zorginstituut],
      due: span(day(100), day(200)),
    });
    const { createMilestone: created } = await mutate(app, VWS, CREATE_MILESTONE, {
      deliverableId: d.id,
      title: 'Concept klaar',
      due: PAST,
    });
    expect(created).toMatchObject({ due: { latest: day(-10) }, overdue: true });
    // Omitted, the due date stays.
    const kept = (
      await mutate(app, VWS, UPDATE_MILESTONE, { id: created.id, version: created.version, title: 'Concept gereed' })
    ).updateMilestone;
    expect(kept).toMatchObject({ version: created.version + 1, due: { latest: day(-10) }, overdue: true });

    const cleared = (await mutate(app, VWS, UPDATE_MILESTONE, { id: created.id, version: kept.version, ...clear }))
      .updateMilestone;
    expect(cleared).toMatchObject({ version: kept.version + 1, due: null, overdue: false });
    expect(await lastUpdateChanges(created.id)).toEqual([{ field: 'due', before: PAST, after: NO_DATE }]);
    const overdue = await app.gql(`query($id: ID!) { deliverable(id: $id) { milestones { id overdue } } }`, {
      id: d.id,
    });
    expect(overdue.data!.deliverable.milestones).toEqual([{ id: created.id, overdue: false }]);

    // Cleared again: nothing changes, no new version.
    const again = (await mutate(app, VWS, UPDATE_MILESTONE, { id: created.id, version: cleared.version, ...clear }))
      .updateMilestone;
    expect(again.version).toBe(cleared.version);
    // A date given beside the null wins.
    const dated = (
      await mutate(app, VWS, UPDATE_MILESTONE, {
        id: created.id,
        version: cleared.version,
        due: null,
        dueLabel: 'Q1 2031',
      })
    ).updateMilestone;
    expect(dated).toMatchObject({ due: { label: 'Q1 2031', latest: '2031-03-31' }, overdue: false });
  });
});

describe("a programme's period (optional, like a due date)", () => {
  const PROGRAMME = 'id version period { label earliest latest precision }';
  const CREATE = `mutation($input: CreateProgrammeInput!) { createProgramme(input: $input) { ${PROGRAMME} } }`;
  const UPDATE = `mutation($input: UpdateProgrammeInput!) { updateProgramme(input: $input) { ${PROGRAMME} } }`;

  it.each([
    ['period', { period: null }],
    ['periodLabel', { periodLabel: null }],
  ])('is cleared by %s null, and kept when omitted', async (_field, clear) => {
    const { createProgramme: created } = await mutate(app, VWS, CREATE, {
      name: 'Programma met periode',
      periodLabel: '2025-2030',
    });
    expect(created.period).not.toBeNull();
    const { updateProgramme: kept } = await mutate(app, VWS, UPDATE, {
      id: created.id,
      version: created.version,
      description: 'x',
    });
    expect(kept.period).toEqual(created.period);
    const { updateProgramme: cleared } = await mutate(app, VWS, UPDATE, {
      id: created.id,
      version: kept.version,
      ...clear,
    });
    expect(cleared).toMatchObject({ version: kept.version + 1, period: null });
    expect(await lastUpdateChanges(created.id)).toEqual([
      expect.objectContaining({ field: 'period', after: expect.objectContaining({ label: null, latest: null }) }),
    ]);
  });
});
