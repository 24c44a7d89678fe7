import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fromGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser, tokenFor } from '../../helpers/auth';
import { synergyScenario } from './scenario';
import { collect, settle, wsClient } from './ws-client';

/**
 * A guideline's owner links a recommendation to an assessment: the assessor must now confirm its side, so
 * it hears of the link (LINK_CREATED) and of its removal (LINK_REMOVED) as its live dashboard does: a
 * subscription narrowed to its party. Whoever may not read both ends of the link hears neither.
 */
let app: TestApp;
let s: ReturnType<typeof synergyScenario>;
const clients: { dispose(): void | Promise<void> }[] = [];

const LINK_EVENTS = `subscription($filter: EventFilter) {
  events(filter: $filter) { cursor type subjectId before after details }
}`;
const CHANGES = `query($after: String, $filter: EventFilter) {
  changes(after: $after, filter: $filter, first: 50) {
    nodes { type subjectType subjectId partyIds sectorIds before after details subject { id } }
  }
}`;
const REMOVE_LINK = `mutation($input: RemoveSynergyLinkInput!) { removeSynergyLink(input: $input) { removedSynergyLinkId } }`;
const UPSERT = `mutation($input: UpsertGuidelineLinksInput!) {
  upsertGuidelineLinks(input: $input) { created removed links { id version } }
}`;

beforeAll(async () => {
  app = await createTestApp({
    EVENTS_SWEEP_SECONDS: '0',
    WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    WEBHOOK_WORKER_INTERVAL_MS: '50',
  });
  s = synergyScenario(app);
  await s.init();
});
afterEach(async () => {
  for (const c of clients.splice(0)) await c.dispose();
});
afterAll(() => app.close());

/** A subscription as the dashboard's "Mijn partij" opens it, the events of one party: here its link events. */
async function partyStream(email: string, party: string) {
  const ws = wsClient(app.url, await tokenFor(app, email));
  clients.push(ws.client);
  const stream = collect(
    ws.client,
    { filter: { partyIds: [s.ids[party]], types: ['LINK_CREATED', 'LINK_REMOVED'] } },
    LINK_EVENTS,
  );
  await settle(300);
  return stream;
}

async function ok(query: string, input: Record<string, unknown>, email = 'fms.editor@example.org') {
  const res = await app.gql(query, { input }, await asUser(app, email));
  expect(res.errors).toBeUndefined();
  return res.data!;
}

/** A published guideline of FMS with one recommendation, and a published assessment of the Zorginstituut. */
async function publishedEnds(name: string) {
  const intervention = await s.intervention(name);
  const guideline = await s.guideline();
  const recommendation = await s.recommendation(guideline.id, 'DO', intervention);
  await s.publishGuideline(guideline.id);
  const assessment = await s.assessment('INSURED', intervention, true);
  return { intervention, guideline, recommendation, assessment };
}

async function latestCursor(): Promise<string> {
  const [{ cursor }] = await app.dataSource.query(`SELECT coalesce(max(cursor), 0)::text AS cursor FROM domain_event`);
  return cursor;
}

describe('events of a link being made and removed', () => {
  it('reach the assessor’s party stream: LINK_CREATED for a new link, LINK_REMOVED when it is removed', async () => {
    const { guideline, recommendation, assessment } = await publishedEnds('Nieuwe koppeling');
    const zin = await partyStream('zin.viewer@example.org', 'zorginstituut');
    const link = await s.link(recommendation, assessment.id);
    await zin.next(1);
    await ok(REMOVE_LINK, { id: link.id, version: link.version });
    await zin.next(2);
    await settle();
    expect(zin.errors).toEqual([]);
    const details = { guidelineId: guideline.id, recommendationId: recommendation, assessmentId: assessment.id };
    expect(zin.events).toEqual([
      expect.objectContaining({
        type: 'LINK_CREATED',
        subjectId: link.id,
        before: null,
        after: { linkType: 'SHARED_EVIDENCE', alignment: 'ALIGNED' },
        details,
      }),
      expect.objectContaining({
        type: 'LINK_REMOVED',
        subjectId: link.id,
        before: { linkType: 'SHARED_EVIDENCE', alignment: 'ALIGNED' },
        after: null,
        details,
      }),
    ]);
    // The removed link's row was gone when its event was written: its scope is still the link's.
    const scopes = await app.dataSource.query(
      `SELECT type, (SELECT array_agg(key ORDER BY key) FROM party WHERE id = ANY(e.party_ids)) AS parties,
              (SELECT array_agg(key ORDER BY key) FROM sector WHERE id = ANY(e.sector_ids)) AS sectors
         FROM domain_event e WHERE subject_id = $1 ORDER BY cursor`,
      [fromGlobalId(link.id).id],
    );
    expect(scopes).toEqual([
      { type: 'LINK_CREATED', parties: ['fms', 'zorginstituut'], sectors: ['msz'] },
      { type: 'LINK_REMOVED', parties: ['fms', 'zorginstituut'], sectors: ['msz'] },
    ]);
  });

  it('do not reach a party that may not read the guideline draft; its owner hears both', async () => {
    const intervention = await s.intervention('Conceptrichtlijn');
    const draft = await s.guideline();
    const recommendation = await s.recommendation(draft.id, 'DO', intervention);
    const assessment = await s.assessment('INSURED', intervention, true);
    const zin = await partyStream('zin.viewer@example.org', 'zorginstituut');
    const fms = await partyStream('fms.viewer@example.org', 'fms');
    const hidden = await s.link(recommendation, assessment.id);
    await ok(REMOVE_LINK, { id: hidden.id, version: hidden.version });
    await fms.next(2);
    // A link between published ends after them: once the Zorginstituut hears it, it has passed the others.
    const visible = await publishedEnds('Daarna gepubliceerd');
    const marker = await s.link(visible.recommendation, visible.assessment.id);
    await zin.next(1);
    await fms.next(3);
    await settle();
    expect(zin.events.map((e) => [e.type, e.subjectId])).toEqual([['LINK_CREATED', marker.id]]);
    expect(fms.events.map((e) => [e.type, e.subjectId])).toEqual([
      ['LINK_CREATED', hidden.id],
      ['LINK_REMOVED', hidden.id],
      ['LINK_CREATED', marker.id],
    ]);
    // The change feed by the same rule: the draft's link events are the owner's only.
    const feed = async (email: string) =>
      (
        await app.gql(CHANGES, { filter: { subjectIds: [hidden.id] } }, await asUser(app, email))
      ).data!.changes.nodes.map((e: { type: string }) => e.type);
    expect(await feed('zin.viewer@example.org')).toEqual([]);
    expect(await feed('nhg.editor@example.org')).toEqual([]);
    expect(await feed('fms.viewer@example.org')).toEqual(['LINK_CREATED', 'LINK_REMOVED']);
  });

  it('are announced by a batch and by removing a recommendation, and listed by the change feed', async () => {
    const { guideline, recommendation, assessment, intervention } = await publishedEnds('Batch');
    const second = await s.assessment('INSURED', intervention, true);
    const start = await latestCursor();
    const created = await ok(UPSERT, {
      guidelineId: guideline.id,
      links: [
        {
          recommendationId: recommendation,
          assessmentId: assessment.id,
          linkType: 'SHARED_EVIDENCE',
          alignment: 'ALIGNED',
        },
        { recommendationId: recommendation, assessmentId: second.id, linkType: 'KNOWLEDGE_GAP', alignment: 'ALIGNED' },
      ],
    });
    const [first, other] = created.upsertGuidelineLinks.links as { id: string; version: number }[];
    await ok(UPSERT, {
      guidelineId: guideline.id,
      links: [
        {
          recommendationId: recommendation,
          assessmentId: assessment.id,
          linkType: 'SHARED_EVIDENCE',
          version: first!.version,
          remove: true,
        },
      ],
    });
    // The recommendation goes, and its remaining link with it (ON DELETE CASCADE).
    const { version } = (
      await app.gql(
        `query($id: ID!) { node(id: $id) { ... on Recommendation { version } } }`,
        { id: recommendation },
        await asUser(app, 'fms.editor@example.org'),
      )
    ).data!.node;
    await ok(
      `mutation($input: RemoveRecommendationInput!) { removeRecommendation(input: $input) { removedRecommendationId } }`,
      {
        id: recommendation,
        version,
      },
    );
    const res = await app.gql(
      CHANGES,
      { after: start, filter: { types: ['LINK_CREATED', 'LINK_REMOVED'] } },
      await asUser(app, 'zin.viewer@example.org'),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.changes.nodes).toEqual([
      // Written in the statement that inserts the links: the scope is the link's all the same.
      expect.objectContaining({
        type: 'LINK_CREATED',
        subjectType: 'SynergyLink',
        subjectId: first!.id,
        subject: null,
        partyIds: expect.arrayContaining([s.ids.fms, s.ids.zorginstituut]),
        sectorIds: [s.ids.msz],
      }),
      expect.objectContaining({ type: 'LINK_CREATED', subjectId: other!.id, subject: null }),
      expect.objectContaining({
        type: 'LINK_REMOVED',
        subjectId: first!.id,
        subject: null,
        partyIds: expect.arrayContaining([s.ids.fms, s.ids.zorginstituut]),
        sectorIds: [s.ids.msz],
        details: { guidelineId: guideline.id, recommendationId: recommendation, assessmentId: assessment.id },
      }),
      expect.objectContaining({
        type: 'LINK_REMOVED',
        subjectId: other!.id,
        details: { guidelineId: guideline.id, recommendationId: recommendation, assessmentId: second.id },
      }),
    ]);
  });
});

describe('a webhook endpoint subscribed to LINK_CREATED', () => {
  it('receives a new link on its party’s assessment, and not its removal', async () => {
    const received: string[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push(body);
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      await ok(
        `mutation($input: RegisterWebhookEndpointInput!) { registerWebhookEndpoint(input: $input) { secret } }`,
        { partyId: s.ids.zorginstituut, url, eventTypes: ['LINK_CREATED'] },
        'zin.admin@example.org',
      );
      const { recommendation, assessment } = await publishedEnds('Webhook');
      const link = await s.link(recommendation, assessment.id);
      await ok(REMOVE_LINK, { id: link.id, version: link.version });
      // A second link after the removal: once it arrives, the removal's turn has passed.
      const next = await publishedEnds('Webhook daarna');
      const later = await s.link(next.recommendation, next.assessment.id);
      const deadline = Date.now() + 10_000;
      while (!received.some((body) => body.includes(later.id)) && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(received.map((body) => JSON.parse(body)).map((b) => [b.type, b.data.subjectId])).toEqual([
        ['LINK_CREATED', link.id],
        ['LINK_CREATED', later.id],
      ]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
