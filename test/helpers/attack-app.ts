import { toGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from './app';
import { partyIds } from '../fixtures/deliverables';

/**
 * The server the attack suites share: rate limits out of the way (several hundred requests from one
 * address) and the response cache on, as deployed, so no cached answer may carry one viewer's drafts to
 * another.
 */
export async function createAttackApp(): Promise<{
  app: TestApp;
  parties: Record<string, string>;
  sectors: Record<string, string>;
}> {
  const app = await createTestApp({
    RATE_LIMIT_IP_PER_MINUTE: '100000',
    RATE_LIMIT_USER_PER_MINUTE: '100000',
    RESPONSE_CACHE: 'true',
  });
  const parties = await partyIds(app, ['zorginstituut', 'fms', 'nhg', 'zonmw', 'vws']);
  const rows: { key: string; id: string }[] = await app.dataSource.query(`SELECT key, id FROM sector`);
  const sectors = Object.fromEntries(rows.map((r) => [r.key, toGlobalId('Sector', r.id)]));
  return { app, parties, sectors };
}

/** After an attack the server still answers an ordinary query. */
export async function stillAnswers(app: TestApp): Promise<void> {
  const res = await app.gql('{ sectors { key } researchAgendas(first: 1) { totalCount } }');
  expect(res.status).toBe(200);
  expect(res.errors).toBeUndefined();
  expect(res.data!.sectors.length).toBeGreaterThan(0);
}
