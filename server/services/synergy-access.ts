import type { EntityManager } from 'typeorm';
import type { Guideline, PackageAssessment, SynergyLink } from '../../entities';
import { Capability } from '../../entities/capability.enum';
import { GuidelineStatus } from '../../entities/synergy.enums';
import { consultationAccess, CONSULTED_SQL } from '../auth/consultation.access';
import type { Policy } from '../auth/policy';
import { ConsultationTargetKind } from '../../entities/consultation.enums';
import { ForbiddenError, NotFoundError, UnauthenticatedError } from '../errors';
import type { Loaders } from '../loaders';

/** Whose drafts a viewer reads: everyone's (VWS, operators) or those of the listed parties. */
export interface ReadScope {
  all: boolean;
  partyIds: string[];
}

/** A guideline is a draft until first published (IN_DEVELOPMENT); an assessment until `published`. */
export function isDraftGuideline(guideline: Pick<Guideline, 'status'>): boolean {
  return guideline.status === GuidelineStatus.IN_DEVELOPMENT;
}

/**
 * SQL conditions for “the viewer may read this guideline / assessment”, for lists and aggregates.
 * `$scopeAll` and `$scopeParties` are bound by `scopeParams`.
 */
export const GUIDELINE_VISIBLE_SQL = (alias: string, all: string, parties: string) =>
  `(${alias}.status <> 'IN_DEVELOPMENT' OR ${all} OR EXISTS (SELECT 1 FROM guideline_owner go_v WHERE go_v.guideline_id = ${alias}.id AND go_v.party_id = ANY(${parties})) OR ${CONSULTED_SQL(ConsultationTargetKind.GUIDELINE, `${alias}.id`, parties)})`;
export const ASSESSMENT_VISIBLE_SQL = (alias: string, all: string, parties: string) =>
  `(${alias}.published OR ${all} OR ${alias}.assessor_party_id = ANY(${parties}) OR ${CONSULTED_SQL(ConsultationTargetKind.PACKAGE_ASSESSMENT, `${alias}.id`, parties)})`;

/** Reading rules (drafts) and owner checks of the synergy domain, on top of the Policy. */
export class SynergyAccess {
  private scope?: Promise<ReadScope>;

  constructor(
    private readonly policy: Policy,
    private readonly loaders: Loaders,
  ) {}

  readScope(): Promise<ReadScope> {
    this.scope ??= (async () => {
      if (!this.policy.viewer.isAuthenticated) return { all: false, partyIds: [] };
      if (await this.policy.can(Capability.READ_ALL_INTERNAL)) return { all: true, partyIds: [] };
      const reach = await this.policy.reach(Capability.READ_PARTY_INTERNAL);
      return { all: reach.all, partyIds: reach.partyIds };
    })();
    return this.scope;
  }

  async ownerIds(guidelineId: string): Promise<string[]> {
    return (await this.loaders.ownersByGuidelineId.load(guidelineId)).map((p) => p.id);
  }

  async canReadGuideline(guideline: Guideline): Promise<boolean> {
    if (!isDraftGuideline(guideline)) return true;
    const scope = await this.readScope();
    if (scope.all) return true;
    const owners = await this.ownerIds(guideline.id);
    if (owners.some((id) => scope.partyIds.includes(id))) return true;
    return consultationAccess(this.policy, this.loaders).isConsultedOn(guideline.id);
  }

  async canReadAssessment(assessment: PackageAssessment): Promise<boolean> {
    if (assessment.published) return true;
    const scope = await this.readScope();
    if (scope.all || scope.partyIds.includes(assessment.assessorPartyId)) return true;
    return consultationAccess(this.policy, this.loaders).isConsultedOn(assessment.id);
  }

  async canReadLink(link: SynergyLink): Promise<boolean> {
    const [guideline, assessment] = await Promise.all([
      this.loaders.guidelineById.load(link.guidelineId),
      this.loaders.packageAssessmentById.load(link.assessmentId),
    ]);
    if (!guideline || !assessment) return false;
    const [g, a] = await Promise.all([this.canReadGuideline(guideline), this.canReadAssessment(assessment)]);
    return g && a;
  }

  async filterReadable<T>(items: T[], check: (item: T) => Promise<boolean>): Promise<T[]> {
    const visible = await Promise.all(items.map(check));
    return items.filter((_, i) => visible[i]);
  }

  /**
   * The party through which the viewer holds `capability` as one of `ownerIds` — a membership of an
   * owner, not a grant that reaches every party (Zorginstituut may confirm links, but not for the
   * association). FORBIDDEN otherwise.
   */
  async assertAsOwner(capability: Capability, ownerIds: string[], what: string): Promise<string> {
    if (!this.policy.viewer.isAuthenticated) throw new UnauthenticatedError(`Sign in to ${what}.`);
    for (const ownerId of ownerIds) {
      const { allowed, actingPartyId } = await this.policy.check(capability, ownerId);
      if (allowed && actingPartyId === ownerId) return ownerId;
    }
    throw new ForbiddenError(`Only editors of the owning association may ${what} (needs ${capability}).`);
  }

  /**
   * `assertAsOwner` for a change to `guideline`: a draft the viewer may not read is NOT_FOUND, like a
   * missing one, so a change cannot tell hidden drafts from random ids. `ownerIds` is the list read in
   * the transaction.
   */
  async assertGuidelineOwner(
    guideline: Pick<Guideline, 'status'>,
    ownerIds: string[],
    capability: Capability,
    what: string,
  ): Promise<string> {
    if (this.policy.viewer.isAuthenticated && isDraftGuideline(guideline)) {
      const scope = await this.readScope();
      if (!scope.all && !ownerIds.some((id) => scope.partyIds.includes(id)))
        throw new NotFoundError('No guideline with this id.');
    }
    return this.assertAsOwner(capability, ownerIds, what);
  }

  /** Owners of a guideline read inside a transaction (the loader may hold a stale list). */
  static async ownerIdsIn(manager: EntityManager, guidelineId: string): Promise<string[]> {
    const rows: { party_id: string }[] = await manager.query(
      'SELECT party_id FROM guideline_owner WHERE guideline_id = $1 ORDER BY party_id',
      [guidelineId],
    );
    return rows.map((r) => r.party_id);
  }
}
