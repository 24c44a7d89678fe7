import { In, type DataSource, type EntityManager } from 'typeorm';
import { Party, Sector, SynergyTrajectory } from '../../../entities';
import { OutputTargetType } from '../../../entities/deliverable.enums';
import { TRAJECTORY_TRANSITIONS, TrajectoryPhase } from '../../../entities/synergy.enums';
import { decodeIdOf } from '../../../schema/global-id';
import type {
  CreateSynergyTrajectoryInput,
  SynergyTrajectoryFieldsInput,
  UpdateSynergyTrajectoryInput,
} from '../../../schema/inputs/edits.input';
import type { Policy } from '../../auth/policy';
import { TrajectoryAccess } from '../../auth/trajectory.access';
import { BadUserInputError } from '../../errors';
import { changesBetween, type AuditService } from '../identity/audit.service';
import { reachedArtefact, recordOutputReached } from '../deliverables/output-progress';
import { newKey } from '../../shared/keys';
import { assertTransition } from '../../shared/transitions';
import { lockForChange, sameSet, saveNewVersion } from '../../shared/versioning';

const AUDITED = ['name', 'sectorId', 'phase', 'phaseAsOf', 'deliverableKeys', 'note', 'partyIds'] as const;

/** Creating and updating synergy trajectories; a phase change reports progress on deliverables that wait for it. */
export class TrajectoryEditService {
  private readonly access: TrajectoryAccess;

  constructor(
    private readonly dataSource: DataSource,
    policy: Policy,
    private readonly audit: AuditService,
  ) {
    this.access = new TrajectoryAccess(policy);
  }

  private async partyIds(manager: EntityManager, input: SynergyTrajectoryFieldsInput): Promise<string[] | undefined> {
    if (!input.partyIds) return undefined;
    const ids = [...new Set(input.partyIds.map((id, i) => decodeIdOf('Party', id, `input.partyIds.${i}`)))];
    if ((await manager.countBy(Party, { id: In(ids) })) !== ids.length)
      throw new BadUserInputError('One of the parties does not exist.', 'input.partyIds');
    return ids;
  }

  private async replaceParties(manager: EntityManager, id: string, partyIds: string[]): Promise<void> {
    await manager.query('DELETE FROM synergy_trajectory_party WHERE synergy_trajectory_id = $1', [id]);
    if (partyIds.length)
      await manager.query(
        'INSERT INTO synergy_trajectory_party (synergy_trajectory_id, party_id) SELECT $1, unnest($2::uuid[])',
        [id, partyIds],
      );
  }

  /**
   * The deliverables the trajectory serves, by key: each must exist, or progress on it would never be
   * reported (a typo would pass unnoticed). Repeats are dropped.
   */
  private async deliverableKeys(manager: EntityManager, input: SynergyTrajectoryFieldsInput) {
    if (!input.deliverableKeys) return undefined;
    const given = input.deliverableKeys.map((k) => k.trim());
    const blank = given.indexOf('');
    if (blank >= 0)
      throw new BadUserInputError('A deliverable key may not be empty.', `input.deliverableKeys.${blank}`);
    const keys = [...new Set(given)];
    const rows: { key: string }[] = await manager.query('SELECT key FROM deliverable WHERE key = ANY($1::text[])', [
      keys,
    ]);
    const found = new Set(rows.map((r) => r.key));
    const missing = given.findIndex((k) => !found.has(k));
    if (missing >= 0)
      throw new BadUserInputError(`No deliverable with key “${given[missing]}”.`, `input.deliverableKeys.${missing}`);
    return keys;
  }

  private async fields(
    manager: EntityManager,
    input: SynergyTrajectoryFieldsInput,
  ): Promise<Partial<SynergyTrajectory>> {
    const changes: Partial<SynergyTrajectory> = {};
    if (input.phase) changes.phase = input.phase;
    if (input.phaseAsOf !== undefined) changes.phaseAsOf = input.phaseAsOf;
    const deliverableKeys = await this.deliverableKeys(manager, input);
    if (deliverableKeys) changes.deliverableKeys = deliverableKeys;
    if (input.note !== undefined) changes.note = input.note?.trim() || null;
    return changes;
  }

  /** After a change of phase, the deliverables whose output is this trajectory at that phase hear of it. */
  private async phaseReached(manager: EntityManager, saved: SynergyTrajectory, actingPartyId: string | null) {
    await recordOutputReached(
      manager,
      this.audit,
      { userId: this.audit.actorId, partyId: actingPartyId },
      reachedArtefact(OutputTargetType.SYNERGY_TRAJECTORY, saved.key, { title: saved.name, phase: saved.phase }),
    );
  }

  async create(input: CreateSynergyTrajectoryInput): Promise<SynergyTrajectory> {
    const sectorId = input.sectorId ? decodeIdOf('Sector', input.sectorId, 'input.sectorId') : null;
    return this.dataSource.transaction(async (manager) => {
      const partyIds = (await this.partyIds(manager, input)) ?? [];
      const actingPartyId = await this.access.assertManage(partyIds, 'create a synergy trajectory');
      if (sectorId && !(await manager.existsBy(Sector, { id: sectorId })))
        throw new BadUserInputError('No sector with this id.', 'input.sectorId');
      const created = await manager.save(
        SynergyTrajectory,
        manager.create(SynergyTrajectory, {
          key: newKey(input.name, 'traject'),
          name: input.name.trim(),
          sectorId,
          phase: TrajectoryPhase.PLANNED,
          phaseAsOf: null,
          deliverableKeys: [],
          note: null,
          ...(await this.fields(manager, input)),
        }),
      );
      await this.replaceParties(manager, created.id, partyIds);
      await this.audit.record(manager, {
        entityType: 'SynergyTrajectory',
        entityId: created.id,
        action: 'CREATE',
        ownerPartyId: actingPartyId,
        actingPartyId,
        changes: changesBetween(null, { ...created, partyIds }, [...AUDITED]),
      });
      if (created.phase !== TrajectoryPhase.PLANNED) await this.phaseReached(manager, created, actingPartyId);
      return created;
    });
  }

  async update(input: UpdateSynergyTrajectoryInput): Promise<SynergyTrajectory> {
    const id = decodeIdOf('SynergyTrajectory', input.id, 'input.id');
    return this.dataSource.transaction(async (manager) => {
      const {
        current,
        authorized: { actingPartyId, before },
      } = await lockForChange(manager, SynergyTrajectory, id, input.version, 'synergy trajectory', async () => {
        const before = await this.access.partiesOf(manager, id);
        return { before, actingPartyId: await this.access.assertManage(before, 'update this synergy trajectory') };
      });
      const partyIds = await this.partyIds(manager, input);
      if (partyIds) {
        await this.access.assertManage(partyIds, 'leave the parties of a synergy trajectory like this');
        if (!sameSet(before, partyIds)) await this.replaceParties(manager, id, partyIds);
      }
      const changes = await this.fields(manager, input);
      if (changes.phase && changes.phase !== current.phase)
        assertTransition('synergy trajectory', TRAJECTORY_TRANSITIONS, current.phase, changes.phase, 'input.phase');
      if (input.name) changes.name = input.name.trim();
      // Parties as sets: the same parties in another order are no change.
      const changed = changesBetween<Record<string, unknown>>(
        { ...current, partyIds: [...before].sort() },
        { ...current, ...changes, partyIds: [...(partyIds ?? before)].sort() },
        [...AUDITED],
      );
      // Nothing changed: no new version, so nobody else's next edit gets a CONFLICT for it (as for deliverables).
      if (changed.length === 0) return current;
      const saved = await saveNewVersion(manager, SynergyTrajectory, current, changes);
      await this.audit.record(manager, {
        entityType: 'SynergyTrajectory',
        entityId: id,
        action: 'UPDATE',
        ownerPartyId: actingPartyId,
        actingPartyId,
        changes: changed,
      });
      if (saved.phase !== current.phase) await this.phaseReached(manager, saved, actingPartyId);
      return saved;
    });
  }
}
