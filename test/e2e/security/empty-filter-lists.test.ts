import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';

/**
 * A filter's list narrows to what it names: an empty one names nothing, so the page is empty. It used to
 * reach the database as `IN ()`, a syntax error answered as INTERNAL_SERVER_ERROR.
 */
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

describe('an empty list in a filter', () => {
  it.each([
    ['interventions', 'sectorIds'],
    ['parties', 'sectorIds'],
    ['guidelines', 'sectorIds'],
    ['guidelines', 'ownerPartyIds'],
    ['packageAssessments', 'sectorIds'],
    ['synergyLinks', 'sectorIds'],
    ['synergyLinks', 'partyIds'],
    ['researchAgendas', 'sectorIds'],
    ['knowledgeQuestions', 'sectorIds'],
    ['knowledgeQuestions', 'status'],
    ['auditEvents', 'partyIds'],
    ['deliverables', 'sectorIds'],
    ['deliverables', 'ownerPartyIds'],
    ['deliverables', 'programmeIds'],
    ['synergyConflicts', 'sectorIds'],
    ['synergyConflicts', 'partyIds'],
    ['myInbox', 'kinds'],
  ])('%s(filter: { %s: [] }) is an empty page', async (root, field) => {
    const res = await app.gql(
      `{ ${root}(filter: { ${field}: [] }) { totalCount } }`,
      undefined,
      await asUser(app, 'vws.editor@example.org'),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data![root].totalCount).toBe(0);
  });
});
