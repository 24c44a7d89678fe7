import { ArrayMaxSize, IsOptional, MaxLength, Min } from 'class-validator';
import { NotBlank } from './not-blank';
import { Field, ID, InputType, Int } from 'type-graphql';
import { EventType } from '../../entities/domain-event.enums';
import { WebhookDeliveryStatus } from '../../entities/webhook.entity';

@InputType({ description: 'A new webhook endpoint (webhook-adres) for a party.' })
export class RegisterWebhookEndpointInput {
  @Field(() => ID, { description: 'The party whose events it receives (its admins manage it).' })
  partyId!: string;

  @Field({ description: 'An https URL on the public internet (at most 2000 characters).' })
  @MaxLength(2000)
  @NotBlank()
  url!: string;

  @Field(() => [EventType], { nullable: true, description: 'The kinds of event to send; none: every kind.' })
  @IsOptional()
  @ArrayMaxSize(50)
  eventTypes?: EventType[] | null;
}

@InputType({ description: 'Changes to a webhook endpoint; enabling it again clears the failure count.' })
export class UpdateWebhookEndpointInput {
  @Field(() => ID, { description: 'The endpoint.' })
  id!: string;

  @Field(() => Int, { description: 'The version last read (optimistic concurrency).' })
  @Min(1)
  version!: number;

  @Field({ nullable: true, description: 'A new https URL.' })
  @IsOptional()
  @MaxLength(2000)
  url?: string;

  @Field(() => [EventType], { nullable: true, description: 'The kinds of event to send; empty: every kind.' })
  @IsOptional()
  @ArrayMaxSize(50)
  eventTypes?: EventType[] | null;

  @Field({ nullable: true, description: 'Whether deliveries are sent.' })
  enabled?: boolean;
}

@InputType({ description: 'Which endpoint gets a new signing secret (geheim).' })
export class RotateWebhookSecretInput {
  @Field(() => ID, { description: 'The endpoint.' })
  id!: string;

  @Field(() => Int, { description: 'The version last read (optimistic concurrency).' })
  @Min(1)
  version!: number;
}

@InputType({ description: 'Which endpoint to delete, with its delivery log.' })
export class DeleteWebhookEndpointInput {
  @Field(() => ID, { description: 'The endpoint.' })
  id!: string;

  @Field(() => Int, { description: 'The version last read (optimistic concurrency).' })
  @Min(1)
  version!: number;
}

@InputType({ description: 'A delivery to send again (opnieuw afleveren).' })
export class RedeliverWebhookInput {
  @Field(() => ID, { description: 'The delivery, from the endpoint’s delivery log.' })
  deliveryId!: string;
}

@InputType({ description: 'Narrows an endpoint’s delivery log.' })
export class WebhookDeliveryFilter {
  @Field(() => WebhookDeliveryStatus, { nullable: true, description: 'Only deliveries in this state.' })
  status?: WebhookDeliveryStatus | null;
}
