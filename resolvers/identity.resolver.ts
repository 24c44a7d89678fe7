import type { GraphQLResolveInfo } from 'graphql';
import { toGlobalId } from '../schema/global-id';
import {
  Arg,
  Args,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  InputType,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
  Info,
} from 'type-graphql';
import { AuditEvent, CapabilityGrant, Membership, Party, Responsibility, Sector, User } from '../entities';
import { FieldChange } from '../entities/audit-event.entity';
import { changeWithGlobalIds } from './audit-values';
import { Capability, CapabilityScope } from '../entities/capability.enum';
import { PartyKind } from '../entities/party-kind.enum';
import { ConnectionType } from '../schema/connection';
import { AuditEventFilter } from '../schema/inputs/audit-event-filter.input';
import {
  AddMembershipInput,
  RemoveMembershipInput,
  SetUserActiveInput,
  UpdateMembershipInput,
} from '../schema/inputs/identity.input';
import { CappedListArgs, PageArgsType, capList, capped, cappedLimit, pageOf } from './page-args';
import type { Context } from '../server/context';

@ObjectType({ description: 'A capability the signed-in user holds (effectieve bevoegdheid), and through which party.' })
export class EffectiveCapabilityType {
  @Field(() => Capability, { description: 'What the user may do.' })
  capability!: Capability;

  @Field(() => CapabilityScope, { description: 'Whose records it reaches.' })
  scope!: CapabilityScope;

  @Field(() => Party, { nullable: true, description: 'The party it is held through; null for operator capabilities.' })
  party!: Party | null;

  @Field(() => Sector, {
    nullable: true,
    description: 'The one sector (zorgsector) whose records it reaches, e.g. msz for ZE&GG; null for every sector.',
  })
  sector!: Sector | null;

  @Field(() => Sector, {
    nullable: true,
    description:
      'The one sector (zorgsector) whose records it does not reach, e.g. msz for Zorginstituut’s agenda coordination; null for none.',
  })
  excludedSector!: Sector | null;
}

@ObjectType({ description: 'The signed-in user (ik): account, memberships and what they may do.' })
export class Me {
  @Field(() => User, { description: 'The account.' })
  user!: User;

  @Field(() => [Membership], { description: 'Parties the user belongs to, with the role in each.' })
  memberships!: Membership[];

  @Field(() => [EffectiveCapabilityType], { description: 'Everything the user may do, per party.' })
  capabilities!: EffectiveCapabilityType[];
}

@ObjectType({ description: 'Result of removing a membership.' })
export class RemoveMembershipPayload {
  @Field(() => ID, { description: 'Global id of the removed membership.' })
  removedMembershipId!: string;
}

@InputType({ description: 'Narrows the capability matrix.' })
export class CapabilityGrantFilter {
  @Field(() => Capability, { nullable: true, description: 'Only grants of this capability.' })
  capability?: Capability | null;

  @Field(() => PartyKind, {
    nullable: true,
    description: 'Only grants that reach parties of this kind (including “every party”).',
  })
  partyKind?: PartyKind | null;
}

export const AuditEventConnection = ConnectionType(AuditEvent, 'audit event');

@Resolver()
export class MeResolver {
  @Query(() => Me, { nullable: true, description: 'The signed-in user; null without a bearer token.' })
  async me(@Ctx() ctx: Context): Promise<Me | null> {
    const user = ctx.viewer.user;
    if (!user) return null;
    const [memberships, capabilities] = await Promise.all([
      ctx.loaders.membershipsByUserId.load(user.id),
      ctx.policy.capabilities(),
    ]);
    const [parties, sectors, excludedSectors] = await Promise.all([
      ctx.loaders.partyById.loadMany(capabilities.map((c) => c.partyId ?? '00000000-0000-0000-0000-000000000000')),
      Promise.all(capabilities.map((c) => (c.sectorId ? ctx.loaders.sectorById.get(c.sectorId) : null))),
      Promise.all(
        capabilities.map((c) => (c.excludedSectorId ? ctx.loaders.sectorById.get(c.excludedSectorId) : null)),
      ),
    ]);
    return {
      user,
      memberships,
      capabilities: capabilities.map((c, i) => ({
        capability: c.capability,
        scope: c.scope,
        party: c.partyId && !(parties[i] instanceof Error) ? (parties[i] as Party | null) : null,
        sector: sectors[i] ?? null,
        excludedSector: excludedSectors[i] ?? null,
      })),
    };
  }

  @Query(() => [CapabilityGrant], {
    description: `The capability matrix (bevoegdhedenmatrix): who may do what, and the responsibility each grant derives from. ${capped('Query.capabilityGrants')}`,
  })
  async capabilityGrants(
    @Args() cap: CappedListArgs,
    @Arg('filter', () => CapabilityGrantFilter, {
      nullable: true,
      description: 'Only grants matching all given conditions.',
    })
    filter: CapabilityGrantFilter | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.capabilities.grants(filter, cappedLimit(cap, 'Query.capabilityGrants'));
  }

  @Authorized(Capability.VIEW_AUDIT_TRAIL)
  @Query(() => AuditEventConnection, {
    description:
      'The audit trail, newest first: in full for operators and VWS, otherwise changes to or by the own parties and to the records they share (links they are a side of, guidelines they co-own, deliverables they answer for, package signals and co-ownership invitations they read).',
  })
  auditEvents(
    @Args() page: PageArgsType,
    @Arg('filter', () => AuditEventFilter, {
      nullable: true,
      description: 'Only events matching all given conditions.',
    })
    filter: AuditEventFilter | null,
    @Info() info: GraphQLResolveInfo,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.audit.list(filter, pageOf(page, info));
  }
}

@Resolver(() => Membership)
export class MembershipResolver {
  @FieldResolver(() => Party, { description: 'The party.' })
  party(@Root() membership: Membership, @Ctx() ctx: Context) {
    return ctx.loaders.partyById.get(membership.partyId);
  }

  @FieldResolver(() => User, { description: 'The member.' })
  user(@Root() membership: Membership, @Ctx() ctx: Context) {
    return ctx.loaders.userById.get(membership.userId);
  }

  @Authorized()
  @Mutation(() => Membership, {
    description: 'Adds a person to a party (party admins for their own party; operators).',
  })
  addMembership(
    @Arg('input', () => AddMembershipInput, { description: 'Who, where, which role.' }) input: AddMembershipInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.memberships.add(input);
  }

  @Authorized()
  @Mutation(() => Membership, { description: 'Changes a member’s role (party admins for their own party; operators).' })
  updateMembership(
    @Arg('input', () => UpdateMembershipInput, { description: 'The membership, its version and the new role.' })
    input: UpdateMembershipInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.memberships.update(input);
  }

  @Authorized()
  @Mutation(() => RemoveMembershipPayload, {
    description: 'Removes a member (party admins for their own party; operators).',
  })
  async removeMembership(
    @Arg('input', () => RemoveMembershipInput, { description: 'The membership and its version.' })
    input: RemoveMembershipInput,
    @Ctx() ctx: Context,
  ): Promise<RemoveMembershipPayload> {
    const id = await ctx.services.memberships.remove(input);
    return { removedMembershipId: toGlobalId('Membership', id) };
  }
}

@Resolver(() => User)
export class UserResolver {
  @Authorized()
  @Mutation(() => User, {
    description:
      'Deactivates or reactivates an account (operators, MANAGE_USERS). A deactivated account cannot sign in and its tokens stop working at once; not one’s own, and not a party’s last admin who can sign in.',
  })
  setUserActive(
    @Arg('input', () => SetUserActiveInput, { description: 'The user, its version and whether it is active.' })
    input: SetUserActiveInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.users.setActive(input);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'E-mail address; shown to the person, operators and admins of their parties, otherwise null.',
  })
  async email(@Root() user: User, @Ctx() ctx: Context): Promise<string | null> {
    return (await ctx.access.people.canSeeEmail(user)) ? user.email : null;
  }

  @FieldResolver(() => [Membership], {
    description: `The user’s memberships that the viewer may see. ${capped('User.memberships')}`,
  })
  async memberships(@Root() user: User, @Args() cap: CappedListArgs, @Ctx() ctx: Context): Promise<Membership[]> {
    const all = await ctx.loaders.membershipsByUserId.load(user.id);
    return capList(await ctx.access.people.visibleMemberships(user, all), cap, 'User.memberships');
  }
}

@Resolver(() => CapabilityGrant)
export class CapabilityGrantResolver {
  @FieldResolver(() => Party, { nullable: true, description: 'The party, when granted to one named party.' })
  party(@Root() grant: CapabilityGrant, @Ctx() ctx: Context) {
    return grant.partyId ? ctx.loaders.partyById.get(grant.partyId) : null;
  }

  @FieldResolver(() => Sector, {
    nullable: true,
    description: 'The one sector (zorgsector) the grant is bound to, e.g. msz for ZE&GG; null for every sector.',
  })
  sector(@Root() grant: CapabilityGrant, @Ctx() ctx: Context) {
    return grant.sectorId ? ctx.loaders.sectorById.get(grant.sectorId) : null;
  }

  @FieldResolver(() => Sector, {
    nullable: true,
    description:
      'The one sector (zorgsector) the grant does not reach, e.g. msz for Zorginstituut’s agenda coordination (ZE&GG coordinates there); null for none.',
  })
  excludedSector(@Root() grant: CapabilityGrant, @Ctx() ctx: Context) {
    return grant.excludedSectorId ? ctx.loaders.sectorById.get(grant.excludedSectorId) : null;
  }

  @FieldResolver(() => Responsibility, {
    nullable: true,
    description: 'The documented responsibility this grant derives from.',
  })
  responsibility(@Root() grant: CapabilityGrant, @Ctx() ctx: Context) {
    return grant.responsibilityId ? ctx.loaders.responsibilityById.get(grant.responsibilityId) : null;
  }
}

@Resolver(() => AuditEvent)
export class AuditEventResolver {
  @FieldResolver(() => ID, {
    description: 'Global id of the changed record (pass it to node(id:) or filter.entityId).',
  })
  entityId(@Root() event: AuditEvent): string {
    return toGlobalId(event.entityType, event.entityId);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who made the change.' })
  actor(@Root() event: AuditEvent, @Ctx() ctx: Context) {
    return ctx.access.people.visibleUser(event.actorId);
  }

  @FieldResolver(() => Party, { nullable: true, description: 'The party the change was made for (acting party).' })
  actingParty(@Root() event: AuditEvent, @Ctx() ctx: Context) {
    return event.actingPartyId ? ctx.loaders.partyById.get(event.actingPartyId) : null;
  }

  @FieldResolver(() => Party, { nullable: true, description: 'The party whose record changed (its owner).' })
  ownerParty(@Root() event: AuditEvent, @Ctx() ctx: Context) {
    return event.ownerPartyId ? ctx.loaders.partyById.get(event.ownerPartyId) : null;
  }

  @FieldResolver(() => [FieldChange])
  changes(@Root() event: AuditEvent): FieldChange[] {
    return event.changes.map(changeWithGlobalIds);
  }
}
