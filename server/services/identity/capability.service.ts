import type { DataSource } from 'typeorm';
import { CapabilityGrant } from '../../../entities';
import type { Capability } from '../../../entities/capability.enum';
import type { PartyKind } from '../../../entities/party-kind.enum';

/** The capability matrix as stored: public, so every party can see who may do what and why. */
export class CapabilityService {
  constructor(private readonly dataSource: DataSource) {}

  /** The first `limit` grants matching `filter`, by capability and key: only those are read. */
  grants(
    filter: { capability?: Capability | null; partyKind?: PartyKind | null } | null | undefined,
    limit: number,
  ): Promise<CapabilityGrant[]> {
    const query = this.dataSource.getRepository(CapabilityGrant).createQueryBuilder('grant');
    if (filter?.capability) query.andWhere('grant.capability = :capability', { capability: filter.capability });
    // A grant to one party (VWS, Zorginstituut, ZE&GG) reaches a party of its kind too.
    if (filter?.partyKind)
      query.andWhere(
        "(grant.partyKind = :kind OR grant.grantee = 'EVERY_PARTY' OR grant.partyId IN (SELECT p.id FROM party p WHERE p.kind = :kind))",
        { kind: filter.partyKind },
      );
    return query.orderBy('grant.capability', 'ASC').addOrderBy('grant.key', 'ASC').limit(limit).getMany();
  }
}
