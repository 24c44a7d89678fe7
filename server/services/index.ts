import type { DataSource } from 'typeorm';
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
import { GuidelineService } from './synergy/guideline.service';
import { PackageAssessmentService } from './synergy/package-assessment.service';
import { SynergyAccess } from './synergy-access';
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

/** One service per aggregate, sharing the request's loaders and policy. */
export function createServices(deps: {
  dataSource: DataSource;
  config: Config;
  loaders: Loaders;
  policy: Policy;
  requestId: string;
  clientRequestId?: string;
}) {
  const { dataSource, config, loaders, policy, requestId, clientRequestId } = deps;
  const audit = new AuditService(dataSource, policy, config, requestId, clientRequestId);
  const synergyAccess = new SynergyAccess(policy, loaders);
  return {
    synergyAccess,
    guidelines: new GuidelineService(dataSource, loaders, config, audit, synergyAccess),
    packageAssessments: new PackageAssessmentService(dataSource, loaders, config, policy, audit, synergyAccess),
    synergyLinks: new SynergyLinkService(dataSource, loaders, config, policy, audit, synergyAccess),
    synergyConflicts: new SynergyConflictService(dataSource, loaders, config, synergyAccess),
    synergyTrajectories: new SynergyTrajectoryService(dataSource, loaders),
    audit,
    capabilities: new CapabilityService(dataSource),
    interventions: new InterventionService(dataSource, loaders, config),
    memberships: new MembershipService(dataSource, policy, audit, loaders),
    nodes: new NodeService(loaders, policy, synergyAccess),
    parties: new PartyService(dataSource, loaders, config, policy, audit),
    referenceData: new ReferenceDataService(dataSource, loaders),
    researchAgendas: new ResearchAgendaService(dataSource, loaders, config, policy, audit),
    knowledgeQuestions: new KnowledgeQuestionService(dataSource, loaders, config, policy, audit),
    duplicateSearch: new DuplicateSearchService(dataSource, loaders),
    researchProjects: new ResearchProjectService(dataSource, loaders, config, policy, audit),
    programmes: new ProgrammeService(dataSource, loaders, policy, audit),
    deliverables: new DeliverableService(dataSource, loaders, config, policy, audit),
    deliverableDashboard: new DeliverableDashboardService(dataSource, loaders),
    deliverableProgress: new DeliverableProgressService(dataSource, policy, audit),
  };
}

export type Services = ReturnType<typeof createServices>;
