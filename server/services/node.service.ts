import type DataLoader from 'dataloader';
import type {
  AuditEvent,
  Guideline,
  Membership,
  PackageAssessment,
  Recommendation,
  SynergyLink,
  User,
} from '../../entities';
import { decodeGlobalId } from '../../schema/global-id';
import type { Policy } from '../auth/policy';
import type { Loaders } from '../loaders';
import type { SynergyAccess } from './synergy-access';

type Loadable = { id: string };

/**
 * Resolves any global id to its object. A new node type registers its by-id loader here, and a
 * visibility check when not everything of that type is public.
 */
export class NodeService {
  private readonly byType: Record<
    string,
    { load: DataLoader<string, Loadable | null>; visible?: (node: never) => Promise<boolean> }
  >;

  constructor(loaders: Loaders, policy: Policy, synergy: SynergyAccess) {
    this.byType = {
      Party: { load: loaders.partyById },
      Sector: { load: loaders.sectorById },
      PackageCriterion: { load: loaders.packageCriterionById },
      Responsibility: { load: loaders.responsibilityById },
      CapabilityGrant: { load: loaders.capabilityGrantById },
      Intervention: { load: loaders.interventionById },
      User: { load: loaders.userById, visible: (user: User) => policy.canSeeUser(user.id) },
      Membership: { load: loaders.membershipById, visible: (m: Membership) => policy.canReadInternal(m.partyId) },
      AuditEvent: { load: loaders.auditEventById, visible: (e: AuditEvent) => policy.canSeeAuditEvent(e) },
      Guideline: { load: loaders.guidelineById, visible: (g: Guideline) => synergy.canReadGuideline(g) },
      Recommendation: {
        load: loaders.recommendationById,
        visible: async (r: Recommendation) => {
          const guideline = await loaders.guidelineById.load(r.guidelineId);
          return guideline !== null && (await synergy.canReadGuideline(guideline));
        },
      },
      PackageAssessment: {
        load: loaders.packageAssessmentById,
        visible: (a: PackageAssessment) => synergy.canReadAssessment(a),
      },
      SynergyLink: { load: loaders.synergyLinkById, visible: (l: SynergyLink) => synergy.canReadLink(l) },
      SynergyTrajectory: { load: loaders.synergyTrajectoryById },
    };
  }

  async node(globalId: string): Promise<Loadable | null> {
    const { type, id } = decodeGlobalId(globalId);
    const entry = this.byType[type];
    const node = (await entry?.load.load(id)) ?? null;
    if (!node || !entry?.visible) return node;
    return (await entry.visible(node as never)) ? node : null;
  }
}
