import { filterReadable } from '../../shared/readable';
import type { DataSource, EntityManager } from 'typeorm';
import {
  AgendaItem,
  AssessmentCriterionVerdict,
  ConsultationRound,
  Contribution,
  Guideline,
  PackageAssessment,
  Recommendation,
  ResearchAgenda,
  ResearchAgendaVersion,
} from '../../../entities';
import { Capability } from '../../../entities/capability.enum';
import {
  ConsultationStatus,
  ConsultationTargetKind,
  ContributionAnchorKind,
  ContributionType,
} from '../../../entities/consultation.enums';
import type { PartyKind } from '../../../entities/party-kind.enum';
import { AgendaStatus } from '../../../entities/research.enums';
import { GuidelineStatus } from '../../../entities/synergy.enums';
import { decodeGlobalId, decodeIdOf, toGlobalId } from '../../../schema/global-id';
import type {
  AddContributionInput,
  ConsultationRoundRefInput,
  ContributionRefInput,
  OpenConsultationRoundInput,
  RespondToContributionInput,
  UpdateContributionInput,
} from '../../../schema/inputs/consultation.input';
import type { Connection } from '../../../schema/connection';
import type { Access } from '../../auth/access';
import type { Config } from '../../config';
import { DEFAULT_PAGE_SIZE, nestedPageWindow, ownerPageConnection, type PageArgs } from '../../shared/pagination';
import { roundStatus, type ConsultationAccess } from '../../auth/consultation.access';
import { agendaRunningParty, assertAgendaManager } from '../../auth/research.access';
import { SynergyAccess } from '../../auth/synergy.access';
import type { Policy } from '../../auth/policy';
import { BadUserInputError, ForbiddenError, NotFoundError, UnauthenticatedError } from '../../errors';
import type { Loaders } from '../../loaders';
import { changesBetween, type AuditService } from '../identity/audit.service';
import { newKey } from '../../shared/keys';
import { lockForChange, saveNewVersion } from '../../shared/versioning';
import { assertNoRunningRound } from './running-round';

/** A round may run at most this long, and open at most this far ahead. */
const MAX_ROUND_MS = 366 * 24 * 3600 * 1000;

/** The draft a round is about, as the client named it. */
type Target =
  | { kind: ConsultationTargetKind.AGENDA_VERSION; version: ResearchAgendaVersion; agenda: ResearchAgenda }
  | { kind: ConsultationTargetKind.PACKAGE_ASSESSMENT; assessment: PackageAssessment }
  | { kind: ConsultationTargetKind.GUIDELINE; guideline: Guideline };

const TYPE_CAPABILITY: Partial<Record<ContributionType, Capability>> = {
  [ContributionType.IMPACT]: Capability.COMMENT_IMPACT,
  [ContributionType.PATIENT_PERSPECTIVE]: Capability.ADD_PATIENT_PERSPECTIVE,
};

const ANCHOR_TYPES: Record<ConsultationTargetKind, { type: string; kind: ContributionAnchorKind }> = {
  [ConsultationTargetKind.AGENDA_VERSION]: { type: 'AgendaItem', kind: ContributionAnchorKind.AGENDA_ITEM },
  [ConsultationTargetKind.GUIDELINE]: { type: 'Recommendation', kind: ContributionAnchorKind.RECOMMENDATION },
  [ConsultationTargetKind.PACKAGE_ASSESSMENT]: {
    type: 'AssessmentCriterionVerdict',
    kind: ContributionAnchorKind.CRITERION_VERDICT,
  },
};

/**
 * Consultation rounds (consultaties) and their contributions (inbreng) with the owner's responses
 * (reacties): opening, contributing, closing, answering and concluding, each write in one transaction
 * with its audit event; rounds and contributions carry a version (optimistic concurrency).
 */
export class ConsultationRoundService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly loaders: Loaders,
    private readonly policy: Policy,
    private readonly audit: AuditService,
    private readonly rules: Access,
    private readonly config: Config,
  ) {}

  private get access(): ConsultationAccess {
    return this.rules.consultation;
  }

  private get synergy(): SynergyAccess {
    return this.rules.synergy;
  }

  // ---------------------------------------------------------------- reads

  async byId(globalId: string): Promise<ConsultationRound | null> {
    const round = await this.loaders.consultationRoundById.load(decodeIdOf('ConsultationRound', globalId));
    return round && (await this.access.canReadRound(round)) ? round : null;
  }

  /** The rounds on one target the viewer may read, newest first. */
  async forTarget(targetGlobalId: string): Promise<ConsultationRound[]> {
    const { type, id } = decodeGlobalId(targetGlobalId, 'targetId');
    const loader =
      type === 'ResearchAgendaVersion'
        ? this.loaders.roundsByAgendaVersionId
        : type === 'PackageAssessment'
          ? this.loaders.roundsByAssessmentId
          : type === 'Guideline'
            ? this.loaders.roundsByGuidelineId
            : null;
    if (!loader)
      throw new BadUserInputError(
        '"targetId" must be the id of a ResearchAgendaVersion, PackageAssessment or Guideline.',
        'targetId',
      );
    return this.readable(await loader.load(id));
  }

  /**
   * The rounds a party is invited to, latest closing first (“what waits for us”), for those who may read
   * them (ConsultationAccess.canReadInvitationsOf); null for others. The page is read through a batched
   * loader, so a list of parties costs one statement, not two per party.
   */
  async invitationsOf(partyId: string, page: PageArgs): Promise<Connection<ConsultationRound> | null> {
    if (!(await this.access.canReadInvitationsOf(partyId))) return null;
    const { limit, offset } = nestedPageWindow(page, this.config.maxPageSize, DEFAULT_PAGE_SIZE);
    return ownerPageConnection(await this.loaders.invitationPagesByPartyId(limit, offset).load(partyId), offset);
  }

  async readable(rounds: ConsultationRound[]): Promise<ConsultationRound[]> {
    return filterReadable(rounds, (r) => this.access.canReadRound(r));
  }

  // ---------------------------------------------------------------- opening and closing

  /**
   * Reads the target for a change, locked (for an agenda version: its agenda, which every agenda edit
   * locks), so two rounds cannot open on one draft at once; a draft the viewer cannot read is NOT_FOUND,
   * like a missing one.
   */
  private async loadTarget(manager: EntityManager, globalId: string): Promise<Target> {
    const { type, id } = decodeGlobalId(globalId, 'input.targetId');
    const lock = { mode: 'pessimistic_write' } as const;
    if (type === 'ResearchAgendaVersion') {
      const found = await manager.findOneBy(ResearchAgendaVersion, { id });
      const agenda = found && (await manager.findOne(ResearchAgenda, { where: { id: found.agendaId }, lock }));
      const version = agenda && (await manager.findOneBy(ResearchAgendaVersion, { id }));
      if (!version || !agenda || !(await this.rules.research.canReadAgendaVersion(version)))
        throw new NotFoundError('No agenda version with this id.');
      return { kind: ConsultationTargetKind.AGENDA_VERSION, version, agenda };
    }
    if (type === 'PackageAssessment') {
      const assessment = await manager.findOne(PackageAssessment, { where: { id }, lock });
      if (!assessment || !(await this.synergy.canReadAssessment(assessment)))
        throw new NotFoundError('No package assessment with this id.');
      return { kind: ConsultationTargetKind.PACKAGE_ASSESSMENT, assessment };
    }
    if (type === 'Guideline') {
      const guideline = await manager.findOne(Guideline, { where: { id }, lock });
      if (!guideline || !(await this.synergy.canReadGuideline(guideline)))
        throw new NotFoundError('No guideline with this id.');
      return { kind: ConsultationTargetKind.GUIDELINE, guideline };
    }
    throw new BadUserInputError(
      '"input.targetId" must be the id of a ResearchAgendaVersion, PackageAssessment or Guideline.',
      'input.targetId',
    );
  }

  /**
   * Whoever may edit the target acts for its owner: the agenda's coordinator (or the association for its
   * own knowledge agenda), the assessing party, an owning association. Returns the owner party.
   */
  private async assertEditor(manager: EntityManager, target: Target, what: string): Promise<string> {
    if (!this.policy.viewer.isAuthenticated) throw new UnauthenticatedError(`Sign in to ${what}.`);
    let acting: string | null;
    let owner: string | null;
    switch (target.kind) {
      case ConsultationTargetKind.AGENDA_VERSION:
        acting = await assertAgendaManager(this.policy, target.agenda, what);
        owner = agendaRunningParty(target.agenda);
        break;
      case ConsultationTargetKind.PACKAGE_ASSESSMENT:
        acting = await this.policy.assert(Capability.PUBLISH_ASSESSMENTS, target.assessment.assessorPartyId, what);
        owner = target.assessment.assessorPartyId;
        break;
      case ConsultationTargetKind.GUIDELINE: {
        const owners = await SynergyAccess.ownerIdsIn(manager, target.guideline.id);
        acting = await this.synergy.assertGuidelineOwner(target.guideline, owners, Capability.MANAGE_GUIDELINES, what);
        owner = acting;
        break;
      }
    }
    const result = owner ?? acting;
    if (!result) throw new ForbiddenError(`This record has no owning party, so nobody may ${what}.`);
    return result;
  }

  /** The target of a stored round, read in the transaction. */
  private async targetOf(manager: EntityManager, round: ConsultationRound): Promise<Target> {
    switch (round.targetKind) {
      case ConsultationTargetKind.AGENDA_VERSION: {
        const version = await manager.findOneByOrFail(ResearchAgendaVersion, { id: round.agendaVersionId! });
        const agenda = await manager.findOneByOrFail(ResearchAgenda, { id: version.agendaId });
        return { kind: round.targetKind, version, agenda };
      }
      case ConsultationTargetKind.PACKAGE_ASSESSMENT:
        return {
          kind: round.targetKind,
          assessment: await manager.findOneByOrFail(PackageAssessment, { id: round.assessmentId! }),
        };
      case ConsultationTargetKind.GUIDELINE:
        return {
          kind: round.targetKind,
          guideline: await manager.findOneByOrFail(Guideline, { id: round.guidelineId! }),
        };
    }
  }

  /** The owner of the round's target acting now: may close, answer and conclude. */
  private async assertRoundOwner(manager: EntityManager, round: ConsultationRound, what: string): Promise<string> {
    if (!(await this.access.canReadRound(round))) throw new NotFoundError('No consultation round with this id.');
    const owner = await this.assertEditor(manager, await this.targetOf(manager, round), what);
    if (owner !== round.ownerPartyId && !this.policy.viewer.isOperator)
      throw new ForbiddenError(`Only members of the party that opened this round may ${what}.`);
    return round.ownerPartyId;
  }

  async open(input: OpenConsultationRoundInput): Promise<ConsultationRound> {
    const now = new Date();
    const opensAt = input.opensAt ?? now;
    if (opensAt.getTime() < now.getTime() - 60_000)
      throw new BadUserInputError('"opensAt" must not lie in the past.', 'input.opensAt');
    if (input.closesAt <= opensAt)
      throw new BadUserInputError('"closesAt" must come after "opensAt".', 'input.closesAt');
    if (input.closesAt.getTime() - now.getTime() > MAX_ROUND_MS)
      throw new BadUserInputError('"closesAt" must be within a year.', 'input.closesAt');
    const kinds = [...new Set(input.invitedPartyKinds ?? [])];
    const named = [
      ...new Set((input.invitedPartyIds ?? []).map((id, i) => decodeIdOf('Party', id, `input.invitedPartyIds.${i}`))),
    ];
    return this.dataSource.transaction(async (manager) => {
      const target = await this.loadTarget(manager, input.targetId);
      const ownerPartyId = await this.assertEditor(manager, target, 'open a consultation on this draft');
      await assertNoRunningRound(manager, target.kind, this.assertConsultable(target), {
        message: 'A round on this draft is still running; conclude it before opening another.',
        field: 'input.targetId',
      });
      const round = await manager.save(
        ConsultationRound,
        manager.create(ConsultationRound, {
          key: newKey(input.question, 'consultatie'),
          targetKind: target.kind,
          agendaVersionId: target.kind === ConsultationTargetKind.AGENDA_VERSION ? target.version.id : null,
          assessmentId: target.kind === ConsultationTargetKind.PACKAGE_ASSESSMENT ? target.assessment.id : null,
          guidelineId: target.kind === ConsultationTargetKind.GUIDELINE ? target.guideline.id : null,
          guidelineEdition: target.kind === ConsultationTargetKind.GUIDELINE ? target.guideline.edition : null,
          ownerPartyId,
          question: input.question.trim(),
          opensAt,
          closesAt: input.closesAt,
          invitedPartyKinds: kinds,
          invitesEveryIzaParty: kinds.length === 0 && named.length === 0,
          openedByUserId: this.policy.viewer.user!.id,
        }),
      );
      const invited = await invite(manager, 'consultation_round_party', 'round_id', round.id, {
        kinds,
        named,
        every: round.invitesEveryIzaParty,
        except: ownerPartyId,
      });
      await this.audit.record(manager, {
        entityType: 'ConsultationRound',
        entityId: round.id,
        action: 'OPEN',
        ownerPartyId,
        actingPartyId: ownerPartyId,
        changes: [
          ...changesBetween(null, round, ['targetKind', 'question', 'opensAt', 'closesAt', 'invitedPartyKinds']),
          { field: 'invitedPartyIds', before: null, after: invited },
        ],
      });
      return round;
    });
  }

  /**
   * Which drafts may be consulted on: open agenda versions, unpublished assessments, guidelines being
   * written. Returns the draft's id.
   */
  private assertConsultable(target: Target): string {
    switch (target.kind) {
      case ConsultationTargetKind.AGENDA_VERSION:
        if (![AgendaStatus.DRAFT, AgendaStatus.CONSULTATION].includes(target.version.status))
          throw new BadUserInputError(
            `An ${target.version.status} agenda version cannot be consulted on; consult on its draft.`,
            'input.targetId',
          );
        return target.version.id;
      case ConsultationTargetKind.PACKAGE_ASSESSMENT:
        if (target.assessment.published)
          throw new BadUserInputError('A published assessment cannot be consulted on.', 'input.targetId');
        return target.assessment.id;
      case ConsultationTargetKind.GUIDELINE:
        if (![GuidelineStatus.IN_DEVELOPMENT, GuidelineStatus.UNDER_REVISION].includes(target.guideline.status))
          throw new BadUserInputError(
            'Only a guideline in development or under revision can be consulted on.',
            'input.targetId',
          );
        return target.guideline.id;
    }
  }

  /**
   * Closes an open round now, before its `closesAt`. A round that has not opened yet is called off instead:
   * concluded at once and never opened, so the invited parties do not read a draft they could not have
   * contributed to (there is no separate cancel or reschedule; the owner may open a new round).
   */
  close(ref: ConsultationRoundRefInput): Promise<ConsultationRound> {
    const id = decodeIdOf('ConsultationRound', ref.roundId, 'input.roundId');
    return this.dataSource.transaction(async (manager) => {
      const { current, authorized: ownerPartyId } = await lockForChange(
        manager,
        ConsultationRound,
        id,
        ref.version,
        'consultation round',
        (round) => this.assertRoundOwner(manager, round, 'close this round'),
      );
      const now = new Date();
      const status = roundStatus(current, now);
      if (status === ConsultationStatus.SCHEDULED) {
        // No contribution can exist yet, so it concludes as a round whose every contribution is answered.
        const saved = await saveNewVersion(manager, ConsultationRound, current, { concludedAt: now });
        await this.audit.record(manager, {
          entityType: 'ConsultationRound',
          entityId: id,
          action: 'CONCLUDE',
          ownerPartyId,
          actingPartyId: ownerPartyId,
          changes: changesBetween(current, saved, ['concludedAt']),
        });
        return saved;
      }
      if (status !== ConsultationStatus.OPEN)
        throw new BadUserInputError(`A ${status} round cannot be closed.`, 'input.roundId', { status });
      const saved = await saveNewVersion(manager, ConsultationRound, current, {
        closesAt: now,
        // A round that opened this very millisecond keeps its period (closes after it opens).
        opensAt: current.opensAt < now ? current.opensAt : new Date(now.getTime() - 1),
      });
      await this.audit.record(manager, {
        entityType: 'ConsultationRound',
        entityId: id,
        action: 'CLOSE',
        ownerPartyId,
        actingPartyId: ownerPartyId,
        changes: changesBetween(current, saved, ['opensAt', 'closesAt']),
      });
      return saved;
    });
  }

  /** Concludes a closed round once every standing contribution has a response. */
  conclude(ref: ConsultationRoundRefInput): Promise<ConsultationRound> {
    const id = decodeIdOf('ConsultationRound', ref.roundId, 'input.roundId');
    return this.dataSource.transaction(async (manager) => {
      const { current, authorized: ownerPartyId } = await lockForChange(
        manager,
        ConsultationRound,
        id,
        ref.version,
        'consultation round',
        (round) => this.assertRoundOwner(manager, round, 'conclude this round'),
      );
      const status = roundStatus(current, new Date());
      if (status !== ConsultationStatus.CLOSED)
        throw new BadUserInputError(`Only a CLOSED round can be concluded; this one is ${status}.`, 'input.roundId', {
          status,
        });
      const open: { id: string }[] = await manager.query(
        `SELECT id FROM contribution WHERE round_id = $1 AND withdrawn_at IS NULL AND response IS NULL ORDER BY created_at, id`,
        [id],
      );
      if (open.length > 0)
        throw new BadUserInputError(
          `${open.length} contribution(s) have no response yet; answer every one before concluding.`,
          'input.roundId',
          { openContributionIds: open.map((c) => toGlobalId('Contribution', c.id)) },
        );
      const saved = await saveNewVersion(manager, ConsultationRound, current, { concludedAt: new Date() });
      await this.audit.record(manager, {
        entityType: 'ConsultationRound',
        entityId: id,
        action: 'CONCLUDE',
        ownerPartyId,
        actingPartyId: ownerPartyId,
        changes: changesBetween(current, saved, ['concludedAt']),
      });
      return saved;
    });
  }

  // ---------------------------------------------------------------- contributions

  /**
   * The invited party the viewer contributes for (CONTRIBUTOR and up, CONTRIBUTE_TO_CONSULTATIONS and,
   * for IMPACT and PATIENT_PERSPECTIVE, that capability too, held through that same party).
   */
  private async contributingParty(
    round: ConsultationRound,
    type: ContributionType,
    requested: string | null,
  ): Promise<string> {
    const invited = (await this.loaders.invitedPartiesByRoundId.load(round.id)).map((p) => p.id);
    const candidates = requested ? invited.filter((id) => id === requested) : invited;
    const mine = candidates.filter((id) => this.policy.viewer.membershipIn(id));
    if (mine.length === 0)
      throw new ForbiddenError(
        requested
          ? 'That party is not invited to this round, or you are not its member.'
          : 'None of your parties is invited to this round.',
      );
    const needed = [Capability.CONTRIBUTE_TO_CONSULTATIONS, ...(TYPE_CAPABILITY[type] ? [TYPE_CAPABILITY[type]] : [])];
    for (const partyId of mine) {
      let allowed = true;
      for (const capability of needed)
        if ((await this.access.actingInvitedParty(capability, [partyId])) !== partyId) allowed = false;
      if (allowed) return partyId;
    }
    throw new ForbiddenError(
      `Your memberships do not allow you to contribute ${type} to this round (needs ${needed.join(' and ')}).`,
    );
  }

  /** Locks the round and checks that it takes contributions now. */
  private async lockOpenRound(manager: EntityManager, roundId: string): Promise<ConsultationRound> {
    const round = await manager.findOne(ConsultationRound, {
      where: { id: roundId },
      lock: { mode: 'pessimistic_read' },
    });
    if (!round || !(await this.access.canReadRound(round)))
      throw new NotFoundError('No consultation round with this id.');
    const status = roundStatus(round, new Date());
    if (status !== ConsultationStatus.OPEN)
      throw new BadUserInputError(`This round is ${status}: contributions are taken only while it is OPEN.`, 'input', {
        status,
      });
    return round;
  }

  private async anchorOf(
    manager: EntityManager,
    round: ConsultationRound,
    anchorGlobalId: string | null | undefined,
  ): Promise<{ anchorKind: ContributionAnchorKind | null; anchorId: string | null }> {
    if (!anchorGlobalId) return { anchorKind: null, anchorId: null };
    const expected = ANCHOR_TYPES[round.targetKind];
    const id = decodeIdOf(expected.type, anchorGlobalId, 'input.anchorId');
    const belongs =
      round.targetKind === ConsultationTargetKind.AGENDA_VERSION
        ? (await manager.findOneBy(AgendaItem, { id }))?.versionId === round.agendaVersionId
        : round.targetKind === ConsultationTargetKind.GUIDELINE
          ? (await manager.findOneBy(Recommendation, { id }))?.guidelineId === round.guidelineId
          : (await manager.findOneBy(AssessmentCriterionVerdict, { id }))?.assessmentId === round.assessmentId;
    if (!belongs)
      throw new BadUserInputError(
        `"input.anchorId" must be a ${expected.type} of the consulted draft.`,
        'input.anchorId',
      );
    return { anchorKind: expected.kind, anchorId: id };
  }

  addContribution(input: AddContributionInput): Promise<Contribution> {
    if (!this.policy.viewer.isAuthenticated) throw new UnauthenticatedError('Sign in to contribute.');
    const roundId = decodeIdOf('ConsultationRound', input.roundId, 'input.roundId');
    const requested = input.partyId ? decodeIdOf('Party', input.partyId, 'input.partyId') : null;
    const reference = input.reference?.trim() || null;
    if (input.type === ContributionType.EVIDENCE && !reference)
      throw new BadUserInputError('EVIDENCE needs a reference (bronvermelding).', 'input.reference');
    return this.dataSource.transaction(async (manager) => {
      const round = await this.lockOpenRound(manager, roundId);
      const partyId = await this.contributingParty(round, input.type, requested);
      const anchor = await this.anchorOf(manager, round, input.anchorId);
      const contribution = await manager.save(
        Contribution,
        manager.create(Contribution, {
          roundId,
          partyId,
          authorUserId: this.policy.viewer.user!.id,
          type: input.type,
          text: input.text.trim(),
          reference,
          ...anchor,
        }),
      );
      await this.audit.record(manager, {
        entityType: 'Contribution',
        entityId: contribution.id,
        action: 'CREATE',
        ownerPartyId: partyId,
        actingPartyId: partyId,
        changes: changesBetween(null, contribution, ['roundId', 'type', 'text', 'reference', 'anchorKind', 'anchorId']),
      });
      return contribution;
    });
  }

  /** Locks a contribution of the viewer's party while its round is open. */
  private async lockOwnContribution(manager: EntityManager, id: string, version: number, what: string) {
    return lockForChange(manager, Contribution, id, version, 'contribution', async (contribution) => {
      await this.lockOpenRound(manager, contribution.roundId);
      if (
        (await this.access.actingInvitedParty(Capability.CONTRIBUTE_TO_CONSULTATIONS, [contribution.partyId])) !==
        contribution.partyId
      )
        throw new ForbiddenError(`Only contributors of the party that wrote it may ${what}.`);
      if (contribution.withdrawnAt)
        throw new BadUserInputError('This contribution was withdrawn.', 'input.contributionId');
      return contribution.partyId;
    });
  }

  updateContribution(input: UpdateContributionInput): Promise<Contribution> {
    const id = decodeIdOf('Contribution', input.contributionId, 'input.contributionId');
    return this.dataSource.transaction(async (manager) => {
      const { current, authorized: partyId } = await this.lockOwnContribution(manager, id, input.version, 'edit it');
      const changes: Partial<Contribution> = {};
      if (input.text != null) changes.text = input.text.trim();
      if (input.reference !== undefined) changes.reference = input.reference?.trim() || null;
      // A reference cleared to null stays cleared here (`??` would fall back to the stored one).
      const reference = 'reference' in changes ? changes.reference : current.reference;
      if (current.type === ContributionType.EVIDENCE && reference === null)
        throw new BadUserInputError('EVIDENCE needs a reference (bronvermelding).', 'input.reference');
      const saved = await saveNewVersion(manager, Contribution, current, changes);
      await this.audit.record(manager, {
        entityType: 'Contribution',
        entityId: id,
        action: 'UPDATE',
        ownerPartyId: partyId,
        actingPartyId: partyId,
        changes: changesBetween(current, saved, ['text', 'reference']),
      });
      return saved;
    });
  }

  withdrawContribution(ref: ContributionRefInput): Promise<Contribution> {
    const id = decodeIdOf('Contribution', ref.contributionId, 'input.contributionId');
    return this.dataSource.transaction(async (manager) => {
      const { current, authorized: partyId } = await this.lockOwnContribution(manager, id, ref.version, 'withdraw it');
      const saved = await saveNewVersion(manager, Contribution, current, { withdrawnAt: new Date() });
      await this.audit.record(manager, {
        entityType: 'Contribution',
        entityId: id,
        action: 'WITHDRAW',
        ownerPartyId: partyId,
        actingPartyId: partyId,
        changes: changesBetween(current, saved, ['withdrawnAt']),
      });
      return saved;
    });
  }

  /** The owner's response (reactie), once the round is closed and until it is concluded. */
  respond(input: RespondToContributionInput): Promise<Contribution> {
    const id = decodeIdOf('Contribution', input.contributionId, 'input.contributionId');
    return this.dataSource.transaction(async (manager) => {
      const { current, authorized: ownerPartyId } = await lockForChange(
        manager,
        Contribution,
        id,
        input.version,
        'contribution',
        async (c) => {
          const round = await manager.findOneOrFail(ConsultationRound, {
            where: { id: c.roundId },
            lock: { mode: 'pessimistic_read' },
          });
          const ownerPartyId = await this.assertRoundOwner(manager, round, 'answer contributions to this round');
          const status = roundStatus(round, new Date());
          if (status !== ConsultationStatus.CLOSED)
            throw new BadUserInputError(
              `Contributions are answered once the round is CLOSED and until it is concluded; this one is ${status}.`,
              'input.contributionId',
              { status },
            );
          if (c.withdrawnAt)
            throw new BadUserInputError('A withdrawn contribution needs no response.', 'input.contributionId');
          return ownerPartyId;
        },
      );
      const saved = await saveNewVersion(manager, Contribution, current, {
        response: input.response,
        responseReasoning: input.reasoning.trim(),
        responseChange: input.change?.trim() || null,
        respondedAt: new Date(),
        respondedByUserId: this.policy.viewer.user!.id,
      });
      await this.audit.record(manager, {
        entityType: 'Contribution',
        entityId: id,
        action: 'RESPOND',
        ownerPartyId,
        actingPartyId: ownerPartyId,
        changes: changesBetween(current, saved, ['response', 'responseReasoning', 'responseChange']),
      });
      return saved;
    });
  }
}

/**
 * Writes the invitations of a round or call: the named parties, the parties of the named kinds, or every
 * IZA party (signatories) when neither is given; never the owner itself. Returns the invited ids.
 */
export async function invite(
  manager: EntityManager,
  table: 'consultation_round_party' | 'topic_call_party',
  ownerColumn: 'round_id' | 'call_id',
  ownerId: string,
  who: { kinds: PartyKind[]; named: string[]; every: boolean; except: string },
): Promise<string[]> {
  if (who.named.length > 0) {
    const found: { id: string }[] = await manager.query('SELECT id FROM party WHERE id = ANY($1)', [who.named]);
    if (found.length !== who.named.length)
      throw new BadUserInputError(
        '"input.invitedPartyIds" names a party that does not exist.',
        'input.invitedPartyIds',
      );
  }
  const rows: { party_id: string }[] = await manager.query(
    `INSERT INTO ${table} (${ownerColumn}, party_id)
     SELECT $1, p.id FROM party p
      WHERE p.id <> $5 AND (p.kind = ANY($2::party_kind[]) OR p.id = ANY($3::uuid[]) OR ($4 AND p.iza_signatory))
     RETURNING party_id`,
    [ownerId, who.kinds, who.named, who.every, who.except],
  );
  if (rows.length === 0)
    throw new BadUserInputError(
      'Nobody would be invited: name other parties or kinds of party.',
      'input.invitedPartyKinds',
    );
  return rows.map((r) => r.party_id).sort();
}
