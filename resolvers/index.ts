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
import { EditsResolver } from './edits.resolver';
import { DomainEventResolver } from './events.resolver';
import { InboxResolver } from './inbox.resolver';
import { GuidelineInvitationsResolver, GuidelineOwnerInvitationResolver } from './guideline-ownership.resolver';
import {
  AssessmentSignalResolver,
  PackageSignalCoSignerResolver,
  PackageSignalResolver,
} from './package-signal.resolver';
import {
  AgendaPerspectiveResolver,
  AgendaVersionPerspectiveResolver,
  GuidelinePerspectiveResolver,
  LinkPerspectiveResolver,
  PerspectiveResolver,
  QuestionPerspectiveResolver,
} from './perspective.resolver';
import { WebhookDeliveryResolver, WebhookEndpointResolver } from './webhook.resolver';
import { NodeResolver } from './node.resolver';
import {
  AssessmentConditionResolver,
  AssessmentEvaluationResolver,
  AssessmentStageChangeResolver,
  ConditionalAdmissionResolver,
  PackageCycleResolver,
} from './package-cycle.resolver';
import {
  AssessmentLineageResolver,
  InterventionLineageResolver,
  QuestionLineageResolver,
  QuestionOriginCallResolver,
  QuestionOriginFieldsResolver,
  RecommendationLineageResolver,
} from './lineage.resolver';
import { ImpactResolver } from './impact.resolver';
import { AssessmentFundingResolver, FundingArrangementResolver } from './funding-arrangement.resolver';
import { AssessmentMinisterialDecisionResolver, MinisterialDecisionResolver } from './ministerial-decision.resolver';
import { PracticeCaseResolver } from './practice-case.resolver';
import { ProgrammeResolver, WorkstreamResolver } from './programme.resolver';
import { PartyResolver } from './party.resolver';
import { PackageCriterionResolver, ResponsibilityResolver, SectorResolver } from './reference-data.resolver';
import {
  AssessmentCriterionVerdictResolver,
  GuidelineResolver,
  PackageAssessmentResolver,
  RecommendationResolver,
  SynergyConflictResolver,
  SynergyLinkResolver,
  SynergyTrajectoryResolver,
} from './synergy.resolver';
import {
  AgendaItemResolver,
  KnowledgeQuestionResolver,
  QuestionScoreResolver,
  ResearchAgendaResolver,
  ResearchAgendaVersionResolver,
  ResearchProjectResolver,
  SectorResearchResolver,
} from './research.resolver';

import {
  AdoptedPrioritisationResolver,
  AgendaTopicCallResolver,
  AgendaVersionConsultationResolver,
  AssessmentConsultationResolver,
  ConsultationRoundResolver,
  ContributionResolver,
  GuidelineConsultationResolver,
  PriorityScoreEntryResolver,
  PriorityScorecardResolver,
  PartyConsultationResolver,
  QuestionOriginResolver,
  SharedPriorityResolver,
  TopicCallResolver,
  TopicCallSubmissionResolver,
} from './consultation.resolver';

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
  GuidelineResolver,
  GuidelineInvitationsResolver,
  GuidelineOwnerInvitationResolver,
  RecommendationResolver,
  PackageAssessmentResolver,
  AssessmentCriterionVerdictResolver,
  SynergyLinkResolver,
  SynergyConflictResolver,
  SynergyTrajectoryResolver,
  ResearchAgendaResolver,
  ResearchAgendaVersionResolver,
  AgendaItemResolver,
  KnowledgeQuestionResolver,
  QuestionScoreResolver,
  ResearchProjectResolver,
  SectorResearchResolver,
  ProgrammeResolver,
  WorkstreamResolver,
  DeliverableResolver,
  MilestoneResolver,
  StatusUpdateResolver,
  DeliverableStatusChangeResolver,
  DeliverableOutputResolver,
  DashboardGroupResolver,
  MilestoneTimelineEntryResolver,
  EditsResolver,
  PracticeCaseResolver,
  PackageCycleResolver,
  PackageSignalResolver,
  PackageSignalCoSignerResolver,
  AssessmentSignalResolver,
  PerspectiveResolver,
  QuestionPerspectiveResolver,
  AgendaPerspectiveResolver,
  AgendaVersionPerspectiveResolver,
  LinkPerspectiveResolver,
  GuidelinePerspectiveResolver,
  ConditionalAdmissionResolver,
  AssessmentConditionResolver,
  AssessmentEvaluationResolver,
  AssessmentStageChangeResolver,
  AssessmentFundingResolver,
  FundingArrangementResolver,
  AssessmentMinisterialDecisionResolver,
  MinisterialDecisionResolver,
  QuestionOriginFieldsResolver,
  QuestionOriginCallResolver,
  QuestionLineageResolver,
  InterventionLineageResolver,
  RecommendationLineageResolver,
  AssessmentLineageResolver,
  ImpactResolver,
  ConsultationRoundResolver,
  ContributionResolver,
  TopicCallResolver,
  TopicCallSubmissionResolver,
  PriorityScorecardResolver,
  PriorityScoreEntryResolver,
  SharedPriorityResolver,
  AdoptedPrioritisationResolver,
  AgendaVersionConsultationResolver,
  AssessmentConsultationResolver,
  GuidelineConsultationResolver,
  QuestionOriginResolver,
  AgendaTopicCallResolver,
  PartyConsultationResolver,
  DomainEventResolver,
  WebhookEndpointResolver,
  WebhookDeliveryResolver,
  InboxResolver,
];
