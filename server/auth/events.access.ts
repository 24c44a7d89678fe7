import { filterReadable } from '../shared/readable';
import { Capability } from '../../entities/capability.enum';
import type { DomainEvent } from '../../entities/domain-event.entity';
import { EventType } from '../../entities/domain-event.enums';
import type { WebhookDelivery, WebhookEndpoint } from '../../entities/webhook.entity';
import type { Loaders } from '../loaders';
import type { NodeService } from '../services/node.service';
import type { Policy } from './policy';

/**
 * Events whose subject may be gone when they are read (a removed link): they name in `requires` the records
 * whose rules decide who reads them, which for a link are its two ends, as the link's own rule is.
 */
const READ_BY_REQUIRES: ReadonlySet<string> = new Set([EventType.LINK_CREATED, EventType.LINK_REMOVED]);

type Readable = Pick<DomainEvent, 'type' | 'subjectType' | 'subjectId' | 'requires'>;

/**
 * Who sees a domain event: exactly those who may read its subject (and the other records it names, such
 * as the assessment of a conflict) at the moment it is delivered. It asks the same node(id:) rules as
 * every query, so a draft's events reach its own party (and VWS, operators) and nobody else. Every path
 * that hands out events — the change feed, subscriptions, webhooks, the inbox — asks here.
 */
export class EventAccess {
  constructor(private readonly nodes: NodeService) {}

  async canRead(event: Readable): Promise<boolean> {
    const byRequires = READ_BY_REQUIRES.has(event.type);
    // Such an event without the records that decide is nobody's, never everybody's.
    if (byRequires && event.requires.length === 0) return false;
    const records: [string, string][] = byRequires
      ? event.requires
      : [[event.subjectType, event.subjectId], ...event.requires];
    // The node loaders batch: many events checked at once cost one query per record type.
    const found = await Promise.all(records.map(([type, id]) => this.nodes.nodeOf(type, id)));
    return found.every((node) => node !== null);
  }

  async readable<T extends Readable>(events: T[]): Promise<T[]> {
    return filterReadable(events, (event) => this.canRead(event));
  }
}

/**
 * Webhook endpoints and their delivery logs: a party's admins (MANAGE_WEBHOOKS, a capability grant).
 * Platform operators may also see any party's endpoints and stop one (disable or delete it: a receiver
 * that misbehaves, a party without admins), but not point it elsewhere, rotate its secret, send again or
 * read its log, which holds what the party may read. What an endpoint receives is decided by EventAccess,
 * as a viewer of its party.
 */
export class WebhookAccess {
  constructor(
    private readonly policy: Policy,
    private readonly loaders: Loaders,
  ) {}

  /** Whether the viewer manages this party's webhooks, and the party it acts through. */
  manages(partyId: string): Promise<{ allowed: boolean; actingPartyId: string | null }> {
    return this.policy.check(Capability.MANAGE_WEBHOOKS, partyId);
  }

  /** Whether the viewer may see and stop this party's endpoints: its admins, and operators (acting for no party). */
  async stops(partyId: string): Promise<{ allowed: boolean; actingPartyId: string | null }> {
    const managed = await this.manages(partyId);
    if (managed.allowed || !this.policy.viewer.isOperator) return managed;
    return { allowed: true, actingPartyId: null };
  }

  async canReadEndpoint(endpoint: WebhookEndpoint): Promise<boolean> {
    return (await this.stops(endpoint.partyId)).allowed;
  }

  /** The delivery log: the party's admins only (its events are what the party may read). */
  async canReadDelivery(delivery: WebhookDelivery): Promise<boolean> {
    const endpoint = await this.loaders.webhookEndpointById.load(delivery.endpointId);
    return endpoint !== null && (await this.manages(endpoint.partyId)).allowed;
  }
}
