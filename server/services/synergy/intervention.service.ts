import type { DataSource } from 'typeorm';
import { Intervention } from '../../../entities';
import type { Connection } from '../../../schema/connection';
import { decodeIdOf, decodeIdListOf } from '../../../schema/global-id';
import type { InterventionFilter } from '../../../schema/inputs/intervention-filter.input';
import type { Config } from '../../config';
import type { Loaders } from '../../loaders';
import { paginate, type PageArgs } from '../../shared/pagination';
import { likePattern } from '../../shared/text-search';

export class InterventionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly loaders: Loaders,
    private readonly config: Config,
  ) {}

  list(filter: InterventionFilter | null | undefined, page: PageArgs): Promise<Connection<Intervention>> {
    const query = this.dataSource.getRepository(Intervention).createQueryBuilder('intervention');
    const sectorIds = decodeIdListOf('Sector', filter, 'sectorIds', 'sectorId');
    if (sectorIds) query.andWhere('intervention.sectorId = ANY(:sectorIds)', { sectorIds });
    if (filter?.search?.trim()) {
      query.andWhere(
        "(unaccent(intervention.name) ILIKE unaccent(:pattern) OR unaccent(coalesce(intervention.indication, '')) ILIKE unaccent(:pattern))",
        { pattern: likePattern(filter.search) },
      );
    }
    return paginate(query, page, {
      sortKeys: [
        { expression: 'intervention.name', value: (i) => i.name },
        { expression: 'intervention.id', value: (i) => i.id },
      ],
      maxPageSize: this.config.maxPageSize,
    });
  }

  byId(globalId: string): Promise<Intervention | null> {
    return this.loaders.interventionById.load(decodeIdOf('Intervention', globalId));
  }
}
