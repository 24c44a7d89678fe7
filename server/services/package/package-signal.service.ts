import { In, type DataSource, type EntityManager } from 'typeorm';
import type { FieldChange } from '../../../entities/audit-event.entity';
import {
  Intervention,
  PackageAssessment,
  PackageSignal,
  PackageSignalCoSigner,
  Party,
  Sector,
} from '../../../entities';
import { AssessmentStage } from '../../../entities/package-cycle.enums';
import {
  CO_SIGNER_TRANSITIONS,
  PackageSignalCoSignerStatus,
  PackageSignalKind,
  PackageSignalStatus,
  SIGNAL_TRANSITIONS,
} from '../../../entities/package-signal.enums';
import { AssessmentKind, AssessmentOutcome } from '../../../entities/synergy.enums';
import type { Connection } from '../../../schema/connection';
import { decodeIdOf } from '../../../schema/global-id';
import type {
  DeclinePackageSignalInput,
  DecidePackageSignalCoSigningInput,
  PackageSignalFilter,
  RaisePackageSignalInput,
  TakeUpPackageSignalInput,
  UpdatePackageSignalInput,
  WithdrawPackageSignalCoSigningInput,
  WithdrawPackageSignalInput,
} from '../../../schema/inputs/package-signal.input';
import {
  CO_SIGNER_READS,
  PACKAGE_SIGNAL_VISIBLE_SQL,
  partiesThatMayCoSign,
  type PackageSignalAccess,
} from '../../auth/package-signal.access';
import type { SynergyAccess } from '../../auth/synergy.access';
import type { Config } from '../../config';
import { BadUserInputError } from '../../errors';
import type { Loaders } from '../../loaders';
import { NO_DATE } from '../../shared/fuzzy-dates';
import { newKey } from '../../shared/keys';
import { paginate, type PageArgs } from '../../shared/pagination';
import { assertTransition } from '../../shared/transitions';
import { lockForChange, sameSet, saveNewVersion } from '../../shared/versioning';
import { changesBetween, type AuditService } from '../identity/audit.service';
import { PACKAGE_ASSESSMENT_AUDITED } from '../synergy/package-assessment.service';
import { optionalRef } from '../../shared/references';

/**
 * Not `assessmentId`: whoever reads the signal reads its entries, and a draft it was taken up into stays the
 * assessor's (as PackageSignal.assessment and the outbox keep it). The assessment's own entry names the signal.
 */
const SIGNAL_AUDITED: (keyof PackageSignal & string)[] = [
  'raisingPartyId',
  'addresseePartyId',
  'kind',
  'title',
  'description',
  'interventionId',
  'sectorId',
  'status',
  'answerReasoning',
  'answeredByPartyId',
];

/**
 * The kind of the draft a signal is taken up into unless the Zorginstituut names one: a Zorg Advies Traject is
 * put forward for a duiding; an assessment on request yields a standpunt («Hieruit volgt een standpunt»,
 * zin-beoordeelt-op-verzoek), and so does a signal.
 */
const ASSESSMENT_KIND_FOR: Readonly<Record<PackageSignalKind, AssessmentKind>> = {
  [PackageSignalKind.SIGNAL]: AssessmentKind.STANDPUNT,
  [PackageSignalKind.ZORG_ADVIES_TRAJECT]: AssessmentKind.DUIDING,
  [PackageSignalKind.ASSESSMENT_REQUEST]: AssessmentKind.STANDPUNT,
};

/**
 * Package signals (pakketsignalen): a party raises a package question to the Zorginstituut (signaalfunctie;
 * a Zorg Advies Traject insurers ran together, co-signed; a request for an assessment), which takes it up into
 * a package assessment or declines it with its reasoning. Who reads and acts is PackageSignalAccess; every
 * write is audited, and the audit entry makes its domain event (outbox.ts).
 */
export class PackageSignalService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly loaders: Loaders,
    private readonly config: Config,
    private readonly audit: AuditService,
    private readonly access: PackageSignalAccess,
    private readonly synergy: SynergyAccess,
  ) {}

  /** The signals the viewer may read, newest first. */
  async list(filter: PackageSignalFilter | null | undefined, page: PageArgs): Promise<Connection<PackageSignal>> {
    const scope = await this.access.readScope();
    const query = this.dataSource
      .getRepository(PackageSignal)
      .createQueryBuilder('signal')
      .where(PACKAGE_SIGNAL_VISIBLE_SQL('signal', ':scopeAll', ':scopeParties'), {
        scopeAll: scope.all,
        scopeParties: scope.partyIds,
      });
    if (filter?.status) query.andWhere('signal.status = :status', { status: filter.status });
    return paginate(query, page, {
      sortKeys: [
        { expression: 'signal.createdAt', value: (s) => s.createdAt },
        { expression: 'signal.id', value: (s) => s.id },
      ],
      direction: 'DESC',
      maxPageSize: this.config.maxPageSize,
    });
  }

  async byId(globalId: string): Promise<PackageSignal | null> {
    const signal = await this.loaders.packageSignalById.load(decodeIdOf('PackageSignal', globalId));
    return signal && (await this.access.canRead(signal)) ? signal : null;
  }

  /** The signals an assessment took up (its origin), those the viewer may read. */
  async forAssessment(assessment: PackageAssessment): Promise<PackageSignal[]> {
    const signals = await this.loaders.signalsByAssessmentId.load(assessment.id);
    const readable = await Promise.all(signals.map((s) => this.access.canRead(s)));
    return signals.filter((_, i) => readable[i]);
  }

  /** The assessment a signal was taken up into, when the viewer may read it (a draft stays the assessor's). */
  async assessmentOf(signal: PackageSignal): Promise<PackageAssessment | null> {
    if (!signal.assessmentId) return null;
    const assessment = await this.loaders.packageAssessmentById.load(signal.assessmentId);
    return assessment && (await this.synergy.canReadAssessment(assessment)) ? assessment : null;
  }

  /**
   * The parties named to co-sign, each once, never the raiser: parties that may raise the signal's kind themselves
   * (partiesThatMayCoSign). Naming one asks it; it co-signs only once it accepts.
   */
  private async coSigners(
    manager: EntityManager,
    globalIds: readonly string[],
    raisingPartyId: string,
    kind: PackageSignalKind,
  ) {
    const ids = globalIds.map((id, i) => decodeIdOf('Party', id, `input.coSigningPartyIds.${i}`));
    const parties = ids.length ? await manager.findBy(Party, { id: In(ids) }) : [];
    const found = new Set(parties.map((p) => p.id));
    const may = new Set(await partiesThatMayCoSign(manager, kind, [...found]));
    ids.forEach((id, i) => {
      const field = `input.coSigningPartyIds.${i}`;
      if (!found.has(id)) throw new BadUserInputError('No party with this id.', field);
      if (!may.has(id))
        throw new BadUserInputError(
          kind === PackageSignalKind.ASSESSMENT_REQUEST
            ? 'Only a party that may request an assessment itself (an insurer, a provider association, VWS) co-signs a request.'
            : 'Only insurers co-sign a signal or a Zorg Advies Traject.',
          field,
        );
      if (id === raisingPartyId)
        throw new BadUserInputError('The raising party does not co-sign its own signal.', field);
      if (ids.indexOf(id) !== i) throw new BadUserInputError('This party is named twice.', field);
    });
    return ids;
  }

  /** The co-signer rows of a signal, locked with it (the caller holds the signal's lock). */
  private coSignerRows(manager: EntityManager, signalId: string): Promise<PackageSignalCoSigner[]> {
    return manager.find(PackageSignalCoSigner, { where: { signalId }, order: { invitedAt: 'ASC', partyId: 'ASC' } });
  }

  /** The parties of `rows` with `status`, for the audit entries (`coSigningPartyIds`, `invitedCoSignerPartyIds`). */
  private static partiesWith(rows: readonly PackageSignalCoSigner[], status: PackageSignalCoSignerStatus): string[] {
    return rows.filter((r) => r.status === status).map((r) => r.partyId);
  }

  /**
   * The audit changes between two states of the co-signers: who co-signs (ACCEPTED) and who is asked (PENDING);
   * a field only when it changed.
   */
  private static coSignerChanges(before: readonly PackageSignalCoSigner[], after: readonly PackageSignalCoSigner[]) {
    const changes: FieldChange[] = [];
    for (const [field, status] of [
      ['coSigningPartyIds', PackageSignalCoSignerStatus.ACCEPTED],
      ['invitedCoSignerPartyIds', PackageSignalCoSignerStatus.PENDING],
    ] as const) {
      const was = PackageSignalService.partiesWith(before, status);
      const is = PackageSignalService.partiesWith(after, status);
      if (!sameSet(was, is)) changes.push({ field, before: was, after: is });
    }
    return changes;
  }

  raise(input: RaisePackageSignalInput): Promise<PackageSignal> {
    const requested = input.partyId ? decodeIdOf('Party', input.partyId, 'input.partyId') : null;
    const addressed = input.addresseePartyId
      ? decodeIdOf('Party', input.addresseePartyId, 'input.addresseePartyId')
      : null;
    const kind = input.kind ?? PackageSignalKind.SIGNAL;
    return this.dataSource.transaction(async (manager) => {
      const raisingPartyId = await this.access.raisingParty(requested, kind);
      const coSigners = await this.coSigners(manager, input.coSigningPartyIds ?? [], raisingPartyId, kind);
      const addresseePartyId = await this.access.addressee(manager, addressed);
      const signal = await manager.save(
        PackageSignal,
        manager.create(PackageSignal, {
          raisingPartyId,
          addresseePartyId,
          raisedByUserId: this.audit.actorId,
          kind,
          title: input.title.trim(),
          description: input.description.trim(),
          interventionId: await optionalRef(
            manager,
            Intervention,
            'Intervention',
            input.interventionId,
            'input.interventionId',
          ),
          sectorId: await optionalRef(manager, Sector, 'Sector', input.sectorId, 'input.sectorId'),
          status: PackageSignalStatus.OPEN,
        }),
      );
      if (coSigners.length)
        await manager.insert(
          PackageSignalCoSigner,
          coSigners.map((partyId) => ({ signalId: signal.id, partyId })),
        );
      await this.audit.record(manager, {
        entityType: 'PackageSignal',
        entityId: signal.id,
        action: 'RAISE',
        ownerPartyId: raisingPartyId,
        actingPartyId: raisingPartyId,
        changes: [
          ...changesBetween(null, signal, SIGNAL_AUDITED),
          // Asked, not co-signing: each party co-signs once it accepts (acceptPackageSignalCoSigning).
          ...(coSigners.length ? [{ field: 'invitedCoSignerPartyIds', before: null, after: coSigners }] : []),
        ],
      });
      return signal;
    });
  }

  /** An OPEN signal, or BAD_USER_INPUT: once answered or withdrawn, what the answer rested on stays. */
  private assertOpen(signal: PackageSignal, what: string): void {
    if (signal.status !== PackageSignalStatus.OPEN)
      throw new BadUserInputError(`Only an OPEN signal can be ${what}; this one is ${signal.status}.`, 'input.id', {
        status: signal.status,
      });
  }

  update(input: UpdatePackageSignalInput): Promise<PackageSignal> {
    const id = decodeIdOf('PackageSignal', input.id, 'input.id');
    return this.dataSource.transaction(async (manager) => {
      const { current, authorized: actingPartyId } = await lockForChange(
        manager,
        PackageSignal,
        id,
        input.version,
        'package signal',
        (s) => this.access.assertRaiser(s, 'change this signal'),
      );
      this.assertOpen(current, 'changed');
      const changes: Partial<PackageSignal> = {};
      if (input.title) changes.title = input.title.trim();
      if (input.description) changes.description = input.description.trim();
      if (input.interventionId !== undefined)
        changes.interventionId = await optionalRef(
          manager,
          Intervention,
          'Intervention',
          input.interventionId,
          'input.interventionId',
        );
      if (input.sectorId !== undefined)
        changes.sectorId = await optionalRef(manager, Sector, 'Sector', input.sectorId, 'input.sectorId');
      const changed = changesBetween(current, { ...current, ...changes } as PackageSignal, SIGNAL_AUDITED);
      // The co-signers are read only when the input names them: the parties it names are asked (again, when they
      // declined or were withdrawn; those asked or co-signing already stay as they are), the others are withdrawn.
      let coSignerWrite: PackageSignalCoSigner[] | null = null;
      if (input.coSigningPartyIds != null) {
        const named = await this.coSigners(manager, input.coSigningPartyIds, current.raisingPartyId, current.kind);
        const before = await this.coSignerRows(manager, id);
        const after = this.coSignersNamed(before, named, id);
        const coSignerChanged = PackageSignalService.coSignerChanges(before, after);
        if (coSignerChanged.length) {
          coSignerWrite = after;
          changed.push(...coSignerChanged);
        }
      }
      // Nothing changed: no new version, so nobody else's next edit gets a CONFLICT for it.
      if (changed.length === 0) return current;
      if (coSignerWrite) {
        await manager.save(PackageSignalCoSigner, coSignerWrite);
        this.loaders.coSignersBySignalId.clear(id);
      }
      const saved = await saveNewVersion(manager, PackageSignal, current, changes);
      await this.audit.record(manager, {
        entityType: 'PackageSignal',
        entityId: id,
        action: 'UPDATE',
        ownerPartyId: current.raisingPartyId,
        actingPartyId,
        changes: changed,
      });
      return saved;
    });
  }

  /** The co-signer rows after the raising party names `named`: new and re-named ones PENDING, the others withdrawn. */
  private coSignersNamed(
    before: readonly PackageSignalCoSigner[],
    named: readonly string[],
    signalId: string,
  ): PackageSignalCoSigner[] {
    const now = new Date();
    const asked = (partyId: string) =>
      Object.assign(new PackageSignalCoSigner(), {
        signalId,
        partyId,
        status: PackageSignalCoSignerStatus.PENDING,
        invitedAt: now,
        decidedAt: null,
        decidedByUserId: null,
      });
    const rows = before.map((row) => {
      const stays = named.includes(row.partyId);
      if (stays && CO_SIGNER_READS.includes(row.status)) return row;
      if (stays) return asked(row.partyId);
      if (!CO_SIGNER_READS.includes(row.status)) return row;
      return Object.assign(new PackageSignalCoSigner(), row, {
        status: PackageSignalCoSignerStatus.WITHDRAWN,
        decidedAt: now,
        decidedByUserId: this.audit.actorId,
      });
    });
    for (const partyId of named) if (!before.some((r) => r.partyId === partyId)) rows.push(asked(partyId));
    return rows;
  }

  /** An editor of an invited party accepts co-signing the signal for it: it becomes a co-signer. */
  acceptCoSigning(input: DecidePackageSignalCoSigningInput): Promise<PackageSignal> {
    return this.decideCoSigning(input, PackageSignalCoSignerStatus.ACCEPTED, 'ACCEPT_CO_SIGNING', 'accept co-signing');
  }

  /** An editor of an invited party declines: it does not co-sign, and no longer reads the signal. */
  declineCoSigning(input: DecidePackageSignalCoSigningInput): Promise<PackageSignal> {
    return this.decideCoSigning(
      input,
      PackageSignalCoSignerStatus.DECLINED,
      'DECLINE_CO_SIGNING',
      'decline co-signing',
    );
  }

  /** The raising party's editors withdraw an invitation to co-sign still PENDING, or a co-signer that accepted. */
  withdrawCoSigning(input: WithdrawPackageSignalCoSigningInput): Promise<PackageSignal> {
    const partyId = decodeIdOf('Party', input.partyId, 'input.partyId');
    return this.decideCoSigning(
      input,
      PackageSignalCoSignerStatus.WITHDRAWN,
      'WITHDRAW_CO_SIGNING',
      'withdraw an invitation to co-sign',
      async (signal, rows) => {
        const acting = await this.access.assertRaiser(signal, 'withdraw an invitation to co-sign');
        if (!rows.some((r) => r.partyId === partyId))
          throw new BadUserInputError('This party was not asked to co-sign this signal.', 'input.partyId');
        return { actingPartyId: acting, coSignerPartyId: partyId };
      },
    );
  }

  /**
   * One step of a co-signer, on the signal's version (who co-signs is part of the signal, so an edit made on the old
   * co-signers gets a CONFLICT): the signal and its co-signers locked, `authorize` (by default the invited party's
   * editor), then the step, the signal's new version and its audit entry (and so its event). Accepting needs an
   * OPEN signal; declining and withdrawing do not (a party may always say it does not co-sign).
   */
  private decideCoSigning(
    input: DecidePackageSignalCoSigningInput | WithdrawPackageSignalCoSigningInput,
    to: PackageSignalCoSignerStatus,
    action: string,
    what: string,
    authorize?: (
      signal: PackageSignal,
      rows: PackageSignalCoSigner[],
    ) => Promise<{ actingPartyId: string; coSignerPartyId: string }>,
  ): Promise<PackageSignal> {
    const id = decodeIdOf('PackageSignal', input.id, 'input.id');
    const requested =
      'partyId' in input && input.partyId && !authorize ? decodeIdOf('Party', input.partyId, 'input.partyId') : null;
    return this.dataSource.transaction(async (manager) => {
      let rows: PackageSignalCoSigner[] = [];
      const { current, authorized } = await lockForChange(
        manager,
        PackageSignal,
        id,
        input.version,
        'package signal',
        async (s) => {
          rows = await this.coSignerRows(manager, s.id);
          if (authorize) return authorize(s, rows);
          const party = await this.access.assertCoSignerEditor(s, rows, requested, what);
          return { actingPartyId: party, coSignerPartyId: party };
        },
      );
      if (to === PackageSignalCoSignerStatus.ACCEPTED) this.assertOpen(current, 'co-signed');
      const row = rows.find((r) => r.partyId === authorized.coSignerPartyId)!;
      assertTransition('co-signer', CO_SIGNER_TRANSITIONS, row.status, to, 'input.id');
      const after = rows.map((r) =>
        r === row
          ? Object.assign(new PackageSignalCoSigner(), r, {
              status: to,
              decidedAt: new Date(),
              decidedByUserId: this.audit.actorId,
            })
          : r,
      );
      await manager.save(
        PackageSignalCoSigner,
        after.find((r) => r.partyId === row.partyId)!,
      );
      // Asking who reads the signal loaded its co-signers as they were; the answer is read with them as they are.
      this.loaders.coSignersBySignalId.clear(id);
      const saved = await saveNewVersion(manager, PackageSignal, current, {});
      await this.audit.record(manager, {
        entityType: 'PackageSignal',
        entityId: id,
        action,
        ownerPartyId: current.raisingPartyId,
        actingPartyId: authorized.actingPartyId,
        changes: [
          { field: 'coSignerPartyId', before: null, after: row.partyId },
          ...PackageSignalService.coSignerChanges(rows, after),
        ],
      });
      return saved;
    });
  }

  withdraw(input: WithdrawPackageSignalInput): Promise<PackageSignal> {
    const id = decodeIdOf('PackageSignal', input.id, 'input.id');
    return this.dataSource.transaction(async (manager) => {
      const { current, authorized: actingPartyId } = await lockForChange(
        manager,
        PackageSignal,
        id,
        input.version,
        'package signal',
        (s) => this.access.assertRaiser(s, 'withdraw this signal'),
      );
      return this.answer(manager, current, PackageSignalStatus.WITHDRAWN, 'WITHDRAW', actingPartyId, {});
    });
  }

  decline(input: DeclinePackageSignalInput): Promise<PackageSignal> {
    const id = decodeIdOf('PackageSignal', input.id, 'input.id');
    return this.dataSource.transaction(async (manager) => {
      const { current, authorized: actingPartyId } = await lockForChange(
        manager,
        PackageSignal,
        id,
        input.version,
        'package signal',
        (s) => this.access.assertAnswerer(s, 'answer package signals'),
      );
      return this.answer(manager, current, PackageSignalStatus.DECLINED, 'DECLINE', actingPartyId, {
        answerReasoning: input.reasoning.trim(),
        answeredByPartyId: actingPartyId,
      });
    });
  }

  takeUp(input: TakeUpPackageSignalInput): Promise<PackageSignal> {
    const id = decodeIdOf('PackageSignal', input.id, 'input.id');
    if ((input.assessmentId == null) === (input.assessmentTitle == null))
      throw new BadUserInputError(
        'Give either "assessmentId" (an assessment of yours) or "assessmentTitle" (a new draft).',
        input.assessmentId == null ? 'input.assessmentId' : 'input.assessmentTitle',
      );
    const assessmentId = input.assessmentId
      ? decodeIdOf('PackageAssessment', input.assessmentId, 'input.assessmentId')
      : null;
    return this.dataSource.transaction(async (manager) => {
      let assessment: PackageAssessment | null = null;
      const { current, authorized: actingPartyId } = await lockForChange(
        manager,
        PackageSignal,
        id,
        input.version,
        'package signal',
        async (s) => {
          const answering = await this.access.assertAnswerer(s, 'answer package signals');
          if (!assessmentId) return answering;
          assessment = await manager.findOneBy(PackageAssessment, { id: assessmentId });
          // A draft the viewer may not read is no assessment to them, like a missing one.
          if (!assessment || !(await this.synergy.canReadAssessment(assessment)))
            throw new BadUserInputError('No package assessment with this id.', 'input.assessmentId');
          await this.access.assertAddresseeAssessment(s, assessment);
          return answering;
        },
      );
      assertTransition('package signal', SIGNAL_TRANSITIONS, current.status, PackageSignalStatus.TAKEN_UP, 'input.id');
      let target: PackageAssessment;
      if (assessment) {
        target = assessment;
        await this.recordOrigin(manager, target, current, 'TAKE_UP_SIGNAL', []);
      } else target = await this.newAssessment(manager, current, input);
      return this.answer(manager, current, PackageSignalStatus.TAKEN_UP, 'TAKE_UP', actingPartyId, {
        assessmentId: target.id,
        answerReasoning: input.reasoning?.trim() || null,
        answeredByPartyId: actingPartyId,
      });
    });
  }

  /**
   * A draft assessment at stage SIGNAL for the signal's intervention and sector, by the addressee (the
   * caller answers for it: assertAnswerer).
   */
  private async newAssessment(
    manager: EntityManager,
    signal: PackageSignal,
    input: TakeUpPackageSignalInput,
  ): Promise<PackageAssessment> {
    const assessorPartyId = signal.addresseePartyId;
    const created = await manager.save(
      PackageAssessment,
      manager.create(PackageAssessment, {
        key: newKey(input.assessmentTitle!, 'signaal'),
        title: input.assessmentTitle!.trim(),
        kind: input.assessmentKind ?? ASSESSMENT_KIND_FOR[signal.kind],
        assessorPartyId,
        interventionId: signal.interventionId,
        sectorId: signal.sectorId,
        outcome: AssessmentOutcome.UNDER_ASSESSMENT,
        decisionDate: { ...NO_DATE } as PackageAssessment['decisionDate'],
        published: false,
        stage: AssessmentStage.SIGNAL,
      }),
    );
    await this.recordOrigin(
      manager,
      created,
      signal,
      'CREATE',
      changesBetween(null, created, [...PACKAGE_ASSESSMENT_AUDITED, 'stage']),
    );
    return created;
  }

  /**
   * The assessment's audit entry naming the signal taken up into it: the assessor's record, where the link is
   * kept (the signal's own entries leave the assessment out).
   */
  private async recordOrigin(
    manager: EntityManager,
    assessment: PackageAssessment,
    signal: PackageSignal,
    action: string,
    changes: FieldChange[],
  ): Promise<void> {
    await this.audit.record(manager, {
      entityType: 'PackageAssessment',
      entityId: assessment.id,
      action,
      ownerPartyId: assessment.assessorPartyId,
      actingPartyId: signal.addresseePartyId,
      changes: [...changes, { field: 'packageSignalId', before: null, after: signal.id }],
    });
  }

  /** The one step out of OPEN: who answered, when, and the audit entry (and so the event) of it. */
  private async answer(
    manager: EntityManager,
    current: PackageSignal,
    to: PackageSignalStatus,
    action: string,
    actingPartyId: string | null,
    changes: Partial<PackageSignal>,
  ): Promise<PackageSignal> {
    assertTransition('package signal', SIGNAL_TRANSITIONS, current.status, to, 'input.id');
    const saved = await saveNewVersion(manager, PackageSignal, current, {
      ...changes,
      status: to,
      answeredAt: new Date(),
      answeredByUserId: this.audit.actorId,
    });
    await this.audit.record(manager, {
      entityType: 'PackageSignal',
      entityId: current.id,
      action,
      ownerPartyId: current.raisingPartyId,
      actingPartyId,
      changes: changesBetween(current, saved, SIGNAL_AUDITED),
    });
    return saved;
  }
}
