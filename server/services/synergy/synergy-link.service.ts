import { randomUUID } from 'node:crypto';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { snakeCase } from 'typeorm/util/StringUtils';
import { Guideline, PackageAssessment, Recommendation, SynergyLink } from '../../../entities';
import type { FieldChange } from '../../../entities/audit-event.entity';
import { Capability } from '../../../entities/capability.enum';
import { SynergyAlignment, SynergyLinkSide, type SynergyLinkType } from '../../../entities/synergy.enums';
import type { Connection } from '../../../schema/connection';
import { decodeIdOf, decodeIdListOf } from '../../../schema/global-id';
import type {
  ConfirmSynergyLinkInput,
  DisputeSynergyLinkInput,
  GuidelineLinkInput,
  RemoveSynergyLinkInput,
  ResolveSynergyLinkDisputeInput,
  SynergyLinkFilter,
  UpdateSynergyLinkInput,
  UpsertGuidelineLinksInput,
} from '../../../schema/inputs/synergy.input';
import type { Policy } from '../../auth/policy';
import type { Config } from '../../config';
import { BadUserInputError, ConflictError, DomainError, ErrorCode, NotFoundError } from '../../errors';
import type { Loaders } from '../../loaders';
import { changesBetween, type AuditEntry, type AuditService } from '../identity/audit.service';
import { paginate, type PageArgs } from '../../shared/pagination';
import {
  ASSESSMENT_VISIBLE_SQL,
  awaitingSides,
  GUIDELINE_OWNER_IDS_SQL,
  GUIDELINE_VISIBLE_SQL,
  SynergyAccess,
} from '../../auth/synergy.access';
import { entityReader } from '../../db/entity-reader';
import { writeRows } from '../../db/data-source';
import { lockForChange, NEXT_VERSION_SQL, saveNewVersion, versionConflict } from '../../shared/versioning';

/** Fields whose before/after the audit trail (and so the link history) keeps. */
export const LINK_AUDITED: (keyof SynergyLink & string)[] = [
  'guidelineId',
  'recommendationId',
  'assessmentId',
  'linkType',
  'alignment',
  'rationale',
  'ownerConfirmedAt',
  'ownerConfirmedPartyId',
  'assessorConfirmedAt',
  'assessorConfirmedPartyId',
  'disputeSide',
  'disputeReason',
  'reviewReason',
];

/** Why one link item is refused; `field` is relative to the item (`assessmentId`, `version`, …). */
export interface LinkItemRefusal {
  code: ErrorCode;
  field: string;
  message: string;
  currentVersion?: number;
}

/** One refused item of a batch: `extensions.items` of the BAD_USER_INPUT error. */
export interface LinkItemError extends LinkItemRefusal {
  index: number;
}

export interface UpsertLinksResult {
  guideline: Guideline;
  /** Per input item, in order: the stored link, or null for a removed one. */
  links: (SynergyLink | null)[];
  created: number;
  updated: number;
  removed: number;
  unchanged: number;
}

/**
 * The rule “an edit clears both confirmations”: these fields go back to null and the link waits for
 * confirmation again from now on. Entity writes take `confirmationsCleared()`, writes of many rows
 * `CONFIRMATIONS_CLEARED_SQL`; both come from this one list.
 */
const CONFIRMATION_FIELDS = [
  'ownerConfirmedAt',
  'ownerConfirmedById',
  'ownerConfirmedPartyId',
  'assessorConfirmedAt',
  'assessorConfirmedById',
  'assessorConfirmedPartyId',
] as const satisfies readonly (keyof SynergyLink)[];

type ConfirmationField = (typeof CONFIRMATION_FIELDS)[number];

/** The guideline side's confirmation: what an owner that leaves the guideline takes with it. */
const OWNER_CONFIRMATION_FIELDS = [
  'ownerConfirmedAt',
  'ownerConfirmedById',
  'ownerConfirmedPartyId',
] as const satisfies readonly ConfirmationField[];

export function confirmationsCleared(now = new Date()): Partial<SynergyLink> {
  return { ...Object.fromEntries(CONFIRMATION_FIELDS.map((field) => [field, null])), pendingSince: now };
}

/** SQL SET list clearing `fields` of `synergy_link`: the link waits for confirmation again from now. */
const clearedSql = (fields: readonly ConfirmationField[]) =>
  [...fields.map((field) => `${snakeCase(field)} = NULL`), 'pending_since = now()'].join(', ');

export const CONFIRMATIONS_CLEARED_SQL = clearedSql(CONFIRMATION_FIELDS);

/**
 * An edit (alignment, rationale) clears both confirmations. It settles a pending review only by leaving
 * NEEDS_REVIEW (`alignment` is the one after the edit): until the owner sets an alignment again, the link
 * keeps the reason it needs review.
 */
export function editResets(alignment: SynergyAlignment, now = new Date()): Partial<SynergyLink> {
  return {
    ...confirmationsCleared(now),
    ...(alignment === SynergyAlignment.NEEDS_REVIEW ? {} : { reviewReason: null }),
  };
}

/** SQL twin of `editResets` for an UPDATE of `synergy_link l`; `alignment` is the SQL of the new alignment. */
const EDIT_RESETS_SQL = (alignment: string) =>
  `${CONFIRMATIONS_CLEARED_SQL}, review_reason = CASE WHEN ${alignment} = 'NEEDS_REVIEW' THEN l.review_reason END`;

function naturalKey(recommendationId: string | null, assessmentId: string, linkType: string): string {
  return `${recommendationId ?? '-'}|${assessmentId}|${linkType}`;
}

export function isConfirmed(link: Pick<SynergyLink, 'ownerConfirmedAt' | 'assessorConfirmedAt'>): boolean {
  return link.ownerConfirmedAt !== null && link.assessorConfirmedAt !== null;
}

/** An item's ids, decoded; null where the item gave none or one that does not decode. */
export interface LinkItemIds {
  recommendationId: string | null;
  assessmentId: string | null;
}

function refusal(code: ErrorCode, field: string, message: string, extra = {}): LinkItemRefusal {
  return { code, field, message, ...extra };
}

/** The error a refused single link answers with; `field` names the refused input field. */
export function refusalError(refused: LinkItemRefusal, field: string): DomainError {
  if (refused.code === ErrorCode.NOT_FOUND) return new NotFoundError(refused.message);
  if (refused.code === ErrorCode.CONFLICT)
    return new ConflictError(refused.message, { currentVersion: refused.currentVersion });
  return new BadUserInputError(refused.message, field);
}

/** Decodes one item's ids; an id that does not decode refuses the item. */
export function decodeLinkItem(item: GuidelineLinkInput): { ids: LinkItemIds; refusals: LinkItemRefusal[] } {
  const refusals: LinkItemRefusal[] = [];
  let recommendationId: string | null = null;
  let assessmentId: string | null = null;
  try {
    if (item.recommendationId) recommendationId = decodeIdOf('Recommendation', item.recommendationId, 'x');
  } catch {
    refusals.push(refusal(ErrorCode.BAD_USER_INPUT, 'recommendationId', 'Not the id of a recommendation.'));
  }
  try {
    assessmentId = decodeIdOf('PackageAssessment', item.assessmentId, 'x');
  } catch {
    refusals.push(refusal(ErrorCode.BAD_USER_INPUT, 'assessmentId', 'Not the id of a package assessment.'));
  }
  return { ids: { recommendationId, assessmentId }, refusals };
}

function batchError(index: number, refused: LinkItemRefusal): LinkItemError {
  return { index, ...refused, field: `input.links[${index}].${refused.field}` };
}

/** Decodes each item's ids; an undecodable id refuses only its item. */
export function decodeLinkItems(items: readonly GuidelineLinkInput[]): { ids: LinkItemIds[]; errors: LinkItemError[] } {
  const errors: LinkItemError[] = [];
  const ids = items.map((item, index) => {
    const decoded = decodeLinkItem(item);
    errors.push(...decoded.refusals.map((r) => batchError(index, r)));
    return decoded.ids;
  });
  return { ids, errors };
}

/** What the checks need to know from the database about the items of one write. */
export interface LinkBatchFacts {
  /** The guideline of each recommendation the items name that exists. */
  recommendationGuideline: ReadonlyMap<string, string>;
  /** The named assessments that exist and the viewer may read. */
  visibleAssessmentIds: ReadonlySet<string>;
  /** The guideline's links to the named assessments. */
  existing: readonly SynergyLink[];
}

/** What one item does once its checks pass. */
export type LinkItemAction =
  | {
      action: 'CREATE';
      recommendationId: string | null;
      assessmentId: string;
      linkType: SynergyLinkType;
      alignment: SynergyAlignment;
      rationale: string | null;
    }
  | { action: 'UPDATE'; current: SynergyLink; alignment: SynergyAlignment; rationale: string | null }
  | { action: 'REMOVE'; current: SynergyLink }
  | { action: 'UNCHANGED'; current: SynergyLink };

export type PlannedItem = LinkItemAction & { index: number };

/** The refusal of a stale item version, worded and carried as every stale version (versioning.ts). */
function staleRefusal(current: SynergyLink, expected: number): LinkItemRefusal | null {
  const conflict = versionConflict(current.version, expected, 'synergy link');
  return conflict && refusal(ErrorCode.CONFLICT, 'version', conflict.message, { currentVersion: current.version });
}

/**
 * The checks of one item, in order, for a single link and for each item of a batch alike: what it does,
 * or why it is refused; null for an item whose ids did not decode (decoding refused it). `earlier` holds
 * the links named by earlier items of a batch, by their natural key (empty for a single link); `key` is
 * the link this item names, once known, so a batch can refuse later items naming it again.
 */
export function checkLinkItem(
  guidelineId: string,
  item: GuidelineLinkInput,
  ids: LinkItemIds,
  facts: LinkBatchFacts,
  earlier: ReadonlyMap<string, number>,
): { key?: string; outcome: LinkItemAction | LinkItemRefusal | null } {
  const refuse = (code: ErrorCode, field: string, message: string, key?: string) => ({
    key,
    outcome: refusal(code, field, message),
  });
  const { recommendationId, assessmentId } = ids;
  // An id that did not decode was refused already; read as "no recommendation", the item would take the
  // place of a whole-guideline link and make a later, valid one a duplicate.
  if (item.recommendationId && !recommendationId) return { outcome: null };
  if (recommendationId) {
    const owner = facts.recommendationGuideline.get(recommendationId);
    if (!owner) return refuse(ErrorCode.NOT_FOUND, 'recommendationId', 'No recommendation with this id.');
    if (owner !== guidelineId)
      return refuse(ErrorCode.BAD_USER_INPUT, 'recommendationId', 'This recommendation belongs to another guideline.');
  }
  if (!assessmentId) return { outcome: null };
  if (!facts.visibleAssessmentIds.has(assessmentId))
    return refuse(ErrorCode.NOT_FOUND, 'assessmentId', 'No package assessment with this id.');
  if (item.alignment === SynergyAlignment.NEEDS_REVIEW)
    return refuse(
      ErrorCode.BAD_USER_INPUT,
      'alignment',
      'NEEDS_REVIEW is set by the platform; choose another alignment.',
    );
  const key = naturalKey(recommendationId, assessmentId, item.linkType);
  const duplicateOf = earlier.get(key);
  if (duplicateOf !== undefined)
    return refuse(
      ErrorCode.BAD_USER_INPUT,
      'linkType',
      `The same link as item ${duplicateOf}; send each link once.`,
      key,
    );
  const current = facts.existing.find((l) => naturalKey(l.recommendationId, l.assessmentId, l.linkType) === key);
  if (item.remove) {
    if (!current) return refuse(ErrorCode.NOT_FOUND, 'assessmentId', 'There is no such link to remove.', key);
    if (item.version == null)
      return refuse(ErrorCode.BAD_USER_INPUT, 'version', 'Send the version of the link you remove.', key);
    return { key, outcome: staleRefusal(current, item.version) ?? { action: 'REMOVE', current } };
  }
  if (current) {
    if (item.version == null)
      return refuse(
        ErrorCode.BAD_USER_INPUT,
        'version',
        `This link exists (version ${current.version}); send its version to change it.`,
        key,
      );
    const stale = staleRefusal(current, item.version);
    if (stale) return { key, outcome: stale };
    const alignment = item.alignment ?? current.alignment;
    const rationale = item.rationale === undefined ? current.rationale : item.rationale?.trim() || null;
    if (alignment === current.alignment && rationale === current.rationale)
      return { key, outcome: { action: 'UNCHANGED', current } };
    return { key, outcome: { action: 'UPDATE', current, alignment, rationale } };
  }
  if (item.version != null)
    return refuse(
      ErrorCode.NOT_FOUND,
      'version',
      'There is no such link to change; omit the version to create it.',
      key,
    );
  if (!item.alignment) return refuse(ErrorCode.BAD_USER_INPUT, 'alignment', 'A new link needs an alignment.', key);
  return {
    key,
    outcome: {
      action: 'CREATE',
      recommendationId,
      assessmentId,
      linkType: item.linkType,
      alignment: item.alignment,
      rationale: item.rationale?.trim() || null,
    },
  };
}

/**
 * Decides what each item of a batch does (create, update, remove, nothing) or why it is refused, with
 * the checks of one item (`checkLinkItem`); it reads and writes nothing itself.
 */
export function planLinkItems(
  guidelineId: string,
  items: readonly GuidelineLinkInput[],
  ids: readonly LinkItemIds[],
  facts: LinkBatchFacts,
): { plan: PlannedItem[]; errors: LinkItemError[] } {
  const errors: LinkItemError[] = [];
  const plan: PlannedItem[] = [];
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const { key, outcome } = checkLinkItem(guidelineId, item, ids[index]!, facts, seen);
    if (key !== undefined && !seen.has(key)) seen.set(key, index);
    if (!outcome) return;
    if ('code' in outcome) errors.push(batchError(index, outcome));
    else plan.push({ index, ...outcome });
  });
  return { plan, errors };
}

/** The audit changes of a new link, for the single write and the batch alike. */
function creationChanges(guidelineId: string, c: Extract<LinkItemAction, { action: 'CREATE' }>): FieldChange[] {
  return [
    { field: 'guidelineId', before: null, after: guidelineId },
    ...(c.recommendationId ? [{ field: 'recommendationId', before: null, after: c.recommendationId }] : []),
    { field: 'assessmentId', before: null, after: c.assessmentId },
    { field: 'linkType', before: null, after: c.linkType },
    { field: 'alignment', before: null, after: c.alignment },
    ...(c.rationale ? [{ field: 'rationale', before: null, after: c.rationale }] : []),
  ];
}

/**
 * Synergy links: associations maintain them from their guidelines (one by one or as a batch),
 * each side confirms or disputes, Zorginstituut resolves disputes. History is the audit trail.
 */
export class SynergyLinkService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly loaders: Loaders,
    private readonly config: Config,
    private readonly policy: Policy,
    private readonly audit: AuditService,
    private readonly access: SynergyAccess,
  ) {}

  async byId(globalId: string): Promise<SynergyLink | null> {
    const link = await this.loaders.synergyLinkById.load(decodeIdOf('SynergyLink', globalId));
    return link && (await this.access.canReadLink(link)) ? link : null;
  }

  async list(filter: SynergyLinkFilter | null | undefined, page: PageArgs): Promise<Connection<SynergyLink>> {
    const scope = await this.access.readScope();
    const query = this.dataSource
      .getRepository(SynergyLink)
      .createQueryBuilder('link')
      .innerJoin('guideline', 'g', 'g.id = link.guideline_id')
      .innerJoin('package_assessment', 'a', 'a.id = link.assessment_id')
      .where(GUIDELINE_VISIBLE_SQL('g', ':scopeAll', ':scopeParties'))
      .andWhere(ASSESSMENT_VISIBLE_SQL('a', ':scopeAll', ':scopeParties'))
      .setParameters({ scopeAll: scope.all, scopeParties: scope.partyIds });
    if (filter?.guidelineId)
      query.andWhere('link.guidelineId = :gid', {
        gid: decodeIdOf('Guideline', filter.guidelineId, 'filter.guidelineId'),
      });
    if (filter?.assessmentId)
      query.andWhere('link.assessmentId = :aid', {
        aid: decodeIdOf('PackageAssessment', filter.assessmentId, 'filter.assessmentId'),
      });
    if (filter?.alignment) query.andWhere('link.alignment = :alignment', { alignment: filter.alignment });
    if (filter?.confirmed === true)
      query.andWhere('link.ownerConfirmedAt IS NOT NULL AND link.assessorConfirmedAt IS NOT NULL');
    if (filter?.confirmed === false)
      query.andWhere('(link.ownerConfirmedAt IS NULL OR link.assessorConfirmedAt IS NULL)');
    if (filter?.awaitingSide === SynergyLinkSide.GUIDELINE_OWNER) query.andWhere('link.ownerConfirmedAt IS NULL');
    if (filter?.awaitingSide === SynergyLinkSide.ASSESSOR) query.andWhere('link.assessorConfirmedAt IS NULL');
    if (filter?.disputed === true) query.andWhere('link.disputeSide IS NOT NULL');
    if (filter?.disputed === false) query.andWhere('link.disputeSide IS NULL');
    const sectorIds = decodeIdListOf('Sector', filter, 'sectorIds', 'sectorId');
    // A link is in the sectors of both its ends, as the sector overview counts it (and as partyIds reads both).
    if (sectorIds)
      query.andWhere(
        '(EXISTS (SELECT 1 FROM guideline_sector gs WHERE gs.guideline_id = link.guideline_id AND gs.sector_id = ANY(:sectorIds)) OR a.sector_id = ANY(:sectorIds))',
        { sectorIds },
      );
    const partyIds = decodeIdListOf('Party', filter, 'partyIds', 'partyId');
    if (partyIds)
      query.andWhere(
        '(a.assessor_party_id = ANY(:partyIds) OR EXISTS (SELECT 1 FROM guideline_owner go WHERE go.guideline_id = link.guideline_id AND go.party_id = ANY(:partyIds)))',
        { partyIds },
      );
    return paginate(query, page, {
      sortKeys: [
        { expression: 'link.createdAt', value: (l) => l.createdAt },
        { expression: 'link.id', value: (l) => l.id },
      ],
      maxPageSize: this.config.maxPageSize,
    });
  }

  // ---- writes ----

  /**
   * The batch: every item is checked first; any invalid item refuses the whole batch with
   * BAD_USER_INPUT and `extensions.items` listing each refused item. Otherwise everything is applied
   * in one transaction with a handful of statements whatever the batch size: the facts with the existing
   * links locked, one update, one delete, and one insert that carries the audit and domain events.
   */
  async upsertGuidelineLinks(input: UpsertGuidelineLinksInput): Promise<UpsertLinksResult> {
    const guidelineId = decodeIdOf('Guideline', input.guidelineId, 'input.guidelineId');
    return this.dataSource.transaction(async (manager) => {
      // Locking the guideline serialises batches of one guideline, so two systems sending links cannot
      // interleave; the links themselves are locked with the facts the permission is decided on, and their
      // versions checked after it.
      const { ids, errors: idErrors } = decodeLinkItems(input.links);
      const {
        current: guideline,
        authorized: { actingPartyId, facts },
      } = await lockForChange(manager, Guideline, guidelineId, null, 'guideline', async (g) => {
        // The owners come with the batch's facts, in a statement after the lock: one that waited for the lock
        // still reads its subqueries as they were before the wait (an owner that just left would pass).
        const { ownerIds, ...facts } = await this.readFacts(manager, g.id, ids);
        return { actingPartyId: await this.assertLinkManager(g, ownerIds), facts };
      });
      const { plan, errors: planErrors } = planLinkItems(guidelineId, input.links, ids, facts);
      const errors = [...idErrors, ...planErrors].sort((x, y) => x.index - y.index);
      if (errors.length) {
        throw new BadUserInputError(
          `${errors.length} of ${input.links.length} links are invalid; nothing was applied.`,
          'input.links',
          { items: errors },
        );
      }
      const result = await this.applyPlan(manager, guideline, plan, actingPartyId);
      return { guideline, ...result };
    });
  }

  /**
   * One new link from a recommendation (or a whole guideline) to an assessment: its own write, with the
   * checks of one batch item and errors about its own input fields. It only creates (the input carries
   * no version); an existing link is changed with `update` or the batch.
   */
  async linkToAssessment(input: {
    guidelineId?: string | null;
    recommendationId?: string | null;
    assessmentId: string;
    linkType: SynergyLinkType;
    alignment: SynergyAlignment;
    rationale?: string | null;
  }): Promise<SynergyLink> {
    const givenGuidelineId = input.guidelineId ? decodeIdOf('Guideline', input.guidelineId, 'input.guidelineId') : null;
    const recommendationId =
      !givenGuidelineId && input.recommendationId
        ? decodeIdOf('Recommendation', input.recommendationId, 'input.recommendationId')
        : null;
    if (!givenGuidelineId && !recommendationId)
      throw new BadUserInputError('Give a recommendationId or a guidelineId.', 'input.guidelineId');
    return this.dataSource.transaction(async (manager) => {
      const guidelineId = givenGuidelineId ?? (await this.guidelineOf(manager, recommendationId!));
      const { authorized: actingPartyId } = await lockForChange(
        manager,
        Guideline,
        guidelineId,
        null,
        'guideline',
        async (g) => this.assertLinkManager(g, await SynergyAccess.ownerIdsIn(manager, g.id)),
      );
      const item: GuidelineLinkInput = {
        recommendationId: input.recommendationId ?? null,
        assessmentId: input.assessmentId,
        linkType: input.linkType,
        alignment: input.alignment,
        rationale: input.rationale ?? null,
      };
      const { ids, refusals } = decodeLinkItem(item);
      // An item whose ids decode always gets an outcome.
      const checked = refusals.length
        ? refusals[0]!
        : checkLinkItem(guidelineId, item, ids, await this.readFacts(manager, guidelineId, [ids]), new Map()).outcome!;
      // Without a version in the input, the only refusal about a version is a link that already exists.
      if ('code' in checked && checked.field === 'version')
        throw new BadUserInputError(
          'This link exists; change it with updateSynergyLink, which takes its version.',
          'input.assessmentId',
        );
      if ('code' in checked) throw refusalError(checked, `input.${checked.field}`);
      if (checked.action !== 'CREATE') throw new Error(`A link without a version cannot be ${checked.action}.`);
      const [{ id }]: { id: string }[] = await manager.query(
        `INSERT INTO synergy_link (guideline_id, recommendation_id, assessment_id, link_type, alignment, rationale, pending_since)
         VALUES ($1, $2, $3, $4, $5, $6, now()) RETURNING id`,
        [
          guidelineId,
          checked.recommendationId,
          checked.assessmentId,
          checked.linkType,
          checked.alignment,
          checked.rationale,
        ],
      );
      await this.audit.record(manager, {
        entityType: 'SynergyLink',
        entityId: id,
        action: 'CREATE',
        ownerPartyId: actingPartyId,
        actingPartyId,
        changes: creationChanges(guidelineId, checked),
      });
      return manager.findOneByOrFail(SynergyLink, { id });
    });
  }

  /** The guideline of a recommendation, read in the write's transaction. */
  private async guidelineOf(manager: EntityManager, recommendationId: string): Promise<string> {
    const recommendation = await manager.findOneBy(Recommendation, { id: recommendationId });
    if (!recommendation) throw new NotFoundError('No recommendation with this id.');
    return recommendation.guidelineId;
  }

  /** Links are maintained by an owning association of the guideline (a hidden draft is NOT_FOUND). */
  private async assertLinkManager(guideline: Guideline, ownerIds: string[]): Promise<string> {
    return this.access.assertGuidelineOwner(
      guideline,
      ownerIds,
      Capability.MANAGE_SYNERGY_LINKS,
      'change the links of this guideline',
    );
  }

  /**
   * What the checks of the items need from the database, with the guideline's owners, read in the write's
   * transaction after the guideline's lock; the guideline's links to the named assessments are locked until
   * it ends.
   */
  private async readFacts(
    manager: EntityManager,
    guidelineId: string,
    ids: readonly LinkItemIds[],
  ): Promise<LinkBatchFacts & { ownerIds: string[] }> {
    const recommendationIds = [...new Set(ids.map((d) => d.recommendationId).filter((id): id is string => !!id))];
    const assessmentIds = [...new Set(ids.map((d) => d.assessmentId).filter((id): id is string => !!id))];
    const scope = await this.access.readScope();
    const links = entityReader(manager.dataSource, SynergyLink);
    // One statement, not three: on a busy server each round trip of a write waits a turn of the event
    // loop, and a batch's latency is its number of round trips more than their cost. The links come out
    // as rows (read into entities as any row is), the recommendations and assessments beside them.
    const rows = await writeRows<Record<string, unknown>>(
      manager,
      `WITH recommendations AS (
             -- One of a guideline the viewer may not read is as missing as one that does not exist.
             SELECT r.id, r.guideline_id FROM recommendation r JOIN guideline g ON g.id = r.guideline_id
              WHERE r.id = ANY($1) AND ${GUIDELINE_VISIBLE_SQL('g', '$3', '$4')}
           ), assessments AS (
             SELECT a.id FROM package_assessment a WHERE a.id = ANY($2) AND ${ASSESSMENT_VISIBLE_SQL('a', '$3', '$4')}
           ), existing AS (
             SELECT ${links.columnsOf('l')} FROM synergy_link l
              WHERE l.guideline_id = $5 AND l.assessment_id = ANY($2) FOR UPDATE
           )
           SELECT e.*,
                  (SELECT coalesce(json_agg(json_build_array(id, guideline_id)), '[]') FROM recommendations) AS facts_recommendations,
                  (SELECT coalesce(array_agg(id), '{}') FROM assessments) AS facts_assessments,
                  (${GUIDELINE_OWNER_IDS_SQL('$5')}) AS facts_owners
             FROM (SELECT 1) one LEFT JOIN existing e ON true`,
      [recommendationIds, assessmentIds, scope.all, scope.partyIds, guidelineId],
    );
    return {
      ownerIds: rows[0]!.facts_owners as string[],
      recommendationGuideline: new Map(rows[0]!.facts_recommendations as [string, string][]),
      visibleAssessmentIds: new Set(rows[0]!.facts_assessments as string[]),
      existing: rows.filter((row) => row.id !== null).map((row) => links.read(row)),
    };
  }

  private async applyPlan(
    manager: EntityManager,
    guideline: Guideline,
    plan: PlannedItem[],
    actingPartyId: string,
  ): Promise<Omit<UpsertLinksResult, 'guideline'>> {
    const creates = plan.filter((p): p is Extract<PlannedItem, { action: 'CREATE' }> => p.action === 'CREATE');
    const updates = plan.filter((p): p is Extract<PlannedItem, { action: 'UPDATE' }> => p.action === 'UPDATE');
    const removes = plan.filter((p): p is Extract<PlannedItem, { action: 'REMOVE' }> => p.action === 'REMOVE');
    const events: AuditEntry[] = [];
    const event = (entityId: string, action: string, changes: FieldChange[]) =>
      events.push({ entityType: 'SynergyLink', entityId, action, ownerPartyId: actingPartyId, actingPartyId, changes });

    // The stored links come back from the writes themselves (no trigger changes a link row after them).
    // New links get their ids here, so every audit event is known before the writes and rides on the
    // last of them: one round trip fewer, which on a busy server is a turn of the event loop fewer.
    const reader = entityReader(manager.dataSource, SynergyLink);
    const createdIds = new Map(creates.map((c) => [c.index, randomUUID()]));
    for (const c of creates) event(createdIds.get(c.index)!, 'CREATE', creationChanges(guideline.id, c));
    for (const u of updates) {
      const after = { ...u.current, alignment: u.alignment, rationale: u.rationale, ...editResets(u.alignment) };
      event(u.current.id, 'UPDATE', changesBetween(u.current, after as SynergyLink, LINK_AUDITED));
    }
    for (const r of removes) event(r.current.id, 'DELETE', changesBetween(r.current, null, LINK_AUDITED));

    const written = new Map<string, SynergyLink>();
    if (updates.length) {
      const updated = await writeRows(
        manager,
        `UPDATE synergy_link l
            SET alignment = v.al::synergy_alignment, rationale = v.ra, ${NEXT_VERSION_SQL('l')}, ${EDIT_RESETS_SQL('v.al')}
           FROM unnest($1::uuid[], $2::text[], $3::text[]) AS v(id, al, ra)
          WHERE l.id = v.id
         RETURNING ${reader.columnsOf('l')}`,
        [updates.map((u) => u.current.id), updates.map((u) => u.alignment), updates.map((u) => u.rationale)],
      );
      for (const row of updated) {
        const link = reader.read(row);
        written.set(link.id, link);
      }
    }
    if (removes.length) await manager.delete(SynergyLink, { id: In(removes.map((r) => r.current.id)) });
    if (events.length) {
      const inserted = await this.audit.recordManyWith(manager, events, {
        sql: (p) =>
          `INSERT INTO synergy_link (id, guideline_id, recommendation_id, assessment_id, link_type, alignment, rationale, pending_since)
           SELECT id, $${p}, r, a, t::synergy_link_type, al::synergy_alignment, ra, now()
             FROM unnest($${p + 1}::uuid[], $${p + 2}::uuid[], $${p + 3}::uuid[], $${p + 4}::text[], $${p + 5}::text[], $${p + 6}::text[])
                  WITH ORDINALITY AS v(id, r, a, t, al, ra, n)
            ORDER BY n
           RETURNING ${reader.columnsOf('synergy_link')}`,
        parameters: [
          guideline.id,
          [...createdIds.values()],
          creates.map((c) => c.recommendationId),
          creates.map((c) => c.assessmentId),
          creates.map((c) => c.linkType),
          creates.map((c) => c.alignment),
          creates.map((c) => c.rationale),
        ],
      });
      for (const row of inserted) {
        const link = reader.read(row);
        written.set(link.id, link);
      }
    }

    const links = plan
      .sort((a, b) => a.index - b.index)
      .map((p) => {
        if (p.action === 'REMOVE') return null;
        if (p.action === 'UNCHANGED') return p.current;
        const link = written.get(p.action === 'CREATE' ? createdIds.get(p.index)! : p.current.id);
        // The links are locked, so every write returns its row; a missing one is a bug, not a null.
        if (!link) throw new Error(`The batch's ${p.action} of item ${p.index} returned no row.`);
        return link;
      });
    return {
      links,
      created: creates.length,
      updated: updates.length,
      removed: removes.length,
      unchanged: plan.filter((p) => p.action === 'UNCHANGED').length,
    };
  }

  async update(input: UpdateSynergyLinkInput): Promise<SynergyLink> {
    const id = decodeIdOf('SynergyLink', input.id, 'input.id');
    if (input.alignment === SynergyAlignment.NEEDS_REVIEW)
      throw new BadUserInputError('NEEDS_REVIEW is set by the platform; choose another alignment.', 'input.alignment');
    return this.dataSource.transaction(async (manager) => {
      const { current, authorized: actingPartyId } = await lockForChange(
        manager,
        SynergyLink,
        id,
        input.version,
        'synergy link',
        (link) => this.assertOwnerChange(manager, link, 'change this link'),
      );
      const changes: Partial<SynergyLink> = {};
      if (input.alignment) changes.alignment = input.alignment;
      if (input.rationale !== undefined) changes.rationale = input.rationale?.trim() || null;
      const changed = Object.entries(changes).some(([k, v]) => current[k as keyof SynergyLink] !== v);
      if (!changed) return current;
      const saved = await saveNewVersion(manager, SynergyLink, current, {
        ...changes,
        ...editResets(changes.alignment ?? current.alignment),
      });
      await this.audit.record(manager, {
        entityType: 'SynergyLink',
        entityId: id,
        action: 'UPDATE',
        ownerPartyId: actingPartyId,
        actingPartyId,
        changes: changesBetween(current, saved, LINK_AUDITED),
      });
      return saved;
    });
  }

  async remove(input: RemoveSynergyLinkInput): Promise<string> {
    const id = decodeIdOf('SynergyLink', input.id, 'input.id');
    return this.dataSource.transaction(async (manager) => {
      const { current, authorized: actingPartyId } = await lockForChange(
        manager,
        SynergyLink,
        id,
        input.version,
        'synergy link',
        (link) => this.assertOwnerChange(manager, link, 'remove this link'),
        'UPDATE',
      );
      await manager.delete(SynergyLink, { id });
      await this.audit.record(manager, {
        entityType: 'SynergyLink',
        entityId: id,
        action: 'DELETE',
        ownerPartyId: actingPartyId,
        actingPartyId,
        changes: changesBetween(current, null, LINK_AUDITED),
      });
      return id;
    });
  }

  /** The owner's party acting on a link it may read (MANAGE_SYNERGY_LINKS); NOT_FOUND for one it may not. */
  private async assertOwnerChange(manager: EntityManager, link: SynergyLink, what: string): Promise<string> {
    await this.access.assertLinkReadable(link);
    return this.access.assertAsOwner(
      Capability.MANAGE_SYNERGY_LINKS,
      await SynergyAccess.ownerIdsIn(manager, link.guidelineId),
      what,
    );
  }

  /** The party acting for `side` of a link it may read (`SynergyAccess.assertSide`), from the transaction. */
  private async assertSide(
    manager: EntityManager,
    link: SynergyLink,
    side: SynergyLinkSide,
    capability: Capability,
    what: string,
  ): Promise<string | null> {
    await this.access.assertLinkReadable(link);
    return this.access.assertSide(
      side,
      capability,
      {
        ownerIds: () => SynergyAccess.ownerIdsIn(manager, link.guidelineId),
        assessorPartyId: async () =>
          (await manager.findOneByOrFail(PackageAssessment, { id: link.assessmentId })).assessorPartyId,
      },
      what,
    );
  }

  /**
   * Holds the ends of a link (guideline, recommendation, assessment) FOR SHARE until the transaction ends,
   * taken before the link itself. A change underneath a link — a new edition, a reworded recommendation, a
   * new outcome — locks its end FOR NO KEY UPDATE (lockForChange), which conflicts with FOR SHARE, and then clears
   * the confirmations of the end's links in two statements; a confirmation committed between them would survive
   * the change. Holding the ends makes a confirmation wait for such a change (and then find the link's version
   * moved) or the change wait for it.
   */
  private async holdEnds(manager: EntityManager, linkId: string): Promise<void> {
    // A link's ends never change, so reading them before the link is locked is safe.
    const [ends] = await writeRows<{ recommendation_id: string | null }>(
      manager,
      `SELECT l.recommendation_id FROM synergy_link l
         JOIN guideline g ON g.id = l.guideline_id
         JOIN package_assessment a ON a.id = l.assessment_id
        WHERE l.id = $1
          FOR SHARE OF g, a`,
      [linkId],
    );
    if (ends?.recommendation_id)
      await writeRows(manager, 'SELECT id FROM recommendation WHERE id = $1 FOR SHARE', [ends.recommendation_id]);
  }

  async confirm(input: ConfirmSynergyLinkInput): Promise<SynergyLink> {
    const id = decodeIdOf('SynergyLink', input.id, 'input.id');
    return this.dataSource.transaction(async (manager) => {
      await this.holdEnds(manager, id);
      const { current, authorized: actingPartyId } = await lockForChange(
        manager,
        SynergyLink,
        id,
        input.version,
        'synergy link',
        (link) =>
          this.assertSide(
            manager,
            link,
            input.side,
            Capability.CONFIRM_SYNERGY_LINKS,
            'confirm this link for this side',
          ),
      );
      const blocked = SynergyAccess.notConfirmable(current);
      if (blocked) throw new BadUserInputError(blocked, 'input.id');
      // A side confirms once: sent again at the link's current version (a colleague of the same side who read
      // it after the confirmation; one sent at an older version got CONFLICT above), the confirmation that
      // stands is the answer, with no new version, audit event or domain event, as any write changing nothing.
      if (!awaitingSides(current).includes(input.side)) return current;
      const now = new Date();
      const byId = this.policy.viewer.user!.id;
      const side: Partial<SynergyLink> =
        input.side === SynergyLinkSide.GUIDELINE_OWNER
          ? { ownerConfirmedAt: now, ownerConfirmedById: byId, ownerConfirmedPartyId: actingPartyId }
          : { assessorConfirmedAt: now, assessorConfirmedById: byId, assessorConfirmedPartyId: actingPartyId };
      const next = { ...current, ...side };
      const saved = await saveNewVersion(manager, SynergyLink, current, {
        ...side,
        pendingSince: isConfirmed(next) ? null : current.pendingSince,
      });
      await this.audit.record(manager, {
        entityType: 'SynergyLink',
        entityId: id,
        action: 'CONFIRM',
        ownerPartyId: actingPartyId,
        actingPartyId,
        changes: changesBetween(current, saved, LINK_AUDITED),
      });
      return saved;
    });
  }

  async dispute(input: DisputeSynergyLinkInput): Promise<SynergyLink> {
    const id = decodeIdOf('SynergyLink', input.id, 'input.id');
    return this.dataSource.transaction(async (manager) => {
      const { current, authorized: actingPartyId } = await lockForChange(
        manager,
        SynergyLink,
        id,
        input.version,
        'synergy link',
        (link) =>
          this.assertSide(
            manager,
            link,
            input.side,
            Capability.CONFIRM_SYNERGY_LINKS,
            'dispute this link for this side',
          ),
      );
      const blocked = SynergyAccess.notDisputable(current);
      if (blocked) throw new BadUserInputError(blocked, 'input.id');
      const clear: Partial<SynergyLink> =
        input.side === SynergyLinkSide.GUIDELINE_OWNER
          ? { ownerConfirmedAt: null, ownerConfirmedById: null, ownerConfirmedPartyId: null }
          : { assessorConfirmedAt: null, assessorConfirmedById: null, assessorConfirmedPartyId: null };
      const saved = await saveNewVersion(manager, SynergyLink, current, {
        ...clear,
        disputeSide: input.side,
        disputeReason: input.reason.trim(),
        disputedAt: new Date(),
        disputedById: this.policy.viewer.user!.id,
        disputedPartyId: actingPartyId,
        pendingSince: current.pendingSince ?? new Date(),
      });
      await this.audit.record(manager, {
        entityType: 'SynergyLink',
        entityId: id,
        action: 'DISPUTE',
        ownerPartyId: actingPartyId,
        actingPartyId,
        changes: changesBetween(current, saved, LINK_AUDITED),
      });
      return saved;
    });
  }

  async resolveDispute(input: ResolveSynergyLinkDisputeInput): Promise<SynergyLink> {
    const id = decodeIdOf('SynergyLink', input.id, 'input.id');
    if (input.alignment === SynergyAlignment.NEEDS_REVIEW)
      throw new BadUserInputError('NEEDS_REVIEW is set by the platform; choose another alignment.', 'input.alignment');
    return this.dataSource.transaction(async (manager) => {
      const { current, authorized: actingPartyId } = await lockForChange(
        manager,
        SynergyLink,
        id,
        input.version,
        'synergy link',
        async (link) => {
          await this.access.assertLinkReadable(link);
          return this.policy.assert(
            Capability.RESOLVE_LINK_DISPUTES,
            (await manager.findOneByOrFail(PackageAssessment, { id: link.assessmentId })).assessorPartyId,
            'resolve disputes on this link',
          );
        },
      );
      if (!current.disputeSide) throw new BadUserInputError('This link has no open dispute.', 'input.id');
      const realign = input.alignment && input.alignment !== current.alignment;
      const now = new Date();
      // The link waits for confirmation again from now (a new inbox item); `pendingSince` keeps when it
      // began waiting unless the alignment changes.
      const saved = await saveNewVersion(manager, SynergyLink, current, {
        disputeSide: null,
        disputeReason: null,
        disputedAt: null,
        disputedById: null,
        disputedPartyId: null,
        disputeResolvedAt: now,
        ...(realign ? { alignment: input.alignment!, ...editResets(input.alignment!, now) } : {}),
      });
      await this.audit.record(manager, {
        entityType: 'SynergyLink',
        entityId: id,
        action: 'RESOLVE_DISPUTE',
        ownerPartyId: actingPartyId,
        actingPartyId,
        changes: [
          ...changesBetween(current, saved, LINK_AUDITED),
          { field: 'resolution', before: null, after: input.resolution.trim() },
        ],
      });
      return saved;
    });
  }
}

/**
 * Puts the confirmed links of a guideline (or of an assessment) on NEEDS_REVIEW, clearing both
 * confirmations, in one statement, with one audit event per link. Returns how many.
 */
export async function markLinksNeedingReview(
  manager: EntityManager,
  audit: AuditService,
  where: { guidelineId: string } | { assessmentId: string } | { recommendationId: string },
  reason: string,
  actingPartyId: string | null,
): Promise<number> {
  const [column, target] =
    'guidelineId' in where
      ? ['guideline_id', where.guidelineId]
      : 'assessmentId' in where
        ? ['assessment_id', where.assessmentId]
        : ['recommendation_id', where.recommendationId];
  // TypeORM answers an UPDATE … RETURNING with [rows, affected count].
  const [rows]: [{ id: string; old_alignment: SynergyAlignment; owner_party_id: string | null }[], number] =
    await manager.query(
      `WITH target AS (
       SELECT id, alignment FROM synergy_link
        WHERE ${column} = $1 AND owner_confirmed_at IS NOT NULL AND assessor_confirmed_at IS NOT NULL
        FOR UPDATE
     )
     UPDATE synergy_link l
        SET alignment = 'NEEDS_REVIEW', review_reason = $2, ${NEXT_VERSION_SQL('l')}, ${CONFIRMATIONS_CLEARED_SQL}
       FROM target t
      WHERE l.id = t.id
      RETURNING l.id, t.alignment AS old_alignment,
                (SELECT go.party_id FROM guideline_owner go WHERE go.guideline_id = l.guideline_id ORDER BY go.party_id LIMIT 1) AS owner_party_id`,
      [target, reason],
    );
  await audit.recordMany(
    manager,
    rows.map((row) => ({
      entityType: 'SynergyLink',
      entityId: row.id,
      action: 'NEEDS_REVIEW',
      ownerPartyId: row.owner_party_id,
      actingPartyId,
      changes: [
        { field: 'alignment', before: row.old_alignment, after: SynergyAlignment.NEEDS_REVIEW },
        { field: 'confirmed', before: true, after: false },
        { field: 'reviewReason', before: null, after: reason },
      ],
    })),
  );
  // A link confirmed by one side only was confirmed as it stood: that confirmation goes too (the link waits
  // again, from now, not on NEEDS_REVIEW), or the other side's confirmation would complete it on what has
  // changed.
  await clearConfirmations(
    manager,
    audit,
    `${column} = $1 AND (owner_confirmed_at IS NULL) <> (assessor_confirmed_at IS NULL)`,
    [target],
    CONFIRMATION_FIELDS,
    reason,
    actingPartyId,
  );
  return rows.length;
}

/**
 * Associations that gave up their ownership of a guideline no longer confirm for its side: their
 * guideline-side confirmations of its links are cleared (the assessor's stands), so the link waits for a
 * remaining owner. Audited like the confirmations markLinksNeedingReview clears. Returns how many links.
 */
export async function clearFormerOwnersConfirmations(
  manager: EntityManager,
  audit: AuditService,
  guidelineId: string,
  formerOwnerIds: string[],
  actingPartyId: string | null,
): Promise<number> {
  return clearConfirmations(
    manager,
    audit,
    'guideline_id = $1 AND owner_confirmed_party_id = ANY($2::uuid[])',
    [guidelineId, formerOwnerIds],
    OWNER_CONFIRMATION_FIELDS,
    'The association that confirmed for the guideline no longer owns it.',
    actingPartyId,
  );
}

/**
 * Clears `fields` of the links `where` selects (SQL over `synergy_link`, bound to `params`), in one
 * statement, with one CONFIRMATION_CLEARED audit event per link naming the confirmations it lost and why
 * (`note`). The one place a write takes confirmations back without an edit of the link.
 */
async function clearConfirmations(
  manager: EntityManager,
  audit: AuditService,
  where: string,
  params: unknown[],
  fields: readonly ConfirmationField[],
  note: string,
  actingPartyId: string | null,
): Promise<number> {
  const [rows]: [Record<string, unknown>[], number] = await manager.query(
    `WITH target AS (
       SELECT * FROM synergy_link WHERE ${where} FOR UPDATE
     )
     UPDATE synergy_link l SET ${NEXT_VERSION_SQL('l')}, ${clearedSql(fields)}
       FROM target t
      WHERE l.id = t.id
      RETURNING l.id, ${fields.map((f) => `t.${snakeCase(f)} AS "${f}"`).join(', ')},
                (SELECT go.party_id FROM guideline_owner go WHERE go.guideline_id = l.guideline_id ORDER BY go.party_id LIMIT 1) AS owner_party_id`,
    params,
  );
  await audit.recordMany(
    manager,
    rows.map((row) => ({
      entityType: 'SynergyLink',
      entityId: row.id as string,
      action: 'CONFIRMATION_CLEARED',
      ownerPartyId: row.owner_party_id as string | null,
      actingPartyId,
      changes: [
        ...fields
          .filter((f) => LINK_AUDITED.includes(f) && row[f] != null)
          .map((f) => ({
            field: f,
            before: row[f] instanceof Date ? (row[f] as Date).toISOString() : row[f],
            after: null,
          })),
        { field: 'note', before: null, after: note },
      ],
    })),
  );
  return rows.length;
}
