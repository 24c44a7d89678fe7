import type { DataSource } from 'typeorm';
import { PackageCriterion, Responsibility, Sector } from '../../../entities';
import { decodeIdOf } from '../../../schema/global-id';
import type { PackageCriterionFilter, ResponsibilityFilter } from '../../../schema/inputs/reference-filters.input';
import type { Loaders } from '../../loaders';

/** Sectors, package criteria and documented responsibilities: small, read-mostly reference data. */
export class ReferenceDataService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly loaders: Loaders,
  ) {}

  sectors(): Promise<Sector[]> {
    return this.dataSource.getRepository(Sector).find({ order: { nameNl: 'ASC' } });
  }

  sector(globalId: string): Promise<Sector | null> {
    return this.loaders.sectorById.load(decodeIdOf('Sector', globalId));
  }

  packageCriteria(filter?: PackageCriterionFilter | null): Promise<PackageCriterion[]> {
    const query = this.dataSource.getRepository(PackageCriterion).createQueryBuilder('criterion');
    if (filter?.status) query.andWhere('criterion.status = :status', { status: filter.status });
    if (filter?.type) query.andWhere('criterion.type = :type', { type: filter.type });
    // Legal requirements after the criteria; within each, the order the documents use (legal first).
    return query
      .orderBy('criterion.type', 'ASC')
      .addOrderBy('criterion.status', 'ASC')
      .addOrderBy('criterion.nameNl', 'ASC')
      .getMany();
  }

  responsibilities(filter?: ResponsibilityFilter | null): Promise<Responsibility[]> {
    const query = this.dataSource.getRepository(Responsibility).createQueryBuilder('responsibility');
    if (filter?.partyKind) {
      query.andWhere(
        '(responsibility.partyKind = :kind OR responsibility.partyId IN (SELECT p.id FROM party p WHERE p.kind = :kind))',
        { kind: filter.partyKind },
      );
    }
    if (filter?.area) query.andWhere('responsibility.area = :area', { area: filter.area });
    return query.orderBy('responsibility.area', 'ASC').addOrderBy('responsibility.key', 'ASC').getMany();
  }
}
