import type { AgendaItem, AuditEvent, Guideline, Membership, PackageAssessment, Recommendation } from '../../entities';
import type { ResearchAgendaVersion, SynergyLink, User } from '../../entities';
import type {
  ConsultationRound,
  Contribution,
  PriorityScorecard,
  TopicCall,
  TopicCallSubmission,
} from '../../entities';
import { ConsultationAccess } from './consultation.access';
import type { Loaders } from '../loaders';
import type { WebhookDelivery, WebhookEndpoint } from '../../entities/webhook.entity';
import type { PackageSignal } from '../../entities/package-signal.entity';
import { DeliverablesAccess } from './deliverables.access';
import { PackageAccess } from './package.access';
import { PackageSignalAccess } from './package-signal.access';
import { PerspectiveAccess } from './perspective.access';
import type { Perspective } from '../../entities/perspective.entity';
import type { GuidelineOwnerInvitation } from '../../entities/guideline-owner-invitation.entity';
import { WebhookAccess } from './events.access';
import { PeopleAccess } from './people.access';
import type { Policy } from './policy';
import { ResearchAccess } from './research.access';
import { SynergyAccess } from './synergy.access';

/**
 * The access rules of every domain for one request: who may read and change which record. Capabilities
 * (who holds what, through which party) are the Policy's; the rules on top of them live in one module per
 * domain (`<domain>.access.ts`), and resolvers, services and `node(id:)` ask them.
 */
export interface Access {
  readonly people: PeopleAccess;
  readonly research: ResearchAccess;
  readonly synergy: SynergyAccess;
  readonly deliverables: DeliverablesAccess;
  readonly packageCycle: PackageAccess;
  readonly consultation: ConsultationAccess;
  readonly webhooks: WebhookAccess;
  readonly packageSignals: PackageSignalAccess;
  readonly perspectives: PerspectiveAccess;
  /**
   * Whether the viewer may read a node of `type` (node(id:)). Types without a rule here are public; a new
   * node type with drafts or internal records adds its rule.
   */
  canReadNode(type: string, node: unknown): Promise<boolean>;
}

export function createAccess(policy: Policy, loaders: Loaders): Access {
  const consultation = new ConsultationAccess(policy, loaders);
  const research = new ResearchAccess(policy, loaders, consultation);
  const synergy = new SynergyAccess(policy, loaders, consultation);
  const deliverables = new DeliverablesAccess(policy, synergy, loaders);
  const people = new PeopleAccess(policy, loaders, {
    sidesOfReadableLink: (linkId) => synergy.sidesOfReadableLink(linkId),
    accountableAmong: (event, partyIds) => deliverables.accountableAmong(event, partyIds),
    signalReadersAmong: (event, partyIds) => packageSignals.readersAmong(event, partyIds),
    ownerInvitationReadersAmong: (invitationId, partyIds) =>
      synergy.ownerInvitationReadersAmong(invitationId, partyIds),
    guidelineEventReadersAmong: (event, partyIds) => synergy.guidelineEventReadersAmong(event, partyIds),
  });
  const packageCycle = new PackageAccess(policy, synergy);
  const assessmentOf = (id: string) => loaders.packageAssessmentById.load(id);
  const webhooks = new WebhookAccess(policy, loaders);
  const packageSignals = new PackageSignalAccess(policy, loaders);
  // A perspective is read by whoever reads its target, by the target's rule (canReadNode, below).
  const perspectives = new PerspectiveAccess(policy, loaders, synergy, canReadNode);
  const rules: Record<string, (node: never) => Promise<boolean>> = {
    User: (user: User) => people.canSeeUser(user.id),
    Membership: (m: Membership) => people.canReadMembership(m),
    AuditEvent: (e: AuditEvent) => people.canSeeAuditEvent(e),
    Guideline: (g: Guideline) => synergy.canReadGuideline(g),
    Recommendation: (r: Recommendation) => synergy.canReadRecommendation(r),
    PackageAssessment: (a: PackageAssessment) => synergy.canReadAssessment(a),
    SynergyLink: (l: SynergyLink) => synergy.canReadLink(l),
    ResearchAgendaVersion: (v: ResearchAgendaVersion) => research.canReadAgendaVersion(v),
    AgendaItem: (i: AgendaItem) => research.canReadAgendaItem(i),
    AssessmentCondition: (c: { assessmentId: string }) => packageCycle.canReadPart(c, assessmentOf),
    AssessmentEvaluation: (e: { assessmentId: string }) => packageCycle.canReadPart(e, assessmentOf),
    AssessmentCriterionVerdict: (v: { assessmentId: string }) => packageCycle.canReadPart(v, assessmentOf),
    FundingArrangement: (f: { assessmentId: string }) => packageCycle.canReadPart(f, assessmentOf),
    MinisterialDecision: (d: { assessmentId: string }) => packageCycle.canReadPart(d, assessmentOf),
    ConsultationRound: (r: ConsultationRound) => consultation.canReadRound(r),
    Contribution: async (c: Contribution) => {
      const round = await loaders.consultationRoundById.load(c.roundId);
      return round !== null && consultation.canReadRound(round);
    },
    TopicCall: (c: TopicCall) => consultation.canReadCall(c),
    TopicCallSubmission: (s: TopicCallSubmission) => consultation.canReadSubmission(s),
    PriorityScorecard: (s: PriorityScorecard) => consultation.canReadScorecard(s),
    WebhookEndpoint: (e: WebhookEndpoint) => webhooks.canReadEndpoint(e),
    WebhookDelivery: (d: WebhookDelivery) => webhooks.canReadDelivery(d),
    PackageSignal: (s: PackageSignal) => packageSignals.canRead(s),
    Perspective: (p: Perspective) => perspectives.canRead(p),
    GuidelineOwnerInvitation: (i: GuidelineOwnerInvitation) => synergy.canReadOwnerInvitation(i),
  };
  return {
    people,
    research,
    synergy,
    deliverables,
    packageCycle,
    consultation,
    webhooks,
    packageSignals,
    perspectives,
    canReadNode,
  };

  async function canReadNode(type: string, node: unknown): Promise<boolean> {
    // Own entries only: a type named `constructor` in a forged id must not find Object's.
    const rule = Object.hasOwn(rules, type) ? rules[type as keyof typeof rules] : undefined;
    return rule ? rule(node as never) : true;
  }
}
