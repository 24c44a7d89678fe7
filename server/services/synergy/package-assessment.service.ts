import type { DataSource, EntityManager } from 'typeorm';
import {
  AssessmentCriterionVerdict,
  Intervention,
  PackageAssessment,
  PackageCriterion,
  Party,
  Sector,
} from '../../../entities';
import { Capability } from '../../../entities/capability.enum';
import { ConsultationTargetKind } from '../../../entities/consultation.enums';
import { AssessmentOutcome } from '../../../entities/synergy.enums';
import type { Policy } from '../../auth/policy';
import type { Connection } from '../../../schema/connection';
import { decodeIdOf, decodeIdListOf } from '../../../schema/global-id';
import { OutputTargetType } from '../../../entities/deliverable.enums';
import { asOfOrToday } from '../deliverables/deliverable-query';
import { reachedArtefact, recordOutputReached } from '../deliverables/output-progress';
import type {
  CreatePackageAssessmentInput,
  CriterionVerdictInput,
  PackageAssessmentFilter,
  PublishPackageAssessmentInput,
  UpdatePackageAssessmentInput,
} from '../../../schema/inputs/synergy.input';
import type { Config } from '../../config';
import { BadUserInputError } from '../../errors';
import type { Loaders } from '../../loaders';
import { changesBetween, type AuditService } from '../identity/audit.service';
import { newKey } from '../../shared/keys';
import { spanFromInput } from '../../shared/fuzzy-dates';
import { paginate, type PageArgs } from '../../shared/pagination';
import { likePattern } from '../../shared/text-search';
import { ASSESSMENT_VISIBLE_SQL, type SynergyAccess } from '../../auth/synergy.access';
import type { PackageAccess } from '../../auth/package.access';
import { markLinksNeedingReview } from './synergy-link.service';
import { assertNoRunningRound } from '../consultation/running-round';
import { lockForChange, saveNewVersion } from '../../shared/versioning';
import { optionalRef } from '../../shared/references';

/** What an assessment's audit entries record; a re-assessment's CREATE records the same. */
export const PACKAGE_ASSESSMENT_AUDITED: (keyof PackageAssessment & string)[] = [
  'title',
  'kind',
  'assessorPartyId',
  'interventionId',
  'indication',
  'sectorId',
  'outcome',
  'conditions',
  'decisionDate',
  'url',
  'published',
  'admissionStart',
  'admissionEnd',
  'admissionProjectId',
];

/** Package assessments: Zorginstituut creates, edits and publishes its own; drafts stay internal. */
export class PackageAssessmentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly loaders: Loaders,
    private readonly config: Config,
    private readonly policy: Policy,
    private readonly audit: AuditService,
    private readonly access: SynergyAccess,
    private readonly assessments: PackageAccess,
  ) {}

  async list(
    filter: PackageAssessmentFilter | null | undefined,
    page: PageArgs,
  ): Promise<Connection<PackageAssessment>> {
    const scope = await this.access.readScope();
    const query = this.dataSource
      .getRepository(PackageAssessment)
      .createQueryBuilder('assessment')
      .where(ASSESSMENT_VISIBLE_SQL('assessment', ':scopeAll', ':scopeParties'), {
        scopeAll: scope.all,
        scopeParties: scope.partyIds,
      });
    const sectorIds = decodeIdListOf('Sector', filter, 'sectorIds', 'sectorId');
    if (sectorIds) query.andWhere('assessment.sectorId = ANY(:sectorIds)', { sectorIds });
    if (filter?.interventionId)
      query.andWhere('assessment.interventionId = :interventionId', {
        interventionId: decodeIdOf('Intervention', filter.interventionId, 'filter.interventionId'),
      });
    if (filter?.outcome) query.andWhere('assessment.outcome = :outcome', { outcome: filter.outcome });
    if (filter?.kind) query.andWhere('assessment.kind = :kind', { kind: filter.kind });
    if (filter?.search?.trim())
      query.andWhere('unaccent(assessment.title) ILIKE unaccent(:pattern)', { pattern: likePattern(filter.search) });
    if (filter?.stage) query.andWhere('assessment.stage = :stage', { stage: filter.stage });
    if (filter?.conditionOverdue != null)
      query.andWhere(
        `${filter.conditionOverdue ? '' : 'NOT '}EXISTS (SELECT 1 FROM assessment_condition c
          WHERE c.assessment_id = assessment.id AND c.state = 'OPEN' AND c.due_latest < :conditionsAsOf)`,
        { conditionsAsOf: asOfOrToday(filter.asOf) },
      );
    if (filter?.conditionalAdmissionEndingBefore)
      query.andWhere('assessment.admissionEnd < :admissionEndBefore', {
        admissionEndBefore: filter.conditionalAdmissionEndingBefore,
      });
    return paginate(query, page, {
      sortKeys: [
        { expression: 'assessment.title', value: (a) => a.title },
        { expression: 'assessment.id', value: (a) => a.id },
      ],
      maxPageSize: this.config.maxPageSize,
    });
  }

  async byId(globalId: string): Promise<PackageAssessment | null> {
    const assessment = await this.loaders.packageAssessmentById.load(decodeIdOf('PackageAssessment', globalId));
    return assessment && (await this.access.canReadAssessment(assessment)) ? assessment : null;
  }

  private async replaceVerdicts(manager: EntityManager, assessmentId: string, verdicts: CriterionVerdictInput[]) {
    const rows = verdicts.map((v, i) => ({
      assessmentId,
      criterionId: decodeIdOf('PackageCriterion', v.criterionId, `input.verdicts[${i}].criterionId`),
      verdict: v.verdict,
      explanation: v.explanation?.trim() || null,
    }));
    const ids = new Set(rows.map((r) => r.criterionId));
    if (ids.size !== rows.length) throw new BadUserInputError('Give each criterion once.', 'input.verdicts');
    if (ids.size && (await manager.count(PackageCriterion, { where: [...ids].map((id) => ({ id })) })) !== ids.size)
      throw new BadUserInputError('A verdict names a package criterion that does not exist.', 'input.verdicts');
    await manager.delete(AssessmentCriterionVerdict, { assessmentId });
    if (rows.length) await manager.insert(AssessmentCriterionVerdict, rows);
    return rows.map(({ criterionId, verdict, explanation }) => ({ criterionId, verdict, explanation }));
  }

  async create(input: CreatePackageAssessmentInput): Promise<PackageAssessment> {
    const assessorPartyId = input.assessorPartyId
      ? decodeIdOf('Party', input.assessorPartyId, 'input.assessorPartyId')
      : (await this.policy.check(Capability.PUBLISH_ASSESSMENTS)).actingPartyId;
    const actingPartyId = await this.policy.assert(
      Capability.PUBLISH_ASSESSMENTS,
      assessorPartyId,
      'create package assessments for this party',
    );
    return this.dataSource.transaction(async (manager) => {
      if (!assessorPartyId || !(await manager.existsBy(Party, { id: assessorPartyId })))
        throw new BadUserInputError('No party with this id.', 'input.assessorPartyId');
      const assessment = await manager.save(
        PackageAssessment,
        manager.create(PackageAssessment, {
          key: newKey(input.title),
          title: input.title.trim(),
          kind: input.kind,
          assessorPartyId,
          interventionId: await optionalRef(
            manager,
            Intervention,
            'Intervention',
            input.interventionId,
            'input.interventionId',
          ),
          indication: input.indication?.trim() || null,
          sectorId: await optionalRef(manager, Sector, 'Sector', input.sectorId, 'input.sectorId'),
          outcome: input.outcome ?? null,
          conditions: input.conditions?.trim() || null,
          decisionDate: spanFromInput(input.decisionDate, 'input.decisionDate'),
          url: input.url ?? null,
          published: input.published ?? false,
        }),
      );
      const verdicts = await this.replaceVerdicts(manager, assessment.id, input.verdicts ?? []);
      await this.audit.record(manager, {
        entityType: 'PackageAssessment',
        entityId: assessment.id,
        action: 'CREATE',
        ownerPartyId: assessorPartyId,
        actingPartyId,
        changes: [
          ...changesBetween(null, assessment, PACKAGE_ASSESSMENT_AUDITED),
          { field: 'verdicts', before: null, after: verdicts },
        ],
      });
      return assessment;
    });
  }

  /** A changed outcome puts the assessment's confirmed links on NEEDS_REVIEW. */
  async update(input: UpdatePackageAssessmentInput): Promise<PackageAssessment> {
    const id = decodeIdOf('PackageAssessment', input.id, 'input.id');
    return this.dataSource.transaction(async (manager) => {
      const { current, authorized: actingPartyId } = await lockForChange(
        manager,
        PackageAssessment,
        id,
        input.version,
        'package assessment',
        (assessment) => this.assessments.assertChange(assessment, 'edit this package assessment'),
      );
      const changes: Partial<PackageAssessment> = {};
      if (input.title) changes.title = input.title.trim();
      if (input.interventionId !== undefined)
        changes.interventionId = await optionalRef(
          manager,
          Intervention,
          'Intervention',
          input.interventionId,
          'input.interventionId',
        );
      if (input.indication !== undefined) changes.indication = input.indication?.trim() || null;
      if (input.sectorId !== undefined)
        changes.sectorId = await optionalRef(manager, Sector, 'Sector', input.sectorId, 'input.sectorId');
      if (input.outcome !== undefined) changes.outcome = input.outcome;
      // A conditional admission exists only with that outcome (setConditionalAdmission): it ends with it.
      if (input.outcome !== undefined && input.outcome !== AssessmentOutcome.CONDITIONAL_ADMISSION)
        Object.assign(changes, { admissionStart: null, admissionEnd: null, admissionProjectId: null });
      if (input.conditions !== undefined) changes.conditions = input.conditions?.trim() || null;
      if (input.decisionDate !== undefined)
        changes.decisionDate = spanFromInput(input.decisionDate, 'input.decisionDate');
      if (input.url !== undefined) changes.url = input.url;
      const extra = [];
      if (input.verdicts) {
        const before = (await manager.findBy(AssessmentCriterionVerdict, { assessmentId: id })).map(
          ({ criterionId, verdict, explanation }) => ({ criterionId, verdict, explanation }),
        );
        const after = await this.replaceVerdicts(manager, id, input.verdicts);
        if (JSON.stringify(before) !== JSON.stringify(after)) extra.push({ field: 'verdicts', before, after });
      }
      const changed = [
        ...changesBetween(current, { ...current, ...changes } as PackageAssessment, PACKAGE_ASSESSMENT_AUDITED),
        ...extra,
      ];
      // Nothing changed: no new version, so nobody else's next edit gets a CONFLICT for it (as for deliverables).
      if (changed.length === 0) return current;
      const saved = await saveNewVersion(manager, PackageAssessment, current, changes);
      await this.audit.record(manager, {
        entityType: 'PackageAssessment',
        entityId: id,
        action: 'UPDATE',
        ownerPartyId: current.assessorPartyId,
        actingPartyId,
        changes: changed,
      });
      if (saved.outcome !== current.outcome)
        await markLinksNeedingReview(
          manager,
          this.audit,
          { assessmentId: id },
          `The outcome of “${saved.title}” changed from ${current.outcome ?? 'not stated'} to ${saved.outcome ?? 'not stated'}.`,
          actingPartyId,
        );
      return saved;
    });
  }

  async publish(input: PublishPackageAssessmentInput): Promise<PackageAssessment> {
    const id = decodeIdOf('PackageAssessment', input.id, 'input.id');
    return this.dataSource.transaction(async (manager) => {
      const { current, authorized: actingPartyId } = await lockForChange(
        manager,
        PackageAssessment,
        id,
        input.version,
        'package assessment',
        (assessment) => this.assessments.assertChange(assessment, 'publish this package assessment'),
      );
      if (current.published)
        throw new BadUserInputError('This assessment is already published.', 'input.id', { allowed: [] });
      await assertNoRunningRound(manager, ConsultationTargetKind.PACKAGE_ASSESSMENT, id, {
        message:
          'A consultation round on this assessment has not been concluded; close it, answer its contributions and conclude it before publishing.',
        field: 'input.id',
      });
      const saved = await saveNewVersion(manager, PackageAssessment, current, { published: true });
      await this.audit.record(manager, {
        entityType: 'PackageAssessment',
        entityId: id,
        action: 'PUBLISH',
        ownerPartyId: current.assessorPartyId,
        actingPartyId,
        changes: changesBetween(current, saved, PACKAGE_ASSESSMENT_AUDITED),
      });
      await recordOutputReached(
        manager,
        this.audit,
        { userId: this.audit.actorId, partyId: actingPartyId },
        reachedArtefact(OutputTargetType.PACKAGE_ASSESSMENT, saved.key, { title: saved.title }),
      );
      return saved;
    });
  }
}
