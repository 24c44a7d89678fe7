import { createContext, useContext } from 'react';

/** What the server tells the page before sign-in (GET /dashboard-settings.json; no secrets). */
export interface DashboardSettings {
  auth:
    { mode: 'oidc'; authority: string; clientId: string | null; scope: string } | { mode: 'local'; demoUsers: boolean };
  /**
   * The largest `first` the API's connections take (its MAX_PAGE_SIZE, which operators may set): a page asks
   * min(what it wishes, this) of a list (usePageSize), never a number of its own.
   */
  maxPageSize: number;
}

/**
 * The page size when the settings name none or no whole number above 0: the API's default page size (what a
 * connection answers without `first`), which a server that takes its own defaults takes. A guess at 100 (the
 * server's default MAX_PAGE_SIZE) would leave "Mijn partij" broken on a server set lower; "Meer laden" reaches
 * what a smaller page leaves out.
 */
const FALLBACK_MAX_PAGE_SIZE = 20;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * The settings as the page may use them, whatever the file held. An unreadable `auth` offers no sign-in (as a
 * server without demo accounts): the public pages work, and nothing is sent to an issuer the page cannot trust.
 */
export function settingsFrom(value: unknown): DashboardSettings {
  const read = isObject(value) ? value : {};
  const auth = isObject(read.auth) ? read.auth : {};
  const { maxPageSize } = read;
  return {
    auth:
      auth.mode === 'oidc' &&
      typeof auth.authority === 'string' &&
      typeof auth.scope === 'string' &&
      (auth.clientId === null || typeof auth.clientId === 'string')
        ? { mode: 'oidc', authority: auth.authority, clientId: auth.clientId, scope: auth.scope }
        : { mode: 'local', demoUsers: auth.mode === 'local' && auth.demoUsers === true },
    maxPageSize:
      typeof maxPageSize === 'number' && Number.isSafeInteger(maxPageSize) && maxPageSize > 0
        ? maxPageSize
        : FALLBACK_MAX_PAGE_SIZE,
  };
}

export async function loadSettings(): Promise<DashboardSettings> {
  const response = await fetch('/dashboard-settings.json', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`dashboard settings answered ${response.status}`);
  // A body that is no JSON at all is read as one that names nothing: the defaults above.
  return settingsFrom(await response.json().catch(() => null));
}

/** The server's MAX_PAGE_SIZE for the pages below it (App provides it from the settings). */
export const MaxPageSize = createContext(FALLBACK_MAX_PAGE_SIZE);

/** The largest `first` the server takes (a live read asks as much as is loaded, up to this). */
export function useMaxPageSize(): number {
  return useContext(MaxPageSize);
}

/** How many items of a list a page asks at once: `wish`, or the server's MAX_PAGE_SIZE when that is smaller. */
export function usePageSize(wish: number): number {
  return Math.min(wish, useMaxPageSize());
}
