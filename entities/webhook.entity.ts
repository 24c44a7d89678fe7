import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import type { Party } from './party.entity';
import type { DomainEvent } from './domain-event.entity';
import { toGlobalId } from '../schema/global-id';
import { Node } from './base.entity';
import { EventType } from './domain-event.enums';

export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  SKIPPED = 'SKIPPED',
}

registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description: 'Where a webhook delivery (aflevering) stands.',
  valuesConfig: {
    PENDING: { description: 'Waiting for its (next) attempt (wacht).' },
    SUCCEEDED: { description: 'The endpoint answered 2xx (afgeleverd).' },
    FAILED: { description: 'Every attempt failed (mislukt); redeliver to try again.' },
    SKIPPED: { description: 'Not sent: the party may no longer read the event’s subject (overgeslagen).' },
  },
});

/** A secret rotated out, and until when it still signs. */
export interface PreviousSecret {
  secret: string;
  until: string;
}

/** A party's endpoint for signed webhooks (Standard Webhooks). The secret is shown once, at creation or rotation. */
@Entity()
@Index('IDX_webhook_endpoint_party_id', ['partyId'])
@ObjectType({
  implements: Node,
  description:
    'A webhook endpoint (webhook-adres) of a party: an https URL that receives signed events (Standard Webhooks).',
})
export class WebhookEndpoint {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_webhook_endpoint' })
  id!: string;

  @Field(() => ID, { name: 'id', description: 'Opaque global identifier of this endpoint.' })
  get globalId(): string {
    return toGlobalId('WebhookEndpoint', this.id);
  }

  @Field({ description: 'When it was registered.' })
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ type: 'uuid' })
  partyId!: string;

  @ManyToOne('Party', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'party_id', foreignKeyConstraintName: 'FK_webhook_endpoint_party' })
  party?: Party;

  @Field({ description: 'Where events are POSTed (https).' })
  @Column({ type: 'text' })
  url!: string;

  @Field(() => [EventType], { description: 'The kinds of event sent; empty: every kind.' })
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  eventTypes!: EventType[];

  @Column({ type: 'text' })
  secret!: string;

  /**
   * Secrets rotated out, newest first: each still signs beside the current one until a day after its
   * rotation (`until`, ISO), so receivers can switch over however often the secret was rotated.
   */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  previousSecrets!: PreviousSecret[];

  @Field({ description: 'Whether deliveries are sent (actief).' })
  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Field(() => Date, { nullable: true, description: 'When the platform disabled it after repeated failures.' })
  @Column({ type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it was disabled (reden), for the party’s admins.' })
  @Column({ type: 'text', nullable: true })
  disabledReason!: string | null;

  @Field(() => Int, {
    description:
      'Failed deliveries in a row (each failed on every attempt); reset by any successful attempt. At the platform’s limit (20 by default) the endpoint is disabled.',
  })
  @Column({ type: 'integer', default: 0 })
  consecutiveFailures!: number;

  /** The last outbox cursor this endpoint's deliveries were planned up to. */
  @Column({ type: 'bigint', default: 0 })
  cursor!: string;

  @Column({ type: 'uuid', nullable: true })
  createdById!: string | null;

  @Field(() => Int, { description: 'Version for optimistic concurrency; send it back when changing.' })
  @Column({ type: 'integer', default: 1 })
  version!: number;
}

/** One event for one endpoint: the unit the queue retries (at least once), with its log of attempts. */
@Entity()
@Unique('UQ_webhook_delivery_endpoint_event', ['endpointId', 'eventId'])
@Index('IDX_webhook_delivery_event_id', ['eventId'])
@Index('IDX_webhook_delivery_due', { synchronize: false })
@Index('IDX_webhook_delivery_finished', { synchronize: false })
@Index('IDX_webhook_delivery_endpoint_due', { synchronize: false })
@ObjectType({
  implements: Node,
  description: 'A webhook delivery (aflevering): one event for one endpoint, with its attempts.',
})
export class WebhookDelivery {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_webhook_delivery' })
  id!: string;

  @Field(() => ID, {
    name: 'id',
    description: 'Opaque global identifier; also the `webhook-id` header, the same on every retry.',
  })
  get globalId(): string {
    return toGlobalId('WebhookDelivery', this.id);
  }

  @Field({ description: 'When it was queued.' })
  // Milliseconds, as the delivery log's cursors hold it (see `paginate`).
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @Column({ type: 'uuid' })
  endpointId!: string;

  @ManyToOne('WebhookEndpoint', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'endpoint_id', foreignKeyConstraintName: 'FK_webhook_delivery_endpoint' })
  endpoint?: WebhookEndpoint;

  @Column({ type: 'uuid' })
  eventId!: string;

  @ManyToOne('DomainEvent', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'FK_webhook_delivery_event' })
  event?: DomainEvent;

  @Field(() => WebhookDeliveryStatus, { description: 'Where it stands.' })
  @Column({ type: 'text', default: WebhookDeliveryStatus.PENDING })
  status!: WebhookDeliveryStatus;

  @Field(() => Int, { description: 'Attempts made (pogingen).' })
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Field({ description: 'When the next attempt is due (while PENDING).' })
  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was last tried.' })
  @Column({ type: 'timestamptz', nullable: true })
  lastAttemptAt!: Date | null;

  /** Until when a worker holds it to send it (cleared when the attempt is recorded); not shown. */
  @Column({ type: 'timestamptz', nullable: true })
  leasedUntil!: Date | null;

  @Field(() => Int, { nullable: true, description: 'The HTTP status of the last answer; null when none came.' })
  @Column({ type: 'integer', nullable: true })
  lastStatusCode!: number | null;

  @Field(() => String, { nullable: true, description: 'Why the last attempt failed.' })
  @Column({ type: 'text', nullable: true })
  lastError!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the endpoint accepted it.' })
  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;
}

/** One HTTP attempt of a delivery (the delivery log). */
@Entity()
@Index('IDX_webhook_attempt_delivery_id', ['deliveryId'])
@ObjectType({ description: 'One attempt (poging) to deliver a webhook: when, the answer, how long it took.' })
export class WebhookAttempt {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_webhook_attempt' })
  id!: string;

  @Column({ type: 'uuid' })
  deliveryId!: string;

  @ManyToOne('WebhookDelivery', { onDelete: 'CASCADE', nullable: false })
  @JoinColumn({ name: 'delivery_id', foreignKeyConstraintName: 'FK_webhook_attempt_delivery' })
  delivery?: WebhookDelivery;

  @Field({ description: 'When it was made.' })
  @Column({ type: 'timestamptz', default: () => 'now()' })
  attemptedAt!: Date;

  @Field(() => Int, { nullable: true, description: 'The HTTP status; null when no answer came.' })
  @Column({ type: 'integer', nullable: true })
  statusCode!: number | null;

  @Field(() => String, { nullable: true, description: 'What went wrong, if it failed.' })
  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Field(() => Int, { description: 'How long it took, in milliseconds.' })
  @Column({ type: 'integer' })
  durationMs!: number;

  @Field({ description: 'Whether the endpoint accepted it (2xx).' })
  @Column({ type: 'boolean' })
  succeeded!: boolean;
}
