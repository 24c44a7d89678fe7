import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { FieldChange } from '../../../../entities/audit-event.entity';
import { Capability } from '../../../../entities/capability.enum';
import { WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint } from '../../../../entities/webhook.entity';
import { decodeIdOf } from '../../../../schema/global-id';
import type {
  DeleteWebhookEndpointInput,
  RedeliverWebhookInput,
  RegisterWebhookEndpointInput,
  RotateWebhookSecretInput,
  UpdateWebhookEndpointInput,
  WebhookDeliveryFilter,
} from '../../../../schema/inputs/webhook.input';
import type { WebhookAccess } from '../../../auth/events.access';
import type { Policy } from '../../../auth/policy';
import type { Config } from '../../../config';
import { BadUserInputError, ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError } from '../../../errors';
import { paginate, type PageArgs } from '../../../shared/pagination';
import { lockForChange, saveNewVersion } from '../../../shared/versioning';
import { changesBetween, type AuditService } from '../../identity/audit.service';
import { latestCursor } from '../event-store';
import { checkUrl, RefusedTargetError, resolveTarget } from './outbound';
import { stillSigning } from './webhook-worker';

/** No party's id: asking for it is refused as for a party one does not administer. */
const NO_PARTY = '00000000-0000-0000-0000-000000000000';

/** Endpoints one party may have. */
export const MAX_ENDPOINTS_PER_PARTY = 20;
/** How long a rotated secret keeps signing beside the new one. */
const ROTATION_OVERLAP_MS = 24 * 3_600_000;
/**
 * Secrets that may sign at once, the current one included: each is one more signature on every request, so
 * rotations within a day are bounded rather than growing the header without end.
 */
const MAX_SIGNING_SECRETS = 5;
const AUDITED: (keyof WebhookEndpoint & string)[] = ['url', 'eventTypes', 'enabled', 'partyId'];

/**
 * The audited changes of an endpoint. Its URL is recorded as changed but not shown, as the secret: it may
 * carry a token in its query, and the audit trail is read by the party's members who may not see endpoints.
 */
function auditedChanges(before: WebhookEndpoint | null, after: WebhookEndpoint | null): FieldChange[] {
  const hidden = (value: unknown) => (value === null ? null : '(hidden)');
  return changesBetween(before, after, AUDITED).map((change) =>
    change.field === 'url' ? { field: 'url', before: hidden(change.before), after: hidden(change.after) } : change,
  );
}

function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** Webhook endpoints of a party, managed by its admins (MANAGE_WEBHOOKS); the delivery log and redelivery. */
export class WebhookService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: Config,
    private readonly policy: Policy,
    private readonly audit: AuditService,
    private readonly access: WebhookAccess,
  ) {}

  /** Another party's endpoints are NOT_FOUND, like missing ones: their existence is the party's business. */
  private async assertManages(partyId: string): Promise<string | null> {
    if (!this.policy.viewer.isAuthenticated) throw new UnauthenticatedError('Sign in to manage webhooks.');
    const { allowed, actingPartyId } = await this.access.manages(partyId);
    if (allowed) return actingPartyId;
    // An operator sees the endpoint (WebhookAccess.stops): told what they may do with it instead.
    if (partyId !== NO_PARTY && (await this.access.stops(partyId)).allowed)
      throw new ForbiddenError('Operators may only disable or delete another party’s webhook endpoint.');
    throw new NotFoundError('No webhook endpoint of a party you administer with this id.');
  }

  /** Seeing and stopping (disabling, deleting) an endpoint: its party's admins and operators (WebhookAccess.stops). */
  private async assertStops(partyId: string): Promise<string | null> {
    if (!this.policy.viewer.isAuthenticated) throw new UnauthenticatedError('Sign in to manage webhooks.');
    const { allowed, actingPartyId } = await this.access.stops(partyId);
    if (!allowed) throw new NotFoundError('No webhook endpoint of a party you administer with this id.');
    return actingPartyId;
  }

  private async checkTarget(url: string, field: string): Promise<string> {
    const policy = { allowPrivateTargets: this.config.events.webhooks.allowPrivateTargets };
    try {
      const parsed = checkUrl(url.trim(), policy);
      await resolveTarget(parsed, policy);
      return parsed.toString();
    } catch (error) {
      if (error instanceof RefusedTargetError) throw new BadUserInputError(error.message, field);
      throw error;
    }
  }

  async list(partyGlobalId: string): Promise<WebhookEndpoint[]> {
    const partyId = decodeIdOf('Party', partyGlobalId, 'partyId');
    await this.assertStops(partyId);
    return this.dataSource.getRepository(WebhookEndpoint).find({ where: { partyId }, order: { createdAt: 'ASC' } });
  }

  async register(input: RegisterWebhookEndpointInput): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    const partyId = decodeIdOf('Party', input.partyId, 'input.partyId');
    if (!this.policy.viewer.isAuthenticated) throw new UnauthenticatedError('Sign in to manage webhooks.');
    const actingPartyId = await this.policy.assert(
      Capability.MANAGE_WEBHOOKS,
      partyId,
      'register webhooks for this party',
    );
    const url = await this.checkTarget(input.url, 'input.url');
    const secret = newSecret();
    return this.dataSource.transaction(async (manager) => {
      // Serializes registrations of one party, so the cap holds under concurrent requests.
      await manager.query('SELECT 1 FROM party WHERE id = $1 FOR UPDATE', [partyId]);
      const count = await manager.countBy(WebhookEndpoint, { partyId });
      if (count >= MAX_ENDPOINTS_PER_PARTY)
        throw new BadUserInputError(
          `A party has at most ${MAX_ENDPOINTS_PER_PARTY} webhook endpoints.`,
          'input.partyId',
        );
      const endpoint = await manager.save(
        WebhookEndpoint,
        manager.create(WebhookEndpoint, {
          partyId,
          url,
          eventTypes: input.eventTypes ?? [],
          secret,
          // A new endpoint hears what happens from now on.
          cursor: await latestCursor(manager),
          createdById: this.audit.actorId,
        }),
      );
      await this.audit.record(manager, {
        entityType: 'WebhookEndpoint',
        entityId: endpoint.id,
        action: 'CREATE',
        ownerPartyId: partyId,
        actingPartyId,
        changes: auditedChanges(null, endpoint),
      });
      return { endpoint, secret };
    });
  }

  async update(input: UpdateWebhookEndpointInput): Promise<WebhookEndpoint> {
    const id = decodeIdOf('WebhookEndpoint', input.id, 'input.id');
    let url: string | undefined;
    if (input.url !== undefined && input.url !== null) {
      // Who may change it is asked before the URL is looked up: the lookup's answer tells about the network.
      const found = await this.dataSource.getRepository(WebhookEndpoint).findOneBy({ id });
      // A missing endpoint is refused as one of another party (NOT_FOUND), by the same check.
      await this.assertManages(found?.partyId ?? NO_PARTY);
      url = await this.checkTarget(input.url, 'input.url');
    }
    // Only disabling is stopping; anything else is the party's admins' to change.
    const onlyDisables = url === undefined && !input.eventTypes && input.enabled === false;
    return this.dataSource.transaction(async (manager) => {
      const { current, authorized: actingPartyId } = await lockForChange(
        manager,
        WebhookEndpoint,
        id,
        input.version,
        'webhook endpoint',
        (endpoint) => (onlyDisables ? this.assertStops(endpoint.partyId) : this.assertManages(endpoint.partyId)),
      );
      const changes: Partial<WebhookEndpoint> = {};
      // Stopped by someone who does not manage it (an operator): its admins read why, as after failures.
      if (onlyDisables && current.enabled && !(await this.access.manages(current.partyId)).allowed)
        Object.assign(changes, { disabledAt: new Date(), disabledReason: 'Disabled by a platform operator.' });
      if (url) changes.url = url;
      if (input.eventTypes) changes.eventTypes = input.eventTypes;
      if (input.enabled !== undefined && input.enabled !== null) {
        changes.enabled = input.enabled;
        if (input.enabled) Object.assign(changes, { consecutiveFailures: 0, disabledAt: null, disabledReason: null });
        // Enabled again, it hears what happens from now on, as a new endpoint does; what happened while it
        // was off is not planned (deliveries planned before stay in the log, and can be sent again, until
        // their events leave the outbox: EVENT_RETENTION_DAYS).
        if (input.enabled && !current.enabled) changes.cursor = await latestCursor(manager);
      }
      const saved = await saveNewVersion(manager, WebhookEndpoint, current, changes);
      await this.audit.record(manager, {
        entityType: 'WebhookEndpoint',
        entityId: id,
        action: 'UPDATE',
        ownerPartyId: current.partyId,
        actingPartyId,
        changes: auditedChanges(current, saved),
      });
      return saved;
    });
  }

  /**
   * A new secret, shown once; the old one keeps signing beside it for a day so receivers can switch, as do
   * secrets rotated out earlier that day (a secret lost before it was stored can be rotated again at once).
   */
  async rotateSecret(input: RotateWebhookSecretInput): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    const id = decodeIdOf('WebhookEndpoint', input.id, 'input.id');
    const secret = newSecret();
    return this.dataSource.transaction(async (manager) => {
      const { current, authorized: actingPartyId } = await lockForChange(
        manager,
        WebhookEndpoint,
        id,
        input.version,
        'webhook endpoint',
        (endpoint) => this.assertManages(endpoint.partyId),
      );
      const now = new Date();
      const signing = stillSigning(current, now);
      // The new secret, the current one and those still signing.
      if (signing.length + 2 > MAX_SIGNING_SECRETS) {
        const oldestEnds = new Date(Math.min(...signing.map((p) => Date.parse(p.until))));
        throw new ConflictError(
          `At most ${MAX_SIGNING_SECRETS} secrets sign an endpoint’s webhooks at once (the current one and those rotated out in the last 24 hours); rotate again after ${oldestEnds.toISOString()}, when the oldest stops signing.`,
        );
      }
      const endpoint = await saveNewVersion(manager, WebhookEndpoint, current, {
        secret,
        previousSecrets: [
          { secret: current.secret, until: new Date(now.getTime() + ROTATION_OVERLAP_MS).toISOString() },
          ...signing,
        ],
      });
      await this.audit.record(manager, {
        entityType: 'WebhookEndpoint',
        entityId: id,
        action: 'ROTATE_SECRET',
        ownerPartyId: current.partyId,
        actingPartyId,
        changes: [{ field: 'secret', before: '(hidden)', after: '(hidden)' }],
      });
      return { endpoint, secret };
    });
  }

  /** Deletes an endpoint with its delivery log; nothing more is sent to it (its admins, or an operator). */
  async remove(input: DeleteWebhookEndpointInput): Promise<string> {
    const id = decodeIdOf('WebhookEndpoint', input.id, 'input.id');
    return this.dataSource.transaction(async (manager) => {
      const { current, authorized: actingPartyId } = await lockForChange(
        manager,
        WebhookEndpoint,
        id,
        input.version,
        'webhook endpoint',
        (endpoint) => this.assertStops(endpoint.partyId),
        'UPDATE',
      );
      await manager.delete(WebhookEndpoint, { id });
      await this.audit.record(manager, {
        entityType: 'WebhookEndpoint',
        entityId: id,
        action: 'DELETE',
        ownerPartyId: current.partyId,
        actingPartyId,
        changes: auditedChanges(current, null),
      });
      return id;
    });
  }

  async redeliver(input: RedeliverWebhookInput): Promise<WebhookDelivery> {
    const id = decodeIdOf('WebhookDelivery', input.deliveryId, 'input.deliveryId');
    return this.dataSource.transaction(async (manager) => {
      const delivery = await manager.findOne(WebhookDelivery, { where: { id }, lock: { mode: 'pessimistic_write' } });
      const endpoint = delivery && (await manager.findOneBy(WebhookEndpoint, { id: delivery.endpointId }));
      if (!delivery || !endpoint) throw new NotFoundError('No webhook delivery with this id.');
      const actingPartyId = await this.assertManages(endpoint.partyId);
      // Leased: a worker is sending it now, and its outcome would overwrite the request.
      if (delivery.leasedUntil && delivery.leasedUntil > new Date())
        throw new ConflictError('This delivery is being sent right now; ask again once its attempt is in the log.');
      await manager.update(
        WebhookDelivery,
        { id },
        { status: WebhookDeliveryStatus.PENDING, nextAttemptAt: new Date() },
      );
      await this.audit.record(manager, {
        entityType: 'WebhookDelivery',
        entityId: id,
        action: 'REDELIVER',
        ownerPartyId: endpoint.partyId,
        actingPartyId,
        changes: [{ field: 'status', before: delivery.status, after: 'PENDING' }],
      });
      return manager.findOneByOrFail(WebhookDelivery, { id });
    });
  }

  /** The delivery log of an endpoint the viewer reached; its party's admins only (an operator sees the endpoint). */
  async deliveries(endpoint: WebhookEndpoint, filter: WebhookDeliveryFilter | null, page: PageArgs) {
    if (!(await this.access.manages(endpoint.partyId)).allowed)
      throw new ForbiddenError('The delivery log is for the party’s admins.');
    const query = this.dataSource
      .getRepository(WebhookDelivery)
      .createQueryBuilder('d')
      .where('d.endpointId = :endpointId', { endpointId: endpoint.id });
    if (filter?.status) query.andWhere('d.status = :status', { status: filter.status });
    return paginate(query, page, {
      sortKeys: [
        { expression: 'd.createdAt', value: (d) => d.createdAt },
        { expression: 'd.id', value: (d) => d.id },
      ],
      maxPageSize: this.config.maxPageSize,
      direction: 'DESC',
    });
  }
}
