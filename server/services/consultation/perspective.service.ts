import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import {
  Guideline,
  KnowledgeQuestion,
  Perspective,
  ResearchAgenda,
  ResearchAgendaVersion,
  SynergyLink,
} from '../../../entities';
import {
  PERSPECTIVE_TARGET_TYPES,
  PERSPECTIVE_TARGETS,
  PerspectiveTargetKind,
} from '../../../entities/perspective.enums';
import { AgendaStatus } from '../../../entities/research.enums';
import { GuidelineStatus } from '../../../entities/synergy.enums';
import { decodeGlobalId, decodeIdOf, toGlobalId } from '../../../schema/global-id';
import type {
  AddPerspectiveInput,
  PerspectiveRefInput,
  RespondToPerspectiveInput,
  UpdatePerspectiveInput,
} from '../../../schema/inputs/perspective.input';
import type { PerspectiveAccess, PerspectiveTarget } from '../../auth/perspective.access';
import { BadUserInputError, NotFoundError } from '../../errors';
import type { Loaders } from '../../loaders';
import { lockForChange, saveNewVersion } from '../../shared/versioning';
import { changesBetween, type AuditService } from '../identity/audit.service';

const AUDITED: (keyof Perspective & string)[] = ['kind', 'targetKind', 'targetId', 'text', 'reference'];
const RESPONSE_AUDITED: (keyof Perspective & string)[] = ['response', 'responseReasoning', 'responseChange'];

const TARGET_KINDS: Readonly<Record<string, PerspectiveTargetKind>> = Object.fromEntries(
  Object.entries(PERSPECTIVE_TARGET_TYPES).map(([kind, type]) => [type, kind as PerspectiveTargetKind]),
);

const TARGET_ENTITIES: Readonly<Record<PerspectiveTargetKind, EntityTarget<ObjectLiteral>>> = {
  [PerspectiveTargetKind.KNOWLEDGE_QUESTION]: KnowledgeQuestion,
  [PerspectiveTargetKind.RESEARCH_AGENDA]: ResearchAgenda,
  [PerspectiveTargetKind.AGENDA_VERSION]: ResearchAgendaVersion,
  [PerspectiveTargetKind.SYNERGY_LINK]: SynergyLink,
  [PerspectiveTargetKind.GUIDELINE]: Guideline,
};

/**
 * Standing perspectives (inbreng buiten een consultatieronde): what a patient organisation adds to a question,
 * agenda or link, and what an insurer or provider association says about a published guideline's impact,
 * outside any round; the target's owner answers once. Who reads and acts is PerspectiveAccess; every write is
 * audited in its transaction, and the audit entry makes its domain event (outbox.ts).
 */
export class PerspectiveService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly loaders: Loaders,
    private readonly audit: AuditService,
    private readonly access: PerspectiveAccess,
  ) {}

  async byId(globalId: string): Promise<Perspective | null> {
    const perspective = await this.loaders.perspectiveById.load(decodeIdOf('Perspective', globalId));
    return perspective && (await this.access.canRead(perspective)) ? perspective : null;
  }

  /** What a perspective is about, when the viewer reads it (always, for one they read). */
  async targetOf(perspective: Perspective): Promise<PerspectiveTarget | null> {
    const target = await this.access.target(perspective.targetKind, perspective.targetId);
    return target && (await this.access.canReadTarget(perspective.targetKind, target)) ? target : null;
  }

  /**
   * The target, read held (FOR SHARE) in the write's transaction so its status cannot move under the check;
   * one the viewer may not read is NOT_FOUND, like a missing one.
   */
  private async lockTarget(manager: EntityManager, kind: PerspectiveTargetKind, id: string) {
    const target = (await manager.findOne(TARGET_ENTITIES[kind], {
      where: { id },
      lock: { mode: 'pessimistic_read' },
    })) as PerspectiveTarget | null;
    if (!target || !(await this.access.canReadTarget(kind, target)))
      throw new NotFoundError(`No ${PERSPECTIVE_TARGET_TYPES[kind]} with this id.`);
    return target;
  }

  add(input: AddPerspectiveInput): Promise<Perspective> {
    const { type, id: targetId } = decodeGlobalId(input.targetId, 'input.targetId');
    const targetKind = TARGET_KINDS[type];
    const allowed = PERSPECTIVE_TARGETS[input.kind];
    if (!targetKind || !allowed.includes(targetKind))
      throw new BadUserInputError(
        `A ${input.kind} is about a ${allowed.map((k) => PERSPECTIVE_TARGET_TYPES[k]).join(', ')}; not a ${type}.`,
        'input.targetId',
      );
    const requested = input.partyId ? decodeIdOf('Party', input.partyId, 'input.partyId') : null;
    return this.dataSource.transaction(async (manager) => {
      const target = await this.lockTarget(manager, targetKind, targetId);
      const partyId = await this.access.speakingParty(input.kind, requested);
      // Drafts take perspectives inside a consultation round; standing ones are on what the partners agreed on.
      const { status } = target as { status?: string };
      if (targetKind === PerspectiveTargetKind.AGENDA_VERSION && status !== AgendaStatus.ADOPTED)
        throw new BadUserInputError(
          `A perspective is added to an ADOPTED agenda version (a draft takes it in a consultation round); this one is ${status}.`,
          'input.targetId',
          { status },
        );
      if (targetKind === PerspectiveTargetKind.GUIDELINE && status !== GuidelineStatus.PUBLISHED)
        throw new BadUserInputError(
          `Impact is commented on a PUBLISHED guideline (a draft takes it in a consultation round); this one is ${status}.`,
          'input.targetId',
          { status },
        );
      const perspective = await manager.save(
        Perspective,
        manager.create(Perspective, {
          kind: input.kind,
          targetKind,
          targetId,
          partyId,
          authorUserId: this.audit.actorId,
          text: input.text.trim(),
          reference: input.reference?.trim() || null,
        }),
      );
      await this.audit.record(manager, {
        entityType: 'Perspective',
        entityId: perspective.id,
        action: 'CREATE',
        ownerPartyId: partyId,
        actingPartyId: partyId,
        // A row id means nothing without its kind, so the trail keeps the target's global id (what the input
        // took and node(id:) reads); the target never changes, so no later entry names it.
        changes: changesBetween(
          null,
          { ...perspective, targetId: toGlobalId(PERSPECTIVE_TARGET_TYPES[targetKind], targetId) } as Perspective,
          AUDITED,
        ),
      });
      return perspective;
    });
  }

  /** Standing and unanswered, or BAD_USER_INPUT: once answered, what the answer rested on stays. */
  private assertOpen(perspective: Perspective, what: string): void {
    if (perspective.withdrawnAt) throw new BadUserInputError('This perspective was withdrawn.', 'input.id');
    if (perspective.response)
      throw new BadUserInputError(`This perspective has been answered; it can no longer be ${what}.`, 'input.id', {
        response: perspective.response,
      });
  }

  update(input: UpdatePerspectiveInput): Promise<Perspective> {
    const id = decodeIdOf('Perspective', input.id, 'input.id');
    return this.dataSource.transaction(async (manager) => {
      const { current, authorized: partyId } = await lockForChange(
        manager,
        Perspective,
        id,
        input.version,
        'perspective',
        (p) => this.access.assertAuthorParty(p, 'change this perspective'),
      );
      this.assertOpen(current, 'changed');
      const changes: Partial<Perspective> = {};
      if (input.text != null) changes.text = input.text.trim();
      if (input.reference !== undefined) changes.reference = input.reference?.trim() || null;
      const changed = changesBetween(current, { ...current, ...changes } as Perspective, AUDITED);
      // Nothing changed: no new version, so nobody else's next edit gets a CONFLICT for it.
      if (changed.length === 0) return current;
      const saved = await saveNewVersion(manager, Perspective, current, changes);
      await this.audit.record(manager, {
        entityType: 'Perspective',
        entityId: id,
        action: 'UPDATE',
        ownerPartyId: partyId,
        actingPartyId: partyId,
        changes: changed,
      });
      return saved;
    });
  }

  withdraw(ref: PerspectiveRefInput): Promise<Perspective> {
    const id = decodeIdOf('Perspective', ref.id, 'input.id');
    return this.dataSource.transaction(async (manager) => {
      const { current, authorized: partyId } = await lockForChange(
        manager,
        Perspective,
        id,
        ref.version,
        'perspective',
        (p) => this.access.assertAuthorParty(p, 'withdraw this perspective'),
      );
      this.assertOpen(current, 'withdrawn');
      const saved = await saveNewVersion(manager, Perspective, current, { withdrawnAt: new Date() });
      await this.audit.record(manager, {
        entityType: 'Perspective',
        entityId: id,
        action: 'WITHDRAW',
        ownerPartyId: partyId,
        actingPartyId: partyId,
        changes: changesBetween(current, saved, ['withdrawnAt']),
      });
      return saved;
    });
  }

  /** The target owner's response (reactie), once. */
  respond(input: RespondToPerspectiveInput): Promise<Perspective> {
    const id = decodeIdOf('Perspective', input.id, 'input.id');
    return this.dataSource.transaction(async (manager) => {
      const { current, authorized: answeringPartyId } = await lockForChange(
        manager,
        Perspective,
        id,
        input.version,
        'perspective',
        (p) => this.access.assertAnswerer(p, manager, 'answer perspectives on this record'),
      );
      this.assertOpen(current, 'answered again');
      const saved = await saveNewVersion(manager, Perspective, current, {
        response: input.response,
        responseReasoning: input.reasoning.trim(),
        responseChange: input.change?.trim() || null,
        respondedAt: new Date(),
        respondedByUserId: this.audit.actorId,
        respondedByPartyId: answeringPartyId,
      });
      await this.audit.record(manager, {
        entityType: 'Perspective',
        entityId: id,
        action: 'RESPOND',
        ownerPartyId: current.partyId,
        actingPartyId: answeringPartyId,
        changes: changesBetween(current, saved, RESPONSE_AUDITED),
      });
      return saved;
    });
  }
}
