import type { DataSource } from 'typeorm';
import type { Access } from '../auth/access';
import type { Policy } from '../auth/policy';
import type { Config } from '../config';
import type { Loaders } from '../loaders';
import { AuditService } from './identity/audit.service';
import { CapabilityService } from './identity/capability.service';
import { InterventionService } from './synergy/intervention.service';
import { MembershipService } from './identity/membership.service';
import { NodeService } from './node.service';
import { PartyService } from './identity/party.service';
import { ReferenceDataService } from './identity/reference-data.service';
import { UserService } from './identity/user.service';
import { GuidelineService } from './synergy/guideline.service';
import { GuidelineOwnershipService } from './synergy/guideline-ownership.service';
import { PackageAssessmentService } from './synergy/package-assessment.service';
import { SynergyConflictService } from './synergy/synergy-conflict.service';
import { SynergyLinkService } from './synergy/synergy-link.service';
import { SynergyTrajectoryService } from './synergy/synergy-trajectory.service';
import { DuplicateSearchService } from './research/duplicate-search.service';
import { KnowledgeQuestionService } from './research/knowledge-question.service';
import { ResearchAgendaService } from './research/research-agenda.service';
import { ResearchProjectService } from './research/research-project.service';
import { DeliverableDashboardService } from './deliverables/deliverable-dashboard.service';
import { DeliverableProgressService } from './deliverables/deliverable-progress.service';
import { DeliverableService } from './deliverables/deliverable.service';
import { ProgrammeService } from './deliverables/programme.service';
import { PracticeCaseService } from './cases/practice-case.service';
import { PackageCycleService } from './package/package-cycle.service';
import { ImpactService } from './package/impact.service';
import { AgendaEditService } from './research/agenda-edits.service';
import { QuestionEditService } from './research/question-edits.service';
import { TrajectoryEditService } from './synergy/trajectory-edits.service';
import { ConsultationRoundService } from './consultation/consultation-round.service';
import { PrioritisationService } from './consultation/prioritisation.service';
import { TopicCallService } from './consultation/topic-call.service';
import { EventAccess } from '../auth/events.access';
import { EventFeedService } from './events/event-feed.service';
import { WebhookService } from './events/webhooks/webhook.service';
import { InboxService } from './events/inbox.service';
import { PackageSignalService } from './package/package-signal.service';
import { PerspectiveService } from './consultation/perspective.service';
import { FundingArrangementService } from './package/funding-arrangement.service';
import { MinisterialDecisionService } from './package/ministerial-decision.service';

/** One service per aggregate, sharing the request's loaders, policy and access rules. */
export function createServices(deps: {
  dataSource: DataSource;
  config: Config;
  loaders: Loaders;
  policy: Policy;
  access: Access;
  requestId: string;
  clientRequestId?: string;
}) {
  const { dataSource, config, loaders, policy, access, requestId, clientRequestId } = deps;
  const audit = new AuditService(dataSource, policy, config, requestId, clientRequestId, access.people);
  const researchAgendas = new ResearchAgendaService(dataSource, loaders, config, policy, audit, access.research);
  const prioritisation = new PrioritisationService(dataSource, loaders, policy, audit, access);
  const topicCalls = new TopicCallService(dataSource, loaders, policy, audit, access, prioritisation);
  const nodes = new NodeService(loaders, access);
  const eventAccess = new EventAccess(nodes);
  return {
    guidelines: new GuidelineService(dataSource, loaders, config, audit, access.synergy),
    guidelineOwnership: new GuidelineOwnershipService(dataSource, loaders, audit, access.synergy),
    packageAssessments: new PackageAssessmentService(
      dataSource,
      loaders,
      config,
      policy,
      audit,
      access.synergy,
      access.packageCycle,
    ),
    synergyLinks: new SynergyLinkService(dataSource, loaders, config, policy, audit, access.synergy),
    synergyConflicts: new SynergyConflictService(dataSource, loaders, config, access.synergy),
    synergyTrajectories: new SynergyTrajectoryService(dataSource, loaders),
    audit,
    capabilities: new CapabilityService(dataSource),
    interventions: new InterventionService(dataSource, loaders, config),
    memberships: new MembershipService(dataSource, audit, loaders, access.people),
    users: new UserService(dataSource, audit, access.people),
    nodes,
    impact: new ImpactService(dataSource, nodes),
    eventAccess,
    eventFeed: new EventFeedService(dataSource, config, eventAccess, access.synergy),
    webhooks: new WebhookService(dataSource, config, policy, audit, access.webhooks),
    inbox: new InboxService(dataSource, config, policy, access.synergy, access.packageSignals),
    parties: new PartyService(dataSource, loaders, config, policy, audit),
    referenceData: new ReferenceDataService(dataSource, loaders),
    researchAgendas,
    agendaEdits: new AgendaEditService(dataSource, policy, audit),
    questionEdits: new QuestionEditService(dataSource, policy, audit),
    trajectoryEdits: new TrajectoryEditService(dataSource, policy, audit),
    practiceCases: new PracticeCaseService(dataSource),
    packageCycle: new PackageCycleService(dataSource, audit, access.packageCycle),
    funding: new FundingArrangementService(dataSource, audit, access.packageCycle),
    ministerialDecisions: new MinisterialDecisionService(dataSource, audit, access.packageCycle),
    packageSignals: new PackageSignalService(dataSource, loaders, config, audit, access.packageSignals, access.synergy),
    perspectives: new PerspectiveService(dataSource, loaders, audit, access.perspectives),
    consultationRounds: new ConsultationRoundService(dataSource, loaders, policy, audit, access, config),
    topicCalls,
    prioritisation,
    knowledgeQuestions: new KnowledgeQuestionService(dataSource, loaders, config, policy, audit, access.synergy),
    duplicateSearch: new DuplicateSearchService(dataSource, loaders),
    researchProjects: new ResearchProjectService(dataSource, loaders, config, policy, audit),
    programmes: new ProgrammeService(dataSource, loaders, policy, audit),
    deliverables: new DeliverableService(dataSource, loaders, config, policy, audit, access.deliverables),
    deliverableDashboard: new DeliverableDashboardService(dataSource, loaders),
    deliverableProgress: new DeliverableProgressService(dataSource, policy, audit, access.deliverables),
  };
}

export type Services = ReturnType<typeof createServices>;
