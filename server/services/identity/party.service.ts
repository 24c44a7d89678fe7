import type { DataSource, EntityManager } from 'typeorm';
import { Party } from '../../../entities';
import { Capability } from '../../../entities/capability.enum';
import type { UpdatePartyInput } from '../../../schema/inputs/identity.input';
import type { Policy } from '../../auth/policy';
import { changesBetween, type AuditService } from './audit.service';
import { lockForChange, saveNewVersion } from '../../shared/versioning';
import type { Connection } from '../../../schema/connection';
import { decodeIdListOf, decodeIdOf } from '../../../schema/global-id';
import type { PartyFilter } from '../../../schema/inputs/party-filter.input';
import type { Config } from '../../config';
import { BadUserInputError } from '../../errors';
import type { Loaders } from '../../loaders';
import { paginate, type PageArgs } from '../../shared/pagination';
import { likePattern } from '../../shared/text-search';

export class PartyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly loaders: Loaders,
    private readonly config: Config,
    private readonly policy: Policy,
    private readonly audit: AuditService,
  ) {}

  async list(filter: PartyFilter | null | undefined, page: PageArgs): Promise<Connection<Party>> {
    const query = this.dataSource.getRepository(Party).createQueryBuilder('party');
    if (filter?.kind) query.andWhere('party.kind = :kind', { kind: filter.kind });
    const sectorIds = decodeIdListOf('Sector', filter, 'sectorIds', 'sectorId');
    if (sectorIds) {
      // A party with no sector of its own (VWS, Zorginstituut, patient organisations) works across all
      // sectors, so a portal looking for partners in a sector must find it there too; in no sector, nobody.
      query.andWhere(
        '(EXISTS (SELECT 1 FROM party_sector ps WHERE ps.party_id = party.id AND ps.sector_id = ANY(:sectorIds))' +
          ' OR (cardinality(:sectorIds::uuid[]) > 0 AND NOT EXISTS (SELECT 1 FROM party_sector ps WHERE ps.party_id = party.id)))',
        { sectorIds },
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

  /** Editors of the party (and operators' parties with an ANY grant) edit its profile. */
  async update(input: UpdatePartyInput): Promise<Party> {
    const id = decodeIdOf('Party', input.id, 'input.id');
    return this.dataSource.transaction(async (manager) => {
      const { current, authorized: actingPartyId } = await lockForChange(
        manager,
        Party,
        id,
        input.version,
        'party',
        () => this.policy.assert(Capability.EDIT_PARTY_PROFILE, id, "edit this party's profile"),
      );
      const changes: Partial<Party> = {};
      if (input.shortName !== undefined) changes.shortName = input.shortName?.trim() || null;
      if (input.description !== undefined) changes.description = input.description?.trim() || null;
      const changed = changesBetween(current, { ...current, ...changes } as Party, ['shortName', 'description']);
      // Nothing changed: no new version, so nobody else's next edit gets a CONFLICT for it.
      if (changed.length === 0) return current;
      if (changes.shortName) await this.assertShortNameFree(manager, id, changes.shortName);
      const saved = await saveNewVersion(manager, Party, current, changes);
      await this.audit.record(manager, {
        entityType: 'Party',
        entityId: id,
        action: 'UPDATE',
        ownerPartyId: id,
        actingPartyId,
        changes: changed,
      });
      return saved;
    });
  }

  /** Short names identify parties (a unique index, case ignored, backs this up against races). */
  private async assertShortNameFree(manager: EntityManager, partyId: string, shortName: string): Promise<void> {
    const holder = await manager
      .getRepository(Party)
      .createQueryBuilder('party')
      .where('lower(party.shortName) = lower(:shortName) AND party.id <> :partyId', { shortName, partyId })
      .getOne();
    if (holder)
      throw new BadUserInputError(
        `The short name "${shortName}" is already ${holder.name}'s (case is ignored); choose another.`,
        'input.shortName',
      );
  }
}
