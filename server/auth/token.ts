import {
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  SignJWT,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import type { AuthConfig } from '../config';
import type { Logger } from '../logger';

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

/**
 * The identity provider's signing keys could not be fetched (unreachable, an error status, a time-out, a failed
 * discovery): nothing is known about the token, which may well be valid, so it is not refused as invalid.
 */
export class KeysUnavailableError extends Error {
  constructor(cause: unknown) {
    super("the identity provider's signing keys could not be fetched", { cause });
    this.name = 'KeysUnavailableError';
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
/** How long the OpenID configuration may take to answer: jose's default for the key set itself. */
const DISCOVERY_TIMEOUT_MS = 5_000;

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

/**
 * Whether getting the key failed for want of the key set rather than because of the token: jose's time-out,
 * its plain JOSEError (a status other than 200, a body that is not JSON), a malformed set, and anything not
 * jose's (network errors, the discovery's). No matching key, several, an unsupported algorithm: the token's.
 */
function isKeyFetchFailure(error: unknown): boolean {
  if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid) return true;
  if (error instanceof joseErrors.JOSEError) return error.code === joseErrors.JOSEError.code;
  return true;
}

/** Discovers the JWKS address from the issuer's OpenID configuration when it is not configured. */
function oidcKeySet(issuer: string, jwksUri: string | undefined, logger: Logger): JWTVerifyGetKey {
  let keySet: Promise<JWTVerifyGetKey> | undefined;
  // Every request during an outage fails the same way: one warning when it starts, one line when it ends.
  let unavailable = false;
  const resolve = async (): Promise<JWTVerifyGetKey> => {
    if (jwksUri) return createRemoteJWKSet(new URL(jwksUri));
    const response = await fetch(
      new URL('.well-known/openid-configuration', issuer.endsWith('/') ? issuer : `${issuer}/`),
      { signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS) },
    );
    if (!response.ok) throw new Error(`OpenID configuration of ${issuer} answered ${response.status}`);
    const { jwks_uri: uri } = (await response.json()) as { jwks_uri?: string };
    if (!uri) throw new Error(`OpenID configuration of ${issuer} names no jwks_uri`);
    return createRemoteJWKSet(new URL(uri));
  };
  return async (header, token) => {
    try {
      keySet ??= resolve().catch((error: unknown) => {
        keySet = undefined;
        throw error;
      });
      const key = await (await keySet)(header, token);
      if (unavailable) logger.info({ issuer }, "the identity provider's signing keys can be fetched again");
      unavailable = false;
      return key;
    } catch (error) {
      if (!isKeyFetchFailure(error)) throw error;
      if (!unavailable)
        logger.warn(
          { err: error, issuer },
          "the identity provider's signing keys could not be fetched: signed-in requests get 503 until they can",
        );
      unavailable = true;
      throw new KeysUnavailableError(error);
    }
  };
}

/** Local mode: HS256 with the shared secret. OIDC mode: RS256/ES256 with the provider's published keys. */
export function createTokenVerifier(config: AuthConfig, logger: Logger): TokenVerifier {
  const key =
    config.mode === 'local'
      ? new TextEncoder().encode(config.secret)
      : oidcKeySet(config.issuer, config.jwksUri, logger);
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
        // Not the token's fault: answered as a passing outage, never as a token to throw away.
        if (error instanceof KeysUnavailableError) throw error;
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
