import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { Guideline, PackageAssessment, Recommendation, SynergyLink, SynergyTrajectory } from '../../../entities';
import { SynergyAlignment, SynergyConflictKind } from '../../../entities/synergy.enums';
import { decodeIdListOf } from '../../../schema/global-id';
import type { SynergyConflictFilter } from '../../../schema/inputs/synergy.input';
import type { Config } from '../../config';
import { BadUserInputError } from '../../errors';
import { readRows } from '../../db/data-source';
import type { Loaders } from '../../loaders';
import { isPromiseLike, whenLoaded } from '../../shared/promises';
import { pageSize } from '../../shared/pagination';
import { ASSESSMENT_VISIBLE_SQL, GUIDELINE_VISIBLE_SQL, type SynergyAccess } from '../../auth/synergy.access';
import { today } from '../../today';

/** One stored conflict, as read for the reference date `asOf`. */
export interface SynergyConflictRow {
  id: string;
  kind: SynergyConflictKind;
  guidelineId: string;
  recommendationId: string | null;
  assessmentId: string | null;
  linkId: string | null;
  reviewDueOn: string | null;
  asOf: string;
}

export interface ConflictPage {
  nodes: SynergyConflictRow[];
  totalCount: number;
  hasNextPage: boolean;
  endCursor: string | null;
}

/** Which links an overview counts: of a sector (or all), where one of the parties (or anyone) owns or assesses. */
export interface OverviewScope {
  sectorId: string | null;
  partyIds: string[] | null;
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

/*
 * Conflicts are stored, and kept right by database triggers in the transaction of every write
 * (migration StoredConflicts1796000000000): published guidelines (PUBLISHED, UNDER_REVISION) against
 * published assessments only, so a conflict never reveals a draft. Recommendation and assessment
 * match on the intervention (the shared key of care + indication). A published guideline with a
 * review-due date is stored as a GUIDELINE_REVIEW_OVERDUE candidate; a read keeps it when that date
 * lies before its asOf. `synergy_conflict_sector` / `_party` hold each conflict again per sector and
 * party in key order, and `synergy_conflict_count` the counts per kind, so a page and its total cost
 * the same at any volume. Explanations are formatted when read, from the records as they are now.
 */
const OVERDUE = SynergyConflictKind.GUIDELINE_REVIEW_OVERDUE;
const COLUMNS = (m: string, key: string) =>
  `${key} AS id, ${m}.kind, ${m}.guideline_id, ${m}.recommendation_id, ${m}.assessment_id, ${m}.link_id,
   ${m}.review_due_on::text AS review_due_on`;
/** Drops the overdue candidates not yet due at asOf ($1). */
const DUE_BEFORE_AS_OF = (m: string) => `(${m}.review_due_on IS NULL OR ${m}.review_due_on < $1::date)`;
const NIL = '00000000-0000-0000-0000-000000000000';

/** The stored rows a filter reads (`m`, ordered by `key`), and how to count them. */
interface ConflictScope {
  from: string;
  key: string;
  where: string[];
  /** Where the maintained counts of this scope are (none when sector and party are combined). */
  counted: { scope: 'ALL' | 'SECTOR' | 'PARTY'; id: string; column: string | null } | null;
  /** Several parties without a sector: a conflict may appear once per party. */
  distinct: boolean;
}

function toRow(raw: Record<string, unknown>, asOf: string): SynergyConflictRow {
  return {
    id: raw.id as string,
    kind: raw.kind as SynergyConflictKind,
    guidelineId: raw.guideline_id as string,
    recommendationId: (raw.recommendation_id as string | null) ?? null,
    assessmentId: (raw.assessment_id as string | null) ?? null,
    linkId: (raw.link_id as string | null) ?? null,
    reviewDueOn: (raw.review_due_on as string | null) ?? null,
    asOf,
  };
}

/**
 * Which stored rows a filter reads: a sector's or a party's list when given, else every conflict;
 * $1 is asOf. Parameters are appended to `params`; the kind is a key range (keys start with it).
 */
function conflictScope(
  filter: { sectorIds?: string[] | null; kind?: SynergyConflictKind | null; partyIds?: string[] | null },
  params: unknown[],
): ConflictScope {
  const bind = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const parties = filter.partyIds ?? null;
  const partyMatch = (column: string) =>
    parties!.length === 1 ? `${column} = ${bind(parties![0])}` : `${column} = ANY(${bind(parties)})`;
  let scope: ConflictScope;
  const sectors = filter.sectorIds ?? null;
  if (sectors) {
    const one = sectors.length === 1;
    const sector = bind(one ? sectors[0] : sectors);
    scope = {
      from: 'synergy_conflict_sector m',
      key: 'm.conflict_key',
      where: [one ? `m.sector_id = ${sector}` : `m.sector_id = ANY(${sector}::uuid[])`],
      counted: parties || !one ? null : { scope: 'SECTOR', id: sector, column: 'sector_id' },
      distinct: !one,
    };
    if (parties)
      scope.where.push(
        `EXISTS (SELECT 1 FROM synergy_conflict_party p WHERE p.conflict_key = m.conflict_key AND ${partyMatch('p.party_id')})`,
      );
  } else if (parties) {
    const match = partyMatch('m.party_id');
    scope = {
      from: 'synergy_conflict_party m',
      key: 'm.conflict_key',
      where: [match],
      counted: parties.length === 1 ? { scope: 'PARTY', id: `$${params.length}`, column: 'party_id' } : null,
      distinct: parties.length > 1,
    };
  } else {
    scope = {
      from: 'synergy_conflict m',
      key: 'm.key',
      where: [],
      counted: { scope: 'ALL', id: `'${NIL}'`, column: null },
      distinct: false,
    };
  }
  if (filter.kind)
    scope.where.push(`${scope.key} >= ${bind(`${filter.kind}:`)}`, `${scope.key} < ${bind(`${filter.kind};`)}`);
  return scope;
}

/**
 * SQL for the number of conflicts per kind in a scope: the maintained counts plus the overdue
 * candidates due before asOf (a partial index range); for combined filters, a count of the rows.
 */
function countsByKindSql(
  scope: ConflictScope,
  kind: SynergyConflictKind | null | undefined,
  params: unknown[],
): string {
  const { counted } = scope;
  if (!counted)
    return `SELECT m.kind, count(${scope.distinct ? `DISTINCT ${scope.key}` : '*'})::int AS n
              FROM ${scope.from} WHERE ${[...scope.where, DUE_BEFORE_AS_OF('m')].join(' AND ')} GROUP BY m.kind`;
  const parts: string[] = [];
  if (kind !== OVERDUE) {
    params.push(kind ?? null);
    parts.push(`SELECT t.kind, t.n FROM synergy_conflict_count t
                 WHERE t.scope = '${counted.scope}' AND t.scope_id = ${counted.id}
                   AND ($${params.length}::synergy_conflict_kind IS NULL OR t.kind = $${params.length})`);
  }
  if (!kind || kind === OVERDUE) {
    const scopeWhere = counted.column ? [`m.${counted.column} = ${counted.id}`] : [];
    parts.push(`SELECT '${OVERDUE}'::synergy_conflict_kind AS kind, count(*)::int AS n FROM ${scope.from}
                 WHERE ${[...scopeWhere, `m.kind = '${OVERDUE}'`, 'm.review_due_on < $1::date'].join(' AND ')}`);
  }
  return parts.join(' UNION ALL ');
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

/** Whole days from one ISO date to another. */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
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
    const first = pageSize(page.first, this.config.maxPageSize);
    const params: unknown[] = [filter?.asOf ?? today()];
    const scope = conflictScope(
      {
        kind: filter?.kind,
        sectorIds: decodeIdListOf('Sector', filter, 'sectorIds', 'sectorId') ?? null,
        partyIds: decodeIdListOf('Party', filter, 'partyIds', 'partyId') ?? null,
      },
      params,
    );
    const counts = countsByKindSql(scope, filter?.kind, params);
    params.push(page.after ? decodeCursor(page.after) : '');
    const afterParam = `$${params.length}`;
    params.push(first + 1);
    // The page walks its index from the cursor; the total comes from the maintained counts. A conflict
    // of several of the given sectors or parties has a row for each: the page shows it once. Prepared:
    // planning it took longer than running it; its text depends on which filters are given, not their values.
    // The page size reaches LIMIT through a subquery: with a bare parameter PostgreSQL priced its generic
    // plan above the planned ones and planned every call anew (0.2–0.3 ms, against 0.06 ms to run it).
    const rows = await readRows(
      this.dataSource,
      `SELECT p.*, (SELECT coalesce(sum(n), 0)::int FROM (${counts}) counts) AS total_count
         FROM (SELECT 1) one
         LEFT JOIN LATERAL (
           SELECT ${scope.distinct ? `DISTINCT ON (${scope.key}) ` : ''}${COLUMNS('m', scope.key)} FROM ${scope.from}
            WHERE ${[...scope.where, DUE_BEFORE_AS_OF('m'), `${scope.key} > ${afterParam}`].join(' AND ')}
            ORDER BY ${scope.key} LIMIT (SELECT $${params.length}::int)
         ) p ON true`,
      params,
    );
    const asOf = params[0] as string;
    const totalCount = (rows[0]?.total_count as number | undefined) ?? 0;
    const found = rows.filter((r) => r.id !== null).map((r) => toRow(r, asOf));
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
      // Its own NEEDS_REVIEW conflict, and the rule conflicts between its recommendation (or
      // guideline) and its assessment.
      const rows: Record<string, unknown>[] = await this.dataSource.query(
        `SELECT s.id AS subject_id, ${COLUMNS('c', 'c.key')}
           FROM synergy_link s
           JOIN synergy_conflict c ON c.link_id = s.id
          WHERE s.id = ANY($1)
         UNION ALL
         SELECT s.id AS subject_id, ${COLUMNS('c', 'c.key')}
           FROM synergy_link s
           JOIN synergy_conflict c
             ON c.assessment_id = s.assessment_id
            AND c.kind IN ('RECOMMENDED_BUT_NOT_INSURED', 'ADVISED_AGAINST_BUT_INSURED')
            AND (c.recommendation_id = s.recommendation_id OR (s.recommendation_id IS NULL AND c.guideline_id = s.guideline_id))
          WHERE s.id = ANY($1)
          ORDER BY id`,
        [[...ids]],
      );
      return this.group(ids, rows, asOf);
    }
    const column = { guideline: 'guideline_id', recommendation: 'recommendation_id', assessment: 'assessment_id' }[
      subject
    ];
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT c.${column} AS subject_id, ${COLUMNS('c', 'c.key')}
         FROM synergy_conflict c
        WHERE c.${column} = ANY($2) AND ${DUE_BEFORE_AS_OF('c')}
        ORDER BY c.key`,
      [asOf, [...ids]],
    );
    return this.group(ids, rows, asOf);
  }

  private group(ids: readonly string[], rows: Record<string, unknown>[], asOf: string): SynergyConflictRow[][] {
    const bySubject = new Map<string, SynergyConflictRow[]>(ids.map((id) => [id, []]));
    for (const raw of rows) bySubject.get(raw.subject_id as string)?.push(toRow(raw, asOf));
    return ids.map((id) => bySubject.get(id) ?? []);
  }

  /**
   * Loads what the fields of a page of conflicts will read (`fields`: those selected on its nodes) before
   * graphql-js resolves them, so each then takes a plain value instead of a promise (Loader.get). The
   * statements are those the fields would send themselves: one per kind of record, and one for the
   * interventions explanations name. A load that fails is left for its field to report.
   */
  async preload(rows: readonly SynergyConflictRow[], fields: ReadonlySet<string>): Promise<void> {
    const explained = fields.has('explanation');
    const wants = (field: string) => explained || fields.has(field);
    const { guidelineById, recommendationById, packageAssessmentById, synergyLinkById } = this.loaders;
    const loads: Promise<unknown>[] = [];
    for (const row of rows) {
      if (wants('guideline')) loads.push(guidelineById.load(row.guidelineId));
      if (wants('recommendation') && row.recommendationId) loads.push(recommendationById.load(row.recommendationId));
      if (wants('assessment') && row.assessmentId) loads.push(packageAssessmentById.load(row.assessmentId));
      if (wants('link') && row.linkId) loads.push(synergyLinkById.load(row.linkId));
    }
    await Promise.allSettled(loads);
    // Explaining each conflict once reads the interventions the texts name, in one more batch (its text
    // is built twice: calling explain keeps the rule of what it reads in one place, and with the records
    // read, it is a few string joins; loading through explain from the start cost d ~10 % in promises).
    // An explanation that throws is left for its field to report too.
    if (explained)
      await Promise.allSettled(
        rows.map((row) => {
          try {
            return this.explain(row);
          } catch {
            return null;
          }
        }),
      );
  }

  /**
   * What is wrong, in words, from the records as they are now (a renamed guideline reads renamed at
   * once). Through the request's loaders: a page of conflicts costs a few batched statements, and once
   * `preload` has read them, no promise per conflict.
   */
  explain(row: SynergyConflictRow): string | Promise<string> {
    const guideline = this.loaders.guidelineById.get(row.guidelineId);
    const recommendation = row.recommendationId ? this.loaders.recommendationById.get(row.recommendationId) : null;
    const assessment = row.assessmentId ? this.loaders.packageAssessmentById.get(row.assessmentId) : null;
    const link = row.linkId ? this.loaders.synergyLinkById.get(row.linkId) : null;
    if ([guideline, recommendation, assessment, link].some(isPromiseLike))
      return Promise.all([guideline, recommendation, assessment, link]).then((records) =>
        this.explainFrom(row, ...records),
      );
    return this.explainFrom(
      row,
      guideline as Guideline | null,
      recommendation as Recommendation | null,
      assessment as PackageAssessment | null,
      link as SynergyLink | null,
    );
  }

  private explainFrom(
    row: SynergyConflictRow,
    guideline: Guideline | null,
    recommendation: Recommendation | null,
    assessment: PackageAssessment | null,
    link: SynergyLink | null,
  ): string | Promise<string> {
    const title = guideline?.title ?? '';
    switch (row.kind) {
      case SynergyConflictKind.RECOMMENDED_BUT_NOT_INSURED:
      case SynergyConflictKind.ADVISED_AGAINST_BUT_INSURED: {
        const named = recommendation?.interventionId
          ? this.loaders.interventionById.get(recommendation.interventionId)
          : null;
        return whenLoaded(named, (intervention) => {
          const population =
            recommendation?.population ?? assessment?.indication ?? intervention?.indication ?? 'the same indication';
          const ruling = `${assessment?.kind.toLowerCase() ?? ''} “${assessment?.title ?? ''}”`;
          return row.kind === SynergyConflictKind.RECOMMENDED_BUT_NOT_INSURED
            ? `The guideline “${title}” recommends (DO) “${intervention?.name ?? ''}” for ${population}, but the ${ruling} rules it is not insured (NOT_INSURED).`
            : `The guideline “${title}” advises against (DO_NOT) “${intervention?.name ?? ''}” for ${population}, while the ${ruling} keeps it insured (INSURED): a candidate for outflow (uitstroom).`;
        });
      }
      case SynergyConflictKind.LINK_NEEDS_REVIEW:
        return `The link between “${title}” and “${assessment?.title ?? ''}” needs review (NEEDS_REVIEW): ${link?.reviewReason ?? 'one side changed after it was confirmed.'} Both sides must confirm it again.`;
      case SynergyConflictKind.GUIDELINE_REVIEW_OVERDUE:
        return `The guideline “${title}” was due for review on ${row.reviewDueOn} (${daysBetween(row.reviewDueOn!, row.asOf)} days before ${row.asOf}).`;
    }
  }

  /** Counts for a sector (or everything): two statements, whatever the number of links. */
  async overview(scope: OverviewScope & { asOf?: string | null }): Promise<OverviewCounts> {
    return (await this.overviews([scope], scope.asOf ?? today()))[0]!;
  }

  /**
   * Counts for several scopes on one day (the trajectories of an overview) in the same two statements, a
   * branch per scope: a list of trajectories costs no statement per trajectory.
   */
  private async overviews(scopes: readonly OverviewScope[], asOf: string): Promise<OverviewCounts[]> {
    if (scopes.length === 0) return [];
    const read = await this.access.readScope();
    const params: unknown[] = [read.all, read.partyIds];
    const bind = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const linkBranches = scopes.map((scope, i) => {
      const where = [GUIDELINE_VISIBLE_SQL('g', '$1', '$2'), ASSESSMENT_VISIBLE_SQL('a', '$1', '$2')];
      if (scope.sectorId) {
        const sector = bind(scope.sectorId);
        where.push(
          `(EXISTS (SELECT 1 FROM guideline_sector gs WHERE gs.guideline_id = l.guideline_id AND gs.sector_id = ${sector}) OR a.sector_id = ${sector})`,
        );
      }
      if (scope.partyIds) {
        const parties = bind(scope.partyIds);
        where.push(
          `(a.assessor_party_id = ANY(${parties}) OR EXISTS (SELECT 1 FROM guideline_owner go WHERE go.guideline_id = l.guideline_id AND go.party_id = ANY(${parties})))`,
        );
      }
      return `(WITH l AS (
         SELECT l.* FROM synergy_link l
           JOIN guideline g ON g.id = l.guideline_id
           JOIN package_assessment a ON a.id = l.assessment_id
          WHERE ${where.join(' AND ')}
       )
       SELECT ${i} AS i, count(*)::int AS total,
              count(*) FILTER (WHERE owner_confirmed_at IS NOT NULL AND assessor_confirmed_at IS NOT NULL)::int AS confirmed,
              count(*) FILTER (WHERE owner_confirmed_at IS NULL)::int AS awaiting_owner,
              count(*) FILTER (WHERE assessor_confirmed_at IS NULL)::int AS awaiting_assessor,
              count(*) FILTER (WHERE dispute_side IS NOT NULL)::int AS disputed,
              (SELECT coalesce(json_object_agg(alignment, n), '{}') FROM (SELECT alignment, count(*)::int AS n FROM l GROUP BY alignment) x) AS by_alignment,
              (SELECT id FROM l WHERE pending_since IS NOT NULL ORDER BY pending_since, id LIMIT 1) AS oldest
         FROM l)`;
    });
    const conflictParams: unknown[] = [asOf];
    const conflictBranches = scopes.map((scope, i) => {
      const conflictsOf = conflictScope(
        { sectorIds: scope.sectorId ? [scope.sectorId] : null, partyIds: scope.partyIds },
        conflictParams,
      );
      return `SELECT ${i} AS i, c.kind, c.n FROM (${countsByKindSql(conflictsOf, null, conflictParams)}) c`;
    });
    const [links, conflicts] = await Promise.all([
      this.dataSource.query(linkBranches.join(' UNION ALL '), params) as Promise<Record<string, unknown>[]>,
      this.dataSource.query(conflictBranches.join(' UNION ALL '), conflictParams) as Promise<
        { i: number; kind: SynergyConflictKind; n: number }[]
      >,
    ]);
    return scopes.map((_, i) => {
      const row = links.find((r) => r.i === i)!;
      const mine = conflicts.filter((c) => c.i === i);
      const byAlignment = row.by_alignment as Record<string, number>;
      return {
        totalLinks: row.total as number,
        confirmedLinks: row.confirmed as number,
        awaitingGuidelineOwner: row.awaiting_owner as number,
        awaitingAssessor: row.awaiting_assessor as number,
        disputedLinks: row.disputed as number,
        byAlignment: Object.values(SynergyAlignment).map((alignment) => ({
          alignment,
          count: byAlignment[alignment] ?? 0,
        })),
        oldestUnreviewedLinkId: (row.oldest as string | null) ?? null,
        openConflicts: mine.reduce((sum, c) => sum + c.n, 0),
        conflictsByKind: Object.values(SynergyConflictKind).map((kind) => ({
          kind,
          count: mine.find((c) => c.kind === kind)?.n ?? 0,
        })),
      };
    });
  }

  /** Trajectories' overviews asked for in one tick (an overview's list, a list's fields): one batch per day. */
  private readonly trajectoryOverviews = new Map<string, DataLoader<SynergyTrajectory, OverviewCounts>>();

  /** A trajectory's overview: its sector, and links where one of its parties owns or assesses. */
  trajectoryOverview(trajectory: SynergyTrajectory, asOf?: string | null): Promise<OverviewCounts> {
    const day = asOf ?? today();
    let loader = this.trajectoryOverviews.get(day);
    if (!loader) {
      loader = new DataLoader(
        async (trajectories) => {
          const parties = await Promise.all(trajectories.map((t) => this.loaders.partiesByTrajectoryId.load(t.id)));
          return this.overviews(
            trajectories.map((t, i) => ({ sectorId: t.sectorId, partyIds: parties[i]!.map((p) => p.id) })),
            day,
          );
        },
        { cache: false },
      );
      this.trajectoryOverviews.set(day, loader);
    }
    return loader.load(trajectory);
  }

  async oldestLink(id: string | null): Promise<SynergyLink | null> {
    return id ? this.loaders.synergyLinkById.load(id) : null;
  }
}
