import type { DataSource } from 'typeorm';
import { SynergyTrajectory } from '../../../entities';
import { decodeIdOf } from '../../../schema/global-id';
import type { Loaders } from '../../loaders';

/** Synergy trajectories: public, few, read-only here (their deliverables belong to the programmes domain). */
export class SynergyTrajectoryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly loaders: Loaders,
  ) {}

  /** Trajectories by key (of a sector, or all), the first `limit` when given. */
  list(sectorId: string | null, limit?: number): Promise<SynergyTrajectory[]> {
    const query = this.dataSource.getRepository(SynergyTrajectory).createQueryBuilder('t');
    if (sectorId) query.where('t.sectorId = :sectorId', { sectorId });
    if (limit !== undefined) query.limit(limit);
    return query.orderBy('t.key', 'ASC').getMany();
  }

  byId(globalId: string): Promise<SynergyTrajectory | null> {
    return this.loaders.synergyTrajectoryById.load(decodeIdOf('SynergyTrajectory', globalId));
  }
}
