import { SignJWT } from 'jose';
import { User } from '../../entities';
import { signLocalToken } from '../../server/auth/token';
import type { TestApp } from './app';

/** A development token for a seeded user of the test app's database. */
export async function tokenFor(app: TestApp, email: string): Promise<string> {
  if (app.config.auth.mode !== 'local') throw new Error('tokenFor needs AUTH_MODE=local');
  const user = await app.dataSource.getRepository(User).findOneByOrFail({ email });
  return signLocalToken(app.config.auth, user);
}

/** Headers that sign the request in as `email`; none for `null` (anonymous). */
export async function asUser(app: TestApp, email: string | null): Promise<Record<string, string>> {
  return email ? { authorization: `Bearer ${await tokenFor(app, email)}` } : {};
}

/** Signs arbitrary claims with the app's local secret, for the bad-token cases; `iat` is now unless given. */
export async function signWithAppSecret(
  app: TestApp,
  claims: Record<string, unknown>,
  expiresIn: string | number = '1h',
) {
  if (app.config.auth.mode !== 'local') throw new Error('needs AUTH_MODE=local');
  return new SignJWT({ iat: Math.floor(Date.now() / 1000), ...claims })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(app.config.auth.issuer)
    .setAudience(app.config.auth.audience)
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(app.config.auth.secret));
}
