import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { idsByKey } from '../../helpers/research';
import { CREATE_DELIVERABLE, day, mutate, span } from '../../fixtures/deliverables';

const ZIN = 'zin.editor@example.org';
let app: TestApp;
let parties: Record<string, string>;

beforeAll(async () => {
  app = await createTestApp();
  parties = await idsByKey(app, 'Party', 'party');
});
afterAll(() => app.close());

describe('reopenMilestone', () => {
  it('reopens a reached milestone once, saying why', async () => {
    const { createDeliverable: d } = await mutate(app, 'vws.editor@example.org', CREATE_DELIVERABLE, {
      title: 'Met mijlpaal',
      ownerPartyIds: [parties.zorginstituut],
      due: span(day(10), day(60)),
    });
    const { createMilestone: m } = await mutate(
      app,
      'vws.editor@example.org',
      `mutation($input: CreateMilestoneInput!) { createMilestone(input: $input) { id version } }`,
      { deliverableId: d.id, title: 'Concept gereed', dueLabel: 'Q3 2026' },
    );
    const { completeMilestone: done } = await mutate(
      app,
      ZIN,
      `mutation($input: CompleteMilestoneInput!) { completeMilestone(input: $input) { version completedAt } }`,
      { id: m.id, version: m.version },
    );
    const REOPEN = `mutation($input: ReopenMilestoneInput!) { reopenMilestone(input: $input) { version completedAt } }`;
    const other = await app.gql(
      REOPEN,
      { input: { id: m.id, version: done.version, reason: 'Toch niet af.' } },
      await asUser(app, 'nhg.editor@example.org'),
    );
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const reopened = await app.gql(
      REOPEN,
      { input: { id: m.id, version: done.version, reason: 'Het concept moet opnieuw.' } },
      await asUser(app, ZIN),
    );
    expect(reopened.data!.reopenMilestone).toEqual({ version: done.version + 1, completedAt: null });
    const again = await app.gql(
      REOPEN,
      { input: { id: m.id, version: done.version + 1, reason: 'Nog eens.' } },
      await asUser(app, ZIN),
    );
    expect(again.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
