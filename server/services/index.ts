import type { DataSource } from 'typeorm';
import type { Policy } from '../auth/policy';
import type { Config } from '../config';
import type { Loaders } from '../loaders';
import { AuditService } from './audit.service';
import { CapabilityService } from './capability.service';
import { InterventionService } from './intervention.service';
import { MembershipService } from './membership.service';
import { NodeService } from './node.service';
import { PartyService } from './party.service';
import { ReferenceDataService } from './reference-data.service';
import { DeliverableDashboardService } from './deliverable-dashboard.service';
import { DeliverableProgressService } from './deliverable-progress.service';
import { DeliverableService } from './deliverable.service';
import { ProgrammeService } from './programme.service';

/** One service per aggregate, sharing the request's loaders and policy. */
export function createServices(deps: {
  dataSource: DataSource;
  config: Config;
  loaders: Loaders;
  policy: Policy;
  requestId: string;
}) {
  const { dataSource, config, loaders, policy, requestId } = deps;
  const audit = new AuditService(dataSource, policy, config, requestId);
  return {
    audit,
    capabilities: new CapabilityService(dataSource),
    interventions: new InterventionService(dataSource, loaders, config),
    memberships: new MembershipService(dataSource, policy, audit, loaders),
    nodes: new NodeService(loaders, policy),
    parties: new PartyService(dataSource, loaders, config, policy, audit),
    referenceData: new ReferenceDataService(dataSource, loaders),
    programmes: new ProgrammeService(dataSource, loaders, policy, audit),
    deliverables: new DeliverableService(dataSource, loaders, config, policy, audit),
    deliverableDashboard: new DeliverableDashboardService(dataSource, loaders),
    deliverableProgress: new DeliverableProgressService(dataSource, policy, audit),
  };
}

export type Services = ReturnType<typeof createServices>;
