import type { DataSource, EntityManager } from 'typeorm';
import { Membership, Party, User } from '../../../entities';
import { MembershipRole } from '../../../entities/membership-role.enum';
import { decodeIdOf } from '../../../schema/global-id';
import type {
  AddMembershipInput,
  RemoveMembershipInput,
  UpdateMembershipInput,
} from '../../../schema/inputs/identity.input';
import type { PeopleAccess } from '../../auth/people.access';
import type { Loaders } from '../../loaders';
import { BadUserInputError, ConflictError, NotFoundError } from '../../errors';
import { changesBetween, type AuditService } from './audit.service';
import { writeRows } from '../../db/data-source';
import { entityReader } from '../../db/entity-reader';
import { assertVersion, saveNewVersion } from '../../shared/versioning';

const AUDITED: (keyof Membership & string)[] = ['userId', 'partyId', 'role'];

/** The name of an account added without one, until it is given. */
export const NAMELESS = 'Nieuw lid';

/**
 * Locks, for deactivating an account, every ADMIN membership row of every party the account is an admin of, in
 * one statement in id order, the rows `lockAmongAdmins` takes. Global lock order for a party's admins: its
 * membership rows in id order in one statement, then any user row, so no two writes hold what the other waits for.
 */
export async function lockAdminRowsOf(manager: EntityManager, userId: string): Promise<void> {
  await writeRows(
    manager,
    `SELECT m.id FROM membership m
      WHERE m.role = 'ADMIN' AND m.party_id IN (SELECT party_id FROM membership WHERE user_id = $1 AND role = 'ADMIN')
      ORDER BY m.id FOR NO KEY UPDATE`,
    [userId],
  );
}

/**
 * The parties (all of `userId`'s, or those of `partyIds`) whose admins are `userId` and nobody else who can sign
 * in: those that taking the role from `userId` (a role change, a removal, a deactivation) would leave without one.
 * Run once the admin rows are locked (`lockAdminRowsOf`, `lockAmongAdmins`), in a statement of its own: a locking
 * statement that waited for a deactivation still sees, in its own snapshot, the account as active.
 */
export async function partiesLeftWithoutAdmin(
  manager: EntityManager,
  userId: string,
  partyIds: string[] | null = null,
): Promise<{ id: string; name: string }[]> {
  return writeRows(
    manager,
    `SELECT p.id, p.name FROM membership mine JOIN party p ON p.id = mine.party_id
      WHERE mine.user_id = $1 AND mine.role = 'ADMIN' AND ($2::uuid[] IS NULL OR mine.party_id = ANY($2::uuid[]))
        AND NOT EXISTS (SELECT 1 FROM membership m JOIN "user" u ON u.id = m.user_id
                         WHERE m.party_id = mine.party_id AND m.role = 'ADMIN' AND m.user_id <> $1 AND u.active)
      ORDER BY p.name`,
    [userId, partyIds],
  );
}

/** Party admins manage their own party's members; operators manage everyone's. */
export class MembershipService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly loaders: Loaders,
    private readonly access: PeopleAccess,
  ) {}

  /**
   * A membership locked for change together with its party's admin rows, as `lockForChange` does it: locked,
   * then authorized, then the version checked, so a caller who may not change it never learns its version.
   * The target and the admins are locked in one statement in id order: a write that locked its target first
   * and the admins after could hold what a second admin's write on another admin waited for, and the reverse
   * (a deadlock). Every role change and removal takes this lock, as one that does not touch an admin cannot
   * tell so before its target is locked. A deactivated account's admin row is locked but does not count.
   */
  private async lockAmongAdmins(
    manager: EntityManager,
    id: string,
    expectedVersion: number,
    mode: 'NO KEY UPDATE' | 'UPDATE',
  ): Promise<{ current: Membership; actingPartyId: string | null }> {
    const reader = entityReader(manager.dataSource, Membership);
    const rows = await writeRows(
      manager,
      `SELECT ${reader.columnsOf('t')} FROM membership t
        WHERE t.party_id = (SELECT party_id FROM membership WHERE id = $1) AND (t.role = 'ADMIN' OR t.id = $1)
        ORDER BY t.id FOR ${mode}`,
      [id],
    );
    const current = rows.map((row) => reader.read(row)).find((row) => row.id === id);
    if (!current) throw new NotFoundError('No membership with this id.');
    const actingPartyId = await this.access.assertManageMembership(current);
    assertVersion(current.version, expectedVersion, 'membership');
    return { current, actingPartyId };
  }

  /** A party keeps at least one admin who can sign in, so somebody can always manage it. */
  private async assertAnotherAdmin(manager: EntityManager, membership: Membership): Promise<void> {
    if (membership.role !== MembershipRole.ADMIN) return;
    if ((await partiesLeftWithoutAdmin(manager, membership.userId, [membership.partyId])).length > 0)
      throw new BadUserInputError('This is the party’s last admin; make someone else admin first.', 'id');
  }

  async add(input: AddMembershipInput): Promise<Membership> {
    const partyId = decodeIdOf('Party', input.partyId, 'input.partyId');
    const email = input.email.trim().toLowerCase();
    const actingPartyId = await this.access.assertManageMembers(partyId, { email });
    return this.dataSource.transaction(async (manager) => {
      if (!(await manager.existsBy(Party, { id: partyId }))) throw new NotFoundError('No party with this id.');
      let user = await manager.findOneBy(User, { email });
      if (!user) {
        // Without a name, not the address: a name is shown to fellow members and in the trail, who may not
        // see addresses.
        user = await manager.save(User, manager.create(User, { email, name: input.name?.trim() || NAMELESS }));
        await this.audit.record(manager, {
          entityType: 'User',
          entityId: user.id,
          action: 'CREATE',
          ownerPartyId: partyId,
          actingPartyId,
          // The e-mail address stays out of the trail: party members who read it may not see addresses.
          changes: changesBetween(null, user, ['name']),
        });
      }
      if (await manager.existsBy(Membership, { userId: user.id, partyId })) {
        throw new ConflictError('This person is already a member of the party; change their role instead.');
      }
      const membership = await manager.save(
        Membership,
        manager.create(Membership, { userId: user.id, partyId, role: input.role }),
      );
      await this.audit.record(manager, {
        entityType: 'Membership',
        entityId: membership.id,
        action: 'CREATE',
        ownerPartyId: partyId,
        actingPartyId,
        changes: changesBetween(null, membership, AUDITED),
      });
      return membership;
    });
  }

  async update(input: UpdateMembershipInput): Promise<Membership> {
    const id = decodeIdOf('Membership', input.id, 'input.id');
    return this.dataSource.transaction(async (manager) => {
      const { current, actingPartyId } = await this.lockAmongAdmins(manager, id, input.version, 'NO KEY UPDATE');
      // The same role: no new version, so nobody else's next edit gets a CONFLICT for it.
      if (input.role === current.role) return current;
      if (input.role !== MembershipRole.ADMIN) await this.assertAnotherAdmin(manager, current);
      const saved = await saveNewVersion(manager, Membership, current, { role: input.role });
      await this.audit.record(manager, {
        entityType: 'Membership',
        entityId: id,
        action: 'UPDATE',
        ownerPartyId: current.partyId,
        actingPartyId,
        changes: changesBetween(current, saved, AUDITED),
      });
      return saved;
    });
  }

  async remove(input: RemoveMembershipInput): Promise<string> {
    const id = decodeIdOf('Membership', input.id, 'input.id');
    return this.dataSource.transaction(async (manager) => {
      const { current, actingPartyId } = await this.lockAmongAdmins(manager, id, input.version, 'UPDATE');
      await this.assertAnotherAdmin(manager, current);
      await manager.delete(Membership, { id });
      await this.audit.record(manager, {
        entityType: 'Membership',
        entityId: id,
        action: 'DELETE',
        ownerPartyId: current.partyId,
        actingPartyId,
        changes: changesBetween(current, null, AUDITED),
      });
      return id;
    });
  }

  /** The first `limit` members of a party (only those are read), for those who may read its internal records. */
  async ofParty(partyId: string, limit: number): Promise<Membership[] | null> {
    if (!(await this.access.canReadMembersOf(partyId))) return null;
    return (await this.loaders.membershipPagesByPartyId(limit).load(partyId)).rows;
  }
}
