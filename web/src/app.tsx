import { useQuery } from '@apollo/client/react';
import { useEffect, useState, type ReactNode } from 'react';
import { IntlProvider } from 'react-intl';
import { en, nl } from './messages';
import { useT } from './format';
import { VIEWER } from './operations.mjs';
import { Link, useLocation, type Location } from './router';
import { currentSession, onSessionChange, sessionExpired, signOut, type Session } from './session';
import { MaxPageSize, NestedMaxSize, type DashboardSettings } from './settings';
import { OverviewPage } from './pages/overview';
import { DeliverablesPage } from './pages/deliverables';
import { DeliverablePage } from './pages/deliverable';
import { TimelinePage } from './pages/timeline';
import { SectorPage, SectorsPage } from './pages/sectors';
import { SynergyPage } from './pages/synergy';
import { PartyPage } from './pages/party';
import { HistoryPage } from './pages/history';
import { SignInPage, CallbackPage } from './pages/sign-in';

export type Language = 'nl' | 'en';

export interface ViewerData {
  me: {
    user: { id: string; name: string };
    capabilities: { capability: string; scope: 'OWN_PARTY' | 'ANY_PARTY'; party: { id: string } | null }[];
    memberships: {
      id: string;
      role: string;
      party: { id: string; key: string; name: string; shortName: string | null; kind: string };
    }[];
  } | null;
}

function useSession(): Session | null {
  const [session, set] = useState(currentSession);
  useEffect(() => onSessionChange(() => set(currentSession())), []);
  return session;
}

function route(
  location: Location,
  settings: DashboardSettings,
  viewer: ViewerData['me'],
  viewerError: unknown,
): ReactNode {
  const [, first, second] = location.path.split('/');
  switch (first) {
    case '':
    case 'overview':
      return <OverviewPage location={location} viewer={viewer} />;
    case 'deliverables':
      return second ? (
        <DeliverablePage id={decodeURIComponent(second)} location={location} key={second} />
      ) : (
        <DeliverablesPage location={location} />
      );
    case 'timeline':
      return <TimelinePage location={location} />;
    case 'sectors':
      return second ? <SectorPage id={decodeURIComponent(second)} key={second} /> : <SectorsPage />;
    case 'synergy':
      return <SynergyPage location={location} viewer={viewer} />;
    case 'party':
      return <PartyPage location={location} viewer={viewer} viewerError={viewerError} />;
    case 'history':
      return second ? <HistoryPage id={decodeURIComponent(second)} key={second} /> : null;
    case 'sign-in':
      return <SignInPage settings={settings} />;
    case 'auth':
      return <CallbackPage settings={settings} />;
    default:
      return null;
  }
}

function NotFound() {
  const t = useT();
  return <p>{t('app.notFound')}</p>;
}

function Shell({
  settings,
  language,
  onLanguage,
}: {
  settings: DashboardSettings;
  language: Language;
  onLanguage: (language: Language) => void;
}) {
  const t = useT();
  const location = useLocation();
  const session = useSession();
  const [providerKept, setProviderKept] = useState(false);
  // A new identity must not see what the previous one's queries cached.
  const { data, error } = useQuery<ViewerData>(VIEWER, { skip: !session, fetchPolicy: 'network-only' });
  const viewer = session ? (data?.me ?? null) : null;
  const section = location.path.split('/')[1] || 'overview';
  const nav: {
    to: string;
    id: 'nav.overview' | 'nav.timeline' | 'nav.sectors' | 'nav.synergy' | 'nav.party';
    match: string;
  }[] = [
    { to: '/', id: 'nav.overview', match: 'overview' },
    { to: '/timeline', id: 'nav.timeline', match: 'timeline' },
    { to: '/sectors', id: 'nav.sectors', match: 'sectors' },
    { to: '/synergy', id: 'nav.synergy', match: 'synergy' },
    { to: '/party', id: 'nav.party', match: 'party' },
  ];
  const page = route(location, settings, viewer, session ? error : undefined) ?? <NotFound />;
  return (
    <>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="top">
        <p className="brand">
          <Link to="/">{t('app.title')}</Link>
        </p>
        <nav aria-label={t('app.nav')}>
          <ul>
            {nav.map((item) => (
              <li key={item.to}>
                <Link
                  to={item.to}
                  aria-current={
                    section === item.match || (item.match === 'overview' && section === 'deliverables')
                      ? 'page'
                      : undefined
                  }
                >
                  {t(item.id)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="account">
          <button
            type="button"
            lang={language === 'nl' ? 'en' : 'nl'}
            aria-label={t('app.switchLanguageLabel')}
            onClick={() => onLanguage(language === 'nl' ? 'en' : 'nl')}
          >
            {t('app.switchLanguage')}
          </button>
          {session ? (
            <>
              <span className="who">{t('auth.signedInAs', { name: session.name })}</span>
              <button
                type="button"
                onClick={() => {
                  setProviderKept(false);
                  // Signed out here either way; say so when the provider's own session could not be ended.
                  signOut(settings).catch(() => setProviderKept(true));
                }}
              >
                {t('auth.signOut')}
              </button>
            </>
          ) : (
            <Link to="/sign-in" className="button">
              {t('auth.signIn')}
            </Link>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {!session && providerKept && (
          <p role="status" className="notice">
            {t('auth.providerSignOutFailed')}
          </p>
        )}
        {!session && sessionExpired() && (
          <p role="status" className="notice">
            {t('auth.expired')}
          </p>
        )}
        {page}
      </main>
    </>
  );
}

const LANGUAGE_KEY = 'iza.language';

export function App({ settings }: { settings: DashboardSettings }) {
  const [language, setLanguage] = useState<Language>(() =>
    window.localStorage.getItem(LANGUAGE_KEY) === 'en' ? 'en' : 'nl',
  );
  useEffect(() => {
    document.documentElement.lang = language;
    window.localStorage.setItem(LANGUAGE_KEY, language);
  }, [language]);
  return (
    <IntlProvider
      locale={language === 'nl' ? 'nl-NL' : 'en-NL'}
      messages={language === 'nl' ? nl : en}
      defaultLocale="nl-NL"
    >
      <MaxPageSize.Provider value={settings.maxPageSize}>
        <NestedMaxSize.Provider value={settings.nestedMaxSize}>
          <Shell settings={settings} language={language} onLanguage={setLanguage} />
        </NestedMaxSize.Provider>
      </MaxPageSize.Provider>
    </IntlProvider>
  );
}
