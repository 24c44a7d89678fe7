import type { DataSource, EntityManager } from 'typeorm';
import { FundingArrangement, PackageAssessment } from '../../../entities';
import { EventType } from '../../../entities/domain-event.enums';
import {
  FUNDING_TRANSITIONS,
  FundingArrangementState,
  OUTCOMES_ADMITTING_CARE,
  TARIFF_KINDS_SET,
  TariffKind,
} from '../../../entities/funding-arrangement.enums';
import { decodeIdOf, toGlobalId } from '../../../schema/global-id';
import type {
  RecordFundingArrangementInput,
  UpdateFundingArrangementInput,
} from '../../../schema/inputs/funding-arrangement.input';
import type { PackageAccess } from '../../auth/package.access';
import { BadUserInputError, ConflictError } from '../../errors';
import { assertTransition } from '../../shared/transitions';
import { lockForChange, saveNewVersion } from '../../shared/versioning';
import { emitEvents, partyScope } from '../events/outbox';
import { changesBetween, type AuditService } from '../identity/audit.service';
import type { FieldChange } from '../../../entities/audit-event.entity';

const FUNDING_AUDITED = [
  'assessmentId',
  'partyId',
  'state',
  'performanceDescription',
  'performanceCode',
  'tariffSet',
  'tariffKind',
  'effectiveFrom',
  'note',
] as const;

type FundingValues = Pick<
  FundingArrangement,
  'state' | 'performanceDescription' | 'performanceCode' | 'tariffSet' | 'tariffKind' | 'effectiveFrom' | 'note'
>;

/** Funding is worked out for care the package admits: a published assessment with such an outcome. */
function assertAdmitsCare(assessment: PackageAssessment, field: string): void {
  if (!assessment.published)
    throw new BadUserInputError(
      'This assessment is not published: the NZa works out funding after the standpunt is out.',
      field,
    );
  if (!assessment.outcome || !OUTCOMES_ADMITTING_CARE.includes(assessment.outcome))
    throw new BadUserInputError(
      `This assessment's outcome (${assessment.outcome ?? 'none'}) does not admit care to the package; funding ` +
        `is recorded for ${OUTCOMES_ADMITTING_CARE.join(', ')}.`,
      field,
      { outcome: assessment.outcome },
    );
}

/** The rules between the fields, checked on what will be stored. */
function assertConsistent(values: FundingValues): void {
  if (values.tariffKind && TARIFF_KINDS_SET.includes(values.tariffKind) !== values.tariffSet)
    throw new BadUserInputError(
      values.tariffKind === TariffKind.FREE
        ? 'A FREE tariff is one the NZa does not set: send tariffSet false with it.'
        : `A ${values.tariffKind} tariff is one the NZa sets: send tariffSet true with it.`,
      'input.tariffKind',
    );
  if (values.state === FundingArrangementState.ESTABLISHED && !values.performanceDescription)
    throw new BadUserInputError(
      'An ESTABLISHED funding arrangement names its Wmg-prestatie: send a performanceDescription.',
      'input.performanceDescription',
    );
}

/** Trimmed text, null for null; undefined (not sent) stays undefined. */
const text = (value: string | null | undefined) => (value === undefined ? undefined : (value?.trim() ?? null));

/**
 * The NZa's funding (bekostiging) of care a published assessment admits: “met de NZa die bijpassende bekostiging
 * moet uitdenken (een Wmg-prestatiebeschrijving en in sommige gevallen een tarief)”.
 */
export class FundingArrangementService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly access: PackageAccess,
  ) {}

  async record(input: RecordFundingArrangementInput): Promise<FundingArrangement> {
    const assessmentId = decodeIdOf('PackageAssessment', input.assessmentId, 'input.assessmentId');
    return this.dataSource.transaction(async (manager) => {
      // The assessment stays locked until commit, so its publication and outcome are those checked here.
      const { current: assessment, authorized: partyId } = await lockForChange(
        manager,
        PackageAssessment,
        assessmentId,
        null,
        'package assessment',
        (a) => this.access.assertFundingRecorder(a),
      );
      assertAdmitsCare(assessment, 'input.assessmentId');
      const existing = await manager.findOneBy(FundingArrangement, { assessmentId });
      if (existing)
        throw new ConflictError(
          'This assessment already has a funding arrangement: change it with updateFundingArrangement.',
          { existingId: toGlobalId('FundingArrangement', existing.id), currentVersion: existing.version },
        );
      const state = input.state ?? FundingArrangementState.IN_PREPARATION;
      if (state === FundingArrangementState.WITHDRAWN)
        throw new BadUserInputError(
          'A new funding arrangement starts IN_PREPARATION or ESTABLISHED; withdraw it later.',
          'input.state',
        );
      const values: FundingValues = {
        state,
        performanceDescription: text(input.performanceDescription) ?? null,
        performanceCode: text(input.performanceCode) ?? null,
        tariffSet: input.tariffSet ?? false,
        tariffKind: input.tariffKind ?? null,
        effectiveFrom: input.effectiveFrom ?? null,
        note: text(input.note) || null,
      };
      assertConsistent(values);
      const created = await manager.save(
        FundingArrangement,
        manager.create(FundingArrangement, { assessmentId, partyId, ...values }),
      );
      const changes = changesBetween(null, created, [...FUNDING_AUDITED]);
      await this.write(manager, created, 'CREATE', partyId, changes);
      return created;
    });
  }

  async update(input: UpdateFundingArrangementInput): Promise<FundingArrangement> {
    const id = decodeIdOf('FundingArrangement', input.id, 'input.id');
    return this.dataSource.transaction(async (manager) => {
      let assessment: PackageAssessment | undefined;
      const { current, authorized: partyId } = await lockForChange(
        manager,
        FundingArrangement,
        id,
        input.version,
        'funding arrangement',
        async (arrangement) => {
          // Shared until commit: an outcome or stage changed meanwhile waits, so what is checked here still holds.
          assessment = await manager.findOneOrFail(PackageAssessment, {
            where: { id: arrangement.assessmentId },
            lock: { mode: 'pessimistic_read' },
          });
          return this.access.assertFundingChange(arrangement, assessment);
        },
      );
      const changes: Partial<FundingValues> = {};
      if (input.state && input.state !== current.state) {
        assertTransition('funding arrangement', FUNDING_TRANSITIONS, current.state, input.state, 'input.state');
        changes.state = input.state;
      }
      const description = text(input.performanceDescription);
      if (description !== undefined) changes.performanceDescription = description;
      const code = text(input.performanceCode);
      if (code !== undefined) changes.performanceCode = code;
      if (input.tariffSet != null) changes.tariffSet = input.tariffSet;
      if (input.tariffKind !== undefined) changes.tariffKind = input.tariffKind;
      if (input.effectiveFrom !== undefined) changes.effectiveFrom = input.effectiveFrom;
      if (input.note !== undefined) changes.note = text(input.note) || null;
      const next = { ...current, ...changes } as FundingArrangement;
      // Withdrawing stays possible when the assessment no longer admits the care (a new outcome, unpublished).
      if (next.state !== FundingArrangementState.WITHDRAWN) assertAdmitsCare(assessment!, 'input.id');
      assertConsistent(next);
      const changed = changesBetween(current, next, [...FUNDING_AUDITED]);
      // Nothing changed: no new version, so nobody else's next edit gets a CONFLICT for it (as for conditions).
      if (changed.length === 0) return current;
      const saved = await saveNewVersion<FundingArrangement>(manager, FundingArrangement, current, changes);
      await this.write(manager, saved, 'UPDATE', partyId, changed);
      return saved;
    });
  }

  /**
   * The audit entry and the domain event of a write. The event's parties and sectors are its assessment's (the
   * assessor, the sector) and the NZa's, named through `scopeOf`: the scope function knows no funding
   * arrangements. Whoever reads the assessment reads the event (EventAccess asks node(id:), whose rule is the
   * assessment's).
   */
  private async write(
    manager: EntityManager,
    arrangement: FundingArrangement,
    action: 'CREATE' | 'UPDATE',
    partyId: string,
    changes: FieldChange[],
  ): Promise<void> {
    await this.audit.record(manager, {
      entityType: 'FundingArrangement',
      entityId: arrangement.id,
      action,
      ownerPartyId: arrangement.partyId,
      actingPartyId: partyId,
      changes,
    });
    const shown = changes.filter((c) => c.field !== 'assessmentId' && c.field !== 'partyId');
    await emitEvents(manager, [
      {
        type: action === 'CREATE' ? EventType.FUNDING_ARRANGEMENT_RECORDED : EventType.FUNDING_ARRANGEMENT_CHANGED,
        subjectType: 'FundingArrangement',
        subjectId: arrangement.id,
        scopeOf: [['PackageAssessment', arrangement.assessmentId], ...partyScope(arrangement.partyId)],
        before: action === 'CREATE' ? null : Object.fromEntries(shown.map((c) => [c.field, c.before])),
        after: Object.fromEntries(shown.map((c) => [c.field, c.after])),
        details: { assessmentId: toGlobalId('PackageAssessment', arrangement.assessmentId) },
        actorId: this.audit.actorId,
        actingPartyId: partyId,
      },
    ]);
  }
}
