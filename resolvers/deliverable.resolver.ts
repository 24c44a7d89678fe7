import type { GraphQLResolveInfo } from 'graphql';
import { stateKey } from '../server/loaders/deliverable.loaders';
import { ArtefactRef } from '../entities/artefact-ref';
import { LocalDateResolver } from 'graphql-scalars';
import {
  Arg,
  Args,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Int,
  Mutation,
  ObjectType,
  Query,
  registerEnumType,
  Resolver,
  Root,
  Info,
} from 'type-graphql';
import {
  Deliverable,
  DeliverableOutput,
  DeliverableStatusChange,
  Milestone,
  Party,
  Programme,
  Sector,
  StatusUpdate,
  User,
  Workstream,
} from '../entities';
import { Node } from '../entities/base.entity';
import { Capability } from '../entities/capability.enum';
import { DateConfidence, DeliverableHealth, DeliverableStatus } from '../entities/deliverable.enums';
import { FuzzyDate } from '../entities/fuzzy-date';
import { ConnectionType } from '../schema/connection';
import {
  CompleteMilestoneInput,
  CreateDeliverableInput,
  CreateMilestoneInput,
  DashboardGroupBy,
  DeliverableFilter,
  DeliverableOrder,
  MilestoneTimelineFilter,
  PostStatusUpdateInput,
  UpdateDeliverableInput,
  UpdateMilestoneInput,
} from '../schema/inputs/deliverable.input';
import type { Context } from '../server/context';
import { BadUserInputError } from '../server/errors';
import { asOfOrToday, dayFor } from '../server/services/deliverables/deliverable-query';
import { whenLoaded } from '../server/shared/promises';
import { dateFromInput, fuzzyDateOrNull } from '../server/shared/fuzzy-dates';
import type { DashboardGroupRow, TimelineRow } from '../server/services/deliverables/deliverable-dashboard.service';
import { capped, CappedListArgs, cappedRows, NestedPageArgs, ownerConnection, PageArgsType, pageOf } from './page-args';
import { amsterdamDay } from '../server/today';

export const DeliverableConnection = ConnectionType(Deliverable, 'deliverable');
export const StatusUpdateConnection = ConnectionType(StatusUpdate, 'status update');

const AS_OF = {
  nullable: true,
  description: 'The day to compute for (peildatum); default today (Amsterdam). Later updates are ignored.',
};

@ObjectType({ description: 'Why a deliverable has its health (toelichting voortgang) on a day.' })
export class DeliverableHealthReport {
  @Field(() => LocalDateResolver, { description: 'The day it is computed for.' })
  asOf!: string;

  @Field(() => DeliverableStatus, { description: 'Status on that day.' })
  status!: DeliverableStatus;

  @Field(() => DeliverableHealth, { nullable: true, description: 'Computed health; null when DONE or CANCELLED.' })
  health!: DeliverableHealth | null;

  @Field({ description: 'The latest due day had passed without DONE or CANCELLED.' })
  overdue!: boolean;

  @Field({ description: 'A dependency was late (overdue or DELAYED).' })
  lateDependency!: boolean;

  @Field({ description: 'No status update for 60 days or more (counted from the document date when never updated).' })
  noRecentUpdate!: boolean;

  @Field(() => DeliverableHealth, { nullable: true, description: 'Health in the last status update, if any.' })
  reportedHealth!: DeliverableHealth | null;

  @Field(() => Date, { nullable: true, description: 'When the last status update was posted.' })
  lastUpdateAt!: Date | null;
}

@ObjectType({ description: 'Number of deliverables with one status (aantal per status).', simpleResolvers: true })
export class StatusCount {
  @Field(() => DeliverableStatus, { description: 'The status.' })
  status!: DeliverableStatus;

  @Field(() => Int, { description: 'How many.' })
  count!: number;
}

@ObjectType({
  description: 'Number of open deliverables with one health (aantal per voortgang).',
  simpleResolvers: true,
})
export class HealthCount {
  @Field(() => DeliverableHealth, { description: 'The health.' })
  health!: DeliverableHealth;

  @Field(() => Int, { description: 'How many.' })
  count!: number;
}

@ObjectType({ description: 'Counts for a group of deliverables (tellingen).', simpleResolvers: true })
export class DashboardCounts {
  @Field(() => Int, { description: 'Deliverables in the group.' })
  total!: number;

  @Field(() => [StatusCount], { description: 'Per status, every status listed.' })
  byStatus!: StatusCount[];

  @Field(() => [HealthCount], { description: 'Per health, open deliverables only.' })
  byHealth!: HealthCount[];

  @Field(() => Int, { description: 'Overdue: latest due day passed, not DONE or CANCELLED.' })
  overdue!: number;

  @Field(() => Int, { description: 'Open and due (latest day) within 90 days from the `asOf` day.' })
  dueNext90Days!: number;
}

@ObjectType({ description: 'One row of the dashboard: what it groups by, and its counts.', simpleResolvers: true })
export class DashboardGroup {
  groupBy!: DashboardGroupBy;
  groupId!: string | null;

  @Field(() => DashboardCounts, { description: 'The counts.' })
  counts!: DashboardCounts;
}

@ObjectType({ description: 'The deliverable dashboard (voortgangsoverzicht) VWS reads.', simpleResolvers: true })
export class DeliverableDashboard {
  @Field(() => LocalDateResolver, { description: 'The day it is computed for.' })
  asOf!: string;

  @Field(() => DashboardGroupBy, { description: 'What it groups by.' })
  groupBy!: DashboardGroupBy;

  @Field(() => DashboardCounts, { description: 'All matching deliverables, each counted once.' })
  totals!: DashboardCounts;

  @Field(() => [DashboardGroup], { description: 'Per group, by name; the group without programme/party/… last.' })
  groups!: DashboardGroup[];
}

export enum TimelineEntryKind {
  CHECKPOINT = 'CHECKPOINT',
  MILESTONE = 'MILESTONE',
  DECISION = 'DECISION',
}

registerEnumType(TimelineEntryKind, {
  name: 'TimelineEntryKind',
  description: 'What a timeline entry (tijdlijn) is.',
  valuesConfig: {
    CHECKPOINT: { description: 'A milestone inside a deliverable (Milestone).' },
    MILESTONE: { description: 'A deliverable that is itself a milestone (mijlpaal).' },
    DECISION: { description: 'A deliverable that is a decision (besluit).' },
  },
});

@ObjectType({ description: 'A dated moment on the milestone timeline (mijlpalenplanning).' })
export class MilestoneTimelineEntry {
  deliverableId!: string;
  milestoneId!: string | null;

  @Field(() => TimelineEntryKind, { description: 'Checkpoint, milestone or decision.' })
  kind!: TimelineEntryKind;

  @Field({ description: 'Title.' })
  title!: string;

  @Field(() => FuzzyDate, { description: 'When.' })
  due!: FuzzyDate;

  @Field(() => DateConfidence, { description: 'How sure the date is.' })
  confidence!: DateConfidence;

  @Field({ description: 'Reached (DONE) on the `asOf` day.' })
  done!: boolean;

  @Field({
    description:
      'A checkpoint left unreached in a deliverable that was DONE on the `asOf` day: nothing is expected of it any more.',
  })
  closed!: boolean;

  @Field({ description: 'Latest day passed, not reached and not closed.' })
  overdue!: boolean;
}

export const MilestoneTimelineEntryConnection = ConnectionType(MilestoneTimelineEntry, 'timeline entry');

/**
 * Rows read for a deliverable shown on another day (a list's `asOf`) carry that day, so their own `asOf`
 * fields (health, overdue, done) default to it: one answer shows one day. Not on the rows themselves: the
 * loaders share them with the rest of the request.
 */
function onDayOf<T extends { asOfContext?: string }>(parent: { asOfContext?: string }, rows: readonly T[]): T[] {
  const day = parent.asOfContext;
  if (!day) return rows as T[];
  // A view of each row with the day of its own: it reads everything else from the row (a copy of every
  // property cost a millisecond for an overdue list's 95 milestones).
  return rows.map((row) => {
    const view = Object.create(row) as T;
    view.asOfContext = day;
    return view;
  });
}

@Resolver(() => Deliverable)
export class DeliverableResolver {
  @Query(() => DeliverableConnection, {
    description: 'Deliverables, milestones and decisions (opleverpunten), public, one page at a time.',
  })
  deliverables(
    @Args() page: PageArgsType,
    @Arg('filter', () => DeliverableFilter, { nullable: true, description: 'Only those matching all conditions.' })
    filter: DeliverableFilter | null,
    @Arg('orderBy', () => DeliverableOrder, { nullable: true, description: 'Sort order; default by due date.' })
    orderBy: DeliverableOrder | null,
    @Arg('asOf', () => LocalDateResolver, AS_OF) asOf: string | null,
    @Info() info: GraphQLResolveInfo,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.deliverables.list(filter, orderBy, asOf, pageOf(page, info));
  }

  @Authorized()
  @Query(() => DeliverableConnection, {
    description:
      'Deliverables the signed-in user’s parties own (by name, by party kind or as lead) or contribute to (by name or by party kind) (mijn opleverpunten).',
  })
  myDeliverables(
    @Args() page: PageArgsType,
    @Arg('filter', () => DeliverableFilter, { nullable: true, description: 'Only those matching all conditions.' })
    filter: DeliverableFilter | null,
    @Arg('orderBy', () => DeliverableOrder, { nullable: true, description: 'Sort order; default by due date.' })
    orderBy: DeliverableOrder | null,
    @Arg('asOf', () => LocalDateResolver, AS_OF) asOf: string | null,
    @Arg('partyIds', () => [ID], {
      nullable: true,
      description: 'Only for these of your parties (default: all of them); other parties add nothing.',
    })
    partyIds: string[] | null,
    @Info() info: GraphQLResolveInfo,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.deliverables.mine(filter, orderBy, asOf, pageOf(page, info), partyIds);
  }

  @Query(() => Deliverable, { nullable: true, description: 'One deliverable by id; null when there is none.' })
  deliverable(@Arg('id', () => ID, { description: 'Global id of the deliverable.' }) id: string, @Ctx() ctx: Context) {
    return ctx.services.deliverables.byId(id);
  }

  @Query(() => DeliverableDashboard, {
    description:
      'Counts by status and health, overdue and due within 90 days, per programme, workstream, party or sector.',
  })
  deliverableDashboard(
    @Arg('groupBy', () => DashboardGroupBy, { description: 'What to roll up by.' }) groupBy: DashboardGroupBy,
    @Arg('asOf', () => LocalDateResolver, AS_OF) asOf: string | null,
    @Arg('filter', () => DeliverableFilter, { nullable: true, description: 'Only deliverables matching this.' })
    filter: DeliverableFilter | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.deliverableDashboard.dashboard(groupBy, asOf, filter);
  }

  @Query(() => MilestoneTimelineEntryConnection, {
    description:
      'Dated milestones and decisions in due order, one page at a time: checkpoints inside deliverables and deliverables that are milestones or decisions.',
  })
  milestoneTimeline(
    @Args() page: PageArgsType,
    @Arg('filter', () => MilestoneTimelineFilter, { nullable: true, description: 'Only entries matching this.' })
    filter: MilestoneTimelineFilter | null,
    @Arg('asOf', () => LocalDateResolver, AS_OF) asOf: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.deliverableDashboard.timeline(filter, asOf, page, ctx.config.maxPageSize);
  }

  @Query(() => FuzzyDate, {
    description:
      'Reads a Dutch date label (“Q3 2025”, “medio 2026”, “uiterlijk begin 2026”) as the API would store it.',
  })
  parseDutchDate(
    @Arg('label', { description: 'The words.' }) label: string,
    @Arg('referenceDate', () => LocalDateResolver, {
      nullable: true,
      description: 'Day deadlines and “dit jaar” count from; default today.',
    })
    referenceDate: string | null,
  ) {
    // Same bound as the `dueLabel` inputs; the parser is not meant for pages of text.
    if (label.length > 200) throw new BadUserInputError('"label" is longer than 200 characters.', 'label');
    return dateFromInput(null, label, 'due', asOfOrToday(referenceDate));
  }

  @FieldResolver(() => Programme, { nullable: true, description: 'The programme.' })
  programme(@Root() d: Deliverable, @Ctx() ctx: Context) {
    return d.programmeId ? ctx.loaders.programmeById.get(d.programmeId) : null;
  }

  @FieldResolver(() => Workstream, { nullable: true, description: 'The workstream.' })
  workstream(@Root() d: Deliverable, @Ctx() ctx: Context) {
    return d.workstreamId ? ctx.loaders.workstreamById.get(d.workstreamId) : null;
  }

  @FieldResolver(() => [Party], { description: 'Owning parties (eigenaren), by name.' })
  ownerParties(@Root() d: Deliverable, @Ctx() ctx: Context) {
    return ctx.loaders.ownersByDeliverableId.get(d.id);
  }

  @FieldResolver(() => Party, {
    nullable: true,
    description:
      'Lead party (trekker) VWS named among the owners: for a deliverable owned by a party kind, the one that answers for it.',
  })
  leadParty(@Root() d: Deliverable, @Ctx() ctx: Context) {
    return d.leadPartyId ? ctx.loaders.partyById.get(d.leadPartyId) : null;
  }

  @FieldResolver(() => [Party], { description: 'Contributing parties (betrokken partijen), by name.' })
  contributorParties(@Root() d: Deliverable, @Ctx() ctx: Context) {
    return ctx.loaders.contributorsByDeliverableId.get(d.id);
  }

  @FieldResolver(() => Boolean, {
    description:
      'Whether you may post a status update on it (`postStatusUpdate`) for one of your parties: an owner or contributor, or a party of an owning kind. False for anonymous readers.',
  })
  async mayReport(@Root() d: Deliverable, @Ctx() ctx: Context): Promise<boolean> {
    return (await ctx.services.deliverableProgress.statusUpdateRights(d.id)).report;
  }

  @FieldResolver(() => Boolean, {
    description:
      'Whether your status update may also change its status: you report for a party accountable for it (a named owner, the lead, a party of an owning kind) or plan it (VWS). A contributor reports health and text only. False for anonymous readers.',
  })
  async mayChangeStatus(@Root() d: Deliverable, @Ctx() ctx: Context): Promise<boolean> {
    return (await ctx.services.deliverableProgress.statusUpdateRights(d.id)).changeStatus;
  }

  @FieldResolver(() => [Sector], { description: 'Sectors it is for; empty when sector-wide.' })
  sectors(@Root() d: Deliverable, @Ctx() ctx: Context) {
    return ctx.loaders.sectorsByDeliverableId.get(d.id);
  }

  @FieldResolver(() => FuzzyDate, { nullable: true, description: 'Due date (deadline), as the documents give it.' })
  due(@Root() d: Deliverable) {
    return fuzzyDateOrNull(d.due);
  }

  @FieldResolver(() => FuzzyDate, { nullable: true, description: 'Start, when the documents give one.' })
  start(@Root() d: Deliverable) {
    return fuzzyDateOrNull(d.start);
  }

  @FieldResolver(() => DeliverableHealth, {
    nullable: true,
    description: 'Computed health (voortgang); null when DONE or CANCELLED. See healthReport for why.',
  })
  async health(
    @Root() d: Deliverable,
    @Arg('asOf', () => LocalDateResolver, AS_OF) asOf: string | null,
    @Ctx() ctx: Context,
  ) {
    return (await ctx.services.deliverables.state(d, asOf))?.health ?? null;
  }

  @FieldResolver(() => Boolean, { description: 'The latest due day has passed without DONE or CANCELLED.' })
  async overdue(
    @Root() d: Deliverable,
    @Arg('asOf', () => LocalDateResolver, AS_OF) asOf: string | null,
    @Ctx() ctx: Context,
  ) {
    return (await ctx.services.deliverables.state(d, asOf))?.overdue ?? false;
  }

  @FieldResolver(() => DeliverableHealthReport, { description: 'Health with the reasons for it.' })
  async healthReport(
    @Root() d: Deliverable,
    @Arg('asOf', () => LocalDateResolver, AS_OF) asOf: string | null,
    @Ctx() ctx: Context,
  ): Promise<DeliverableHealthReport> {
    const state = (await ctx.services.deliverables.state(d, asOf))!;
    return {
      asOf: dayFor(d, asOf),
      status: state.status_at,
      health: state.health,
      overdue: state.overdue,
      lateDependency: state.late_dependency,
      noRecentUpdate: state.stale,
      reportedHealth: state.reported_health,
      lastUpdateAt: state.last_update_at,
    };
  }

  @FieldResolver(() => [Deliverable], { description: 'Deliverables this one depends on (afhankelijkheden).' })
  dependsOn(@Root() d: Deliverable, @Ctx() ctx: Context) {
    return whenLoaded(ctx.loaders.dependenciesByDeliverableId.get(d.id), (rows) => onDayOf(d, rows));
  }

  @FieldResolver(() => [Deliverable], {
    description: `Deliverables that depend on this one. ${capped('Deliverable.dependents')}`,
  })
  async dependents(@Root() d: Deliverable, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    return whenLoaded(
      cappedRows(ctx.loaders.dependentPagesByDeliverableId, d.id, cap, 'Deliverable.dependents'),
      (rows) => onDayOf(d, rows),
    );
  }

  @FieldResolver(() => [Deliverable], {
    description: 'Items another document reports that may be the same (relatedKeys in the data).',
  })
  async related(@Root() d: Deliverable, @Ctx() ctx: Context) {
    const found = await ctx.loaders.deliverableByKey.loadMany(d.relatedKeys);
    return onDayOf(
      d,
      found.filter((r): r is Deliverable => r instanceof Deliverable),
    );
  }

  @FieldResolver(() => [Milestone], {
    description: `Its milestones (mijlpalen), by due date. ${capped('Deliverable.milestones')}`,
  })
  milestones(@Root() d: Deliverable, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    return whenLoaded(
      cappedRows(ctx.loaders.milestonePagesByDeliverableId, d.id, cap, 'Deliverable.milestones'),
      (rows) => onDayOf(d, rows),
    );
  }

  @FieldResolver(() => StatusUpdateConnection, {
    description: 'Status updates, newest first (texts for signed-in users), one page at a time.',
  })
  statusUpdates(@Root() d: Deliverable, @Args() page: NestedPageArgs, @Ctx() ctx: Context) {
    return ownerConnection(ctx.loaders.statusUpdatePagesByDeliverableId, d.id, page, 'Deliverable.statusUpdates');
  }

  @FieldResolver(() => [DeliverableStatusChange], {
    description: `Status changes on the platform, oldest first. ${capped('Deliverable.statusHistory')}`,
  })
  statusHistory(@Root() d: Deliverable, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    return cappedRows(ctx.loaders.statusChangePagesByDeliverableId, d.id, cap, 'Deliverable.statusHistory');
  }

  @FieldResolver(() => [DeliverableOutput], { description: 'What it produces (resultaten).' })
  outputs(@Root() d: Deliverable, @Ctx() ctx: Context) {
    return ctx.loaders.outputsByDeliverableId.get(d.id);
  }

  @Authorized(Capability.MANAGE_PROGRAMMES)
  @Mutation(() => Deliverable, {
    description: 'Creates a deliverable, milestone or decision (VWS); the due date may be given as words.',
  })
  createDeliverable(
    @Arg('input', () => CreateDeliverableInput, { description: 'The deliverable.' }) input: CreateDeliverableInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.deliverables.create(input);
  }

  @Authorized(Capability.MANAGE_PROGRAMMES)
  @Mutation(() => Deliverable, {
    description: 'Changes a deliverable (VWS): fields, owners, dependencies, outputs, status.',
  })
  updateDeliverable(
    @Arg('input', () => UpdateDeliverableInput, { description: 'The deliverable, its version and the changes.' })
    input: UpdateDeliverableInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.deliverables.update(input);
  }

  @Authorized(Capability.POST_STATUS_UPDATES)
  @Mutation(() => StatusUpdate, {
    description: 'Posts a status update, optionally with a new status (owning and contributing parties).',
  })
  postStatusUpdate(
    @Arg('input', () => PostStatusUpdateInput, { description: 'The update.' }) input: PostStatusUpdateInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.deliverableProgress.postStatusUpdate(input);
  }
}

@Resolver(() => Milestone)
export class MilestoneResolver {
  @FieldResolver(() => Deliverable, { description: 'The deliverable it belongs to.' })
  deliverable(@Root() m: Milestone, @Ctx() ctx: Context) {
    return ctx.loaders.deliverableById.get(m.deliverableId);
  }

  @FieldResolver(() => FuzzyDate, { nullable: true, description: 'When it is due.' })
  due(@Root() m: Milestone) {
    return fuzzyDateOrNull(m.due);
  }

  @FieldResolver(() => Boolean, { description: 'Reached, on the `asOf` day.' })
  done(@Root() m: Milestone, @Arg('asOf', () => LocalDateResolver, AS_OF) asOf: string | null) {
    const day = asOf ?? m.asOfContext;
    return m.completedAt !== null && (!day || amsterdamDay(m.completedAt) <= day);
  }

  @FieldResolver(() => Boolean, {
    description:
      'The latest due day has passed and it was not reached, while its deliverable was neither DONE nor CANCELLED.',
  })
  async overdue(
    @Root() m: Milestone,
    @Arg('asOf', () => LocalDateResolver, AS_OF) asOf: string | null,
    @Ctx() ctx: Context,
  ) {
    const day = dayFor(m, asOf);
    const done = m.completedAt !== null && amsterdamDay(m.completedAt) <= day;
    if (done || m.due.latest === null || m.due.latest >= day) return false;
    // Only a milestone past its day asks for its deliverable's state (batched like every field).
    const state = await ctx.loaders.deliverableState.load(stateKey(day, m.deliverableId));
    return state != null && state.status_at !== 'DONE' && state.status_at !== 'CANCELLED';
  }

  @FieldResolver(() => Party, { nullable: true, description: 'The party that marked it reached.' })
  completedByParty(@Root() m: Milestone, @Ctx() ctx: Context) {
    return m.completedByPartyId ? ctx.loaders.partyById.get(m.completedByPartyId) : null;
  }

  @Authorized(Capability.MANAGE_PROGRAMMES)
  @Mutation(() => Milestone, { description: 'Adds a milestone to a deliverable (VWS).' })
  createMilestone(
    @Arg('input', () => CreateMilestoneInput, { description: 'The milestone.' }) input: CreateMilestoneInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.deliverableProgress.createMilestone(input);
  }

  @Authorized(Capability.MANAGE_PROGRAMMES)
  @Mutation(() => Milestone, { description: 'Changes a milestone (VWS).' })
  updateMilestone(
    @Arg('input', () => UpdateMilestoneInput, { description: 'The milestone, its version and the changes.' })
    input: UpdateMilestoneInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.deliverableProgress.updateMilestone(input);
  }

  @Authorized(Capability.POST_STATUS_UPDATES, Capability.MANAGE_PROGRAMMES)
  @Mutation(() => Milestone, { description: 'Marks a milestone as reached (owning and contributing parties; VWS).' })
  completeMilestone(
    @Arg('input', () => CompleteMilestoneInput, { description: 'The milestone and its version.' })
    input: CompleteMilestoneInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.deliverableProgress.completeMilestone(input);
  }
}

@Resolver(() => StatusUpdate)
export class StatusUpdateResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: 'The report; shown to signed-in users, null for anonymous clients.',
  })
  text(@Root() u: StatusUpdate, @Ctx() ctx: Context) {
    return ctx.access.deliverables.canReadStatusUpdateText() ? u.text : null;
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who posted it; signed-in users only.' })
  author(@Root() u: StatusUpdate, @Ctx() ctx: Context) {
    return ctx.access.people.visibleUser(u.authorId);
  }

  @FieldResolver(() => Party, { nullable: true, description: 'The party it was posted for.' })
  party(@Root() u: StatusUpdate, @Ctx() ctx: Context) {
    return u.partyId ? ctx.loaders.partyById.get(u.partyId) : null;
  }

  @FieldResolver(() => Deliverable, { description: 'The deliverable.' })
  deliverable(@Root() u: StatusUpdate, @Ctx() ctx: Context) {
    return ctx.loaders.deliverableById.get(u.deliverableId);
  }

  @FieldResolver(() => ArtefactRef, {
    nullable: true,
    description: 'For a derived update: the record whose progress it reports (bron); null for a person’s update.',
  })
  source(@Root() u: StatusUpdate) {
    return u.source?.type ? u.source : null;
  }
}

@Resolver(() => DeliverableStatusChange)
export class DeliverableStatusChangeResolver {
  @FieldResolver(() => ArtefactRef, {
    nullable: true,
    description: 'When an output reaching its goal changed the status: that record (bron); else null.',
  })
  source(@Root() c: DeliverableStatusChange) {
    return c.source?.type ? c.source : null;
  }

  @FieldResolver(() => Party, { nullable: true, description: 'The party it was changed for.' })
  party(@Root() c: DeliverableStatusChange, @Ctx() ctx: Context) {
    return c.partyId ? ctx.loaders.partyById.get(c.partyId) : null;
  }
}

@Resolver(() => DeliverableOutput)
export class DeliverableOutputResolver {
  @FieldResolver(() => Node, {
    nullable: true,
    description: 'The produced record, once its domain is on the platform; null when not (yet) found.',
  })
  async target(@Root() o: DeliverableOutput, @Ctx() ctx: Context) {
    const { target, hidden } = await outputTarget(o, ctx);
    return hidden ? null : (target as Node | null);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'Stable `key` of the produced record; null when the record exists but you may not read it (a draft), as `target`.',
  })
  async targetKey(@Root() o: DeliverableOutput, @Ctx() ctx: Context) {
    return (await outputTarget(o, ctx)).hidden ? null : o.targetKey;
  }
}

/**
 * An output's target, and whether it is hidden from the viewer: unpublished guidelines and assessments stay
 * hidden (`canReadOutputTarget`) from those who may not read drafts, and so does their key, which would tell
 * that such a draft exists. A target not (yet) on the platform is not hidden: its key is all there is.
 */
async function outputTarget(o: DeliverableOutput, ctx: Context): Promise<{ target: object | null; hidden: boolean }> {
  const target = (await ctx.loaders.outputTarget(o.targetType)?.load(o.targetKey)) ?? null;
  return { target, hidden: target !== null && !(await ctx.access.deliverables.canReadOutputTarget(target)) };
}

@Resolver(() => DashboardGroup)
export class DashboardGroupResolver {
  // The dashboard loaded what each group is in one batch; the fields hand it over without a promise.
  @FieldResolver(() => Programme, { nullable: true, description: 'The programme, when grouped by programme.' })
  programme(@Root() g: DashboardGroupRow) {
    return g.groupBy === DashboardGroupBy.PROGRAMME ? (g.item as Programme | null) : null;
  }

  @FieldResolver(() => Workstream, { nullable: true, description: 'The workstream, when grouped by workstream.' })
  workstream(@Root() g: DashboardGroupRow) {
    return g.groupBy === DashboardGroupBy.WORKSTREAM ? (g.item as Workstream | null) : null;
  }

  @FieldResolver(() => Party, { nullable: true, description: 'The owning party, when grouped by party.' })
  party(@Root() g: DashboardGroupRow) {
    return g.groupBy === DashboardGroupBy.PARTY ? (g.item as Party | null) : null;
  }

  @FieldResolver(() => Sector, { nullable: true, description: 'The sector, when grouped by sector.' })
  sector(@Root() g: DashboardGroupRow) {
    return g.groupBy === DashboardGroupBy.SECTOR ? (g.item as Sector | null) : null;
  }
}

@Resolver(() => MilestoneTimelineEntry)
export class MilestoneTimelineEntryResolver {
  @FieldResolver(() => Deliverable, { description: 'The deliverable (itself, for milestones and decisions).' })
  deliverable(@Root() e: TimelineRow, @Ctx() ctx: Context) {
    return whenLoaded(ctx.loaders.deliverableById.get(e.deliverableId), (d) => d && onDayOf(e, [d])[0]!);
  }

  @FieldResolver(() => Milestone, { nullable: true, description: 'The checkpoint; null for milestones and decisions.' })
  milestone(@Root() e: TimelineRow, @Ctx() ctx: Context) {
    if (!e.milestoneId) return null;
    return whenLoaded(ctx.loaders.milestoneById.get(e.milestoneId), (m) => m && onDayOf(e, [m])[0]!);
  }
}
