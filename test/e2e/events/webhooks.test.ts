import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fromGlobalId, toGlobalId } from 'graphql-relay';
import { Webhook } from 'standardwebhooks';
import dns from 'node:dns/promises';
import { DNS_TIMEOUT_MS, isPrivateAddress } from '../../../server/services/events/webhooks/outbound';
import { emitEvents } from '../../../server/services/events/outbox';
import { WebhookSecretsPerRotation1800002500000 } from '../../../server/db/migrations/1800002500000-WebhookSecretsPerRotation';
import { WebhookUrlsHiddenInTheAuditTrail1800002500001 } from '../../../server/db/migrations/1800002500001-WebhookUrlsHiddenInTheAuditTrail';
import { EventType } from '../../../entities/domain-event.enums';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { synergyScenario } from './scenario';

let app: TestApp;
let s: ReturnType<typeof synergyScenario>;

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A receiver on 127.0.0.1 that answers with `status()` and records every request. */
async function receiver(status: () => number = () => 200) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(status()).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

async function waitFor<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const REGISTER = `mutation($input: RegisterWebhookEndpointInput!) {
  registerWebhookEndpoint(input: $input) { secret endpoint { id version url enabled eventTypes } }
}`;
const ENDPOINTS = `query($partyId: ID!) {
  webhookEndpoints(partyId: $partyId) {
    id enabled disabledReason consecutiveFailures
    deliveries(first: 10) { nodes { id status attempts lastStatusCode event { type subjectId } attemptLog { statusCode succeeded } } }
  }
}`;

async function register(url: string, email = 'zin.admin@example.org', eventTypes = ['ASSESSMENT_OUTCOME_CHANGED']) {
  return app.gql(REGISTER, { input: { partyId: s.ids.zorginstituut, url, eventTypes } }, await asUser(app, email));
}

async function endpoints(email = 'zin.admin@example.org') {
  const res = await app.gql(ENDPOINTS, { partyId: s.ids.zorginstituut }, await asUser(app, email));
  return res;
}

beforeAll(async () => {
  app = await createTestApp({
    WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    WEBHOOK_WORKER_INTERVAL_MS: '50',
    WEBHOOK_BACKOFF_BASE_MS: '100',
    WEBHOOK_MAX_ATTEMPTS: '3',
    WEBHOOK_DISABLE_AFTER_FAILURES: '3',
    WEBHOOK_TIMEOUT_MS: '1000',
  });
  s = synergyScenario(app);
  await s.init();
});
afterAll(() => app.close());

describe('signed webhooks', () => {
  it('deliver an event signed per Standard Webhooks, and log the delivery', async () => {
    const hook = await receiver();
    try {
      const res = await register(hook.url);
      expect(res.errors).toBeUndefined();
      const { secret, endpoint } = res.data!.registerWebhookEndpoint;
      expect(secret).toMatch(/^whsec_/);
      const intervention = await s.intervention('Webhook');
      const a = await s.assessment('INSURED', intervention, false);
      await s.updateAssessment(a.id, a.version, 'NOT_INSURED');
      const got = await waitFor('a delivery', () => hook.received.find((r) => r.body.includes(a.id)));
      // The receiver verifies with the secret it was shown once (the standardwebhooks package).
      const verified = new Webhook(secret).verify(got.body, got.headers as Record<string, string>) as any;
      expect([verified.type, verified.data.subjectId, verified.data.before, verified.data.after]).toEqual([
        'ASSESSMENT_OUTCOME_CHANGED',
        a.id,
        { outcome: 'INSURED' },
        { outcome: 'NOT_INSURED' },
      ]);
      expect(() =>
        new Webhook(`whsec_${Buffer.from('x'.repeat(32)).toString('base64')}`).verify(got.body, got.headers as any),
      ).toThrow();
      const log = await waitFor('the log', async () => {
        const mine = (await endpoints()).data!.webhookEndpoints.find((e: any) => e.id === endpoint.id);
        const delivery = mine.deliveries.nodes.find((d: any) => d.event.subjectId === a.id);
        return delivery?.status === 'SUCCEEDED' ? delivery : undefined;
      });
      expect(log).toMatchObject({
        attempts: 1,
        lastStatusCode: 200,
        attemptLog: [{ statusCode: 200, succeeded: true }],
      });
    } finally {
      await hook.close();
    }
  });

  it('signs with the new and the previous secret for a day after a rotation', async () => {
    const hook = await receiver();
    try {
      const { secret: old, endpoint } = (await register(hook.url)).data!.registerWebhookEndpoint;
      const rotated = await app.gql(
        `mutation($input: RotateWebhookSecretInput!) { rotateWebhookSecret(input: $input) { secret endpoint { version } } }`,
        { input: { id: endpoint.id, version: endpoint.version } },
        await asUser(app, 'zin.admin@example.org'),
      );
      const fresh = rotated.data!.rotateWebhookSecret.secret;
      expect(fresh).not.toBe(old);
      const intervention = await s.intervention('Rotatie');
      const a = await s.assessment('INSURED', intervention, true);
      await s.updateAssessment(a.id, a.version, 'NOT_INSURED');
      const got = await waitFor('a delivery', () => hook.received.find((r) => r.body.includes(a.id)));
      expect(String(got.headers['webhook-signature']).split(' ')).toHaveLength(2);
      for (const secret of [fresh, old])
        expect((new Webhook(secret).verify(got.body, got.headers as any) as any).data.subjectId).toBe(a.id);
    } finally {
      await hook.close();
    }
  });

  it('keeps every secret rotated out within the day signing, up to five secrets at once', async () => {
    const hook = await receiver();
    try {
      const admin = await asUser(app, 'zin.admin@example.org');
      const { secret: first, endpoint } = (await register(hook.url)).data!.registerWebhookEndpoint;
      let version = endpoint.version as number;
      const rotate = () =>
        app.gql(
          `mutation($input: RotateWebhookSecretInput!) { rotateWebhookSecret(input: $input) { secret endpoint { version } } }`,
          { input: { id: endpoint.id, version } },
          admin,
        );
      const secrets = [first];
      for (let n = 0; n < 2; n++) {
        const rotated = await rotate();
        expect(rotated.errors).toBeUndefined();
        secrets.push(rotated.data!.rotateWebhookSecret.secret);
        version = rotated.data!.rotateWebhookSecret.endpoint.version;
      }
      const a = await s.assessment('INSURED', await s.intervention('Twee keer geroteerd'), true);
      await s.updateAssessment(a.id, a.version, 'NOT_INSURED');
      const got = await waitFor('a delivery', () => hook.received.find((r) => r.body.includes(a.id)));
      expect(String(got.headers['webhook-signature']).split(' ')).toHaveLength(3);
      // A receiver still on the first secret, rotated out twice within the day, verifies as well.
      for (const secret of secrets)
        expect((new Webhook(secret).verify(got.body, got.headers as any) as any).data.subjectId).toBe(a.id);

      for (let n = 0; n < 2; n++) {
        const rotated = await rotate();
        expect(rotated.errors).toBeUndefined();
        version = rotated.data!.rotateWebhookSecret.endpoint.version;
      }
      // Five sign now: a sixth would drop one before its day is over.
      const refused = await rotate();
      expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['CONFLICT']);
      const [row] = await app.dataSource.query(
        `SELECT version, jsonb_array_length(previous_secrets) AS previous FROM webhook_endpoint WHERE id = $1`,
        [fromGlobalId(endpoint.id).id],
      );
      expect(row).toEqual({ version, previous: 4 });
    } finally {
      await hook.close();
    }
  });

  it('records that an endpoint’s URL changed in the audit trail, never the URL (its query may carry a token)', async () => {
    const admin = await asUser(app, 'zin.admin@example.org');
    const { endpoint } = (await register('http://127.0.0.1:9/audited?token=eerste-geheim')).data!
      .registerWebhookEndpoint;
    const moved = await app.gql(
      `mutation($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { version } }`,
      { input: { id: endpoint.id, version: endpoint.version, url: 'http://127.0.0.1:9/moved?token=tweede-geheim' } },
      admin,
    );
    expect(moved.errors).toBeUndefined();
    const trail = async (email: string) =>
      (
        await app.gql(
          `query($id: ID!) { auditEvents(filter: { entityId: $id }) { nodes { action changes { field before after } } } }`,
          { id: endpoint.id },
          await asUser(app, email),
        )
      ).data!.auditEvents.nodes;
    // A member of the party who may not see its endpoints reads the trail, as its admin does.
    for (const email of ['zin.viewer@example.org', 'zin.admin@example.org'])
      expect(await trail(email)).toEqual([
        { action: 'UPDATE', changes: [{ field: 'url', before: '(hidden)', after: '(hidden)' }] },
        {
          action: 'CREATE',
          changes: expect.arrayContaining([{ field: 'url', before: null, after: '(hidden)' }]),
        },
      ]);
    expect(JSON.stringify(await trail('zin.viewer@example.org'))).not.toMatch(/geheim|audited|moved/);
  });

  it('retries a failing endpoint with backoff, disables it after failed deliveries in a row; redelivery sends again', async () => {
    let answer = 500;
    const hook = await receiver(() => answer);
    try {
      const { endpoint } = (await register(hook.url)).data!.registerWebhookEndpoint;
      const subjects: string[] = [];
      for (const name of ['Falend 1', 'Falend 2', 'Falend 3']) {
        const a = await s.assessment('INSURED', await s.intervention(name), true);
        await s.updateAssessment(a.id, a.version, 'NOT_INSURED');
        subjects.push(a.id);
      }
      const disabled = await waitFor('the endpoint disabled', async () => {
        const mine = (await endpoints()).data!.webhookEndpoints.find((e: any) => e.id === endpoint.id);
        return mine.enabled ? undefined : mine;
      });
      for (const subject of subjects) {
        const attempts = hook.received.filter((r) => r.body.includes(subject));
        expect(attempts).toHaveLength(3);
        // One webhook-id for every attempt of one delivery (receivers deduplicate on it).
        expect(new Set(attempts.map((r) => r.headers['webhook-id'])).size).toBe(1);
      }
      expect(disabled.disabledReason).toMatch(/^Disabled after 3 failed deliveries in a row; the last: HTTP 500/);
      expect(disabled.consecutiveFailures).toBe(3);
      expect(disabled.deliveries.nodes).toEqual(
        subjects.map(() => expect.objectContaining({ status: 'FAILED', attempts: 3, lastStatusCode: 500 })),
      );

      answer = 200;
      const admin = await asUser(app, 'zin.admin@example.org');
      const [{ version }] = await app.dataSource.query(`SELECT version FROM webhook_endpoint WHERE url = $1`, [
        hook.url,
      ]);
      const enabled = await app.gql(
        `mutation($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { enabled consecutiveFailures disabledReason } }`,
        { input: { id: endpoint.id, version, enabled: true } },
        admin,
      );
      expect(enabled.data!.updateWebhookEndpoint).toEqual({
        enabled: true,
        consecutiveFailures: 0,
        disabledReason: null,
      });
      const last = subjects[2]!;
      const failed = disabled.deliveries.nodes.find((d: any) => d.event.subjectId === last);
      const redelivered = await app.gql(
        `mutation($input: RedeliverWebhookInput!) { redeliverWebhook(input: $input) { status } }`,
        { input: { deliveryId: failed.id } },
        admin,
      );
      expect(redelivered.data!.redeliverWebhook.status).toBe('PENDING');
      await waitFor('the redelivery', () =>
        hook.received.filter((r) => r.body.includes(last)).length === 4 ? true : undefined,
      );
      const final = await waitFor('success', async () => {
        const mine = (await endpoints()).data!.webhookEndpoints.find((e: any) => e.id === endpoint.id);
        const delivery = mine.deliveries.nodes.find((d: any) => d.id === failed.id);
        return delivery.status === 'SUCCEEDED' ? delivery : undefined;
      });
      expect(final.attemptLog.map((x: any) => x.statusCode)).toEqual([200, 500, 500, 500]);
    } finally {
      await hook.close();
    }
  });

  it('does not disable an endpoint for failed attempts its deliveries are still retried after', async () => {
    // Down for its first five requests, three attempts a delivery, disabled at three failed deliveries: five
    // failed attempts in a row, but one failed delivery (the first probe) before the second probe got through.
    let requests = 0;
    const hook = await receiver(() => (++requests <= 5 ? 503 : 200));
    try {
      const { endpoint } = (await register(hook.url, 'zin.admin@example.org', ['DELIVERABLE_STATUS_CHANGED'])).data!
        .registerWebhookEndpoint;
      const [deliverable] = await app.dataSource.query(`SELECT id FROM deliverable ORDER BY id LIMIT 1`);
      await app.dataSource.transaction((m) =>
        emitEvents(
          m,
          [1, 2, 3, 4, 5].map((n) => ({
            type: EventType.DELIVERABLE_STATUS_CHANGED,
            subjectType: 'Deliverable',
            subjectId: deliverable.id,
            details: { n },
          })),
        ),
      );
      const mine = await waitFor('every delivery sent or given up', async () => {
        const found = (await endpoints()).data!.webhookEndpoints.find((e: any) => e.id === endpoint.id);
        return found.deliveries.nodes.filter((d: any) => d.status !== 'PENDING').length === 5 ? found : undefined;
      });
      const [first, second] = [hook.received[0]!, hook.received[3]!].map((r) => r.headers['webhook-id']);
      expect(hook.received.slice(0, 6).map((r) => r.headers['webhook-id'])).toEqual([
        first,
        first,
        first,
        second,
        second,
        second,
      ]);
      expect(mine).toMatchObject({ enabled: true, disabledReason: null, consecutiveFailures: 0 });
      const outcomes = new Map<string, unknown>(
        mine.deliveries.nodes.map((d: any) => [d.id, [d.status, d.attemptLog.map((a: any) => a.statusCode)]]),
      );
      // Attempts newest first. The first probe's failure was counted, and the second probe's success reset it.
      expect(outcomes.get(first as string)).toEqual(['FAILED', [503, 503, 503]]);
      expect(outcomes.get(second as string)).toEqual(['SUCCEEDED', [200, 503, 503]]);
      outcomes.delete(first as string);
      outcomes.delete(second as string);
      expect([...outcomes.values()]).toEqual([1, 2, 3].map(() => ['SUCCEEDED', [200]]));
    } finally {
      await hook.close();
    }
  });

  it('spaces retries by exponential backoff', async () => {
    const times: number[] = [];
    const hook = await receiver(() => {
      times.push(Date.now());
      return 503;
    });
    try {
      await register(hook.url);
      const intervention = await s.intervention('Backoff');
      const a = await s.assessment('INSURED', intervention, true);
      await s.updateAssessment(a.id, a.version, 'NOT_INSURED');
      await waitFor('three attempts', () => (times.length >= 3 ? true : undefined));
      const [first, second, third] = times as [number, number, number];
      // Base 100 ms: the second waits about 100 ms, the third about 200 ms (plus the worker's 50 ms tick).
      expect(second - first).toBeGreaterThanOrEqual(90);
      expect(third - second).toBeGreaterThanOrEqual(190);
    } finally {
      await hook.close();
    }
  });

  it('gives up on a slow answer after the timeout, and reads at most the response cap', async () => {
    const slow = http.createServer(() => undefined);
    const big = http.createServer((_req, res) => {
      res.writeHead(500);
      res.end('x'.repeat(1_000_000));
    });
    const listen = async (server: http.Server) => {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    };
    try {
      const slowUrl = await listen(slow);
      const bigUrl = await listen(big);
      await register(slowUrl);
      await register(bigUrl);
      const intervention = await s.intervention('Traag');
      const a = await s.assessment('INSURED', intervention, true);
      await s.updateAssessment(a.id, a.version, 'NOT_INSURED');
      const errorOf = (url: string) =>
        waitFor(`an attempt to ${url}`, async () => {
          const [row] = await app.dataSource.query(
            `SELECT t.error FROM webhook_attempt t JOIN webhook_delivery d ON d.id = t.delivery_id
               JOIN webhook_endpoint w ON w.id = d.endpoint_id WHERE w.url = $1 LIMIT 1`,
            [url],
          );
          return row?.error as string | undefined;
        });
      expect(await errorOf(slowUrl)).toBe('No answer within 1000 ms');
      expect(await errorOf(bigUrl)).toBe('HTTP 500; answer cut off at 65536 bytes');
    } finally {
      slow.closeAllConnections();
      big.closeAllConnections();
      await new Promise((resolve) => slow.close(resolve));
      await new Promise((resolve) => big.close(resolve));
    }
  });

  it('deliver consultation events to an invited party’s endpoint, and not to an outsider’s', async () => {
    const [pfn] = await app.dataSource.query(`SELECT id FROM party WHERE key = 'patientenfederatie'`);
    const invitedParty = toGlobalId('Party', pfn.id);
    const eventTypes = ['CONSULTATION_ROUND_OPENED', 'CONTRIBUTION_ANSWERED'];
    const invitedHook = await receiver();
    const outsiderHook = await receiver();
    try {
      const invited = await app.gql(
        REGISTER,
        { input: { partyId: invitedParty, url: invitedHook.url, eventTypes } },
        await asUser(app, 'pfn.admin@example.org'),
      );
      const outsider = await app.gql(
        REGISTER,
        { input: { partyId: s.ids.fms, url: outsiderHook.url, eventTypes } },
        await asUser(app, 'fms.admin@example.org'),
      );
      expect([invited.errors, outsider.errors]).toEqual([undefined, undefined]);
      const { createPackageAssessment: draft } = (
        await app.gql(
          `mutation($input: CreatePackageAssessmentInput!) { createPackageAssessment(input: $input) { id } }`,
          { input: { kind: 'STANDPUNT', title: 'Concept-standpunt voor webhooks' } },
          await asUser(app, 'zin.editor@example.org'),
        )
      ).data!;
      const opened = await app.gql(
        `mutation($input: OpenConsultationRoundInput!) { openConsultationRound(input: $input) { id } }`,
        {
          input: {
            targetId: draft.id,
            question: 'Wat vindt u ervan?',
            closesAt: new Date(Date.now() + 3_600_000).toISOString(),
            invitedPartyIds: [invitedParty],
          },
        },
        await asUser(app, 'zin.editor@example.org'),
      );
      const round = opened.data!.openConsultationRound.id as string;
      const got = await waitFor('a delivery', () => invitedHook.received.find((r) => r.body.includes(round)));
      const verified = new Webhook(invited.data!.registerWebhookEndpoint.secret).verify(
        got.body,
        got.headers as Record<string, string>,
      ) as any;
      expect([verified.type, verified.data.subjectId, verified.data.partyIds]).toEqual([
        'CONSULTATION_ROUND_OPENED',
        round,
        expect.arrayContaining([invitedParty, s.ids.zorginstituut]),
      ]);
      // The outsider's endpoint was planned in the same rounds of the worker: it got nothing of the draft.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(outsiderHook.received.filter((r) => r.body.includes(round))).toEqual([]);
    } finally {
      await invitedHook.close();
      await outsiderHook.close();
    }
  });

  it('show a delivery’s event only to who may read it: a skipped one’s is null for the admin', async () => {
    const hook = await receiver();
    try {
      const res = await app.gql(
        REGISTER,
        { input: { partyId: s.ids.fms, url: hook.url, eventTypes: ['ASSESSMENT_OUTCOME_CHANGED'] } },
        await asUser(app, 'fms.admin@example.org'),
      );
      expect(res.errors).toBeUndefined();
      const endpointId = fromGlobalId(res.data!.registerWebhookEndpoint.endpoint.id).id;
      // A draft of the Zorginstituut: the federation cannot read it, so the worker skips such a delivery.
      const intervention = await s.intervention('Overgeslagen');
      const draft = await s.assessment('INSURED', intervention, false);
      await s.updateAssessment(draft.id, draft.version, 'NOT_INSURED');
      const [event]: { id: string }[] = await app.dataSource.query(
        `SELECT id FROM domain_event WHERE subject_id = $1 AND type = 'ASSESSMENT_OUTCOME_CHANGED'`,
        [fromGlobalId(draft.id).id],
      );
      await app.dataSource.query(
        `INSERT INTO webhook_delivery (endpoint_id, event_id, status) VALUES ($1, $2, 'SKIPPED')
         ON CONFLICT (endpoint_id, event_id) DO UPDATE SET status = 'SKIPPED'`,
        [endpointId, event!.id],
      );
      const log = await app.gql(ENDPOINTS, { partyId: s.ids.fms }, await asUser(app, 'fms.admin@example.org'));
      expect(log.errors).toBeUndefined();
      const mine = log.data!.webhookEndpoints.find((e: any) => fromGlobalId(e.id).id === endpointId);
      expect(mine.deliveries.nodes).toEqual([expect.objectContaining({ status: 'SKIPPED', event: null })]);
    } finally {
      await hook.close();
    }
  });

  it('only a party’s admins manage its endpoints; others get FORBIDDEN or NOT_FOUND', async () => {
    const editor = await register('http://127.0.0.1:9/hook', 'zin.editor@example.org');
    const otherAdmin = await endpoints('fms.admin@example.org');
    const anonymous = await app.gql(ENDPOINTS, { partyId: s.ids.zorginstituut });
    expect([editor, otherAdmin, anonymous].map((r) => r.errors?.[0]?.extensions?.code)).toEqual([
      'FORBIDDEN',
      'NOT_FOUND',
      'UNAUTHENTICATED',
    ]);
  });

  it('lets an operator see and stop another party’s endpoint, but not redirect it or read its log', async () => {
    const { endpoint } = (await register('http://127.0.0.1:9/operator-hook')).data!.registerWebhookEndpoint;
    const operator = await asUser(app, 'operator@example.org');
    const UPDATE = `mutation($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { version enabled } }`;
    const seen = await app.gql(
      `query($partyId: ID!) { webhookEndpoints(partyId: $partyId) { id url enabled } }`,
      { partyId: s.ids.zorginstituut },
      operator,
    );
    expect(seen.data!.webhookEndpoints).toContainEqual({ id: endpoint.id, url: endpoint.url, enabled: true });
    const log = await app.gql(ENDPOINTS, { partyId: s.ids.zorginstituut }, operator);
    expect(log.errors?.map((e) => [e.extensions?.code, e.message])).toContainEqual([
      'FORBIDDEN',
      'The delivery log is for the party’s admins.',
    ]);
    const change = async (input: Record<string, unknown>) =>
      app.gql(UPDATE, { input: { id: endpoint.id, version: endpoint.version, ...input } }, operator);
    for (const refused of [
      { url: 'http://127.0.0.1:9/elders' },
      { eventTypes: ['CONFLICT_OPENED'] },
      { enabled: true },
    ])
      expect((await change(refused)).errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    const stopped = await change({ enabled: false });
    expect(stopped.data!.updateWebhookEndpoint).toEqual({ version: endpoint.version + 1, enabled: false });
    // Its admins read why it is off.
    expect((await endpoints()).data!.webhookEndpoints).toContainEqual(
      expect.objectContaining({ id: endpoint.id, enabled: false, disabledReason: 'Disabled by a platform operator.' }),
    );
    const [audit] = await app.dataSource.query(
      `SELECT acting_party_id, owner_party_id FROM audit_event WHERE entity_id = $1 AND action = 'UPDATE'`,
      [fromGlobalId(endpoint.id).id],
    );
    expect(audit).toEqual({ acting_party_id: null, owner_party_id: fromGlobalId(s.ids.zorginstituut).id });
    const deleted = await app.gql(
      `mutation($input: DeleteWebhookEndpointInput!) { deleteWebhookEndpoint(input: $input) { deletedWebhookEndpointId } }`,
      { input: { id: endpoint.id, version: endpoint.version + 1 } },
      operator,
    );
    expect(deleted.data!.deleteWebhookEndpoint.deletedWebhookEndpointId).toBe(endpoint.id);
  });
});

/** A receiver that holds every request until `release()` (then answers 200 at once); paths tell endpoints apart. */
async function holdingReceiver() {
  const held: { path: string; body: string; res: http.ServerResponse }[] = [];
  const answered: { path: string; body: string }[] = [];
  let holding = true;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (holding) held.push({ path: req.url!, body, res });
      else {
        answered.push({ path: req.url!, body });
        res.writeHead(200).end('ok');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (path: string) => `${base}/${path}`,
    held,
    answered,
    release() {
      holding = false;
      for (const { path, body, res } of held.splice(0)) {
        answered.push({ path, body });
        res.writeHead(200).end('ok');
      }
    },
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('the worker', () => {
  let hooks: TestApp;
  let h: ReturnType<typeof synergyScenario>;
  beforeAll(async () => {
    hooks = await createTestApp({
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      WEBHOOK_WORKER_INTERVAL_MS: '50',
      WEBHOOK_TIMEOUT_MS: '20000',
    });
    h = synergyScenario(hooks);
    await h.init();
  });
  afterAll(() => hooks.close());

  const add = async (party: string, email: string, url: string, eventTypes = ['ASSESSMENT_OUTCOME_CHANGED']) => {
    const res = await hooks.gql(
      REGISTER,
      { input: { partyId: h.ids[party], url, eventTypes } },
      await asUser(hooks, email),
    );
    expect(res.errors).toBeUndefined();
    return res.data!.registerWebhookEndpoint.endpoint as { id: string; version: number };
  };
  const change = async (name: string) => {
    const a = await h.assessment('INSURED', await h.intervention(name), true);
    await h.updateAssessment(a.id, a.version, 'NOT_INSURED');
    return a.id;
  };
  const zinAdmin = () => asUser(hooks, 'zin.admin@example.org');
  const updateEndpoint = async (input: Record<string, unknown>) => {
    const res = await hooks.gql(
      `mutation($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { id version } }`,
      { input },
      await zinAdmin(),
    );
    expect(res.errors).toBeUndefined();
    return res.data!.updateWebhookEndpoint as { id: string; version: number };
  };
  const cursorOf = async (endpointId: string) =>
    BigInt(
      (
        await hooks.dataSource.query(`SELECT cursor::text AS cursor FROM webhook_endpoint WHERE id = $1`, [
          fromGlobalId(endpointId).id,
        ])
      )[0].cursor,
    );
  const newestCursor = async () =>
    BigInt((await hooks.dataSource.query(`SELECT max(cursor)::text AS cursor FROM domain_event`))[0].cursor);

  it('keeps a party’s slow receivers to its share of the slots, so other parties’ deliveries go on', async () => {
    const slow = await holdingReceiver();
    const fast = await receiver();
    try {
      for (const n of [1, 2, 3, 4, 5]) await add('fms', 'fms.admin@example.org', slow.url(`fms-${n}`));
      await change('Traag 1');
      await change('Traag 2');
      // Ten deliveries to slow receivers are due before the other party's endpoint even exists.
      await waitFor('the slow receivers busy', () => (slow.held.length >= 4 ? true : undefined));
      await add('zorginstituut', 'zin.admin@example.org', fast.url);
      const subject = await change('Snel');
      await waitFor('the fast delivery', () => fast.received.find((r) => r.body.includes(subject)), 5_000);
      // One at a time per endpoint, and four of the worker's ten slots for one party.
      expect(slow.held).toHaveLength(4);
      expect(new Set(slow.held.map((r) => r.path)).size).toBe(4);
      slow.release();
      await waitFor('every slow delivery', () => (slow.answered.length === 15 ? true : undefined));
    } finally {
      slow.release();
      await slow.close();
      await fast.close();
    }
  });

  it('plans past events of other types, so types added later bring no past events', async () => {
    const hook = await receiver();
    try {
      const endpoint = await add('zorginstituut', 'zin.admin@example.org', hook.url, ['GUIDELINE_EDITION_PUBLISHED']);
      const before = await change('Ander type');
      const passed = await newestCursor();
      await waitFor('the plan past it', async () => ((await cursorOf(endpoint.id)) >= passed ? true : undefined));
      await updateEndpoint({ id: endpoint.id, version: endpoint.version, eventTypes: ['ASSESSMENT_OUTCOME_CHANGED'] });
      const after = await change('Nu wel');
      await waitFor('the new type’s delivery', () => hook.received.find((r) => r.body.includes(after)));
      expect(hook.received.filter((r) => r.body.includes(before))).toEqual([]);
    } finally {
      await hook.close();
    }
  });

  it('enabled again, an endpoint hears what happens from then on, not what happened while it was off', async () => {
    const hook = await receiver();
    try {
      const endpoint = await add('zorginstituut', 'zin.admin@example.org', hook.url);
      const off = await updateEndpoint({ id: endpoint.id, version: endpoint.version, enabled: false });
      const whileOff = await change('Uit');
      await updateEndpoint({ id: endpoint.id, version: off.version, enabled: true });
      const afterwards = await change('Weer aan');
      await waitFor('the delivery after enabling', () => hook.received.find((r) => r.body.includes(afterwards)));
      expect(hook.received.filter((r) => r.body.includes(whileOff))).toEqual([]);
    } finally {
      await hook.close();
    }
  });

  it('refuses a redelivery while that delivery is being sent, and takes it once its attempt is logged', async () => {
    const hook = await holdingReceiver();
    try {
      const endpoint = await add('zorginstituut', 'zin.admin@example.org', hook.url('redeliver'));
      const subject = await change('Onderweg');
      await waitFor('the request in flight', () =>
        hook.held.some((r) => r.body.includes(subject)) ? true : undefined,
      );
      const [{ id }] = await hooks.dataSource.query(
        `SELECT d.id FROM webhook_delivery d JOIN domain_event e ON e.id = d.event_id
          WHERE e.subject_id = $1 AND d.endpoint_id = $2`,
        [fromGlobalId(subject).id, fromGlobalId(endpoint.id).id],
      );
      const redeliver = async () =>
        hooks.gql(
          `mutation($input: RedeliverWebhookInput!) { redeliverWebhook(input: $input) { status } }`,
          { input: { deliveryId: toGlobalId('WebhookDelivery', id) } },
          await zinAdmin(),
        );
      const refused = await redeliver();
      expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['CONFLICT']);
      hook.release();
      await waitFor('the attempt logged', async () => {
        const [row] = await hooks.dataSource.query(`SELECT status FROM webhook_delivery WHERE id = $1`, [id]);
        return row.status === 'SUCCEEDED' ? true : undefined;
      });
      const taken = await redeliver();
      expect(taken.data?.redeliverWebhook).toEqual({ status: 'PENDING' });
      await waitFor('the second request', () =>
        hook.answered.filter((r) => r.body.includes(subject)).length === 2 ? true : undefined,
      );
    } finally {
      hook.release();
      await hook.close();
    }
  });

  it('prunes finished deliveries older than the retention from the log, and keeps the rest', async () => {
    const endpoint = await add('zorginstituut', 'zin.admin@example.org', 'http://127.0.0.1:9/pruned');
    const events: { id: string }[] = await hooks.dataSource.query(
      `SELECT id FROM domain_event WHERE cursor IS NOT NULL ORDER BY cursor LIMIT 4`,
    );
    expect(events).toHaveLength(4);
    const [old, pending, recent, resent] = events.map((e) => e.id);
    const deliveries: { id: string; status: string }[] = await hooks.dataSource.query(
      `INSERT INTO webhook_delivery (endpoint_id, event_id, status, created_at, next_attempt_at, delivered_at)
       VALUES ($1, $2, 'SUCCEEDED', now() - interval '31 days', now() + interval '1 day', now() - interval '31 days'),
              ($1, $3, 'PENDING', now() - interval '31 days', now() + interval '1 day', NULL),
              ($1, $4, 'FAILED', now() - interval '29 days', now() + interval '1 day', NULL),
              ($1, $5, 'SKIPPED', now() - interval '40 days', now() + interval '1 day', now() - interval '1 day')
       RETURNING id, status`,
      [fromGlobalId(endpoint.id).id, old, pending, recent, resent],
    );
    const left = async () =>
      (
        await hooks.dataSource.query(`SELECT status FROM webhook_delivery WHERE id = ANY($1) ORDER BY status`, [
          deliveries.map((d) => d.id),
        ])
      ).map((r: { status: string }) => r.status);
    // The worker prunes every 60 rounds of 50 ms here.
    await waitFor('the pruning', async () => ((await left()).length === 3 ? true : undefined));
    // A delivery counts from when it finished: one sent again yesterday stays, however old it is.
    expect(await left()).toEqual(['FAILED', 'PENDING', 'SKIPPED']);
  });

  it('takes a redelivery of a delivery whose earlier lease ran out (a worker that died mid-send)', async () => {
    const endpoint = await add('zorginstituut', 'zin.admin@example.org', 'http://127.0.0.1:9/died');
    const [event] = await hooks.dataSource.query(`SELECT id FROM domain_event WHERE cursor IS NOT NULL LIMIT 1`);
    // Attempted once more than its log shows, and waiting out a backoff: no worker holds it now.
    const [{ id }] = await hooks.dataSource.query(
      `INSERT INTO webhook_delivery (endpoint_id, event_id, status, attempts, next_attempt_at, leased_until)
       VALUES ($1, $2, 'PENDING', 2, now() + interval '1 hour', now() - interval '1 minute') RETURNING id`,
      [fromGlobalId(endpoint.id).id, event.id],
    );
    const res = await hooks.gql(
      `mutation($input: RedeliverWebhookInput!) { redeliverWebhook(input: $input) { status } }`,
      { input: { deliveryId: toGlobalId('WebhookDelivery', id) } },
      await zinAdmin(),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.redeliverWebhook).toEqual({ status: 'PENDING' });
  });

  it('deletes an endpoint with its log, for the party’s admins, at the version read', async () => {
    const endpoint = await add('zorginstituut', 'zin.admin@example.org', 'http://127.0.0.1:9/deleted');
    const remove = async (email: string | null, version: number) =>
      hooks.gql(
        `mutation($input: DeleteWebhookEndpointInput!) { deleteWebhookEndpoint(input: $input) { deletedWebhookEndpointId } }`,
        { input: { id: endpoint.id, version } },
        await asUser(hooks, email),
      );
    const codes = async (email: string | null, version: number) =>
      (await remove(email, version)).errors?.map((e) => e.extensions?.code);
    expect(await codes(null, endpoint.version)).toEqual(['UNAUTHENTICATED']);
    expect(await codes('fms.admin@example.org', endpoint.version)).toEqual(['NOT_FOUND']);
    expect(await codes('zin.admin@example.org', endpoint.version + 1)).toEqual(['CONFLICT']);
    const deleted = await remove('zin.admin@example.org', endpoint.version);
    expect(deleted.data).toEqual({ deleteWebhookEndpoint: { deletedWebhookEndpointId: endpoint.id } });
    const left = await hooks.dataSource.query(`SELECT id FROM webhook_endpoint WHERE id = $1`, [
      fromGlobalId(endpoint.id).id,
    ]);
    expect(left).toEqual([]);
    const audit = await hooks.dataSource.query(
      `SELECT action FROM audit_event WHERE entity_type = 'WebhookEndpoint' AND entity_id = $1 ORDER BY occurred_at`,
      [fromGlobalId(endpoint.id).id],
    );
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['CREATE', 'DELETE']);
    expect(await codes('zin.admin@example.org', endpoint.version)).toEqual(['NOT_FOUND']);
  });
});

describe('a worker with the default interval', () => {
  let slow: TestApp;
  beforeAll(async () => {
    slow = await createTestApp({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_WORKER_INTERVAL_MS: '1000' });
  });
  afterAll(() => slow.close());

  /**
   * A receiver answering `status` at once, recording when each request came, and an endpoint of the
   * Zorginstituut's with `count` deliveries due at once (a receiver back from an outage), of events any
   * party may read.
   */
  async function backlog(status: number, count: number) {
    const times: number[] = [];
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        times.push(Date.now());
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const [zin] = await slow.dataSource.query(`SELECT id FROM party WHERE key = 'zorginstituut'`);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/backlog`;
    const res = await slow.gql(
      REGISTER,
      { input: { partyId: toGlobalId('Party', zin.id), url, eventTypes: ['ASSESSMENT_OUTCOME_CHANGED'] } },
      await asUser(slow, 'zin.admin@example.org'),
    );
    expect(res.errors).toBeUndefined();
    const endpointId = fromGlobalId(res.data!.registerWebhookEndpoint.endpoint.id).id;
    const [deliverable] = await slow.dataSource.query(`SELECT id FROM deliverable ORDER BY id LIMIT 1`);
    const [{ cursor }] = await slow.dataSource.query(
      `SELECT coalesce(max(cursor), 0)::text AS cursor FROM domain_event`,
    );
    await slow.dataSource.transaction((m) =>
      emitEvents(
        m,
        Array.from({ length: count }, (_, n) => ({
          type: EventType.DELIVERABLE_STATUS_CHANGED,
          subjectType: 'Deliverable',
          subjectId: deliverable.id,
          details: { n },
        })),
      ),
    );
    await slow.dataSource.query(
      `INSERT INTO webhook_delivery (endpoint_id, event_id)
       SELECT $1, id FROM domain_event WHERE cursor > $2 AND type = 'DELIVERABLE_STATUS_CHANGED'`,
      [endpointId, cursor],
    );
    return {
      times,
      endpointId,
      close: () => {
        server.closeAllConnections();
        return new Promise((resolve) => server.close(resolve));
      },
    };
  }

  it('sends an endpoint’s backlog one after another as fast as its receiver answers, not one a round', async () => {
    const { times, close } = await backlog(200, 8);
    try {
      await waitFor('eight deliveries', () => (times.length >= 8 ? true : undefined), 15_000);
      expect(times[7]! - times[0]!).toBeLessThan(1_000);
    } finally {
      await close();
    }
  });

  it('after a failed attempt waits for that delivery’s retry: a receiver that is down is not run through its backlog', async () => {
    const { times, endpointId, close } = await backlog(503, 30);
    try {
      await waitFor('a first attempt', () => (times.length > 0 ? true : undefined), 5_000);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      // Its retry is 30 s away (the default backoff); the other 29 wait behind it.
      expect(times).toHaveLength(1);
      const [endpoint] = await slow.dataSource.query(`SELECT enabled FROM webhook_endpoint WHERE id = $1`, [
        endpointId,
      ]);
      expect(endpoint.enabled).toBe(true);
    } finally {
      await close();
    }
  });
});

describe('an endpoint whose receiver is down', () => {
  let down: TestApp;
  beforeAll(async () => {
    down = await createTestApp({
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      WEBHOOK_WORKER_INTERVAL_MS: '50',
      WEBHOOK_BACKOFF_BASE_MS: '1500',
      WEBHOOK_TIMEOUT_MS: '1000',
    });
  });
  afterAll(() => down.close());

  /** A Zorginstituut endpoint for DELIVERABLE_STATUS_CHANGED; its raw id. */
  async function endpointFor(url: string) {
    const [zin] = await down.dataSource.query(`SELECT id FROM party WHERE key = 'zorginstituut'`);
    const res = await down.gql(
      REGISTER,
      { input: { partyId: toGlobalId('Party', zin.id), url, eventTypes: ['DELIVERABLE_STATUS_CHANGED'] } },
      await asUser(down, 'zin.admin@example.org'),
    );
    expect(res.errors).toBeUndefined();
    return fromGlobalId(res.data!.registerWebhookEndpoint.endpoint.id).id;
  }
  /** `count` events any party may read, marked with `marker`; their ids. */
  async function emit(marker: string, count: number): Promise<string[]> {
    const [deliverable] = await down.dataSource.query(`SELECT id FROM deliverable ORDER BY id LIMIT 1`);
    await down.dataSource.transaction((m) =>
      emitEvents(
        m,
        Array.from({ length: count }, (_, n) => ({
          type: EventType.DELIVERABLE_STATUS_CHANGED,
          subjectType: 'Deliverable',
          subjectId: deliverable.id,
          details: { marker, n },
        })),
      ),
    );
    const rows: { id: string }[] = await down.dataSource.query(
      `SELECT id FROM domain_event WHERE payload ->> 'marker' = $1`,
      [marker],
    );
    return rows.map((r) => r.id);
  }
  const succeeded = async (endpointId: string) =>
    Number(
      (
        await down.dataSource.query(
          `SELECT count(*) AS n FROM webhook_delivery WHERE endpoint_id = $1 AND status = 'SUCCEEDED'`,
          [endpointId],
        )
      )[0].n,
    );

  it('sends one probe per backoff step, not its backlog, and the backlog once the probe gets through', async () => {
    let answer = 503;
    const times: number[] = [];
    const hook = await receiver(() => {
      times.push(Date.now());
      return answer;
    });
    try {
      const endpointId = await endpointFor(hook.url);
      await emit('uitval', 20);
      await waitFor('the first request', () => (hook.received.length > 0 ? true : undefined));
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      // Its next attempt is 1.5 s after the failure; the other 19 deliveries wait for it.
      expect(hook.received).toHaveLength(1);
      answer = 200;
      await waitFor('the backlog delivered', async () => ((await succeeded(endpointId)) === 20 ? true : undefined));
      const ids = hook.received.map((r) => r.headers['webhook-id']);
      expect(ids).toHaveLength(21);
      // The probe goes first again, then each of the others once.
      expect(ids[1]).toBe(ids[0]);
      expect(new Set(ids.slice(1)).size).toBe(20);
      expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(1_400);
    } finally {
      await hook.close();
    }
  });

  it('sends the backlog in event order once the probe gets through, the oldest event first', async () => {
    let answer = 503;
    const hook = await receiver(() => answer);
    try {
      const endpointId = await endpointFor(hook.url);
      // One transaction: every delivery of the backlog is planned in the same round, queued at the same moment.
      await emit('volgorde', 20);
      await waitFor('the probe', () => (hook.received.length > 0 ? true : undefined));
      answer = 200;
      await waitFor('the backlog delivered', async () => ((await succeeded(endpointId)) === 20 ? true : undefined));
      const cursors = hook.received.map((r) => BigInt(JSON.parse(r.body).data.cursor as string));
      const inEventOrder = [...new Set(cursors)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      // The probe failed and was sent again, then each other event once, in the order they happened.
      expect(cursors).toEqual([inEventOrder[0], ...inEventOrder]);
    } finally {
      await hook.close();
    }
  });

  it('leaves the endpoint’s row alone when a delivery succeeds with no failures to reset', async () => {
    const hook = await receiver();
    try {
      // Events from before the endpoint: planning has nothing to write to its row either.
      const events = await emit('stil', 6);
      const endpointId = await endpointFor(hook.url);
      const row = async () =>
        (
          await down.dataSource.query(
            `SELECT xmin::text AS version, consecutive_failures FROM webhook_endpoint WHERE id = $1`,
            [endpointId],
          )
        )[0];
      const queue = (eventIds: string[]) =>
        down.dataSource.query(`INSERT INTO webhook_delivery (endpoint_id, event_id) SELECT $1, unnest($2::uuid[])`, [
          endpointId,
          eventIds,
        ]);
      const before = await row();
      await queue(events.slice(0, 5));
      await waitFor('five deliveries', async () => ((await succeeded(endpointId)) === 5 ? true : undefined));
      // Not written at all (xmin is the transaction that last wrote the row).
      expect(await row()).toEqual(before);

      // With failures to reset, a success still resets them.
      await down.dataSource.query(`UPDATE webhook_endpoint SET consecutive_failures = 2 WHERE id = $1`, [endpointId]);
      await queue(events.slice(5));
      await waitFor('the sixth delivery', async () => ((await succeeded(endpointId)) === 6 ? true : undefined));
      expect((await row()).consecutive_failures).toBe(0);
    } finally {
      await hook.close();
    }
  });
});

describe('stopping while a delivery is in flight', () => {
  it('refuses new connections at once, and finishes the delivery before it stops', async () => {
    const own = await createTestApp({
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      WEBHOOK_WORKER_INTERVAL_MS: '50',
      WEBHOOK_TIMEOUT_MS: '10000',
    });
    // A receiver that holds its answer until the test lets it go.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let arrived = false;
    let answered = false;
    const server = http.createServer((req, res) => {
      req.resume();
      arrived = true;
      void held.then(() => {
        answered = true;
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const [zin] = await own.dataSource.query(`SELECT id FROM party WHERE key = 'zorginstituut'`);
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/held`;
      const res = await own.gql(
        REGISTER,
        { input: { partyId: toGlobalId('Party', zin.id), url, eventTypes: ['DELIVERABLE_STATUS_CHANGED'] } },
        await asUser(own, 'zin.admin@example.org'),
      );
      expect(res.errors).toBeUndefined();
      const [deliverable] = await own.dataSource.query(`SELECT id FROM deliverable ORDER BY id LIMIT 1`);
      await own.dataSource.transaction((m) =>
        emitEvents(m, [
          { type: EventType.DELIVERABLE_STATUS_CHANGED, subjectType: 'Deliverable', subjectId: deliverable.id },
        ]),
      );
      await waitFor('the delivery to arrive', () => (arrived ? true : undefined));
      const stopped = own.close();
      // The worker waits for the held delivery; the instance must not take new requests meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await expect(fetch(`${own.baseUrl}/healthz`)).rejects.toThrow();
      expect(answered).toBe(false);
      release();
      await stopped;
      expect(answered).toBe(true);
    } finally {
      release();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('the SSRF guard', () => {
  let strict: TestApp;
  beforeAll(async () => {
    strict = await createTestApp();
  });
  afterAll(() => strict.close());

  it.each([
    ['plain http', 'http://example.org/hook', /https/],
    [
      'a loopback literal',
      'https://127.0.0.1/hook',
      /127\.0\.0\.1 resolves to a private, loopback or link-local address/,
    ],
    ['the cloud metadata address', 'https://169.254.169.254/latest', /169\.254\.169\.254/],
    ['a private network', 'https://10.1.2.3/hook', /10\.1\.2\.3/],
    ['credentials in the URL', 'https://user:pw@example.org/hook', /credentials/],
    ['an IPv4-translated loopback (SIIT)', 'https://[::ffff:0:7f00:1]/hook', /::ffff:0:7f00:1 resolves to a private/],
  ])('refuses %s with BAD_USER_INPUT on input.url', async (_what, url, message) => {
    const [party] = await strict.dataSource.query(`SELECT id FROM party WHERE key = 'zorginstituut'`);
    const res = await strict.gql(
      REGISTER,
      { input: { partyId: Buffer.from(`Party:${party.id}`).toString('base64'), url } },
      await asUser(strict, 'zin.admin@example.org'),
    );
    expect(res.errors?.map((e) => [e.extensions?.code, e.extensions?.field])).toEqual([
      ['BAD_USER_INPUT', 'input.url'],
    ]);
    expect(res.errors![0]!.message).toMatch(message);
  });

  /** Registers `url` for Zorginstituut as its admin; the errors as [code, field, message]. */
  const register = async (url: string) => {
    const [party] = await strict.dataSource.query(`SELECT id FROM party WHERE key = 'zorginstituut'`);
    const res = await strict.gql(
      REGISTER,
      { input: { partyId: toGlobalId('Party', party.id), url } },
      await asUser(strict, 'zin.admin@example.org'),
    );
    return res.errors?.map((e) => [e.extensions?.code, e.extensions?.field, e.message]);
  };

  it('refuses a name whose DNS answer is loopback, though it has a public address too', async () => {
    // The name servers' answer, as a resolver would give it (this machine has no DNS of its own to ask).
    const v4 = jest.spyOn(dns.Resolver.prototype, 'resolve4').mockResolvedValue(['93.184.216.34', '127.0.0.1']);
    const v6 = jest
      .spyOn(dns.Resolver.prototype, 'resolve6')
      .mockRejectedValue(Object.assign(new Error('no AAAA'), { code: 'ENODATA' }));
    try {
      expect(await register('https://binnen.example.org/hook')).toEqual([
        [
          'BAD_USER_INPUT',
          'input.url',
          'The host binnen.example.org resolves to a private, loopback or link-local address.',
        ],
      ]);
      expect(v4).toHaveBeenCalledWith('binnen.example.org');
    } finally {
      v4.mockRestore();
      v6.mockRestore();
    }
  });

  it('uses the IPv4 answer when the IPv6 query is never answered', async () => {
    const v4 = jest.spyOn(dns.Resolver.prototype, 'resolve4').mockResolvedValue(['10.0.0.5']);
    const v6 = jest
      .spyOn(dns.Resolver.prototype, 'resolve6')
      .mockImplementation(() => new Promise<never>(() => undefined));
    try {
      expect(await register('https://half.example.org/hook')).toEqual([
        [
          'BAD_USER_INPUT',
          'input.url',
          'The host half.example.org resolves to a private, loopback or link-local address.',
        ],
      ]);
    } finally {
      v4.mockRestore();
      v6.mockRestore();
    }
  });

  it('refuses a name that does not resolve', async () => {
    const missing = Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    const v4 = jest.spyOn(dns.Resolver.prototype, 'resolve4').mockRejectedValue(missing);
    const v6 = jest.spyOn(dns.Resolver.prototype, 'resolve6').mockRejectedValue(missing);
    try {
      expect(await register('https://nergens.example.org/hook')).toEqual([
        ['BAD_USER_INPUT', 'input.url', 'The host nergens.example.org could not be resolved.'],
      ]);
    } finally {
      v4.mockRestore();
      v6.mockRestore();
    }
  });

  it('gives up on a name server that does not answer, with BAD_USER_INPUT', async () => {
    const [party] = await strict.dataSource.query(`SELECT id FROM party WHERE key = 'zorginstituut'`);
    const never = () => new Promise<never>(() => undefined);
    const hanging = jest.spyOn(dns.Resolver.prototype, 'resolve4').mockImplementation(never);
    const hanging6 = jest.spyOn(dns.Resolver.prototype, 'resolve6').mockImplementation(never);
    try {
      const started = Date.now();
      const res = await strict.gql(
        REGISTER,
        { input: { partyId: toGlobalId('Party', party.id), url: 'https://traag.example.org/hook' } },
        await asUser(strict, 'zin.admin@example.org'),
      );
      expect(res.errors?.map((e) => [e.extensions?.code, e.extensions?.field, e.message])).toEqual([
        [
          'BAD_USER_INPUT',
          'input.url',
          `The host traag.example.org could not be resolved within ${DNS_TIMEOUT_MS / 1000} s.`,
        ],
      ]);
      expect(hanging).toHaveBeenCalledWith('traag.example.org');
      expect(Date.now() - started).toBeLessThan(DNS_TIMEOUT_MS + 3_000);
    } finally {
      hanging.mockRestore();
      hanging6.mockRestore();
    }
  });

  it('asks who may change an endpoint before it looks up a new URL', async () => {
    const endpointId = toGlobalId('WebhookEndpoint', '6f1c2a7e-3b1d-4c55-9a0e-2d4b8f1e9c01');
    const update = async (email: string | null) =>
      (
        await strict.gql(
          `mutation($input: UpdateWebhookEndpointInput!) { updateWebhookEndpoint(input: $input) { id } }`,
          { input: { id: endpointId, version: 1, url: 'https://localhost/hook' } },
          await asUser(strict, email),
        )
      ).errors?.map((e) => [e.extensions?.code, e.message]);
    expect(await update(null)).toEqual([['UNAUTHENTICATED', 'Sign in to manage webhooks.']]);
    expect(await update('fms.admin@example.org')).toEqual([
      ['NOT_FOUND', 'No webhook endpoint of a party you administer with this id.'],
    ]);
  });

  it.each([
    ['127.0.0.1', true],
    ['10.0.0.8', true],
    ['172.20.1.1', true],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['::1', true],
    ['fe80::1', true],
    ['fd00::1', true],
    ['::ffff:127.0.0.1', true],
    ['::7f00:1', true],
    ['2002:7f00:1::1', true],
    ['2001:0:4136:e378::1', true],
    ['fec0::1', true],
    ['64:ff9b::a00:1', true],
    ['64:ff9b:1::a00:1', true],
    ['::ffff:0:7f00:1', true],
    ['::ffff:0:a9fe:a9fe', true],
    ['93.184.216.34', false],
    ['2606:4700::1111', false],
  ])('%s private: %s', (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });
});

describe('the webhook migrations', () => {
  let plain: TestApp;
  beforeAll(async () => {
    plain = await createTestApp();
  });
  afterAll(() => plain.close());

  it('keep a secret rotated out that still signs, and drop one whose day is over', async () => {
    const runner = plain.dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      const migration = new WebhookSecretsPerRotation1800002500000();
      await migration.down(runner);
      const [zin] = await runner.query(`SELECT id FROM party WHERE key = 'zorginstituut'`);
      const [signing, over] = await runner.query(
        `INSERT INTO webhook_endpoint (party_id, url, secret, previous_secret, previous_secret_until)
         VALUES ($1, 'https://example.org/a', 'whsec_nu', 'whsec_vorig', now() + interval '1 hour'),
                ($1, 'https://example.org/b', 'whsec_nu', 'whsec_oud', now() - interval '1 hour')
         RETURNING id`,
        [zin.id],
      );
      await migration.up(runner);
      const rows = await runner.query(
        `SELECT id, previous_secrets -> 0 ->> 'secret' AS secret,
                (previous_secrets -> 0 ->> 'until')::timestamptz > now() AS signs,
                jsonb_array_length(previous_secrets) AS count
           FROM webhook_endpoint WHERE id = ANY($1) ORDER BY url`,
        [[signing.id, over.id]],
      );
      expect(rows).toEqual([
        { id: signing.id, secret: 'whsec_vorig', signs: true, count: 1 },
        { id: over.id, secret: null, signs: null, count: 0 },
      ]);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  it('hide the URLs the audit trail recorded before, and leave the rest of those entries as they were', async () => {
    const runner = plain.dataSource.createQueryRunner();
    await runner.startTransaction();
    try {
      const [zin] = await runner.query(`SELECT id FROM party WHERE key = 'zorginstituut'`);
      const [created, updated, other] = await runner.query(
        `INSERT INTO audit_event (owner_party_id, entity_type, entity_id, action, changes)
         VALUES ($1, 'WebhookEndpoint', gen_random_uuid(), 'CREATE',
                 '[{"field": "url", "before": null, "after": "https://example.org/h?token=geheim"},
                   {"field": "enabled", "before": null, "after": true}]'),
                ($1, 'WebhookEndpoint', gen_random_uuid(), 'UPDATE',
                 '[{"field": "eventTypes", "before": [], "after": ["CONFLICT_OPENED"]},
                   {"field": "url", "before": "https://example.org/h?token=geheim", "after": "https://example.org/i"}]'),
                ($1, 'Intervention', gen_random_uuid(), 'UPDATE',
                 '[{"field": "url", "before": "https://example.org/x", "after": "https://example.org/y"}]')
         RETURNING id`,
        [zin.id],
      );
      await new WebhookUrlsHiddenInTheAuditTrail1800002500001().up(runner);
      const changes = async (id: string) =>
        (await runner.query(`SELECT changes FROM audit_event WHERE id = $1`, [id]))[0].changes;
      expect(await changes(created.id)).toEqual([
        { field: 'url', before: null, after: '(hidden)' },
        { field: 'enabled', before: null, after: true },
      ]);
      expect(await changes(updated.id)).toEqual([
        { field: 'eventTypes', before: [], after: ['CONFLICT_OPENED'] },
        { field: 'url', before: '(hidden)', after: '(hidden)' },
      ]);
      expect(await changes(other.id)).toEqual([
        { field: 'url', before: 'https://example.org/x', after: 'https://example.org/y' },
      ]);
      // The trail is append-only again afterwards.
      await expect(runner.query(`UPDATE audit_event SET action = 'X' WHERE id = $1`, [created.id])).rejects.toThrow();
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});

describe('the delivery log', () => {
  it('walked two at a time gives every delivery once and ends, deliveries queued within the same milliseconds', async () => {
    const [{ id: deliverableId }] = await app.dataSource.query(`SELECT id FROM deliverable ORDER BY id LIMIT 1`);
    // A stopped endpoint of the federation, so the worker leaves it alone.
    const [endpoint] = await app.dataSource.query(
      `INSERT INTO webhook_endpoint (party_id, url, secret, enabled) VALUES ($1, 'https://hooks.example.org/log', 'whsec_dGVzdA==', false)
       RETURNING id`,
      [fromGlobalId(s.ids.fms).id],
    );
    // Seven deliveries 300 µs apart, as now() gives them (microseconds), several in each millisecond.
    await app.dataSource.query(
      `WITH e AS (INSERT INTO domain_event (type, subject_type, subject_id, payload)
                  SELECT 'DELIVERABLE_STATUS_CHANGED', 'Deliverable', $2, jsonb_build_object('n', i)
                    FROM generate_series(1, 7) AS i RETURNING id, (payload->>'n')::int AS n)
       INSERT INTO webhook_delivery (endpoint_id, event_id, status, created_at)
       SELECT $1, e.id, 'DELIVERED', '2031-03-04 05:06:07.000001+00'::timestamptz + e.n * interval '300 microseconds'
         FROM e`,
      [endpoint.id, deliverableId],
    );
    const LOG = `query($partyId: ID!, $first: Int, $after: String) {
      webhookEndpoints(partyId: $partyId) { id deliveries(first: $first, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }
    }`;
    const headers = await asUser(app, 'fms.admin@example.org');
    const log = async (first: number, after: string | null) => {
      const res = await app.gql(LOG, { partyId: s.ids.fms, first, after }, headers);
      expect(res.errors).toBeUndefined();
      return res.data!.webhookEndpoints.find((e: { id: string }) => fromGlobalId(e.id).id === endpoint.id).deliveries;
    };
    const expected = (await log(100, null)).nodes.map((n: { id: string }) => n.id);
    expect(expected).toHaveLength(7);
    const walked: string[] = [];
    let after: string | null = null;
    // At most one page more than the log needs: a walk that repeats deliveries never ends on its own.
    for (let page = 0; page < 5; page++) {
      const deliveries = await log(2, after);
      walked.push(...deliveries.nodes.map((n: { id: string }) => n.id));
      after = deliveries.pageInfo.hasNextPage ? deliveries.pageInfo.endCursor : null;
      if (!after) break;
    }
    expect(after).toBeNull();
    expect(walked).toEqual(expected);
  });
});
