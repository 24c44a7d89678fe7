import type { DataSource, EntityManager } from 'typeorm';
import assessmentsData from './data/package-assessments.json';

const D000 = '000_ea089b57972d83e4.txt';
const D001 = '001_992a46664bf65924.txt';

/** The Less is More chain: the MDL guideline's recommendation gives the evaluation question its origin. */
const origins = [
  {
    questionKey: 'less-is-more-laag-risico-barrett',
    recommendationKey: 'geen-controles-laag-risico-barrett',
  },
];

/** Conditions the documents name. The ICD agreements exist; their content is not given, so the text stays general. */
const conditions = [
  {
    key: 'voorwaarde-icd-nicm-afspraken',
    assessmentKey: 'afspraken-icd-nicm',
    text: 'Inzet van implanteerbare defibrillatoren bij NICM volgens de afspraken tussen Zorginstituut en de beroepsgroep (inhoud niet in de bron).',
    ownerPartyKey: 'nvvc',
    synthetic: false,
    sources: [
      {
        document: D000,
        quote:
          'Een recent voorbeeld daarvan zijn de afspraken die het Zorginstituut heeft gemaakt met de Nederlandse Vereniging van Cardiologen over de inzet van implanteerbare defibrillatoren bij patiënten met niet-ischemische cardiomyopathie (NICM).',
      },
    ],
  },
];

/**
 * Vergoeding in Onderzoek starts in Q4 2025 (the VVTB letter); the documents name no admission under
 * it yet. One demo admission shows the shape — marked synthetic, its dates and condition invented
 * except the start, which follows the letter.
 */
const vio = {
  interventionKey: 'zorgvorm-vio-voorbeeld',
  interventionName: 'Voorbeeld: zorgvorm in Vergoeding in Onderzoek',
  projectKey: 'vio-voorbeeld-onderzoek',
  assessmentKey: 'vio-voorbeeld',
  conditionKey: 'voorwaarde-vio-voorbeeld-onderzoeksresultaten',
  sources: [
    {
      document: D001,
      quote: 'Ik wil Vergoeding in Onderzoek in het vierde kwartaal van dit jaar van start laten gaan.',
    },
  ],
};

export const packageCycleDataset = { origins, conditions, vio, assessmentKeys: assessmentsData.map((a) => a.key) };

async function idOf(manager: EntityManager, table: string, key: string): Promise<string | null> {
  const [row] = await manager.query(`SELECT id FROM ${table} WHERE key = $1`, [key]);
  return (row?.id as string | undefined) ?? null;
}

/**
 * The package cycle's facts: seeded (published) assessments are decided, the Less is More question's
 * origin, the conditions the documents name, and one synthetic conditional admission. Inserts what is
 * missing and leaves what the platform changed alone, like every data set.
 */
export async function seedPackageCycle(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (manager) => {
    // Seeded assessments are published rulings; none has moved on the platform yet.
    await manager.query(
      `UPDATE package_assessment a SET stage = CASE WHEN a.outcome = 'CONDITIONAL_ADMISSION' THEN 'MONITORING'::assessment_stage
                                                    ELSE 'DECISION'::assessment_stage END
        WHERE a.key = ANY($1) AND a.published AND a.stage = 'ASSESSMENT'
          AND NOT EXISTS (SELECT 1 FROM assessment_stage_change c WHERE c.assessment_id = a.id)`,
      [packageCycleDataset.assessmentKeys],
    );
    for (const o of origins) {
      const recommendationId = await idOf(manager, 'recommendation', o.recommendationKey);
      if (!recommendationId) throw new Error(`Seed names unknown recommendation "${o.recommendationKey}"`);
      await manager.query(
        `UPDATE knowledge_question SET origin_kind = 'RECOMMENDATION_GAP', origin_recommendation_id = $2,
                origin_guideline_id = (SELECT guideline_id FROM recommendation WHERE id = $2)
          WHERE key = $1 AND origin_kind = 'FREE_PROPOSAL'`,
        [o.questionKey, recommendationId],
      );
    }
    for (const c of conditions) {
      const assessmentId = await idOf(manager, 'package_assessment', c.assessmentKey);
      if (!assessmentId) throw new Error(`Seed names unknown assessment "${c.assessmentKey}"`);
      await manager.query(
        `INSERT INTO assessment_condition (key, assessment_id, text, owner_party_id, sources, synthetic)
         VALUES ($1, $2, $3, (SELECT id FROM party WHERE key = $4), $5, $6) ON CONFLICT (key) DO NOTHING`,
        [c.key, assessmentId, c.text, c.ownerPartyKey, JSON.stringify(c.sources), c.synthetic],
      );
    }
    await manager.query(
      `INSERT INTO intervention (key, name, synthetic) VALUES ($1, $2, true) ON CONFLICT (key) DO NOTHING`,
      [vio.interventionKey, vio.interventionName],
    );
    await manager.query(
      `INSERT INTO research_project (key, title, funder_party_id, executing_party_id, status, note, sources, synthetic)
       VALUES ($1, 'Voorbeeld: onderzoek naar de effectiviteit tijdens Vergoeding in Onderzoek',
               (SELECT id FROM party WHERE key = 'zonmw'), NULL, 'RUNNING',
               'Synthetic: the documents name the instrument, not a project under it.', $2, true)
       ON CONFLICT (key) DO NOTHING`,
      [vio.projectKey, JSON.stringify(vio.sources)],
    );
    await manager.query(
      `INSERT INTO package_assessment (key, title, kind, assessor_party_id, intervention_id, outcome, published, stage,
                                       admission_start, admission_end, admission_project_id, note, sources, synthetic)
       VALUES ($1, 'Voorbeeld: voorwaardelijke toelating onder Vergoeding in Onderzoek', 'STANDPUNT',
               (SELECT id FROM party WHERE key = 'zorginstituut'), (SELECT id FROM intervention WHERE key = $2),
               'CONDITIONAL_ADMISSION', true, 'MONITORING', '2025-10-01', '2029-12-31',
               (SELECT id FROM research_project WHERE key = $3),
               'Synthetic: the start follows the letter (Q4 2025); the end, the project and the condition are invented.',
               $4, true)
       ON CONFLICT (key) DO NOTHING`,
      [vio.assessmentKey, vio.interventionKey, vio.projectKey, JSON.stringify(vio.sources)],
    );
    await manager.query(
      `INSERT INTO assessment_condition (key, assessment_id, text, owner_party_id, due_label, due_earliest, due_latest,
                                         due_precision, sources, synthetic)
       VALUES ($1, (SELECT id FROM package_assessment WHERE key = $2),
               'De onderzoekers leveren de resultaten aan voor de herbeoordeling.',
               (SELECT id FROM party WHERE key = 'zonmw'), 'Q4 2027', '2027-10-01', '2027-12-31', 'QUARTER', $3, true)
       ON CONFLICT (key) DO NOTHING`,
      [vio.conditionKey, vio.assessmentKey, JSON.stringify(vio.sources)],
    );
  });
}
