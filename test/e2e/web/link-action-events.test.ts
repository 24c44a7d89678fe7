import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { addFmsLinks, FMS_EDITOR } from '../../fixtures/synergy-links';
import { eventsOf, type LinkAction } from '../../../web/src/pages/link-events';

/**
 * Twin test of the dashboard's `eventsOf` (web/src/pages/link-events.ts): the live events it expects a link action
 * on "Mijn partij" to cause, so that they do not read the page a second time, against the events the server emits
 * for that action (eventsForAudit, server/services/events/outbox.ts), read back from the change feed. A change of
 * either rule that the other does not follow fails here. The actions are sent with the dashboard's own documents
 * (the build's manifest), so the answer is the one LinkTable hands to `eventsOf`.
 */
const MANIFEST = path.join(__dirname, '..', '..', '..', 'dist', 'dashboard', 'operations.json');
const ZIN_EDITOR = 'zin.editor@example.org';
const DOCUMENT: Record<LinkAction, string> = {
  confirm: 'DashboardConfirmLink',
  dispute: 'DashboardDisputeLink',
  resolve: 'DashboardResolveLinkDispute',
};

let app: TestApp;
let links: string[];

beforeAll(async () => {
  app = await createTestApp();
  // Links of FMS's guideline to assessments of Zorginstituut, awaiting both sides: one per case.
  await addFmsLinks(app, 20);
  const { data } = await app.gql(
    `{ synergyLinks(filter: { awaitingSide: GUIDELINE_OWNER }, first: 100) {
         nodes { id awaitingConfirmationFrom guideline { owners { key } } assessment { assessorParty { key } } } } }`,
    {},
    await asUser(app, ZIN_EDITOR),
  );
  links = (
    data!.synergyLinks.nodes as {
      id: string;
      awaitingConfirmationFrom: string[];
      guideline: { owners: { key: string }[] };
      assessment: { assessorParty: { key: string } | null };
    }[]
  )
    .filter(
      (l) =>
        l.awaitingConfirmationFrom.length === 2 &&
        l.guideline.owners.map((o) => o.key).join() === 'fms' &&
        l.assessment.assessorParty?.key === 'zorginstituut',
    )
    .map((l) => l.id);
}, 60_000);
afterAll(async () => {
  await app?.close();
});

const documentOf = (action: LinkAction) => {
  const { operations } = JSON.parse(readFileSync(MANIFEST, 'utf8')) as { operations: { name: string; body: string }[] };
  return operations.find((o) => o.name === DOCUMENT[action])!.body;
};

async function read(linkId: string, email: string): Promise<{ id: string; version: number; alignment: string }> {
  const { data, errors } = await app.gql(
    `query($id: ID!) { synergyLink(id: $id) { id version alignment } }`,
    { id: linkId },
    await asUser(app, email),
  );
  expect(errors).toBeUndefined();
  return data!.synergyLink;
}

/** Sends `action` as the dashboard does, at the version last read; answers the mutation's data. */
async function send(action: LinkAction, email: string, linkId: string, input: Record<string, unknown>) {
  const link = await read(linkId, email);
  const variables = { input: { id: link.id, version: link.version, ...input } };
  const { data, errors } = await app.gql(documentOf(action), variables, await asUser(app, email));
  expect(errors).toBeUndefined();
  return { link, input: variables.input, answer: data };
}

/** The change feed about the link, as `email` reads it: where it ends now, and what came after a cursor. */
async function feed(linkId: string, email: string, after: string | null) {
  const { data, errors } = await app.gql(
    `query($after: String, $id: ID!) {
       changes(after: $after, filter: { subjectIds: [$id] }, first: 100) {
         nodes { type subjectId } pageInfo { hasNextPage endCursor } } }`,
    { after, id: linkId },
    await asUser(app, email),
  );
  expect(errors).toBeUndefined();
  expect(data!.changes.pageInfo.hasNextPage).toBe(false);
  return data!.changes as { nodes: { type: string; subjectId: string }[]; pageInfo: { endCursor: string | null } };
}

type Step = [action: LinkAction, by: string, input: Record<string, unknown>];
const OWNER = { side: 'GUIDELINE_OWNER' };
const ASSESSOR = { side: 'ASSESSOR' };
const DISPUTE_OWNER: Step = ['dispute', FMS_EDITOR, { ...OWNER, reason: 'Andere doelgroep.' }];
const RESOLUTION = 'Koppeling blijft; doelgroep verduidelijkt.';

// Each case: what happens to a fresh link first, the action the person takes on the page, and whether it changes
// the link (an answer at the version sent changes nothing, and makes no event).
it.each<[name: string, before: Step[], action: Step, changes: boolean]>([
  ['confirm a side that awaits it', [], ['confirm', FMS_EDITOR, OWNER], true],
  [
    'confirm a side that confirmed already (answered as it stands)',
    [['confirm', FMS_EDITOR, OWNER]],
    ['confirm', FMS_EDITOR, OWNER],
    false,
  ],
  ['dispute a side that awaits confirmation', [], DISPUTE_OWNER, true],
  [
    'dispute a side that had confirmed',
    [['confirm', ZIN_EDITOR, ASSESSOR]],
    ['dispute', ZIN_EDITOR, { ...ASSESSOR, reason: 'Andere uitkomst.' }],
    true,
  ],
  ['resolve, no alignment chosen', [DISPUTE_OWNER], ['resolve', ZIN_EDITOR, { resolution: RESOLUTION }], true],
  [
    'resolve, the alignment chosen as it was',
    [DISPUTE_OWNER],
    ['resolve', ZIN_EDITOR, { resolution: RESOLUTION, alignment: 'ALIGNED' }],
    true,
  ],
  [
    'resolve with another alignment',
    [DISPUTE_OWNER],
    ['resolve', ZIN_EDITOR, { resolution: RESOLUTION, alignment: 'DIVERGENT' }],
    true,
  ],
  [
    'resolve with another alignment, one side confirmed',
    [['confirm', ZIN_EDITOR, ASSESSOR], DISPUTE_OWNER],
    ['resolve', ZIN_EDITOR, { resolution: RESOLUTION, alignment: 'PARTIALLY_ALIGNED' }],
    true,
  ],
])('expects the events the server emits when the person does this: %s', async (_name, before, action, changes) => {
  const linkId = links.pop()!;
  expect(linkId).toBeDefined();
  for (const [step, by, input] of before) await send(step, by, linkId, input);
  const [kind, by, input] = action;
  const { endCursor } = (await feed(linkId, by, null)).pageInfo;
  const sent = await send(kind, by, linkId, input);
  expect(sent.link.alignment).toBe('ALIGNED');

  const emitted = (await feed(linkId, by, endCursor)).nodes;
  const expected = eventsOf(kind, sent.link, sent.input, sent.answer);
  const byType = (a: { type: string }, b: { type: string }) => a.type.localeCompare(b.type);
  expect([...expected].sort(byType)).toEqual([...emitted].sort(byType));
  expect(emitted.length > 0).toBe(changes);
});
