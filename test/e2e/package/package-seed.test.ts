import { createTestApp, type TestApp } from '../../helpers/app';
import { idsByKey } from '../../helpers/research';

let app: TestApp;
let recommendations: Record<string, string>;
let assessments: Record<string, string>;

beforeAll(async () => {
  app = await createTestApp();
  recommendations = await idsByKey(app, 'Recommendation', 'recommendation');
  assessments = await idsByKey(app, 'PackageAssessment', 'package_assessment');
});
afterAll(() => app.close());

describe('the package cycle seeded from the documents', () => {
  it('holds the Less is More chain: recommendation → question → project, and impact follows it', async () => {
    const rec = recommendations['geen-controles-laag-risico-barrett']!;
    const res = await app.gql(
      `query($id: ID!) {
        node(id: $id) { ... on Recommendation { questions { key origin { kind } projects { key } sources { quote } } } }
        impact(id: $id) { entries { depth relation node { ... on Sourced { key } } path { relation } } }
      }`,
      { id: rec },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.node.questions).toEqual([
      expect.objectContaining({
        key: 'less-is-more-laag-risico-barrett',
        origin: { kind: 'RECOMMENDATION_GAP' },
        projects: [{ key: 'less-is-more-evaluatie-barrett' }],
      }),
    ]);
    expect(res.data!.impact.entries).toEqual(
      expect.arrayContaining([
        {
          depth: 1,
          relation: 'QUESTION',
          node: { key: 'less-is-more-laag-risico-barrett' },
          path: [{ relation: 'QUESTION' }],
        },
        {
          depth: 2,
          relation: 'PROJECT',
          node: { key: 'less-is-more-evaluatie-barrett' },
          path: [{ relation: 'QUESTION' }, { relation: 'PROJECT' }],
        },
      ]),
    );
  });

  it('has the conditions the documents name, with sources, and a synthetic conditional admission', async () => {
    const res = await app.gql(
      `query($icd: ID!, $vio: ID!) {
        icd: packageAssessment(id: $icd) { stage conditionRecords { key ownerParty { key } synthetic sources { document } } }
        vio: packageAssessment(id: $vio) { stage synthetic conditionalAdmission { start end researchProject { key synthetic } }
          conditionRecords { due { label } overdue(asOf: "2028-01-01") synthetic } }
        overdue: packageAssessments(first: 50, filter: { conditionOverdue: true, asOf: "2028-01-01" }) { nodes { key } }
        notYet: packageAssessments(first: 50, filter: { conditionOverdue: true, asOf: "2027-12-31" }) { nodes { key } }
      }`,
      { icd: assessments['afspraken-icd-nicm'], vio: assessments['vio-voorbeeld'] },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.icd).toEqual({
      stage: 'DECISION',
      conditionRecords: [
        {
          key: 'voorwaarde-icd-nicm-afspraken',
          ownerParty: { key: 'nvvc' },
          synthetic: false,
          sources: [{ document: '000_ea089b57972d83e4.txt' }],
        },
      ],
    });
    expect(res.data!.vio).toEqual({
      stage: 'MONITORING',
      synthetic: true,
      conditionalAdmission: {
        start: '2025-10-01',
        end: '2029-12-31',
        researchProject: { key: 'vio-voorbeeld-onderzoek', synthetic: true },
      },
      conditionRecords: [{ due: { label: 'Q4 2027' }, overdue: true, synthetic: true }],
    });
    expect(res.data!.overdue.nodes.map((n: any) => n.key)).toContain('vio-voorbeeld');
    expect(res.data!.notYet.nodes.map((n: any) => n.key)).not.toContain('vio-voorbeeld');
  });
});
