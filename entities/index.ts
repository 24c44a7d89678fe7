import { AuditEvent } from './audit-event.entity';
import { CapabilityGrant } from './capability-grant.entity';
import { Intervention } from './intervention.entity';
import { Membership } from './membership.entity';
import { PackageCriterion } from './package-criterion.entity';
import { Party } from './party.entity';
import { Responsibility } from './responsibility.entity';
import { Sector } from './sector.entity';
import { SeedRun } from './seed-run.entity';
import { User } from './user.entity';
import { Guideline } from './guideline.entity';
import { Recommendation } from './recommendation.entity';
import { AssessmentCriterionVerdict, PackageAssessment } from './package-assessment.entity';
import { SynergyLink } from './synergy-link.entity';
import { SynergyTrajectory } from './synergy-trajectory.entity';
import { AgendaItem, ResearchAgenda, ResearchAgendaVersion } from './research-agenda.entity';
import { KnowledgeQuestion, PrioritisationCriterion, QuestionScore } from './knowledge-question.entity';
import { ResearchProject } from './research-project.entity';
import { Deliverable, DeliverableOutput } from './deliverable.entity';
import { Milestone } from './milestone.entity';
import { Programme, Workstream } from './programme.entity';
import { DeliverableStatusChange, StatusUpdate } from './status-update.entity';
import { PracticeCase } from './practice-case.entity';
import { AssessmentCondition, AssessmentEvaluation, AssessmentStageChange } from './package-cycle.entity';
import {
  ConsultationRound,
  ConsultationRoundParty,
  Contribution,
  PriorityScore,
  PriorityScorecard,
  PrioritisationRecord,
  TopicCall,
  TopicCallParty,
  TopicCallSubmission,
} from './consultation.entity';
import { DomainEvent } from './domain-event.entity';
import { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from './webhook.entity';
import { PackageSignal, PackageSignalCoSigner } from './package-signal.entity';
import { Perspective } from './perspective.entity';
import { GuidelineOwnerInvitation } from './guideline-owner-invitation.entity';
import { FundingArrangement } from './funding-arrangement.entity';
import { MinisterialDecision } from './ministerial-decision.entity';

export {
  AuditEvent,
  CapabilityGrant,
  Intervention,
  Membership,
  PackageCriterion,
  Party,
  Responsibility,
  Sector,
  SeedRun,
  User,
  Guideline,
  Recommendation,
  PackageAssessment,
  AssessmentCriterionVerdict,
  SynergyLink,
  SynergyTrajectory,
  ResearchAgenda,
  ResearchAgendaVersion,
  AgendaItem,
  KnowledgeQuestion,
  PrioritisationCriterion,
  QuestionScore,
  ResearchProject,
  Programme,
  Workstream,
  Deliverable,
  DeliverableOutput,
  Milestone,
  StatusUpdate,
  DeliverableStatusChange,
  PracticeCase,
  AssessmentCondition,
  AssessmentEvaluation,
  AssessmentStageChange,
  ConsultationRound,
  ConsultationRoundParty,
  Contribution,
  PriorityScore,
  PriorityScorecard,
  PrioritisationRecord,
  TopicCall,
  TopicCallParty,
  TopicCallSubmission,
  DomainEvent,
  WebhookEndpoint,
  WebhookDelivery,
  WebhookAttempt,
  PackageSignal,
  PackageSignalCoSigner,
  Perspective,
  GuidelineOwnerInvitation,
  FundingArrangement,
  MinisterialDecision,
};

/** Every entity TypeORM maps; migrations must match this list exactly. */
export const entities = [
  Party,
  Sector,
  PackageCriterion,
  Responsibility,
  SeedRun,
  User,
  Membership,
  CapabilityGrant,
  AuditEvent,
  Intervention,
  Guideline,
  Recommendation,
  PackageAssessment,
  AssessmentCriterionVerdict,
  SynergyLink,
  SynergyTrajectory,
  ResearchAgenda,
  ResearchAgendaVersion,
  AgendaItem,
  KnowledgeQuestion,
  PrioritisationCriterion,
  QuestionScore,
  ResearchProject,
  Programme,
  Workstream,
  Deliverable,
  DeliverableOutput,
  Milestone,
  StatusUpdate,
  DeliverableStatusChange,
  PracticeCase,
  AssessmentCondition,
  AssessmentEvaluation,
  AssessmentStageChange,
  ConsultationRound,
  ConsultationRoundParty,
  Contribution,
  PriorityScore,
  PriorityScorecard,
  PrioritisationRecord,
  TopicCall,
  TopicCallParty,
  TopicCallSubmission,
  DomainEvent,
  WebhookEndpoint,
  WebhookDelivery,
  WebhookAttempt,
  PackageSignal,
  PackageSignalCoSigner,
  Perspective,
  GuidelineOwnerInvitation,
  FundingArrangement,
  MinisterialDecision,
];
