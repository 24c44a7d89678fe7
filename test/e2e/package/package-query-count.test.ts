import { toGlobalId } from 'graphql-relay';
import { createTestApp, type TestApp } from '../../helpers/app';
import { asUser } from '../../helpers/auth';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

/**
 * An intervention with `n` published assessments, each with two conditions, a stage change, an
 * evaluation, a draft re-assessment, a question it raised, a deliverable that has it as output and a
 * conditional admission waiting for a project that answers that question; the published ones are pakketadviezen
 * with the minister's decision and the NZa's funding (bekostiging) recorded.
 */
async function interventionWith(n: number): Promise<string> {
  const ds = app.dataSource;
  const one = async (sql: string, params: unknown[]) => ((await ds.query(sql, params)) as { id: string }[])[0]!.id;
  const zin = await one(`SELECT id FROM party WHERE key = 'zorginstituut'`, []);
  const fms = await one(`SELECT id FROM party WHERE key = 'fms'`, []);
  const zonmw = await one(`SELECT id FROM party WHERE key = 'zonmw'`, []);
  const nza = await one(`SELECT id FROM party WHERE key = 'nza'`, []);
  const intervention = await one(`INSERT INTO intervention (key, name, synthetic) VALUES ($1, $1, true) RETURNING id`, [
    `count-intervention-${n}`,
  ]);
  for (let i = 0; i < n; i++) {
    const key = `count-${n}-${i}`;
    const project = await one(
      `INSERT INTO research_project (key, title, funder_party_id, synthetic) VALUES ($1, $1, $2, true) RETURNING id`,
      [`${key}-project`, zonmw],
    );
    const assessment = await one(
      `INSERT INTO package_assessment (key, title, kind, assessor_party_id, intervention_id, outcome, published, stage,
                                       admission_start, admission_end, admission_project_id, synthetic)
       VALUES ($1, $1, 'PAKKETADVIES', $2, $3, 'CONDITIONAL_ADMISSION', true, 'MONITORING', '2025-10-01', '2029-12-31', $4, true)
       RETURNING id`,
      [key, zin, intervention, project],
    );
    await ds.query(
      `INSERT INTO ministerial_decision (assessment_id, party_id, decision, decided_on, reasoning)
       VALUES ($1, (SELECT id FROM party WHERE key = 'vws'), 'FOLLOWED', '2025-09-01', 'Overgenomen')`,
      [assessment],
    );
    await ds.query(
      `INSERT INTO assessment_condition (key, assessment_id, text, owner_party_id, synthetic)
       VALUES ($1 || '-a', $2, 'Voorwaarde a', $3, true), ($1 || '-b', $2, 'Voorwaarde b', $3, true)`,
      [key, assessment, fms],
    );
    await ds.query(
      `INSERT INTO funding_arrangement (assessment_id, party_id, state, performance_description, tariff_set, tariff_kind)
       VALUES ($1, $2, 'ESTABLISHED', 'Prestatie', true, 'MAXIMUM')`,
      [assessment, nza],
    );
    await ds.query(
      `INSERT INTO assessment_stage_change (assessment_id, from_stage, to_stage, party_id) VALUES ($1, 'DECISION', 'MONITORING', $2)`,
      [assessment, zin],
    );
    await ds.query(
      `INSERT INTO assessment_evaluation (key, assessment_id, evaluated_on, findings, evaluator_party_id, synthetic)
       VALUES ($1, $2, '2026-01-01', 'Bevinding', $3, true)`,
      [`${key}-evaluation`, assessment, zin],
    );
    await ds.query(
      `INSERT INTO package_assessment (key, title, kind, assessor_party_id, intervention_id, published, reassessment_of_id, synthetic)
       VALUES ($1, $1, 'STANDPUNT', $2, $3, false, $4, true)`,
      [`${key}-re`, zin, intervention, assessment],
    );
    const question = await one(
      `INSERT INTO knowledge_question (key, title, origin_kind, origin_assessment_id, intervention_id, synthetic)
       VALUES ($1, $1, 'ASSESSMENT', $2, $3, true) RETURNING id`,
      [`${key}-question`, assessment, intervention],
    );
    await ds.query('INSERT INTO research_project_question VALUES ($1, $2)', [project, question]);
    const deliverable = await one(
      `INSERT INTO deliverable (key, title, synthetic) VALUES ($1, $1, true) RETURNING id`,
      [`${key}-deliverable`],
    );
    await ds.query(
      `INSERT INTO deliverable_output (deliverable_id, target_type, target_key) VALUES ($1, 'PACKAGE_ASSESSMENT', $2)`,
      [deliverable, key],
    );
  }
  return toGlobalId('Intervention', intervention);
}

const CYCLE = /* GraphQL */ `
  query Cycle($id: ID!) {
    node(id: $id) {
      ... on Intervention {
        assessments(first: 50) {
          stage
          conditionRecords {
            state
            ownerParty {
              key
            }
          }
          stageHistory {
            toStage
            party {
              key
            }
          }
          evaluations {
            findings
            evaluatorParty {
              key
            }
          }
          reassessments {
            id
            reassessmentOf {
              id
            }
          }
          questions {
            id
            origin {
              kind
              assessment {
                id
              }
            }
          }
          deliverables {
            id
          }
          ministerialDecision {
            decision
            party {
              key
            }
          }
          conditionalAdmission {
            end
            researchProject {
              key
            }
          }
          fundingArrangement {
            state
            party {
              key
            }
            assessment {
              id
            }
          }
        }
        questions(first: 50) {
          id
        }
        projects(first: 50) {
          key
        }
      }
    }
  }
`;

describe('statement counts of the package cycle', () => {
  it('stay the same for 3 and for 12 assessments with all their parts', async () => {
    const headers = await asUser(app, 'zin.editor@example.org');
    const count = async (n: number) => {
      const id = await interventionWith(n);
      const { result, count: statements } = await app.countQueries(() => app.gql(CYCLE, { id }, headers));
      expect(result.errors).toBeUndefined();
      // n published assessments plus n draft re-assessments, which Zorginstituut reads.
      expect(result.data!.node.assessments).toHaveLength(2 * n);
      // The published ones carry the NZa's funding, the drafts none.
      expect(result.data!.node.assessments.filter((a: any) => a.fundingArrangement?.party.key === 'nza')).toHaveLength(
        n,
      );
      expect(result.data!.node.projects).toHaveLength(n);
      const decided = result.data!.node.assessments.filter((a: any) => a.ministerialDecision);
      expect(decided).toHaveLength(n);
      return statements;
    };
    const few = await count(3);
    const many = await count(12);
    expect(many).toBe(few);
  });

  it('stay the same for the seeded cases and for twice as many', async () => {
    const CASES = `{ cases { key sector { key } parties { key } guidelines { key } sources { quote } } }`;
    const before = await app.countQueries(() => app.gql(CASES));
    await app.dataSource.query(
      `INSERT INTO practice_case (key, title, kind, sector_id, description, party_keys, guideline_keys, synthetic)
       SELECT key || '-copy', title, kind, sector_id, description, party_keys, guideline_keys, true FROM practice_case`,
    );
    const after = await app.countQueries(() => app.gql(CASES));
    expect(after.result.data!.cases).toHaveLength(2 * before.result.data!.cases.length);
    expect(after.count).toBe(before.count);
  });
});
