import type { EntityManager } from 'typeorm';
import { Capability } from '../../entities/capability.enum';
import type { PartyKind } from '../../entities/party-kind.enum';
import { UnauthenticatedError } from '../errors';
import type { Policy } from './policy';

/** The columns of a deliverable that decide who reports on it. */
export interface DeliverableOwnership {
  id: string;
  ownerPartyKinds: readonly PartyKind[];
  leadPartyId: string | null;
}

/**
 * Who reports on a deliverable, in one place for posting updates, completing milestones, listing "my"
 * deliverables and the party dashboard. Named owners and contributors report through
 * POST_STATUS_UPDATES; when the documents name a kind of party as owner ("zorgverzekeraars"), the
 * editors of every party of that kind report through REPORT_AS_GROUP_OWNER, the lead party first.
 */
export class DeliverableAccess {
  constructor(private readonly policy: Policy) {}

  /** The party the viewer reports for, or null when the viewer's parties may not report on it. */
  async reportingParty(manager: EntityManager, deliverable: DeliverableOwnership): Promise<string | null> {
    const viewer = this.policy.viewer;
    if (!viewer.isAuthenticated) throw new UnauthenticatedError('Sign in to report on a deliverable.');
    const rows: { party_id: string; owner: boolean }[] = await manager.query(
      `SELECT party_id, true AS owner FROM deliverable_owner WHERE deliverable_id = $1
       UNION ALL
       SELECT party_id, false FROM deliverable_contributor WHERE deliverable_id = $1
       ORDER BY owner DESC, party_id`,
      [deliverable.id],
    );
    for (const row of rows) {
      const { allowed, actingPartyId } = await this.policy.check(Capability.POST_STATUS_UPDATES, row.party_id);
      if (allowed) return actingPartyId;
    }
    const kinds = new Set(deliverable.ownerPartyKinds);
    const groupMembers = viewer.memberships
      .filter((m) => kinds.has(m.partyKind))
      .sort((a, b) => Number(b.partyId === deliverable.leadPartyId) - Number(a.partyId === deliverable.leadPartyId));
    for (const membership of groupMembers) {
      const { allowed } = await this.policy.check(Capability.REPORT_AS_GROUP_OWNER, membership.partyId);
      // Recorded with the member's own party, even when the grant reaches further.
      if (allowed) return membership.partyId;
    }
    return null;
  }

  /**
   * SQL on deliverable alias `d`: the deliverables the viewer's parties own (by name, by kind or as
   * lead) or contribute to. `param` turns a value into a placeholder.
   */
  mineCondition(param: (value: unknown) => string): string {
    const viewer = this.policy.viewer;
    if (!viewer.memberships.length) return 'false';
    const parties = param(viewer.partyIds);
    const kinds = param([...new Set(viewer.memberships.map((m) => m.partyKind))]);
    return `(EXISTS (SELECT 1 FROM deliverable_owner mo WHERE mo.deliverable_id = d.id AND mo.party_id = ANY(${parties}::uuid[]))
      OR EXISTS (SELECT 1 FROM deliverable_contributor mc WHERE mc.deliverable_id = d.id AND mc.party_id = ANY(${parties}::uuid[]))
      OR d.lead_party_id = ANY(${parties}::uuid[])
      OR d.owner_party_kinds && CAST(${kinds} AS party_kind[]))`;
  }
}

/**
 * SQL (a lateral subquery on a row `s` carrying `id`, `lead_party_id`, `owner_party_kinds`): every party
 * a deliverable counts for on a party dashboard — named owners, the lead party and each party of an
 * owning kind — once each.
 */
export const ACCOUNTABLE_PARTIES_SQL = `SELECT o.party_id FROM deliverable_owner o WHERE o.deliverable_id = s.id
  UNION SELECT s.lead_party_id WHERE s.lead_party_id IS NOT NULL
  UNION SELECT p.id FROM party p WHERE p.kind = ANY(s.owner_party_kinds)`;
