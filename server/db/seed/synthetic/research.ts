import type { DataSource, EntityManager } from 'typeorm';

/**
 * Deterministic synthetic volume for benchmarks: thousands of knowledge questions over many agendas
 * and every sector. Every record is marked synthetic and keyed `synthetic-…`. Never loaded by the
 * normal seed; `npm run bench` loads it into its own database.
 */
export interface SyntheticResearchOptions {
  seed: number;
  questions: number;
  agendasPerSector: number;
  itemsPerAgenda: number;
  interventions: number;
  projects: number;
}

export const DEFAULT_SYNTHETIC_RESEARCH: SyntheticResearchOptions = {
  seed: 20261123,
  questions: 6000,
  agendasPerSector: 6,
  itemsPerAgenda: 50,
  interventions: 300,
  projects: 300,
};

/** mulberry32: a small, seeded PRNG, so every run builds the same data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const POPULATIONS = [
  'ouderen met diabetes type 2',
  'kinderen met astma',
  'volwassenen met chronische lage rugpijn',
  'patiënten met hartfalen',
  'vrouwen met zwangerschapsdiabetes',
  'cliënten met een lichte depressie',
  'mensen met dementie die thuis wonen',
  'patiënten na een beroerte',
  'jongeren met angstklachten',
  'patiënten met COPD',
  'mensen met artrose van de knie',
  'kwetsbare ouderen na ziekenhuisopname',
  'patiënten met reumatoïde artritis',
  'mensen met overgewicht',
  'patiënten met chronische nierschade',
  'zwangeren met een verhoogd risico op vroeggeboorte',
  'mensen met een verstandelijke beperking',
  'patiënten met een laag-risico schildkliernodus',
  'kinderen met ADHD',
  'mensen met incontinentie',
];

const INTERVENTIONS = [
  'fysiotherapie',
  'oefentherapie in groepsverband',
  'thuismonitoring op afstand',
  'cognitieve gedragstherapie',
  'e-health-begeleiding',
  'leefstijlinterventie',
  'medicatiebeoordeling door de apotheker',
  'wijkverpleegkundige nazorg',
  'jaarlijkse controle door de specialist',
  'beeldvormend onderzoek',
  'doorverwijzing naar de tweede lijn',
  'dieetadvisering',
  'ergotherapie',
  'valpreventietraining',
  'casemanagement',
  'telefonische triage',
  'hulpmiddelen voor zelfmanagement',
  'vroegtijdige zorgplanning',
  'groepsconsulten',
  'stoppen met routinematige controles',
];

const COMPARISONS = [
  'gebruikelijke zorg',
  'geen behandeling',
  'behandeling door de huisarts',
  'individuele behandeling',
  'controle in het ziekenhuis',
  'uitgestelde behandeling',
];

const OUTCOMES = [
  'kwaliteit van leven',
  'ziekenhuisopnames',
  'zorgkosten',
  'arbeidsinzet van zorgverleners',
  'functioneren in het dagelijks leven',
  'sterfte',
  'tevredenheid van patiënten',
  'klachten na een jaar',
];

const TEMPLATES: ((p: string, i: string, c: string, o: string) => string)[] = [
  (p, i, c, o) => `Is ${i} bij ${p} effectiever dan ${c} voor ${o}?`,
  (p, i, c) => `Wat is de kosteneffectiviteit van ${i} bij ${p} vergeleken met ${c}?`,
  (p, i, _c, o) => `Kan ${i} bij ${p} veilig worden afgebouwd zonder verlies van ${o}?`,
  (p, i, _c, o) => `Welke ${p} hebben baat bij ${i} voor ${o}?`,
  (p, i, c) => `Leidt ${i} bij ${p} tot minder zorggebruik dan ${c}?`,
  (p, i, _c, o) => `Wat is het effect van ${i} op ${o} bij ${p}?`,
];

const DIRECTIONS = ['INFLOW', 'OUTFLOW', 'RETAIN', null] as const;
const STATUSES = [
  'PROPOSED',
  'PROPOSED',
  'PROPOSED',
  'PRIORITISED',
  'PRIORITISED',
  'IN_RESEARCH',
  'ANSWERED',
  'REJECTED',
];
const PROPOSER_KINDS = [
  'SCIENTIFIC_ASSOCIATION',
  'PROFESSIONAL_ASSOCIATION',
  'PROVIDER_ASSOCIATION',
  'INSURER',
  'PATIENT_ORGANISATION',
  'PACKAGE_MANAGER',
];

type Row = Record<string, unknown>;

async function bulkInsert(manager: EntityManager, table: string, types: Record<string, string>, rows: Row[]) {
  const columns = Object.keys(types);
  for (let start = 0; start < rows.length; start += 2000) {
    const chunk = rows.slice(start, start + 2000);
    await manager.query(
      `INSERT INTO ${table} (${columns.join(', ')})
       SELECT * FROM unnest(${columns.map((c, i) => `$${i + 1}::${types[c]}[]`).join(', ')})
       ON CONFLICT DO NOTHING`,
      columns.map((c) => chunk.map((r) => r[c] ?? null)),
    );
  }
}

/** Inserts the synthetic volume (idempotent: keys that exist are skipped). Needs the document seed first. */
export async function loadSyntheticResearch(
  dataSource: DataSource,
  options: SyntheticResearchOptions = DEFAULT_SYNTHETIC_RESEARCH,
): Promise<{ questions: number; agendas: number; items: number }> {
  const random = prng(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  return dataSource.transaction(async (manager) => {
    const sectors: { id: string; key: string }[] = await manager.query('SELECT id, key FROM sector ORDER BY key');
    const criteria: { id: string }[] = await manager.query('SELECT id FROM package_criterion ORDER BY key');
    const prioritisation: { id: string; weight: number }[] = await manager.query(
      'SELECT id, weight FROM prioritisation_criterion ORDER BY key',
    );
    const proposers: { id: string }[] = await manager.query(
      'SELECT id FROM party WHERE kind = ANY($1::party_kind[]) ORDER BY key',
      [PROPOSER_KINDS],
    );
    // Each sector's agendas are coordinated as the grants say: by ZE&GG in msz, by Zorginstituut elsewhere.
    const coordinators: { key: string; id: string }[] = await manager.query(
      `SELECT key, id FROM party WHERE key IN ('zorginstituut', 'zegg')`,
    );
    const coordinatorOf = (sectorKey: string) =>
      coordinators.find((p) => p.key === (sectorKey === 'msz' ? 'zegg' : 'zorginstituut'))!.id;
    const funder: { id: string }[] = await manager.query(`SELECT id FROM party WHERE key = 'zonmw'`);

    const interventions = Array.from({ length: options.interventions }, (_, n) => ({
      key: `synthetic-intervention-${n}`,
      name: `${INTERVENTIONS[n % INTERVENTIONS.length]} (variant ${Math.floor(n / INTERVENTIONS.length) + 1})`,
      indication: pick(POPULATIONS),
      sector_id: pick(sectors).id,
      synthetic: true,
    }));
    await bulkInsert(
      manager,
      'intervention',
      { key: 'text', name: 'text', indication: 'text', sector_id: 'uuid', synthetic: 'boolean' },
      interventions,
    );
    const interventionIds: { id: string }[] = await manager.query(
      `SELECT id FROM intervention WHERE key LIKE 'synthetic-intervention-%' ORDER BY key`,
    );

    const questions = Array.from({ length: options.questions }, (_, n) => {
      const [p, i, c, o] = [pick(POPULATIONS), pick(INTERVENTIONS), pick(COMPARISONS), pick(OUTCOMES)];
      return {
        key: `synthetic-question-${n}`,
        title: pick(TEMPLATES)(p, i, c, o),
        population: p,
        intervention_text: i,
        comparison: c,
        outcome: o,
        intervention_id: random() < 0.5 ? pick(interventionIds).id : null,
        direction: pick(DIRECTIONS),
        proposed_by_party_id: pick(proposers).id,
        status: pick(STATUSES),
        priority_total: Math.floor(random() * 26),
        synthetic: true,
      };
    });
    await bulkInsert(
      manager,
      'knowledge_question',
      {
        key: 'text',
        title: 'text',
        population: 'text',
        intervention_text: 'text',
        comparison: 'text',
        outcome: 'text',
        intervention_id: 'uuid',
        direction: 'question_direction',
        proposed_by_party_id: 'uuid',
        status: 'question_status',
        priority_total: 'int',
        synthetic: 'boolean',
      },
      questions,
    );
    const questionRows: { id: string }[] = await manager.query(
      `SELECT id FROM knowledge_question WHERE key LIKE 'synthetic-question-%' ORDER BY key`,
    );
    const links = (table: string, column: string, targets: { id: string }[], max: number) =>
      bulkInsert(
        manager,
        table,
        { question_id: 'uuid', [column]: 'uuid' },
        questionRows.flatMap((q) =>
          Array.from({ length: 1 + Math.floor(random() * max) }, () => ({
            question_id: q.id,
            [column]: pick(targets).id,
          })),
        ),
      );
    await links('knowledge_question_sector', 'sector_id', sectors, 2);
    await links('knowledge_question_criterion', 'criterion_id', criteria, 2);
    await bulkInsert(
      manager,
      'question_score',
      { question_id: 'uuid', criterion_id: 'uuid', score: 'int' },
      questionRows
        .filter(() => random() < 0.3)
        .flatMap((q) =>
          prioritisation.map((c) => ({ question_id: q.id, criterion_id: c.id, score: Math.floor(random() * 6) })),
        ),
    );

    let items = 0;
    let agendas = 0;
    for (const sector of sectors) {
      for (let a = 0; a < options.agendasPerSector; a++) {
        const [agenda]: { id: string }[] = await manager.query(
          `INSERT INTO research_agenda (key, title, kind, sector_id, coordinator_party_id, status, synthetic)
           VALUES ($1, $2, 'SECTOR_MULTIYEAR', $3, $4, 'ADOPTED', true)
           ON CONFLICT (key) DO NOTHING RETURNING id`,
          [
            `synthetic-agenda-${sector.key}-${a}`,
            `Synthetische onderzoeksagenda ${sector.key} ${a + 1}`,
            sector.id,
            coordinatorOf(sector.key),
          ],
        );
        if (!agenda) continue;
        agendas += 1;
        const [version]: { id: string }[] = await manager.query(
          `INSERT INTO research_agenda_version (agenda_id, number, status) VALUES ($1, 1, 'DRAFT') RETURNING id`,
          [agenda.id],
        );
        const chosen = new Set<string>();
        while (chosen.size < Math.min(options.itemsPerAgenda, questionRows.length)) chosen.add(pick(questionRows).id);
        await bulkInsert(
          manager,
          'agenda_item',
          { version_id: 'uuid', question_id: 'uuid', rank: 'int', synthetic: 'boolean' },
          [...chosen].map((questionId, rank) => ({
            version_id: version!.id,
            question_id: questionId,
            rank: rank + 1,
            synthetic: true,
          })),
        );
        items += chosen.size;
        await manager.query(`UPDATE research_agenda_version SET status = 'ADOPTED', adopted_at = now() WHERE id = $1`, [
          version!.id,
        ]);
      }
    }

    const projects = Array.from({ length: options.projects }, (_, n) => ({
      key: `synthetic-project-${n}`,
      title: `Synthetisch KPPZ-project ${n + 1}`,
      funder_party_id: funder[0]!.id,
      programme_key: 'kppz',
      round: `ronde ${1 + (n % 4)}`,
      status: pick(['PLANNED', 'RUNNING', 'COMPLETED']),
      synthetic: true,
    }));
    await bulkInsert(
      manager,
      'research_project',
      {
        key: 'text',
        title: 'text',
        funder_party_id: 'uuid',
        programme_key: 'text',
        round: 'text',
        status: 'research_project_status',
        synthetic: 'boolean',
      },
      projects,
    );
    const projectRows: { id: string }[] = await manager.query(
      `SELECT id FROM research_project WHERE key LIKE 'synthetic-project-%' ORDER BY key`,
    );
    await bulkInsert(
      manager,
      'research_project_question',
      { project_id: 'uuid', question_id: 'uuid' },
      projectRows.flatMap((p) =>
        Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({
          project_id: p.id,
          question_id: pick(questionRows).id,
        })),
      ),
    );
    return { questions: questionRows.length, agendas, items };
  });
}
