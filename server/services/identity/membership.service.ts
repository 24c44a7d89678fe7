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
import { lockForChange, saveNewVersion } from '../../shared/versioning';

const AUDITED: (keyof Membership & string)[] = ['userId', 'partyId', 'role'];

/** Party admins manage their own party's members; operators manage everyone's. */
/** The name of an account added without one, until it is given. */
export const NAMELESS = 'Nieuw lid';

export class MembershipService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly loaders: Loaders,
    private readonly access: PeopleAccess,
  ) {}

  /** A party keeps at least one admin, so somebody can always manage it. */
  private async assertAnotherAdmin(manager: EntityManager, membership: Membership): Promise<void> {
    if (membership.role !== MembershipRole.ADMIN) return;
    // Lock the party's admin rows, so two admins demoting each other at once cannot both pass. Another
    // admin counts only when they can sign in: a deactivated account manages nothing.
    const admins: { id: string; active: boolean }[] = await manager.query(
      `SELECT m.id, u.active FROM membership m JOIN "user" u ON u.id = m.user_id
        WHERE m.party_id = $1 AND m.role = 'ADMIN' ORDER BY m.id FOR UPDATE OF m`,
      [membership.partyId],
    );
    if (!admins.some((admin) => admin.id !== membership.id && admin.active))
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
      const { current, authorized: actingPartyId } = await lockForChange(
        manager,
        Membership,
        id,
        input.version,
        'membership',
        (current) => this.access.assertManageMembership(current),
      );
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
      const { current, authorized: actingPartyId } = await lockForChange(
        manager,
        Membership,
        id,
        input.version,
        'membership',
        (current) => this.access.assertManageMembership(current),
        'UPDATE',
      );
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
