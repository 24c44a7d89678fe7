import type { DataSource } from 'typeorm';
import { Party } from '../../entities';
import type { Connection } from '../../schema/connection';
import { decodeIdOf } from '../../schema/global-id';
import type { PartyFilter } from '../../schema/inputs/party-filter.input';
import type { Config } from '../config';
import type { Loaders } from '../loaders';
import { paginate, type PageArgs } from './pagination';

/** Escapes LIKE wildcards so a search for “100%” matches literally. */
export function likePattern(text: string): string {
  return `%${text.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export class PartyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly loaders: Loaders,
    private readonly config: Config,
  ) {}

  async list(filter: PartyFilter | null | undefined, page: PageArgs): Promise<Connection<Party>> {
    const query = this.dataSource.getRepository(Party).createQueryBuilder('party');
    if (filter?.kind) query.andWhere('party.kind = :kind', { kind: filter.kind });
    if (filter?.sectorId) {
      const sectorId = decodeIdOf('Sector', filter.sectorId, 'filter.sectorId');
      query.andWhere(
        'EXISTS (SELECT 1 FROM party_sector ps WHERE ps.party_id = party.id AND ps.sector_id = :sectorId)',
        {
          sectorId,
        },
      );
    }
    if (filter?.search?.trim()) {
      query.andWhere(
        "(unaccent(party.name) ILIKE unaccent(:pattern) OR unaccent(coalesce(party.shortName, '')) ILIKE unaccent(:pattern))",
        { pattern: likePattern(filter.search) },
      );
    }
    return paginate(query, page, {
      sortKeys: [
        { expression: 'party.name', value: (p) => p.name },
        { expression: 'party.id', value: (p) => p.id },
      ],
      maxPageSize: this.config.maxPageSize,
    });
  }

  byId(globalId: string): Promise<Party | null> {
    return this.loaders.partyById.load(decodeIdOf('Party', globalId));
  }
}
