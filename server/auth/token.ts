import {
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  SignJWT,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import type { AuthConfig } from '../config';

export interface VerifiedToken {
  subject: string;
  email: string | undefined;
  emailVerified: boolean;
}

/** A token that is missing, malformed, expired, wrongly signed or not for us. */
export class InvalidTokenError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'InvalidTokenError';
  }
}

const LOCAL_ALGORITHMS = ['HS256'];
const OIDC_ALGORITHMS = ['RS256', 'ES256'];
/** A token older than this is refused whatever its `exp` says; local tokens live 8 hours. */
const MAX_TOKEN_AGE = '24h';
/** The same, in milliseconds: a socket signed in with a token closes when HTTP would refuse it. */
export const MAX_TOKEN_AGE_MS = 24 * 3_600_000;
/** Clocks of the API and an identity provider may differ this much (seconds), for `exp`, `nbf` and `iat`. */
const CLOCK_TOLERANCE = 60;

function reasonOf(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'the token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed)
    return error.reason === 'missing'
      ? `the token has no "${error.claim}" claim`
      : `the token's "${error.claim}" claim is not accepted`;
  if (error instanceof joseErrors.JOSEAlgNotAllowed)
    return 'the token is signed with an algorithm this server does not accept';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'the token signature is not valid';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'the token is signed with an unknown key';
  if (error instanceof joseErrors.JOSEError) return 'the token is not a valid signed JWT';
  return 'the token could not be verified';
}

function toVerified(payload: JWTPayload): VerifiedToken {
  if (typeof payload.sub !== 'string' || !payload.sub) throw new InvalidTokenError('the token has no subject');
  return {
    subject: payload.sub,
    email: typeof payload.email === 'string' ? payload.email.toLowerCase() : undefined,
    emailVerified: payload.email_verified === true,
  };
}

export interface TokenVerifier {
  verify(token: string): Promise<VerifiedToken>;
}

/** Discovers the JWKS address from the issuer's OpenID configuration when it is not configured. */
function oidcKeySet(issuer: string, jwksUri: string | undefined): JWTVerifyGetKey {
  let keySet: Promise<JWTVerifyGetKey> | undefined;
  const resolve = async (): Promise<JWTVerifyGetKey> => {
    if (jwksUri) return createRemoteJWKSet(new URL(jwksUri));
    const response = await fetch(
      new URL('.well-known/openid-configuration', issuer.endsWith('/') ? issuer : `${issuer}/`),
    );
    if (!response.ok) throw new Error(`OpenID configuration of ${issuer} answered ${response.status}`);
    const { jwks_uri: uri } = (await response.json()) as { jwks_uri?: string };
    if (!uri) throw new Error(`OpenID configuration of ${issuer} names no jwks_uri`);
    return createRemoteJWKSet(new URL(uri));
  };
  return async (header, token) => {
    keySet ??= resolve().catch((error: unknown) => {
      keySet = undefined;
      throw error;
    });
    return (await keySet)(header, token);
  };
}

/** Local mode: HS256 with the shared secret. OIDC mode: RS256/ES256 with the provider's published keys. */
export function createTokenVerifier(config: AuthConfig): TokenVerifier {
  const key =
    config.mode === 'local' ? new TextEncoder().encode(config.secret) : oidcKeySet(config.issuer, config.jwksUri);
  const options = {
    algorithms: config.mode === 'local' ? LOCAL_ALGORITHMS : OIDC_ALGORITHMS,
    issuer: config.issuer,
    audience: config.audience,
    // A token must expire and must not claim to be issued in the future (RFC 9068 requires both claims).
    requiredClaims: ['exp', 'iat', 'sub'],
    maxTokenAge: MAX_TOKEN_AGE,
    clockTolerance: CLOCK_TOLERANCE,
  };
  return {
    async verify(token) {
      let payload: JWTPayload;
      try {
        // Both overloads of jwtVerify, chosen by the key's type.
        ({ payload } =
          key instanceof Uint8Array ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options));
      } catch (error) {
        throw new InvalidTokenError(reasonOf(error));
      }
      return toVerified(payload);
    },
  };
}

/** Signs a development token for a user (local mode only). */
export async function signLocalToken(
  config: Extract<AuthConfig, { mode: 'local' }>,
  user: { id: string; email: string },
  expiresIn = '8h',
): Promise<string> {
  return new SignJWT({ email: user.email })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(user.id)
    .setIssuer(config.issuer)
    .setAudience(config.audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(config.secret));
}
