import type { DataSource, EntityManager } from 'typeorm';
import { Deliverable, DeliverableStatusChange, Party, Programme, Sector, Workstream } from '../../../entities';
import { Capability } from '../../../entities/capability.enum';
import { OutputReachedAction, type ArtefactRef } from '../../../entities/artefact-ref';
import type { PartyKind } from '../../../entities/party-kind.enum';
import {
  DateConfidence,
  DeliverableKind,
  DeliverableStatus,
  OutputTargetType,
  STATUS_TRANSITIONS,
} from '../../../entities/deliverable.enums';
import type { Connection } from '../../../schema/connection';
import { decodeIdOf } from '../../../schema/global-id';
import {
  DeliverableOrder,
  type CreateDeliverableInput,
  type DeliverableFieldsInput,
  type DeliverableFilter,
  type DeliverableOutputInput,
  type UpdateDeliverableInput,
} from '../../../schema/inputs/deliverable.input';
import type { Policy } from '../../auth/policy';
import type { Config } from '../../config';
import { applyDeliverableFilter, asOfOrToday, dayFor } from './deliverable-query';
import { dateChangeFromInput, NO_DATE } from '../../shared/fuzzy-dates';
import { newKey } from '../../shared/keys';
import { assertTransition as assertLifeCycle } from '../../shared/transitions';
import type { DeliverableState } from './deliverable-state.sql';
import { BadUserInputError, ConflictError, NotFoundError } from '../../errors';
import type { Loaders } from '../../loaders';
import { stateKey } from '../../loaders/deliverable.loaders';
import { changesBetween, type AuditService } from '../identity/audit.service';
import { paginate, type PageArgs } from '../../shared/pagination';
import { lockForChange, saveNewVersion } from '../../shared/versioning';
import type { DeliverablesAccess } from '../../auth/deliverables.access';
import { lockOutputTargets, recordOutputsAlreadyReached } from './output-progress';

/** The largest CSV export; a filter narrows it. */
export const EXPORT_LIMIT = 5000;

const AUDITED = [
  'key',
  'kind',
  'title',
  'titleEn',
  'description',
  'programmeId',
  'workstreamId',
  'ownerPartyIds',
  'ownerPartyKinds',
  'contributorPartyIds',
  'contributorPartyKinds',
  'leadPartyId',
  'sectorIds',
  'due',
  'confidence',
  'note',
  'status',
  'dependsOnIds',
  'outputs',
] as const;

type Snapshot = Record<(typeof AUDITED)[number], unknown>;

/** Allowed next states, or BAD_USER_INPUT naming them; staying in a state is no move. */
export function assertTransition(from: DeliverableStatus, to: DeliverableStatus, field: string): void {
  if (from !== to) assertLifeCycle('deliverable', STATUS_TRANSITIONS, from, to, field);
}

/** Records a status change so the status on any past day can be recomputed. */
export async function recordStatusChange(
  manager: EntityManager,
  change: {
    deliverableId: string;
    fromStatus: DeliverableStatus;
    toStatus: DeliverableStatus;
    actorId: string | null;
    partyId: string | null;
    /** The artefact that caused it, when the platform changed it (an output reached its goal). */
    source?: ArtefactRef;
  },
): Promise<void> {
  if (change.fromStatus === change.toStatus) return;
  await manager.insert(DeliverableStatusChange, change);
}

export class DeliverableService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly loaders: Loaders,
    private readonly config: Config,
    private readonly policy: Policy,
    private readonly audit: AuditService,
    private readonly access: DeliverablesAccess,
  ) {}

  private query(filter: DeliverableFilter | null | undefined, asOf: string) {
    return applyDeliverableFilter(this.dataSource.getRepository(Deliverable).createQueryBuilder('d'), filter, asOf);
  }

  private sortKeys(orderBy: DeliverableOrder | null | undefined) {
    if (orderBy === DeliverableOrder.TITLE_ASC)
      return {
        direction: 'ASC' as const,
        sortKeys: [
          { expression: 'd.title', value: (d: Deliverable) => d.title },
          { expression: 'd.id', value: (d: Deliverable) => d.id },
        ],
      };
    const desc = orderBy === DeliverableOrder.DUE_DATE_DESC;
    const undated = desc ? '0001-01-01' : '9999-12-31';
    return {
      direction: desc ? ('DESC' as const) : ('ASC' as const),
      sortKeys: [
        { expression: `COALESCE(d.due_latest, '${undated}')`, value: (d: Deliverable) => d.due.latest ?? undated },
        { expression: 'd.id', value: (d: Deliverable) => d.id },
      ],
    };
  }

  /** One statement whatever the page size, and one for the count when `totalCount` is asked (`paginate`). */
  async list(
    filter: DeliverableFilter | null | undefined,
    orderBy: DeliverableOrder | null | undefined,
    asOfArg: string | null | undefined,
    page: PageArgs,
    mine?: (param: (value: unknown) => string) => string,
  ): Promise<Connection<Deliverable>> {
    const asOf = asOfOrToday(asOfArg);
    const query = this.query(filter, asOf);
    if (mine) {
      const params: Record<string, unknown> = {};
      const condition = mine((value) => {
        const name = `mine${Object.keys(params).length}`;
        params[name] = value;
        return `:${name}`;
      });
      query.andWhere(condition, params);
    }
    const connection = await paginate(query, page, { ...this.sortKeys(orderBy), maxPageSize: this.config.maxPageSize });
    for (const node of connection.nodes) node.asOfContext = asOf;
    return connection;
  }

  /** Deliverables of the signed-in user's parties: owned by name, by kind or as lead, or contributed to. */
  mine(
    filter: DeliverableFilter | null | undefined,
    orderBy: DeliverableOrder | null,
    asOf: string | null,
    page: PageArgs,
    partyIdsArg?: string[] | null,
  ) {
    const partyIds = partyIdsArg?.map((id, i) => decodeIdOf('Party', id, `partyIds.${i}`));
    return this.list(filter, orderBy, asOf, page, (param) => this.access.mineCondition(param, partyIds));
  }

  /**
   * Every match for the CSV export, in one statement; more than EXPORT_LIMIT is refused (a filter narrows
   * it) rather than cut off without a word.
   */
  async all(filter: DeliverableFilter | null | undefined, orderBy: DeliverableOrder | null, asOfArg: string | null) {
    const asOf = asOfOrToday(asOfArg);
    const query = this.query(filter, asOf);
    const { sortKeys, direction } = this.sortKeys(orderBy);
    sortKeys.forEach((k, i) =>
      i ? query.addOrderBy(k.expression, direction) : query.orderBy(k.expression, direction),
    );
    const rows = await query.limit(EXPORT_LIMIT + 1).getMany();
    if (rows.length > EXPORT_LIMIT)
      throw new BadUserInputError(
        `The export would hold more than ${EXPORT_LIMIT} deliverables. Narrow it: programmeId, status, sectorId, ownerPartyId, dueAfter, dueBefore.`,
      );
    for (const row of rows) row.asOfContext = asOf;
    return { rows, asOf };
  }

  byId(globalId: string): Promise<Deliverable | null> {
    return this.loaders.deliverableById.load(decodeIdOf('Deliverable', globalId));
  }

  /** Health, overdue and the reasons, on `asOf` (or the day the list was asked for, or today). */
  state(deliverable: Deliverable, asOf?: string | null): Promise<DeliverableState | null> {
    return this.loaders.deliverableState.load(stateKey(dayFor(deliverable, asOf), deliverable.id));
  }

  private async exists(
    manager: EntityManager,
    entity: typeof Party | typeof Sector | typeof Deliverable,
    ids: string[],
    field: string,
  ) {
    if (!ids.length) return;
    const found = await manager.getRepository(entity).count({ where: ids.map((id) => ({ id })) });
    if (found !== new Set(ids).size)
      throw new BadUserInputError(`"${field}" names something that does not exist.`, field);
  }

  private decodeAll(type: string, ids: string[] | null | undefined, field: string): string[] | undefined {
    return ids ? [...new Set(ids.map((id) => decodeIdOf(type, id, field)))] : undefined;
  }

  /** Refuses a dependency set that would make `id` (indirectly) depend on itself. */
  private async assertNoCycle(manager: EntityManager, id: string, dependsOn: string[]): Promise<void> {
    if (!dependsOn.length) return;
    // Dependency edits are serialised, so two concurrent edits cannot close a cycle together.
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('deliverable_dependency'))`);
    const [cycle] = await manager.query(
      `WITH RECURSIVE reach(id) AS (
         SELECT unnest($1::uuid[])
         UNION
         SELECT dd.depends_on_id FROM deliverable_dependency dd JOIN reach r ON dd.deliverable_id = r.id
          WHERE dd.deliverable_id <> $2
       ) SELECT 1 FROM reach WHERE id = $2 LIMIT 1`,
      [dependsOn, id],
    );
    if (cycle)
      throw new BadUserInputError(
        'These dependencies would make the deliverable depend on itself (a cycle); remove the one that leads back.',
        'input.dependsOnIds',
      );
  }

  private async snapshot(manager: EntityManager, d: Deliverable): Promise<Snapshot> {
    const ids = async (table: string, column: string) =>
      (
        (await manager.query(`SELECT ${column} AS id FROM ${table} WHERE deliverable_id = $1 ORDER BY 1`, [d.id])) as {
          id: string;
        }[]
      ).map((r) => r.id);
    const outputs: { t: string; k: string; p: string | null; a: string }[] = await manager.query(
      `SELECT target_type AS t, target_key AS k, target_phase AS p, on_reached AS a
         FROM deliverable_output WHERE deliverable_id = $1 ORDER BY 1, 2`,
      [d.id],
    );
    return {
      key: d.key,
      kind: d.kind,
      title: d.title,
      titleEn: d.titleEn,
      description: d.description,
      programmeId: d.programmeId,
      workstreamId: d.workstreamId,
      ownerPartyIds: await ids('deliverable_owner', 'party_id'),
      ownerPartyKinds: d.ownerPartyKinds,
      contributorPartyIds: await ids('deliverable_contributor', 'party_id'),
      contributorPartyKinds: d.contributorPartyKinds,
      leadPartyId: d.leadPartyId,
      sectorIds: await ids('deliverable_sector', 'sector_id'),
      due: { ...d.due },
      confidence: d.confidence,
      note: d.note,
      status: d.status,
      dependsOnIds: await ids('deliverable_dependency', 'depends_on_id'),
      outputs: outputs.map((o) => `${o.t}:${o.k}${o.p ? `@${o.p}` : ''} (${o.a})`),
    };
  }

  private async replaceLinks(
    manager: EntityManager,
    table: string,
    column: string,
    id: string,
    targets: string[] | undefined,
  ) {
    if (!targets) return;
    await manager.query(`DELETE FROM ${table} WHERE deliverable_id = $1`, [id]);
    if (targets.length)
      await manager.query(`INSERT INTO ${table} (deliverable_id, ${column}) SELECT $1, unnest($2::uuid[])`, [
        id,
        targets,
      ]);
  }

  /** The targets outputs name, as stored: by type and trimmed key. */
  private outputTargets(outputs: DeliverableOutputInput[]): { type: OutputTargetType; key: string }[] {
    return outputs.map((o) => ({ type: o.targetType, key: o.targetKey.trim() }));
  }

  /** Applies the shared fields of create and update; returns the columns to write. */
  private async apply(
    manager: EntityManager,
    id: string,
    input: DeliverableFieldsInput,
    current: {
      programmeId: string | null;
      workstreamId: string | null;
      ownerPartyKinds?: PartyKind[];
      leadPartyId?: string | null;
    } | null,
  ): Promise<Partial<Deliverable>> {
    const changes: Partial<Deliverable> = {};
    if (input.kind) changes.kind = input.kind;
    if (input.titleEn !== undefined) changes.titleEn = input.titleEn?.trim() || null;
    if (input.description !== undefined) changes.description = input.description?.trim() || null;
    if (input.note !== undefined) changes.note = input.note?.trim() || null;
    if (input.confidence) changes.confidence = input.confidence;
    if (input.ownerPartyKinds) changes.ownerPartyKinds = [...new Set(input.ownerPartyKinds)];
    if (input.contributorPartyKinds) changes.contributorPartyKinds = [...new Set(input.contributorPartyKinds)];
    if (input.programmeId !== undefined)
      changes.programmeId = input.programmeId ? decodeIdOf('Programme', input.programmeId, 'input.programmeId') : null;
    if (input.workstreamId !== undefined)
      changes.workstreamId = input.workstreamId
        ? decodeIdOf('Workstream', input.workstreamId, 'input.workstreamId')
        : null;
    const programmeId = changes.programmeId !== undefined ? changes.programmeId : (current?.programmeId ?? null);
    const workstreamId = changes.workstreamId !== undefined ? changes.workstreamId : (current?.workstreamId ?? null);
    if (changes.programmeId && !(await manager.existsBy(Programme, { id: changes.programmeId })))
      throw new BadUserInputError('No programme with this id.', 'input.programmeId');
    if (workstreamId) {
      const workstream = await manager.findOneBy(Workstream, { id: workstreamId });
      if (!workstream) throw new BadUserInputError('No workstream with this id.', 'input.workstreamId');
      if (workstream.programmeId !== programmeId)
        throw new BadUserInputError('The workstream belongs to another programme.', 'input.workstreamId');
    }
    const due = dateChangeFromInput(input.due, input.dueLabel, 'input.due', asOfOrToday());
    if (due) changes.due = due as Deliverable['due'];

    const owners = this.decodeAll('Party', input.ownerPartyIds, 'input.ownerPartyIds');
    const contributors = this.decodeAll('Party', input.contributorPartyIds, 'input.contributorPartyIds');
    const sectors = this.decodeAll('Sector', input.sectorIds, 'input.sectorIds');
    const dependsOn = this.decodeAll('Deliverable', input.dependsOnIds, 'input.dependsOnIds');
    if (owners) await this.exists(manager, Party, owners, 'input.ownerPartyIds');
    if (contributors) await this.exists(manager, Party, contributors, 'input.contributorPartyIds');
    if (sectors) await this.exists(manager, Sector, sectors, 'input.sectorIds');
    if (dependsOn) {
      await this.exists(manager, Deliverable, dependsOn, 'input.dependsOnIds');
      await this.assertNoCycle(manager, id, dependsOn);
    }
    await this.replaceLinks(manager, 'deliverable_owner', 'party_id', id, owners);
    await this.replaceLinks(manager, 'deliverable_contributor', 'party_id', id, contributors);
    await this.replaceLinks(manager, 'deliverable_sector', 'sector_id', id, sectors);
    await this.replaceLinks(manager, 'deliverable_dependency', 'depends_on_id', id, dependsOn);
    if (input.leadPartyId !== undefined) {
      changes.leadPartyId = input.leadPartyId ? decodeIdOf('Party', input.leadPartyId, 'input.leadPartyId') : null;
      if (changes.leadPartyId) await this.assertLeadIsOwner(manager, id, changes.leadPartyId, changes, current);
    } else if (current?.leadPartyId && (owners || changes.ownerPartyKinds)) {
      // The lead stays, the owners change: it must still be among them.
      await this.assertLeadIsOwner(manager, id, current.leadPartyId, changes, current, {
        field: owners ? 'input.ownerPartyIds' : 'input.ownerPartyKinds',
        message: 'The lead party must stay an owner: keep it among the owners, or name another lead.',
      });
    }
    if (input.outputs) {
      // One output per target (the first given); one that stays, with the same phase, keeps `reached_at`,
      // so sending the list again neither re-arms an output that already acted nor counts as a change.
      const wanted = new Map<string, { type: string; key: string; onReached: string; phase: string | null }>();
      for (const o of input.outputs) {
        const key = o.targetKey.trim();
        const target = `${o.targetType}:${key}`;
        if (!wanted.has(target))
          wanted.set(target, {
            type: o.targetType,
            key,
            onReached: o.onReached ?? OutputReachedAction.COMPLETE,
            phase: o.targetType === OutputTargetType.SYNERGY_TRAJECTORY ? (o.targetPhase ?? null) : null,
          });
      }
      const outputs = [...wanted.values()];
      await manager.query(
        `DELETE FROM deliverable_output o WHERE o.deliverable_id = $1 AND NOT EXISTS (
           SELECT 1 FROM unnest($2::text[], $3::text[], $4::text[]) AS w(t, k, p)
            WHERE w.t = o.target_type::text AND w.k = o.target_key AND w.p IS NOT DISTINCT FROM o.target_phase::text)`,
        [id, outputs.map((o) => o.type), outputs.map((o) => o.key), outputs.map((o) => o.phase)],
      );
      for (const o of outputs)
        await manager.query(
          `INSERT INTO deliverable_output (deliverable_id, target_type, target_key, on_reached, target_phase)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (deliverable_id, target_type, target_key) DO UPDATE SET on_reached = EXCLUDED.on_reached`,
          [id, o.type, o.key, o.onReached, o.phase],
        );
    }
    return changes;
  }

  /** A lead party is one of the owners: named, or of an owning kind (after this change's owners). */
  private async assertLeadIsOwner(
    manager: EntityManager,
    id: string,
    leadPartyId: string,
    changes: Partial<Deliverable>,
    current: { ownerPartyKinds?: PartyKind[] } | null,
    refusal = {
      field: 'input.leadPartyId',
      message: 'The lead party must own the deliverable: a named owner or a party of an owning kind.',
    },
  ): Promise<void> {
    const kinds = changes.ownerPartyKinds ?? current?.ownerPartyKinds ?? [];
    const [row] = await manager.query(
      `SELECT p.kind = ANY($3::party_kind[])
              OR EXISTS (SELECT 1 FROM deliverable_owner o WHERE o.deliverable_id = $1 AND o.party_id = p.id) AS owner
         FROM party p WHERE p.id = $2`,
      [id, leadPartyId, kinds],
    );
    if (!row) throw new BadUserInputError('No party with this id.', 'input.leadPartyId');
    if (!row.owner) throw new BadUserInputError(refusal.message, refusal.field);
  }

  private firstOwner(snapshot: Snapshot): string | null {
    return (snapshot.ownerPartyIds as string[])[0] ?? null;
  }

  /** VWS (MANAGE_PROGRAMMES) creates deliverables, milestones and decisions for any owner. */
  async create(input: CreateDeliverableInput): Promise<Deliverable> {
    const firstOwner = input.ownerPartyIds?.[0]
      ? decodeIdOf('Party', input.ownerPartyIds[0], 'input.ownerPartyIds')
      : null;
    const actingPartyId = await this.policy.assert(Capability.MANAGE_PROGRAMMES, firstOwner, 'manage deliverables');
    return this.dataSource.transaction(async (manager) => {
      if (input.outputs?.length) await lockOutputTargets(manager, null, this.outputTargets(input.outputs));
      const key = input.key?.trim() || newKey(input.title);
      if (await manager.existsBy(Deliverable, { key }))
        throw new ConflictError(`A deliverable with key "${key}" exists.`);
      const created = await manager.save(
        Deliverable,
        manager.create(Deliverable, {
          key,
          title: input.title.trim(),
          kind: DeliverableKind.DELIVERABLE,
          status: DeliverableStatus.PLANNED,
          confidence: DateConfidence.HIGH,
          due: { ...NO_DATE },
          start: { ...NO_DATE },
        } as Partial<Deliverable>),
      );
      const changes = await this.apply(manager, created.id, input, null);
      const saved = await manager.save(Deliverable, manager.merge(Deliverable, created, changes));
      const after = await this.snapshot(manager, saved);
      await this.audit.record(manager, {
        entityType: 'Deliverable',
        entityId: saved.id,
        action: 'CREATE',
        ownerPartyId: this.firstOwner(after),
        actingPartyId,
        changes: changesBetween(null, after, [...AUDITED]),
      });
      return input.outputs?.length ? this.outputsAlreadyReached(manager, saved, actingPartyId) : saved;
    });
  }

  /** VWS edits a deliverable, assigns owners, and may change its status (validated). */
  async update(input: UpdateDeliverableInput): Promise<Deliverable> {
    const id = decodeIdOf('Deliverable', input.id, 'input.id');
    return this.dataSource.transaction(async (manager) => {
      // The targets before the deliverable: a change reaching one locks it first, then outputs and deliverables.
      if (input.outputs) await lockOutputTargets(manager, id, this.outputTargets(input.outputs));
      const {
        current,
        authorized: { before, actingPartyId },
      } = await lockForChange(manager, Deliverable, id, input.version, 'deliverable', async (deliverable) => {
        const before = await this.snapshot(manager, deliverable);
        const actingPartyId = await this.policy.assert(
          Capability.MANAGE_PROGRAMMES,
          this.firstOwner(before),
          'manage deliverables',
        );
        return { before, actingPartyId };
      });
      const changes = await this.apply(manager, id, input, current);
      if (input.title) changes.title = input.title.trim();
      if (input.status) {
        assertTransition(current.status, input.status, 'input.status');
        changes.status = input.status;
        await recordStatusChange(manager, {
          deliverableId: id,
          fromStatus: current.status,
          toStatus: input.status,
          actorId: this.audit.actorId,
          partyId: actingPartyId,
        });
      }
      const after = await this.snapshot(manager, { ...current, ...changes } as Deliverable);
      const changed = changesBetween(before, after, [...AUDITED]);
      // Nothing changed (every field as it was): no new version, so nobody else's next edit gets a CONFLICT for it.
      if (changed.length === 0)
        return input.outputs?.length ? this.outputsAlreadyReached(manager, current, actingPartyId) : current;
      const saved = await saveNewVersion(manager, Deliverable, current, changes);
      await this.audit.record(manager, {
        entityType: 'Deliverable',
        entityId: id,
        action: 'UPDATE',
        ownerPartyId: this.firstOwner(after),
        actingPartyId,
        changes: changed,
      });
      return input.outputs?.length ? this.outputsAlreadyReached(manager, saved, actingPartyId) : saved;
    });
  }

  /**
   * After the edit is saved (the progress writes a newer version of the row): outputs whose target is
   * already at its goal act now; the deliverable as it then is.
   */
  private async outputsAlreadyReached(
    manager: EntityManager,
    saved: Deliverable,
    actingPartyId: string | null,
  ): Promise<Deliverable> {
    const acted = await recordOutputsAlreadyReached(
      manager,
      this.audit,
      { userId: this.audit.actorId, partyId: actingPartyId },
      saved.id,
    );
    return acted ? manager.findOneByOrFail(Deliverable, { id: saved.id }) : saved;
  }

  /** Loads a deliverable or NOT_FOUND. */
  async require(manager: EntityManager, id: string): Promise<Deliverable> {
    const found = await manager.findOneBy(Deliverable, { id });
    if (!found) throw new NotFoundError('No deliverable with this id.');
    return found;
  }
}
