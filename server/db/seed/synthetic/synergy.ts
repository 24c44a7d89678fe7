// Volume data for the synergy domain (guidelines, recommendations, assessments, links), for
// benchmarks. Deterministic (seeded PRNG), marked synthetic, never loaded by default:
//   npm run build && node dist/server/db/seed/synthetic/synergy.js [--seed 1] [--scale 1]
import 'reflect-metadata';
import type { DataSource, EntityManager } from 'typeorm';
import {
  AssessmentKind,
  AssessmentOutcome,
  GuidelineStatus,
  RecommendationKind,
  SynergyAlignment,
  SynergyLinkType,
} from '../../../../entities/synergy.enums';
import { loadConfig, loadDotEnv } from '../../../config';
import { createLogger } from '../../../logger';
import { openDatabase } from '../../database';

export interface SynergyVolumeOptions {
  seed?: number;
  interventions?: number;
  guidelines?: number;
  recommendations?: number;
  assessments?: number;
  links?: number;
}

export interface SynergyVolumeCounts {
  interventions: number;
  guidelines: number;
  recommendations: number;
  assessments: number;
  links: number;
}

/** The sizes the benchmark issue asks for. */
export const DEFAULT_VOLUME: Required<Omit<SynergyVolumeOptions, 'seed'>> = {
  interventions: 4_000,
  guidelines: 5_000,
  recommendations: 40_000,
  assessments: 8_000,
  links: 30_000,
};

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
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

function uuidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function weighted<T>(random: () => number, table: [T, number][]): T {
  let r = random() * table.reduce((sum, [, w]) => sum + w, 0);
  for (const [value, w] of table) if ((r -= w) < 0) return value;
  return table.at(-1)![0];
}

function isoDate(base: number, random: () => number, spanDays: number): string {
  return new Date(base + Math.floor(random() * spanDays) * 86_400_000).toISOString().slice(0, 10);
}

const CHUNK = 5_000;

/** One INSERT … SELECT FROM unnest(…) per chunk of rows: a few statements for thousands of rows. */
async function bulkInsert(
  manager: EntityManager,
  table: string,
  columns: { name: string; type: string }[],
  rows: unknown[][],
): Promise<void> {
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    const params = columns.map((_, c) => chunk.map((row) => row[c]));
    const unnest = columns.map((col, c) => `$${c + 1}::${col.type}[]`).join(', ');
    await manager.query(
      `INSERT INTO ${table} (${columns.map((c) => c.name).join(', ')})
       SELECT * FROM unnest(${unnest}) AS v(${columns.map((c) => c.name).join(', ')}) ON CONFLICT DO NOTHING`,
      params,
    );
  }
}

/**
 * Generates and inserts the volume in one transaction. Ids and keys derive from the seed, so a
 * second run with the same seed inserts nothing new.
 */
export async function generateSynergyVolume(
  dataSource: DataSource,
  options: SynergyVolumeOptions = {},
): Promise<SynergyVolumeCounts> {
  const seed = options.seed ?? 1;
  const size = { ...DEFAULT_VOLUME, ...options };
  const random = prng(seed);
  const prefix = `synthetic-synergy-${seed}`;

  return dataSource.transaction(async (manager) => {
    const associations: { id: string }[] = await manager.query(
      `SELECT id FROM party WHERE kind IN ('SCIENTIFIC_ASSOCIATION', 'PROFESSIONAL_ASSOCIATION') ORDER BY key`,
    );
    const sectors: { id: string }[] = await manager.query('SELECT id FROM sector ORDER BY key');
    const [assessor]: { id: string }[] = await manager.query(`SELECT id FROM party WHERE key = 'zorginstituut'`);
    if (!associations.length || !sectors.length || !assessor) throw new Error('Load the document seed data first.');
    const associationIds = associations.map((a) => a.id);
    const sectorIds = sectors.map((s) => s.id);
    const base = Date.UTC(2022, 0, 1);

    const interventions = Array.from({ length: size.interventions }, (_, i) => [
      uuidFrom(random),
      `${prefix}-zorgvorm-${i}`,
      `Synthetische zorgvorm ${i}`,
      `Synthetische indicatie ${i % 97}`,
      pick(random, sectorIds),
    ]);
    await bulkInsert(
      manager,
      'intervention',
      [
        { name: 'id', type: 'uuid' },
        { name: 'key', type: 'text' },
        { name: 'name', type: 'text' },
        { name: 'indication', type: 'text' },
        { name: 'sector_id', type: 'uuid' },
      ],
      interventions,
    );
    await manager.query(`UPDATE intervention SET synthetic = true WHERE key LIKE '${prefix}-%' AND NOT synthetic`);

    const guidelineOwner = new Map<string, string>();
    const guidelines = Array.from({ length: size.guidelines }, (_, i) => {
      const id = uuidFrom(random);
      const status = weighted(random, [
        [GuidelineStatus.PUBLISHED, 80],
        [GuidelineStatus.UNDER_REVISION, 8],
        [GuidelineStatus.IN_DEVELOPMENT, 8],
        [GuidelineStatus.WITHDRAWN, 4],
      ]);
      guidelineOwner.set(id, pick(random, associationIds));
      return [
        id,
        `${prefix}-richtlijn-${i}`,
        `Synthetische richtlijn ${i}`,
        status,
        status === GuidelineStatus.IN_DEVELOPMENT ? 0 : 1 + Math.floor(random() * 4),
        isoDate(base, random, 365 * 8),
      ];
    });
    await bulkInsert(
      manager,
      'guideline',
      [
        { name: 'id', type: 'uuid' },
        { name: 'key', type: 'text' },
        { name: 'title', type: 'text' },
        { name: 'status', type: 'guideline_status' },
        { name: 'edition', type: 'int' },
        { name: 'review_due_on', type: 'date' },
      ],
      guidelines,
    );
    await manager.query(`UPDATE guideline SET synthetic = true WHERE key LIKE '${prefix}-%' AND NOT synthetic`);
    const guidelineIds = guidelines.map((g) => g[0] as string);
    await bulkInsert(
      manager,
      'guideline_owner',
      [
        { name: 'guideline_id', type: 'uuid' },
        { name: 'party_id', type: 'uuid' },
      ],
      guidelineIds.map((id) => [id, guidelineOwner.get(id)!]),
    );
    await bulkInsert(
      manager,
      'guideline_sector',
      [
        { name: 'guideline_id', type: 'uuid' },
        { name: 'sector_id', type: 'uuid' },
      ],
      guidelineIds.map((id) => [id, pick(random, sectorIds)]),
    );

    const interventionIds = interventions.map((i) => i[0] as string);
    const recommendations = Array.from({ length: size.recommendations }, (_, i) => [
      uuidFrom(random),
      `${prefix}-aanbeveling-${i}`,
      guidelineIds[i % guidelineIds.length]!,
      `Synthetische aanbeveling ${i}`,
      weighted(random, [
        [RecommendationKind.DO, 60],
        [RecommendationKind.DO_NOT, 15],
        [RecommendationKind.CONSIDER, 25],
      ]),
      pick(random, interventionIds),
    ]);
    await bulkInsert(
      manager,
      'recommendation',
      [
        { name: 'id', type: 'uuid' },
        { name: 'key', type: 'text' },
        { name: 'guideline_id', type: 'uuid' },
        { name: 'text', type: 'text' },
        { name: 'kind', type: 'recommendation_kind' },
        { name: 'intervention_id', type: 'uuid' },
      ],
      recommendations,
    );
    await manager.query(`UPDATE recommendation SET synthetic = true WHERE key LIKE '${prefix}-%' AND NOT synthetic`);

    const assessments = Array.from({ length: size.assessments }, (_, i) => [
      uuidFrom(random),
      `${prefix}-beoordeling-${i}`,
      `Synthetische pakketbeoordeling ${i}`,
      pick(random, Object.values(AssessmentKind)),
      assessor.id,
      pick(random, interventionIds),
      pick(random, sectorIds),
      weighted(random, [
        [AssessmentOutcome.INSURED, 50],
        [AssessmentOutcome.NOT_INSURED, 20],
        [AssessmentOutcome.INSURED_WITH_CONDITIONS, 15],
        [AssessmentOutcome.CONDITIONAL_ADMISSION, 5],
        [AssessmentOutcome.UNDER_ASSESSMENT, 10],
      ]),
      random() < 0.9,
    ]);
    await bulkInsert(
      manager,
      'package_assessment',
      [
        { name: 'id', type: 'uuid' },
        { name: 'key', type: 'text' },
        { name: 'title', type: 'text' },
        { name: 'kind', type: 'assessment_kind' },
        { name: 'assessor_party_id', type: 'uuid' },
        { name: 'intervention_id', type: 'uuid' },
        { name: 'sector_id', type: 'uuid' },
        { name: 'outcome', type: 'assessment_outcome' },
        { name: 'published', type: 'boolean' },
      ],
      assessments,
    );
    await manager.query(
      `UPDATE package_assessment SET synthetic = true WHERE key LIKE '${prefix}-%' AND NOT synthetic`,
    );

    const assessmentIds = assessments.map((a) => a[0] as string);
    const linkTypes = Object.values(SynergyLinkType);
    const seen = new Set<string>();
    const links: unknown[][] = [];
    while (links.length < size.links && seen.size < size.links * 3) {
      const rec = recommendations[Math.floor(random() * recommendations.length)]!;
      const wholeGuideline = random() < 0.1;
      const assessmentId = pick(random, assessmentIds);
      const linkType = pick(random, linkTypes);
      const guidelineId = rec[2] as string;
      const key = `${wholeGuideline ? `g:${guidelineId}` : `r:${rec[0]}`}|${assessmentId}|${linkType}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const alignment = weighted(random, [
        [SynergyAlignment.ALIGNED, 45],
        [SynergyAlignment.PARTIALLY_ALIGNED, 20],
        [SynergyAlignment.DIVERGENT, 10],
        [SynergyAlignment.UNDER_REVIEW, 20],
        [SynergyAlignment.NEEDS_REVIEW, 5],
      ]);
      const confirmation = alignment === SynergyAlignment.NEEDS_REVIEW ? 0 : random();
      const at = new Date(base + Math.floor(random() * 365 * 3 * 86_400_000)).toISOString();
      const ownerConfirmed = confirmation > 0.4;
      const assessorConfirmed = confirmation > 0.6 || (confirmation > 0.2 && confirmation <= 0.3);
      links.push([
        uuidFrom(random),
        guidelineId,
        wholeGuideline ? null : rec[0],
        assessmentId,
        linkType,
        alignment,
        `Synthetische onderbouwing ${links.length}`,
        ownerConfirmed ? at : null,
        ownerConfirmed ? guidelineOwner.get(guidelineId)! : null,
        assessorConfirmed ? at : null,
        assessorConfirmed ? assessor.id : null,
        ownerConfirmed && assessorConfirmed ? null : at,
        alignment === SynergyAlignment.NEEDS_REVIEW ? 'Synthetic: a new edition was published.' : null,
        true,
      ]);
    }
    await bulkInsert(
      manager,
      'synergy_link',
      [
        { name: 'id', type: 'uuid' },
        { name: 'guideline_id', type: 'uuid' },
        { name: 'recommendation_id', type: 'uuid' },
        { name: 'assessment_id', type: 'uuid' },
        { name: 'link_type', type: 'synergy_link_type' },
        { name: 'alignment', type: 'synergy_alignment' },
        { name: 'rationale', type: 'text' },
        { name: 'owner_confirmed_at', type: 'timestamptz' },
        { name: 'owner_confirmed_party_id', type: 'uuid' },
        { name: 'assessor_confirmed_at', type: 'timestamptz' },
        { name: 'assessor_confirmed_party_id', type: 'uuid' },
        { name: 'pending_since', type: 'timestamptz' },
        { name: 'review_reason', type: 'text' },
        { name: 'synthetic', type: 'boolean' },
      ],
      links,
    );
    return {
      interventions: interventions.length,
      guidelines: guidelines.length,
      recommendations: recommendations.length,
      assessments: assessments.length,
      links: links.length,
    };
  });
}

async function main(): Promise<void> {
  const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : fallback;
  };
  loadDotEnv();
  const config = loadConfig();
  const database = await openDatabase({ ...config, seedOnStart: false }, createLogger(config));
  try {
    const scale = arg('scale', 1);
    const started = Date.now();
    const counts = await generateSynergyVolume(database.dataSource, {
      seed: arg('seed', 1),
      ...Object.fromEntries(Object.entries(DEFAULT_VOLUME).map(([k, v]) => [k, Math.round(v * scale)])),
    });
    process.stdout.write(`${JSON.stringify({ ...counts, ms: Date.now() - started })}\n`);
  } finally {
    await database.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
