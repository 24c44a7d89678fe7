import type { DataSource } from 'typeorm';
import { CapabilityGrant } from '../../../entities';
import type { Capability } from '../../../entities/capability.enum';
import type { PartyKind } from '../../../entities/party-kind.enum';

/** The capability matrix as stored: public, so every party can see who may do what and why. */
export class CapabilityService {
  constructor(private readonly dataSource: DataSource) {}

  grants(filter?: { capability?: Capability | null; partyKind?: PartyKind | null } | null): Promise<CapabilityGrant[]> {
    const query = this.dataSource.getRepository(CapabilityGrant).createQueryBuilder('grant');
    if (filter?.capability) query.andWhere('grant.capability = :capability', { capability: filter.capability });
    if (filter?.partyKind)
      query.andWhere("(grant.partyKind = :kind OR grant.grantee = 'EVERY_PARTY')", { kind: filter.partyKind });
    return query.orderBy('grant.capability', 'ASC').addOrderBy('grant.key', 'ASC').getMany();
  }
}
