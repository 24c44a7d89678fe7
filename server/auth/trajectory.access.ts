import type { EntityManager } from 'typeorm';
import { Capability } from '../../entities/capability.enum';
import { ForbiddenError } from '../errors';
import type { Policy } from './policy';

/**
 * Who manages a synergy trajectory (MANAGE_SYNERGY_TRAJECTORIES): Zorginstituut for every track (its
 * grant reaches every party), and a partner association for a track it takes part in — before and
 * after the change, so it can neither take over another track nor leave one it cannot then edit.
 */
export class TrajectoryAccess {
  constructor(private readonly policy: Policy) {}

  /** The acting party, or FORBIDDEN when none of `partyIds` (the track's parties) lets the viewer act. */
  async assertManage(partyIds: readonly string[], what: string): Promise<string | null> {
    const reach = await this.policy.reach(Capability.MANAGE_SYNERGY_TRAJECTORIES);
    if (reach.all) return this.policy.assert(Capability.MANAGE_SYNERGY_TRAJECTORIES, null, what);
    const own = partyIds.find((id) => reach.partyIds.includes(id));
    if (own) return own;
    await this.policy.assert(Capability.MANAGE_SYNERGY_TRAJECTORIES, null, what);
    throw new ForbiddenError(`Only Zorginstituut and the associations taking part may ${what}.`);
  }

  /** The parties of a trajectory now. */
  async partiesOf(manager: EntityManager, trajectoryId: string): Promise<string[]> {
    const rows: { party_id: string }[] = await manager.query(
      'SELECT party_id FROM synergy_trajectory_party WHERE synergy_trajectory_id = $1 ORDER BY party_id',
      [trajectoryId],
    );
    return rows.map((r) => r.party_id);
  }
}
