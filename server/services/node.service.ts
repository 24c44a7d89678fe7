import type DataLoader from 'dataloader';
import { decodeGlobalId } from '../../schema/global-id';
import type { Access } from '../auth/access';
import type { Loaders } from '../loaders';

type Loadable = { id: string };

/**
 * Resolves any global id to its object. A new node type registers its by-id loader here; whether the
 * viewer may read it is `Access.canReadNode` (server/auth/access.ts). Loaders are named, not touched,
 * until an id of their type is asked for (each request builds only the loaders it uses).
 */
export class NodeService {
  private readonly byType: Record<string, () => DataLoader<string, Loadable | null>>;

  constructor(
    loaders: Loaders,
    private readonly access: Access,
  ) {
    this.byType = {
      Party: () => loaders.partyById,
      Sector: () => loaders.sectorById,
      PackageCriterion: () => loaders.packageCriterionById,
      Responsibility: () => loaders.responsibilityById,
      CapabilityGrant: () => loaders.capabilityGrantById,
      Intervention: () => loaders.interventionById,
      Programme: () => loaders.programmeById,
      Workstream: () => loaders.workstreamById,
      Deliverable: () => loaders.deliverableById,
      Milestone: () => loaders.milestoneById,
      StatusUpdate: () => loaders.statusUpdateById,
      User: () => loaders.userById,
      Membership: () => loaders.membershipById,
      AuditEvent: () => loaders.auditEventById,
      Guideline: () => loaders.guidelineById,
      Recommendation: () => loaders.recommendationById,
      PackageAssessment: () => loaders.packageAssessmentById,
      SynergyLink: () => loaders.synergyLinkById,
      SynergyTrajectory: () => loaders.synergyTrajectoryById,
      ResearchAgenda: () => loaders.researchAgendaById,
      ResearchAgendaVersion: () => loaders.agendaVersionById,
      AgendaItem: () => loaders.agendaItemById,
      KnowledgeQuestion: () => loaders.knowledgeQuestionById,
      PrioritisationCriterion: () => loaders.prioritisationCriterionById,
      QuestionScore: () => loaders.questionScoreById,
      ResearchProject: () => loaders.researchProjectById,
      PracticeCase: () => loaders.practiceCaseById,
      AssessmentCondition: () => loaders.conditionById,
      AssessmentCriterionVerdict: () => loaders.assessmentCriterionVerdictById,
      AssessmentEvaluation: () => loaders.evaluationById,
      ConsultationRound: () => loaders.consultationRoundById,
      Contribution: () => loaders.contributionById,
      TopicCall: () => loaders.topicCallById,
      TopicCallSubmission: () => loaders.topicCallSubmissionById,
      PriorityScorecard: () => loaders.priorityScorecardById,
      WebhookEndpoint: () => loaders.webhookEndpointById,
      WebhookDelivery: () => loaders.webhookDeliveryById,
      PackageSignal: () => loaders.packageSignalById,
      Perspective: () => loaders.perspectiveById,
      GuidelineOwnerInvitation: () => loaders.guidelineOwnerInvitationById,
      FundingArrangement: () => loaders.fundingArrangementById,
      MinisterialDecision: () => loaders.ministerialDecisionById,
    };
  }

  /** The loader of a type named in a global id: its own entries only (`constructor` is no type). */
  private loaderOf(type: string): (() => DataLoader<string, Loadable | null>) | undefined {
    return Object.hasOwn(this.byType, type) ? this.byType[type] : undefined;
  }

  /** Records of one type by id, null where missing or not visible to the viewer; one batch per type. */
  async loadVisible(type: string, ids: readonly string[]): Promise<(Loadable | null)[]> {
    const load = this.loaderOf(type);
    if (!load) return ids.map(() => null);
    const found = await load().loadMany(ids);
    return Promise.all(
      found.map(async (node) => {
        if (!node || node instanceof Error) return null;
        return (await this.access.canReadNode(type, node)) ? node : null;
      }),
    );
  }

  node(globalId: string): Promise<Loadable | null> {
    const { type, id } = decodeGlobalId(globalId);
    return this.nodeOf(type, id);
  }

  /** One record by its type and database id, null where missing or not visible to the viewer. */
  async nodeOf(type: string, id: string): Promise<Loadable | null> {
    const load = this.loaderOf(type);
    const node = (await load?.().load(id)) ?? null;
    if (!node) return null;
    return (await this.access.canReadNode(type, node)) ? node : null;
  }
}
