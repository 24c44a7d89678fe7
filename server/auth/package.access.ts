import type { PackageAssessment } from '../../entities';
import { Capability } from '../../entities/capability.enum';
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

  /** The acting party, or UNAUTHENTICATED / FORBIDDEN. */
  assertChange(assessment: Pick<PackageAssessment, 'assessorPartyId'>, what: string): Promise<string | null> {
    return this.policy.assert(Capability.PUBLISH_ASSESSMENTS, assessment.assessorPartyId, what);
  }

  /** The scope of `readScope` for SQL lists (ASSESSMENT_VISIBLE_SQL). */
  readScope() {
    return this.synergy.readScope();
  }
}
