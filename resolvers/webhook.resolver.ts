import type { GraphQLResolveInfo } from 'graphql';
import {
  Arg,
  Args,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
  Info,
} from 'type-graphql';
import { DomainEvent } from '../entities/domain-event.entity';
import { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from '../entities/webhook.entity';
import { ConnectionType } from '../schema/connection';
import { toGlobalId } from '../schema/global-id';
import {
  DeleteWebhookEndpointInput,
  RedeliverWebhookInput,
  RegisterWebhookEndpointInput,
  RotateWebhookSecretInput,
  UpdateWebhookEndpointInput,
  WebhookDeliveryFilter,
} from '../schema/inputs/webhook.input';
import type { Context } from '../server/context';
import { capped, CappedListArgs, capList, PageArgsType, pageOf } from './page-args';

const WebhookDeliveryConnection = ConnectionType(WebhookDelivery, 'webhook delivery');

@ObjectType({
  description:
    'An endpoint with its signing secret (geheim). The secret is shown here once: store it, it cannot be read again.',
})
export class WebhookSecretPayload {
  @Field(() => WebhookEndpoint, { description: 'The endpoint.' })
  endpoint!: WebhookEndpoint;

  @Field({ description: 'The signing secret (whsec_…), for verifying `webhook-signature` (Standard Webhooks).' })
  secret!: string;
}

@ObjectType({ description: 'Result of deleting a webhook endpoint.' })
export class DeleteWebhookEndpointPayload {
  @Field(() => ID, { description: 'Global id of the deleted endpoint.' })
  deletedWebhookEndpointId!: string;
}

@Resolver(() => WebhookEndpoint)
export class WebhookEndpointResolver {
  @Query(() => [WebhookEndpoint], {
    description: 'The webhook endpoints of a party; for its admins, and platform operators (at most 20 per party).',
  })
  webhookEndpoints(@Arg('partyId', () => ID, { description: 'The party.' }) partyId: string, @Ctx() ctx: Context) {
    return ctx.services.webhooks.list(partyId);
  }

  @Mutation(() => WebhookSecretPayload, {
    description: 'Registers an https endpoint for a party’s events (party admins). Answers the signing secret, once.',
  })
  registerWebhookEndpoint(
    @Arg('input', () => RegisterWebhookEndpointInput, { description: 'The endpoint.' })
    input: RegisterWebhookEndpointInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.webhooks.register(input);
  }

  @Mutation(() => WebhookEndpoint, {
    description:
      'Changes an endpoint: URL, event types, enabled (enabling it clears the failure count). Party admins; a platform operator may only disable it.',
  })
  updateWebhookEndpoint(
    @Arg('input', () => UpdateWebhookEndpointInput, { description: 'The changes.' }) input: UpdateWebhookEndpointInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.webhooks.update(input);
  }

  @Mutation(() => WebhookSecretPayload, {
    description:
      'A new signing secret, shown once; the previous one keeps signing beside it for 24 hours, as do those rotated out earlier that day (CONFLICT when 5 would sign at once).',
  })
  rotateWebhookSecret(
    @Arg('input', () => RotateWebhookSecretInput, { description: 'The endpoint.' }) input: RotateWebhookSecretInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.webhooks.rotateSecret(input);
  }

  @Mutation(() => DeleteWebhookEndpointPayload, {
    description:
      'Deletes an endpoint and its delivery log (party admins, or a platform operator); nothing more is sent to it.',
  })
  async deleteWebhookEndpoint(
    @Arg('input', () => DeleteWebhookEndpointInput, { description: 'The endpoint and its version.' })
    input: DeleteWebhookEndpointInput,
    @Ctx() ctx: Context,
  ): Promise<DeleteWebhookEndpointPayload> {
    const id = await ctx.services.webhooks.remove(input);
    return { deletedWebhookEndpointId: toGlobalId('WebhookEndpoint', id) };
  }

  @Mutation(() => WebhookDelivery, {
    description:
      'Queues a delivery to be sent again now (opnieuw afleveren); CONFLICT while an attempt of it is being sent.',
  })
  redeliverWebhook(
    @Arg('input', () => RedeliverWebhookInput, { description: 'The delivery.' }) input: RedeliverWebhookInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.webhooks.redeliver(input);
  }

  @FieldResolver(() => WebhookDeliveryConnection, {
    description: 'The delivery log (afleverlog), newest first; the party’s admins only (FORBIDDEN for an operator).',
  })
  deliveries(
    @Root() endpoint: WebhookEndpoint,
    @Args() page: PageArgsType,
    @Arg('filter', () => WebhookDeliveryFilter, { nullable: true, description: 'Only deliveries in this state.' })
    filter: WebhookDeliveryFilter | null,
    @Info() info: GraphQLResolveInfo,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.webhooks.deliveries(endpoint, filter, pageOf(page, info));
  }
}

@Resolver(() => WebhookDelivery)
export class WebhookDeliveryResolver {
  @FieldResolver(() => DomainEvent, {
    nullable: true,
    description:
      'The event delivered (gebeurtenis); null when the viewer may not read it — as for a skipped delivery, whose party could not.',
  })
  async event(@Root() delivery: WebhookDelivery, @Ctx() ctx: Context) {
    const event = await ctx.loaders.domainEventById.load(delivery.eventId);
    // Its before/after/details are the record's content: shown only to who may read the event itself.
    return event && (await ctx.services.eventAccess.canRead(event)) ? event : null;
  }

  @FieldResolver(() => [WebhookAttempt], {
    description: `Its attempts (pogingen), newest first. ${capped('WebhookDelivery.attemptLog')}`,
  })
  async attemptLog(@Root() delivery: WebhookDelivery, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    return capList(await ctx.loaders.webhookAttemptsByDeliveryId.load(delivery.id), cap, 'WebhookDelivery.attemptLog');
  }
}
