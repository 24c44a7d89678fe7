import type { DataSource } from 'typeorm';
import { PracticeCase } from '../../../entities';
import type { PracticeCaseKind } from '../../../entities/practice-case.entity';
import { decodeIdListOf } from '../../../schema/global-id';

/** The cases of the documents (casus, goed voorbeeld): public, few (the seed has eight), read-only. */
export class PracticeCaseService {
  constructor(private readonly dataSource: DataSource) {}

  /** One statement; ordered by key so the list is stable. */
  list(
    filter:
      { kind?: PracticeCaseKind | null; sectorIds?: string[] | null; sectorId?: string | null } | null | undefined,
  ) {
    const query = this.dataSource.getRepository(PracticeCase).createQueryBuilder('c');
    if (filter?.kind) query.andWhere('c.kind = :kind', { kind: filter.kind });
    const sectorIds = decodeIdListOf('Sector', filter, 'sectorIds', 'sectorId');
    if (sectorIds) query.andWhere('c.sectorId = ANY(:sectorIds)', { sectorIds });
    return query.orderBy('c.key', 'ASC').getMany();
  }
}
