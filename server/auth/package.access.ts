import type { PackageAssessment } from '../../entities';
import { Capability } from '../../entities/capability.enum';
import { ConditionState } from '../../entities/package-cycle.enums';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../errors';
import type { SynergyAccess } from './synergy.access';
import type { Policy } from './policy';

/**
 * Who may see and change the package cycle of an assessment: its stages, conditions, conditional
 * admission, re-assessments and evaluations. They are part of the assessment, so they are read by
 * whoever reads the assessment (published: everyone; drafts: the assessor, VWS, operators) and changed
 * by the assessor (PUBLISH_ASSESSMENTS for the assessing party).
 */
export class PackageAccess {
  constructor(
    private readonly policy: Policy,
    private readonly synergy: SynergyAccess,
  ) {}

  canRead(assessment: PackageAssessment): Promise<boolean> {
    return this.synergy.canReadAssessment(assessment);
  }

  /** A condition or evaluation: whoever reads its assessment (node(id:), impact). */
  async canReadPart(part: { assessmentId: string }, load: (id: string) => Promise<PackageAssessment | null>) {
    const assessment = await load(part.assessmentId);
    return assessment !== null && (await this.canRead(assessment));
  }

  /**
   * The acting party, or UNAUTHENTICATED / FORBIDDEN; a draft the viewer may not read is NOT_FOUND, as if
   * it did not exist.
   */
  async assertChange(assessment: PackageAssessment, what: string): Promise<string | null> {
    if (!(await this.canRead(assessment))) throw new NotFoundError('No package assessment with this id.');
    return this.policy.assert(Capability.PUBLISH_ASSESSMENTS, assessment.assessorPartyId, what);
  }

  /**
   * A change to a condition: the assessor changes anything; the party that must meet the condition (its
   * owner) may add evidence only, through a member who may report for that party (POST_STATUS_UPDATES) —
   * that is how it is held to account — and only while the condition is OPEN: once the assessor has decided
   * it (MET, NOT_MET, WAIVED), the evidence the decision rested on stays until the assessor reopens it.
   * Returns the acting party, or UNAUTHENTICATED / FORBIDDEN.
   */
  async assertConditionChange(
    assessment: PackageAssessment,
    condition: { ownerPartyId: string | null; state: ConditionState },
    change: { evidenceOnly: boolean; changesEvidence: boolean },
  ): Promise<string | null> {
    const assessor = await this.policy.check(Capability.PUBLISH_ASSESSMENTS, assessment.assessorPartyId);
    if (assessor.allowed) return assessor.actingPartyId;
    // Those who may not read the assessment learn nothing about its conditions, not even that they exist.
    if (!(await this.canRead(assessment))) throw new NotFoundError('No condition with this id.');
    if (change.evidenceOnly && condition.ownerPartyId) {
      const owner = await this.policy.check(Capability.POST_STATUS_UPDATES, condition.ownerPartyId);
      if (owner.allowed && owner.actingPartyId === condition.ownerPartyId) {
        if (change.changesEvidence && condition.state !== ConditionState.OPEN)
          throw new ForbiddenError(
            `The assessor has decided this condition (${condition.state}): its evidence stays as the decision ` +
              'rested on it. Ask the assessor to reopen the condition to change the evidence.',
          );
        return owner.actingPartyId;
      }
    }
    return this.assertChange(
      assessment,
      change.evidenceOnly ? 'add evidence to this condition' : 'change this condition',
    );
  }

  /**
   * Funding (bekostiging) is the NZa's duty, not the assessor's (nza-bijpassende-bekostiging): who holds
   * RECORD_FUNDING_ARRANGEMENTS, granted to the party NZa, for that party itself through an own membership. The
   * acting party for a new arrangement (its owner), or UNAUTHENTICATED / FORBIDDEN; an assessment the viewer
   * may not read is NOT_FOUND, as if it did not exist.
   */
  async assertFundingRecorder(assessment: PackageAssessment): Promise<string> {
    if (!this.policy.viewer.isAuthenticated) throw new UnauthenticatedError('Sign in to record funding.');
    if (!(await this.canRead(assessment))) throw new NotFoundError('No package assessment with this id.');
    for (const partyId of this.policy.viewer.partyIds) {
      const { allowed, actingPartyId } = await this.policy.check(Capability.RECORD_FUNDING_ARRANGEMENTS, partyId);
      if (allowed && actingPartyId === partyId) return partyId;
    }
    throw new ForbiddenError(
      `Only the NZa records the funding of admitted care (needs ${Capability.RECORD_FUNDING_ARRANGEMENTS}).`,
    );
  }

  /** Changing a funding arrangement: the editors of the party that recorded it (the NZa), acting for it. */
  async assertFundingChange(arrangement: { partyId: string }, assessment: PackageAssessment): Promise<string> {
    if (!this.policy.viewer.isAuthenticated) throw new UnauthenticatedError('Sign in to change funding.');
    if (!(await this.canRead(assessment))) throw new NotFoundError('No funding arrangement with this id.');
    const { allowed, actingPartyId } = await this.policy.check(
      Capability.RECORD_FUNDING_ARRANGEMENTS,
      arrangement.partyId,
    );
    if (allowed && actingPartyId === arrangement.partyId) return actingPartyId;
    throw new ForbiddenError(
      `Only the party that records this funding may change it (needs ${Capability.RECORD_FUNDING_ARRANGEMENTS}).`,
    );
  }

  /**
   * The minister's decision on a pakketadvies is the minister's, not the assessor's (vws-besluit-over-pakketadvies):
   * who holds DECIDE_ON_PACKAGE_ADVICE, granted to the party VWS, for that party itself through an own membership.
   * The deciding party, or UNAUTHENTICATED / FORBIDDEN; an assessment the viewer may not read is NOT_FOUND.
   */
  async assertMinisterialDecider(assessment: PackageAssessment): Promise<string> {
    if (!this.policy.viewer.isAuthenticated)
      throw new UnauthenticatedError('Sign in to record the minister’s decision on a pakketadvies.');
    if (!(await this.canRead(assessment))) throw new NotFoundError('No package assessment with this id.');
    for (const partyId of this.policy.viewer.partyIds) {
      const { allowed, actingPartyId } = await this.policy.check(Capability.DECIDE_ON_PACKAGE_ADVICE, partyId);
      if (allowed && actingPartyId === partyId) return partyId;
    }
    throw new ForbiddenError(
      `Only the minister (VWS) decides whether a pakketadvies is followed; your memberships do not allow you to record that decision (needs ${Capability.DECIDE_ON_PACKAGE_ADVICE}).`,
    );
  }

  /** Correcting the minister's decision: the editors of the party that recorded it (VWS), acting for it. */
  async assertMinisterialDecisionChange(decision: { partyId: string }, assessment: PackageAssessment): Promise<string> {
    if (!this.policy.viewer.isAuthenticated)
      throw new UnauthenticatedError('Sign in to correct the minister’s decision on a pakketadvies.');
    if (!(await this.canRead(assessment))) throw new NotFoundError('No ministerial decision with this id.');
    const { allowed, actingPartyId } = await this.policy.check(Capability.DECIDE_ON_PACKAGE_ADVICE, decision.partyId);
    if (allowed && actingPartyId === decision.partyId) return actingPartyId;
    throw new ForbiddenError(
      `Only the party that recorded the minister’s decision (VWS) may correct it (needs ${Capability.DECIDE_ON_PACKAGE_ADVICE}).`,
    );
  }
}
