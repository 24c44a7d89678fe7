import type { NonEmptyArray } from 'type-graphql';
import {
  AuditEventResolver,
  CapabilityGrantResolver,
  MembershipResolver,
  MeResolver,
  UserResolver,
} from './identity.resolver';
import { InterventionResolver } from './intervention.resolver';
import {
  DashboardGroupResolver,
  DeliverableOutputResolver,
  DeliverableResolver,
  DeliverableStatusChangeResolver,
  MilestoneResolver,
  MilestoneTimelineEntryResolver,
  StatusUpdateResolver,
} from './deliverable.resolver';
import { NodeResolver } from './node.resolver';
import { ProgrammeResolver, WorkstreamResolver } from './programme.resolver';
import { PartyResolver } from './party.resolver';
import { PackageCriterionResolver, ResponsibilityResolver, SectorResolver } from './reference-data.resolver';

export const resolvers: NonEmptyArray<Function> = [
  NodeResolver,
  PartyResolver,
  SectorResolver,
  PackageCriterionResolver,
  ResponsibilityResolver,
  MeResolver,
  MembershipResolver,
  UserResolver,
  CapabilityGrantResolver,
  AuditEventResolver,
  InterventionResolver,
  ProgrammeResolver,
  WorkstreamResolver,
  DeliverableResolver,
  MilestoneResolver,
  StatusUpdateResolver,
  DeliverableStatusChangeResolver,
  DeliverableOutputResolver,
  DashboardGroupResolver,
  MilestoneTimelineEntryResolver,
];
