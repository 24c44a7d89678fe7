import type { DataSource } from 'typeorm';
import { User } from '../../entities';
import { isUuid } from '../../schema/global-id';
import { readRows } from '../db/data-source';
import { entityReader } from '../db/entity-reader';
import type { MembershipRole } from '../../entities/membership-role.enum';
import type { PartyKind } from '../../entities/party-kind.enum';
import type { AuthConfig } from '../config';
import { DomainError, ErrorCode, UnauthenticatedError } from '../errors';
import { GRANTS_VERSION_SQL } from './policy';
import { InvalidTokenError, KeysUnavailableError, type TokenVerifier } from './token';

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
    /**
     * The version of the capability grants read with the account at sign-in; the Policy reads the grants
     * anew when it does not hold this version. Undefined: it always reads them.
     */
    readonly grantsVersion?: string | null,
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

  /** The memberships in these parties, all of them when none are named ("for these of my parties"). */
  membershipsIn(partyIds: readonly string[] | null | undefined): readonly ViewerMembership[] {
    if (partyIds == null) return this.memberships;
    const named = new Set(partyIds);
    return this.memberships.filter((m) => named.has(m.partyId));
  }
}

function unauthenticated(reason: string): UnauthenticatedError {
  const error = new UnauthenticatedError(`Not signed in: ${reason}.`);
  // Apollo uses this status for the HTTP response when the context cannot be built.
  (error.extensions as Record<string, unknown>).http = { status: 401 };
  return error;
}

/**
 * The token could not be checked for want of the identity provider's keys: SERVICE_UNAVAILABLE, answered as a
 * database outage (503 with Retry-After, `asUnavailable`), so clients keep the token and try again (the
 * dashboard signs out on a 401).
 */
function keysUnavailable(): DomainError {
  return new DomainError(
    ErrorCode.SERVICE_UNAVAILABLE,
    'Sign-in cannot be checked right now: the identity provider does not answer. Try again in a moment.',
    { retryable: true },
  );
}

/**
 * The user a token names, their memberships and the version of the capability grants, in one statement. Local tokens name the user id; an
 * identity provider's name the linked subject, or — at the first sign-in — a verified e-mail address
 * of an account not linked yet.
 */
function signInSql(dataSource: DataSource, by: 'id' | 'external_subject' | 'email'): string {
  const reader = entityReader(dataSource, User);
  // By e-mail: an unlinked account, or one this subject linked meanwhile (parallel first requests).
  const condition =
    by === 'email' ? 'u.email = $1 AND (u.external_subject IS NULL OR u.external_subject = $2)' : `u.${by} = $1`;
  return `SELECT ${reader.columnsOf('u')},
                 (SELECT coalesce(json_agg(json_build_array(m.id, m.party_id, p.kind, m.role)), '[]')
                    FROM membership m JOIN party p ON p.id = m.party_id WHERE m.user_id = u.id) AS "__memberships",
                 (${GRANTS_VERSION_SQL}) AS "__grantsVersion"
            FROM "user" u WHERE ${condition}`;
}

type SignInRow = Record<string, unknown> & {
  __memberships: [string, string, PartyKind, MembershipRole][];
  __grantsVersion: string | null;
};

async function findUser(
  dataSource: DataSource,
  mode: AuthConfig['mode'],
  token: Awaited<ReturnType<TokenVerifier['verify']>>,
): Promise<SignInRow | null> {
  // Identity and roles come from the primary, never a lagging replica: a removed membership or a
  // deactivated account must stop working at once.
  const find = async (by: 'id' | 'external_subject' | 'email', value: string) =>
    (
      await readRows<SignInRow>(
        dataSource,
        signInSql(dataSource, by),
        by === 'email' ? [value, token.subject] : [value],
        { primary: true },
      )
    )[0] ?? null;
  if (mode === 'local') return isUuid(token.subject) ? find('id', token.subject) : null;
  const linked = await find('external_subject', token.subject);
  if (linked) return linked;
  // First sign-in through the identity provider: match a verified e-mail address to an unlinked account,
  // and link it to the subject, so later sign-ins go by the subject and no other subject can claim it.
  if (!token.email || !token.emailVerified) return null;
  const first = await find('email', token.email);
  if (!first) return null;
  // Linked once, with an audit entry; a parallel first request of the same subject finds it linked already,
  // while another subject that raced for the address gets nothing.
  const [link]: { linked: number }[] = await dataSource.query(
    `WITH linked AS (
       UPDATE "user" SET external_subject = $1 WHERE id = $2 AND external_subject IS NULL RETURNING id
     ), audited AS (
       INSERT INTO audit_event (actor_id, entity_type, entity_id, action, changes)
       SELECT id, 'User', id, 'LINK_IDENTITY',
              jsonb_build_array(jsonb_build_object('field', 'externalSubject', 'before', NULL, 'after', $1::text))
         FROM linked
     )
     SELECT (SELECT count(*) FROM linked)::int AS linked`,
    [token.subject, first.id],
  );
  if (link?.linked) return first;
  return find('external_subject', token.subject).then((row) => (row?.id === first.id ? row : null));
}

/**
 * Reads `Authorization: Bearer <JWT>`; no header is anonymous, a bad one is UNAUTHENTICATED, one that cannot be
 * checked because the identity provider's keys cannot be fetched is SERVICE_UNAVAILABLE.
 */
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
    if (error instanceof KeysUnavailableError) throw keysUnavailable();
    throw error;
  }
  const row = await findUser(deps.dataSource, deps.mode, token);
  if (!row) throw unauthenticated('the token belongs to no user of this platform');
  const user = entityReader(deps.dataSource, User).read(row);
  if (!user.active) throw unauthenticated('this account is deactivated');
  return new Viewer(
    user,
    row.__memberships.map(([membershipId, partyId, partyKind, role]) => ({ membershipId, partyId, partyKind, role })),
    row.__grantsVersion,
  );
}
