import type { DataSource, EntityManager } from 'typeorm';
import { User } from '../../entities';
import { isUuid } from '../../schema/global-id';
import type { MembershipRole } from '../../entities/membership-role.enum';
import type { PartyKind } from '../../entities/party-kind.enum';
import type { AuthConfig } from '../config';
import { UnauthenticatedError } from '../errors';
import { InvalidTokenError, type TokenVerifier } from './token';

export interface ViewerMembership {
  readonly membershipId: string;
  readonly partyId: string;
  readonly partyKind: PartyKind;
  readonly role: MembershipRole;
}

/** Who is asking: a signed-in user with their memberships, or nobody. */
export class Viewer {
  static readonly anonymous = new Viewer(null, []);

  constructor(
    readonly user: User | null,
    readonly memberships: readonly ViewerMembership[],
  ) {}

  get isAuthenticated(): boolean {
    return this.user !== null;
  }

  get isOperator(): boolean {
    return this.user?.isOperator === true;
  }

  get partyIds(): string[] {
    return this.memberships.map((m) => m.partyId);
  }

  membershipIn(partyId: string): ViewerMembership | undefined {
    return this.memberships.find((m) => m.partyId === partyId);
  }
}

function unauthenticated(reason: string): UnauthenticatedError {
  const error = new UnauthenticatedError(`Not signed in: ${reason}.`);
  // Apollo uses this status for the HTTP response when the context cannot be built.
  (error.extensions as Record<string, unknown>).http = { status: 401 };
  return error;
}

async function findUser(
  manager: EntityManager,
  mode: AuthConfig['mode'],
  token: Awaited<ReturnType<TokenVerifier['verify']>>,
) {
  const users = manager.getRepository(User);
  if (mode === 'local') return isUuid(token.subject) ? users.findOneBy({ id: token.subject }) : null;
  const linked = await users.findOneBy({ externalSubject: token.subject });
  if (linked) return linked;
  // First sign-in through the identity provider: match a verified e-mail address to an unlinked account.
  if (token.email && token.emailVerified) {
    const byEmail = await users.findOneBy({ email: token.email });
    if (byEmail && byEmail.externalSubject === null) return byEmail;
  }
  return null;
}

/** Reads `Authorization: Bearer <JWT>`; no header is anonymous, a bad one is UNAUTHENTICATED. */
export async function authenticate(
  authorization: string | undefined,
  deps: { verifier: TokenVerifier; dataSource: DataSource; mode: AuthConfig['mode'] },
): Promise<Viewer> {
  if (authorization === undefined || authorization === '') return Viewer.anonymous;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match) throw unauthenticated('send the header as "Authorization: Bearer <token>"');
  let token;
  try {
    token = await deps.verifier.verify(match[1]!);
  } catch (error) {
    if (error instanceof InvalidTokenError) throw unauthenticated(error.message);
    throw error;
  }
  // Identity and roles come from the primary, never a lagging replica: a removed membership or a
  // deactivated account must stop working at once.
  const runner = deps.dataSource.createQueryRunner('master');
  let user: User | null;
  let memberships: { membership_id: string; party_id: string; party_kind: PartyKind; role: MembershipRole }[];
  try {
    user = await findUser(runner.manager, deps.mode, token);
    if (!user) throw unauthenticated('the token belongs to no user of this platform');
    if (!user.active) throw unauthenticated('this account is deactivated');
    memberships = await runner.query(
      `SELECT m.id AS membership_id, m.party_id, p.kind AS party_kind, m.role
         FROM membership m JOIN party p ON p.id = m.party_id
        WHERE m.user_id = $1`,
      [user.id],
    );
  } finally {
    await runner.release();
  }
  return new Viewer(
    user,
    memberships.map((m) => ({
      membershipId: m.membership_id,
      partyId: m.party_id,
      partyKind: m.party_kind,
      role: m.role,
    })),
  );
}
