import type { DataSource, EntityManager } from 'typeorm';
import { Guideline, GuidelineOwnerInvitation } from '../../../entities';
import {
  GuidelineOwnerInvitationStatus,
  OWNER_INVITATION_TRANSITIONS,
} from '../../../entities/guideline-owner-invitation.enums';
import { decodeIdOf } from '../../../schema/global-id';
import type { DecideGuidelineOwnerInvitationInput } from '../../../schema/inputs/guideline-ownership.input';
import { SynergyAccess } from '../../auth/synergy.access';
import { writeRows } from '../../db/data-source';
import { entityReader } from '../../db/entity-reader';
import { NotFoundError } from '../../errors';
import type { Loaders } from '../../loaders';
import { filterReadable } from '../../shared/readable';
import { assertTransition } from '../../shared/transitions';
import { lockForChange, saveNewVersion } from '../../shared/versioning';
import { changesBetween, type AuditService } from '../identity/audit.service';

const INVITATION_AUDITED: (keyof GuidelineOwnerInvitation & string)[] = [
  'guidelineId',
  'invitedPartyId',
  'invitedByPartyId',
  'status',
  'decidedByPartyId',
];

const LABEL = 'guideline owner invitation';

/**
 * Invites `partyIds` to co-own a guideline, for `actingPartyId` (an owner): a PENDING invitation each, audited
 * (its event reaches the owners and the invited party). A party that has a PENDING invitation already gets no
 * second one. The caller checks that they are associations and not owners, and holds the guideline's lock.
 */
export async function inviteOwners(
  manager: EntityManager,
  audit: AuditService,
  guidelineId: string,
  partyIds: readonly string[],
  actingPartyId: string,
): Promise<GuidelineOwnerInvitation[]> {
  if (partyIds.length === 0) return [];
  const reader = entityReader(manager.dataSource, GuidelineOwnerInvitation);
  const invitations = (
    await writeRows(
      manager,
      `INSERT INTO guideline_owner_invitation (guideline_id, invited_party_id, invited_by_party_id, invited_by_user_id)
       SELECT $1, p, $3, $4 FROM unnest($2::uuid[]) AS p
       ON CONFLICT (guideline_id, invited_party_id) WHERE status = 'PENDING' DO NOTHING
       RETURNING ${reader.columnsOf('guideline_owner_invitation')}`,
      [guidelineId, partyIds, actingPartyId, audit.actorId],
    )
  ).map((row) => reader.read(row));
  if (invitations.length === 0) return [];
  await audit.recordMany(
    manager,
    invitations.map((invitation) => ({
      entityType: 'GuidelineOwnerInvitation',
      entityId: invitation.id,
      action: 'INVITE',
      ownerPartyId: invitation.invitedPartyId,
      actingPartyId,
      changes: changesBetween(null, invitation, INVITATION_AUDITED),
    })),
  );
  return invitations;
}

/**
 * Invitations to co-own a guideline (GuidelineOwnerInvitation): the invited association accepts (and becomes an
 * owner) or declines; an owner withdraws one still pending. Who reads and acts is SynergyAccess; each step is
 * audited in its transaction, and the audit entry makes its domain event (outbox.ts).
 */
export class GuidelineOwnershipService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly loaders: Loaders,
    private readonly audit: AuditService,
    private readonly access: SynergyAccess,
  ) {}

  async byId(globalId: string): Promise<GuidelineOwnerInvitation | null> {
    const invitation = await this.loaders.guidelineOwnerInvitationById.load(
      decodeIdOf('GuidelineOwnerInvitation', globalId),
    );
    return invitation && (await this.access.canReadOwnerInvitation(invitation)) ? invitation : null;
  }

  /** The invitations of a guideline the viewer may read, oldest first (one statement for many guidelines). */
  async forGuideline(guideline: Pick<Guideline, 'id'>): Promise<GuidelineOwnerInvitation[]> {
    return filterReadable(await this.loaders.ownerInvitationsByGuidelineId.load(guideline.id), (invitation) =>
      this.access.canReadOwnerInvitation(invitation),
    );
  }

  /** The guideline an invitation is for, when the viewer may read it (a draft: its owners, and the invited association while PENDING). */
  async guidelineOf(invitation: GuidelineOwnerInvitation): Promise<Guideline | null> {
    const guideline = await this.loaders.guidelineById.load(invitation.guidelineId);
    return guideline && (await this.access.canReadGuideline(guideline)) ? guideline : null;
  }

  accept(input: DecideGuidelineOwnerInvitationInput): Promise<GuidelineOwnerInvitation> {
    return this.answer(
      input,
      GuidelineOwnerInvitationStatus.ACCEPTED,
      'ACCEPT',
      (invitation, owners) => this.access.assertInvitedParty(invitation, owners, 'accept this invitation'),
      async (manager, guideline, owners, partyId) => {
        await manager.query(
          'INSERT INTO guideline_owner (guideline_id, party_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
          [guideline.id, partyId],
        );
        // The owners changed: a new version of the guideline, so an edit made on the old owner list gets a CONFLICT.
        await saveNewVersion(manager, Guideline, guideline, {});
        await this.audit.record(manager, {
          entityType: 'Guideline',
          entityId: guideline.id,
          action: 'UPDATE',
          ownerPartyId: partyId,
          actingPartyId: partyId,
          changes: [
            { field: 'ownerPartyIds', before: owners, after: [...owners.filter((o) => o !== partyId), partyId] },
          ],
        });
      },
    );
  }

  decline(input: DecideGuidelineOwnerInvitationInput): Promise<GuidelineOwnerInvitation> {
    return this.answer(input, GuidelineOwnerInvitationStatus.DECLINED, 'DECLINE', (invitation, owners) =>
      this.access.assertInvitedParty(invitation, owners, 'decline this invitation'),
    );
  }

  withdraw(input: DecideGuidelineOwnerInvitationInput): Promise<GuidelineOwnerInvitation> {
    return this.answer(input, GuidelineOwnerInvitationStatus.WITHDRAWN, 'WITHDRAW', (invitation, owners) =>
      this.access.assertInvitationOwner(invitation, owners, 'withdraw this invitation'),
    );
  }

  /**
   * One step out of PENDING: `authorize` asked with the owners, read after the locks, then the step, then what
   * else it changes (`alsoChange`: accepting adds the owner).
   */
  private answer(
    input: DecideGuidelineOwnerInvitationInput,
    to: GuidelineOwnerInvitationStatus,
    action: string,
    authorize: (invitation: GuidelineOwnerInvitation, owners: string[]) => Promise<string>,
    alsoChange?: (manager: EntityManager, guideline: Guideline, owners: string[], partyId: string) => Promise<void>,
  ): Promise<GuidelineOwnerInvitation> {
    const id = decodeIdOf('GuidelineOwnerInvitation', input.id, 'input.id');
    return this.dataSource.transaction(async (manager) => {
      // The owners as they are: an owner leaving at this moment no longer withdraws.
      const guideline = await this.lockGuidelineOf(manager, id);
      const owners = await SynergyAccess.ownerIdsIn(manager, guideline.id);
      const { current, authorized: partyId } = await lockForChange(
        manager,
        GuidelineOwnerInvitation,
        id,
        input.version,
        LABEL,
        (invitation) => authorize(invitation, owners),
      );
      const saved = await this.decide(manager, current, to, action, partyId);
      await alsoChange?.(manager, guideline, owners, partyId);
      return saved;
    });
  }

  /**
   * Locks the guideline of an invitation before the invitation, the order updateGuideline takes (it locks the
   * guideline, then invites), so the owners read after it stay as they are until the answer is written.
   */
  private async lockGuidelineOf(manager: EntityManager, invitationId: string): Promise<Guideline> {
    const [row]: { guideline_id: string }[] = await manager.query(
      'SELECT guideline_id FROM guideline_owner_invitation WHERE id = $1',
      [invitationId],
    );
    if (!row) throw new NotFoundError(`No ${LABEL} with this id.`);
    const guideline = await manager.findOne(Guideline, {
      where: { id: row.guideline_id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!guideline) throw new NotFoundError(`No ${LABEL} with this id.`);
    return guideline;
  }

  /** The one step out of PENDING: who decided, when, and the audit entry (and so the event) of it. */
  private async decide(
    manager: EntityManager,
    current: GuidelineOwnerInvitation,
    to: GuidelineOwnerInvitationStatus,
    action: string,
    partyId: string,
  ): Promise<GuidelineOwnerInvitation> {
    assertTransition(LABEL, OWNER_INVITATION_TRANSITIONS, current.status, to, 'input.id');
    const saved = await saveNewVersion(manager, GuidelineOwnerInvitation, current, {
      status: to,
      decidedAt: new Date(),
      decidedByUserId: this.audit.actorId,
      decidedByPartyId: partyId,
    });
    await this.audit.record(manager, {
      entityType: 'GuidelineOwnerInvitation',
      entityId: current.id,
      action,
      ownerPartyId: current.invitedPartyId,
      actingPartyId: partyId,
      changes: changesBetween(current, saved, INVITATION_AUDITED),
    });
    return saved;
  }
}
