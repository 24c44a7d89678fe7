import type { DataSource, EntityManager } from 'typeorm';
import { Guideline, Intervention, Party, Recommendation, Sector, SynergyLink } from '../../../entities';
import { Capability } from '../../../entities/capability.enum';
import { ConsultationTargetKind } from '../../../entities/consultation.enums';
import { GUIDELINE_TRANSITIONS, GuidelineStatus } from '../../../entities/synergy.enums';
import type { Connection } from '../../../schema/connection';
import { decodeIdOf, decodeIdListOf } from '../../../schema/global-id';
import { OutputTargetType } from '../../../entities/deliverable.enums';
import { reachedArtefact, recordOutputReached } from '../deliverables/output-progress';
import type {
  ChangeGuidelineStatusInput,
  CreateGuidelineInput,
  CreateRecommendationInput,
  GuidelineFilter,
  PublishGuidelineVersionInput,
  RemoveRecommendationInput,
  UpdateGuidelineInput,
  UpdateRecommendationInput,
} from '../../../schema/inputs/synergy.input';
import type { Config } from '../../config';
import { BadUserInputError, NotFoundError } from '../../errors';
import type { Loaders } from '../../loaders';
import { changesBetween, type AuditService } from '../identity/audit.service';
import { paginate, type PageArgs } from '../../shared/pagination';
import { likePattern } from '../../shared/text-search';
import { GUIDELINE_VISIBLE_SQL, SynergyAccess } from '../../auth/synergy.access';
import { clearFormerOwnersConfirmations, LINK_AUDITED, markLinksNeedingReview } from './synergy-link.service';
import { assertNoRunningRound } from '../consultation/running-round';
import { inviteOwners } from './guideline-ownership.service';
import { lockForChange, sameSet, saveNewVersion } from '../../shared/versioning';
import { newKey } from '../../shared/keys';
import { assertTransition } from '../../shared/transitions';
import { today } from '../../today';

const GUIDELINE_AUDITED: (keyof Guideline & string)[] = [
  'title',
  'status',
  'edition',
  'publishedOn',
  'reviewDueOn',
  'externalUrl',
];
const RECOMMENDATION_AUDITED: (keyof Recommendation & string)[] = [
  'guidelineId',
  'text',
  'kind',
  'interventionId',
  'population',
  'strength',
  'evidenceCertainty',
];

async function decodeExisting(
  manager: EntityManager,
  entity: typeof Party | typeof Sector | typeof Intervention,
  type: string,
  ids: string[],
  field: string,
): Promise<string[]> {
  const decoded = [...new Set(ids.map((id, i) => decodeIdOf(type, id, `${field}[${i}]`)))];
  if (decoded.length === 0) return decoded;
  const found = await manager.getRepository(entity).count({ where: decoded.map((id) => ({ id })) });
  if (found !== decoded.length) throw new BadUserInputError(`"${field}" names a ${type} that does not exist.`, field);
  return decoded;
}

/** Guidelines and their recommendations: owned and edited by their associations only. */
export class GuidelineService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly loaders: Loaders,
    private readonly config: Config,
    private readonly audit: AuditService,
    private readonly access: SynergyAccess,
  ) {}

  async list(filter: GuidelineFilter | null | undefined, page: PageArgs): Promise<Connection<Guideline>> {
    const scope = await this.access.readScope();
    const query = this.dataSource
      .getRepository(Guideline)
      .createQueryBuilder('guideline')
      .where(GUIDELINE_VISIBLE_SQL('guideline', ':scopeAll', ':scopeParties'), {
        scopeAll: scope.all,
        scopeParties: scope.partyIds,
      });
    if (filter?.status) query.andWhere('guideline.status = :status', { status: filter.status });
    const sectorIds = decodeIdListOf('Sector', filter, 'sectorIds', 'sectorId');
    if (sectorIds)
      query.andWhere(
        'EXISTS (SELECT 1 FROM guideline_sector gs WHERE gs.guideline_id = guideline.id AND gs.sector_id = ANY(:sectorIds))',
        { sectorIds },
      );
    const ownerIds = decodeIdListOf('Party', filter, 'ownerPartyIds', 'ownerPartyId');
    if (ownerIds)
      query.andWhere(
        'EXISTS (SELECT 1 FROM guideline_owner go WHERE go.guideline_id = guideline.id AND go.party_id = ANY(:ownerIds))',
        { ownerIds },
      );
    if (filter?.search?.trim())
      query.andWhere('unaccent(guideline.title) ILIKE unaccent(:pattern)', { pattern: likePattern(filter.search) });
    return paginate(query, page, {
      sortKeys: [
        { expression: 'guideline.title', value: (g) => g.title },
        { expression: 'guideline.id', value: (g) => g.id },
      ],
      maxPageSize: this.config.maxPageSize,
    });
  }

  async byId(globalId: string): Promise<Guideline | null> {
    const guideline = await this.loaders.guidelineById.load(decodeIdOf('Guideline', globalId));
    return guideline && (await this.access.canReadGuideline(guideline)) ? guideline : null;
  }

  async recommendationById(globalId: string): Promise<Recommendation | null> {
    const recommendation = await this.loaders.recommendationById.load(decodeIdOf('Recommendation', globalId));
    if (!recommendation) return null;
    const guideline = await this.loaders.guidelineById.load(recommendation.guidelineId);
    return guideline && (await this.access.canReadGuideline(guideline)) ? recommendation : null;
  }

  async create(input: CreateGuidelineInput): Promise<Guideline> {
    if (input.ownerPartyIds.length === 0)
      throw new BadUserInputError('A guideline needs at least one owning association.', 'input.ownerPartyIds');
    return this.dataSource.transaction(async (manager) => {
      const owners = await decodeExisting(manager, Party, 'Party', input.ownerPartyIds, 'input.ownerPartyIds');
      await assertAssociations(manager, owners);
      const actingPartyId = await this.access.assertAsOwner(
        Capability.MANAGE_GUIDELINES,
        owners,
        'create a guideline for these owners',
      );
      const sectors = await decodeExisting(manager, Sector, 'Sector', input.sectorIds ?? [], 'input.sectorIds');
      const guideline = await manager.save(
        Guideline,
        manager.create(Guideline, {
          key: newKey(input.title),
          title: input.title.trim(),
          status: GuidelineStatus.IN_DEVELOPMENT,
          reviewDueOn: input.reviewDueOn ?? null,
          externalUrl: input.externalUrl ?? null,
        }),
      );
      // Only the creator's own association owns it at once; the others named become owners by accepting.
      await this.replaceJoin(manager, 'guideline_owner', 'party_id', guideline.id, [actingPartyId]);
      await this.replaceJoin(manager, 'guideline_sector', 'sector_id', guideline.id, sectors);
      await this.audit.record(manager, {
        entityType: 'Guideline',
        entityId: guideline.id,
        action: 'CREATE',
        ownerPartyId: actingPartyId,
        actingPartyId,
        changes: [
          ...changesBetween(null, guideline, GUIDELINE_AUDITED),
          { field: 'ownerPartyIds', before: null, after: [actingPartyId] },
          { field: 'sectorIds', before: null, after: sectors },
        ],
      });
      await inviteOwners(
        manager,
        this.audit,
        guideline.id,
        owners.filter((owner) => owner !== actingPartyId),
        actingPartyId,
      );
      return guideline;
    });
  }

  private async replaceJoin(
    manager: EntityManager,
    table: 'guideline_owner' | 'guideline_sector',
    column: 'party_id' | 'sector_id',
    guidelineId: string,
    ids: string[],
  ): Promise<void> {
    await manager.query(`DELETE FROM ${table} WHERE guideline_id = $1`, [guidelineId]);
    if (ids.length)
      await manager.query(`INSERT INTO ${table} (guideline_id, ${column}) SELECT $1, unnest($2::uuid[])`, [
        guidelineId,
        ids,
      ]);
  }

  /** Locks the guideline, checks the version and that the viewer edits for one of its owners. */
  private async lockOwned(manager: EntityManager, id: string, version: number, what: string) {
    const {
      current,
      authorized: { owners, actingPartyId },
    } = await lockForChange(manager, Guideline, id, version, 'guideline', async (guideline) => {
      // The owners after the lock: a former owner queued behind its own removal is refused, not told the version.
      const owners = await SynergyAccess.ownerIdsIn(manager, guideline.id);
      return {
        owners,
        actingPartyId: await this.access.assertGuidelineOwner(guideline, owners, Capability.MANAGE_GUIDELINES, what),
      };
    });
    return { current, owners, actingPartyId };
  }

  async update(input: UpdateGuidelineInput): Promise<Guideline> {
    const id = decodeIdOf('Guideline', input.id, 'input.id');
    return this.dataSource.transaction(async (manager) => {
      const { current, owners, actingPartyId } = await this.lockOwned(
        manager,
        id,
        input.version,
        'edit this guideline',
      );
      const changes: Partial<Guideline> = {};
      if (input.title) changes.title = input.title.trim();
      if (input.reviewDueOn !== undefined) changes.reviewDueOn = input.reviewDueOn;
      if (input.externalUrl !== undefined) changes.externalUrl = input.externalUrl;
      const extra = [];
      let formerOwners: string[] = [];
      let invited: string[] = [];
      if (input.ownerPartyIds) {
        const next = await decodeExisting(manager, Party, 'Party', input.ownerPartyIds, 'input.ownerPartyIds');
        if (next.length === 0)
          throw new BadUserInputError('A guideline needs at least one owning association.', 'input.ownerPartyIds');
        await this.access.assertOwnersChange(owners, next);
        invited = next.filter((owner) => !owners.includes(owner));
        await assertAssociations(manager, invited);
        // An association added is invited, not made an owner: the owners that stay are the current ones named.
        const staying = owners.filter((owner) => next.includes(owner));
        if (staying.length === 0)
          throw new BadUserInputError(
            'A guideline needs at least one owning association: an invited one counts once it accepts.',
            'input.ownerPartyIds',
          );
        if (!sameSet(owners, staying)) {
          await this.replaceJoin(manager, 'guideline_owner', 'party_id', id, staying);
          extra.push({ field: 'ownerPartyIds', before: owners, after: staying });
          formerOwners = owners.filter((owner) => !staying.includes(owner));
        }
      }
      if (input.sectorIds) {
        const next = await decodeExisting(manager, Sector, 'Sector', input.sectorIds, 'input.sectorIds');
        const before = (
          (await manager.query('SELECT sector_id FROM guideline_sector WHERE guideline_id = $1', [id])) as {
            sector_id: string;
          }[]
        ).map((r) => r.sector_id);
        if (!sameSet(before, next)) {
          await this.replaceJoin(manager, 'guideline_sector', 'sector_id', id, next);
          extra.push({ field: 'sectorIds', before, after: next });
        }
      }
      const changed = [
        ...changesBetween(current, { ...current, ...changes } as Guideline, GUIDELINE_AUDITED),
        ...extra,
      ];
      // Invitations are records of their own, with their own versions: they do not make a new guideline version.
      await inviteOwners(manager, this.audit, id, invited, actingPartyId);
      // Nothing changed: no new version, so nobody else's next edit gets a CONFLICT for it (as for deliverables).
      if (changed.length === 0) return current;
      const saved = await saveNewVersion(manager, Guideline, current, changes);
      await this.audit.record(manager, {
        entityType: 'Guideline',
        entityId: id,
        action: 'UPDATE',
        ownerPartyId: actingPartyId,
        actingPartyId,
        changes: changed,
      });
      // An owner that left confirms for the guideline no more.
      if (formerOwners.length)
        await clearFormerOwnersConfirmations(manager, this.audit, id, formerOwners, actingPartyId);
      return saved;
    });
  }

  /** A new edition: status PUBLISHED, edition +1; every confirmed link of the guideline needs review. */
  async publishVersion(input: PublishGuidelineVersionInput): Promise<Guideline> {
    const id = decodeIdOf('Guideline', input.id, 'input.id');
    return this.dataSource.transaction(async (manager) => {
      const { current, actingPartyId } = await this.lockOwned(manager, id, input.version, 'publish this guideline');
      assertTransition('guideline', GUIDELINE_TRANSITIONS, current.status, GuidelineStatus.PUBLISHED, 'input.status');
      await assertNoRunningRound(manager, ConsultationTargetKind.GUIDELINE, id, {
        message:
          'A consultation round on this guideline has not been concluded; close it, answer its contributions and conclude it before publishing.',
        field: 'input.id',
      });
      const saved = await saveNewVersion(manager, Guideline, current, {
        status: GuidelineStatus.PUBLISHED,
        edition: current.edition + 1,
        publishedOn: input.publishedOn ?? today(),
        ...(input.reviewDueOn !== undefined ? { reviewDueOn: input.reviewDueOn } : {}),
      });
      await this.audit.record(manager, {
        entityType: 'Guideline',
        entityId: id,
        action: 'PUBLISH',
        ownerPartyId: actingPartyId,
        actingPartyId,
        changes: changesBetween(current, saved, GUIDELINE_AUDITED),
      });
      await markLinksNeedingReview(
        manager,
        this.audit,
        { guidelineId: id },
        `Edition ${saved.edition} of the guideline “${saved.title}” was published on ${saved.publishedOn}.`,
        actingPartyId,
      );
      await recordOutputReached(
        manager,
        this.audit,
        { userId: this.audit.actorId, partyId: actingPartyId },
        reachedArtefact(OutputTargetType.GUIDELINE, saved.key, { title: saved.title, number: saved.edition }),
      );
      return saved;
    });
  }

  async changeStatus(input: ChangeGuidelineStatusInput): Promise<Guideline> {
    const id = decodeIdOf('Guideline', input.id, 'input.id');
    if (input.status === GuidelineStatus.PUBLISHED)
      throw new BadUserInputError('Publish with publishGuidelineVersion, which raises the edition.', 'input.status', {
        allowed: [GuidelineStatus.UNDER_REVISION, GuidelineStatus.WITHDRAWN],
      });
    return this.dataSource.transaction(async (manager) => {
      const { current, actingPartyId } = await this.lockOwned(manager, id, input.version, 'change this guideline');
      assertTransition('guideline', GUIDELINE_TRANSITIONS, current.status, input.status, 'input.status');
      const saved = await saveNewVersion(manager, Guideline, current, { status: input.status });
      await this.audit.record(manager, {
        entityType: 'Guideline',
        entityId: id,
        action: 'UPDATE',
        ownerPartyId: actingPartyId,
        actingPartyId,
        changes: changesBetween(current, saved, GUIDELINE_AUDITED),
      });
      return saved;
    });
  }

  private async interventionId(manager: EntityManager, globalId: string | null | undefined, field: string) {
    if (!globalId) return null;
    const id = decodeIdOf('Intervention', globalId, field);
    if (!(await manager.existsBy(Intervention, { id })))
      throw new BadUserInputError('No intervention with this id.', field);
    return id;
  }

  async createRecommendation(input: CreateRecommendationInput): Promise<Recommendation> {
    const guidelineId = decodeIdOf('Guideline', input.guidelineId, 'input.guidelineId');
    return this.dataSource.transaction(async (manager) => {
      // Shared: recommendations may be added side by side, but not while the owners change; the owners are
      // read after it, so a former owner queued behind its own removal is refused.
      const guideline = await manager.findOne(Guideline, {
        where: { id: guidelineId },
        lock: { mode: 'pessimistic_read' },
      });
      if (!guideline) throw new NotFoundError('No guideline with this id.');
      const owners = await SynergyAccess.ownerIdsIn(manager, guidelineId);
      const actingPartyId = await this.access.assertGuidelineOwner(
        guideline,
        owners,
        Capability.MANAGE_GUIDELINES,
        'edit this guideline',
      );
      const recommendation = await manager.save(
        Recommendation,
        manager.create(Recommendation, {
          key: newKey(input.text),
          guidelineId,
          text: input.text.trim(),
          kind: input.kind,
          interventionId: await this.interventionId(manager, input.interventionId, 'input.interventionId'),
          population: input.population?.trim() || null,
          strength: input.strength ?? null,
          evidenceCertainty: input.evidenceCertainty ?? null,
        }),
      );
      await this.audit.record(manager, {
        entityType: 'Recommendation',
        entityId: recommendation.id,
        action: 'CREATE',
        ownerPartyId: actingPartyId,
        actingPartyId,
        changes: changesBetween(null, recommendation, RECOMMENDATION_AUDITED),
      });
      return recommendation;
    });
  }

  private async lockRecommendation(
    manager: EntityManager,
    id: string,
    version: number,
    mode: 'NO KEY UPDATE' | 'UPDATE' = 'NO KEY UPDATE',
  ) {
    const { current, authorized: actingPartyId } = await lockForChange(
      manager,
      Recommendation,
      id,
      version,
      'recommendation',
      async (r) =>
        this.access.assertGuidelineOwner(
          await manager.findOneByOrFail(Guideline, { id: r.guidelineId }),
          await SynergyAccess.ownerIdsIn(manager, r.guidelineId),
          Capability.MANAGE_GUIDELINES,
          'edit this guideline',
        ),
      mode,
    );
    return { current, actingPartyId };
  }

  async updateRecommendation(input: UpdateRecommendationInput): Promise<Recommendation> {
    const id = decodeIdOf('Recommendation', input.id, 'input.id');
    return this.dataSource.transaction(async (manager) => {
      const { current, actingPartyId } = await this.lockRecommendation(manager, id, input.version);
      const changes: Partial<Recommendation> = {};
      if (input.text) changes.text = input.text.trim();
      if (input.kind) changes.kind = input.kind;
      if (input.interventionId !== undefined)
        changes.interventionId = await this.interventionId(manager, input.interventionId, 'input.interventionId');
      if (input.population !== undefined) changes.population = input.population?.trim() || null;
      if (input.strength !== undefined) changes.strength = input.strength;
      if (input.evidenceCertainty !== undefined) changes.evidenceCertainty = input.evidenceCertainty;
      const changed = changesBetween(current, { ...current, ...changes } as Recommendation, RECOMMENDATION_AUDITED);
      if (changed.length === 0) return current;
      const saved = await saveNewVersion(manager, Recommendation, current, changes);
      await this.audit.record(manager, {
        entityType: 'Recommendation',
        entityId: id,
        action: 'UPDATE',
        ownerPartyId: actingPartyId,
        actingPartyId,
        changes: changed,
      });
      // What the recommendation says changed: links confirmed on the old wording need a new review.
      if (changed.some((c) => ['text', 'kind', 'interventionId', 'population'].includes(c.field))) {
        await markLinksNeedingReview(
          manager,
          this.audit,
          { recommendationId: id },
          'Recommendation changed',
          actingPartyId,
        );
      }
      return saved;
    });
  }

  async removeRecommendation(input: RemoveRecommendationInput): Promise<string> {
    const id = decodeIdOf('Recommendation', input.id, 'input.id');
    return this.dataSource.transaction(async (manager) => {
      // FOR UPDATE: a link being inserted to it (holding it FOR KEY SHARE) is in before its links are read.
      const { current, actingPartyId } = await this.lockRecommendation(manager, id, input.version, 'UPDATE');
      // Its links go with it (ON DELETE CASCADE); their history records why.
      const links = await manager.find(SynergyLink, {
        where: { recommendationId: id },
        lock: { mode: 'pessimistic_write' },
      });
      await manager.delete(Recommendation, { id });
      await this.audit.recordMany(
        manager,
        links.map((link) => ({
          entityType: 'SynergyLink',
          entityId: link.id,
          action: 'DELETE',
          ownerPartyId: actingPartyId,
          actingPartyId,
          changes: changesBetween(link, null, LINK_AUDITED),
        })),
      );
      await this.audit.record(manager, {
        entityType: 'Recommendation',
        entityId: id,
        action: 'DELETE',
        ownerPartyId: actingPartyId,
        actingPartyId,
        changes: changesBetween(current, null, RECOMMENDATION_AUDITED),
      });
      return id;
    });
  }
}

/** Guidelines are owned by scientific or professional associations only (docs/domain.md). */
async function assertAssociations(manager: EntityManager, partyIds: string[]): Promise<void> {
  if (partyIds.length === 0) return;
  const others: unknown[] = await manager.query(
    `SELECT id FROM party WHERE id = ANY($1) AND kind NOT IN ('SCIENTIFIC_ASSOCIATION', 'PROFESSIONAL_ASSOCIATION')`,
    [partyIds],
  );
  if (others.length > 0)
    throw new BadUserInputError(
      'Only scientific or professional associations can own a guideline.',
      'input.ownerPartyIds',
    );
}
