import type {
  Guideline,
  KnowledgeQuestion,
  Perspective,
  ResearchAgenda,
  ResearchAgendaVersion,
  SynergyLink,
} from '../../entities';
import type { EntityManager } from 'typeorm';
import { Capability } from '../../entities/capability.enum';
import { PERSPECTIVE_TARGET_TYPES, PerspectiveKind, PerspectiveTargetKind } from '../../entities/perspective.enums';
import { SynergyLinkSide } from '../../entities/synergy.enums';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../errors';
import type { Loaders } from '../loaders';
import type { Policy } from './policy';
import { assertAgendaManager, assertQuestionEditor } from './research.access';
import type { LinkParties, SynergyAccess } from './synergy.access';

/** The capability each kind of perspective needs (the grants: patient organisations; insurers, providers). */
export const PERSPECTIVE_CAPABILITY: Readonly<Record<PerspectiveKind, Capability>> = {
  [PerspectiveKind.PATIENT_PERSPECTIVE]: Capability.ADD_PATIENT_PERSPECTIVE,
  [PerspectiveKind.IMPACT]: Capability.COMMENT_IMPACT,
};

export type PerspectiveTarget = KnowledgeQuestion | ResearchAgenda | ResearchAgendaVersion | SynergyLink | Guideline;

/**
 * Who reads, adds and answers standing perspectives. A perspective has no read rule of its own: it is read by
 * whoever reads what it is about, by that record's own rule (`canReadNode`, the table `node(id:)` asks), so one
 * on a link follows the link's rule and one on a draft the draft's. It is added, changed and withdrawn by a
 * member (CONTRIBUTOR and up) of the party it speaks for holding the kind's capability through that party, and
 * answered by whoever may edit the target: a question's editor (its proposing party, or a coordinator reaching
 * every party), the party that manages an agenda, either side of a link, an owning association of a guideline.
 */
export class PerspectiveAccess {
  constructor(
    private readonly policy: Policy,
    private readonly loaders: Loaders,
    private readonly synergy: SynergyAccess,
    private readonly canReadNode: (type: string, node: unknown) => Promise<boolean>,
  ) {}

  /** The record a perspective is about, as it is now; null when it is gone. */
  async target(kind: PerspectiveTargetKind, id: string): Promise<PerspectiveTarget | null> {
    switch (kind) {
      case PerspectiveTargetKind.KNOWLEDGE_QUESTION:
        return this.loaders.knowledgeQuestionById.load(id);
      case PerspectiveTargetKind.RESEARCH_AGENDA:
        return this.loaders.researchAgendaById.load(id);
      case PerspectiveTargetKind.AGENDA_VERSION:
        return this.loaders.agendaVersionById.load(id);
      case PerspectiveTargetKind.SYNERGY_LINK:
        return this.loaders.synergyLinkById.load(id);
      case PerspectiveTargetKind.GUIDELINE:
        return this.loaders.guidelineById.load(id);
    }
  }

  /** Whether the viewer reads `target`, by its own domain's rule. */
  canReadTarget(kind: PerspectiveTargetKind, target: PerspectiveTarget): Promise<boolean> {
    return this.canReadNode(PERSPECTIVE_TARGET_TYPES[kind], target);
  }

  async canRead(perspective: Pick<Perspective, 'targetKind' | 'targetId'>): Promise<boolean> {
    const target = await this.target(perspective.targetKind, perspective.targetId);
    return target !== null && this.canReadTarget(perspective.targetKind, target);
  }

  /** Before any change: a perspective whose target the viewer may not read is NOT_FOUND, like a missing one. */
  async assertReadable(perspective: Pick<Perspective, 'targetKind' | 'targetId'>): Promise<void> {
    if (!(await this.canRead(perspective))) throw new NotFoundError('No perspective with this id.');
  }

  /** Whether the viewer speaks for `partyId` with the kind's capability, through a membership of that party. */
  private async speaksFor(kind: PerspectiveKind, partyId: string): Promise<boolean> {
    const { allowed, actingPartyId } = await this.policy.check(PERSPECTIVE_CAPABILITY[kind], partyId);
    return allowed && actingPartyId === partyId;
  }

  /** The party a new perspective speaks for: `requested`, else the viewer's first party that may. */
  async speakingParty(kind: PerspectiveKind, requested: string | null): Promise<string> {
    if (!this.policy.viewer.isAuthenticated) throw new UnauthenticatedError('Sign in to add a perspective.');
    for (const partyId of requested ? [requested] : this.policy.viewer.partyIds)
      if (await this.speaksFor(kind, partyId)) return partyId;
    throw new ForbiddenError(
      `Your memberships do not allow you to add ${kind}${requested ? ' for this party' : ''} (needs ${PERSPECTIVE_CAPABILITY[kind]}).`,
    );
  }

  /** Changing or withdrawing: a member of the perspective's own party that holds its capability there. */
  async assertAuthorParty(perspective: Perspective, what: string): Promise<string> {
    await this.assertReadable(perspective);
    if (await this.speaksFor(perspective.kind, perspective.partyId)) return perspective.partyId;
    throw new ForbiddenError(
      `Only members of the party it speaks for may ${what} (needs ${PERSPECTIVE_CAPABILITY[perspective.kind]}).`,
    );
  }

  /**
   * Answering: whoever may edit the target, by the target domain's rule; returns the party answered for. Its SQL
   * twin is the PERSPECTIVE_AWAITING_RESPONSE branch of the inbox (inbox.service.ts): a change here changes it.
   */
  async assertAnswerer(perspective: Perspective, manager: EntityManager, what: string): Promise<string | null> {
    await this.assertReadable(perspective);
    if (!this.policy.viewer.isAuthenticated) throw new UnauthenticatedError(`Sign in to ${what}.`);
    const target = (await this.target(perspective.targetKind, perspective.targetId))!;
    switch (perspective.targetKind) {
      case PerspectiveTargetKind.KNOWLEDGE_QUESTION:
        return assertQuestionEditor(this.policy, manager, target as KnowledgeQuestion, what);
      case PerspectiveTargetKind.RESEARCH_AGENDA:
        return assertAgendaManager(this.policy, target as ResearchAgenda, what);
      case PerspectiveTargetKind.AGENDA_VERSION: {
        const agenda = await this.loaders.researchAgendaById.load((target as ResearchAgendaVersion).agendaId);
        return assertAgendaManager(this.policy, agenda!, what);
      }
      case PerspectiveTargetKind.SYNERGY_LINK: {
        const link = target as SynergyLink;
        const parties: LinkParties = {
          ownerIds: () => this.synergy.ownerIds(link.guidelineId),
          assessorPartyId: async () =>
            (await this.loaders.packageAssessmentById.load(link.assessmentId))?.assessorPartyId ?? null,
        };
        // Either side answers: the guideline's owners first, else the assessor.
        try {
          return await this.synergy.assertSide(
            SynergyLinkSide.GUIDELINE_OWNER,
            Capability.CONFIRM_SYNERGY_LINKS,
            parties,
            what,
          );
        } catch (error) {
          if (!(error instanceof ForbiddenError)) throw error;
          return this.synergy.assertSide(SynergyLinkSide.ASSESSOR, Capability.CONFIRM_SYNERGY_LINKS, parties, what);
        }
      }
      case PerspectiveTargetKind.GUIDELINE: {
        const guideline = target as Guideline;
        return this.synergy.assertGuidelineOwner(
          guideline,
          await this.synergy.ownerIds(guideline.id),
          Capability.MANAGE_GUIDELINES,
          what,
        );
      }
    }
  }
}
