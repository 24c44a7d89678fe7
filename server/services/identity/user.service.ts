import type { DataSource } from 'typeorm';
import { User } from '../../../entities';
import { decodeIdOf, toGlobalId } from '../../../schema/global-id';
import type { SetUserActiveInput } from '../../../schema/inputs/identity.input';
import type { PeopleAccess } from '../../auth/people.access';
import { BadUserInputError } from '../../errors';
import { lockForChange, saveNewVersion } from '../../shared/versioning';
import { changesBetween, type AuditService } from './audit.service';
import { lockAdminRowsOf, partiesLeftWithoutAdmin } from './membership.service';

/**
 * Accounts: operators deactivate and reactivate them. A deactivated account signs in no more, and its tokens
 * stop working at the next request (sign-in reads `active` from the primary: server/auth/viewer.ts).
 */
export class UserService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly access: PeopleAccess,
  ) {}

  async setActive(input: SetUserActiveInput): Promise<User> {
    const id = decodeIdOf('User', input.id, 'input.id');
    // Who may is not about the account, so nobody else learns whether an id exists or its version.
    const actingPartyId = await this.access.assertManageUsers();
    if (!input.active && id === this.access.viewerId)
      throw new BadUserInputError(
        'You cannot deactivate your own account: you would lock yourself out. Ask another operator.',
        'input.id',
      );
    return this.dataSource.transaction(async (manager) => {
      // A deactivation takes the admin rows first and the account after (the global order: lockAdminRowsOf),
      // so it and a change of another admin's role wait for each other, and the last admin always stays.
      if (!input.active) await lockAdminRowsOf(manager, id);
      const { current } = await lockForChange(manager, User, id, input.version, 'user', async () => undefined);
      // Already so: no new version, so nobody else's next change gets a CONFLICT for it.
      if (current.active === input.active) return current;
      if (!input.active) {
        const orphaned = await partiesLeftWithoutAdmin(manager, id);
        if (orphaned.length > 0)
          throw new BadUserInputError(
            `This is the last admin of ${orphaned.map((p) => p.name).join(', ')} who can sign in; make someone else admin first.`,
            'input.id',
            { partyIds: orphaned.map((p) => toGlobalId('Party', p.id)) },
          );
      }
      const saved = await saveNewVersion(manager, User, current, { active: input.active });
      await this.audit.record(manager, {
        entityType: 'User',
        entityId: id,
        action: input.active ? 'REACTIVATE' : 'DEACTIVATE',
        // An account is no party's record: its entry is read with the whole trail (operators, VWS).
        ownerPartyId: null,
        actingPartyId,
        changes: changesBetween(current, saved, ['active']),
      });
      return saved;
    });
  }
}
