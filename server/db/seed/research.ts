import type { DataSource, EntityManager } from 'typeorm';
import type { FuzzyDate } from '../../../entities/fuzzy-date';
import type { PartyKind } from '../../../entities/party-kind.enum';
import {
  AgendaKind,
  AgendaStatus,
  ProjectStatus,
  QuestionDirection,
  QuestionStatus,
} from '../../../entities/research.enums';
import type { SourceRef } from '../../../entities/source-ref';
import agendasData from './data/agendas.json';
import questionsData from './data/knowledge-questions.json';

const D001 = '001_992a46664bf65924.txt';
const D002 = '002_de85ac83d56aafa2.txt';
const D004 = '004_92bfb9aff6124d7a.txt';
const D000 = '000_ea089b57972d83e4.txt';

interface AgendaRecord {
  key: string;
  title: string;
  kind: AgendaKind;
  sectorKey: string | null;
  ownerPartyKey: string | null;
  ownerPartyKinds?: PartyKind[];
  coordinatorPartyKey: string | null;
  period: FuzzyDate | null;
  due?: FuzzyDate | null;
  /** DRAFT / ADOPTED, or PLANNED: announced by the documents, not yet drafted. */
  status: 'DRAFT' | 'PLANNED' | 'ADOPTED';
  statusAsOf: string;
  sources: SourceRef[];
  note?: string;
}

interface QuestionRecord {
  key: string;
  title: string;
  population: string | null;
  intervention: string | null;
  comparison: string | null;
  outcome: string | null;
  sectorKeys: string[];
  criteriaKeys: string[];
  direction: QuestionDirection | null;
  proposedByPartyKey: string | null;
  sources: SourceRef[];
  note?: string;
}

/**
 * Prioritisation criteria. The documents ask for the “most urgent questions with the greatest
 * societal impact” but give no scoring scheme: that criterion cites them, the others are ours.
 */
const prioritisationCriteria = [
  {
    key: 'urgentie-maatschappelijke-impact',
    nameNl: 'Urgentie en maatschappelijke impact',
    nameEn: 'Urgency and societal impact',
    description: 'How urgent the question is and how much its answer matters to society.',
    position: 1,
    synthetic: false,
    sources: [{ document: D004, quote: 'de meest urgente onderzoeksvragen met de grootste maatschappelijke impact' }],
  },
  {
    key: 'impact-patienten',
    nameNl: 'Impact op patiënten',
    nameEn: 'Impact on patients',
    description: 'Health gain, burden of care avoided, appropriate care for patients.',
    position: 2,
    synthetic: true,
    sources: [],
  },
  {
    key: 'impact-arbeidsinzet',
    nameNl: 'Impact op arbeidsinzet',
    nameEn: 'Impact on workforce (arbeidsinzet)',
    description: 'Staff time the answer could free or demand.',
    position: 3,
    synthetic: true,
    sources: [],
  },
  {
    key: 'impact-kosten',
    nameNl: 'Impact op kosten',
    nameEn: 'Impact on costs',
    description: 'Costs to the package and to society the answer could change.',
    position: 4,
    synthetic: true,
    sources: [],
  },
  {
    key: 'haalbaarheid',
    nameNl: 'Haalbaarheid van onderzoek',
    nameEn: 'Feasibility of research',
    description: 'Whether the question can be answered with research within reasonable time and money.',
    position: 5,
    synthetic: true,
    sources: [],
  },
];

/** Interventions the seeded questions are about. */
const interventions = [
  {
    key: 'controles-laag-risico-barrettslokdarm',
    name: 'Controles (surveillance) bij laag-risico Barrettslokdarm',
    indication: 'Laag-risico Barrettslokdarm',
    sectorKey: 'msz',
    questionKey: 'less-is-more-laag-risico-barrett',
    sources: [
      { document: D001, quote: 'direct gestopt met controles bij patiënten met een laag-risico Barrettslokdarm' },
    ],
  },
  {
    key: 'behandeling-lichte-psychische-problematiek-ggz',
    name: 'Behandeling van lichte psychische problematiek in de geneeskundige GGZ',
    indication: 'Lichte psychische problematiek',
    sectorKey: 'ggz',
    questionKey: 'lichte-ggz-problematiek-juiste-niveau',
    sources: [
      {
        document: D000,
        quote:
          'Lichte problematiek kan worden behandeld door de huisarts, maar wordt soms ook wel in de geneeskundige GGZ behandeld.',
      },
    ],
  },
  {
    key: 'meerzorg-extra-kosten-thuis-wlz',
    name: 'Meerzorg en extra kosten thuis (Wlz)',
    indication: 'Wlz-cliënten met een intensieve zorgbehoefte',
    sectorKey: 'langdurige-zorg',
    questionKey: 'passende-meerzorg-wlz',
    sources: [{ document: D000, quote: 'de regelingen voor ‘meerzorg’ en ‘extra kosten thuis’ aan de orde' }],
  },
];

/** Statuses the documents support; every other seeded question is PROPOSED. */
const questionStatuses: Record<string, { status: QuestionStatus; note: string }> = {
  'less-is-more-laag-risico-barrett': {
    status: QuestionStatus.IN_RESEARCH,
    note: 'The MDL-artsen stopped the controls and now evaluate the decision (seed 001, June 2025).',
  },
};

/**
 * Placements on agendas. The documents name agendas and questions but not which question is on which
 * agenda, so every placement is marked synthetic and says why it was chosen.
 */
const placements = [
  {
    agendaKey: 'zegg-plan-van-aanpak-agendering-onderzoek',
    questionKey: 'less-is-more-laag-risico-barrett',
    rationale: 'Demo placement: Less is More trajectories run with the support of ZE&GG (seed 001).',
  },
  {
    agendaKey: 'zegg-plan-van-aanpak-agendering-onderzoek',
    questionKey: 'instroom-kwetsbare-ouderen-eerste-hulp',
    rationale: 'Demo placement: an msz example topic of the advice (seed 004).',
  },
  {
    agendaKey: 'onderzoeksagenda-ggz',
    questionKey: 'lichte-ggz-problematiek-juiste-niveau',
    rationale: 'Demo placement: a recurring ggz question in package management (seed 000).',
  },
  {
    agendaKey: 'onderzoeksagenda-huisartsenzorg',
    questionKey: 'lichte-ggz-problematiek-juiste-niveau',
    rationale: 'Demo placement: the same question concerns the GP, who may treat light problems (seed 000).',
  },
  {
    agendaKey: 'sectoroverstijgende-onderzoeksagenda',
    questionKey: 'passende-zorg-chronische-pijn',
    rationale: 'Demo placement: a topic the advice names without a sector (seed 004).',
  },
];

const projects = [
  {
    key: 'less-is-more-evaluatie-barrett',
    title: 'Less is More: evaluatie van het stoppen met controles bij laag-risico Barrettslokdarm',
    funderPartyKey: 'zegg',
    executingPartyKey: 'mdl-artsen',
    programmeKey: 'zegg',
    round: null,
    status: ProjectStatus.RUNNING,
    questionKeys: ['less-is-more-laag-risico-barrett'],
    note: 'ZE&GG as funder is read from “met steun van ZE&GG”; dates are not given.',
    sources: [
      {
        document: D001,
        quote:
          'De maag-darm-leverartsen (MDL-artsen) hebben hier hun verantwoordelijkheid genomen en gekozen voor een nieuwe aanpak: de Less is More-aanpak.',
      },
      {
        document: D001,
        quote:
          'Vanaf het derde en vierde kwartaal van dit jaar vinden er -met steun van ZE&GG- meer Less is more trajecten plaats.',
      },
    ],
  },
  {
    key: 'kppz-kennisontwikkeling-methodologie',
    title: 'KPPZ – Kennisontwikkeling methodologie (toetsen aan pakketcriteria)',
    funderPartyKey: 'zonmw',
    executingPartyKey: null,
    programmeKey: 'kppz',
    round: 'Gerichte rondes, research initiated rondes, thematische rondes',
    status: ProjectStatus.PLANNED,
    questionKeys: [
      'methodologie-andere-zorg-dan-geneesmiddelen',
      'methodologie-personeelsinzet',
      'methodologie-duurzaamheid',
    ],
    note: 'A line of the Kaderprogramma Passende Zorg stands in for the projects it will fund; status as of May 2024.',
    sources: [
      { document: D002, quote: 'B. Kennisontwikkeling methodologie (toetsen aan pakketcriteria)' },
      { document: D002, quote: 'Gerichte rondes, research initiated rondes, thematische rondes' },
    ],
  },
];

/** Everything this data set loads; its checksum decides whether start-up loads it again. */
export const researchSeed = {
  agendas: agendasData as unknown as AgendaRecord[],
  questions: questionsData as unknown as QuestionRecord[],
  prioritisationCriteria,
  interventions,
  questionStatuses,
  placements,
  projects,
};

const EMPTY_DATE: FuzzyDate = { label: null, earliest: null, latest: null, precision: null };

async function keyMap(manager: EntityManager, table: string): Promise<Map<string, string>> {
  const rows: { key: string; id: string }[] = await manager.query(`SELECT key, id FROM ${table}`);
  return new Map(rows.map((r) => [r.key, r.id]));
}

function need(map: Map<string, string>, key: string, what: string): string {
  const id = map.get(key);
  if (!id) throw new Error(`Research seed refers to unknown ${what} "${key}"`);
  return id;
}

function dateColumns(prefix: string, date: FuzzyDate | null | undefined) {
  const d = date ?? EMPTY_DATE;
  return {
    [`${prefix}_label`]: d.label,
    [`${prefix}_earliest`]: d.earliest,
    [`${prefix}_latest`]: d.latest,
    [`${prefix}_precision`]: d.precision,
  };
}

async function insertRow(manager: EntityManager, table: string, row: Record<string, unknown>): Promise<string | null> {
  const columns = Object.keys(row);
  const values = columns.map((c) => (c === 'sources' ? JSON.stringify(row[c]) : row[c]));
  const result: { id: string }[] = await manager.query(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})
     ON CONFLICT (key) DO NOTHING RETURNING id`,
    values,
  );
  return result[0]?.id ?? null;
}

/**
 * Agendas, questions, prioritisation criteria, projects and the interventions they name. Inserts what
 * is missing by key; an agenda's first version and its items are made only with the agenda itself.
 */
export async function seedResearch(dataSource: DataSource): Promise<void> {
  const data = researchSeed;
  await dataSource.transaction(async (manager) => {
    const parties = await keyMap(manager, 'party');
    const sectors = await keyMap(manager, 'sector');
    const criteria = await keyMap(manager, 'package_criterion');

    for (const c of data.prioritisationCriteria) {
      await insertRow(manager, 'prioritisation_criterion', {
        key: c.key,
        name_nl: c.nameNl,
        name_en: c.nameEn,
        description: c.description,
        weight: 1,
        position: c.position,
        synthetic: c.synthetic,
        sources: c.sources,
      });
    }

    for (const i of data.interventions) {
      await insertRow(manager, 'intervention', {
        key: i.key,
        name: i.name,
        indication: i.indication,
        sector_id: need(sectors, i.sectorKey, 'sector'),
        sources: i.sources,
      });
    }
    const interventionIds = await keyMap(manager, 'intervention');
    const interventionOf = new Map(data.interventions.map((i) => [i.questionKey, interventionIds.get(i.key)!]));

    for (const q of data.questions) {
      const status = data.questionStatuses[q.key];
      const id = await insertRow(manager, 'knowledge_question', {
        key: q.key,
        title: q.title,
        population: q.population,
        intervention_text: q.intervention,
        comparison: q.comparison,
        outcome: q.outcome,
        intervention_id: interventionOf.get(q.key) ?? null,
        direction: q.direction,
        proposed_by_party_id: q.proposedByPartyKey ? need(parties, q.proposedByPartyKey, 'party') : null,
        status: status?.status ?? QuestionStatus.PROPOSED,
        status_note: status?.note ?? null,
        note: q.note ?? null,
        sources: q.sources,
      });
      if (!id) continue;
      for (const s of q.sectorKeys)
        await manager.query('INSERT INTO knowledge_question_sector (question_id, sector_id) VALUES ($1, $2)', [
          id,
          need(sectors, s, 'sector'),
        ]);
      for (const c of q.criteriaKeys)
        await manager.query('INSERT INTO knowledge_question_criterion (question_id, criterion_id) VALUES ($1, $2)', [
          id,
          need(criteria, c, 'package criterion'),
        ]);
    }
    const questions = await keyMap(manager, 'knowledge_question');

    for (const a of data.agendas) {
      const planned = a.status === 'PLANNED';
      const status = planned ? AgendaStatus.DRAFT : (a.status as AgendaStatus);
      const id = await insertRow(manager, 'research_agenda', {
        key: a.key,
        title: a.title,
        kind: a.kind,
        sector_id: a.sectorKey ? need(sectors, a.sectorKey, 'sector') : null,
        owner_party_id: a.ownerPartyKey ? need(parties, a.ownerPartyKey, 'party') : null,
        owner_party_kinds: `{${(a.ownerPartyKinds ?? []).join(',')}}`,
        coordinator_party_id: a.coordinatorPartyKey ? need(parties, a.coordinatorPartyKey, 'party') : null,
        ...dateColumns('period', a.period),
        ...dateColumns('due', a.due),
        status,
        status_as_of: a.statusAsOf,
        note: a.note ?? null,
        sources: a.sources,
      });
      if (!id) continue;
      // Items go in while the version is a draft: the database refuses changes to adopted versions.
      const [version]: { id: string }[] = await manager.query(
        `INSERT INTO research_agenda_version (agenda_id, number, status, note) VALUES ($1, 1, 'DRAFT', $2) RETURNING id`,
        [
          id,
          planned
            ? `Gepland: the documents announce this agenda (status PLANNED as of ${a.statusAsOf}); it has no content yet.`
            : `Status ${a.status} as of ${a.statusAsOf}, per the documents.`,
        ],
      );
      const items = data.placements.filter((p) => p.agendaKey === a.key);
      for (const [index, p] of items.entries())
        await manager.query(
          'INSERT INTO agenda_item (version_id, question_id, rank, rationale, synthetic) VALUES ($1, $2, $3, $4, true)',
          [version!.id, need(questions, p.questionKey, 'knowledge question'), index + 1, p.rationale],
        );
      if (status !== AgendaStatus.DRAFT)
        await manager.query('UPDATE research_agenda_version SET status = $2 WHERE id = $1', [version!.id, status]);
    }

    for (const p of data.projects) {
      const id = await insertRow(manager, 'research_project', {
        key: p.key,
        title: p.title,
        funder_party_id: need(parties, p.funderPartyKey, 'party'),
        executing_party_id: p.executingPartyKey ? need(parties, p.executingPartyKey, 'party') : null,
        programme_key: p.programmeKey,
        round: p.round,
        status: p.status,
        note: p.note,
        sources: p.sources,
      });
      if (!id) continue;
      for (const q of p.questionKeys)
        await manager.query('INSERT INTO research_project_question (project_id, question_id) VALUES ($1, $2)', [
          id,
          need(questions, q, 'knowledge question'),
        ]);
    }
  });
}
