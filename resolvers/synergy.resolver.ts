import { LocalDateResolver } from 'graphql-scalars';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import {
  AssessmentCriterionVerdict,
  AuditEvent,
  Guideline,
  Intervention,
  PackageAssessment,
  PackageCriterion,
  Party,
  Recommendation,
  Sector,
  SynergyLink,
  SynergyTrajectory,
} from '../entities';
import { Capability } from '../entities/capability.enum';
import { FuzzyDate } from '../entities/fuzzy-date';
import { SynergyLinkSide } from '../entities/synergy.enums';
import { ConnectionType } from '../schema/connection';
import { decodeIdOf, toGlobalId } from '../schema/global-id';
import {
  ChangeGuidelineStatusInput,
  ConfirmSynergyLinkInput,
  CreateGuidelineInput,
  CreatePackageAssessmentInput,
  CreateRecommendationInput,
  DisputeSynergyLinkInput,
  GuidelineFilter,
  LinkRecommendationToAssessmentInput,
  PackageAssessmentFilter,
  PublishGuidelineVersionInput,
  PublishPackageAssessmentInput,
  RemoveRecommendationInput,
  RemoveSynergyLinkInput,
  ResolveSynergyLinkDisputeInput,
  SynergyConflictFilter,
  SynergyLinkFilter,
  UpdateGuidelineInput,
  UpdatePackageAssessmentInput,
  UpdateRecommendationInput,
  UpdateSynergyLinkInput,
  UpsertGuidelineLinksInput,
} from '../schema/inputs/synergy.input';
import { CappedListArgs, PageArgsType, capList, capped, cappedLimit, cappedRows, pageOf } from './page-args';
import { selectedFields } from './selection';
import { fuzzyDateOrNull } from '../server/shared/fuzzy-dates';
import type { Context } from '../server/context';
import type { SynergyConflictRow } from '../server/services/synergy/synergy-conflict.service';
import { isConfirmed } from '../server/services/synergy/synergy-link.service';
import { awaitingSides } from '../server/auth/synergy.access';
import {
  RemoveRecommendationPayload,
  RemoveSynergyLinkPayload,
  SynergyConflict,
  SynergyConflictConnection,
  SynergyCounts,
  SynergyLinkConfirmation,
  SynergyLinkDispute,
  SynergyOverview,
  UpsertGuidelineLinksPayload,
} from './synergy.types';

export const GuidelineConnection = ConnectionType(Guideline, 'guideline');
export const PackageAssessmentConnection = ConnectionType(PackageAssessment, 'package assessment');
export const SynergyLinkConnection = ConnectionType(SynergyLink, 'synergy link');

function toConflict(row: SynergyConflictRow): SynergyConflict {
  return Object.assign(new SynergyConflict(), {
    key: row.id,
    kind: row.kind,
    reviewDueOn: row.reviewDueOn,
    row,
  });
}

const AS_OF = {
  nullable: true,
  description: 'Reference date for “past review-due” (peildatum); today when omitted.',
} as const;

@Resolver(() => Guideline)
export class GuidelineResolver {
  @Query(() => GuidelineConnection, {
    description: 'Guidelines (richtlijnen), by title; drafts only for their owners, VWS and operators.',
  })
  guidelines(
    @Args() page: PageArgsType,
    @Arg('filter', () => GuidelineFilter, { nullable: true, description: 'Only guidelines matching all conditions.' })
    filter: GuidelineFilter | null,
    @Info() info: GraphQLResolveInfo,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.guidelines.list(filter, pageOf(page, info));
  }

  @Query(() => Guideline, { nullable: true, description: 'One guideline by id; null when none or not visible.' })
  guideline(@Arg('id', () => ID, { description: 'Global id of the guideline.' }) id: string, @Ctx() ctx: Context) {
    return ctx.services.guidelines.byId(id);
  }

  @FieldResolver(() => [Party], { description: 'Owning associations (eigenaren), by name.' })
  owners(@Root() guideline: Guideline, @Ctx() ctx: Context) {
    return ctx.loaders.ownersByGuidelineId.get(guideline.id);
  }

  @FieldResolver(() => [Sector], { description: 'Sectors the guideline is about.' })
  sectors(@Root() guideline: Guideline, @Ctx() ctx: Context) {
    return ctx.loaders.sectorsByGuidelineId.get(guideline.id);
  }

  @FieldResolver(() => [Recommendation], {
    description: `Its recommendations (aanbevelingen), oldest first. ${capped('Guideline.recommendations')}`,
  })
  async recommendations(@Root() guideline: Guideline, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    return cappedRows(ctx.loaders.recommendationPagesByGuidelineId, guideline.id, cap, 'Guideline.recommendations');
  }

  @FieldResolver(() => [SynergyLink], {
    description: `Links from this guideline and its recommendations to assessments the viewer can see. ${capped('Guideline.links')}`,
  })
  async links(@Root() guideline: Guideline, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    // Only the page of links the viewer reads comes from the database (LINK_VISIBLE_SQL).
    const scope = await ctx.access.synergy.scopeParams();
    const pages = (limit: number, offset?: number) => ctx.loaders.linkPagesByGuidelineId(limit, offset, scope);
    return cappedRows(pages, guideline.id, cap, 'Guideline.links');
  }

  @FieldResolver(() => [SynergyConflict], {
    description: `Open conflicts involving this guideline (computed). ${capped('Guideline.conflicts')}`,
  })
  async conflicts(
    @Root() guideline: Guideline,
    @Args() cap: CappedListArgs,
    @Arg('asOf', () => LocalDateResolver, AS_OF) asOf: string | null,
    @Ctx() ctx: Context,
  ) {
    return capList(
      await (await ctx.services.synergyConflicts.forSubject('guideline', guideline.id, asOf)).map(toConflict),
      cap,
      'Guideline.conflicts',
    );
  }

  @Authorized(Capability.MANAGE_GUIDELINES)
  @Mutation(() => Guideline, { description: 'Creates a guideline (a draft) for your association.' })
  createGuideline(
    @Arg('input', () => CreateGuidelineInput, { description: 'The guideline.' }) input: CreateGuidelineInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.guidelines.create(input);
  }

  @Authorized(Capability.MANAGE_GUIDELINES)
  @Mutation(() => Guideline, { description: 'Edits a guideline of your association. Send the version you read.' })
  updateGuideline(
    @Arg('input', () => UpdateGuidelineInput, { description: 'The guideline, its version and the changes.' })
    input: UpdateGuidelineInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.guidelines.update(input);
  }

  @Authorized(Capability.MANAGE_GUIDELINES)
  @Mutation(() => Guideline, {
    description:
      'Publishes a new edition of a guideline; its confirmed links go to NEEDS_REVIEW (recorded in their history).',
  })
  publishGuidelineVersion(
    @Arg('input', () => PublishGuidelineVersionInput, { description: 'The guideline and its version.' })
    input: PublishGuidelineVersionInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.guidelines.publishVersion(input);
  }

  @Authorized(Capability.MANAGE_GUIDELINES)
  @Mutation(() => Guideline, { description: 'Puts a guideline under revision or withdraws it.' })
  changeGuidelineStatus(
    @Arg('input', () => ChangeGuidelineStatusInput, { description: 'The guideline, its version, the next status.' })
    input: ChangeGuidelineStatusInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.guidelines.changeStatus(input);
  }

  @Authorized(Capability.MANAGE_SYNERGY_LINKS)
  @Mutation(() => UpsertGuidelineLinksPayload, {
    description:
      'Applies a batch of link changes from one guideline in one transaction: all or nothing. Any invalid item refuses the batch with BAD_USER_INPUT and `extensions.items` = [{ index, code, field, message }].',
  })
  async upsertGuidelineLinks(
    @Arg('input', () => UpsertGuidelineLinksInput, { description: 'The guideline and its links.' })
    input: UpsertGuidelineLinksInput,
    @Ctx() ctx: Context,
  ): Promise<UpsertGuidelineLinksPayload> {
    return Object.assign(
      new UpsertGuidelineLinksPayload(),
      await ctx.services.synergyLinks.upsertGuidelineLinks(input),
    );
  }
}

@Resolver(() => Recommendation)
export class RecommendationResolver {
  @Query(() => Recommendation, {
    nullable: true,
    description: 'One recommendation by id; null when none or not visible.',
  })
  recommendation(@Arg('id', () => ID, { description: 'Global id.' }) id: string, @Ctx() ctx: Context) {
    return ctx.services.guidelines.recommendationById(id);
  }

  @FieldResolver(() => Guideline, { description: 'The guideline it belongs to.' })
  guideline(@Root() recommendation: Recommendation, @Ctx() ctx: Context) {
    return ctx.loaders.guidelineById.get(recommendation.guidelineId);
  }

  @FieldResolver(() => Intervention, { nullable: true, description: 'The intervention (zorgvorm) it is about.' })
  intervention(@Root() recommendation: Recommendation, @Ctx() ctx: Context) {
    return recommendation.interventionId ? ctx.loaders.interventionById.get(recommendation.interventionId) : null;
  }

  @FieldResolver(() => [SynergyLink], {
    description: `Links from this recommendation to visible assessments. ${capped('Recommendation.links')}`,
  })
  async links(@Root() recommendation: Recommendation, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    // Only the page of links the viewer reads comes from the database (LINK_VISIBLE_SQL).
    const scope = await ctx.access.synergy.scopeParams();
    const pages = (limit: number, offset?: number) => ctx.loaders.linkPagesByRecommendationId(limit, offset, scope);
    return cappedRows(pages, recommendation.id, cap, 'Recommendation.links');
  }

  @FieldResolver(() => [SynergyConflict], {
    description: `Open conflicts involving this recommendation (computed). ${capped('Recommendation.conflicts')}`,
  })
  async conflicts(
    @Root() recommendation: Recommendation,
    @Args() cap: CappedListArgs,
    @Arg('asOf', () => LocalDateResolver, AS_OF) asOf: string | null,
    @Ctx() ctx: Context,
  ) {
    return capList(
      await (await ctx.services.synergyConflicts.forSubject('recommendation', recommendation.id, asOf)).map(toConflict),
      cap,
      'Recommendation.conflicts',
    );
  }

  @Authorized(Capability.MANAGE_GUIDELINES)
  @Mutation(() => Recommendation, { description: 'Adds a recommendation to a guideline of your association.' })
  createRecommendation(
    @Arg('input', () => CreateRecommendationInput, { description: 'The recommendation.' })
    input: CreateRecommendationInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.guidelines.createRecommendation(input);
  }

  @Authorized(Capability.MANAGE_GUIDELINES)
  @Mutation(() => Recommendation, { description: 'Edits a recommendation. Send the version you read.' })
  updateRecommendation(
    @Arg('input', () => UpdateRecommendationInput, { description: 'The recommendation, version and changes.' })
    input: UpdateRecommendationInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.guidelines.updateRecommendation(input);
  }

  @Authorized(Capability.MANAGE_GUIDELINES)
  @Mutation(() => RemoveRecommendationPayload, { description: 'Removes a recommendation and its links.' })
  async removeRecommendation(
    @Arg('input', () => RemoveRecommendationInput, { description: 'The recommendation and its version.' })
    input: RemoveRecommendationInput,
    @Ctx() ctx: Context,
  ): Promise<RemoveRecommendationPayload> {
    const id = await ctx.services.guidelines.removeRecommendation(input);
    return { removedRecommendationId: toGlobalId('Recommendation', id) };
  }
}

@Resolver(() => PackageAssessment)
export class PackageAssessmentResolver {
  @Query(() => PackageAssessmentConnection, {
    description:
      'Package assessments (pakketbeoordelingen), by title; drafts only for the assessor, VWS and operators.',
  })
  packageAssessments(
    @Args() page: PageArgsType,
    @Arg('filter', () => PackageAssessmentFilter, {
      nullable: true,
      description: 'Only those matching all conditions.',
    })
    filter: PackageAssessmentFilter | null,
    @Info() info: GraphQLResolveInfo,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.packageAssessments.list(filter, pageOf(page, info));
  }

  @Query(() => PackageAssessment, {
    nullable: true,
    description: 'One package assessment; null when none or not visible.',
  })
  packageAssessment(@Arg('id', () => ID, { description: 'Global id.' }) id: string, @Ctx() ctx: Context) {
    return ctx.services.packageAssessments.byId(id);
  }

  @FieldResolver(() => Party, {
    nullable: true,
    description: 'The assessing party (Zorginstituut, or its predecessor CVZ).',
  })
  assessorParty(@Root() assessment: PackageAssessment, @Ctx() ctx: Context) {
    return ctx.loaders.partyById.get(assessment.assessorPartyId);
  }

  @FieldResolver(() => Intervention, { nullable: true, description: 'The intervention (zorgvorm) assessed.' })
  intervention(@Root() assessment: PackageAssessment, @Ctx() ctx: Context) {
    return assessment.interventionId ? ctx.loaders.interventionById.get(assessment.interventionId) : null;
  }

  @FieldResolver(() => Sector, { nullable: true, description: 'The sector.' })
  sector(@Root() assessment: PackageAssessment, @Ctx() ctx: Context) {
    return assessment.sectorId ? ctx.loaders.sectorById.get(assessment.sectorId) : null;
  }

  @FieldResolver(() => FuzzyDate, {
    nullable: true,
    description: 'Decision date (besluitdatum), possibly fuzzy; null when not known.',
  })
  decisionDate(@Root() assessment: PackageAssessment): FuzzyDate | null {
    return fuzzyDateOrNull(assessment.decisionDate);
  }

  @FieldResolver(() => [AssessmentCriterionVerdict], { description: 'Verdicts per package criterion.' })
  verdicts(@Root() assessment: PackageAssessment, @Ctx() ctx: Context) {
    return ctx.loaders.verdictsByAssessmentId.get(assessment.id);
  }

  @FieldResolver(() => [SynergyLink], {
    description: `Links to this assessment from visible guidelines. ${capped('PackageAssessment.links')}`,
  })
  async links(@Root() assessment: PackageAssessment, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    // Only the page of links the viewer reads comes from the database (LINK_VISIBLE_SQL).
    const scope = await ctx.access.synergy.scopeParams();
    const pages = (limit: number, offset?: number) => ctx.loaders.linkPagesByAssessmentId(limit, offset, scope);
    return cappedRows(pages, assessment.id, cap, 'PackageAssessment.links');
  }

  @FieldResolver(() => [SynergyConflict], {
    description: `Open conflicts involving this assessment (computed). ${capped('PackageAssessment.conflicts')}`,
  })
  async conflicts(
    @Root() assessment: PackageAssessment,
    @Args() cap: CappedListArgs,
    @Arg('asOf', () => LocalDateResolver, AS_OF) asOf: string | null,
    @Ctx() ctx: Context,
  ) {
    return capList(
      await (await ctx.services.synergyConflicts.forSubject('assessment', assessment.id, asOf)).map(toConflict),
      cap,
      'PackageAssessment.conflicts',
    );
  }

  @Authorized(Capability.PUBLISH_ASSESSMENTS)
  @Mutation(() => PackageAssessment, { description: 'Creates a package assessment (a draft unless `published`).' })
  createPackageAssessment(
    @Arg('input', () => CreatePackageAssessmentInput, { description: 'The assessment.' })
    input: CreatePackageAssessmentInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.packageAssessments.create(input);
  }

  @Authorized(Capability.PUBLISH_ASSESSMENTS)
  @Mutation(() => PackageAssessment, {
    description: 'Edits a package assessment; a changed outcome puts its confirmed links on NEEDS_REVIEW.',
  })
  updatePackageAssessment(
    @Arg('input', () => UpdatePackageAssessmentInput, { description: 'The assessment, version and changes.' })
    input: UpdatePackageAssessmentInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.packageAssessments.update(input);
  }

  @Authorized(Capability.PUBLISH_ASSESSMENTS)
  @Mutation(() => PackageAssessment, { description: 'Publishes a draft package assessment.' })
  publishPackageAssessment(
    @Arg('input', () => PublishPackageAssessmentInput, { description: 'The assessment and its version.' })
    input: PublishPackageAssessmentInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.packageAssessments.publish(input);
  }
}

@Resolver(() => AssessmentCriterionVerdict)
export class AssessmentCriterionVerdictResolver {
  @FieldResolver(() => PackageCriterion, { description: 'The package criterion (pakketcriterium).' })
  criterion(@Root() verdict: AssessmentCriterionVerdict, @Ctx() ctx: Context) {
    return ctx.loaders.packageCriterionById.get(verdict.criterionId);
  }
}

@Resolver(() => SynergyLink)
export class SynergyLinkResolver {
  @Query(() => SynergyLinkConnection, { description: 'Synergy links the viewer can see, oldest first.' })
  synergyLinks(
    @Args() page: PageArgsType,
    @Arg('filter', () => SynergyLinkFilter, { nullable: true, description: 'Only links matching all conditions.' })
    filter: SynergyLinkFilter | null,
    @Info() info: GraphQLResolveInfo,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.synergyLinks.list(filter, pageOf(page, info));
  }

  @Query(() => SynergyLink, { nullable: true, description: 'One synergy link; null when none or not visible.' })
  synergyLink(@Arg('id', () => ID, { description: 'Global id.' }) id: string, @Ctx() ctx: Context) {
    return ctx.services.synergyLinks.byId(id);
  }

  @FieldResolver(() => Guideline, { description: 'The guideline the link starts from.' })
  guideline(@Root() link: SynergyLink, @Ctx() ctx: Context) {
    return ctx.loaders.guidelineById.get(link.guidelineId);
  }

  @FieldResolver(() => Recommendation, {
    nullable: true,
    description: 'The recommendation; null for the whole guideline.',
  })
  recommendation(@Root() link: SynergyLink, @Ctx() ctx: Context) {
    return link.recommendationId ? ctx.loaders.recommendationById.get(link.recommendationId) : null;
  }

  @FieldResolver(() => PackageAssessment, { description: 'The package assessment.' })
  assessment(@Root() link: SynergyLink, @Ctx() ctx: Context) {
    return ctx.loaders.packageAssessmentById.get(link.assessmentId);
  }

  @FieldResolver(() => Boolean, { description: 'Confirmed (bevestigd): both sides confirmed since the last edit.' })
  confirmed(@Root() link: SynergyLink): boolean {
    return isConfirmed(link);
  }

  @FieldResolver(() => [SynergyLinkSide], { description: 'The sides whose confirmation is still missing.' })
  awaitingConfirmationFrom(@Root() link: SynergyLink): SynergyLinkSide[] {
    return awaitingSides(link);
  }

  @FieldResolver(() => [SynergyLinkSide], {
    description:
      'The sides you may confirm now (`confirmSynergyLink`): awaiting confirmation, on a link neither on NEEDS_REVIEW nor disputed, through your party’s right for that side. Empty for anonymous readers.',
  })
  confirmableSides(@Root() link: SynergyLink, @Ctx() ctx: Context): Promise<SynergyLinkSide[]> {
    return ctx.access.synergy.confirmableSides(link);
  }

  @FieldResolver(() => SynergyLinkConfirmation, {
    nullable: true,
    description: 'The guideline owner’s confirmation; null until given or after an edit.',
  })
  async guidelineOwnerConfirmation(@Root() link: SynergyLink, @Ctx() ctx: Context) {
    if (!link.ownerConfirmedAt) return null;
    return {
      side: SynergyLinkSide.GUIDELINE_OWNER,
      confirmedAt: link.ownerConfirmedAt,
      confirmedBy: await ctx.access.people.visibleUser(link.ownerConfirmedById),
      party: link.ownerConfirmedPartyId ? await ctx.loaders.partyById.load(link.ownerConfirmedPartyId) : null,
    };
  }

  @FieldResolver(() => SynergyLinkConfirmation, {
    nullable: true,
    description: 'The assessor’s (Zorginstituut) confirmation; null until given or after an edit.',
  })
  async assessorConfirmation(@Root() link: SynergyLink, @Ctx() ctx: Context) {
    if (!link.assessorConfirmedAt) return null;
    return {
      side: SynergyLinkSide.ASSESSOR,
      confirmedAt: link.assessorConfirmedAt,
      confirmedBy: await ctx.access.people.visibleUser(link.assessorConfirmedById),
      party: link.assessorConfirmedPartyId ? await ctx.loaders.partyById.load(link.assessorConfirmedPartyId) : null,
    };
  }

  @FieldResolver(() => SynergyLinkDispute, { nullable: true, description: 'The open dispute, if any.' })
  async dispute(@Root() link: SynergyLink, @Ctx() ctx: Context) {
    if (!link.disputeSide) return null;
    return {
      side: link.disputeSide,
      reason: link.disputeReason ?? '',
      disputedAt: link.disputedAt!,
      disputedBy: await ctx.access.people.visibleUser(link.disputedById),
      party: link.disputedPartyId ? await ctx.loaders.partyById.load(link.disputedPartyId) : null,
    };
  }

  @FieldResolver(() => [AuditEvent], {
    description: `Full history of the link (geschiedenis), oldest first: creation, edits, confirmations, disputes, NEEDS_REVIEW, from the audit trail. ${capped('SynergyLink.history')}`,
  })
  async history(@Root() link: SynergyLink, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    // The audit trail's own visibility applies: parties involved, VWS and operators; nobody anonymous.
    // Only the page of events the viewer reads comes from the database (AUDIT_EVENT_VISIBLE_SQL).
    const { all, partyIds } = await ctx.access.people.auditScope();
    const pages = (limit: number, offset?: number) =>
      ctx.loaders.auditEventPagesByEntityId(limit, offset, [all, partyIds]);
    return cappedRows(pages, link.id, cap, 'SynergyLink.history');
  }

  @FieldResolver(() => [SynergyConflict], {
    description: `Open conflicts of this link: NEEDS_REVIEW, and rule conflicts between its two ends (computed). ${capped('SynergyLink.conflicts')}`,
  })
  async conflicts(
    @Root() link: SynergyLink,
    @Args() cap: CappedListArgs,
    @Arg('asOf', () => LocalDateResolver, AS_OF) asOf: string | null,
    @Ctx() ctx: Context,
  ) {
    return capList(
      await (await ctx.services.synergyConflicts.forSubject('link', link.id, asOf)).map(toConflict),
      cap,
      'SynergyLink.conflicts',
    );
  }

  @Authorized(Capability.MANAGE_SYNERGY_LINKS)
  @Mutation(() => SynergyLink, {
    description: 'Links a recommendation (or whole guideline) of your association to a package assessment.',
  })
  linkRecommendationToAssessment(
    @Arg('input', () => LinkRecommendationToAssessmentInput, { description: 'The link.' })
    input: LinkRecommendationToAssessmentInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.synergyLinks.linkToAssessment(input);
  }

  @Authorized(Capability.MANAGE_SYNERGY_LINKS)
  @Mutation(() => SynergyLink, { description: 'Changes alignment or rationale of a link; resets both confirmations.' })
  updateSynergyLink(
    @Arg('input', () => UpdateSynergyLinkInput, { description: 'The link, its version and the changes.' })
    input: UpdateSynergyLinkInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.synergyLinks.update(input);
  }

  @Authorized(Capability.MANAGE_SYNERGY_LINKS)
  @Mutation(() => RemoveSynergyLinkPayload, { description: 'Removes a link of your association’s guideline.' })
  async removeSynergyLink(
    @Arg('input', () => RemoveSynergyLinkInput, { description: 'The link and its version.' })
    input: RemoveSynergyLinkInput,
    @Ctx() ctx: Context,
  ): Promise<RemoveSynergyLinkPayload> {
    return { removedSynergyLinkId: toGlobalId('SynergyLink', await ctx.services.synergyLinks.remove(input)) };
  }

  @Authorized(Capability.CONFIRM_SYNERGY_LINKS)
  @Mutation(() => SynergyLink, {
    description: 'Confirms a link for one side: the owning association, or Zorginstituut as assessor.',
  })
  confirmSynergyLink(
    @Arg('input', () => ConfirmSynergyLinkInput, { description: 'The link, its version and your side.' })
    input: ConfirmSynergyLinkInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.synergyLinks.confirm(input);
  }

  @Authorized(Capability.CONFIRM_SYNERGY_LINKS)
  @Mutation(() => SynergyLink, {
    description: 'Disputes a link for one side, with a reason; withdraws that side’s confirmation.',
  })
  disputeSynergyLink(
    @Arg('input', () => DisputeSynergyLinkInput, { description: 'The link, its version, your side and the reason.' })
    input: DisputeSynergyLinkInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.synergyLinks.dispute(input);
  }

  @Authorized(Capability.RESOLVE_LINK_DISPUTES)
  @Mutation(() => SynergyLink, { description: 'Resolves the open dispute on a link (Zorginstituut).' })
  resolveSynergyLinkDispute(
    @Arg('input', () => ResolveSynergyLinkDisputeInput, { description: 'The link, its version and the resolution.' })
    input: ResolveSynergyLinkDisputeInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.synergyLinks.resolveDispute(input);
  }
}

@Resolver(() => SynergyConflict)
export class SynergyConflictResolver {
  @Query(() => SynergyConflictConnection, {
    description:
      'Conflicts between published guidelines and published package assessments (tegenstrijdigheden), kept up to date at every commit and explained in words; ordered by kind.',
  })
  async synergyConflicts(
    @Args() page: PageArgsType,
    @Arg('filter', () => SynergyConflictFilter, {
      nullable: true,
      description: 'Only conflicts matching all conditions.',
    })
    filter: SynergyConflictFilter | null,
    @Ctx() ctx: Context,
    @Info() info: GraphQLResolveInfo,
  ): Promise<SynergyConflictConnection> {
    const result = await ctx.services.synergyConflicts.list(filter, page);
    await ctx.services.synergyConflicts.preload(result.nodes, selectedFields(info, ['nodes']));
    return {
      nodes: result.nodes.map(toConflict),
      totalCount: result.totalCount,
      pageInfo: {
        hasNextPage: result.hasNextPage,
        hasPreviousPage: Boolean(page.after),
        startCursor: result.nodes.length ? Buffer.from(result.nodes[0]!.id).toString('base64url') : null,
        endCursor: result.endCursor,
      },
    };
  }

  @Query(() => SynergyOverview, {
    description:
      'Overview of synergy (synergie-overzicht) for a sector, or all sectors: links by alignment, open conflicts, links awaiting each side, the oldest unreviewed link; and the same per trajectory.',
  })
  async synergyOverview(
    @Arg('sectorId', () => ID, { nullable: true, description: 'The sector; all sectors when omitted.' })
    sectorId: string | null,
    @Arg('asOf', () => LocalDateResolver, AS_OF) asOf: string | null,
    @Ctx() ctx: Context,
  ): Promise<SynergyOverview> {
    const id = sectorId ? decodeIdOf('Sector', sectorId, 'sectorId') : null;
    const service = ctx.services.synergyConflicts;
    const [sector, counts, trajectories] = await Promise.all([
      id ? ctx.loaders.sectorById.load(id) : Promise.resolve(null),
      service.overview({ sectorId: id, partyIds: null, asOf }),
      ctx.services.synergyTrajectories.list(id),
    ]);
    const perTrajectory = await Promise.all(
      trajectories.map(async (trajectory) => {
        const c = await service.trajectoryOverview(trajectory, asOf);
        return { trajectory, counts: SynergyCounts.from(c, await service.oldestLink(c.oldestUnreviewedLinkId)) };
      }),
    );
    return {
      sector,
      counts: SynergyCounts.from(counts, await service.oldestLink(counts.oldestUnreviewedLinkId)),
      trajectories: perTrajectory,
    };
  }

  @FieldResolver(() => String)
  explanation(@Root() conflict: SynergyConflict, @Ctx() ctx: Context) {
    return ctx.services.synergyConflicts.explain(conflict.row);
  }

  @FieldResolver(() => Guideline, { description: 'The guideline involved.' })
  guideline(@Root() conflict: SynergyConflict, @Ctx() ctx: Context) {
    return ctx.loaders.guidelineById.get(conflict.row.guidelineId);
  }

  @FieldResolver(() => Recommendation, { nullable: true, description: 'The recommendation involved, if any.' })
  recommendation(@Root() conflict: SynergyConflict, @Ctx() ctx: Context) {
    return conflict.row.recommendationId ? ctx.loaders.recommendationById.get(conflict.row.recommendationId) : null;
  }

  @FieldResolver(() => PackageAssessment, { nullable: true, description: 'The package assessment involved, if any.' })
  assessment(@Root() conflict: SynergyConflict, @Ctx() ctx: Context) {
    return conflict.row.assessmentId ? ctx.loaders.packageAssessmentById.get(conflict.row.assessmentId) : null;
  }

  @FieldResolver(() => SynergyLink, { nullable: true, description: 'The link involved (NEEDS_REVIEW), if any.' })
  link(@Root() conflict: SynergyConflict, @Ctx() ctx: Context) {
    return conflict.row.linkId ? ctx.loaders.synergyLinkById.get(conflict.row.linkId) : null;
  }
}

@Resolver(() => SynergyTrajectory)
export class SynergyTrajectoryResolver {
  @Query(() => [SynergyTrajectory], {
    description: `Synergy trajectories (synergietrajecten), by key. ${capped('Query.synergyTrajectories')} Each \`overview\` is computed afresh: ask for a few at a time (\`first\`), or for \`synergyOverview { trajectories }\`.`,
  })
  synergyTrajectories(
    @Arg('sectorId', () => ID, { nullable: true, description: 'Only trajectories of this sector.' })
    sectorId: string | null,
    @Args() cap: CappedListArgs,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.synergyTrajectories.list(
      sectorId ? decodeIdOf('Sector', sectorId, 'sectorId') : null,
      cappedLimit(cap, 'Query.synergyTrajectories'),
    );
  }

  @FieldResolver(() => Sector, { nullable: true, description: 'The sector; null for a track across sectors.' })
  sector(@Root() trajectory: SynergyTrajectory, @Ctx() ctx: Context) {
    return trajectory.sectorId ? ctx.loaders.sectorById.get(trajectory.sectorId) : null;
  }

  @FieldResolver(() => [Party], { description: 'The parties in the trajectory.' })
  parties(@Root() trajectory: SynergyTrajectory, @Ctx() ctx: Context) {
    return ctx.loaders.partiesByTrajectoryId.get(trajectory.id);
  }

  @FieldResolver(() => SynergyCounts, {
    description: 'Links and conflicts in the trajectory: its sector, where one of its parties owns or assesses.',
  })
  async overview(
    @Root() trajectory: SynergyTrajectory,
    @Arg('asOf', () => LocalDateResolver, AS_OF) asOf: string | null,
    @Ctx() ctx: Context,
  ) {
    const counts = await ctx.services.synergyConflicts.trajectoryOverview(trajectory, asOf);
    return SynergyCounts.from(counts, await ctx.services.synergyConflicts.oldestLink(counts.oldestUnreviewedLinkId));
  }
}
