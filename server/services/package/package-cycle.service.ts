import type { DataSource, EntityManager } from 'typeorm';
import {
  AssessmentCondition,
  AssessmentEvaluation,
  AssessmentStageChange,
  PackageAssessment,
  Party,
  ResearchProject,
} from '../../../entities';
import {
  AssessmentStage,
  CONDITION_TRANSITIONS,
  ConditionState,
  STAGE_TRANSITIONS,
} from '../../../entities/package-cycle.enums';
import { AssessmentOutcome } from '../../../entities/synergy.enums';
import { decodeIdOf } from '../../../schema/global-id';
import type {
  AddAssessmentConditionInput,
  AddAssessmentEvaluationInput,
  MoveAssessmentStageInput,
  ReassessPackageAssessmentInput,
  SetConditionalAdmissionInput,
  UpdateAssessmentConditionInput,
} from '../../../schema/inputs/package-cycle.input';
import type { PackageAccess } from '../../auth/package.access';
import { today } from '../../today';
import { dateChangeFromInput, dateFromInput, fuzzyDateOrNull, NO_DATE } from '../../shared/fuzzy-dates';
import { BadUserInputError, NotFoundError } from '../../errors';
import { changesBetween, type AuditService } from '../identity/audit.service';
import { newKey } from '../../shared/keys';
import { assertTransition } from '../../shared/transitions';
import { lockForChange, saveNewVersion } from '../../shared/versioning';
import { PACKAGE_ASSESSMENT_AUDITED } from '../synergy/package-assessment.service';

/** Allowed next stage, or BAD_USER_INPUT listing the allowed ones (also in `extensions.allowed`). */
export function assertStageTransition(from: AssessmentStage, to: AssessmentStage, field: string): void {
  assertTransition('package assessment', STAGE_TRANSITIONS, from, to, field);
}

/** Allowed next condition state (keeping it is no transition), or BAD_USER_INPUT listing the allowed ones. */
export function assertConditionTransition(from: ConditionState, to: ConditionState, field: string): void {
  if (from !== to) assertTransition('condition', CONDITION_TRANSITIONS, from, to, field);
}

const CONDITION_AUDITED = ['assessmentId', 'text', 'ownerPartyId', 'due', 'state', 'evidence'] as const;
const ADMISSION_FIELDS: ('admissionStart' | 'admissionEnd' | 'admissionProjectId')[] = [
  'admissionStart',
  'admissionEnd',
  'admissionProjectId',
];

/** The package cycle of an assessment: stages, conditions, conditional admission, re-assessment, evaluation. */
export class PackageCycleService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly access: PackageAccess,
  ) {}

  private async recordStage(
    manager: EntityManager,
    assessment: PackageAssessment,
    to: AssessmentStage,
    partyId: string | null,
    note: string | null,
  ): Promise<PackageAssessment> {
    const saved = await saveNewVersion(manager, PackageAssessment, assessment, { stage: to });
    await manager.insert(AssessmentStageChange, {
      assessmentId: assessment.id,
      fromStage: assessment.stage,
      toStage: to,
      note,
      actorId: this.audit.actorId,
      partyId,
    });
    await this.audit.record(manager, {
      entityType: 'PackageAssessment',
      entityId: assessment.id,
      action: 'MOVE_STAGE',
      ownerPartyId: assessment.assessorPartyId,
      actingPartyId: partyId,
      changes: [
        ...changesBetween(assessment, saved, ['stage']),
        ...(note ? [{ field: 'note', before: null, after: note }] : []),
      ],
    });
    return saved;
  }

  async moveStage(input: MoveAssessmentStageInput): Promise<PackageAssessment> {
    const id = decodeIdOf('PackageAssessment', input.id, 'input.id');
    return this.dataSource.transaction(async (manager) => {
      const { current, authorized: actingPartyId } = await lockForChange(
        manager,
        PackageAssessment,
        id,
        input.version,
        'package assessment',
        (a) => this.access.assertChange(a, 'move this assessment through the package cycle'),
      );
      // REASSESSMENT announces a re-assessment; only reassessPackageAssessment moves there, with the new
      // assessment in the same transaction (moved by hand, the stage would wait for one that can never come).
      if (input.stage === AssessmentStage.REASSESSMENT && current.stage !== AssessmentStage.REASSESSMENT)
        throw new BadUserInputError(
          'An assessment moves to REASSESSMENT with reassessPackageAssessment, which starts the re-assessment.',
          'input.stage',
        );
      assertStageTransition(current.stage, input.stage, 'input.stage');
      return this.recordStage(manager, current, input.stage, actingPartyId, input.note?.trim() || null);
    });
  }

  private async partyRef(manager: EntityManager, globalId: string | null | undefined, field: string) {
    if (!globalId) return null;
    const id = decodeIdOf('Party', globalId, field);
    if (!(await manager.existsBy(Party, { id }))) throw new BadUserInputError('No party with this id.', field);
    return id;
  }

  async addCondition(input: AddAssessmentConditionInput): Promise<AssessmentCondition> {
    const assessmentId = decodeIdOf('PackageAssessment', input.assessmentId, 'input.assessmentId');
    return this.dataSource.transaction(async (manager) => {
      const { current: assessment, authorized: actingPartyId } = await lockForChange(
        manager,
        PackageAssessment,
        assessmentId,
        null,
        'package assessment',
        (a) => this.access.assertChange(a, 'add conditions to this assessment'),
      );
      const ownerPartyId = await this.partyRef(manager, input.ownerPartyId, 'input.ownerPartyId');
      const due = dateFromInput(input.due, input.dueLabel, 'input.due', today()) ?? { ...NO_DATE };
      const condition = await manager.save(
        AssessmentCondition,
        manager.create(AssessmentCondition, {
          key: newKey(input.text, 'voorwaarde'),
          assessmentId,
          text: input.text.trim(),
          ownerPartyId,
          due: due as AssessmentCondition['due'],
          state: ConditionState.OPEN,
        }),
      );
      await this.audit.record(manager, {
        entityType: 'AssessmentCondition',
        entityId: condition.id,
        action: 'CREATE',
        // The record is the assessment's: its assessor's trail, not the party it asks something of (which,
        // while the assessment is a draft, may not read it).
        ownerPartyId: assessment.assessorPartyId,
        actingPartyId,
        changes: changesBetween(null, condition, [...CONDITION_AUDITED]),
      });
      return condition;
    });
  }

  async updateCondition(input: UpdateAssessmentConditionInput): Promise<AssessmentCondition> {
    const id = decodeIdOf('AssessmentCondition', input.id, 'input.id');
    // A date, NO_DATE for an explicit null clearing it, or undefined to keep it.
    const due = dateChangeFromInput(input.due, input.dueLabel, 'input.due', today());
    // The evidence to store, or undefined to keep it; blank clears it.
    const evidence = input.evidence === undefined ? undefined : input.evidence?.trim() || null;
    return this.dataSource.transaction(async (manager) => {
      let assessment: PackageAssessment | undefined;
      const { current, authorized: actingPartyId } = await lockForChange(
        manager,
        AssessmentCondition,
        id,
        input.version,
        'condition',
        async (condition) => {
          assessment = await manager.findOneByOrFail(PackageAssessment, { id: condition.assessmentId });
          // A state or text sent back as read changes nothing: the owner may send them with its evidence
          // (and a null due date for a condition without one).
          const evidenceOnly =
            (!input.state || input.state === condition.state) &&
            (!input.text || input.text.trim() === condition.text) &&
            !input.due &&
            input.dueLabel == null &&
            (due === undefined || fuzzyDateOrNull(condition.due) === null);
          const changesEvidence = evidence !== undefined && evidence !== condition.evidence;
          return this.access.assertConditionChange(assessment, condition, { evidenceOnly, changesEvidence });
        },
      );
      const changes: Partial<AssessmentCondition> = {};
      if (input.state) {
        assertConditionTransition(current.state, input.state, 'input.state');
        changes.state = input.state;
      }
      if (evidence !== undefined) changes.evidence = evidence;
      if (input.text) changes.text = input.text.trim();
      if (due) changes.due = due as AssessmentCondition['due'];
      const changed = changesBetween(current, { ...current, ...changes } as AssessmentCondition, [
        ...CONDITION_AUDITED,
      ]);
      // Nothing changed: no new version, so nobody else's next edit gets a CONFLICT for it (as for deliverables).
      if (changed.length === 0) return current;
      const saved = await saveNewVersion(manager, AssessmentCondition, current, changes);
      await this.audit.record(manager, {
        entityType: 'AssessmentCondition',
        entityId: id,
        action: 'UPDATE',
        ownerPartyId: assessment!.assessorPartyId,
        actingPartyId,
        changes: changed,
      });
      return saved;
    });
  }

  async setConditionalAdmission(input: SetConditionalAdmissionInput): Promise<PackageAssessment> {
    const id = decodeIdOf('PackageAssessment', input.id, 'input.id');
    if (input.end < input.start) throw new BadUserInputError('"end" must not be before "start".', 'input.end');
    return this.dataSource.transaction(async (manager) => {
      const { current, authorized: actingPartyId } = await lockForChange(
        manager,
        PackageAssessment,
        id,
        input.version,
        'package assessment',
        (a) => this.access.assertChange(a, 'set the conditional admission of this assessment'),
      );
      if (current.outcome !== AssessmentOutcome.CONDITIONAL_ADMISSION)
        throw new BadUserInputError(
          'Only an assessment whose outcome is CONDITIONAL_ADMISSION has a conditional admission.',
          'input.id',
          { outcome: current.outcome },
        );
      let projectId: string | null = null;
      if (input.researchProjectId) {
        projectId = decodeIdOf('ResearchProject', input.researchProjectId, 'input.researchProjectId');
        if (!(await manager.existsBy(ResearchProject, { id: projectId })))
          throw new BadUserInputError('No research project with this id.', 'input.researchProjectId');
      }
      const admission = { admissionStart: input.start, admissionEnd: input.end, admissionProjectId: projectId };
      const changes = changesBetween(current, { ...current, ...admission } as PackageAssessment, ADMISSION_FIELDS);
      // Nothing changed: no new version, so nobody else's next edit gets a CONFLICT for it (as for deliverables).
      if (changes.length === 0) return current;
      const saved = await saveNewVersion(manager, PackageAssessment, current, admission);
      await this.audit.record(manager, {
        entityType: 'PackageAssessment',
        entityId: id,
        action: 'SET_CONDITIONAL_ADMISSION',
        ownerPartyId: current.assessorPartyId,
        actingPartyId,
        changes,
      });
      return saved;
    });
  }

  /**
   * A re-assessment is a new assessment of the same intervention and indication that names the earlier
   * one; the earlier one moves to REASSESSMENT (from DECISION or MONITORING) in the same transaction.
   */
  async reassess(input: ReassessPackageAssessmentInput): Promise<PackageAssessment> {
    const id = decodeIdOf('PackageAssessment', input.id, 'input.id');
    return this.dataSource.transaction(async (manager) => {
      const { current, authorized: actingPartyId } = await lockForChange(
        manager,
        PackageAssessment,
        id,
        input.version,
        'package assessment',
        (a) => this.access.assertChange(a, 're-assess this assessment'),
      );
      assertStageTransition(current.stage, AssessmentStage.REASSESSMENT, 'input.id');
      // No note: the stage history is public with the published assessment, the new draft (and its title) is not.
      await this.recordStage(manager, current, AssessmentStage.REASSESSMENT, actingPartyId, null);
      const created = await manager.save(
        PackageAssessment,
        manager.create(PackageAssessment, {
          key: newKey(input.title, 'herbeoordeling'),
          title: input.title.trim(),
          kind: current.kind,
          assessorPartyId: current.assessorPartyId,
          interventionId: current.interventionId,
          indication: current.indication,
          sectorId: current.sectorId,
          outcome: AssessmentOutcome.UNDER_ASSESSMENT,
          decisionDate: { ...NO_DATE } as PackageAssessment['decisionDate'],
          published: false,
          stage: AssessmentStage.ASSESSMENT,
          reassessmentOfId: current.id,
        }),
      );
      await this.audit.record(manager, {
        entityType: 'PackageAssessment',
        entityId: created.id,
        action: 'CREATE',
        ownerPartyId: created.assessorPartyId,
        actingPartyId,
        changes: changesBetween(null, created, [...PACKAGE_ASSESSMENT_AUDITED, 'stage', 'reassessmentOfId']),
      });
      return created;
    });
  }

  async addEvaluation(input: AddAssessmentEvaluationInput): Promise<AssessmentEvaluation> {
    const assessmentId = decodeIdOf('PackageAssessment', input.assessmentId, 'input.assessmentId');
    return this.dataSource.transaction(async (manager) => {
      const assessment = await manager.findOneBy(PackageAssessment, { id: assessmentId });
      if (!assessment || !(await this.access.canRead(assessment)))
        throw new NotFoundError('No package assessment with this id.');
      const actingPartyId = await this.access.assertChange(assessment, 'evaluate this assessment');
      const evaluation = await manager.save(
        AssessmentEvaluation,
        manager.create(AssessmentEvaluation, {
          key: newKey(input.findings, 'evaluatie'),
          assessmentId,
          evaluatedOn: input.evaluatedOn,
          findings: input.findings.trim(),
          evaluatorPartyId: actingPartyId,
        }),
      );
      await this.audit.record(manager, {
        entityType: 'AssessmentEvaluation',
        entityId: evaluation.id,
        action: 'CREATE',
        ownerPartyId: assessment.assessorPartyId,
        actingPartyId,
        changes: changesBetween(null, evaluation, ['assessmentId', 'evaluatedOn', 'findings']),
      });
      return evaluation;
    });
  }
}
