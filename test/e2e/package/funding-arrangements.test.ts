import { toGlobalId } from '../../../schema/global-id';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { outcome } from '../../helpers/outcome';
import { idsByKey } from '../../helpers/research';
import { mutate } from '../../fixtures/deliverables';

const ZIN = 'zin.editor@example.org';
const NZA = 'nza.editor@example.org';
let app: TestApp;
let parties: Record<string, string>;

beforeAll(async () => {
  app = await createTestApp();
  parties = await idsByKey(app, 'Party', 'party');
});
afterAll(() => app.close());

const CREATE = `mutation($input: CreatePackageAssessmentInput!) { createPackageAssessment(input: $input) { id version } }`;
const RECORD = `mutation($input: RecordFundingArrangementInput!) { recordFundingArrangement(input: $input) {
  id version state performanceDescription performanceCode tariffSet tariffKind effectiveFrom note
  party { key } assessment { id } } }`;
const UPDATE = `mutation($input: UpdateFundingArrangementInput!) { updateFundingArrangement(input: $input) {
  id version state performanceDescription performanceCode tariffSet tariffKind effectiveFrom note } }`;
const READ = `query($id: ID!) { node(id: $id) { ... on PackageAssessment {
  fundingArrangement { id version state performanceDescription tariffSet tariffKind effectiveFrom party { key } } } } }`;

let counter = 0;
/** A new assessment by the Zorginstituut, published with `outcome` unless said otherwise. */
async function assessment(outcomeValue: string | null = 'INSURED', published = true): Promise<string> {
  const { createPackageAssessment } = await mutate(app, ZIN, CREATE, {
    title: `Bekostiging test ${++counter}`,
    kind: 'STANDPUNT',
    outcome: outcomeValue,
    published,
  });
  return createPackageAssessment.id as string;
}

async function run(email: string | null, query: string, input: Record<string, unknown>) {
  return app.gql(query, { input }, await asUser(app, email));
}

describe('the NZa records the funding (bekostiging) of admitted care', () => {
  it('records it, changes it with the version it read, and everyone who reads the assessment reads it', async () => {
    const assessmentId = await assessment('INSURED_WITH_CONDITIONS');
    const { recordFundingArrangement: recorded } = await mutate(app, NZA, RECORD, {
      assessmentId,
      performanceCode: ' 190012 ',
      note: 'Prestatie in voorbereiding.',
    });
    expect(recorded).toEqual({
      id: expect.any(String),
      version: 1,
      state: 'IN_PREPARATION',
      performanceDescription: null,
      performanceCode: '190012',
      tariffSet: false,
      tariffKind: null,
      effectiveFrom: null,
      note: 'Prestatie in voorbereiding.',
      party: { key: 'nza' },
      assessment: { id: assessmentId },
    });

    const { updateFundingArrangement: established } = await mutate(app, NZA, UPDATE, {
      id: recorded.id,
      version: 1,
      state: 'ESTABLISHED',
      performanceDescription: 'Thuismonitoring bij hartfalen, per maand',
      tariffSet: true,
      tariffKind: 'MAXIMUM',
      effectiveFrom: '2027-01-01',
    });
    expect(established).toMatchObject({
      version: 2,
      state: 'ESTABLISHED',
      performanceDescription: 'Thuismonitoring bij hartfalen, per maand',
      performanceCode: '190012',
      tariffSet: true,
      tariffKind: 'MAXIMUM',
      effectiveFrom: '2027-01-01',
    });

    // Published: anonymous readers of the assessment read its funding too.
    const read = await app.gql(READ, { id: assessmentId });
    expect(read.errors).toBeUndefined();
    expect(read.data!.node.fundingArrangement).toEqual({
      id: recorded.id,
      version: 2,
      state: 'ESTABLISHED',
      performanceDescription: 'Thuismonitoring bij hartfalen, per maand',
      tariffSet: true,
      tariffKind: 'MAXIMUM',
      effectiveFrom: '2027-01-01',
      party: { key: 'nza' },
    });

    // Withdrawing is allowed from ESTABLISHED; back to IN_PREPARATION is not.
    const back = await run(NZA, UPDATE, { id: recorded.id, version: 2, state: 'IN_PREPARATION' });
    expect(outcome(back, (d) => d.updateFundingArrangement.state)).toBe('BAD_USER_INPUT');
    expect(back.errors![0]!.extensions!.allowed).toEqual(['WITHDRAWN']);
  });

  it('writes an audit entry and a domain event for each write, acting for the NZa', async () => {
    const assessmentId = await assessment('CONDITIONAL_ADMISSION');
    const { recordFundingArrangement: recorded } = await mutate(app, NZA, RECORD, { assessmentId });
    await mutate(app, NZA, UPDATE, { id: recorded.id, version: 1, tariffSet: false, tariffKind: 'FREE' });

    const trail = await app.gql(
      `query($id: ID!) { auditEvents(first: 10, filter: { entityId: $id }) { nodes {
         entityType action actingParty { key } ownerParty { key } actor { email } changes { field before after } } } }`,
      { id: recorded.id },
      await asUser(app, NZA),
    );
    expect(trail.errors).toBeUndefined();
    const entries = [...trail.data!.auditEvents.nodes].reverse();
    expect(
      entries.map((e: any) => [e.entityType, e.action, e.actingParty.key, e.ownerParty.key, e.actor.email]),
    ).toEqual([
      ['FundingArrangement', 'CREATE', 'nza', 'nza', NZA],
      ['FundingArrangement', 'UPDATE', 'nza', 'nza', NZA],
    ]);
    expect(entries[0].changes).toEqual(
      expect.arrayContaining([
        { field: 'assessmentId', before: null, after: assessmentId },
        { field: 'state', before: null, after: 'IN_PREPARATION' },
      ]),
    );
    expect(entries[1].changes).toEqual([{ field: 'tariffKind', before: null, after: 'FREE' }]);

    const rawId = fromGlobal(recorded.id);
    const events: { type: string; acting: string; party_ids: string[]; payload: any }[] = await app.dataSource.query(
      `SELECT type, acting_party_id AS acting, party_ids, payload FROM domain_event
        WHERE subject_type = 'FundingArrangement' AND subject_id = $1 ORDER BY cursor`,
      [rawId],
    );
    expect(events.map((e) => e.type)).toEqual(['FUNDING_ARRANGEMENT_RECORDED', 'FUNDING_ARRANGEMENT_CHANGED']);
    const nzaId = (await app.dataSource.query(`SELECT id FROM party WHERE key = 'nza'`))[0].id;
    const zinId = (await app.dataSource.query(`SELECT id FROM party WHERE key = 'zorginstituut'`))[0].id;
    expect(events.map((e) => e.acting)).toEqual([nzaId, nzaId]);
    // The assessment's parties hear of it (the Zorginstituut, whose standpunt it funds), and so does the NZa: a party
    // filter on either finds the events.
    expect(events[1]!.party_ids).toContain(zinId);
    for (const partyId of [nzaId, zinId]) {
      const res = await app.gql(
        `query($f: EventFilter) { changes(first: 50, filter: $f) { nodes { type } } }`,
        { f: { subjectIds: [recorded.id], partyIds: [toGlobalId('Party', partyId)] } },
        await asUser(app, NZA),
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.changes.nodes).toEqual([
        { type: 'FUNDING_ARRANGEMENT_RECORDED' },
        { type: 'FUNDING_ARRANGEMENT_CHANGED' },
      ]);
    }
    expect(events[1]!.payload).toMatchObject({ before: { tariffKind: null }, after: { tariffKind: 'FREE' } });

    // The change feed hands the events to readers of the assessment (here: everyone, it is published).
    const feed = await app.gql(
      `query($id: ID!) { changes(first: 100, filter: { subjectIds: [$id] }) { nodes { type subjectId } } }`,
      { id: recorded.id },
      await asUser(app, ZIN),
    );
    expect(feed.errors).toBeUndefined();
    expect(feed.data!.changes.nodes).toEqual([
      { type: 'FUNDING_ARRANGEMENT_RECORDED', subjectId: recorded.id },
      { type: 'FUNDING_ARRANGEMENT_CHANGED', subjectId: recorded.id },
    ]);
  });

  it('refuses a stale version with CONFLICT and changes nothing', async () => {
    const assessmentId = await assessment('INSURED');
    const { recordFundingArrangement: recorded } = await mutate(app, NZA, RECORD, { assessmentId });
    await mutate(app, NZA, UPDATE, { id: recorded.id, version: 1, note: 'Eerste wijziging.' });
    const stale = await run(NZA, UPDATE, { id: recorded.id, version: 1, note: 'Op een oude versie.' });
    expect(outcome(stale, (d) => d.updateFundingArrangement.version)).toBe('CONFLICT');
    expect(stale.errors![0]!.extensions!.currentVersion).toBe(2);
    const read = await app.gql(READ, { id: assessmentId });
    expect(read.data!.node.fundingArrangement.version).toBe(2);
    // A second arrangement for the same assessment is a CONFLICT too: there is one, to be changed.
    const second = await run(NZA, RECORD, { assessmentId });
    expect(outcome(second, (d) => d.recordFundingArrangement.id)).toBe('CONFLICT');
  });
});

describe('who may record funding', () => {
  let assessmentId: string;
  let arrangementId: string;
  beforeAll(async () => {
    assessmentId = await assessment('INSURED');
    const { recordFundingArrangement } = await mutate(app, NZA, RECORD, { assessmentId });
    arrangementId = recordFundingArrangement.id;
  });

  it.each([
    ['zin.editor@example.org', 'FORBIDDEN'],
    ['vws.editor@example.org', 'FORBIDDEN'],
    ['zn.editor@example.org', 'FORBIDDEN'],
    ['fms.admin@example.org', 'FORBIDDEN'],
    ['nza.viewer@example.org', 'FORBIDDEN'],
    ['operator@example.org', 'FORBIDDEN'],
    [null, 'UNAUTHENTICATED'],
  ])('%s may neither record nor change it (%s)', async (email, code) => {
    const fresh = await assessment('INSURED');
    const record = await run(email, RECORD, { assessmentId: fresh });
    const update = await run(email, UPDATE, { id: arrangementId, version: 1, note: 'Niet van ons.' });
    expect([
      outcome(record, (d) => d.recordFundingArrangement.id),
      outcome(update, (d) => d.updateFundingArrangement.id),
    ]).toEqual([code, code]);
    const read = await app.gql(READ, { id: assessmentId });
    expect(read.data!.node.fundingArrangement.version).toBe(1);
  });
});

describe('what funding is recorded for', () => {
  it.each([['NOT_INSURED'], ['UNDER_ASSESSMENT'], [null]])(
    'an assessment with outcome %s admits no care: BAD_USER_INPUT',
    async (outcomeValue) => {
      const assessmentId = await assessment(outcomeValue);
      const res = await run(NZA, RECORD, { assessmentId });
      expect(outcome(res, (d) => d.recordFundingArrangement.id)).toBe('BAD_USER_INPUT');
      expect(res.errors![0]!.extensions!.field).toBe('input.assessmentId');
    },
  );

  it('an unpublished assessment: BAD_USER_INPUT for an NZa editor who reads drafts, NOT_FOUND for one who does not', async () => {
    const draft = await assessment('INSURED', false);
    const [{ id: userId }] = await app.dataSource.query(
      `INSERT INTO "user" (email, name) VALUES ('nza.vws@example.org', 'NZa and VWS') RETURNING id`,
    );
    await app.dataSource.query(
      `INSERT INTO membership (user_id, party_id, role) VALUES ($1, $2, 'EDITOR'), ($1, $3, 'VIEWER')`,
      [userId, fromGlobal(parties.nza!), fromGlobal(parties.vws!)],
    );
    const reader = await run('nza.vws@example.org', RECORD, { assessmentId: draft });
    expect(outcome(reader, (d) => d.recordFundingArrangement.id)).toBe('BAD_USER_INPUT');
    expect(reader.errors![0]!.message).toMatch(/not published/);
    // Whoever may not read the draft learns nothing of it, not even that it exists.
    const nza = await run(NZA, RECORD, { assessmentId: draft });
    expect(outcome(nza, (d) => d.recordFundingArrangement.id)).toBe('NOT_FOUND');
  });

  it('changing it stops when the assessment no longer admits the care, but withdrawing stays possible', async () => {
    const assessmentId = await assessment('INSURED');
    const { recordFundingArrangement: recorded } = await mutate(app, NZA, RECORD, { assessmentId });
    await app.dataSource.query(`UPDATE package_assessment SET outcome = 'NOT_INSURED' WHERE id = $1`, [
      fromGlobal(assessmentId),
    ]);
    const change = await run(NZA, UPDATE, { id: recorded.id, version: 1, performanceCode: '190013' });
    expect(outcome(change, (d) => d.updateFundingArrangement.version)).toBe('BAD_USER_INPUT');
    const withdraw = await run(NZA, UPDATE, { id: recorded.id, version: 1, state: 'WITHDRAWN' });
    expect(outcome(withdraw, (d) => d.updateFundingArrangement.state)).toBe('WITHDRAWN');
  });

  it.each([
    [{ state: 'ESTABLISHED' }, 'input.performanceDescription'],
    [{ tariffSet: true, tariffKind: 'FREE' }, 'input.tariffKind'],
    [{ tariffSet: false, tariffKind: 'MAXIMUM' }, 'input.tariffKind'],
    [{ tariffKind: 'FIXED' }, 'input.tariffKind'],
    [{ state: 'WITHDRAWN' }, 'input.state'],
  ])('%j is BAD_USER_INPUT on %s', async (values, field) => {
    const assessmentId = await assessment('INSURED');
    const res = await run(NZA, RECORD, { assessmentId, ...values });
    expect([outcome(res, (d) => d.recordFundingArrangement.id), res.errors?.[0]?.extensions?.field]).toEqual([
      'BAD_USER_INPUT',
      field,
    ]);
  });
});

function fromGlobal(id: string): string {
  return Buffer.from(id, 'base64').toString('utf8').split(':').slice(1).join(':');
}
