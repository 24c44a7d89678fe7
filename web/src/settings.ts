import type { ApolloClient } from '@apollo/client';
import { createContext, useContext } from 'react';
import { describeError } from './errors';
import { PAGE_SIZE_PROBE } from './operations.mjs';

/** What the server tells the page before sign-in (GET /dashboard-settings.json; no secrets). */
export interface DashboardSettings {
  auth:
    { mode: 'oidc'; authority: string; clientId: string | null; scope: string } | { mode: 'local'; demoUsers: boolean };
  /**
   * The largest `first` the API's connections take (its MAX_PAGE_SIZE, which operators may set): a page asks
   * min(what it wishes, this) of a list (usePageSize), never a number of its own.
   */
  maxPageSize: number;
  /**
   * The largest `first` a list inside a record takes (the API's NESTED_MAX_SIZE: a deliverable's milestones,
   * dependents, status changes and updates), whatever MAX_PAGE_SIZE is.
   */
  nestedMaxSize: number;
}

/**
 * The page size when the settings name none or no whole number above 0: the API's default page size (what a
 * connection answers without `first`), which a server that takes its own defaults takes. A guess at 100 (the
 * server's default MAX_PAGE_SIZE) would leave "Mijn partij" broken on a server set lower; "Meer laden" reaches
 * what a smaller page leaves out. A server set below it refuses it: loadSettings then asks which it takes.
 */
const FALLBACK_MAX_PAGE_SIZE = 20;

/**
 * The nested lists' cap when the settings name none: the API's default size of a list inside a record (what it
 * answers without `first`, NESTED_DEFAULT_SIZE), so no larger than the cap of any server. Only the capped lists'
 * "Meer laden" stops there.
 */
const FALLBACK_NESTED_MAX_SIZE = 100;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** A page size as the settings give it: a whole number above 0, else null. */
const pageSizeIn = (value: unknown): number | null =>
  typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : null;

/**
 * The settings as the page may use them, whatever the file held. An unreadable `auth` offers no sign-in (as a
 * server without demo accounts): the public pages work, and nothing is sent to an issuer the page cannot trust.
 */
export function settingsFrom(value: unknown): DashboardSettings {
  const read = isObject(value) ? value : {};
  const auth = isObject(read.auth) ? read.auth : {};
  return {
    auth:
      auth.mode === 'oidc' &&
      typeof auth.authority === 'string' &&
      typeof auth.scope === 'string' &&
      (auth.clientId === null || typeof auth.clientId === 'string')
        ? { mode: 'oidc', authority: auth.authority, clientId: auth.clientId, scope: auth.scope }
        : { mode: 'local', demoUsers: auth.mode === 'local' && auth.demoUsers === true },
    maxPageSize: pageSizeIn(read.maxPageSize) ?? FALLBACK_MAX_PAGE_SIZE,
    nestedMaxSize: pageSizeIn(read.nestedMaxSize) ?? FALLBACK_NESTED_MAX_SIZE,
  };
}

/**
 * The largest page up to the fallback that this server takes, for when the settings do not say: it refuses a
 * larger `first` with BAD_USER_INPUT on `first`, so a few small reads (a halving search, five at most, none when
 * the fallback is taken) find it. Any other failure keeps the fallback: the pages then show what went wrong.
 */
async function largestPageTaken(client: ApolloClient): Promise<number> {
  const takes = (first: number) =>
    client.query({ query: PAGE_SIZE_PROBE, variables: { first }, fetchPolicy: 'no-cache' }).then(
      () => true,
      (error: unknown) => {
        const { code, field } = describeError(error);
        if (code === 'BAD_USER_INPUT' && field === 'first') return false;
        throw error;
      },
    );
  try {
    if (await takes(FALLBACK_MAX_PAGE_SIZE)) return FALLBACK_MAX_PAGE_SIZE;
    // Taken: `low`; refused: everything above `high`.
    let [low, high] = [1, FALLBACK_MAX_PAGE_SIZE - 1];
    while (low < high) {
      const size = Math.ceil((low + high) / 2);
      if (await takes(size)) low = size;
      else high = size - 1;
    }
    return low;
  } catch {
    return FALLBACK_MAX_PAGE_SIZE;
  }
}

export async function loadSettings(client: ApolloClient): Promise<DashboardSettings> {
  const response = await fetch('/dashboard-settings.json', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`dashboard settings answered ${response.status}`);
  // A body that is no JSON at all is read as one that names nothing: the defaults above.
  const read: unknown = await response.json().catch(() => null);
  const settings = settingsFrom(read);
  if (pageSizeIn(isObject(read) ? read.maxPageSize : null) !== null) return settings;
  return { ...settings, maxPageSize: await largestPageTaken(client) };
}

/** The server's MAX_PAGE_SIZE for the pages below it (App provides it from the settings). */
export const MaxPageSize = createContext(FALLBACK_MAX_PAGE_SIZE);

/** The server's NESTED_MAX_SIZE for the pages below it (App provides it from the settings). */
export const NestedMaxSize = createContext(FALLBACK_NESTED_MAX_SIZE);

/** The largest `first` the server takes (a live read asks as much as is loaded, up to this). */
export function useMaxPageSize(): number {
  return useContext(MaxPageSize);
}

/** The largest `first` a list inside a record takes (a capped list asks as many as it shows, and one more). */
export function useNestedMaxSize(): number {
  return useContext(NestedMaxSize);
}

/** How many items of a list a page asks at once: `wish`, or the server's MAX_PAGE_SIZE when that is smaller. */
export function usePageSize(wish: number): number {
  return Math.min(wish, useMaxPageSize());
}
