import type { DataSource, EntityManager } from 'typeorm';
import { Party, Programme, Workstream } from '../../../entities';
import { Capability } from '../../../entities/capability.enum';
import { decodeIdOf } from '../../../schema/global-id';
import type {
  CreateProgrammeInput,
  CreateWorkstreamInput,
  UpdateProgrammeInput,
  UpdateWorkstreamInput,
} from '../../../schema/inputs/deliverable.input';
import type { Policy } from '../../auth/policy';
import { asOfOrToday } from './deliverable-query';
import { dateChangeFromInput, dateFromInput, NO_DATE } from '../../shared/fuzzy-dates';
import { newKey } from '../../shared/keys';
import { BadUserInputError, ConflictError, NotFoundError } from '../../errors';
import type { Loaders } from '../../loaders';
import { changesBetween, type AuditService } from '../identity/audit.service';
import { lockForChange, sameSet, saveNewVersion } from '../../shared/versioning';
import { dutchOrderSql } from '../../loaders/order';

const PROGRAMME_AUDITED = ['key', 'name', 'description', 'ownerPartyId', 'partnerPartyIds', 'period'] as const;
const WORKSTREAM_AUDITED: (keyof Workstream & string)[] = [
  'key',
  'programmeId',
  'name',
  'kind',
  'description',
  'position',
];

/** Programmes and their workstreams; VWS (MANAGE_PROGRAMMES) edits them, everyone reads them. */
export class ProgrammeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly loaders: Loaders,
    private readonly policy: Policy,
    private readonly audit: AuditService,
  ) {}

  /** The first `limit` programmes by name, in Dutch order like every list by name: only those are read. */
  list(limit: number): Promise<Programme[]> {
    return this.dataSource
      .getRepository(Programme)
      .createQueryBuilder('p')
      .orderBy(dutchOrderSql('p.name'))
      .addOrderBy('p.id')
      .limit(limit)
      .getMany();
  }

  byId(globalId: string): Promise<Programme | null> {
    return this.loaders.programmeById.load(decodeIdOf('Programme', globalId));
  }

  private async snapshot(manager: EntityManager, p: Programme) {
    const partners: { id: string }[] = await manager.query(
      'SELECT party_id AS id FROM programme_partner WHERE programme_id = $1 ORDER BY 1',
      [p.id],
    );
    return {
      key: p.key,
      name: p.name,
      description: p.description,
      ownerPartyId: p.ownerPartyId,
      partnerPartyIds: partners.map((r) => r.id),
      period: { ...p.period },
    };
  }

  private async parties(manager: EntityManager, ids: string[] | null | undefined, field: string) {
    if (!ids) return undefined;
    const decoded = [...new Set(ids.map((id) => decodeIdOf('Party', id, field)))];
    if (decoded.length && (await manager.count(Party, { where: decoded.map((id) => ({ id })) })) !== decoded.length)
      throw new BadUserInputError(`"${field}" names a party that does not exist.`, field);
    return decoded;
  }

  private async setPartners(manager: EntityManager, programmeId: string, partners: string[] | undefined) {
    if (!partners) return;
    await manager.query('DELETE FROM programme_partner WHERE programme_id = $1', [programmeId]);
    if (partners.length)
      await manager.query('INSERT INTO programme_partner (programme_id, party_id) SELECT $1, unnest($2::uuid[])', [
        programmeId,
        partners,
      ]);
  }

  async create(input: CreateProgrammeInput): Promise<Programme> {
    const ownerPartyId = input.ownerPartyId ? decodeIdOf('Party', input.ownerPartyId, 'input.ownerPartyId') : null;
    const actingPartyId = await this.policy.assert(Capability.MANAGE_PROGRAMMES, ownerPartyId, 'manage programmes');
    return this.dataSource.transaction(async (manager) => {
      const key = input.key?.trim() || newKey(input.name);
      if (await manager.existsBy(Programme, { key })) throw new ConflictError(`A programme with key "${key}" exists.`);
      const [owner] = (await this.parties(manager, ownerPartyId ? [input.ownerPartyId!] : [], 'input.ownerPartyId'))!;
      const partners = await this.parties(manager, input.partnerPartyIds, 'input.partnerPartyIds');
      const period = dateFromInput(input.period, input.periodLabel, 'input.period', asOfOrToday()) ?? { ...NO_DATE };
      const saved = await manager.save(
        Programme,
        manager.create(Programme, {
          key,
          name: input.name.trim(),
          description: input.description?.trim() || null,
          ownerPartyId: owner ?? null,
          period: period as Programme['period'],
        }),
      );
      await this.setPartners(manager, saved.id, partners);
      await this.audit.record(manager, {
        entityType: 'Programme',
        entityId: saved.id,
        action: 'CREATE',
        ownerPartyId: saved.ownerPartyId,
        actingPartyId,
        changes: changesBetween(null, await this.snapshot(manager, saved), [...PROGRAMME_AUDITED]),
      });
      return saved;
    });
  }

  async update(input: UpdateProgrammeInput): Promise<Programme> {
    const id = decodeIdOf('Programme', input.id, 'input.id');
    return this.dataSource.transaction(async (manager) => {
      const { current, authorized: actingPartyId } = await lockForChange(
        manager,
        Programme,
        id,
        input.version,
        'programme',
        (current) => this.policy.assert(Capability.MANAGE_PROGRAMMES, current.ownerPartyId, 'manage programmes'),
      );
      const before = await this.snapshot(manager, current);
      const changes: Partial<Programme> = {};
      if (input.name) changes.name = input.name.trim();
      if (input.description !== undefined) changes.description = input.description?.trim() || null;
      if (input.ownerPartyId !== undefined)
        changes.ownerPartyId = input.ownerPartyId
          ? (await this.parties(manager, [input.ownerPartyId], 'input.ownerPartyId'))![0]!
          : null;
      const period = dateChangeFromInput(input.period, input.periodLabel, 'input.period', asOfOrToday());
      if (period) changes.period = period as Programme['period'];
      const partners = await this.parties(manager, input.partnerPartyIds, 'input.partnerPartyIds');
      if (partners && !sameSet(before.partnerPartyIds, partners)) await this.setPartners(manager, id, partners);
      const changed = changesBetween(before, await this.snapshot(manager, { ...current, ...changes } as Programme), [
        ...PROGRAMME_AUDITED,
      ]);
      // Nothing changed: no new version, so nobody else's next edit gets a CONFLICT for it (as for deliverables).
      if (changed.length === 0) return current;
      const saved = await saveNewVersion(manager, Programme, current, changes);
      await this.audit.record(manager, {
        entityType: 'Programme',
        entityId: id,
        action: 'UPDATE',
        ownerPartyId: saved.ownerPartyId,
        actingPartyId,
        changes: changed,
      });
      return saved;
    });
  }

  async createWorkstream(input: CreateWorkstreamInput): Promise<Workstream> {
    const programmeId = decodeIdOf('Programme', input.programmeId, 'input.programmeId');
    return this.dataSource.transaction(async (manager) => {
      // Locked so that concurrent creations without a position each see the others' and go last in turn.
      const programme = await manager.findOne(Programme, {
        where: { id: programmeId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!programme) throw new NotFoundError('No programme with this id.');
      const actingPartyId = await this.policy.assert(
        Capability.MANAGE_PROGRAMMES,
        programme.ownerPartyId,
        'manage workstreams',
      );
      const key = input.key?.trim() || newKey(input.name);
      if (await manager.existsBy(Workstream, { key }))
        throw new ConflictError(`A workstream with key "${key}" exists.`);
      // After the last one, not at the count: positions may have gaps (one placed at 5).
      const position =
        input.position ??
        (
          await manager.query(
            'SELECT COALESCE(MAX(position) + 1, 0)::int AS next FROM workstream WHERE programme_id = $1',
            [programmeId],
          )
        )[0].next;
      const saved = await manager.save(
        Workstream,
        manager.create(Workstream, {
          key,
          programmeId,
          name: input.name.trim(),
          kind: input.kind,
          description: input.description?.trim() || null,
          position,
        }),
      );
      await this.audit.record(manager, {
        entityType: 'Workstream',
        entityId: saved.id,
        action: 'CREATE',
        ownerPartyId: programme.ownerPartyId,
        actingPartyId,
        changes: changesBetween(null, saved, WORKSTREAM_AUDITED),
      });
      return saved;
    });
  }

  async updateWorkstream(input: UpdateWorkstreamInput): Promise<Workstream> {
    const id = decodeIdOf('Workstream', input.id, 'input.id');
    return this.dataSource.transaction(async (manager) => {
      const {
        current,
        authorized: { programme, actingPartyId },
      } = await lockForChange(manager, Workstream, id, input.version, 'workstream', async (workstream) => {
        const programme = await manager.findOneByOrFail(Programme, { id: workstream.programmeId });
        const actingPartyId = await this.policy.assert(
          Capability.MANAGE_PROGRAMMES,
          programme.ownerPartyId,
          'manage workstreams',
        );
        return { programme, actingPartyId };
      });
      const changes: Partial<Workstream> = {};
      if (input.name) changes.name = input.name.trim();
      if (input.kind) changes.kind = input.kind;
      if (input.description !== undefined) changes.description = input.description?.trim() || null;
      if (input.position != null) changes.position = input.position;
      const changed = changesBetween(current, { ...current, ...changes } as Workstream, WORKSTREAM_AUDITED);
      if (changed.length === 0) return current;
      const saved = await saveNewVersion(manager, Workstream, current, changes);
      await this.audit.record(manager, {
        entityType: 'Workstream',
        entityId: id,
        action: 'UPDATE',
        ownerPartyId: programme.ownerPartyId,
        actingPartyId,
        changes: changed,
      });
      return saved;
    });
  }
}
