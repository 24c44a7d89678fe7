import { fromGlobalId, toGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';
import { acceptOwnerInvitations } from '../../helpers/guideline-owners';

let app: TestApp;
const ids: Record<string, string> = {};

async function idOf(table: string, key: string): Promise<string> {
  const [row] = await app.dataSource.query(`SELECT id FROM ${table} WHERE key = $1`, [key]);
  return row.id;
}

beforeAll(async () => {
  app = await createTestApp();
  for (const key of ['fms', 'nhg', 'mdl-artsen', 'zorginstituut'])
    ids[key] = toGlobalId('Party', await idOf('party', key));
  for (const key of ['msz', 'ggz']) ids[key] = toGlobalId('Sector', await idOf('sector', key));
});
afterAll(() => app.close());

const as = (email: string | null) => asUser(app, email);

// ---- little helpers that go through the API ----

let counter = 0;
async function createIntervention(name: string): Promise<string> {
  counter += 1;
  const [row] = await app.dataSource.query(
    `INSERT INTO intervention (key, name, synthetic) VALUES ($1, $2, true) RETURNING id`,
    [`test-zorgvorm-${counter}-${Date.now()}`, name],
  );
  return toGlobalId('Intervention', row.id);
}

async function createGuideline(email: string, ownerKey: string, extra: Record<string, unknown> = {}) {
  const res = await app.gql(
    `mutation($input: CreateGuidelineInput!) { createGuideline(input: $input) { id version status } }`,
    { input: { title: `Testrichtlijn ${++counter}`, ownerPartyIds: [ids[ownerKey]], sectorIds: [ids.msz], ...extra } },
    await as(email),
  );
  expect(res.errors).toBeUndefined();
  return res.data!.createGuideline as { id: string; version: number; status: string };
}

async function publish(email: string, guidelineId: string, extra: Record<string, unknown> = {}) {
  const version = (
    await app.gql(`query($id: ID!) { guideline(id: $id) { version } }`, { id: guidelineId }, await as(email))
  ).data!.guideline.version;
  return app.gql(
    `mutation($input: PublishGuidelineVersionInput!) { publishGuidelineVersion(input: $input) { id version status edition } }`,
    { input: { id: guidelineId, version, ...extra } },
    await as(email),
  );
}

async function createRecommendation(email: string, guidelineId: string, kind: string, interventionId: string) {
  const res = await app.gql(
    `mutation($input: CreateRecommendationInput!) { createRecommendation(input: $input) { id } }`,
    { input: { guidelineId, kind, interventionId, text: `Aanbeveling ${kind}`, population: 'Volwassenen' } },
    await as(email),
  );
  expect(res.errors).toBeUndefined();
  return res.data!.createRecommendation.id as string;
}

async function createAssessment(outcome: string, interventionId: string, published = true) {
  const res = await app.gql(
    `mutation($input: CreatePackageAssessmentInput!) { createPackageAssessment(input: $input) { id version } }`,
    {
      input: {
        title: `Teststandpunt ${++counter}`,
        kind: 'STANDPUNT',
        interventionId,
        sectorId: ids.msz,
        outcome,
        published,
        decisionDate: { label: 'Q3 2025', earliest: '2025-07-01', latest: '2025-09-30', precision: 'QUARTER' },
      },
    },
    await as('zin.editor@example.org'),
  );
  expect(res.errors).toBeUndefined();
  return res.data!.createPackageAssessment as { id: string; version: number };
}

const LINK_FIELDS = `id version alignment confirmed awaitingConfirmationFrom rationale
  guidelineOwnerConfirmation { side party { shortName } }
  assessorConfirmation { side party { shortName } }
  dispute { side reason }`;

async function link(email: string, recommendationId: string, assessmentId: string, alignment = 'ALIGNED') {
  const res = await app.gql(
    `mutation($input: LinkRecommendationToAssessmentInput!) { linkRecommendationToAssessment(input: $input) { ${LINK_FIELDS} } }`,
    { input: { recommendationId, assessmentId, linkType: 'SHARED_EVIDENCE', alignment, rationale: 'Zelfde bewijs' } },
    await as(email),
  );
  return res;
}

async function readLink(id: string, email: string | null = 'zin.editor@example.org') {
  const res = await app.gql(`query($id: ID!) { synergyLink(id: $id) { ${LINK_FIELDS} } }`, { id }, await as(email));
  return res.data!.synergyLink;
}

async function confirm(email: string, id: string, side: string, version?: number) {
  const v = version ?? (await readLink(id)).version;
  return app.gql(
    `mutation($input: ConfirmSynergyLinkInput!) { confirmSynergyLink(input: $input) { ${LINK_FIELDS} } }`,
    { input: { id, version: v, side } },
    await as(email),
  );
}

/** A published FMS guideline with one recommendation of `kind`, linked to a published ZIN assessment. */
async function scenario(kind: string, outcome: string, options: { publishAssessment?: boolean } = {}) {
  const intervention = await createIntervention(`Zorg ${kind} ${outcome}`);
  const guideline = await createGuideline('fms.editor@example.org', 'fms');
  const recommendation = await createRecommendation('fms.editor@example.org', guideline.id, kind, intervention);
  expect((await publish('fms.editor@example.org', guideline.id)).errors).toBeUndefined();
  const assessment = await createAssessment(outcome, intervention, options.publishAssessment ?? true);
  return { intervention, guideline, recommendation, assessment };
}

const CONFLICTS = `query($filter: SynergyConflictFilter, $first: Int, $after: String) {
  synergyConflicts(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { key kind explanation reviewDueOn guideline { id title } recommendation { id } assessment { id } link { id } }
  }
}`;

async function conflictsOf(filter: Record<string, unknown>, email: string | null = null) {
  const res = await app.gql(CONFLICTS, { filter, first: 100 }, await as(email));
  expect(res.errors).toBeUndefined();
  return res.data!.synergyConflicts.nodes as any[];
}

// ---- conflict rules ----

describe('conflict detection', () => {
  it.each([
    ['DO', 'NOT_INSURED', 'RECOMMENDED_BUT_NOT_INSURED'],
    ['DO_NOT', 'INSURED', 'ADVISED_AGAINST_BUT_INSURED'],
  ])(
    'a %s recommendation against a %s assessment is a %s conflict, explained in words',
    async (kind, outcome, rule) => {
      const s = await scenario(kind, outcome);
      const found = (await conflictsOf({ kind: rule, partyId: ids.fms })).filter(
        (c) => c.recommendation?.id === s.recommendation,
      );
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({
        kind: rule,
        assessment: { id: s.assessment.id },
        guideline: { id: s.guideline.id },
      });
      expect(found[0].explanation).toContain(kind === 'DO' ? 'NOT_INSURED' : 'uitstroom');
      // The same conflict flags the objects involved.
      const flags = await app.gql(
        `query($g: ID!, $a: ID!) {
        guideline(id: $g) { conflicts { kind } recommendations { conflicts { kind } } }
        packageAssessment(id: $a) { conflicts { kind } }
      }`,
        { g: s.guideline.id, a: s.assessment.id },
      );
      expect(flags.data!.guideline.conflicts.map((c: any) => c.kind)).toContain(rule);
      expect(flags.data!.guideline.recommendations[0].conflicts.map((c: any) => c.kind)).toEqual([rule]);
      expect(flags.data!.packageAssessment.conflicts.map((c: any) => c.kind)).toEqual([rule]);
    },
  );

  it.each([
    ['DO', 'INSURED', {}],
    ['DO_NOT', 'NOT_INSURED', {}],
    ['CONSIDER', 'NOT_INSURED', {}],
    ['CONSIDER', 'INSURED', {}],
    ['DO', 'UNDER_ASSESSMENT', {}],
    ['DO', 'NOT_INSURED', { publishAssessment: false }],
  ])('a %s recommendation against a %s assessment %j is no conflict', async (kind, outcome, options) => {
    const s = await scenario(kind, outcome, options);
    const found = (await conflictsOf({ partyId: ids.fms }, 'operator@example.org')).filter(
      (c) => c.recommendation?.id === s.recommendation,
    );
    expect(found).toEqual([]);
  });

  it('does not fire for a different intervention, or while the guideline is a draft', async () => {
    const other = await scenario('DO', 'INSURED');
    const notInsured = await createAssessment('NOT_INSURED', await createIntervention('Andere zorg'));
    const draft = await createGuideline('fms.editor@example.org', 'fms');
    const draftRec = await createRecommendation('fms.editor@example.org', draft.id, 'DO', other.intervention);
    await createAssessment('NOT_INSURED', other.intervention);
    const all = await conflictsOf({ kind: 'RECOMMENDED_BUT_NOT_INSURED' }, 'operator@example.org');
    expect(all.filter((c) => c.assessment?.id === notInsured.id)).toEqual([]);
    expect(all.filter((c) => c.recommendation?.id === draftRec)).toEqual([]);
    // …but it does fire for the published one once the intervention gets a NOT_INSURED assessment.
    expect(all.filter((c) => c.recommendation?.id === other.recommendation)).toHaveLength(1);
  });

  it('flags a published guideline past its review-due date, relative to asOf', async () => {
    const g = await createGuideline('fms.editor@example.org', 'fms');
    expect((await publish('fms.editor@example.org', g.id, { reviewDueOn: '2026-01-31' })).errors).toBeUndefined();
    const before = await conflictsOf({ kind: 'GUIDELINE_REVIEW_OVERDUE', asOf: '2026-01-31' });
    expect(before.filter((c) => c.guideline.id === g.id)).toEqual([]);
    const after = await conflictsOf({ kind: 'GUIDELINE_REVIEW_OVERDUE', asOf: '2026-02-01' });
    expect(after.filter((c) => c.guideline.id === g.id)).toEqual([
      expect.objectContaining({ reviewDueOn: '2026-01-31', explanation: expect.stringContaining('2026-01-31') }),
    ]);
    const flag = await app.gql(`query($id: ID!) { guideline(id: $id) { conflicts(asOf: "2026-03-01") { kind } } }`, {
      id: g.id,
    });
    expect(flag.data!.guideline.conflicts).toEqual([{ kind: 'GUIDELINE_REVIEW_OVERDUE' }]);
  });

  it('filters by sector, kind and party', async () => {
    const s = await scenario('DO', 'NOT_INSURED');
    const inMsz = await conflictsOf({ sectorId: ids.msz, kind: 'RECOMMENDED_BUT_NOT_INSURED' });
    const inGgz = await conflictsOf({ sectorId: ids.ggz, kind: 'RECOMMENDED_BUT_NOT_INSURED' });
    const ofNhg = await conflictsOf({ partyId: ids.nhg, kind: 'RECOMMENDED_BUT_NOT_INSURED' });
    expect(inMsz.some((c) => c.recommendation?.id === s.recommendation)).toBe(true);
    expect(inGgz.some((c) => c.recommendation?.id === s.recommendation)).toBe(false);
    expect(ofNhg.some((c) => c.recommendation?.id === s.recommendation)).toBe(false);
    const wrongKind = await conflictsOf({ kind: 'LINK_NEEDS_REVIEW' });
    expect(wrongKind.every((c) => c.kind === 'LINK_NEEDS_REVIEW')).toBe(true);
  });

  it('shows the seeded demo conflicts, marked synthetic', async () => {
    const all = await conflictsOf({});
    const kinds = new Set(all.map((c) => c.kind));
    expect(kinds).toEqual(
      new Set([
        'RECOMMENDED_BUT_NOT_INSURED',
        'ADVISED_AGAINST_BUT_INSURED',
        'LINK_NEEDS_REVIEW',
        'GUIDELINE_REVIEW_OVERDUE',
      ]),
    );
    const barrett = all.find((c) => c.kind === 'ADVISED_AGAINST_BUT_INSURED' && /Barrett/.test(c.explanation));
    expect(barrett).toBeDefined();
    const assessment = await app.gql(`query($id: ID!) { packageAssessment(id: $id) { synthetic } }`, {
      id: barrett.assessment.id,
    });
    expect(assessment.data!.packageAssessment.synthetic).toBe(true);
  });

  it('pages with a stable cursor', async () => {
    const first = await app.gql(CONFLICTS, { first: 2 });
    const page = first.data!.synergyConflicts;
    expect(page.nodes).toHaveLength(2);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const next = await app.gql(CONFLICTS, { first: 2, after: page.pageInfo.endCursor });
    expect(next.data!.synergyConflicts.totalCount).toBe(page.totalCount);
    expect(next.data!.synergyConflicts.nodes[0].key > page.nodes[1].key).toBe(true);
  });
});

// ---- confirmations ----

describe('two-sided confirmation', () => {
  it('is confirmed only when both sides confirmed, and any edit resets both', async () => {
    const s = await scenario('DO', 'INSURED');
    const created = await link('fms.editor@example.org', s.recommendation, s.assessment.id);
    expect(created.errors).toBeUndefined();
    const linkId = created.data!.linkRecommendationToAssessment.id;
    expect(created.data!.linkRecommendationToAssessment).toMatchObject({
      confirmed: false,
      awaitingConfirmationFrom: ['GUIDELINE_OWNER', 'ASSESSOR'],
    });

    const owner = await confirm('fms.editor@example.org', linkId, 'GUIDELINE_OWNER');
    expect(owner.errors).toBeUndefined();
    expect(owner.data!.confirmSynergyLink).toMatchObject({
      confirmed: false,
      awaitingConfirmationFrom: ['ASSESSOR'],
      guidelineOwnerConfirmation: { side: 'GUIDELINE_OWNER', party: { shortName: 'FMS' } },
    });
    const zin = await confirm('zin.editor@example.org', linkId, 'ASSESSOR');
    expect(zin.data!.confirmSynergyLink).toMatchObject({
      confirmed: true,
      awaitingConfirmationFrom: [],
      assessorConfirmation: { side: 'ASSESSOR', party: { shortName: 'ZIN' } },
    });

    const edit = await app.gql(
      `mutation($input: UpdateSynergyLinkInput!) { updateSynergyLink(input: $input) { ${LINK_FIELDS} } }`,
      { input: { id: linkId, version: zin.data!.confirmSynergyLink.version, rationale: 'Nieuwe onderbouwing' } },
      await as('fms.editor@example.org'),
    );
    expect(edit.errors).toBeUndefined();
    expect(edit.data!.updateSynergyLink).toMatchObject({
      confirmed: false,
      guidelineOwnerConfirmation: null,
      assessorConfirmation: null,
      awaitingConfirmationFrom: ['GUIDELINE_OWNER', 'ASSESSOR'],
    });
  });

  it('lets each side confirm only its own side', async () => {
    const s = await scenario('DO', 'INSURED');
    const linkId = (await link('fms.editor@example.org', s.recommendation, s.assessment.id)).data!
      .linkRecommendationToAssessment.id;
    // Zorginstituut may confirm any link, but not for the association; FMS not for Zorginstituut.
    expect((await confirm('zin.editor@example.org', linkId, 'GUIDELINE_OWNER')).errors![0]!.extensions!.code).toBe(
      'FORBIDDEN',
    );
    expect((await confirm('fms.editor@example.org', linkId, 'ASSESSOR')).errors![0]!.extensions!.code).toBe(
      'FORBIDDEN',
    );
    expect((await confirm('nhg.editor@example.org', linkId, 'GUIDELINE_OWNER')).errors![0]!.extensions!.code).toBe(
      'FORBIDDEN',
    );
    expect((await confirm('fms.viewer@example.org', linkId, 'GUIDELINE_OWNER')).errors![0]!.extensions!.code).toBe(
      'FORBIDDEN',
    );
    expect((await readLink(linkId)).confirmed).toBe(false);
  });

  it('records a dispute with its reason; Zorginstituut resolves it', async () => {
    const s = await scenario('DO', 'INSURED');
    const linkId = (await link('fms.editor@example.org', s.recommendation, s.assessment.id)).data!
      .linkRecommendationToAssessment.id;
    const disputed = await app.gql(
      `mutation($input: DisputeSynergyLinkInput!) { disputeSynergyLink(input: $input) { ${LINK_FIELDS} } }`,
      { input: { id: linkId, version: 1, side: 'ASSESSOR', reason: 'Het bewijs is niet hetzelfde' } },
      await as('zin.editor@example.org'),
    );
    expect(disputed.data!.disputeSynergyLink.dispute).toEqual({
      side: 'ASSESSOR',
      reason: 'Het bewijs is niet hetzelfde',
    });
    const blocked = await confirm('fms.editor@example.org', linkId, 'GUIDELINE_OWNER');
    expect(blocked.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    const byFms = await app.gql(
      `mutation($input: ResolveSynergyLinkDisputeInput!) { resolveSynergyLinkDispute(input: $input) { id } }`,
      { input: { id: linkId, version: 2, resolution: 'Besproken' } },
      await as('fms.editor@example.org'),
    );
    expect(byFms.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const resolved = await app.gql(
      `mutation($input: ResolveSynergyLinkDisputeInput!) { resolveSynergyLinkDispute(input: $input) { ${LINK_FIELDS} } }`,
      { input: { id: linkId, version: 2, resolution: 'Besproken', alignment: 'PARTIALLY_ALIGNED' } },
      await as('zin.editor@example.org'),
    );
    expect(resolved.data!.resolveSynergyLinkDispute).toMatchObject({ dispute: null, alignment: 'PARTIALLY_ALIGNED' });
  });
});

// ---- NEEDS_REVIEW ----

describe('NEEDS_REVIEW', () => {
  async function confirmedLink() {
    const s = await scenario('DO', 'INSURED');
    const linkId = (await link('fms.editor@example.org', s.recommendation, s.assessment.id)).data!
      .linkRecommendationToAssessment.id;
    await confirm('fms.editor@example.org', linkId, 'GUIDELINE_OWNER');
    expect((await confirm('zin.editor@example.org', linkId, 'ASSESSOR')).data!.confirmSynergyLink.confirmed).toBe(true);
    // An unconfirmed link of the same guideline, which must stay as it is.
    const other = await createAssessment('INSURED', s.intervention);
    const pendingId = (await link('fms.editor@example.org', s.recommendation, other.id, 'PARTIALLY_ALIGNED')).data!
      .linkRecommendationToAssessment.id;
    return { ...s, linkId, pendingId };
  }

  async function historyOf(id: string) {
    const res = await app.gql(
      `query($id: ID!) { synergyLink(id: $id) { history { action actingParty { shortName } changes { field before after } } } }`,
      { id },
      // The audit trail is not public: VWS reads all of it.
      await as('vws.viewer@example.org'),
    );
    return res.data!.synergyLink.history as any[];
  }

  it('follows a change in what a recommendation says, not a change in its evidence grading', async () => {
    const s = await confirmedLink();
    const [rec] = await app.dataSource.query('SELECT version FROM recommendation WHERE id = $1', [
      fromGlobalId(s.recommendation).id,
    ]);
    const headers = await as('fms.editor@example.org');
    const gql = (input: Record<string, unknown>) =>
      app.gql(
        `mutation($input: UpdateRecommendationInput!) { updateRecommendation(input: $input) { version } }`,
        { input: { id: s.recommendation, ...input } },
        headers,
      );
    const graded = await gql({ version: rec.version, evidenceCertainty: 'LOW' });
    expect(graded.errors).toBeUndefined();
    expect(await readLink(s.linkId)).toMatchObject({ confirmed: true });
    const reworded = await gql({ version: graded.data!.updateRecommendation.version, kind: 'DO_NOT' });
    expect(reworded.errors).toBeUndefined();
    expect(await readLink(s.linkId)).toMatchObject({ alignment: 'NEEDS_REVIEW', confirmed: false });
  });

  it('follows a new guideline edition, for confirmed links only, and is recorded in history', async () => {
    const s = await confirmedLink();
    const published = await publish('fms.editor@example.org', s.guideline.id);
    expect(published.data!.publishGuidelineVersion).toMatchObject({ status: 'PUBLISHED', edition: 2 });
    expect(await readLink(s.linkId)).toMatchObject({ alignment: 'NEEDS_REVIEW', confirmed: false });
    expect(await readLink(s.pendingId)).toMatchObject({ alignment: 'PARTIALLY_ALIGNED' });
    const history = await historyOf(s.linkId);
    expect(history.map((h) => h.action)).toEqual(['CREATE', 'CONFIRM', 'CONFIRM', 'NEEDS_REVIEW']);
    expect(history.at(-1).changes).toContainEqual({ field: 'alignment', before: 'ALIGNED', after: 'NEEDS_REVIEW' });
    const conflicts = await conflictsOf({ kind: 'LINK_NEEDS_REVIEW' });
    expect(conflicts.filter((c) => c.link?.id === s.linkId)).toHaveLength(1);
    // Confirming is refused until the owner sets the alignment again.
    expect((await confirm('zin.editor@example.org', s.linkId, 'ASSESSOR')).errors![0]!.extensions!.code).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('follows a changed assessment outcome, not an unchanged one', async () => {
    const s = await confirmedLink();
    const update = async (version: number, outcome: string, conditions?: string) =>
      app.gql(
        `mutation($input: UpdatePackageAssessmentInput!) { updatePackageAssessment(input: $input) { version outcome } }`,
        { input: { id: s.assessment.id, version, outcome, ...(conditions ? { conditions } : {}) } },
        await as('zin.editor@example.org'),
      );
    const same = await update(s.assessment.version, 'INSURED', 'Alleen bij indicatie');
    expect(same.errors).toBeUndefined();
    expect(await readLink(s.linkId)).toMatchObject({ alignment: 'ALIGNED', confirmed: true });
    const changed = await update(same.data!.updatePackageAssessment.version, 'NOT_INSURED');
    expect(changed.errors).toBeUndefined();
    expect(await readLink(s.linkId)).toMatchObject({ alignment: 'NEEDS_REVIEW', confirmed: false });
    const history = await historyOf(s.linkId);
    expect(history.at(-1)).toMatchObject({ action: 'NEEDS_REVIEW', actingParty: { shortName: 'ZIN' } });
  });
});

// ---- batch ----

const UPSERT = `mutation($input: UpsertGuidelineLinksInput!) {
  upsertGuidelineLinks(input: $input) { created updated removed unchanged links { id version alignment rationale } }
}`;

describe('upsertGuidelineLinks', () => {
  it('applies nothing when one item is bad, and reports every bad item with index and code', async () => {
    const s = await scenario('DO', 'INSURED');
    const a2 = await createAssessment('INSURED', s.intervention);
    const foreign = await scenario('DO', 'INSURED');
    const before = await app.dataSource.query('SELECT count(*)::int AS n FROM synergy_link');
    const auditBefore = await app.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_event WHERE entity_type = 'SynergyLink'`,
    );
    const res = await app.gql(
      UPSERT,
      {
        input: {
          guidelineId: s.guideline.id,
          links: [
            {
              recommendationId: s.recommendation,
              assessmentId: s.assessment.id,
              linkType: 'SHARED_EVIDENCE',
              alignment: 'ALIGNED',
            },
            {
              recommendationId: foreign.recommendation,
              assessmentId: a2.id,
              linkType: 'SHARED_EVIDENCE',
              alignment: 'ALIGNED',
            },
            { assessmentId: a2.id, linkType: 'KNOWLEDGE_GAP', alignment: 'NEEDS_REVIEW' },
            {
              assessmentId: toGlobalId('PackageAssessment', '00000000-0000-4000-8000-000000000000'),
              linkType: 'KNOWLEDGE_GAP',
              alignment: 'ALIGNED',
            },
            { assessmentId: a2.id, linkType: 'SHARED_EVIDENCE', alignment: 'ALIGNED' },
          ],
        },
      },
      await as('fms.editor@example.org'),
    );
    expect(res.data).toBeNull();
    expect(res.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      items: [
        { index: 1, code: 'BAD_USER_INPUT', field: 'input.links[1].recommendationId' },
        { index: 2, code: 'BAD_USER_INPUT', field: 'input.links[2].alignment' },
        { index: 3, code: 'NOT_FOUND', field: 'input.links[3].assessmentId' },
      ],
    });
    expect(res.errors![0]!.extensions!.items).toHaveLength(3);
    expect(await app.dataSource.query('SELECT count(*)::int AS n FROM synergy_link')).toEqual(before);
    expect(
      await app.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE entity_type = 'SynergyLink'`),
    ).toEqual(auditBefore);
  });

  it('creates, updates (checking versions) and removes in one go', async () => {
    const s = await scenario('DO', 'INSURED');
    const a2 = await createAssessment('INSURED', s.intervention);
    const input = (links: unknown[]) => ({ input: { guidelineId: s.guideline.id, links } });
    const first = await app.gql(
      UPSERT,
      input([
        {
          recommendationId: s.recommendation,
          assessmentId: s.assessment.id,
          linkType: 'SHARED_EVIDENCE',
          alignment: 'ALIGNED',
        },
        {
          assessmentId: a2.id,
          linkType: 'GUIDELINE_BASIS_FOR_COVERAGE',
          alignment: 'UNDER_REVIEW',
          rationale: 'Hele richtlijn',
        },
        {
          recommendationId: s.recommendation,
          assessmentId: s.assessment.id,
          linkType: 'KNOWLEDGE_GAP',
          alignment: 'ALIGNED',
        },
      ]),
      await as('fms.editor@example.org'),
    );
    expect(first.data!.upsertGuidelineLinks).toMatchObject({ created: 3, updated: 0, removed: 0 });
    const [l1, l2, l3] = first.data!.upsertGuidelineLinks.links;
    const stale = await app.gql(
      UPSERT,
      input([
        {
          recommendationId: s.recommendation,
          assessmentId: s.assessment.id,
          linkType: 'SHARED_EVIDENCE',
          alignment: 'DIVERGENT',
          version: 7,
        },
      ]),
      await as('fms.editor@example.org'),
    );
    expect(stale.errors![0]!.extensions!.items).toEqual([
      expect.objectContaining({ index: 0, code: 'CONFLICT', field: 'input.links[0].version', currentVersion: 1 }),
    ]);
    const second = await app.gql(
      UPSERT,
      input([
        {
          recommendationId: s.recommendation,
          assessmentId: s.assessment.id,
          linkType: 'SHARED_EVIDENCE',
          alignment: 'DIVERGENT',
          version: l1.version,
        },
        { assessmentId: a2.id, linkType: 'GUIDELINE_BASIS_FOR_COVERAGE', version: l2.version, remove: true },
        {
          recommendationId: s.recommendation,
          assessmentId: s.assessment.id,
          linkType: 'KNOWLEDGE_GAP',
          alignment: 'ALIGNED',
          version: l3.version,
        },
      ]),
      await as('fms.editor@example.org'),
    );
    expect(second.data!.upsertGuidelineLinks).toMatchObject({
      created: 0,
      updated: 1,
      removed: 1,
      unchanged: 1,
      links: [
        { id: l1.id, version: 2, alignment: 'DIVERGENT' },
        null,
        { id: l3.id, version: l3.version, alignment: 'ALIGNED' },
      ],
    });
  });

  // Throughput is measured by `npm run bench` (scenario c), not by a timed test; this checks that a
  // batch costs a fixed number of statements, whatever its size, and is audited per link.
  it('commits batches of 20 links in a fixed number of statements, with audit', async () => {
    const intervention = await createIntervention('Volume');
    const guideline = await createGuideline('fms.editor@example.org', 'fms');
    const recs = await Promise.all(
      Array.from({ length: 4 }, () => createRecommendation('fms.editor@example.org', guideline.id, 'DO', intervention)),
    );
    const assessments: string[] = [];
    for (let i = 0; i < 25; i++) assessments.push((await createAssessment('INSURED', intervention)).id);
    const headers = await as('fms.editor@example.org');
    const batches = Array.from({ length: 5 }, (_, b) =>
      Array.from({ length: 20 }, (_, i) => ({
        recommendationId: recs[b % 4],
        assessmentId: assessments[(b * 20 + i) % 25],
        linkType: ['SHARED_EVIDENCE', 'KNOWLEDGE_GAP', 'DEIMPLEMENTATION', 'GUIDELINE_BASIS_FOR_COVERAGE'][
          Math.floor((b * 20 + i) / 25)
        ],
        alignment: 'ALIGNED',
      })),
    );
    const counts: number[] = [];
    for (const links of batches) {
      const { result: res, count } = await app.countQueries(() =>
        app.gql(UPSERT, { input: { guidelineId: guideline.id, links } }, headers),
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.upsertGuidelineLinks.created).toBe(20);
      counts.push(count);
    }
    const audited = await app.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_event e JOIN synergy_link l ON l.id = e.entity_id WHERE l.guideline_id = $1`,
      [fromGlobalId(guideline.id).id],
    );
    expect(audited[0].n).toBe(100);
    const single = await app.countQueries(() =>
      app.gql(
        UPSERT,
        {
          input: {
            guidelineId: guideline.id,
            links: [
              {
                recommendationId: recs[0],
                assessmentId: assessments[0],
                linkType: 'AGREEMENT_WITH_PROFESSION',
                alignment: 'ALIGNED',
              },
            ],
          },
        },
        headers,
      ),
    );
    expect(single.result.errors).toBeUndefined();
    expect(Math.max(...counts)).toBe(single.count);
    // One audit insert for all its events and one outbox insert for its domain events (LINK_CREATED), in the
    // statement that inserts the links, and the links it answers with come from that write itself. Inside
    // the transaction: the guideline locked with its owners, the facts in one read, the write: on a busy
    // server each round trip waits its turn.
    const statements = single.statements.map((sql) => sql.replace(/\s+/g, ' ').trim());
    expect(statements.filter((sql) => sql.includes('INSERT INTO audit_event'))).toHaveLength(1);
    expect(statements.filter((sql) => sql.includes('INSERT INTO domain_event'))).toHaveLength(1);
    const written = statements.findIndex((sql) =>
      /^WITH audited AS \(INSERT INTO audit_event .*\), announced AS \(INSERT INTO domain_event .*\) INSERT INTO synergy_link/.test(
        sql,
      ),
    );
    expect(written).toBeGreaterThan(0);
    expect(statements.slice(written + 1).filter((sql) => /\bFROM "?synergy_link"?\b/.test(sql))).toEqual([]);
    const begin = statements.indexOf('START TRANSACTION');
    expect(statements.slice(begin)).toEqual([
      'START TRANSACTION',
      expect.stringMatching(/^SELECT .* FROM "guideline" t WHERE t.id = \$1 FOR NO KEY UPDATE$/),
      expect.stringMatching(/^WITH recommendations AS/),
      statements[written],
      'COMMIT',
    ]);
    expect(single.result.data!.upsertGuidelineLinks.links).toEqual([
      expect.objectContaining({ version: 1, alignment: 'ALIGNED', rationale: null }),
    ]);
  });
});

describe('without prepared statements (behind a pooler that cannot keep them)', () => {
  let plain: TestApp;
  beforeAll(async () => {
    plain = await createTestApp({ DATABASE_PREPARED_STATEMENTS: 'false' });
  });
  afterAll(() => plain.close());

  it('creates, updates and audits a batch the same way', async () => {
    // The helpers of this file go through `app`; for this test they go through the plain server.
    const prepared = app;
    app = plain;
    try {
      const s = await scenario('DO', 'INSURED');
      const headers = await as('fms.editor@example.org');
      const item = { recommendationId: s.recommendation, assessmentId: s.assessment.id, linkType: 'SHARED_EVIDENCE' };
      const input = (extra: object) => ({ input: { guidelineId: s.guideline.id, links: [{ ...item, ...extra }] } });
      const created = await plain.gql(UPSERT, input({ alignment: 'ALIGNED' }), headers);
      expect(created.errors).toBeUndefined();
      const [link] = created.data!.upsertGuidelineLinks.links;
      expect(link).toMatchObject({ version: 1, alignment: 'ALIGNED' });
      const updated = await plain.gql(UPSERT, input({ alignment: 'DIVERGENT', version: 1 }), headers);
      expect(updated.errors).toBeUndefined();
      expect(updated.data!.upsertGuidelineLinks).toMatchObject({
        updated: 1,
        links: [{ id: link.id, version: 2, alignment: 'DIVERGENT' }],
      });
      const events = await plain.dataSource.query(
        `SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY occurred_at, action`,
        [fromGlobalId(link.id).id],
      );
      expect(events.map((e: { action: string }) => e.action)).toEqual(['CREATE', 'UPDATE']);
    } finally {
      app = prepared;
    }
  });
});

// ---- permissions ----

describe('link history', () => {
  it('keeps the history of a link removed with its recommendation', async () => {
    const s = await scenario('DO', 'INSURED');
    const linkId = (await link('fms.editor@example.org', s.recommendation, s.assessment.id)).data!
      .linkRecommendationToAssessment.id;
    const removed = await app.gql(
      `mutation($input: RemoveRecommendationInput!) { removeRecommendation(input: $input) { removedRecommendationId } }`,
      { input: { id: s.recommendation, version: 1 } },
      await as('fms.editor@example.org'),
    );
    expect(removed.errors).toBeUndefined();
    const events = await app.gql(
      `query($id: ID!) { auditEvents(filter: { entityId: $id }) { nodes { action entityId } } }`,
      { id: linkId },
      await as('fms.editor@example.org'),
    );
    expect(events.data!.auditEvents.nodes.map((e: any) => e.action)).toEqual(['DELETE', 'CREATE']);
  });
});

describe('permissions across associations', () => {
  it.each([
    ['fms.editor@example.org', null],
    ['nhg.editor@example.org', 'FORBIDDEN'],
    ['mdl.editor@example.org', 'FORBIDDEN'],
    ['zin.editor@example.org', 'FORBIDDEN'],
    ['fms.viewer@example.org', 'FORBIDDEN'],
    [null, 'UNAUTHENTICATED'],
  ])('%s editing an FMS guideline and its links: %s', async (email, code) => {
    const s = await scenario('DO', 'INSURED');
    const guideline = await app.gql(
      `mutation($input: UpdateGuidelineInput!) { updateGuideline(input: $input) { id } }`,
      { input: { id: s.guideline.id, version: 2, title: 'Gewijzigd' } },
      await as(email),
    );
    const links = await app.gql(
      UPSERT,
      {
        input: {
          guidelineId: s.guideline.id,
          links: [
            {
              recommendationId: s.recommendation,
              assessmentId: s.assessment.id,
              linkType: 'SHARED_EVIDENCE',
              alignment: 'ALIGNED',
            },
          ],
        },
      },
      await as(email),
    );
    const rec = await app.gql(
      `mutation($input: CreateRecommendationInput!) { createRecommendation(input: $input) { id } }`,
      { input: { guidelineId: s.guideline.id, text: 'Extra', kind: 'DO' } },
      await as(email),
    );
    const codes = [guideline, links, rec].map((res) => res.errors?.[0]?.extensions?.code ?? 'OK');
    expect(codes).toEqual([code ?? 'OK', code ?? 'OK', code ?? 'OK']);
  });

  it('lets MDL edit its own Barrett guideline, but not NHG', async () => {
    const id = toGlobalId('Guideline', await idOf('guideline', 'richtlijn-mdl-laag-risico-barrett'));
    const attempt = async (email: string) =>
      app.gql(
        `mutation($input: UpdateGuidelineInput!) { updateGuideline(input: $input) { version } }`,
        { input: { id, version: 1, reviewDueOn: '2030-01-01' } },
        await as(email),
      );
    expect((await attempt('nhg.editor@example.org')).errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect((await attempt('mdl.editor@example.org')).data!.updateGuideline.version).toBe(2);
  });

  it('lets only Zorginstituut create and publish assessments', async () => {
    const intervention = await createIntervention('Nog te beoordelen');
    const create = async (email: string) =>
      app.gql(
        `mutation($input: CreatePackageAssessmentInput!) { createPackageAssessment(input: $input) { id version } }`,
        { input: { title: 'Concept', kind: 'DUIDING', interventionId: intervention } },
        await as(email),
      );
    expect((await create('fms.editor@example.org')).errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const draft = (await create('zin.editor@example.org')).data!.createPackageAssessment;
    const publishAs = async (email: string) =>
      app.gql(
        `mutation($input: PublishPackageAssessmentInput!) { publishPackageAssessment(input: $input) { published } }`,
        { input: { id: draft.id, version: draft.version } },
        await as(email),
      );
    expect((await publishAs('mdl.editor@example.org')).errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect((await publishAs('zin.editor@example.org')).data!.publishPackageAssessment.published).toBe(true);
  });

  it.each([
    [null, false],
    ['nhg.editor@example.org', false],
    ['fms.viewer@example.org', true],
    ['vws.viewer@example.org', true],
    ['operator@example.org', true],
  ])('a draft FMS guideline is visible to %s: %s', async (email, visible) => {
    const draft = await createGuideline('fms.editor@example.org', 'fms');
    const byId = await app.gql(
      `query($id: ID!) { guideline(id: $id) { id } node(id: $id) { id } }`,
      { id: draft.id },
      await as(email),
    );
    expect(byId.data!.guideline !== null).toBe(visible);
    expect(byId.data!.node !== null).toBe(visible);
    const list = await app.gql(
      `query($f: GuidelineFilter) { guidelines(filter: $f, first: 100) { nodes { id } } }`,
      { f: { ownerPartyId: ids.fms, status: 'IN_DEVELOPMENT' } },
      await as(email),
    );
    expect(list.data!.guidelines.nodes.some((n: any) => n.id === draft.id)).toBe(visible);
  });

  it('refuses an invalid status change, listing the allowed next states', async () => {
    const g = await createGuideline('fms.editor@example.org', 'fms');
    const res = await app.gql(
      `mutation($input: ChangeGuidelineStatusInput!) { changeGuidelineStatus(input: $input) { status } }`,
      { input: { id: g.id, version: g.version, status: 'UNDER_REVISION' } },
      await as('fms.editor@example.org'),
    );
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', allowed: ['PUBLISHED', 'WITHDRAWN'] });
  });
});

// ---- overview and SQL statements ----

describe('overview', () => {
  it('counts links by alignment, awaiting each side, conflicts, the oldest unreviewed link; per trajectory too', async () => {
    const res = await app.gql(
      `query($sectorId: ID) { synergyOverview(sectorId: $sectorId) {
        sector { key }
        counts { totalLinks confirmedLinks awaitingGuidelineOwnerConfirmation awaitingAssessorConfirmation disputedLinks
                 openConflicts linksByAlignment { alignment count } conflictsByKind { kind count }
                 oldestUnreviewedLink { id pendingSince } }
        trajectories { trajectory { key deliverableKeys parties { shortName } } counts { totalLinks openConflicts } }
      } }`,
      { sectorId: ids.msz },
    );
    expect(res.errors).toBeUndefined();
    const overview = res.data!.synergyOverview;
    expect(overview.sector.key).toBe('msz');
    const counts = overview.counts;
    expect(counts.linksByAlignment.reduce((sum: number, a: any) => sum + a.count, 0)).toBe(counts.totalLinks);
    expect(counts.totalLinks).toBeGreaterThan(0);
    expect(counts.openConflicts).toBe(counts.conflictsByKind.reduce((sum: number, k: any) => sum + k.count, 0));
    expect(counts.awaitingAssessorConfirmation).toBeLessThanOrEqual(counts.totalLinks);
    expect(counts.oldestUnreviewedLink).not.toBeNull();
    const fmsTrack = overview.trajectories.find((t: any) => t.trajectory.key === 'synergie-zorginstituut-fms-msz');
    expect(fmsTrack.trajectory.deliverableKeys).toEqual(['zin-fms-synergie-resultaten', 'zin-fms-bestuurlijk-overleg']);
    expect(fmsTrack.trajectory.parties.map((p: any) => p.shortName).sort()).toEqual(['FMS', 'ZIN']);
    expect(fmsTrack.counts.totalLinks).toBeGreaterThan(0);
  });
});

describe('SQL statements per request', () => {
  const QUERY = `query($first: Int) {
    synergyConflicts(first: $first, filter: { kind: RECOMMENDED_BUT_NOT_INSURED }) {
      totalCount
      nodes { kind explanation
        guideline { title owners { name } sectors { key } }
        recommendation { text intervention { name } }
        assessment { title assessorParty { name } }
        link { alignment history { action } } }
    }
  }`;

  it('do not grow with the number of conflicts returned', async () => {
    // Enough conflicts for a large page.
    for (let i = 0; i < 6; i++) await scenario('DO', 'NOT_INSURED');
    const small = await app.countQueries(() => app.gql(QUERY, { first: 1 }));
    const large = await app.countQueries(() => app.gql(QUERY, { first: 20 }));
    expect(small.result.errors).toBeUndefined();
    expect(large.result.data!.synergyConflicts.nodes.length).toBeGreaterThanOrEqual(6);
    expect(large.count).toBe(small.count);
    expect(large.count).toBe(8);
  });

  it('do not grow with the number of guidelines and their links', async () => {
    const Q = `query($first: Int) { guidelines(first: $first) { nodes { title owners { name } conflicts { kind }
      recommendations(first: 10) { kind conflicts { kind }
        links(first: 5) { alignment confirmed assessment { title } conflicts { kind } } } } } }`;
    const small = await app.countQueries(() => app.gql(Q, { first: 2 }));
    const large = await app.countQueries(() => app.gql(Q, { first: 20 }));
    expect(large.result.errors).toBeUndefined();
    expect(large.count).toBe(small.count);
  });
});

describe('guideline ownership', () => {
  const gid = async (key: string) => {
    const [row] = await app.dataSource.query('SELECT id FROM party WHERE key = $1', [key]);
    return toGlobalId('Party', row.id);
  };

  it('lets a co-owner invite an association but not remove another owner or add a non-association', async () => {
    const nhg = await gid('nhg');
    const fms = await gid('fms');
    const mdl = await gid('mdl-artsen');
    const zin = await gid('zorginstituut');
    const headers = await asUser(app, 'nhg.editor@example.org');
    const created = await app.gql(
      `mutation($input: CreateGuidelineInput!) { createGuideline(input: $input) { id version } }`,
      { input: { title: 'Gezamenlijke richtlijn', ownerPartyIds: [nhg, fms] } },
      headers,
    );
    expect(created.errors).toBeUndefined();
    const { id } = created.data!.createGuideline;
    // FMS was invited; it owns the guideline once it accepts.
    const version = await acceptOwnerInvitations(app, id);
    const update = (ownerPartyIds: string[], v: number) =>
      app.gql(
        `mutation($input: UpdateGuidelineInput!) { updateGuideline(input: $input) { version owners { key } } }`,
        { input: { id, version: v, ownerPartyIds } },
        headers,
      );
    expect((await update([nhg], version)).errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect((await update([nhg, fms, zin], version)).errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    const added = await update([nhg, fms, mdl], version);
    expect(added.errors).toBeUndefined();
    expect(added.data!.updateGuideline.owners.map((o: any) => o.key).sort()).toEqual(['fms', 'nhg']);
    await acceptOwnerInvitations(app, id);
    const owners = await app.gql(`query($id: ID!) { guideline(id: $id) { owners { key } } }`, { id }, headers);
    expect(owners.data!.guideline.owners.map((o: any) => o.key).sort()).toEqual(['fms', 'mdl-artsen', 'nhg']);
  });

  const UPDATE_OWNERS = `mutation($input: UpdateGuidelineInput!) { updateGuideline(input: $input) { version owners { key } } }`;

  it('lets an owner give up its own ownership while another stays, but not the last owner', async () => {
    const nhg = await gid('nhg');
    const fms = await gid('fms');
    const created = await app.gql(
      `mutation($input: CreateGuidelineInput!) { createGuideline(input: $input) { id version } }`,
      { input: { title: 'Richtlijn met een vertrekkende eigenaar', ownerPartyIds: [fms, nhg] } },
      await as('fms.editor@example.org'),
    );
    expect(created.errors).toBeUndefined();
    const { id } = created.data!.createGuideline;
    const version = await acceptOwnerInvitations(app, id);
    const left = await app.gql(
      UPDATE_OWNERS,
      { input: { id, version, ownerPartyIds: [fms] } },
      await as('nhg.editor@example.org'),
    );
    expect(left.errors).toBeUndefined();
    expect(left.data!.updateGuideline.owners.map((o: { key: string }) => o.key)).toEqual(['fms']);
    const last = await app.gql(
      UPDATE_OWNERS,
      { input: { id, version: left.data!.updateGuideline.version, ownerPartyIds: [] } },
      await as('fms.editor@example.org'),
    );
    expect(last.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.ownerPartyIds' });
    const stored = await app.gql(
      `query($id: ID!) { guideline(id: $id) { version owners { key } } }`,
      { id },
      await as('fms.editor@example.org'),
    );
    expect(stored.data!.guideline).toEqual({ version: left.data!.updateGuideline.version, owners: [{ key: 'fms' }] });
  });

  it('takes the guideline-side confirmations of an owner that leaves off its links; the other owner’s stay', async () => {
    const nhg = await gid('nhg');
    const fms = await gid('fms');
    const created = await app.gql(
      `mutation($input: CreateGuidelineInput!) { createGuideline(input: $input) { id } }`,
      { input: { title: 'Richtlijn met bevestigde koppelingen', ownerPartyIds: [fms, nhg], sectorIds: [ids.msz] } },
      await as('nhg.editor@example.org'),
    );
    expect(created.errors).toBeUndefined();
    const guidelineId = created.data!.createGuideline.id as string;
    await acceptOwnerInvitations(app, guidelineId);
    const intervention = await createIntervention('Gedeelde zorg');
    const recommendation = await createRecommendation('nhg.editor@example.org', guidelineId, 'DO', intervention);
    expect((await publish('nhg.editor@example.org', guidelineId)).errors).toBeUndefined();
    // Two confirmed links: the guideline's side confirmed by NHG on one, by FMS on the other.
    const linkConfirmedBy = async (owner: string) => {
      const assessment = await createAssessment('INSURED', intervention);
      const made = await link(owner, recommendation, assessment.id);
      expect(made.errors).toBeUndefined();
      const linkId = made.data!.linkRecommendationToAssessment.id as string;
      expect((await confirm(owner, linkId, 'GUIDELINE_OWNER')).errors).toBeUndefined();
      const both = await confirm('zin.editor@example.org', linkId, 'ASSESSOR');
      expect(both.data!.confirmSynergyLink.confirmed).toBe(true);
      return linkId;
    };
    const byNhg = await linkConfirmedBy('nhg.editor@example.org');
    const byFms = await linkConfirmedBy('fms.editor@example.org');
    const { version } = (await app.gql(`query($id: ID!) { guideline(id: $id) { version } }`, { id: guidelineId })).data!
      .guideline;
    const left = await app.gql(
      UPDATE_OWNERS,
      { input: { id: guidelineId, version, ownerPartyIds: [fms] } },
      await as('nhg.editor@example.org'),
    );
    expect(left.errors).toBeUndefined();

    // NHG's confirmation no longer counts: the link waits for the remaining owner; the assessor's stands.
    expect(await readLink(byNhg)).toMatchObject({
      confirmed: false,
      awaitingConfirmationFrom: ['GUIDELINE_OWNER'],
      guidelineOwnerConfirmation: null,
      assessorConfirmation: { side: 'ASSESSOR', party: { shortName: 'ZIN' } },
    });
    expect(await readLink(byFms)).toMatchObject({ confirmed: true, awaitingConfirmationFrom: [] });
    const history = await app.gql(
      `query($id: ID!) { synergyLink(id: $id) { history(first: 50) { action actingParty { key } changes { field before after } } } }`,
      { id: byNhg },
      await as('fms.editor@example.org'),
    );
    const cleared = history.data!.synergyLink.history.at(-1);
    expect(cleared).toMatchObject({ action: 'CONFIRMATION_CLEARED', actingParty: { key: 'nhg' } });
    expect(cleared.changes).toContainEqual(
      expect.objectContaining({ field: 'ownerConfirmedPartyId', before: nhg, after: null }),
    );
    expect(cleared.changes).toContainEqual(expect.objectContaining({ field: 'note' }));
    // NHG confirms for the guideline no more; FMS completes the link again.
    const nhgAgain = await confirm('nhg.editor@example.org', byNhg, 'GUIDELINE_OWNER');
    expect(nhgAgain.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const fmsConfirms = await confirm('fms.editor@example.org', byNhg, 'GUIDELINE_OWNER');
    expect(fmsConfirms.errors).toBeUndefined();
    expect(fmsConfirms.data!.confirmSynergyLink.confirmed).toBe(true);
  });
});
