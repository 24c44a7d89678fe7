import type DataLoader from 'dataloader';
import type {
  AgendaItem,
  AuditEvent,
  Guideline,
  Membership,
  PackageAssessment,
  Recommendation,
  ResearchAgendaVersion,
  SynergyLink,
  User,
} from '../../entities';
import { decodeGlobalId } from '../../schema/global-id';
import type { Policy } from '../auth/policy';
import type { Loaders } from '../loaders';
import { canReadAgendaVersion } from './research/research-agenda.service';
import type { SynergyAccess } from './synergy-access';

type Loadable = { id: string };

/**
 * Resolves any global id to its object. A new node type registers its by-id loader here, and a
 * visibility check when not everything of that type is public. Loaders are named, not touched, until
 * an id of their type is asked for (each request builds only the loaders it uses).
 */
export class NodeService {
  private readonly byType: Record<
    string,
    { load: () => DataLoader<string, Loadable | null>; visible?: (node: never) => Promise<boolean> }
  >;

  constructor(loaders: Loaders, policy: Policy, synergy: SynergyAccess) {
    this.byType = {
      Party: { load: () => loaders.partyById },
      Sector: { load: () => loaders.sectorById },
      PackageCriterion: { load: () => loaders.packageCriterionById },
      Responsibility: { load: () => loaders.responsibilityById },
      CapabilityGrant: { load: () => loaders.capabilityGrantById },
      Intervention: { load: () => loaders.interventionById },
      Programme: { load: () => loaders.programmeById },
      Workstream: { load: () => loaders.workstreamById },
      Deliverable: { load: () => loaders.deliverableById },
      Milestone: { load: () => loaders.milestoneById },
      StatusUpdate: { load: () => loaders.statusUpdateById },
      User: {
        load: () => loaders.userById,
        visible: (user: User) => policy.canSeeUser(user.id, (id) => loaders.membershipsByUserId.load(id)),
      },
      Membership: { load: () => loaders.membershipById, visible: (m: Membership) => policy.canReadInternal(m.partyId) },
      AuditEvent: { load: () => loaders.auditEventById, visible: (e: AuditEvent) => policy.canSeeAuditEvent(e) },
      Guideline: { load: () => loaders.guidelineById, visible: (g: Guideline) => synergy.canReadGuideline(g) },
      Recommendation: {
        load: () => loaders.recommendationById,
        visible: async (r: Recommendation) => {
          const guideline = await loaders.guidelineById.load(r.guidelineId);
          return guideline !== null && (await synergy.canReadGuideline(guideline));
        },
      },
      PackageAssessment: {
        load: () => loaders.packageAssessmentById,
        visible: (a: PackageAssessment) => synergy.canReadAssessment(a),
      },
      SynergyLink: { load: () => loaders.synergyLinkById, visible: (l: SynergyLink) => synergy.canReadLink(l) },
      SynergyTrajectory: { load: () => loaders.synergyTrajectoryById },
      ResearchAgenda: { load: () => loaders.researchAgendaById },
      ResearchAgendaVersion: {
        load: () => loaders.agendaVersionById,
        visible: (v: ResearchAgendaVersion) => canReadAgendaVersion(loaders, policy, v),
      },
      AgendaItem: {
        load: () => loaders.agendaItemById,
        visible: async (i: AgendaItem) => {
          const version = await loaders.agendaVersionById.load(i.versionId);
          return version !== null && canReadAgendaVersion(loaders, policy, version);
        },
      },
      KnowledgeQuestion: { load: () => loaders.knowledgeQuestionById },
      PrioritisationCriterion: { load: () => loaders.prioritisationCriterionById },
      QuestionScore: { load: () => loaders.questionScoreById },
      ResearchProject: { load: () => loaders.researchProjectById },
    };
  }

  async node(globalId: string): Promise<Loadable | null> {
    const { type, id } = decodeGlobalId(globalId);
    const entry = this.byType[type];
    const node = (await entry?.load().load(id)) ?? null;
    if (!node || !entry?.visible) return node;
    return (await entry.visible(node as never)) ? node : null;
  }
}
