import { filterReadable } from '../server/shared/readable';
import {
  Arg,
  Args,
  Authorized,
  Ctx,
  Field,
  FieldResolver,
  Float,
  ID,
  Int,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import {
  AgendaItem,
  AssessmentCriterionVerdict,
  ConsultationRound,
  Contribution,
  Guideline,
  KnowledgeQuestion,
  PackageAssessment,
  Party,
  PrioritisationCriterion,
  PriorityScorecard,
  Recommendation,
  ResearchAgenda,
  ResearchAgendaVersion,
  TopicCall,
  TopicCallSubmission,
  User,
} from '../entities';
import { Capability } from '../entities/capability.enum';
import {
  ConsultationStatus,
  ConsultationTargetKind,
  ContributionAnchorKind,
  TopicCallStatus,
} from '../entities/consultation.enums';
import { PartyKind } from '../entities/party-kind.enum';
import { ConnectionType } from '../schema/connection';
import {
  AddContributionInput,
  ConsultationRoundRefInput,
  ContributionRefInput,
  OpenConsultationRoundInput,
  OpenTopicCallInput,
  PlaceTopicCallSubmissionInput,
  RespondToContributionInput,
  SubmitPriorityScorecardInput,
  SubmitToTopicCallInput,
  UpdateContributionInput,
} from '../schema/inputs/consultation.input';
import { roundStatus } from '../server/auth/consultation.access';
import type { Context } from '../server/context';
import type { SharedPriorityRow } from '../server/services/consultation/shared-priority';
import { callStatus } from '../server/services/consultation/topic-call.service';
import { CappedListArgs, NestedPageArgs, PageArgsType, capList, capped, ownerConnection } from './page-args';

export const ContributionConnection = ConnectionType(Contribution, 'contribution');

const EDIT_TARGETS = [
  Capability.COORDINATE_AGENDAS,
  Capability.MAINTAIN_KNOWLEDGE_AGENDA,
  Capability.PUBLISH_ASSESSMENTS,
  Capability.MANAGE_GUIDELINES,
];

/** An agenda version by id, or null when the viewer may not read it (a draft outside its round). */
async function readableAgendaVersion(ctx: Context, id: string): Promise<ResearchAgendaVersion | null> {
  const version = await ctx.loaders.agendaVersionById.load(id);
  return version && (await ctx.access.research.canReadAgendaVersion(version)) ? version : null;
}

@ObjectType({ description: 'Mean, spread and number of parties of the scores of one question (gezamenlijke score).' })
export class PriorityAggregate {
  @Field(() => Float, { description: 'Mean of the parties’ totals (gemiddelde); a total is Σ score × weight.' })
  mean!: number;

  @Field(() => Float, {
    description: 'Spread (spreiding): population standard deviation of the totals; 0 when all agree.',
  })
  spread!: number;

  @Field(() => Int, { description: 'Number of parties that scored the question (aantal partijen).' })
  parties!: number;
}

@ObjectType({ description: 'The aggregate of the parties of one kind (per soort partij).' })
export class PartyKindPriorityAggregate extends PriorityAggregate {
  @Field(() => PartyKind, { description: 'The kind of party.' })
  partyKind!: PartyKind;
}

@ObjectType({
  description:
    'One question in the shared ranking of an agenda version (gezamenlijke prioritering), from the parties’ scorecards.',
})
export class SharedPriority {
  questionId!: string;

  @Field(() => Int, { description: 'Place in the shared ranking (rangorde), 1 is the highest mean.' })
  rank!: number;

  @Field(() => PriorityAggregate, { description: 'Over all parties that scored it (alle partijen).' })
  overall!: PriorityAggregate;

  @Field(() => [PartyKindPriorityAggregate], { description: 'Per kind of party, by kind (per soort partij).' })
  byPartyKind!: PartyKindPriorityAggregate[];
}

@ObjectType({
  description:
    'What an adopted version’s priority rests on (onderbouwing prioritering): the shared ranking and the parties that scored, kept at adoption.',
})
export class AdoptedPrioritisation {
  participantPartyIds!: string[];
  rows!: SharedPriorityRow[];

  @Field(() => Date, { description: 'When it was kept: the moment of adoption (vastgesteld).' })
  recordedAt!: Date;
}

@Resolver(() => SharedPriority)
export class SharedPriorityResolver {
  @FieldResolver(() => KnowledgeQuestion, { description: 'The question (kennisvraag).' })
  async question(@Root() row: SharedPriority, @Ctx() ctx: Context) {
    return ctx.loaders.knowledgeQuestionById.get(row.questionId);
  }
}

@Resolver(() => AdoptedPrioritisation)
export class AdoptedPrioritisationResolver {
  @FieldResolver(() => [SharedPriority], {
    description: `The shared ranking at adoption. ${capped('AdoptedPrioritisation.ranking')}`,
  })
  ranking(@Root() record: AdoptedPrioritisation, @Args() cap: CappedListArgs) {
    return capList(record.rows, cap, 'AdoptedPrioritisation.ranking');
  }

  @FieldResolver(() => [Party], {
    description: `The parties that scored (deelnemende partijen). ${capped('AdoptedPrioritisation.participants')}`,
  })
  async participants(@Root() record: AdoptedPrioritisation, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    const parties = await ctx.loaders.partyById.loadMany(record.participantPartyIds);
    return capList(
      parties.filter((p): p is Party => p !== null && !(p instanceof Error)),
      cap,
      'AdoptedPrioritisation.participants',
    );
  }
}

@Resolver(() => ConsultationRound)
export class ConsultationRoundResolver {
  @Query(() => ConsultationRound, {
    nullable: true,
    description:
      'One consultation round (consultatie) by id; null when there is none or you may not read it (public once its draft is adopted or published).',
  })
  consultationRound(@Arg('id', () => ID, { description: 'Global id of the round.' }) id: string, @Ctx() ctx: Context) {
    return ctx.services.consultationRounds.byId(id);
  }

  @Query(() => [ConsultationRound], {
    description: `The consultation rounds on one draft you may read, newest first. ${capped('Query.consultationRounds')}`,
  })
  async consultationRounds(
    @Arg('targetId', () => ID, { description: 'A ResearchAgendaVersion, PackageAssessment or Guideline.' })
    targetId: string,
    @Args() cap: CappedListArgs,
    @Ctx() ctx: Context,
  ) {
    return capList(await ctx.services.consultationRounds.forTarget(targetId), cap, 'Query.consultationRounds');
  }

  @Authorized(...EDIT_TARGETS)
  @Mutation(() => ConsultationRound, {
    description:
      'Opens a consultation round on a draft you may edit (agenda version, unpublished assessment, guideline in development or revision); the invited parties read it in full until the round is concluded.',
  })
  openConsultationRound(
    @Arg('input', () => OpenConsultationRoundInput, {
      description: 'The draft, the question, the period and who is invited.',
    })
    input: OpenConsultationRoundInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.consultationRounds.open(input);
  }

  @Authorized(...EDIT_TARGETS)
  @Mutation(() => ConsultationRound, {
    description:
      'Closes an open round now (sluiten), before its `closesAt`. A round not yet open (SCHEDULED) is called off: concluded at once without opening, so the invited parties never read the draft through it.',
  })
  closeConsultationRound(
    @Arg('input', () => ConsultationRoundRefInput, { description: 'The round and its version.' })
    input: ConsultationRoundRefInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.consultationRounds.close(input);
  }

  @Authorized(...EDIT_TARGETS)
  @Mutation(() => ConsultationRound, {
    description:
      'Concludes a closed round (afronden); BAD_USER_INPUT with `extensions.openContributionIds` while a contribution has no response.',
  })
  concludeConsultationRound(
    @Arg('input', () => ConsultationRoundRefInput, { description: 'The round and its version.' })
    input: ConsultationRoundRefInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.consultationRounds.conclude(input);
  }

  @FieldResolver(() => ConsultationStatus, { description: 'Where the round is on `asOf` (default now).' })
  status(
    @Root() round: ConsultationRound,
    @Arg('asOf', () => Date, { nullable: true, description: 'The moment to evaluate (default now).' })
    asOf: Date | null,
  ) {
    return roundStatus(round, asOf ?? new Date());
  }

  @FieldResolver(() => ResearchAgendaVersion, {
    nullable: true,
    description: 'The consulted agenda version; null for other targets or when you may not read it.',
  })
  async agendaVersion(@Root() round: ConsultationRound, @Ctx() ctx: Context) {
    if (round.targetKind !== ConsultationTargetKind.AGENDA_VERSION) return null;
    return readableAgendaVersion(ctx, round.agendaVersionId!);
  }

  @FieldResolver(() => PackageAssessment, {
    nullable: true,
    description: 'The consulted package assessment; null for other targets or when you may not read it.',
  })
  async assessment(@Root() round: ConsultationRound, @Ctx() ctx: Context) {
    if (round.targetKind !== ConsultationTargetKind.PACKAGE_ASSESSMENT) return null;
    const assessment = await ctx.loaders.packageAssessmentById.load(round.assessmentId!);
    return assessment && (await ctx.access.synergy.canReadAssessment(assessment)) ? assessment : null;
  }

  @FieldResolver(() => Guideline, {
    nullable: true,
    description: 'The consulted guideline; null for other targets or when you may not read it.',
  })
  async guideline(@Root() round: ConsultationRound, @Ctx() ctx: Context) {
    if (round.targetKind !== ConsultationTargetKind.GUIDELINE) return null;
    const guideline = await ctx.loaders.guidelineById.load(round.guidelineId!);
    return guideline && (await ctx.access.synergy.canReadGuideline(guideline)) ? guideline : null;
  }

  @FieldResolver(() => Party, { description: 'The party that consults and answers (eigenaar van het concept).' })
  ownerParty(@Root() round: ConsultationRound, @Ctx() ctx: Context) {
    return ctx.loaders.partyById.get(round.ownerPartyId);
  }

  @FieldResolver(() => [Party], {
    description: `The invited parties (uitgenodigde partijen), by name. ${capped('ConsultationRound.invitedParties')}`,
  })
  async invitedParties(@Root() round: ConsultationRound, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    return capList(await ctx.loaders.invitedPartiesByRoundId.load(round.id), cap, 'ConsultationRound.invitedParties');
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who opened it; null unless you may see them.' })
  openedBy(@Root() round: ConsultationRound, @Ctx() ctx: Context) {
    return ctx.access.people.visibleUser(round.openedByUserId);
  }

  @FieldResolver(() => Boolean, {
    description: 'True once the draft is adopted or published: then the comment table is public (openbaar).',
  })
  commentTableIsPublic(@Root() round: ConsultationRound, @Ctx() ctx: Context) {
    return ctx.access.consultation.targetIsPublic(round);
  }

  @FieldResolver(() => ContributionConnection, {
    description:
      'The comment table (commentaartabel): every contribution with its party, type, anchor and response, in the order they came in. Default 100, at most 500 per page.',
  })
  contributions(@Root() round: ConsultationRound, @Args() page: NestedPageArgs, @Ctx() ctx: Context) {
    return ownerConnection(ctx.loaders.contributionPagesByRoundId, round.id, page, 'ConsultationRound.contributions');
  }
}

/**
 * The part of the draft a contribution is anchored to, as it is now, when the viewer may read the draft:
 * an invited party that reads the comment table after the round no longer reads a later draft through it.
 */
async function readableAnchor(ctx: Context, c: Contribution) {
  if (!c.anchorId) return null;
  if (c.anchorKind === ContributionAnchorKind.AGENDA_ITEM) {
    const item = await ctx.loaders.agendaItemById.load(c.anchorId);
    return item && (await ctx.access.research.canReadAgendaItem(item)) ? item : null;
  }
  if (c.anchorKind === ContributionAnchorKind.RECOMMENDATION) {
    const recommendation = await ctx.loaders.recommendationById.load(c.anchorId);
    return recommendation && (await ctx.access.synergy.canReadRecommendation(recommendation)) ? recommendation : null;
  }
  const verdict = await ctx.loaders.assessmentCriterionVerdictById.load(c.anchorId);
  const assessment = verdict && (await ctx.loaders.packageAssessmentById.load(verdict.assessmentId));
  return verdict && assessment && (await ctx.access.synergy.canReadAssessment(assessment)) ? verdict : null;
}

@Resolver(() => Contribution)
export class ContributionResolver {
  @Authorized(Capability.CONTRIBUTE_TO_CONSULTATIONS)
  @Mutation(() => Contribution, {
    description:
      'Adds your party’s contribution (inbreng) to an open round it is invited to. IMPACT needs COMMENT_IMPACT, PATIENT_PERSPECTIVE needs ADD_PATIENT_PERSPECTIVE.',
  })
  addContribution(
    @Arg('input', () => AddContributionInput, { description: 'The round, type, text and optional anchor.' })
    input: AddContributionInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.consultationRounds.addContribution(input);
  }

  @Authorized(Capability.CONTRIBUTE_TO_CONSULTATIONS)
  @Mutation(() => Contribution, { description: 'Changes your party’s contribution while the round is open.' })
  updateContribution(
    @Arg('input', () => UpdateContributionInput, { description: 'The contribution, its version and the new text.' })
    input: UpdateContributionInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.consultationRounds.updateContribution(input);
  }

  @Authorized(Capability.CONTRIBUTE_TO_CONSULTATIONS)
  @Mutation(() => Contribution, {
    description: 'Withdraws your party’s contribution (intrekken) while the round is open; it then needs no response.',
  })
  withdrawContribution(
    @Arg('input', () => ContributionRefInput, { description: 'The contribution and its version.' })
    input: ContributionRefInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.consultationRounds.withdrawContribution(input);
  }

  @Authorized(...EDIT_TARGETS)
  @Mutation(() => Contribution, {
    description:
      'The owner’s response (reactie) to a contribution, once the round is closed and until it is concluded.',
  })
  respondToContribution(
    @Arg('input', () => RespondToContributionInput, { description: 'The contribution, its version and the response.' })
    input: RespondToContributionInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.consultationRounds.respond(input);
  }

  @FieldResolver(() => ConsultationRound, { description: 'The round it belongs to.' })
  round(@Root() c: Contribution, @Ctx() ctx: Context) {
    return ctx.loaders.consultationRoundById.get(c.roundId);
  }

  @FieldResolver(() => Party, { description: 'The party it speaks for (partij).' })
  party(@Root() c: Contribution, @Ctx() ctx: Context) {
    return ctx.loaders.partyById.get(c.partyId);
  }

  @FieldResolver(() => User, {
    nullable: true,
    description: 'The person who wrote it (auteur); null unless you may see them (fellow members, VWS, operators).',
  })
  author(@Root() c: Contribution, @Ctx() ctx: Context) {
    return ctx.access.people.visibleUser(c.authorUserId);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who responded; null unless you may see them.' })
  respondedBy(@Root() c: Contribution, @Ctx() ctx: Context) {
    return ctx.access.people.visibleUser(c.respondedByUserId);
  }

  @FieldResolver(() => Date, { description: 'When it was submitted (ingediend).' })
  submittedAt(@Root() c: Contribution) {
    return c.createdAt;
  }

  @FieldResolver(() => AgendaItem, {
    nullable: true,
    description: 'The agenda item it is about, when anchored to one.',
  })
  agendaItem(@Root() c: Contribution, @Ctx() ctx: Context) {
    return c.anchorKind === ContributionAnchorKind.AGENDA_ITEM ? readableAnchor(ctx, c) : null;
  }

  @FieldResolver(() => Recommendation, {
    nullable: true,
    description: 'The recommendation it is about, when anchored to one.',
  })
  recommendation(@Root() c: Contribution, @Ctx() ctx: Context) {
    return c.anchorKind === ContributionAnchorKind.RECOMMENDATION ? readableAnchor(ctx, c) : null;
  }

  @FieldResolver(() => AssessmentCriterionVerdict, {
    nullable: true,
    description: 'The criterion verdict it is about, when anchored to one.',
  })
  criterionVerdict(@Root() c: Contribution, @Ctx() ctx: Context) {
    return c.anchorKind === ContributionAnchorKind.CRITERION_VERDICT ? readableAnchor(ctx, c) : null;
  }
}

@Resolver(() => TopicCall)
export class TopicCallResolver {
  @Query(() => TopicCall, {
    nullable: true,
    description: 'One topic call (uitvraag) by id; null unless you coordinate it, read everything or are invited.',
  })
  topicCall(@Arg('id', () => ID, { description: 'Global id of the call.' }) id: string, @Ctx() ctx: Context) {
    return ctx.services.topicCalls.byId(id);
  }

  @Authorized(Capability.COORDINATE_AGENDAS, Capability.MAINTAIN_KNOWLEDGE_AGENDA)
  @Mutation(() => TopicCall, {
    description:
      'Opens a topic call (uitvraag) for an agenda you coordinate, feeding its working version (a new draft when the agenda is adopted).',
  })
  openTopicCall(
    @Arg('input', () => OpenTopicCallInput, { description: 'The agenda, title, deadline and who is invited.' })
    input: OpenTopicCallInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.topicCalls.open(input);
  }

  @FieldResolver(() => TopicCallStatus, { description: 'OPEN until the deadline, then CLOSED (on `asOf`).' })
  status(
    @Root() call: TopicCall,
    @Arg('asOf', () => Date, { nullable: true, description: 'The moment to evaluate (default now).' })
    asOf: Date | null,
  ) {
    return callStatus(call, asOf ?? new Date());
  }

  @FieldResolver(() => ResearchAgenda, { description: 'The agenda the call is for.' })
  agenda(@Root() call: TopicCall, @Ctx() ctx: Context) {
    return ctx.loaders.researchAgendaById.get(call.agendaId);
  }

  @FieldResolver(() => ResearchAgendaVersion, {
    nullable: true,
    description: 'The working version chosen questions go to; null when you may not read it.',
  })
  async agendaVersion(@Root() call: TopicCall, @Ctx() ctx: Context) {
    return readableAgendaVersion(ctx, call.agendaVersionId);
  }

  @FieldResolver(() => Party, { description: 'The coordinating party (coördinator).' })
  coordinatorParty(@Root() call: TopicCall, @Ctx() ctx: Context) {
    return ctx.loaders.partyById.get(call.coordinatorPartyId);
  }

  @FieldResolver(() => [Party], {
    description: `The invited parties, by name. ${capped('TopicCall.invitedParties')}`,
  })
  async invitedParties(@Root() call: TopicCall, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    return capList(await ctx.loaders.invitedPartiesByCallId.load(call.id), cap, 'TopicCall.invitedParties');
  }

  @FieldResolver(() => [PriorityScorecard], {
    description:
      'Your parties’ scorecards on the version this call feeds (first scores sent with submissions, and what `submitPriorityScorecard` replaced them with): a party invited only to the call reads its scores here, as it may not read the draft.',
  })
  async myScorecards(@Root() call: TopicCall, @Ctx() ctx: Context) {
    const mine = new Set(ctx.viewer.partyIds);
    if (mine.size === 0) return [];
    const cards = (await ctx.loaders.scorecardsByVersionId.load(call.agendaVersionId)).filter((c) =>
      mine.has(c.partyId),
    );
    return filterReadable(cards, (c) => ctx.access.consultation.canReadScorecard(c));
  }

  @FieldResolver(() => [TopicCallSubmission], {
    description: `Submissions (inzendingen), oldest first: all of them for the coordinator, VWS and operators, your own party’s for an invited party. ${capped('TopicCall.submissions')}`,
  })
  async submissions(@Root() call: TopicCall, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    return capList(await ctx.services.topicCalls.submissions(call), cap, 'TopicCall.submissions');
  }
}

@Resolver(() => TopicCallSubmission)
export class TopicCallSubmissionResolver {
  @Authorized(Capability.PROPOSE_QUESTIONS)
  @Mutation(() => TopicCallSubmission, {
    description:
      'Submits a knowledge question to an open topic call for your party, with optional first scores (search for duplicates with `similarQuestions` and propose with `proposeKnowledgeQuestion` first).',
  })
  submitToTopicCall(
    @Arg('input', () => SubmitToTopicCallInput, { description: 'The call, the question and your first scores.' })
    input: SubmitToTopicCallInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.topicCalls.submit(input);
  }

  @Authorized(Capability.COORDINATE_AGENDAS, Capability.MAINTAIN_KNOWLEDGE_AGENDA)
  @Mutation(() => TopicCallSubmission, {
    description:
      'Places a submitted question on the agenda’s draft version (plaatsen), after the deadline; coordinator only.',
  })
  placeTopicCallSubmission(
    @Arg('input', () => PlaceTopicCallSubmissionInput, { description: 'The submission, rank and rationale.' })
    input: PlaceTopicCallSubmissionInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.topicCalls.place(input);
  }

  @FieldResolver(() => TopicCall, {
    nullable: true,
    description: 'The call it was submitted to (herkomst: uitvraag); null when you may not read the call.',
  })
  async call(@Root() s: TopicCallSubmission, @Ctx() ctx: Context) {
    const call = await ctx.loaders.topicCallById.load(s.callId);
    return call && (await ctx.access.consultation.canReadCall(call)) ? call : null;
  }

  @FieldResolver(() => KnowledgeQuestion, { description: 'The submitted question.' })
  question(@Root() s: TopicCallSubmission, @Ctx() ctx: Context) {
    return ctx.loaders.knowledgeQuestionById.get(s.questionId);
  }

  @FieldResolver(() => Party, { description: 'The party that submitted it (herkomst: partij).' })
  party(@Root() s: TopicCallSubmission, @Ctx() ctx: Context) {
    return ctx.loaders.partyById.get(s.partyId);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who submitted it; null unless you may see them.' })
  submittedBy(@Root() s: TopicCallSubmission, @Ctx() ctx: Context) {
    return ctx.access.people.visibleUser(s.submittedByUserId);
  }

  @FieldResolver(() => Date, { description: 'When it was submitted (ingediend).' })
  submittedAt(@Root() s: TopicCallSubmission) {
    return s.createdAt;
  }
}

@ObjectType({ description: 'One score on a scorecard (score): a question on one prioritisation criterion, 0 to 5.' })
export class PriorityScoreEntry {
  questionId!: string;
  criterionId!: string;

  @Field(() => Int, { description: 'The score, 0 to 5.' })
  score!: number;
}

@Resolver(() => PriorityScoreEntry)
export class PriorityScoreEntryResolver {
  @FieldResolver(() => KnowledgeQuestion, { description: 'The question scored (kennisvraag).' })
  question(@Root() s: PriorityScoreEntry, @Ctx() ctx: Context) {
    return ctx.loaders.knowledgeQuestionById.get(s.questionId);
  }

  @FieldResolver(() => PrioritisationCriterion, { description: 'The criterion (prioriteringscriterium).' })
  criterion(@Root() s: PriorityScoreEntry, @Ctx() ctx: Context) {
    return ctx.loaders.prioritisationCriterionById.get(s.criterionId);
  }
}

@Resolver(() => PriorityScorecard)
export class PriorityScorecardResolver {
  @Authorized(Capability.SCORE_SHARED_PRIORITIES)
  @Mutation(() => PriorityScorecard, {
    description:
      'Your party’s scorecard (scorekaart) for an agenda version it is consulted on (open round or topic call); replaces the previous one.',
  })
  submitPriorityScorecard(
    @Arg('input', () => SubmitPriorityScorecardInput, { description: 'The version and every score.' })
    input: SubmitPriorityScorecardInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.prioritisation.submit(input);
  }

  @FieldResolver(() => Party, { description: 'The party that scored.' })
  party(@Root() s: PriorityScorecard, @Ctx() ctx: Context) {
    return ctx.loaders.partyById.get(s.partyId);
  }

  // The scorecard outlives the round: once it is concluded, the draft it scored is no longer the scorer's to read.
  @FieldResolver(() => ResearchAgendaVersion, {
    nullable: true,
    description: 'The agenda version scored; null when you may not read it (a draft, once its round is concluded).',
  })
  async agendaVersion(@Root() s: PriorityScorecard, @Ctx() ctx: Context) {
    return readableAgendaVersion(ctx, s.agendaVersionId);
  }

  @FieldResolver(() => Date, { description: 'When it was last submitted.' })
  submittedAt(@Root() s: PriorityScorecard) {
    return s.updatedAt;
  }

  @FieldResolver(() => [PriorityScoreEntry], {
    description: `Its scores, by question and criterion: all of them for its own party, VWS and operators; for others those on the version’s items and on the topic-call submissions they may read. ${capped('PriorityScorecard.scores')}`,
  })
  async scores(@Root() s: PriorityScorecard, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    const rows = await ctx.access.consultation.visibleScores(s);
    return capList(
      rows.map((r) => Object.assign(new PriorityScoreEntry(), r)),
      cap,
      'PriorityScorecard.scores',
    );
  }
}

function toSharedPriority(row: SharedPriorityRow): SharedPriority {
  return Object.assign(new SharedPriority(), row);
}

/** Consultation fields on the records consulted on. */
@Resolver(() => ResearchAgendaVersion)
export class AgendaVersionConsultationResolver {
  @FieldResolver(() => [ConsultationRound], {
    description: `Consultation rounds on this version you may read, newest first. ${capped('ResearchAgendaVersion.consultationRounds')}`,
  })
  async consultationRounds(@Root() v: ResearchAgendaVersion, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    const rounds = await ctx.services.consultationRounds.readable(await ctx.loaders.roundsByAgendaVersionId.load(v.id));
    return capList(rounds, cap, 'ResearchAgendaVersion.consultationRounds');
  }

  @FieldResolver(() => [PriorityScorecard], {
    description: `Scorecards on this version you may read: your own party’s, or for the coordinator and the owner every one that holds a score they may see (see PriorityScorecard.scores), all of them for VWS and operators. ${capped('ResearchAgendaVersion.scorecards')}`,
  })
  async scorecards(@Root() v: ResearchAgendaVersion, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    const cards = await ctx.loaders.scorecardsByVersionId.load(v.id);
    const visible = await filterReadable(cards, (c) => ctx.access.consultation.canReadScorecard(c));
    return capList(visible, cap, 'ResearchAgendaVersion.scorecards');
  }

  @FieldResolver(() => [SharedPriority], {
    nullable: true,
    description: `The live shared ranking from the parties’ scorecards (gezamenlijke prioritering), for the coordinator, the owner, VWS and operators, over the version’s items and the topic-call submissions you may read; null for others. ${capped('ResearchAgendaVersion.sharedPriorities')}`,
  })
  async sharedPriorities(@Root() v: ResearchAgendaVersion, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    const rows = await ctx.services.prioritisation.ranking(v);
    return rows && capList(rows.map(toSharedPriority), cap, 'ResearchAgendaVersion.sharedPriorities');
  }

  @FieldResolver(() => AdoptedPrioritisation, {
    nullable: true,
    description:
      'For an adopted version: the shared ranking and the parties it rests on, kept at adoption; null when nobody scored.',
  })
  async prioritisation(@Root() v: ResearchAgendaVersion, @Ctx() ctx: Context) {
    const record = await ctx.services.prioritisation.record(v);
    if (!record) return null;
    return Object.assign(new AdoptedPrioritisation(), {
      recordedAt: new Date(record.recordedAt),
      participantPartyIds: record.participantPartyIds,
      rows: (record.ranking as SharedPriorityRow[]).map(toSharedPriority),
    });
  }
}

@Resolver(() => PackageAssessment)
export class AssessmentConsultationResolver {
  @FieldResolver(() => [ConsultationRound], {
    description: `Consultation rounds on this assessment you may read. ${capped('PackageAssessment.consultationRounds')}`,
  })
  async consultationRounds(@Root() a: PackageAssessment, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    const rounds = await ctx.services.consultationRounds.readable(await ctx.loaders.roundsByAssessmentId.load(a.id));
    return capList(rounds, cap, 'PackageAssessment.consultationRounds');
  }
}

@Resolver(() => Guideline)
export class GuidelineConsultationResolver {
  @FieldResolver(() => [ConsultationRound], {
    description: `Consultation rounds on this guideline you may read. ${capped('Guideline.consultationRounds')}`,
  })
  async consultationRounds(@Root() g: Guideline, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    const rounds = await ctx.services.consultationRounds.readable(await ctx.loaders.roundsByGuidelineId.load(g.id));
    return capList(rounds, cap, 'Guideline.consultationRounds');
  }
}

@Resolver(() => KnowledgeQuestion)
export class QuestionOriginResolver {
  @FieldResolver(() => [TopicCallSubmission], {
    description: `Where the question came from through topic calls (herkomst: uitvraag en partij): the submissions placed on an agenda. ${capped('KnowledgeQuestion.callOrigins')}`,
  })
  async callOrigins(@Root() q: KnowledgeQuestion, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    return capList(await ctx.services.topicCalls.origins(q), cap, 'KnowledgeQuestion.callOrigins');
  }
}

export const ConsultationRoundConnection = ConnectionType(ConsultationRound, 'consultation round');

@Resolver(() => Party)
export class PartyConsultationResolver {
  @FieldResolver(() => ConsultationRoundConnection, {
    nullable: true,
    description:
      'Consultation rounds this party is invited to (uitnodigingen voor consultatie), latest closing first: what waits for its members; null unless you are one (or VWS, an operator).',
  })
  consultationInvitations(@Root() party: Party, @Args() page: PageArgsType, @Ctx() ctx: Context) {
    return ctx.services.consultationRounds.invitationsOf(party.id, page);
  }
}

@Resolver(() => ResearchAgenda)
export class AgendaTopicCallResolver {
  @FieldResolver(() => [TopicCall], {
    description: `Topic calls (uitvragen) for this agenda you may read, newest first. ${capped('ResearchAgenda.topicCalls')}`,
  })
  async topicCalls(@Root() a: ResearchAgenda, @Args() cap: CappedListArgs, @Ctx() ctx: Context) {
    return capList(await ctx.services.topicCalls.forAgenda(a), cap, 'ResearchAgenda.topicCalls');
  }
}
