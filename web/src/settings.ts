/** What the server tells the page before sign-in (GET /dashboard-settings.json; no secrets). */
export interface DashboardSettings {
  auth:
    { mode: 'oidc'; authority: string; clientId: string | null; scope: string } | { mode: 'local'; demoUsers: boolean };
  /**
   * The largest `first` the API's connections take (its MAX_PAGE_SIZE, which operators may set): a page that
   * asks as much as it may asks this, never a number of its own.
   */
  maxPageSize: number;
}

export async function loadSettings(): Promise<DashboardSettings> {
  const response = await fetch('/dashboard-settings.json', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`dashboard settings answered ${response.status}`);
  return (await response.json()) as DashboardSettings;
}
