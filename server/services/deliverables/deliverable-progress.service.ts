import type { DataSource, EntityManager } from 'typeorm';
import { Deliverable, Milestone, StatusUpdate } from '../../../entities';
import { Capability } from '../../../entities/capability.enum';
import { DateConfidence } from '../../../entities/deliverable.enums';
import { decodeIdOf } from '../../../schema/global-id';
import type { ReopenMilestoneInput } from '../../../schema/inputs/edits.input';
import type {
  CompleteMilestoneInput,
  CreateMilestoneInput,
  PostStatusUpdateInput,
  UpdateMilestoneInput,
} from '../../../schema/inputs/deliverable.input';
import type { DeliverablesAccess, StatusUpdateRights } from '../../auth/deliverables.access';
import type { Policy } from '../../auth/policy';
import { asOfOrToday } from './deliverable-query';
import { dateChangeFromInput, dateFromInput, NO_DATE } from '../../shared/fuzzy-dates';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../../errors';
import { changesBetween, type AuditEntry, type AuditService } from '../identity/audit.service';
import { assertTransition, recordStatusChange } from './deliverable.service';
import { lockForChange, saveNewVersion } from '../../shared/versioning';

const MILESTONE_AUDITED: (keyof Milestone & string)[] = ['deliverableId', 'title', 'due', 'confidence', 'completedAt'];

/** Status updates and milestones: what owners and contributors report, and VWS plans. */
export class DeliverableProgressService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policy: Policy,
    private readonly audit: AuditService,
    private readonly access: DeliverablesAccess,
  ) {}

  private async firstOwner(manager: EntityManager, deliverableId: string): Promise<string | null> {
    const [row] = await manager.query(
      'SELECT party_id FROM deliverable_owner WHERE deliverable_id = $1 ORDER BY party_id LIMIT 1',
      [deliverableId],
    );
    return (row?.party_id as string | undefined) ?? null;
  }

  private async requireDeliverable(manager: EntityManager, id: string): Promise<Deliverable> {
    const found = await manager.findOneBy(Deliverable, { id });
    if (!found) throw new NotFoundError('No deliverable with this id.');
    return found;
  }

  /** What the viewer may send in a status update on the deliverable (DeliverablesAccess.statusUpdateRights). */
  statusUpdateRights(deliverableId: string): Promise<StatusUpdateRights> {
    return this.access.statusUpdateRights(deliverableId);
  }

  /**
   * Owners and contributors post; a party that neither owns nor contributes gets FORBIDDEN. A new status
   * only from a party accountable for the deliverable, or VWS (`statusChangingPartyFor`).
   */
  async postStatusUpdate(input: PostStatusUpdateInput): Promise<StatusUpdate> {
    const deliverableId = decodeIdOf('Deliverable', input.deliverableId, 'input.deliverableId');
    if (input.status && input.version == null)
      throw new BadUserInputError('Send the deliverable’s `version` with a new status.', 'input.version');
    return this.dataSource.transaction(async (manager) => {
      // The deliverable row is locked before the status update is inserted: the insert's foreign key and
      // the trigger that records the latest update would otherwise lock it in two steps, and concurrent
      // posters holding the first step deadlock on the second.
      const {
        current: deliverable,
        authorized: { actingPartyId, ownerPartyId },
      } = await lockForChange(
        manager,
        Deliverable,
        deliverableId,
        input.version ?? null,
        'deliverable',
        async (current) => {
          const { reporting, changing, firstOwner } = await this.access.statusUpdateParties(manager, deliverableId);
          if (!reporting)
            throw new ForbiddenError(
              'Only parties that own or contribute to this deliverable, or editors of a party of an owning kind, post status updates on it.',
            );
          if (!input.status || input.status === current.status)
            return { actingPartyId: reporting, ownerPartyId: firstOwner };
          if (!changing)
            throw new ForbiddenError(
              'Only a party accountable for this deliverable (an owner, the lead or a party of an owning kind) or VWS changes its status; post the update without `status`.',
            );
          return { actingPartyId: changing, ownerPartyId: firstOwner };
        },
      );
      const actorId = this.audit.actorId;
      // Both writes are audited together after both are made: the health check the audit runs
      // (checkDeliverableHealth) then sees the new status with the new reported health, not a mix of both.
      const audited: AuditEntry[] = [];
      if (input.status && input.status !== deliverable.status) {
        const current = deliverable;
        assertTransition(current.status, input.status, 'input.status');
        const saved = await saveNewVersion(manager, Deliverable, current, { status: input.status });
        await recordStatusChange(manager, {
          deliverableId,
          fromStatus: current.status,
          toStatus: input.status,
          actorId,
          partyId: actingPartyId,
        });
        audited.push({
          entityType: 'Deliverable',
          entityId: deliverableId,
          action: 'UPDATE',
          ownerPartyId,
          actingPartyId,
          changes: changesBetween(current, saved, ['status']),
        });
      }
      const update = await manager.save(
        StatusUpdate,
        manager.create(StatusUpdate, {
          deliverableId,
          health: input.health,
          text: input.text.trim(),
          status: input.status && input.status !== deliverable.status ? input.status : null,
          authorId: actorId,
          partyId: actingPartyId,
        }),
      );
      audited.push({
        entityType: 'StatusUpdate',
        entityId: update.id,
        action: 'CREATE',
        ownerPartyId,
        actingPartyId,
        changes: changesBetween(null, update, ['deliverableId', 'health', 'text', 'status']),
      });
      await this.audit.recordMany(manager, audited);
      return update;
    });
  }

  async createMilestone(input: CreateMilestoneInput): Promise<Milestone> {
    const deliverableId = decodeIdOf('Deliverable', input.deliverableId, 'input.deliverableId');
    return this.dataSource.transaction(async (manager) => {
      await this.requireDeliverable(manager, deliverableId);
      const ownerPartyId = await this.firstOwner(manager, deliverableId);
      const actingPartyId = await this.policy.assert(Capability.MANAGE_PROGRAMMES, ownerPartyId, 'manage milestones');
      const milestone = await manager.save(
        Milestone,
        manager.create(Milestone, {
          deliverableId,
          title: input.title.trim(),
          due: (dateFromInput(input.due, input.dueLabel, 'input.due', asOfOrToday()) ?? {
            ...NO_DATE,
          }) as Milestone['due'],
          confidence: input.confidence ?? DateConfidence.HIGH,
        }),
      );
      await this.audit.record(manager, {
        entityType: 'Milestone',
        entityId: milestone.id,
        action: 'CREATE',
        ownerPartyId,
        actingPartyId,
        changes: changesBetween(null, milestone, MILESTONE_AUDITED),
      });
      return milestone;
    });
  }

  async updateMilestone(input: UpdateMilestoneInput): Promise<Milestone> {
    const id = decodeIdOf('Milestone', input.id, 'input.id');
    return this.dataSource.transaction(async (manager) => {
      let ownerPartyId: string | null = null;
      const { current, authorized: actingPartyId } = await lockForChange(
        manager,
        Milestone,
        id,
        input.version,
        'milestone',
        async (milestone) => {
          ownerPartyId = await this.firstOwner(manager, milestone.deliverableId);
          return this.policy.assert(Capability.MANAGE_PROGRAMMES, ownerPartyId, 'manage milestones');
        },
      );
      const changes: Partial<Milestone> = {};
      if (input.title) changes.title = input.title.trim();
      if (input.confidence) changes.confidence = input.confidence;
      const due = dateChangeFromInput(input.due, input.dueLabel, 'input.due', asOfOrToday());
      if (due) changes.due = due as Milestone['due'];
      const changed = changesBetween(current, { ...current, ...changes } as Milestone, MILESTONE_AUDITED);
      // Nothing changed: no new version, so nobody else's next edit gets a CONFLICT for it (as for deliverables).
      if (changed.length === 0) return current;
      const saved = await saveNewVersion(manager, Milestone, current, changes);
      await this.audit.record(manager, {
        entityType: 'Milestone',
        entityId: id,
        action: 'UPDATE',
        ownerPartyId,
        actingPartyId,
        changes: changed,
      });
      return saved;
    });
  }

  /** Owners and contributors (or VWS) mark a milestone as reached; reaching it twice is refused. */
  async completeMilestone(input: CompleteMilestoneInput): Promise<Milestone> {
    const id = decodeIdOf('Milestone', input.id, 'input.id');
    return this.dataSource.transaction(async (manager) => {
      const { current, authorized: actingPartyId } = await lockForChange(
        manager,
        Milestone,
        id,
        input.version,
        'milestone',
        async (milestone) =>
          (await this.access.reportingParty(manager, milestone.deliverableId)) ??
          this.policy.assert(
            Capability.MANAGE_PROGRAMMES,
            await this.firstOwner(manager, milestone.deliverableId),
            'complete milestones of deliverables your party neither owns nor contributes to',
          ),
      );
      if (current.completedAt)
        throw new BadUserInputError('This milestone has already been reached.', 'input.id', { allowed: [] });
      const saved = await saveNewVersion(manager, Milestone, current, {
        completedAt: new Date(),
        completedById: this.audit.actorId,
        completedByPartyId: actingPartyId,
      });
      await this.audit.record(manager, {
        entityType: 'Milestone',
        entityId: id,
        action: 'COMPLETE',
        ownerPartyId: await this.firstOwner(manager, current.deliverableId),
        actingPartyId,
        changes: changesBetween(current, saved, ['completedAt']),
      });
      return saved;
    });
  }

  /** The same parties that may reach a milestone may reopen one that was reached, saying why. */
  async reopenMilestone(input: ReopenMilestoneInput): Promise<Milestone> {
    const id = decodeIdOf('Milestone', input.id, 'input.id');
    return this.dataSource.transaction(async (manager) => {
      const { current, authorized: actingPartyId } = await lockForChange(
        manager,
        Milestone,
        id,
        input.version,
        'milestone',
        async (milestone) =>
          (await this.access.reportingParty(manager, milestone.deliverableId)) ??
          this.policy.assert(
            Capability.MANAGE_PROGRAMMES,
            await this.firstOwner(manager, milestone.deliverableId),
            'reopen milestones of deliverables your party neither owns nor contributes to',
          ),
      );
      if (!current.completedAt)
        throw new BadUserInputError('This milestone has not been reached; there is nothing to reopen.', 'input.id', {
          allowed: [],
        });
      const saved = await saveNewVersion(manager, Milestone, current, {
        completedAt: null,
        completedById: null,
        completedByPartyId: null,
      });
      await this.audit.record(manager, {
        entityType: 'Milestone',
        entityId: id,
        action: 'REOPEN',
        ownerPartyId: await this.firstOwner(manager, current.deliverableId),
        actingPartyId,
        changes: [
          ...changesBetween(current, saved, ['completedAt']),
          { field: 'reason', before: null, after: input.reason.trim() },
        ],
      });
      return saved;
    });
  }
}
