import { fromGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { outcome } from '../../helpers/outcome';
import { idsByKey, propose } from '../../helpers/research';

/**
 * The party carrying out a research project answers for carrying it out and for being open about it
 * (`onderzoekers-`/`aanbieders-opzet-uitvoering-onderzoek`): it reports the project's status and result;
 * everything else stays the funder's.
 */
const ZONMW = 'zonmw.editor@example.org';
const NVZ = 'nvz.contributor@example.org';
let app: TestApp;
let parties: Record<string, string>;
let sectors: Record<string, string>;
beforeAll(async () => {
  app = await createTestApp();
  parties = await idsByKey(app, 'Party', 'party');
  sectors = await idsByKey(app, 'Sector', 'sector');
});
afterAll(() => app.close());

const CREATE = `mutation($input: CreateResearchProjectInput!) { createResearchProject(input: $input) { id version } }`;
const UPDATE = `mutation($input: UpdateResearchProjectInput!) {
  updateResearchProject(input: $input) { version status resultSummary executingParty { key } } }`;
const PROJECT = `query($id: ID!) { node(id: $id) { ... on ResearchProject { version status resultSummary executingParty { key } } } }`;

/** A KPPZ project ZonMw funds and `executing` carries out. */
async function project(executing: string, questionIds: string[] = []): Promise<{ id: string; version: number }> {
  const res = await app.gql(
    CREATE,
    {
      input: {
        title: `Doelmatigheidsonderzoek (${executing})`,
        funderPartyId: parties.zonmw,
        executingPartyId: parties[executing],
        programmeKey: 'kppz',
        questionIds,
      },
    },
    await asUser(app, ZONMW),
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.createResearchProject;
}

describe('the executing party of a research project', () => {
  it('reports its status and result, recorded as acting for itself on the funder’s record', async () => {
    const question = await propose(app, 'pfn.contributor@example.org', {
      title: 'Verkort een dagbehandeling de opnameduur na een heupoperatie?',
      sectorIds: [sectors.msz],
    });
    const { id, version } = await project('nvz', [question.id]);
    const send = async (v: number, change: Record<string, unknown>) =>
      outcome(await app.gql(UPDATE, { input: { id, version: v, ...change } }, await asUser(app, NVZ)), (d) => ({
        status: d.updateResearchProject.status,
        resultSummary: d.updateResearchProject.resultSummary,
      }));
    const running = await send(version, { status: 'RUNNING' });
    const completed = await send(version + 1, {
      status: 'COMPLETED',
      resultSummary: 'Dagbehandeling verkort de opnameduur niet.',
    });
    const flagged = await app.gql(
      `query($id: ID!) { node(id: $id) { ... on KnowledgeQuestion { possiblyAnswered } } }`,
      {
        id: question.id,
      },
    );
    const trail = await app.dataSource.query(
      `SELECT e.action, acting.key AS acting, owner.key AS owner
         FROM audit_event e JOIN party acting ON acting.id = e.acting_party_id JOIN party owner ON owner.id = e.owner_party_id
        WHERE e.entity_id = $1 AND e.action = 'UPDATE'`,
      [fromGlobalId(id).id],
    );
    expect([running, completed, flagged.data!.node, trail]).toEqual([
      { status: 'RUNNING', resultSummary: null },
      { status: 'COMPLETED', resultSummary: 'Dagbehandeling verkort de opnameduur niet.' },
      { possiblyAnswered: true },
      [
        { action: 'UPDATE', acting: 'nvz', owner: 'zonmw' },
        { action: 'UPDATE', acting: 'nvz', owner: 'zonmw' },
      ],
    ]);
  });

  it.each([
    ['the executing party changing who carries it out', NVZ, 'nvz', { executingPartyId: 'nivel' }, 'FORBIDDEN'],
    [
      'the executing party reporting together with another field',
      NVZ,
      'nvz',
      { status: 'RUNNING', executingPartyId: 'nivel' },
      'FORBIDDEN',
    ],
    ['a party that does not carry it out', 'zn.contributor@example.org', 'nvz', { status: 'RUNNING' }, 'FORBIDDEN'],
    ['a party on a project another party carries out', NVZ, 'nivel', { status: 'RUNNING' }, 'FORBIDDEN'],
    ['a VIEWER of the executing party', 'nivel.viewer@example.org', 'nivel', { status: 'RUNNING' }, 'FORBIDDEN'],
    ['the executing party cancelling it', NVZ, 'nvz', { status: 'CANCELLED' }, 'FORBIDDEN'],
    ['the executing party skipping a step', NVZ, 'nvz', { status: 'COMPLETED' }, 'BAD_USER_INPUT'],
    ['anonymous', null, 'nvz', { status: 'RUNNING' }, 'UNAUTHENTICATED'],
  ])(
    'refuses %s, and the project stays as it was',
    async (_case, email, executing, change: Record<string, unknown>, code) => {
      const { id, version } = await project(executing);
      const input: Record<string, unknown> = { id, version, ...change };
      if (typeof change.executingPartyId === 'string') input.executingPartyId = parties[change.executingPartyId];
      const res = await app.gql(UPDATE, { input }, await asUser(app, email));
      const after = await app.gql(PROJECT, { id }, await asUser(app, ZONMW));
      expect([outcome(res, () => 'changed'), after.data!.node]).toEqual([
        code,
        { version, status: 'PLANNED', resultSummary: null, executingParty: { key: executing } },
      ]);
    },
  );

  it('does not end a running project: cancelling it is the funder’s decision', async () => {
    const { id, version } = await project('nvz');
    const send = async (email: string, v: number, status: string) =>
      outcome(
        await app.gql(UPDATE, { input: { id, version: v, status } }, await asUser(app, email)),
        (d) => d.updateResearchProject.status,
      );
    const running = await send(NVZ, version, 'RUNNING');
    const byExecutor = await send(NVZ, version + 1, 'CANCELLED');
    const byFunder = await send(ZONMW, version + 1, 'CANCELLED');
    expect([running, byExecutor, byFunder]).toEqual(['RUNNING', 'FORBIDDEN', 'CANCELLED']);
  });

  it('leaves the funder every field', async () => {
    const { id, version } = await project('nvz');
    const res = await app.gql(
      UPDATE,
      { input: { id, version, executingPartyId: parties.nivel, status: 'RUNNING' } },
      await asUser(app, ZONMW),
    );
    expect(outcome(res, (d) => [d.updateResearchProject.status, d.updateResearchProject.executingParty])).toEqual([
      'RUNNING',
      { key: 'nivel' },
    ]);
  });
});
