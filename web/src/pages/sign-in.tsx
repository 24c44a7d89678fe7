import { useEffect, useState } from 'react';
import { DashboardError } from '../errors';
import { useT } from '../format';
import { navigate } from '../router';
import { completeOidcSignIn, demoUsers, oidcUserManager, signInAsDemoUser, type DemoUser } from '../session';
import type { DashboardSettings } from '../settings';
import { ErrorMessage, Loading, Page } from '../ui';

/** A path of this dashboard only (never another site), or its start page. */
function safePath(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}

/** Where to go after signing in. */
function returnPath(): string {
  return safePath(new URLSearchParams(window.location.search).get('return'));
}

function DemoPicker() {
  const t = useT();
  const [users, setUsers] = useState<DemoUser[] | null>(null);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    demoUsers().then(setUsers, setError);
  }, []);
  return (
    <Page title={t('auth.pickerTitle')} ready={users !== null} name="sign-in">
      <p>{t('auth.pickerIntro')}</p>
      {error && <ErrorMessage error={error} />}
      {!users && !error && <Loading />}
      {users && (
        <form
          className="stack"
          onSubmit={(event) => {
            event.preventDefault();
            const email = new FormData(event.currentTarget).get('email');
            if (typeof email !== 'string') return;
            signInAsDemoUser(email).then(() => navigate(returnPath(), { replace: true }), setError);
          }}
        >
          <label htmlFor="demo-user">{t('auth.pickerUser')}</label>
          <select id="demo-user" name="email" defaultValue={users[0]?.email}>
            {users.map((u) => (
              <option key={u.email} value={u.email}>
                {u.name} — {u.memberships.map((m) => `${m.party} (${m.role})`).join(', ') || u.email}
              </option>
            ))}
          </select>
          <button type="submit">{t('auth.pickerSubmit')}</button>
        </form>
      )}
    </Page>
  );
}

function OidcSignIn({ settings }: { settings: DashboardSettings }) {
  const t = useT();
  const [error, setError] = useState<Error | null>(null);
  const signIn = () =>
    oidcUserManager(settings)
      .then((manager) => manager?.signinRedirect({ state: returnPath() }))
      .catch(setError);
  return (
    <Page title={t('auth.oidcTitle')} ready name="sign-in">
      {settings.auth.mode === 'oidc' && settings.auth.clientId ? (
        <>
          <p>{t('auth.oidcIntro')}</p>
          {error && <ErrorMessage error={error} />}
          <button type="button" onClick={() => void signIn()}>
            {t('auth.oidcSubmit')}
          </button>
        </>
      ) : (
        <p role="alert">{t('auth.oidcMissingClient')}</p>
      )}
    </Page>
  );
}

export function SignInPage({ settings }: { settings: DashboardSettings }) {
  const t = useT();
  if (settings.auth.mode === 'oidc') return <OidcSignIn settings={settings} />;
  if (settings.auth.demoUsers) return <DemoPicker />;
  return (
    <Page title={t('auth.oidcTitle')} ready name="sign-in">
      <p>{t('auth.noSignIn')}</p>
    </Page>
  );
}

/** The identity provider sends the browser back here with a code; oidc-client-ts exchanges it (PKCE). */
export function CallbackPage({ settings }: { settings: DashboardSettings }) {
  const t = useT();
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    let cancelled = false;
    oidcUserManager(settings)
      .then((manager) => (manager ? completeOidcSignIn(manager) : Promise.reject(new DashboardError('auth.noSignIn'))))
      .then(
        (state) => {
          if (!cancelled) navigate(safePath(state), { replace: true });
        },
        (e: Error) => !cancelled && setError(e),
      );
    return () => {
      cancelled = true;
    };
  }, [settings]);
  return (
    <Page title={t('auth.callback')} ready={Boolean(error)} name="callback">
      {error ? <ErrorMessage error={error} /> : <Loading />}
    </Page>
  );
}
