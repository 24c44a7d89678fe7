import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { SynergyLink, SynergyTrajectory } from '../../entities';
import { SynergyAlignment, SynergyConflictKind } from '../../entities/synergy.enums';
import { decodeIdOf } from '../../schema/global-id';
import type { SynergyConflictFilter } from '../../schema/inputs/synergy.input';
import type { Config } from '../config';
import { BadUserInputError } from '../errors';
import type { Loaders } from '../loaders';
import { DEFAULT_PAGE_SIZE } from './pagination';
import { ASSESSMENT_VISIBLE_SQL, GUIDELINE_VISIBLE_SQL, type SynergyAccess } from './synergy-access';

/** One computed conflict, as the SQL returns it. */
export interface SynergyConflictRow {
  id: string;
  kind: SynergyConflictKind;
  explanation: string;
  guidelineId: string;
  recommendationId: string | null;
  assessmentId: string | null;
  linkId: string | null;
  reviewDueOn: string | null;
}

export interface ConflictPage {
  nodes: SynergyConflictRow[];
  totalCount: number;
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface OverviewCounts {
  totalLinks: number;
  confirmedLinks: number;
  awaitingGuidelineOwner: number;
  awaitingAssessor: number;
  disputedLinks: number;
  byAlignment: { alignment: SynergyAlignment; count: number }[];
  oldestUnreviewedLinkId: string | null;
  openConflicts: number;
  conflictsByKind: { kind: SynergyConflictKind; count: number }[];
}

/**
 * Every conflict, computed on read (no stored flags that go stale): published guidelines (PUBLISHED,
 * UNDER_REVISION) against published assessments only, so a conflict never reveals a draft.
 * Recommendation and assessment match on the intervention (the shared key of care + indication).
 * $1 = asOf date. Each row carries an explanation in words and a stable id (its sort key).
 */
const CONFLICTS_SQL = `
  SELECT 'RECOMMENDED_BUT_NOT_INSURED:' || r.id || ':' || a.id AS id,
         'RECOMMENDED_BUT_NOT_INSURED' AS kind,
         format('The guideline “%s” recommends (DO) “%s” for %s, but the %s “%s” rules it is not insured (NOT_INSURED).',
                g.title, i.name, coalesce(r.population, a.indication, i.indication, 'the same indication'),
                lower(a.kind::text), a.title) AS explanation,
         g.id AS guideline_id, r.id AS recommendation_id, a.id AS assessment_id, NULL::uuid AS link_id,
         NULL::text AS review_due_on
    FROM recommendation r
    JOIN guideline g ON g.id = r.guideline_id AND g.status IN ('PUBLISHED', 'UNDER_REVISION')
    JOIN package_assessment a ON a.intervention_id = r.intervention_id AND a.published AND a.outcome = 'NOT_INSURED'
    JOIN intervention i ON i.id = r.intervention_id
   WHERE r.kind = 'DO'
  UNION ALL
  SELECT 'ADVISED_AGAINST_BUT_INSURED:' || r.id || ':' || a.id,
         'ADVISED_AGAINST_BUT_INSURED',
         format('The guideline “%s” advises against (DO_NOT) “%s” for %s, while the %s “%s” keeps it insured (INSURED): a candidate for outflow (uitstroom).',
                g.title, i.name, coalesce(r.population, a.indication, i.indication, 'the same indication'),
                lower(a.kind::text), a.title),
         g.id, r.id, a.id, NULL::uuid, NULL::text
    FROM recommendation r
    JOIN guideline g ON g.id = r.guideline_id AND g.status IN ('PUBLISHED', 'UNDER_REVISION')
    JOIN package_assessment a ON a.intervention_id = r.intervention_id AND a.published AND a.outcome = 'INSURED'
    JOIN intervention i ON i.id = r.intervention_id
   WHERE r.kind = 'DO_NOT'
  UNION ALL
  SELECT 'LINK_NEEDS_REVIEW:' || l.id,
         'LINK_NEEDS_REVIEW',
         format('The link between “%s” and “%s” needs review (NEEDS_REVIEW): %s Both sides must confirm it again.',
                g.title, a.title, coalesce(l.review_reason, 'one side changed after it was confirmed.')),
         g.id, l.recommendation_id, a.id, l.id, NULL::text
    FROM synergy_link l
    JOIN guideline g ON g.id = l.guideline_id AND g.status IN ('PUBLISHED', 'UNDER_REVISION')
    JOIN package_assessment a ON a.id = l.assessment_id AND a.published
   WHERE l.alignment = 'NEEDS_REVIEW'
  UNION ALL
  SELECT 'GUIDELINE_REVIEW_OVERDUE:' || g.id,
         'GUIDELINE_REVIEW_OVERDUE',
         format('The guideline “%s” was due for review on %s (%s days before %s).',
                g.title, g.review_due_on::text, $1::date - g.review_due_on, $1::date::text),
         g.id, NULL::uuid, NULL::uuid, NULL::uuid, g.review_due_on::text
    FROM guideline g
   WHERE g.status IN ('PUBLISHED', 'UNDER_REVISION') AND g.review_due_on < $1::date`;

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function toRow(raw: Record<string, unknown>): SynergyConflictRow {
  return {
    id: raw.id as string,
    kind: raw.kind as SynergyConflictKind,
    explanation: raw.explanation as string,
    guidelineId: raw.guideline_id as string,
    recommendationId: (raw.recommendation_id as string | null) ?? null,
    assessmentId: (raw.assessment_id as string | null) ?? null,
    linkId: (raw.link_id as string | null) ?? null,
    reviewDueOn: (raw.review_due_on as string | null) ?? null,
  };
}

/** Conditions on the conflict rows `c` for a filter; parameters are appended to `params`. */
function conflictConditions(
  filter: { sectorId?: string | null; kind?: SynergyConflictKind | null; partyIds?: string[] | null },
  params: unknown[],
): string[] {
  const where: string[] = [];
  if (filter.kind) {
    params.push(filter.kind);
    where.push(`c.kind = $${params.length}`);
  }
  if (filter.sectorId) {
    params.push(filter.sectorId);
    const p = `$${params.length}`;
    where.push(`(EXISTS (SELECT 1 FROM guideline_sector gs WHERE gs.guideline_id = c.guideline_id AND gs.sector_id = ${p})
                 OR EXISTS (SELECT 1 FROM package_assessment sa WHERE sa.id = c.assessment_id AND sa.sector_id = ${p}))`);
  }
  if (filter.partyIds) {
    params.push(filter.partyIds);
    const p = `$${params.length}`;
    where.push(`(EXISTS (SELECT 1 FROM guideline_owner po WHERE po.guideline_id = c.guideline_id AND po.party_id = ANY(${p}))
                 OR EXISTS (SELECT 1 FROM package_assessment pa WHERE pa.id = c.assessment_id AND pa.assessor_party_id = ANY(${p})))`);
  }
  return where;
}

function encodeCursor(id: string): string {
  return Buffer.from(id).toString('base64url');
}

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[A-Z_]+:[0-9a-f:-]+$/.test(id))
    throw new BadUserInputError('"after" is not a cursor this list returned.', 'after');
  return id;
}

type Subject = 'guideline' | 'recommendation' | 'assessment' | 'link';

/** Conflict detection and the overview of links and conflicts per sector and per trajectory. */
export class SynergyConflictService {
  private readonly flagLoaders = new Map<string, DataLoader<string, SynergyConflictRow[]>>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly loaders: Loaders,
    private readonly config: Config,
    private readonly access: SynergyAccess,
  ) {}

  /** One statement for the page and its total count, however many conflicts it returns. */
  async list(
    filter: SynergyConflictFilter | null | undefined,
    page: { first?: number | null; after?: string | null },
  ): Promise<ConflictPage> {
    const first = page.first ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(first) || first < 0 || first > this.config.maxPageSize)
      throw new BadUserInputError(`"first" must be between 0 and ${this.config.maxPageSize}.`, 'first');
    const params: unknown[] = [filter?.asOf ?? today()];
    const where = conflictConditions(
      {
        kind: filter?.kind,
        sectorId: filter?.sectorId ? decodeIdOf('Sector', filter.sectorId, 'filter.sectorId') : null,
        partyIds: filter?.partyId ? [decodeIdOf('Party', filter.partyId, 'filter.partyId')] : null,
      },
      params,
    );
    const filtered = `SELECT * FROM (${CONFLICTS_SQL}) c ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
    params.push(page.after ? decodeCursor(page.after) : '');
    const afterParam = `$${params.length}`;
    params.push(first + 1);
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `WITH conflicts AS (${filtered})
       SELECT p.*, (SELECT count(*)::int FROM conflicts) AS total_count
         FROM (SELECT 1) one
         LEFT JOIN LATERAL (SELECT * FROM conflicts WHERE id > ${afterParam} ORDER BY id LIMIT $${params.length}) p ON true`,
      params,
    );
    const totalCount = (rows[0]?.total_count as number | undefined) ?? 0;
    const found = rows.filter((r) => r.id !== null).map(toRow);
    const nodes = found.slice(0, first);
    return {
      nodes,
      totalCount,
      hasNextPage: found.length > first,
      endCursor: nodes.length ? encodeCursor(nodes.at(-1)!.id) : null,
    };
  }

  /**
   * Conflicts of one object, for the `conflicts` field: a loader per subject and reference date, so
   * a list of objects costs one statement. A link shows its own NEEDS_REVIEW conflict and the rule
   * conflicts between its recommendation (or guideline) and its assessment.
   */
  forSubject(subject: Subject, id: string, asOf?: string | null): Promise<SynergyConflictRow[]> {
    const date = asOf ?? today();
    const cacheKey = `${subject}|${date}`;
    let loader = this.flagLoaders.get(cacheKey);
    if (!loader) {
      loader = new DataLoader((ids) => this.loadFor(subject, ids, date));
      this.flagLoaders.set(cacheKey, loader);
    }
    return loader.load(id);
  }

  private async loadFor(subject: Subject, ids: readonly string[], asOf: string): Promise<SynergyConflictRow[][]> {
    if (subject === 'link') {
      const rows: Record<string, unknown>[] = await this.dataSource.query(
        `SELECT l.id AS subject_id, c.*
           FROM synergy_link l
           JOIN (${CONFLICTS_SQL}) c
             ON c.link_id = l.id
             OR (c.kind IN ('RECOMMENDED_BUT_NOT_INSURED', 'ADVISED_AGAINST_BUT_INSURED')
                 AND c.assessment_id = l.assessment_id
                 AND (c.recommendation_id = l.recommendation_id OR (l.recommendation_id IS NULL AND c.guideline_id = l.guideline_id)))
          WHERE l.id = ANY($2)
          ORDER BY c.id`,
        [asOf, [...ids]],
      );
      return this.group(ids, rows);
    }
    const column = { guideline: 'guideline_id', recommendation: 'recommendation_id', assessment: 'assessment_id' }[
      subject
    ];
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT c.${column} AS subject_id, c.* FROM (${CONFLICTS_SQL}) c WHERE c.${column} = ANY($2) ORDER BY c.id`,
      [asOf, [...ids]],
    );
    return this.group(ids, rows);
  }

  private group(ids: readonly string[], rows: Record<string, unknown>[]): SynergyConflictRow[][] {
    const bySubject = new Map<string, SynergyConflictRow[]>(ids.map((id) => [id, []]));
    for (const raw of rows) bySubject.get(raw.subject_id as string)?.push(toRow(raw));
    return ids.map((id) => bySubject.get(id) ?? []);
  }

  /** Counts for a sector (or everything): two statements, whatever the number of links. */
  async overview(scope: {
    sectorId: string | null;
    partyIds: string[] | null;
    asOf?: string | null;
  }): Promise<OverviewCounts> {
    const read = await this.access.readScope();
    const params: unknown[] = [read.all, read.partyIds];
    const where = [GUIDELINE_VISIBLE_SQL('g', '$1', '$2'), ASSESSMENT_VISIBLE_SQL('a', '$1', '$2')];
    if (scope.sectorId) {
      params.push(scope.sectorId);
      where.push(
        `(EXISTS (SELECT 1 FROM guideline_sector gs WHERE gs.guideline_id = l.guideline_id AND gs.sector_id = $${params.length}) OR a.sector_id = $${params.length})`,
      );
    }
    if (scope.partyIds) {
      params.push(scope.partyIds);
      where.push(
        `(a.assessor_party_id = ANY($${params.length}) OR EXISTS (SELECT 1 FROM guideline_owner go WHERE go.guideline_id = l.guideline_id AND go.party_id = ANY($${params.length})))`,
      );
    }
    const [links]: Record<string, unknown>[] = await this.dataSource.query(
      `WITH l AS (
         SELECT l.* FROM synergy_link l
           JOIN guideline g ON g.id = l.guideline_id
           JOIN package_assessment a ON a.id = l.assessment_id
          WHERE ${where.join(' AND ')}
       )
       SELECT count(*)::int AS total,
              count(*) FILTER (WHERE owner_confirmed_at IS NOT NULL AND assessor_confirmed_at IS NOT NULL)::int AS confirmed,
              count(*) FILTER (WHERE owner_confirmed_at IS NULL)::int AS awaiting_owner,
              count(*) FILTER (WHERE assessor_confirmed_at IS NULL)::int AS awaiting_assessor,
              count(*) FILTER (WHERE dispute_side IS NOT NULL)::int AS disputed,
              (SELECT coalesce(json_object_agg(alignment, n), '{}') FROM (SELECT alignment, count(*)::int AS n FROM l GROUP BY alignment) x) AS by_alignment,
              (SELECT id FROM l WHERE pending_since IS NOT NULL ORDER BY pending_since, id LIMIT 1) AS oldest
         FROM l`,
      params,
    );
    const conflictParams: unknown[] = [scope.asOf ?? today()];
    const conflictWhere = conflictConditions({ sectorId: scope.sectorId, partyIds: scope.partyIds }, conflictParams);
    const conflicts: { kind: SynergyConflictKind; n: number }[] = await this.dataSource.query(
      `SELECT c.kind, count(*)::int AS n FROM (${CONFLICTS_SQL}) c
        ${conflictWhere.length ? `WHERE ${conflictWhere.join(' AND ')}` : ''} GROUP BY c.kind ORDER BY c.kind`,
      conflictParams,
    );
    const byAlignment = links!.by_alignment as Record<string, number>;
    return {
      totalLinks: links!.total as number,
      confirmedLinks: links!.confirmed as number,
      awaitingGuidelineOwner: links!.awaiting_owner as number,
      awaitingAssessor: links!.awaiting_assessor as number,
      disputedLinks: links!.disputed as number,
      byAlignment: Object.values(SynergyAlignment).map((alignment) => ({
        alignment,
        count: byAlignment[alignment] ?? 0,
      })),
      oldestUnreviewedLinkId: (links!.oldest as string | null) ?? null,
      openConflicts: conflicts.reduce((sum, c) => sum + c.n, 0),
      conflictsByKind: Object.values(SynergyConflictKind).map((kind) => ({
        kind,
        count: conflicts.find((c) => c.kind === kind)?.n ?? 0,
      })),
    };
  }

  /** A trajectory's overview: its sector, and links where one of its parties owns or assesses. */
  async trajectoryOverview(trajectory: SynergyTrajectory, asOf?: string | null): Promise<OverviewCounts> {
    const parties = await this.loaders.partiesByTrajectoryId.load(trajectory.id);
    return this.overview({ sectorId: trajectory.sectorId, partyIds: parties.map((p) => p.id), asOf });
  }

  async oldestLink(id: string | null): Promise<SynergyLink | null> {
    return id ? this.loaders.synergyLinkById.load(id) : null;
  }
}
