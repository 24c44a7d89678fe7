import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { idsByKey } from '../../helpers/research';

/**
 * The comment table costs the same number of SQL statements for 5 and for 50 contributions, and what waits
 * for the parties (their invitations) the same for 5 and for 25 parties.
 */
let app: TestApp;
let packageCriteria: Record<string, string>;
beforeAll(async () => {
  app = await createTestApp();
  packageCriteria = await idsByKey(app, 'PackageCriterion', 'package_criterion');
});
afterAll(() => app.close());

const ZIN = 'zin.editor@example.org';
const AUTHORS = [
  'zn.contributor@example.org',
  'nvz.contributor@example.org',
  'pfn.contributor@example.org',
  'fms.contributor@example.org',
];

const uuidOf = (globalId: string) => Buffer.from(globalId, 'base64').toString('utf8').split(':')[1]!;

/** A round on a new draft standpunt with `n` answered contributions from four parties, written straight to the tables. */
async function roundWith(n: number, closesAt = new Date(Date.now() + 3_600_000)): Promise<string> {
  const headers = await asUser(app, ZIN);
  const created = await app.gql(
    `mutation($input: CreatePackageAssessmentInput!) { createPackageAssessment(input: $input) { id verdicts { id } } }`,
    {
      input: {
        kind: 'STANDPUNT',
        title: `Concept-standpunt met ${n} reacties`,
        verdicts: [{ criterionId: packageCriteria.effectiviteit, verdict: 'MET' }],
      },
    },
    headers,
  );
  const assessment = created.data!.createPackageAssessment;
  const opened = await app.gql(
    `mutation($input: OpenConsultationRoundInput!) { openConsultationRound(input: $input) { id } }`,
    {
      input: {
        targetId: assessment.id,
        question: 'Reacties?',
        closesAt: closesAt.toISOString(),
        invitedPartyKinds: ['INSURER', 'PROVIDER_ASSOCIATION', 'PATIENT_ORGANISATION', 'SCIENTIFIC_ASSOCIATION'],
      },
    },
    headers,
  );
  expect(opened.errors).toBeUndefined();
  const roundId = uuidOf(opened.data!.openConsultationRound.id);
  const users: { id: string; party_id: string }[] = await app.dataSource.query(
    `SELECT u.id, m.party_id FROM "user" u JOIN membership m ON m.user_id = u.id WHERE u.email = ANY($1) ORDER BY u.email`,
    [AUTHORS],
  );
  const responder: { id: string }[] = await app.dataSource.query(`SELECT id FROM "user" WHERE email = $1`, [ZIN]);
  await app.dataSource.query(
    `INSERT INTO contribution (round_id, party_id, author_user_id, type, text, anchor_kind, anchor_id, response,
                               response_reasoning, response_change, responded_at, responded_by_user_id, created_at)
     SELECT $1, (u->>'party_id')::uuid, (u->>'id')::uuid, 'GENERAL', 'Inbreng ' || i, 'CRITERION_VERDICT', $3,
            'PARTLY_ACCEPTED', 'Deels.', 'Tekst aangepast.', now(), $4, now() + i * interval '1 ms'
       FROM generate_series(1, $2) AS i, LATERAL (SELECT ($5::jsonb)->((i - 1) % 4) AS u) pick`,
    [roundId, n, uuidOf(assessment.verdicts[0].id), responder[0]!.id, JSON.stringify(users)],
  );
  return opened.data!.openConsultationRound.id;
}

const COMMENT_TABLE = `query($id: ID!) {
  consultationRound(id: $id) {
    id status question ownerParty { name }
    contributions(first: 100) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes {
        id type text submittedAt anchorKind
        party { name kind }
        author { name }
        criterionVerdict { verdict criterion { nameNl } }
        response responseReasoning responseChange respondedAt respondedBy { name }
      }
    }
  }
}`;

describe('comment table statement count', () => {
  it.each([
    [ZIN, 10],
    ['pfn.contributor@example.org', 11],
  ])('is the same for 5 and 50 contributions, read by %s: %d', async (email, statements) => {
    const small = await roundWith(5);
    const large = await roundWith(50);
    const headers = await asUser(app, email);
    const a = await app.countQueries(() => app.gql(COMMENT_TABLE, { id: small }, headers));
    const b = await app.countQueries(() => app.gql(COMMENT_TABLE, { id: large }, headers));
    expect(a.result.errors).toBeUndefined();
    expect(b.result.errors).toBeUndefined();
    expect(a.result.data!.consultationRound.contributions.totalCount).toBe(5);
    expect(b.result.data!.consultationRound.contributions.nodes).toHaveLength(50);
    expect(b.result.data!.consultationRound.contributions.nodes[49].criterionVerdict.criterion.nameNl).toBeTruthy();
    expect(b.count).toBe(a.count);
    // sign-in (with the grants' version), round, its assessment (public or not), the owner party, the page of
    // contributions, their parties, verdicts, authors with their memberships (who may see them), criteria;
    // an invited party also reads which drafts it is consulted on (whether it still reads the verdicts).
    expect(b.count).toBe(statements);
  });
});

describe('invitations statement count', () => {
  const INVITATIONS = `query($n: Int!, $first: Int!, $after: String) {
    parties(first: $n) { nodes { key consultationInvitations(first: $first, after: $after) {
      totalCount pageInfo { hasNextPage hasPreviousPage endCursor } nodes { id closesAt } } } }
  }`;

  it.each([
    ['vws.viewer@example.org', 'every party'],
    ['zn.contributor@example.org', 'its own party'],
  ])('is the same for 5 and for 25 parties, read by %s (%s), and pages latest closing first', async (email, reads) => {
    // Three rounds inviting every kind, so each party listed has invitations to page through.
    for (const n of [1, 2, 3]) await roundWith(0, new Date(Date.now() + n * 3_600_000));
    const headers = await asUser(app, email);
    const a = await app.countQueries(() => app.gql(INVITATIONS, { n: 5, first: 2 }, headers));
    const b = await app.countQueries(() => app.gql(INVITATIONS, { n: 25, first: 2 }, headers));
    expect(a.result.errors).toBeUndefined();
    expect(b.result.errors).toBeUndefined();
    const parties = b.result.data!.parties.nodes as {
      key: string;
      consultationInvitations: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string };
        nodes: { id: string; closesAt: string }[];
      } | null;
    }[];
    expect(parties).toHaveLength(25);
    expect(b.count).toBe(a.count);
    // The same rule as before: VWS reads every party's invitations, a member only its own party's.
    const readable = parties.filter((p) => p.consultationInvitations !== null).map((p) => p.key);
    const expected = parties.filter((p) => reads === 'every party' || p.key === 'zn').map((p) => p.key);
    expect(readable).toEqual(expected);
    // Zorgverzekeraars Nederland, an insurer, is invited to every round above; its next page follows the cursor.
    const zn: { data?: any; errors?: unknown } = await app.gql(
      `query($first: Int!, $after: String) { parties(first: 100, filter: { kind: INSURER }) { nodes { key
          consultationInvitations(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { closesAt } } } } }`,
      { first: 2 },
      headers,
    );
    expect(zn.errors).toBeUndefined();
    const first = zn.data.parties.nodes.find((p: { key: string }) => p.key === 'zn').consultationInvitations;
    expect(first.totalCount).toBeGreaterThanOrEqual(3);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const next = (
      await app.gql(
        `query($first: Int!, $after: String) { parties(first: 100, filter: { kind: INSURER }) { nodes { key
            consultationInvitations(first: $first, after: $after) { totalCount pageInfo { hasPreviousPage } nodes { closesAt } } } } }`,
        { first: 100, after: first.pageInfo.endCursor },
        headers,
      )
    ).data!.parties.nodes.find((p: { key: string }) => p.key === 'zn').consultationInvitations;
    expect(next.totalCount).toBe(first.totalCount);
    expect(next.pageInfo.hasPreviousPage).toBe(true);
    const closing = [...first.nodes, ...next.nodes].map((r: { closesAt: string }) => r.closesAt);
    expect(closing).toHaveLength(first.totalCount);
    expect(closing).toEqual([...closing].sort().reverse());
  });
});
