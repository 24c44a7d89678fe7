import type { EntityManager } from 'typeorm';
import { Guideline, PackageAssessment } from '../../entities';
import { Capability } from '../../entities/capability.enum';
import { UnauthenticatedError } from '../errors';
import type { Policy } from './policy';
import type { SynergyAccess } from './synergy.access';
import type { Viewer } from './viewer';

/**
 * Who may read and change records of the deliverables domain (programmes, deliverables, status updates,
 * milestones). Deliverables themselves are public; planning them is a capability (MANAGE_PROGRAMMES).
 */

/** The text of a status update: signed-in users; anonymous clients see its health and date only. */
export function mayReadStatusUpdateText(viewer: Pick<Viewer, 'isAuthenticated'>): boolean {
  return viewer.isAuthenticated;
}

/**
 * The parties that may report on a deliverable, owners first: named owners and contributors. Generic
 * owner kinds (“zorgverzekeraars”) let no party report until VWS assigns a named owner.
 */
export const REPORTING_PARTIES_SQL = `SELECT party_id, true AS owner FROM deliverable_owner WHERE deliverable_id = $1
   UNION ALL
   SELECT party_id, false FROM deliverable_contributor WHERE deliverable_id = $1
   ORDER BY owner DESC, party_id`;

/** Reading and reporting rules of the deliverables domain for one request. */
export class DeliverablesAccess {
  constructor(
    private readonly policy: Policy,
    private readonly synergy: SynergyAccess,
  ) {}

  canReadStatusUpdateText(): boolean {
    return mayReadStatusUpdateText(this.policy.viewer);
  }

  /** A produced record (an output's target) is shown to those who may read it where it lives. */
  async canReadOutputTarget(target: unknown): Promise<boolean> {
    if (target instanceof Guideline) return this.synergy.canReadGuideline(target);
    if (target instanceof PackageAssessment) return this.synergy.canReadAssessment(target);
    return true;
  }

  /**
   * The party the viewer reports for: one that owns (preferred) or contributes to the deliverable and
   * through which the viewer holds POST_STATUS_UPDATES; null when none. Reads in the caller's transaction.
   */
  async reportingParty(manager: EntityManager, deliverableId: string): Promise<string | null> {
    if (!this.policy.viewer.isAuthenticated) throw new UnauthenticatedError('Sign in to report on a deliverable.');
    const rows: { party_id: string; owner: boolean }[] = await manager.query(REPORTING_PARTIES_SQL, [deliverableId]);
    for (const row of rows) {
      const { allowed, actingPartyId } = await this.policy.check(Capability.POST_STATUS_UPDATES, row.party_id);
      if (allowed) return actingPartyId;
    }
    return null;
  }
}
