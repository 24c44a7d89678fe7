import type { DataSource, EntityManager } from 'typeorm';
import { Deliverable, Programme, Workstream } from '../../../entities';
import {
  DateConfidence,
  DeliverableKind,
  DeliverableStatus,
  OutputTargetType,
  WorkstreamKind,
} from '../../../entities/deliverable.enums';
import type { DatePrecision } from '../../../entities/fuzzy-date';
import type { PartyKind } from '../../../entities/party-kind.enum';
import type { SourceRef } from '../../../entities/source-ref';
import agendasData from './data/agendas.json';
import deliverablesData from './data/deliverables.json';
import programmesData from './data/programmes.json';
import trajectoriesData from './data/synergy-trajectories.json';

/** Shapes of data/programmes.json and data/deliverables.json (see data/README.md). */
interface FuzzyDateRecord {
  label: string;
  earliest: string;
  latest: string;
  precision: DatePrecision;
}

interface ProgrammeRecord {
  key: string;
  name: string;
  ownerPartyKey?: string | null;
  partnerPartyKeys?: string[];
  description?: string;
  period?: FuzzyDateRecord | null;
  note?: string;
  workstreams: { key: string; name: string; kind: WorkstreamKind; sources: SourceRef[] }[];
  sources: SourceRef[];
}

interface DeliverableRecord {
  key: string;
  type: DeliverableKind;
  title: string;
  titleEn?: string;
  programmeKey: string | null;
  workstreamKey: string | null;
  ownerPartyKeys: string[];
  ownerPartyKinds?: PartyKind[];
  contributorPartyKeys: string[];
  contributorPartyKinds?: PartyKind[];
  sectorKeys: string[];
  due?: FuzzyDateRecord | null;
  start?: FuzzyDateRecord | null;
  status: DeliverableStatus;
  statusAsOf: string;
  confidence: DateConfidence;
  dependsOnKeys: string[];
  relatedKeys?: string[];
  recurrence?: string;
  note?: string;
  sources: SourceRef[];
}

const programmes = programmesData as ProgrammeRecord[];
const deliverables = deliverablesData as DeliverableRecord[];

/** Agendas and synergy trajectories name the deliverables that produce them. */
const outputs: { deliverableKey: string; targetType: OutputTargetType; targetKey: string }[] = [
  ...(agendasData as { key: string; deliverableKeys?: string[] }[]).flatMap((a) =>
    (a.deliverableKeys ?? []).map((deliverableKey) => ({
      deliverableKey,
      targetType: OutputTargetType.RESEARCH_AGENDA,
      targetKey: a.key,
    })),
  ),
  ...(trajectoriesData as { key: string; deliverableKeys?: string[] }[]).flatMap((t) =>
    (t.deliverableKeys ?? []).map((deliverableKey) => ({
      deliverableKey,
      targetType: OutputTargetType.SYNERGY_TRAJECTORY,
      targetKey: t.key,
    })),
  ),
];

/** What the checksum of the `deliverables` data set covers. */
export const deliverablesDataset = { programmes, deliverables, outputs };

function fuzzy(date: FuzzyDateRecord | null | undefined) {
  return {
    label: date?.label ?? null,
    earliest: date?.earliest ?? null,
    latest: date?.latest ?? null,
    precision: date?.precision ?? null,
  };
}

async function keyMap(manager: EntityManager, table: string): Promise<Map<string, string>> {
  const rows: { key: string; id: string }[] = await manager.query(`SELECT key, id FROM ${table}`);
  return new Map(rows.map((r) => [r.key, r.id]));
}

function required(map: Map<string, string>, key: string, what: string): string {
  const id = map.get(key);
  if (!id) throw new Error(`Seed refers to unknown ${what} "${key}"`);
  return id;
}

/** Inserts the rows that are missing by key; returns key → id of the rows this run inserted. */
async function insertMissing(
  manager: EntityManager,
  entity: typeof Programme | typeof Workstream | typeof Deliverable,
  rows: Record<string, unknown>[],
): Promise<Map<string, string>> {
  if (!rows.length) return new Map();
  const result = await manager
    .createQueryBuilder()
    .insert()
    .into(entity)
    .values(rows as never)
    .orIgnore()
    .returning(['id', 'key'])
    .execute();
  return new Map((result.raw as { id: string; key: string }[]).map((r) => [r.key, r.id]));
}

async function link(manager: EntityManager, table: string, columns: [string, string], pairs: [string, string][]) {
  if (!pairs.length) return;
  await manager.query(
    `INSERT INTO ${table} (${columns[0]}, ${columns[1]})
     SELECT * FROM unnest($1::uuid[], $2::uuid[]) ON CONFLICT DO NOTHING`,
    [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
  );
}

/**
 * Programmes, workstreams, every deliverable, milestone and decision of the documents, and the
 * outputs agendas and trajectories name. Idempotent: only missing keys are inserted, and links are
 * added for those only, so records edited on the platform are left alone.
 */
export async function seedDeliverables(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (manager) => {
    const parties = await keyMap(manager, 'party');
    const sectors = await keyMap(manager, 'sector');

    const newProgrammes = await insertMissing(
      manager,
      Programme,
      programmes.map((p) => ({
        key: p.key,
        name: p.name,
        description: p.description ?? null,
        note: p.note ?? null,
        ownerPartyId: p.ownerPartyKey ? required(parties, p.ownerPartyKey, 'party') : null,
        period: fuzzy(p.period),
        sources: p.sources,
      })),
    );
    await link(
      manager,
      'programme_partner',
      ['programme_id', 'party_id'],
      programmes
        .filter((p) => newProgrammes.has(p.key))
        .flatMap((p) =>
          (p.partnerPartyKeys ?? []).map((k): [string, string] => [
            newProgrammes.get(p.key)!,
            required(parties, k, 'party'),
          ]),
        ),
    );

    const programmeIds = await keyMap(manager, 'programme');
    await insertMissing(
      manager,
      Workstream,
      programmes.flatMap((p) =>
        p.workstreams.map((w, position) => ({
          key: w.key,
          programmeId: required(programmeIds, p.key, 'programme'),
          name: w.name,
          kind: w.kind,
          position,
          sources: w.sources,
        })),
      ),
    );
    const workstreamIds = await keyMap(manager, 'workstream');

    const inserted = await insertMissing(
      manager,
      Deliverable,
      deliverables.map((d) => ({
        key: d.key,
        kind: d.type,
        title: d.title,
        titleEn: d.titleEn ?? null,
        programmeId: d.programmeKey ? required(programmeIds, d.programmeKey, 'programme') : null,
        workstreamId: d.workstreamKey ? required(workstreamIds, d.workstreamKey, 'workstream') : null,
        ownerPartyKinds: d.ownerPartyKinds ?? [],
        contributorPartyKinds: d.contributorPartyKinds ?? [],
        due: fuzzy(d.due),
        start: fuzzy(d.start),
        confidence: d.confidence,
        note: d.note ?? null,
        status: d.status,
        statusAsOf: d.statusAsOf,
        recurrence: d.recurrence ?? null,
        relatedKeys: d.relatedKeys ?? [],
        sources: d.sources,
      })),
    );
    const fresh = deliverables.filter((d) => inserted.has(d.key));
    const all = await keyMap(manager, 'deliverable');
    const pairs = (keys: (d: DeliverableRecord) => string[], ids: Map<string, string>, what: string) =>
      fresh.flatMap((d) => keys(d).map((k): [string, string] => [inserted.get(d.key)!, required(ids, k, what)]));
    await link(
      manager,
      'deliverable_owner',
      ['deliverable_id', 'party_id'],
      pairs((d) => d.ownerPartyKeys, parties, 'party'),
    );
    await link(
      manager,
      'deliverable_contributor',
      ['deliverable_id', 'party_id'],
      pairs((d) => d.contributorPartyKeys, parties, 'party'),
    );
    await link(
      manager,
      'deliverable_sector',
      ['deliverable_id', 'sector_id'],
      pairs((d) => d.sectorKeys, sectors, 'sector'),
    );
    await link(
      manager,
      'deliverable_dependency',
      ['deliverable_id', 'depends_on_id'],
      pairs((d) => d.dependsOnKeys, all, 'deliverable'),
    );

    const newOutputs = outputs.filter((o) => inserted.has(o.deliverableKey));
    if (newOutputs.length) {
      await manager.query(
        `INSERT INTO deliverable_output (deliverable_id, target_type, target_key)
         SELECT * FROM unnest($1::uuid[], $2::output_target_type[], $3::text[]) ON CONFLICT DO NOTHING`,
        [
          newOutputs.map((o) => inserted.get(o.deliverableKey)),
          newOutputs.map((o) => o.targetType),
          newOutputs.map((o) => o.targetKey),
        ],
      );
    }
  });
}
