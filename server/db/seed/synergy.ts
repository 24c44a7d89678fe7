import type { DataSource, EntityManager } from 'typeorm';
import {
  Guideline,
  Intervention,
  PackageAssessment,
  Recommendation,
  SynergyLink,
  SynergyTrajectory,
} from '../../../entities';
import type { SourceRef } from '../../../entities/source-ref';
import type { FuzzyDate } from '../../../entities/fuzzy-date';
import {
  AssessmentKind,
  AssessmentOutcome,
  GuidelineStatus,
  RecommendationKind,
  SynergyAlignment,
  SynergyLinkType,
  TrajectoryPhase,
} from '../../../entities/synergy.enums';
import casesData from './data/cases.json';
import guidelinesData from './data/guidelines.json';
import assessmentsData from './data/package-assessments.json';
import trajectoriesData from './data/synergy-trajectories.json';

interface RecommendationRecord {
  key: string;
  text: string;
  kind: RecommendationKind;
  intervention: string;
  population: string | null;
  note?: string;
  sources: SourceRef[];
}
interface GuidelineRecord {
  key: string;
  title: string;
  ownerPartyKeys: string[];
  sectorKeys: string[];
  status: GuidelineStatus;
  recommendations: RecommendationRecord[];
  reviewDueOn?: string | null;
  note?: string;
  sources: SourceRef[];
  synthetic?: boolean;
}
interface AssessmentRecord {
  key: string;
  title: string;
  kind: AssessmentKind;
  assessorPartyKey: string;
  intervention: string;
  /** Key of the intervention when it is one a recommendation already names (demo records). */
  interventionKey?: string;
  indication: string | null;
  sectorKey: string | null;
  outcome: AssessmentOutcome | null;
  decisionDate: FuzzyDate | null;
  note?: string;
  sources: SourceRef[];
  synthetic?: boolean;
}
interface TrajectoryRecord {
  key: string;
  name: string;
  sectorKey: string | null;
  partyKeys: string[];
  phase: TrajectoryPhase;
  phaseAsOf: string | null;
  deliverableKeys: string[];
  note?: string;
  sources: SourceRef[];
}
interface DemoLink {
  guidelineKey: string;
  recommendationKey: string | null;
  assessmentKey: string;
  linkType: SynergyLinkType;
  alignment: SynergyAlignment;
  rationale: string;
  /** Synthetic confirmations; the owner party is null when the guideline names no owner. */
  confirmedBy?: { ownerPartyKey: string | null; assessorPartyKey: string };
  reviewReason?: string;
}

const SYNTHETIC_NOTE = 'Synthetic demo record (not in the documents), made to show the platform’s conflict rules.';
const emdrCase = casesData.find((c) => c.key === 'digitale-emdr')!;

/** Demo records around the documented ones; every one is `synthetic: true`. */
const demoGuidelines: GuidelineRecord[] = [
  {
    key: 'demo-richtlijn-ernstig-astma',
    title: 'Demo: richtlijn Ernstig astma bij volwassenen (synthetisch)',
    ownerPartyKeys: ['fms'],
    sectorKeys: ['msz'],
    status: GuidelineStatus.PUBLISHED,
    reviewDueOn: '2024-12-31',
    recommendations: [
      {
        key: 'demo-hooggebergtebehandeling-aanbevolen',
        text: 'Verwijs patiënten met ernstig refractair astma voor hooggebergtebehandeling.',
        kind: RecommendationKind.DO,
        intervention: 'zorgvorm-standpunt-hooggebergtebehandeling-refractair-astma',
        population: 'Volwassenen met ernstig refractair astma',
        sources: [],
      },
    ],
    note: `${SYNTHETIC_NOTE} A DO recommendation against the negative standpunt (RECOMMENDED_BUT_NOT_INSURED), and a review date in the past (GUIDELINE_REVIEW_OVERDUE).`,
    sources: [],
    synthetic: true,
  },
  {
    key: 'demo-richtlijn-angst-en-ptss',
    title: 'Demo: richtlijn Angststoornissen en PTSS (synthetisch)',
    ownerPartyKeys: [],
    sectorKeys: ['ggz'],
    status: GuidelineStatus.PUBLISHED,
    recommendations: [
      {
        key: 'demo-overweeg-digitale-emdr',
        text: 'Overweeg digitale EMDR als alternatief voor een face-to-face-behandeling.',
        kind: RecommendationKind.CONSIDER,
        intervention: 'zorgvorm-digitale-emdr',
        population: 'Mensen met PTSS of een angststoornis',
        sources: [],
      },
      {
        key: 'demo-verkennend-gesprek-aanbevolen',
        text: 'Bied een verkennend gesprek aan wanneer naast psychische klachten ook andere problemen spelen.',
        kind: RecommendationKind.DO,
        intervention: 'zorgvorm-standpunt-verkennend-gesprek',
        population: 'Mensen met psychische klachten en problemen zoals eenzaamheid of schulden',
        sources: [],
      },
    ],
    note: `${SYNTHETIC_NOTE} Its recommendations agree with the standpunt Verkennend gesprek and share evidence with the digital EMDR assessment.`,
    sources: [],
    synthetic: true,
  },
  {
    key: 'demo-nvvc-richtlijn-icd-nicm',
    title: 'Demo: NVVC-richtlijn ICD bij niet-ischemische cardiomyopathie (synthetisch)',
    ownerPartyKeys: ['nvvc'],
    sectorKeys: ['msz'],
    status: GuidelineStatus.PUBLISHED,
    recommendations: [],
    note: `${SYNTHETIC_NOTE} Stands for the guideline behind the documented agreements on ICDs in NICM.`,
    sources: [],
    synthetic: true,
  },
];

const demoAssessments: AssessmentRecord[] = [
  {
    key: 'demo-standpunt-surveillance-laag-risico-barrett',
    title: 'Demo: surveillance bij laag-risico Barrettslokdarm blijft verzekerd (synthetisch)',
    kind: AssessmentKind.STANDPUNT,
    assessorPartyKey: 'zorginstituut',
    intervention: '',
    interventionKey: 'zorgvorm-geen-controles-laag-risico-barrett',
    indication: 'Patiënten met een laag-risico Barrettslokdarm',
    sectorKey: 'msz',
    outcome: AssessmentOutcome.INSURED,
    decisionDate: null,
    note: `${SYNTHETIC_NOTE} The letter says the MDL-artsen evaluate whether this care may no longer be reimbursed; until then it is insured, so their DO_NOT recommendation is an outflow candidate (ADVISED_AGAINST_BUT_INSURED).`,
    sources: [],
    synthetic: true,
  },
  {
    key: 'demo-beoordeling-digitale-emdr',
    title: 'Demo: beoordeling digitale EMDR (synthetisch)',
    kind: AssessmentKind.DUIDING,
    assessorPartyKey: 'zorginstituut',
    intervention: '',
    interventionKey: 'zorgvorm-digitale-emdr',
    indication: 'PTSS en angststoornissen',
    sectorKey: 'ggz',
    outcome: AssessmentOutcome.UNDER_ASSESSMENT,
    decisionDate: null,
    note: `${SYNTHETIC_NOTE} The documented positive assessment is by providers and insurers (Digizo), not by Zorginstituut.`,
    sources: [],
    synthetic: true,
  },
];

const demoLinks: DemoLink[] = [
  {
    guidelineKey: 'richtlijn-mdl-laag-risico-barrett',
    recommendationKey: 'geen-controles-laag-risico-barrett',
    assessmentKey: 'demo-standpunt-surveillance-laag-risico-barrett',
    linkType: SynergyLinkType.DEIMPLEMENTATION,
    alignment: SynergyAlignment.DIVERGENT,
    rationale: 'Demo: de richtlijn stopt de controles, het pakket vergoedt ze nog; uitstroom wordt geëvalueerd.',
  },
  {
    guidelineKey: 'demo-richtlijn-ernstig-astma',
    recommendationKey: 'demo-hooggebergtebehandeling-aanbevolen',
    assessmentKey: 'standpunt-hooggebergtebehandeling-refractair-astma',
    linkType: SynergyLinkType.ASSESSMENT_CHALLENGES_GUIDELINE,
    alignment: SynergyAlignment.DIVERGENT,
    rationale: 'Demo: de richtlijn beveelt aan wat het standpunt niet verzekerd acht.',
  },
  {
    guidelineKey: 'demo-richtlijn-angst-en-ptss',
    recommendationKey: 'demo-verkennend-gesprek-aanbevolen',
    assessmentKey: 'standpunt-verkennend-gesprek',
    linkType: SynergyLinkType.GUIDELINE_BASIS_FOR_COVERAGE,
    alignment: SynergyAlignment.ALIGNED,
    rationale: 'Demo: aanbeveling en standpunt sluiten op elkaar aan.',
    confirmedBy: { ownerPartyKey: null, assessorPartyKey: 'zorginstituut' },
  },
  {
    guidelineKey: 'demo-richtlijn-angst-en-ptss',
    recommendationKey: 'demo-overweeg-digitale-emdr',
    assessmentKey: 'demo-beoordeling-digitale-emdr',
    linkType: SynergyLinkType.SHARED_EVIDENCE,
    alignment: SynergyAlignment.UNDER_REVIEW,
    rationale: 'Demo: hetzelfde onderzoek onderbouwt richtlijn en beoordeling.',
  },
  {
    guidelineKey: 'demo-nvvc-richtlijn-icd-nicm',
    recommendationKey: null,
    assessmentKey: 'afspraken-icd-nicm',
    linkType: SynergyLinkType.AGREEMENT_WITH_PROFESSION,
    alignment: SynergyAlignment.NEEDS_REVIEW,
    rationale: 'Demo: de afspraken met de beroepsgroep zijn in de richtlijn verwerkt.',
    reviewReason: 'Demo (synthetic): a new edition of the guideline was published after both sides confirmed.',
  },
];

const guidelines = [...(guidelinesData as GuidelineRecord[]), ...demoGuidelines];
const assessments = [...(assessmentsData as AssessmentRecord[]), ...demoAssessments];
const trajectories = trajectoriesData as TrajectoryRecord[];

/** What the dataset loads; its checksum decides whether start-up loads it again. */
export const synergyDataset = { guidelines, assessments, trajectories, demoLinks, emdr: emdrCase.sources };

async function keyMap(manager: EntityManager, table: string): Promise<Map<string, string>> {
  const rows: { key: string; id: string }[] = await manager.query(`SELECT key, id FROM ${table}`);
  return new Map(rows.map((r) => [r.key, r.id]));
}

function need(map: Map<string, string>, key: string, what: string): string {
  const id = map.get(key);
  if (!id) throw new Error(`Synergy seed refers to unknown ${what} "${key}"`);
  return id;
}

/** The interventions the records name (zorgvorm), keyed by the record that names them. */
function interventionsToSeed() {
  const list: {
    key: string;
    name: string;
    indication: string | null;
    sectorKey: string | null;
    sources: SourceRef[];
    synthetic: boolean;
  }[] = [];
  for (const g of guidelines)
    for (const r of g.recommendations)
      if (!r.intervention.startsWith('zorgvorm-'))
        list.push({
          key: `zorgvorm-${r.key}`,
          name: r.intervention,
          indication: r.population,
          sectorKey: g.sectorKeys[0] ?? null,
          sources: r.sources,
          synthetic: g.synthetic ?? false,
        });
  for (const a of assessments)
    if (!a.interventionKey)
      list.push({
        key: `zorgvorm-${a.key}`,
        name: a.intervention,
        indication: a.indication,
        sectorKey: a.sectorKey,
        sources: a.sources,
        synthetic: a.synthetic ?? false,
      });
  list.push({
    key: 'zorgvorm-digitale-emdr',
    name: 'Digitale EMDR',
    indication: 'Posttraumatische stressstoornis (PTSS) en angststoornissen',
    sectorKey: emdrCase.sectorKey,
    sources: emdrCase.sources,
    synthetic: false,
  });
  return list;
}

/**
 * Guidelines, recommendations, package assessments and synergy trajectories from the documents, the
 * interventions they name, and synthetic demo records (marked) that show each conflict rule.
 * Inserts what is missing by key and leaves existing rows alone.
 */
export async function seedSynergy(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (manager) => {
    const parties = await keyMap(manager, 'party');
    const sectors = await keyMap(manager, 'sector');

    await manager
      .createQueryBuilder()
      .insert()
      .into(Intervention)
      .values(
        interventionsToSeed().map((i) => ({
          key: i.key,
          name: i.name,
          indication: i.indication,
          sectorId: i.sectorKey ? need(sectors, i.sectorKey, 'sector') : null,
          sources: i.sources,
          synthetic: i.synthetic,
        })),
      )
      .orIgnore()
      .execute();
    const interventions = await keyMap(manager, 'intervention');

    const insertedGuidelines = await manager
      .createQueryBuilder()
      .insert()
      .into(Guideline)
      .values(
        guidelines.map((g) => ({
          key: g.key,
          title: g.title,
          status: g.status,
          edition: g.status === GuidelineStatus.IN_DEVELOPMENT ? 0 : 1,
          reviewDueOn: g.reviewDueOn ?? null,
          note: g.note ?? null,
          sources: g.sources,
          synthetic: g.synthetic ?? false,
        })),
      )
      .orIgnore()
      .returning(['id', 'key'])
      .execute();
    // Owners and sectors only for guidelines inserted now: later edits on the platform stay.
    const fresh = new Map((insertedGuidelines.raw as { id: string; key: string }[]).map((r) => [r.key, r.id]));
    const owners: [string, string][] = [];
    const guidelineSectors: [string, string][] = [];
    for (const g of guidelines) {
      const id = fresh.get(g.key);
      if (!id) continue;
      for (const p of g.ownerPartyKeys) owners.push([id, need(parties, p, 'party')]);
      for (const s of g.sectorKeys) guidelineSectors.push([id, need(sectors, s, 'sector')]);
    }
    if (owners.length)
      await manager.query(
        'INSERT INTO guideline_owner (guideline_id, party_id) SELECT * FROM unnest($1::uuid[], $2::uuid[]) ON CONFLICT DO NOTHING',
        [owners.map((o) => o[0]), owners.map((o) => o[1])],
      );
    if (guidelineSectors.length)
      await manager.query(
        'INSERT INTO guideline_sector (guideline_id, sector_id) SELECT * FROM unnest($1::uuid[], $2::uuid[]) ON CONFLICT DO NOTHING',
        [guidelineSectors.map((o) => o[0]), guidelineSectors.map((o) => o[1])],
      );
    const guidelineIds = await keyMap(manager, 'guideline');

    const recommendations = guidelines.flatMap((g) => g.recommendations.map((r) => ({ g, r })));
    if (recommendations.length)
      await manager
        .createQueryBuilder()
        .insert()
        .into(Recommendation)
        .values(
          recommendations.map(({ g, r }) => ({
            key: r.key,
            guidelineId: need(guidelineIds, g.key, 'guideline'),
            text: r.text,
            kind: r.kind,
            interventionId: need(
              interventions,
              r.intervention.startsWith('zorgvorm-') ? r.intervention : `zorgvorm-${r.key}`,
              'intervention',
            ),
            population: r.population,
            note: r.note ?? null,
            sources: r.sources,
            synthetic: g.synthetic ?? false,
          })),
        )
        .orIgnore()
        .execute();

    await manager
      .createQueryBuilder()
      .insert()
      .into(PackageAssessment)
      .values(
        assessments.map((a) => ({
          key: a.key,
          title: a.title,
          kind: a.kind,
          assessorPartyId: need(parties, a.assessorPartyKey, 'party'),
          interventionId: need(interventions, a.interventionKey ?? `zorgvorm-${a.key}`, 'intervention'),
          indication: a.indication,
          sectorId: a.sectorKey ? need(sectors, a.sectorKey, 'sector') : null,
          outcome: a.outcome,
          decisionDate: a.decisionDate ?? { label: null, earliest: null, latest: null, precision: null },
          published: true,
          note: a.note ?? null,
          sources: a.sources,
          synthetic: a.synthetic ?? false,
        })),
      )
      .orIgnore()
      .execute();

    const insertedTrajectories = await manager
      .createQueryBuilder()
      .insert()
      .into(SynergyTrajectory)
      .values(
        trajectories.map((t) => ({
          key: t.key,
          name: t.name,
          sectorId: t.sectorKey ? need(sectors, t.sectorKey, 'sector') : null,
          phase: t.phase,
          phaseAsOf: t.phaseAsOf,
          deliverableKeys: t.deliverableKeys,
          note: t.note ?? null,
          sources: t.sources,
        })),
      )
      .orIgnore()
      .returning(['id', 'key'])
      .execute();
    const freshTrajectories = new Map(
      (insertedTrajectories.raw as { id: string; key: string }[]).map((r) => [r.key, r.id]),
    );
    const trajectoryParties = trajectories.flatMap((t) =>
      freshTrajectories.has(t.key)
        ? t.partyKeys.map((p) => [freshTrajectories.get(t.key)!, need(parties, p, 'party')] as const)
        : [],
    );
    if (trajectoryParties.length)
      await manager.query(
        'INSERT INTO synergy_trajectory_party (synergy_trajectory_id, party_id) SELECT * FROM unnest($1::uuid[], $2::uuid[]) ON CONFLICT DO NOTHING',
        [trajectoryParties.map((o) => o[0]), trajectoryParties.map((o) => o[1])],
      );

    const recommendationIds = await keyMap(manager, 'recommendation');
    const assessmentIds = await keyMap(manager, 'package_assessment');
    // Fixed timestamps, so the demo's “oldest unreviewed link” does not depend on when it was seeded.
    const demoTime = new Date('2025-03-01T09:00:00Z');
    await manager
      .createQueryBuilder()
      .insert()
      .into(SynergyLink)
      .values(
        demoLinks.map((l) => {
          const confirmed = l.confirmedBy;
          return {
            guidelineId: need(guidelineIds, l.guidelineKey, 'guideline'),
            recommendationId: l.recommendationKey
              ? need(recommendationIds, l.recommendationKey, 'recommendation')
              : null,
            assessmentId: need(assessmentIds, l.assessmentKey, 'package assessment'),
            linkType: l.linkType,
            alignment: l.alignment,
            rationale: l.rationale,
            reviewReason: l.reviewReason ?? null,
            ownerConfirmedAt: confirmed ? demoTime : null,
            ownerConfirmedPartyId: confirmed?.ownerPartyKey ? need(parties, confirmed.ownerPartyKey, 'party') : null,
            assessorConfirmedAt: confirmed ? demoTime : null,
            assessorConfirmedPartyId: confirmed ? need(parties, confirmed.assessorPartyKey, 'party') : null,
            pendingSince: confirmed ? null : demoTime,
            synthetic: true,
          };
        }),
      )
      .orIgnore()
      .execute();
  });
}
