import { createTestApp, type GraphQLResponse, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { untilWaiting } from '../../helpers/locks';
import {
  CREATE_DELIVERABLE,
  CREATE_PROGRAMME,
  CREATE_WORKSTREAM,
  mutate,
  partyIds,
  UPDATE_DELIVERABLE,
} from '../../fixtures/deliverables';

/**
 * Dependency edits take one lock in turn (the check for a cycle) after their deliverable's. An edit making D1 depend
 * on D2 refers to D2 (its foreign key, KEY SHARE) while an edit of D2 holds D2 and waits for that turn. When a
 * deliverable's lock for change blocked such references (FOR UPDATE), each waited for the other and one was cut off
 * as a deadlock (a retryable CONFLICT), though neither edit made a cycle.
 */
const VWS = 'vws.editor@example.org';
let app: TestApp;
let programmeId: string;
let workstreamId: string;
let owners: string[];

beforeAll(async () => {
  app = await createTestApp();
  owners = [(await partyIds(app, ['zorginstituut'])).zorginstituut!];
  programmeId = (
    await mutate(app, VWS, CREATE_PROGRAMME, { name: 'Testprogramma afhankelijkheden', periodLabel: '2026' })
  ).createProgramme.id;
  workstreamId = (await mutate(app, VWS, CREATE_WORKSTREAM, { programmeId, name: 'Spoor', kind: 'TRACK' }))
    .createWorkstream.id;
});
afterAll(() => app.close());

async function deliverable(title: string): Promise<{ id: string; version: number }> {
  return (await mutate(app, VWS, CREATE_DELIVERABLE, { title, programmeId, workstreamId, ownerPartyIds: owners }))
    .createDeliverable;
}

describe('two dependency edits at once', () => {
  it('both succeed when one makes a deliverable depend on the one the other edits', async () => {
    const [d1, d2, d3] = [await deliverable('Eerste'), await deliverable('Tweede'), await deliverable('Derde')];
    const edit = async (d: { id: string; version: number }, dependsOnIds: string[]) =>
      app.gql(UPDATE_DELIVERABLE, { input: { id: d.id, version: d.version, dependsOnIds } }, await asUser(app, VWS));

    let answers: GraphQLResponse[] = [];
    const blocker = app.dataSource.createQueryRunner();
    await blocker.connect();
    try {
      // Holds the turn of dependency edits, so that the first edit gets it next, while the second holds D2.
      await blocker.startTransaction();
      await blocker.query(`SELECT pg_advisory_xact_lock(hashtext('deliverable_dependency'))`);
      const first = edit(d1, [d2.id]);
      await untilWaiting(app.dataSource, 1);
      const second = edit(d2, [d3.id]);
      await untilWaiting(app.dataSource, 2);
      await blocker.commitTransaction();
      answers = await Promise.all([first, second]);
    } finally {
      if (blocker.isTransactionActive) await blocker.rollbackTransaction();
      await blocker.release();
    }
    expect(answers.map((a) => a.errors)).toEqual([undefined, undefined]);
    const dependsOn = async (d: { id: string }) =>
      (
        await app.gql(
          `query($id: ID!) { deliverable(id: $id) { dependsOn { id } } }`,
          { id: d.id },
          await asUser(app, VWS),
        )
      ).data!.deliverable.dependsOn.map((x: { id: string }) => x.id);
    expect(await dependsOn(d1)).toEqual([d2.id]);
    expect(await dependsOn(d2)).toEqual([d3.id]);
  });
});
