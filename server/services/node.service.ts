import type DataLoader from 'dataloader';
import type { BaseEntity } from '../../entities/base.entity';
import { decodeGlobalId } from '../../schema/global-id';
import type { Loaders } from '../loaders';

/** Resolves any global id to its object; a new node type registers its by-id loader here. */
export class NodeService {
  private readonly byType: Record<string, DataLoader<string, BaseEntity | null>>;

  constructor(loaders: Loaders) {
    this.byType = {
      Party: loaders.partyById,
      Sector: loaders.sectorById,
      PackageCriterion: loaders.packageCriterionById,
      Responsibility: loaders.responsibilityById,
    };
  }

  async node(globalId: string): Promise<BaseEntity | null> {
    const { type, id } = decodeGlobalId(globalId);
    return (await this.byType[type]?.load(id)) ?? null;
  }
}
