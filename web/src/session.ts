import type { UserManager } from 'oidc-client-ts';
import { requestFailed } from './errors';
import type { DashboardSettings } from './settings';

/** Who is signed in, with the bearer token the API gets; kept for this tab only (sessionStorage). */
export interface Session {
  token: string;
  name: string;
  email: string | null;
  expiresAt: number | null;
  /** OIDC only: the provider's ID token, sent back as `id_token_hint` when signing out there. */
  idToken?: string;
}

const KEY = 'iza.session';
const listeners = new Set<() => void>();
let session: Session | null = read();

function read(): Session | null {
  try {
    const stored = JSON.parse(window.sessionStorage.getItem(KEY) ?? 'null') as Session | null;
    return stored && (stored.expiresAt === null || stored.expiresAt > Date.now()) ? stored : null;
  } catch {
    return null;
  }
}

export function currentSession(): Session | null {
  return session;
}

export function setSession(next: Session | null): void {
  session = next;
  if (next) window.sessionStorage.setItem(KEY, JSON.stringify(next));
  else window.sessionStorage.removeItem(KEY);
  for (const listener of listeners) listener();
}

let expired = false;

/** The API no longer accepts the token: forget it and tell the person once (see `sessionExpired`). */
export function endExpiredSession(): void {
  expired = true;
  setSession(null);
}

/** Whether the last session ended because the API refused its token (until someone signs in again). */
export function sessionExpired(): boolean {
  return expired && session === null;
}

export function onSessionChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Development only: the server signs a token for a demo account (absent in production). */
export async function signInAsDemoUser(email: string): Promise<void> {
  const response = await fetch('/dev/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  if (!response.ok) throw await requestFailed(response);
  const body = (await response.json()) as { token: string; name: string; email: string };
  setSession({ token: body.token, name: body.name, email: body.email, expiresAt: Date.now() + 7 * 60 * 60 * 1000 });
}

export interface DemoUser {
  email: string;
  name: string;
  memberships: { party: string; role: string }[];
}

export async function demoUsers(): Promise<DemoUser[]> {
  const response = await fetch('/dev/demo-users', { headers: { accept: 'application/json' } });
  if (!response.ok) throw await requestFailed(response);
  return ((await response.json()) as { users: DemoUser[] }).users;
}

/**
 * OpenID Connect: authorization code with PKCE (oidc-client-ts does both), redirecting back to
 * /auth/callback; the access token is what the API checks (issuer, audience, signature). The library
 * is loaded only when signing in this way: the other pages' first view does not wait for it.
 */
export async function oidcUserManager(settings: DashboardSettings): Promise<UserManager | null> {
  if (settings.auth.mode !== 'oidc' || !settings.auth.clientId) return null;
  const { InMemoryWebStorage, UserManager, WebStorageStateStore } = await import('oidc-client-ts');
  return new UserManager({
    authority: settings.auth.authority,
    client_id: settings.auth.clientId,
    redirect_uri: `${window.location.origin}/auth/callback`,
    post_logout_redirect_uri: `${window.location.origin}/`,
    response_type: 'code',
    scope: settings.auth.scope,
    // The session (above) keeps the token: the library's copy of the user lives in memory only, so
    // signing out leaves no token behind in the tab. The sign-in state must outlast the redirect.
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
    automaticSilentRenew: false,
    loadUserInfo: false,
  });
}

/** Finishes the code exchange; resolves with the state given at sign-in (the path to return to). */
export async function completeOidcSignIn(manager: UserManager): Promise<unknown> {
  const user = await manager.signinRedirectCallback();
  const name =
    (user.profile.name as string | undefined) ?? (user.profile.email as string | undefined) ?? user.profile.sub;
  setSession({
    token: user.access_token,
    name,
    email: (user.profile.email as string | undefined) ?? null,
    expiresAt: user.expires_at ? user.expires_at * 1000 : null,
    idToken: user.id_token,
  });
  return user.state;
}

/**
 * Signs out of the dashboard at once. A session from an OIDC provider that offers an end_session_endpoint
 * is ended there too (RP-initiated logout), or the next "Inloggen" would sign the same person in again
 * without asking; the provider then sends the browser back to the start page (post_logout_redirect_uri).
 */
export async function signOut(settings: DashboardSettings): Promise<void> {
  const idToken = session?.idToken;
  setSession(null);
  if (!idToken) return;
  const manager = await oidcUserManager(settings);
  // The library keeps its user in memory only (see above), so the ID token is handed to it here.
  if (manager && (await manager.metadataService.getEndSessionEndpoint()))
    await manager.signoutRedirect({ id_token_hint: idToken });
}
