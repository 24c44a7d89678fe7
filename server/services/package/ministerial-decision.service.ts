import type { DataSource, EntityManager } from 'typeorm';
import { MinisterialDecision, PackageAssessment } from '../../../entities';
import type { FieldChange } from '../../../entities/audit-event.entity';
import { MINISTERIAL_DECISION_STAGES } from '../../../entities/package-cycle.enums';
import { AssessmentKind } from '../../../entities/synergy.enums';
import { decodeIdOf, toGlobalId } from '../../../schema/global-id';
import type {
  CorrectMinisterialDecisionInput,
  RecordMinisterialDecisionInput,
} from '../../../schema/inputs/ministerial-decision.input';
import type { PackageAccess } from '../../auth/package.access';
import { BadUserInputError, ConflictError } from '../../errors';
import { lockForChange, saveNewVersion } from '../../shared/versioning';
import type { AuditService } from '../identity/audit.service';

type DecisionValues = Pick<MinisterialDecision, 'decision' | 'decidedOn' | 'reasoning' | 'reference'>;

const valuesOf = (d: DecisionValues): DecisionValues => ({
  decision: d.decision,
  decidedOn: d.decidedOn,
  reasoning: d.reasoning,
  reference: d.reference,
});

/**
 * Only a pakketadvies asks the minister for a decision (a standpunt is the Zorginstituut's own ruling), and
 * only once the Zorginstituut has published it and put it to a decision (stage DECISION or later).
 */
function assertAwaitsDecision(assessment: PackageAssessment, field: string): void {
  if (assessment.kind !== AssessmentKind.PAKKETADVIES)
    throw new BadUserInputError(
      `Only a pakketadvies (PAKKETADVIES) asks for the minister's decision; this assessment is a ${assessment.kind}.`,
      field,
      { kind: assessment.kind },
    );
  if (!assessment.published)
    throw new BadUserInputError(
      'This pakketadvies is not published: the minister decides on the advice the Zorginstituut has published.',
      field,
    );
  if (!MINISTERIAL_DECISION_STAGES.includes(assessment.stage))
    throw new BadUserInputError(
      `The Zorginstituut has not put this advice to a decision yet (stage ${assessment.stage}); the minister's ` +
        `decision is recorded from stage DECISION on.`,
      field,
      { stage: assessment.stage, allowed: MINISTERIAL_DECISION_STAGES },
    );
}

/**
 * The minister's decision on a pakketadvies: “De minister besluit dit advies wel of niet over te nemen en de
 * regelgeving aan te passen.” Recorded and corrected by VWS; audited on the assessment it answers, in the
 * assessor's trail (as the package cycle's other writes), so the Zorginstituut reads what became of its advice.
 */
export class MinisterialDecisionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly access: PackageAccess,
  ) {}

  async record(input: RecordMinisterialDecisionInput): Promise<MinisterialDecision> {
    const assessmentId = decodeIdOf('PackageAssessment', input.assessmentId, 'input.assessmentId');
    return this.dataSource.transaction(async (manager) => {
      // Locked until commit: two editors recording at once meet here, and the kind, publication and stage
      // checked stay as they are.
      const { current: assessment, authorized: partyId } = await lockForChange(
        manager,
        PackageAssessment,
        assessmentId,
        null,
        'package assessment',
        (a) => this.access.assertMinisterialDecider(a),
      );
      assertAwaitsDecision(assessment, 'input.assessmentId');
      const existing = await manager.findOneBy(MinisterialDecision, { assessmentId });
      if (existing)
        throw new ConflictError(
          'The minister’s decision on this advice is already recorded: correct it with correctMinisterialDecision.',
          { existingId: toGlobalId('MinisterialDecision', existing.id), currentVersion: existing.version },
        );
      const created = await manager.save(
        MinisterialDecision,
        manager.create(MinisterialDecision, {
          assessmentId,
          partyId,
          decision: input.decision,
          decidedOn: input.decidedOn,
          reasoning: input.reasoning.trim(),
          reference: input.reference?.trim() || null,
        }),
      );
      await this.write(manager, assessment, 'RECORD_MINISTERIAL_DECISION', partyId, {
        field: 'ministerialDecision',
        before: null,
        after: valuesOf(created),
      });
      return created;
    });
  }

  async correct(input: CorrectMinisterialDecisionInput): Promise<MinisterialDecision> {
    const id = decodeIdOf('MinisterialDecision', input.id, 'input.id');
    return this.dataSource.transaction(async (manager) => {
      let assessment: PackageAssessment | undefined;
      const { current, authorized: partyId } = await lockForChange(
        manager,
        MinisterialDecision,
        id,
        input.version,
        'ministerial decision',
        async (decision) => {
          // Shared until commit: an outcome or stage changed meanwhile waits, so what is checked here still holds.
          assessment = await manager.findOneOrFail(PackageAssessment, {
            where: { id: decision.assessmentId },
            lock: { mode: 'pessimistic_read' },
          });
          return this.access.assertMinisterialDecisionChange(decision, assessment);
        },
      );
      const changes: Partial<DecisionValues> = {};
      if (input.decision) changes.decision = input.decision;
      if (input.decidedOn) changes.decidedOn = input.decidedOn;
      if (input.reasoning) changes.reasoning = input.reasoning.trim();
      if (input.reference !== undefined) changes.reference = input.reference?.trim() || null;
      const before = valuesOf(current);
      const after = valuesOf({ ...current, ...changes });
      // Nothing changed: no new version, so nobody else's next edit gets a CONFLICT for it (as for conditions).
      if (JSON.stringify(before) === JSON.stringify(after)) return current;
      const saved = await saveNewVersion<MinisterialDecision>(manager, MinisterialDecision, current, changes);
      await this.write(manager, assessment!, 'CORRECT_MINISTERIAL_DECISION', partyId, {
        field: 'ministerialDecision',
        before,
        after,
      });
      return saved;
    });
  }

  /**
   * The entry is the assessment's, owned by its assessor and acting for VWS: both read it in their trail, as
   * operators do; the event it stands for (outbox.ts) is read by whoever reads the published advice.
   */
  private write(
    manager: EntityManager,
    assessment: PackageAssessment,
    action: 'RECORD_MINISTERIAL_DECISION' | 'CORRECT_MINISTERIAL_DECISION',
    partyId: string,
    change: FieldChange,
  ): Promise<void> {
    return this.audit.record(manager, {
      entityType: 'PackageAssessment',
      entityId: assessment.id,
      action,
      ownerPartyId: assessment.assessorPartyId,
      actingPartyId: partyId,
      changes: [change],
    });
  }
}
