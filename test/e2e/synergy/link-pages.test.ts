import { toGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';

/**
 * The nested link lists (Guideline.links, Recommendation.links, PackageAssessment.links) and a link's
 * history read only their page from the database, with the visibility rule in the statement: a hidden
 * link or event never takes a place on a page, and the statements per request do not grow with the
 * number of owners or links.
 */

/** One page of a walk through a list: its ids and where the next page starts. */
interface WalkPage {
  nodes: { id: string }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
let app: TestApp;
let fms: string;
let zin: string;
let nhg: string;
beforeAll(async () => {
  app = await createTestApp();
  const party = async (key: string) => (await app.dataSource.query('SELECT id FROM party WHERE key = $1', [key]))[0].id;
  [fms, zin, nhg] = await Promise.all([party('fms'), party('zorginstituut'), party('nhg')]);
});
afterAll(() => app.close());

interface Fixture {
  guideline: string;
  recommendation: string;
  /** The published assessments' links of the recommendation, oldest first. */
  publishedLinks: string[];
  /** The links to draft assessments (older than every published one), oldest first. */
  draftLinks: string[];
}

/**
 * A published guideline of FMS with one recommendation linked to `n` published assessments and to two
 * draft assessments of Zorginstituut; the drafts' links are the oldest, so a page that counted hidden
 * links would come back short. Every assessment also has `extra` older links from other guidelines.
 */
async function guidelineWithLinks(n: number, tag: string): Promise<Fixture> {
  const ds = app.dataSource;
  const [g] = await ds.query(
    `INSERT INTO guideline (key, title, status, synthetic) VALUES ($1, $1, 'PUBLISHED', true) RETURNING id`,
    [`pages-${tag}`],
  );
  await ds.query('INSERT INTO guideline_owner (guideline_id, party_id) VALUES ($1, $2)', [g.id, fms]);
  const [r] = await ds.query(
    `INSERT INTO recommendation (key, guideline_id, text, kind, synthetic) VALUES ($1, $2, $1, 'DO', true) RETURNING id`,
    [`pages-${tag}-r`, g.id],
  );
  const assessments: string[] = (
    await ds.query(
      `INSERT INTO package_assessment (key, title, kind, assessor_party_id, published, synthetic)
       SELECT $1 || i, $1 || i, 'STANDPUNT', $2, i > 2, true FROM generate_series(1, $3::int + 2) AS i
       RETURNING id, key`,
      [`pages-${tag}-a`, zin, n],
    )
  )
    .sort((a: { key: string }, b: { key: string }) => Number(a.key.split('-a').pop()) - Number(b.key.split('-a').pop()))
    .map((a: { id: string }) => a.id);
  // Oldest first, one second apart, in the order of `assessments` (two drafts, then the published ones).
  const links: string[] = (
    await ds.query(
      `INSERT INTO synergy_link (guideline_id, recommendation_id, assessment_id, link_type, alignment, created_at, synthetic)
       SELECT $1, $2, a.id, 'SHARED_EVIDENCE', 'ALIGNED', now() - interval '1 hour' + a.n * interval '1 second', true
         FROM unnest($3::uuid[]) WITH ORDINALITY AS a(id, n)
       RETURNING id, created_at`,
      [g.id, r.id, assessments],
    )
  )
    .sort((a: { created_at: Date }, b: { created_at: Date }) => a.created_at.getTime() - b.created_at.getTime())
    .map((l: { id: string }) => l.id);
  return { guideline: g.id, recommendation: r.id, draftLinks: links.slice(0, 2), publishedLinks: links.slice(2) };
}

const LINKS = /* GraphQL */ `
  query Links($id: ID!, $first: Int) {
    guideline(id: $id) {
      links(first: $first) {
        id
      }
      recommendations {
        links(first: $first) {
          id
        }
      }
    }
  }
`;

const ALL_LINK_LISTS = /* GraphQL */ `
  query AllLinkLists($id: ID!) {
    guideline(id: $id) {
      links {
        id
        assessment {
          links(first: 5) {
            id
            history(first: 5) {
              action
            }
          }
        }
      }
      recommendations {
        links {
          id
        }
      }
    }
  }
`;

const gid = (type: string, id: string) => toGlobalId(type, id);
const ids = (list: { id: string }[]) => list.map((l) => l.id);

let small: Fixture;
let large: Fixture;
beforeAll(async () => {
  small = await guidelineWithLinks(5, 'small');
  large = await guidelineWithLinks(50, 'large');
});

describe('Guideline.links and Recommendation.links', () => {
  it('give the first `first` readable links, oldest first, and hidden ones take no place', async () => {
    const res = await app.gql(LINKS, { id: gid('Guideline', large.guideline), first: 3 });
    expect(res.errors).toBeUndefined();
    const expected = large.publishedLinks.slice(0, 3).map((id) => gid('SynergyLink', id));
    expect(ids(res.data!.guideline.links)).toEqual(expected);
    expect(ids(res.data!.guideline.recommendations[0].links)).toEqual(expected);
  });

  it('show the drafts to their assessor, in their place', async () => {
    const res = await app.gql(
      LINKS,
      { id: gid('Guideline', large.guideline), first: 3 },
      await asUser(app, 'zin.editor@example.org'),
    );
    expect(res.errors).toBeUndefined();
    const expected = [...large.draftLinks, large.publishedLinks[0]!].map((id) => gid('SynergyLink', id));
    expect(ids(res.data!.guideline.links)).toEqual(expected);
    expect(ids(res.data!.guideline.recommendations[0].links)).toEqual(expected);
  });

  it('give the whole list when `first` is beyond it', async () => {
    const res = await app.gql(LINKS, { id: gid('Guideline', small.guideline), first: 100 });
    expect(res.errors).toBeUndefined();
    const expected = small.publishedLinks.map((id) => gid('SynergyLink', id));
    expect(ids(res.data!.guideline.links)).toEqual(expected);
    expect(ids(res.data!.guideline.recommendations[0].links)).toEqual(expected);
  });

  it('give the default page (50) of a longer list without `first`', async () => {
    const res = await app.gql(
      LINKS,
      { id: gid('Guideline', large.guideline) },
      await asUser(app, 'zin.editor@example.org'),
    );
    expect(res.errors).toBeUndefined();
    const all = [...large.draftLinks, ...large.publishedLinks].map((id) => gid('SynergyLink', id));
    expect(ids(res.data!.guideline.links)).toEqual(all.slice(0, 50));
    // Recommendation.links is 20 unless asked (list-bounds.ts).
    expect(ids(res.data!.guideline.recommendations[0].links)).toEqual(all.slice(0, 20));
  });
});

describe('PackageAssessment.links', () => {
  it('hide links from draft guidelines, which take no place on the page', async () => {
    const ds = app.dataSource;
    const [assessment] = await ds.query(
      `INSERT INTO package_assessment (key, title, kind, assessor_party_id, published, synthetic)
       VALUES ('pages-assessed', 'pages-assessed', 'STANDPUNT', $1, true, true) RETURNING id`,
      [zin],
    );
    // Three guidelines: a draft of NHG (oldest link), then two published ones.
    const links: string[] = [];
    for (const [i, status] of ['IN_DEVELOPMENT', 'PUBLISHED', 'PUBLISHED'].entries()) {
      const [g] = await ds.query(
        `INSERT INTO guideline (key, title, status, synthetic) VALUES ($1, $1, $2, true) RETURNING id`,
        [`pages-assessed-g${i}`, status],
      );
      await ds.query('INSERT INTO guideline_owner (guideline_id, party_id) VALUES ($1, $2)', [g.id, nhg]);
      const [l] = await ds.query(
        `INSERT INTO synergy_link (guideline_id, assessment_id, link_type, alignment, created_at, synthetic)
         VALUES ($1, $2, 'SHARED_EVIDENCE', 'ALIGNED', now() - interval '1 hour' + $3 * interval '1 second', true) RETURNING id`,
        [g.id, assessment.id, i],
      );
      links.push(gid('SynergyLink', l.id));
    }
    const query = `query($id: ID!, $first: Int) { packageAssessment(id: $id) { links(first: $first) { id } } }`;
    const id = gid('PackageAssessment', assessment.id);
    const anonymous = await app.gql(query, { id, first: 1 });
    expect(anonymous.errors).toBeUndefined();
    expect(ids(anonymous.data!.packageAssessment.links)).toEqual([links[1]]);
    const everything = await app.gql(query, { id, first: 10 });
    expect(ids(everything.data!.packageAssessment.links)).toEqual(links.slice(1));
    const owner = await app.gql(query, { id, first: 10 }, await asUser(app, 'nhg.editor@example.org'));
    expect(owner.errors).toBeUndefined();
    expect(ids(owner.data!.packageAssessment.links)).toEqual(links);
  });
});

describe('SynergyLink.history', () => {
  it('gives the first `first` events the viewer reads, and events of other parties take no place', async () => {
    const ds = app.dataSource;
    const linkId = large.publishedLinks[0]!;
    // Oldest first: an event of FMS (the guideline's owner, a side), hidden from NHG, which is neither side;
    // then three events NHG made.
    const actions = ['FMS_ONLY', 'NHG_1', 'NHG_2', 'NHG_3'];
    for (const [i, action] of actions.entries())
      await ds.query(
        `INSERT INTO audit_event (owner_party_id, acting_party_id, entity_type, entity_id, action, occurred_at)
         VALUES ($1, $1, 'SynergyLink', $2, $3, now() - interval '1 hour' + $4 * interval '1 second')`,
        [i === 0 ? fms : nhg, linkId, action, i],
      );
    const query = `query($id: ID!, $first: Int) { synergyLink(id: $id) { history(first: $first) { action } } }`;
    const id = gid('SynergyLink', linkId);
    const asNhg = await asUser(app, 'nhg.editor@example.org');
    const two = await app.gql(query, { id, first: 2 }, asNhg);
    expect(two.errors).toBeUndefined();
    expect(two.data!.synergyLink.history.map((e: { action: string }) => e.action)).toEqual(['NHG_1', 'NHG_2']);
    const beyond = await app.gql(query, { id, first: 100 }, asNhg);
    expect(beyond.data!.synergyLink.history.map((e: { action: string }) => e.action)).toEqual([
      'NHG_1',
      'NHG_2',
      'NHG_3',
    ]);
    // The sides read all of it: FMS owns the guideline, Zorginstituut assesses.
    for (const email of ['vws.viewer@example.org', 'fms.editor@example.org', 'zin.editor@example.org']) {
      const all = await app.gql(query, { id, first: 100 }, await asUser(app, email));
      expect(all.data!.synergyLink.history.map((e: { action: string }) => e.action)).toEqual(actions);
    }
    const anonymous = await app.gql(query, { id, first: 100 });
    expect(anonymous.data!.synergyLink.history).toEqual([]);
  });
});

describe('Query.synergyLinks', () => {
  it('walked two at a time gives every link once and ends, links created within the same milliseconds', async () => {
    const ds = app.dataSource;
    const [g] = await ds.query(
      `INSERT INTO guideline (key, title, status, synthetic) VALUES ('pages-walk', 'pages-walk', 'PUBLISHED', true) RETURNING id`,
    );
    await ds.query('INSERT INTO guideline_owner (guideline_id, party_id) VALUES ($1, $2)', [g.id, fms]);
    // Seven links 300 µs apart (as now() gives them: microseconds), several in each millisecond.
    await ds.query(
      `WITH a AS (INSERT INTO package_assessment (key, title, kind, assessor_party_id, published, synthetic)
                  SELECT 'pages-walk-a' || i, 'pages-walk-a' || i, 'STANDPUNT', $2, true, true
                    FROM generate_series(1, 7) AS i RETURNING id, key)
       INSERT INTO synergy_link (guideline_id, assessment_id, link_type, alignment, created_at, synthetic)
       SELECT $1, a.id, 'SHARED_EVIDENCE', 'ALIGNED',
              '2031-03-04 05:06:07.000001+00'::timestamptz + substring(a.key FROM '[0-9]+$')::int * interval '300 microseconds', true
         FROM a`,
      [g.id, zin],
    );
    const filter = { guidelineId: gid('Guideline', g.id) };
    const page = async (first: number, after: string | null): Promise<WalkPage> => {
      const res = await app.gql(
        `query($filter: SynergyLinkFilter, $first: Int, $after: String) {
          synergyLinks(first: $first, after: $after, filter: $filter) { nodes { id } pageInfo { hasNextPage endCursor } }
        }`,
        { filter, first, after },
      );
      expect(res.errors).toBeUndefined();
      return res.data!.synergyLinks;
    };
    const expected = ids((await page(100, null)).nodes);
    expect(expected).toHaveLength(7);
    const walked: string[] = [];
    let after: string | null = null;
    // At most one page more than the list needs: a walk that repeats rows never ends on its own.
    for (let i = 0; i < 5; i++) {
      const next = await page(2, after);
      walked.push(...ids(next.nodes));
      after = next.pageInfo.hasNextPage ? next.pageInfo.endCursor : null;
      if (!after) break;
    }
    expect(after).toBeNull();
    expect(walked).toEqual(expected);
  });
});

describe('SQL statements per request', () => {
  it('stay the same for 5 and for 50 links and assessments (every link list and the history)', async () => {
    const viewer = await asUser(app, 'zin.editor@example.org');
    const a = await app.countQueries(() => app.gql(ALL_LINK_LISTS, { id: gid('Guideline', small.guideline) }, viewer));
    const b = await app.countQueries(() => app.gql(ALL_LINK_LISTS, { id: gid('Guideline', large.guideline) }, viewer));
    expect(a.result.errors).toBeUndefined();
    expect(b.result.errors).toBeUndefined();
    expect(a.result.data!.guideline.links).toHaveLength(7);
    expect(b.result.data!.guideline.links).toHaveLength(50);
    expect(b.result.data!.guideline.links[49].assessment.links).toHaveLength(1);
    if (process.env.H6_MEASURE) console.log('link lists statements', a.count, b.count);
    expect(b.count).toBe(a.count);
  });
});
