import { toGlobalId } from 'graphql-relay';
import type { TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';

/** Builds synergy records through the API, for the event tests. */
export function synergyScenario(app: TestApp) {
  const ids: Record<string, string> = {};
  let counter = 0;
  const as = (email: string | null) => asUser(app, email);

  async function ok(query: string, input: Record<string, unknown>, email: string) {
    const res = await app.gql(query, { input }, await as(email));
    if (res.errors) throw new Error(`${query.slice(0, 70)}: ${JSON.stringify(res.errors)}`);
    return res.data!;
  }

  return {
    ids,
    async init() {
      const rows: { key: string; id: string; t: string }[] = await app.dataSource.query(
        `SELECT key, id, 'Party' AS t FROM party WHERE key IN ('fms', 'nhg', 'zorginstituut', 'vws')
         UNION ALL SELECT key, id, 'Sector' FROM sector WHERE key IN ('msz', 'ggz')`,
      );
      for (const row of rows) ids[row.key] = toGlobalId(row.t, row.id);
    },
    async intervention(name: string) {
      counter += 1;
      const [row] = await app.dataSource.query(
        `INSERT INTO intervention (key, name, synthetic) VALUES ($1, $2, true) RETURNING id`,
        [`event-zorgvorm-${counter}-${Date.now()}`, name],
      );
      return toGlobalId('Intervention', row.id);
    },
    async guideline(email = 'fms.editor@example.org', owner = 'fms') {
      const data = await ok(
        `mutation($input: CreateGuidelineInput!) { createGuideline(input: $input) { id version } }`,
        { title: `Eventrichtlijn ${++counter}`, ownerPartyIds: [ids[owner]], sectorIds: [ids.msz] },
        email,
      );
      return data.createGuideline as { id: string; version: number };
    },
    async recommendation(guidelineId: string, kind: string, interventionId: string, email = 'fms.editor@example.org') {
      const data = await ok(
        `mutation($input: CreateRecommendationInput!) { createRecommendation(input: $input) { id } }`,
        { guidelineId, kind, interventionId, text: `Aanbeveling ${kind}`, population: 'Volwassenen' },
        email,
      );
      return data.createRecommendation.id as string;
    },
    async publishGuideline(id: string, email = 'fms.editor@example.org') {
      const version = (await app.gql(`query($id: ID!) { guideline(id: $id) { version } }`, { id }, await as(email)))
        .data!.guideline.version;
      return (
        await ok(
          `mutation($input: PublishGuidelineVersionInput!) { publishGuidelineVersion(input: $input) { id version edition } }`,
          { id, version },
          email,
        )
      ).publishGuidelineVersion as { id: string; version: number };
    },
    async assessment(outcome: string, interventionId: string, published: boolean) {
      const data = await ok(
        `mutation($input: CreatePackageAssessmentInput!) { createPackageAssessment(input: $input) { id version } }`,
        {
          title: `Eventstandpunt ${++counter}`,
          kind: 'STANDPUNT',
          interventionId,
          sectorId: ids.msz,
          outcome,
          published,
        },
        'zin.editor@example.org',
      );
      return data.createPackageAssessment as { id: string; version: number };
    },
    async updateAssessment(id: string, version: number, outcome: string) {
      return (
        await ok(
          `mutation($input: UpdatePackageAssessmentInput!) { updatePackageAssessment(input: $input) { id version } }`,
          { id, version, outcome },
          'zin.editor@example.org',
        )
      ).updatePackageAssessment as { id: string; version: number };
    },
    async publishAssessment(id: string, version: number) {
      return (
        await ok(
          `mutation($input: PublishPackageAssessmentInput!) { publishPackageAssessment(input: $input) { id version } }`,
          { id, version },
          'zin.editor@example.org',
        )
      ).publishPackageAssessment as { id: string; version: number };
    },
    async link(recommendationId: string, assessmentId: string, alignment = 'ALIGNED') {
      return (
        await ok(
          `mutation($input: LinkRecommendationToAssessmentInput!) { linkRecommendationToAssessment(input: $input) { id version } }`,
          { recommendationId, assessmentId, linkType: 'SHARED_EVIDENCE', alignment, rationale: 'Zelfde bewijs' },
          'fms.editor@example.org',
        )
      ).linkRecommendationToAssessment as { id: string; version: number };
    },
    async confirm(id: string, side: 'GUIDELINE_OWNER' | 'ASSESSOR') {
      const email = side === 'ASSESSOR' ? 'zin.editor@example.org' : 'fms.editor@example.org';
      const version = (await app.gql(`query($id: ID!) { synergyLink(id: $id) { version } }`, { id }, await as(email)))
        .data!.synergyLink.version;
      return (
        await ok(
          `mutation($input: ConfirmSynergyLinkInput!) { confirmSynergyLink(input: $input) { id version } }`,
          { id, version, side },
          email,
        )
      ).confirmSynergyLink as { id: string; version: number };
    },
  };
}

/** The events of one subject (or all), in cursor order, straight from the outbox. */
export async function outboxOf(app: TestApp, subjectGlobalId?: string) {
  const subject = subjectGlobalId ? Buffer.from(subjectGlobalId, 'base64').toString('utf8').split(':')[1] : null;
  return (await app.dataSource.query(
    `SELECT cursor::text AS cursor, type, subject_type, payload FROM domain_event
      WHERE ($1::uuid IS NULL OR subject_id = $1::uuid) AND cursor IS NOT NULL ORDER BY domain_event.cursor`,
    [subject],
  )) as { cursor: string; type: string; subject_type: string; payload: Record<string, any> }[];
}
