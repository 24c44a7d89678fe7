import { fromGlobalId, toGlobalId } from 'graphql-relay';
import { generateSynergyVolume } from '../../../server/db/seed/synthetic/synergy';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { acceptOwnerInvitations } from '../../helpers/guideline-owners';

// Conflicts are stored and kept by triggers (migration StoredConflicts1796000000000). After every
// kind of write, the stored tables must equal what the source tables say, computed here from
// scratch by the rules of the API (the former compute-on-read query).

let app: TestApp;
const ids: Record<string, string> = {};
const uuid = (globalId: string) => fromGlobalId(globalId).id;

async function idOf(table: string, key: string): Promise<string> {
  const [row] = await app.dataSource.query(`SELECT id FROM ${table} WHERE key = $1`, [key]);
  return row.id;
}

beforeAll(async () => {
  app = await createTestApp();
  for (const key of ['fms', 'nhg', 'zorginstituut']) ids[key] = toGlobalId('Party', await idOf('party', key));
  for (const key of ['msz', 'ggz', 'langdurige-zorg']) ids[key] = toGlobalId('Sector', await idOf('sector', key));
});
afterAll(() => app.close());

const EXPECTED = `
  WITH g AS (SELECT * FROM guideline WHERE status IN ('PUBLISHED', 'UNDER_REVISION')),
  conflict AS (
    SELECT CASE r.kind WHEN 'DO' THEN 'RECOMMENDED_BUT_NOT_INSURED' ELSE 'ADVISED_AGAINST_BUT_INSURED' END AS kind,
           r.id AS recommendation_id, a.id AS assessment_id, g.id AS guideline_id, NULL::uuid AS link_id, NULL::date AS review_due_on
      FROM recommendation r JOIN g ON g.id = r.guideline_id
      JOIN package_assessment a ON a.intervention_id = r.intervention_id AND a.published
     WHERE (r.kind = 'DO' AND a.outcome = 'NOT_INSURED') OR (r.kind = 'DO_NOT' AND a.outcome = 'INSURED')
  ),
  expected AS (
    SELECT kind || ':' || recommendation_id || ':' || assessment_id AS key, * FROM conflict
    UNION ALL
    SELECT 'LINK_NEEDS_REVIEW:' || l.id, 'LINK_NEEDS_REVIEW', l.recommendation_id, l.assessment_id, l.guideline_id, l.id, NULL
      FROM synergy_link l JOIN g ON g.id = l.guideline_id JOIN package_assessment a ON a.id = l.assessment_id AND a.published
     WHERE l.alignment = 'NEEDS_REVIEW'
    UNION ALL
    SELECT 'GUIDELINE_REVIEW_OVERDUE:' || g.id, 'GUIDELINE_REVIEW_OVERDUE', NULL, NULL, g.id, NULL, g.review_due_on
      FROM g WHERE g.review_due_on IS NOT NULL
  ),
  expected_sector AS (
    SELECT gs.sector_id AS scope_id, e.* FROM expected e JOIN guideline_sector gs ON gs.guideline_id = e.guideline_id
    UNION
    SELECT a.sector_id, e.* FROM expected e JOIN package_assessment a ON a.id = e.assessment_id WHERE a.sector_id IS NOT NULL
  ),
  expected_party AS (
    SELECT go.party_id AS scope_id, e.* FROM expected e JOIN guideline_owner go ON go.guideline_id = e.guideline_id
    UNION
    SELECT a.assessor_party_id, e.* FROM expected e JOIN package_assessment a ON a.id = e.assessment_id
  ),
  expected_count AS (
    SELECT 'ALL' AS scope, '00000000-0000-0000-0000-000000000000'::uuid AS scope_id, kind, count(*)::int AS n FROM expected GROUP BY kind
    UNION ALL SELECT 'SECTOR', scope_id, kind, count(*)::int FROM expected_sector GROUP BY scope_id, kind
    UNION ALL SELECT 'PARTY', scope_id, kind, count(*)::int FROM expected_party GROUP BY scope_id, kind
  ),
  stored AS (
    SELECT key, kind::text, recommendation_id, assessment_id, guideline_id, link_id, review_due_on FROM synergy_conflict
  ),
  stored_sector AS (
    SELECT sector_id, conflict_key, kind::text, recommendation_id, assessment_id, guideline_id, link_id, review_due_on
      FROM synergy_conflict_sector
  ),
  stored_party AS (
    SELECT party_id, conflict_key, kind::text, recommendation_id, assessment_id, guideline_id, link_id, review_due_on
      FROM synergy_conflict_party
  ),
  stored_count AS (SELECT scope, scope_id, kind::text, n FROM synergy_conflict_count WHERE n <> 0)
  SELECT (SELECT count(*) FROM ((SELECT * FROM expected EXCEPT SELECT * FROM stored)
                                UNION ALL (SELECT * FROM stored EXCEPT SELECT * FROM expected)) x)::int AS conflicts,
         (SELECT count(*) FROM ((SELECT * FROM expected_sector EXCEPT SELECT * FROM stored_sector)
                                UNION ALL (SELECT * FROM stored_sector EXCEPT SELECT * FROM expected_sector)) x)::int AS sectors,
         (SELECT count(*) FROM ((SELECT * FROM expected_party EXCEPT SELECT * FROM stored_party)
                                UNION ALL (SELECT * FROM stored_party EXCEPT SELECT * FROM expected_party)) x)::int AS parties,
         (SELECT count(*) FROM ((SELECT * FROM expected_count WHERE kind <> 'GUIDELINE_REVIEW_OVERDUE' EXCEPT SELECT * FROM stored_count)
                                UNION ALL (SELECT * FROM stored_count EXCEPT SELECT * FROM expected_count)) x)::int AS counts,
         (SELECT count(*) FROM synergy_conflict_dirty)::int + (SELECT count(*) FROM synergy_conflict_pending)::int AS leftovers,
         (SELECT count(*) FROM expected)::int AS total`;

/** Differences between the stored conflicts and the source tables; all zero when they agree. */
async function drift() {
  const [row] = await app.dataSource.query(EXPECTED);
  return row as {
    conflicts: number;
    sectors: number;
    parties: number;
    counts: number;
    leftovers: number;
    total: number;
  };
}

async function expectNoDrift() {
  const result = await drift();
  expect(result).toEqual({ conflicts: 0, sectors: 0, parties: 0, counts: 0, leftovers: 0, total: result.total });
  expect(result.total).toBeGreaterThan(0);
}

const as = (email: string | null) => asUser(app, email);

async function mutate(name: string, input: Record<string, unknown>, email: string, fields = 'id version') {
  const inputType = `${name[0]!.toUpperCase()}${name.slice(1)}Input`;
  const res = await app.gql(
    `mutation($input: ${inputType}!) { ${name}(input: $input) { ${fields} } }`,
    { input },
    await as(email),
  );
  expect(res.errors).toBeUndefined();
  return res.data![name] as { id: string; version: number };
}

let counter = 0;
async function createIntervention(): Promise<string> {
  const [row] = await app.dataSource.query(
    `INSERT INTO intervention (key, name, synthetic) VALUES ($1, $2, true) RETURNING id`,
    [`stored-conflicts-${++counter}-${Date.now()}`, `Zorg ${counter}`],
  );
  return toGlobalId('Intervention', row.id);
}

const FMS = 'fms.editor@example.org';
const ZIN = 'zin.editor@example.org';

async function publishedGuideline(extra: Record<string, unknown> = {}) {
  const created = await mutate(
    'createGuideline',
    { title: `Opgeslagen conflict ${++counter}`, ownerPartyIds: [ids.fms], sectorIds: [ids.msz], ...extra },
    FMS,
  );
  return mutate('publishGuidelineVersion', { id: created.id, version: created.version }, FMS);
}

async function recommendation(guidelineId: string, kind: string, interventionId: string) {
  return mutate('createRecommendation', { guidelineId, kind, interventionId, text: `Aanbeveling ${kind}` }, FMS);
}

async function assessment(outcome: string, interventionId: string, published = true, sectorId = ids.msz) {
  return mutate(
    'createPackageAssessment',
    { title: `Standpunt ${++counter}`, kind: 'STANDPUNT', interventionId, sectorId, outcome, published },
    ZIN,
  );
}

const CONFLICTS = `query($filter: SynergyConflictFilter, $first: Int) {
  synergyConflicts(filter: $filter, first: $first) {
    totalCount nodes { key kind explanation recommendation { id } assessment { id } guideline { id } link { id } }
  }
}`;

async function conflicts(filter: Record<string, unknown>) {
  const res = await app.gql(CONFLICTS, { filter, first: 100 });
  expect(res.errors).toBeUndefined();
  return res.data!.synergyConflicts as { totalCount: number; nodes: any[] };
}

async function conflictsOf(guidelineId: string, filter: Record<string, unknown> = {}) {
  return (await conflicts({ partyId: ids.fms, ...filter })).nodes.filter((c) => c.guideline.id === guidelineId);
}

/** A published FMS guideline (msz) with a DO recommendation against a published NOT_INSURED assessment. */
async function recommendedButNotInsured() {
  const intervention = await createIntervention();
  const guideline = await publishedGuideline();
  const rec = await recommendation(guideline.id, 'DO', intervention);
  const ruling = await assessment('NOT_INSURED', intervention);
  return { intervention, guideline, rec, ruling };
}

describe('stored conflicts', () => {
  it('are filled by the migration and the seed, exactly as the rules say', async () => {
    await expectNoDrift();
  });

  it('follow recommendations: created, changed in kind or intervention, removed', async () => {
    const s = await recommendedButNotInsured();
    expect((await conflictsOf(s.guideline.id)).map((c) => c.kind)).toEqual(['RECOMMENDED_BUT_NOT_INSURED']);
    await expectNoDrift();

    const other = await createIntervention();
    const moved = await mutate(
      'updateRecommendation',
      { id: s.rec.id, version: s.rec.version, interventionId: other },
      FMS,
    );
    expect(await conflictsOf(s.guideline.id)).toEqual([]);
    const back = await mutate(
      'updateRecommendation',
      { id: s.rec.id, version: moved.version, interventionId: s.intervention, kind: 'DO_NOT' },
      FMS,
    );
    expect(await conflictsOf(s.guideline.id)).toEqual([]);
    const again = await mutate('updateRecommendation', { id: s.rec.id, version: back.version, kind: 'DO' }, FMS);
    expect(await conflictsOf(s.guideline.id)).toHaveLength(1);
    await expectNoDrift();

    await mutate('removeRecommendation', { id: s.rec.id, version: again.version }, FMS, 'removedRecommendationId');
    expect(await conflictsOf(s.guideline.id)).toEqual([]);
    await expectNoDrift();
  });

  it('follow assessments: outcome, publication, intervention and sector', async () => {
    const s = await recommendedButNotInsured();
    const insured = await mutate(
      'updatePackageAssessment',
      { id: s.ruling.id, version: s.ruling.version, outcome: 'INSURED' },
      ZIN,
    );
    expect(await conflictsOf(s.guideline.id)).toEqual([]);
    const ggz = await mutate(
      'updatePackageAssessment',
      { id: s.ruling.id, version: insured.version, outcome: 'NOT_INSURED', sectorId: ids.ggz },
      ZIN,
    );
    expect((await conflictsOf(s.guideline.id, { sectorId: ids.ggz })).map((c) => c.assessment.id)).toEqual([
      s.ruling.id,
    ]);
    expect(await conflictsOf(s.guideline.id, { sectorId: ids.msz })).toHaveLength(1);
    await expectNoDrift();

    await mutate(
      'updatePackageAssessment',
      { id: s.ruling.id, version: ggz.version, interventionId: await createIntervention() },
      ZIN,
    );
    expect(await conflictsOf(s.guideline.id)).toEqual([]);

    const draft = await assessment('NOT_INSURED', s.intervention, false);
    expect(await conflictsOf(s.guideline.id)).toEqual([]);
    await mutate('publishPackageAssessment', { id: draft.id, version: draft.version }, ZIN);
    expect((await conflictsOf(s.guideline.id)).map((c) => c.assessment.id)).toEqual([draft.id]);
    await expectNoDrift();
  });

  it('follow guidelines: status, review date, sectors and owners; explanations follow renames at once', async () => {
    const s = await recommendedButNotInsured();
    const [row] = await app.dataSource.query('SELECT version FROM guideline WHERE id = $1', [uuid(s.guideline.id)]);
    await mutate(
      'updateGuideline',
      {
        id: s.guideline.id,
        version: row.version,
        reviewDueOn: '2026-03-01',
        sectorIds: [ids['langdurige-zorg']],
        ownerPartyIds: [ids.fms, ids.nhg],
      },
      FMS,
    );
    // NHG was invited: it owns the guideline (and counts in its conflicts) once it accepts.
    const joint = await acceptOwnerInvitations(app, s.guideline.id);
    const overdue = { kind: 'GUIDELINE_REVIEW_OVERDUE', asOf: '2026-03-02' };
    expect(await conflictsOf(s.guideline.id, { ...overdue, partyId: ids.nhg })).toHaveLength(1);
    expect(await conflictsOf(s.guideline.id, { ...overdue, asOf: '2026-03-01' })).toEqual([]);
    // The rule conflict is in wlz (guideline) and msz (assessment); the overdue one in wlz only.
    expect(
      (await conflictsOf(s.guideline.id, { sectorId: ids['langdurige-zorg'], asOf: '2026-03-02' }))
        .map((c) => c.kind)
        .sort(),
    ).toEqual(['GUIDELINE_REVIEW_OVERDUE', 'RECOMMENDED_BUT_NOT_INSURED']);
    expect((await conflictsOf(s.guideline.id, { sectorId: ids.msz, asOf: '2026-03-02' })).map((c) => c.kind)).toEqual([
      'RECOMMENDED_BUT_NOT_INSURED',
    ]);
    await expectNoDrift();

    const renamed = await mutate(
      'updateGuideline',
      { id: s.guideline.id, version: joint, title: 'Hernoemde richtlijn' },
      FMS,
    );
    const [explained] = await conflictsOf(s.guideline.id, overdue);
    expect(explained.explanation).toBe(
      'The guideline “Hernoemde richtlijn” was due for review on 2026-03-01 (1 days before 2026-03-02).',
    );

    await mutate('changeGuidelineStatus', { id: s.guideline.id, version: renamed.version, status: 'WITHDRAWN' }, FMS);
    expect(await conflictsOf(s.guideline.id, { asOf: '2026-03-02' })).toEqual([]);
    await expectNoDrift();
  });

  it('follow links put on NEEDS_REVIEW, changed and removed', async () => {
    const intervention = await createIntervention();
    const guideline = await publishedGuideline();
    const rec = await recommendation(guideline.id, 'DO', intervention);
    const ruling = await assessment('INSURED', intervention);
    const link = await mutate(
      'linkRecommendationToAssessment',
      { recommendationId: rec.id, assessmentId: ruling.id, linkType: 'SHARED_EVIDENCE', alignment: 'ALIGNED' },
      FMS,
    );
    await mutate('confirmSynergyLink', { id: link.id, version: link.version, side: 'GUIDELINE_OWNER' }, FMS);
    await mutate('confirmSynergyLink', { id: link.id, version: link.version + 1, side: 'ASSESSOR' }, ZIN);
    await mutate(
      'updatePackageAssessment',
      { id: ruling.id, version: ruling.version, outcome: 'CONDITIONAL_ADMISSION' },
      ZIN,
    );
    expect((await conflictsOf(guideline.id)).map((c) => [c.kind, c.link?.id])).toEqual([
      ['LINK_NEEDS_REVIEW', link.id],
    ]);
    await expectNoDrift();

    const [current] = await app.dataSource.query('SELECT version FROM synergy_link WHERE id = $1', [uuid(link.id)]);
    const realigned = await mutate(
      'updateSynergyLink',
      { id: link.id, version: current.version, alignment: 'DIVERGENT' },
      FMS,
    );
    expect(await conflictsOf(guideline.id)).toEqual([]);
    await mutate('removeSynergyLink', { id: link.id, version: realigned.version }, FMS, 'removedSynergyLinkId');
    await expectNoDrift();
  });

  it('follow writes outside the services: the volume generator, deletes and TRUNCATE', async () => {
    await generateSynergyVolume(app.dataSource, {
      seed: 11,
      interventions: 30,
      guidelines: 40,
      recommendations: 300,
      assessments: 80,
      links: 200,
    });
    await expectNoDrift();
    await app.dataSource.query(`DELETE FROM guideline WHERE key LIKE 'synthetic-synergy-11-%' AND key LIKE '%-1_'`);
    await app.dataSource.query(
      `DELETE FROM package_assessment WHERE key LIKE 'synthetic-synergy-11-%' AND key LIKE '%-2_'`,
    );
    await expectNoDrift();
    await app.dataSource.query('CREATE TABLE test_guideline_sector AS SELECT * FROM guideline_sector');
    try {
      await app.dataSource.query('TRUNCATE guideline_sector');
      await expectNoDrift();
      expect(
        (await conflicts({ sectorId: ids.msz, kind: 'GUIDELINE_REVIEW_OVERDUE', asOf: '2099-01-01' })).totalCount,
      ).toBe(0);
    } finally {
      await app.dataSource.query('INSERT INTO guideline_sector SELECT * FROM test_guideline_sector');
      await app.dataSource.query('DROP TABLE test_guideline_sector');
    }
    await expectNoDrift();
    expect(
      (await conflicts({ sectorId: ids.msz, kind: 'GUIDELINE_REVIEW_OVERDUE', asOf: '2099-01-01' })).totalCount,
    ).toBeGreaterThan(0);
  });
});

describe('stored conflicts and transactions', () => {
  it('are untouched by a batch that fails and rolls back, and right after the retry', async () => {
    const s = await recommendedButNotInsured();
    const link = await mutate(
      'linkRecommendationToAssessment',
      { recommendationId: s.rec.id, assessmentId: s.ruling.id, linkType: 'SHARED_EVIDENCE', alignment: 'ALIGNED' },
      FMS,
    );
    await app.dataSource.query(`UPDATE synergy_link SET alignment = 'NEEDS_REVIEW' WHERE id = $1`, [uuid(link.id)]);
    const [current] = await app.dataSource.query('SELECT version FROM synergy_link WHERE id = $1', [uuid(link.id)]);
    const batch = {
      guidelineId: s.guideline.id,
      links: [
        {
          recommendationId: s.rec.id,
          assessmentId: s.ruling.id,
          linkType: 'SHARED_EVIDENCE',
          alignment: 'DIVERGENT',
          version: current.version,
        },
        { recommendationId: s.rec.id, assessmentId: s.ruling.id, linkType: 'KNOWLEDGE_GAP', alignment: 'ALIGNED' },
      ],
    };
    const UPSERT = `mutation($input: UpsertGuidelineLinksInput!) { upsertGuidelineLinks(input: $input) { updated created } }`;
    const kinds = async () => (await conflictsOf(s.guideline.id)).map((c) => c.kind).sort();
    expect(await kinds()).toEqual(['LINK_NEEDS_REVIEW', 'RECOMMENDED_BUT_NOT_INSURED']);

    // The audit trail fails after the links were written: the whole batch rolls back.
    await app.dataSource.query(`
      CREATE FUNCTION test_audit_down() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit store unavailable'; END $$`);
    await app.dataSource.query(
      `CREATE TRIGGER test_audit_down BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION test_audit_down()`,
    );
    try {
      const failed = await app.gql(UPSERT, { input: batch }, await as(FMS));
      expect(failed.errors![0]!.extensions!.code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      await app.dataSource.query('DROP TRIGGER test_audit_down ON audit_event');
      await app.dataSource.query('DROP FUNCTION test_audit_down()');
    }
    expect(await kinds()).toEqual(['LINK_NEEDS_REVIEW', 'RECOMMENDED_BUT_NOT_INSURED']);
    await expectNoDrift();

    const retried = await app.gql(UPSERT, { input: batch }, await as(FMS));
    expect(retried.data!.upsertGuidelineLinks).toEqual({ updated: 1, created: 1 });
    expect(await kinds()).toEqual(['RECOMMENDED_BUT_NOT_INSURED']);
    await expectNoDrift();
  });

  it('keep what a rolled-back savepoint did out, and what the transaction did in', async () => {
    const s = await recommendedButNotInsured();
    const runner = app.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await runner.query('SAVEPOINT attempt');
      await runner.query(`UPDATE recommendation SET kind = 'CONSIDER' WHERE id = $1`, [uuid(s.rec.id)]);
      await runner.query('ROLLBACK TO SAVEPOINT attempt');
      await runner.query(`UPDATE guideline SET review_due_on = '2020-01-01' WHERE id = $1`, [uuid(s.guideline.id)]);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    expect((await conflictsOf(s.guideline.id, { asOf: '2021-01-01' })).map((c) => c.kind).sort()).toEqual([
      'GUIDELINE_REVIEW_OVERDUE',
      'RECOMMENDED_BUT_NOT_INSURED',
    ]);
    await expectNoDrift();
  });

  it.each([['assessment first'], ['recommendation first']])(
    'see each other when two transactions change both ends of a conflict at once (%s commits first)',
    async (order) => {
      const intervention = await createIntervention();
      const guideline = await publishedGuideline();
      const rec = await recommendation(guideline.id, 'CONSIDER', intervention);
      const draft = await assessment('NOT_INSURED', intervention, false);
      const [publisher, editor] = [app.dataSource.createQueryRunner(), app.dataSource.createQueryRunner()];
      await Promise.all([publisher.connect(), editor.connect()]);
      try {
        await publisher.startTransaction();
        await editor.startTransaction();
        // Neither sees the other's change until it commits.
        await publisher.query('UPDATE package_assessment SET published = true WHERE id = $1', [uuid(draft.id)]);
        await editor.query(`UPDATE recommendation SET kind = 'DO' WHERE id = $1`, [uuid(rec.id)]);
        const [first, second] = order === 'assessment first' ? [publisher, editor] : [editor, publisher];
        await first.commitTransaction();
        await second.commitTransaction();
      } finally {
        await Promise.all([publisher.release(), editor.release()]);
      }
      expect((await conflictsOf(guideline.id)).map((c) => c.kind)).toEqual(['RECOMMENDED_BUT_NOT_INSURED']);
      await expectNoDrift();
    },
  );
});

describe('a sector page of stored conflicts', () => {
  const JOURNEY = `query($filter: SynergyConflictFilter, $first: Int) {
    synergyConflicts(filter: $filter, first: $first) {
      totalCount
      nodes { key kind explanation reviewDueOn guideline { title } recommendation { text } assessment { title } }
    }
  }`;

  it('costs the same statements for 1 or 50 conflicts, and a bounded number for every kind at once', async () => {
    for (let i = 0; i < 3; i++) {
      const s = await recommendedButNotInsured();
      const link = await mutate(
        'linkRecommendationToAssessment',
        { recommendationId: s.rec.id, assessmentId: s.ruling.id, linkType: 'SHARED_EVIDENCE', alignment: 'ALIGNED' },
        FMS,
      );
      await app.dataSource.query(`UPDATE synergy_link SET alignment = 'NEEDS_REVIEW' WHERE id = $1`, [uuid(link.id)]);
      await app.dataSource.query(`UPDATE guideline SET review_due_on = '2025-01-01' WHERE id = $1`, [
        uuid(s.guideline.id),
      ]);
    }
    const statements = async (filter: Record<string, unknown>, first: number) => {
      const { result, count } = await app.countQueries(() => app.gql(JOURNEY, { filter, first }));
      expect(result.errors).toBeUndefined();
      return { count, nodes: result.data!.synergyConflicts.nodes as any[] };
    };
    // Every conflict of a kind needs the same records, so the same statements, whatever the page size.
    for (const kind of ['RECOMMENDED_BUT_NOT_INSURED', 'GUIDELINE_REVIEW_OVERDUE']) {
      const filter = { sectorId: ids.msz, kind, asOf: '2099-01-01' };
      const small = await statements(filter, 1);
      const large = await statements(filter, 50);
      expect(large.nodes.length).toBeGreaterThan(small.nodes.length);
      expect(large.count).toBe(small.count);
    }
    // The page with its count, then guideline, recommendation, assessment and link, one each; every kind
    // at once adds the interventions its explanations name.
    const links = await statements({ sectorId: ids.msz, kind: 'LINK_NEEDS_REVIEW' }, 50);
    expect(links.nodes.length).toBeGreaterThan(1);
    expect(links.count).toBe(5);
    const every = await statements({ sectorId: ids.msz, asOf: '2099-01-01' }, 100);
    expect(new Set(every.nodes.map((n) => n.kind)).size).toBe(4);
    expect(every.count).toBe(6);
  });

  it('reads ahead only the records the page selects: no statement for a field nobody asked for', async () => {
    const s = await recommendedButNotInsured();
    const filter = { sectorId: ids.msz, kind: 'RECOMMENDED_BUT_NOT_INSURED', asOf: '2099-01-01' };
    const page = async (fields: string) => {
      const { result, count } = await app.countQueries(() =>
        app.gql(
          `query($filter: SynergyConflictFilter) { synergyConflicts(filter: $filter, first: 50) { nodes { ${fields} } } }`,
          {
            filter,
          },
        ),
      );
      expect(result.errors).toBeUndefined();
      return { count, nodes: result.data!.synergyConflicts.nodes as any[] };
    };
    const bare = await page('key kind');
    expect(bare.nodes.length).toBeGreaterThan(0);
    // The page and its count are one statement; each record kind asked for adds one.
    expect(bare.count).toBe(1);
    expect((await page('key guideline { title }')).count).toBe(2);
    expect((await page('key guideline { title } assessment { title }')).count).toBe(3);
    // An explanation reads all four kinds of records and the intervention it names, as before.
    const explained = await page('key explanation');
    expect(explained.count).toBe(5);
    for (const node of explained.nodes)
      expect(node.explanation).toMatch(/^The guideline “.+” recommends \(DO\) “.+” for .+NOT_INSURED/);
    expect(explained.nodes.map((n) => n.key)).toContainEqual(expect.stringContaining(uuid(s.rec.id)));
  });

  it('counts and pages the same rows: the total is the sum of the pages, per filter', async () => {
    for (const filter of [
      { sectorId: ids.msz },
      { sectorId: ids.msz, kind: 'GUIDELINE_REVIEW_OVERDUE', asOf: '2030-01-01' },
      { partyId: ids.zorginstituut, kind: 'ADVISED_AGAINST_BUT_INSURED' },
      { sectorId: ids.msz, partyId: ids.fms },
      {},
    ]) {
      let after: string | null = null;
      let seen = 0;
      let total = -1;
      do {
        const res: any = await app.gql(
          `query($filter: SynergyConflictFilter, $after: String) {
            synergyConflicts(filter: $filter, first: 7, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { key } }
          }`,
          { filter, after },
        );
        expect(res.errors).toBeUndefined();
        total = res.data.synergyConflicts.totalCount;
        seen += res.data.synergyConflicts.nodes.length;
        after = res.data.synergyConflicts.pageInfo.hasNextPage ? res.data.synergyConflicts.pageInfo.endCursor : null;
      } while (after);
      expect(seen).toBe(total);
    }
  });
});
