import type { DataSource, EntityManager } from 'typeorm';
import { AgendaItem, KnowledgeQuestion, ResearchAgenda, ResearchAgendaVersion } from '../../../entities';
import { AgendaKind, AgendaStatus, QuestionStatus } from '../../../entities/research.enums';
import { ConsultationTargetKind } from '../../../entities/consultation.enums';
import type { Connection } from '../../../schema/connection';
import { decodeIdOf, decodeIdListOf } from '../../../schema/global-id';
import type {
  AddQuestionToAgendaInput,
  AgendaRefInput,
  CreateResearchAgendaInput,
  RemoveQuestionFromAgendaInput,
  ReorderAgendaItemsInput,
  ResearchAgendaFilter,
} from '../../../schema/inputs/research.input';
import type { Policy } from '../../auth/policy';
import { assertAgendaCreator, assertAgendaManager, type ResearchAccess } from '../../auth/research.access';
import type { Config } from '../../config';
import { BadUserInputError, NotFoundError } from '../../errors';
import type { Loaders } from '../../loaders';
import { changesBetween, type AuditService } from '../identity/audit.service';
import { recordPrioritisation } from '../consultation/prioritisation.service';
import { assertNoRunningRound } from '../consultation/running-round';
import { paginate, type PageArgs } from '../../shared/pagination';
import { lockForChange, saveNewVersion } from '../../shared/versioning';
import { spanFromInput } from '../../shared/fuzzy-dates';
import { newKey } from '../../shared/keys';
import { assertTransition } from '../../shared/transitions';
import { OutputTargetType } from '../../../entities/deliverable.enums';
import { reachedArtefact, recordOutputReached } from '../deliverables/output-progress';

/** The agenda life cycle: DRAFT → CONSULTATION → ADOPTED → ARCHIVED. */
export const NEXT_AGENDA_STATUS: Record<AgendaStatus, AgendaStatus[]> = {
  [AgendaStatus.DRAFT]: [AgendaStatus.CONSULTATION],
  [AgendaStatus.CONSULTATION]: [AgendaStatus.ADOPTED],
  [AgendaStatus.ADOPTED]: [AgendaStatus.ARCHIVED],
  [AgendaStatus.ARCHIVED]: [],
};

async function latestVersion(manager: EntityManager, agendaId: string, locked = false): Promise<ResearchAgendaVersion> {
  const latest = await manager.findOne(ResearchAgendaVersion, {
    where: { agendaId },
    order: { number: 'DESC' },
    lock: locked ? { mode: 'pessimistic_write' } : undefined,
  });
  if (!latest) throw new NotFoundError('This agenda has no version.');
  return latest;
}

/** Only a question still in play goes on an agenda: not a MERGED or REJECTED one. */
export function assertPlaceable(question: Pick<KnowledgeQuestion, 'status'>, field: string): void {
  if (question.status === QuestionStatus.MERGED || question.status === QuestionStatus.REJECTED)
    throw new BadUserInputError(
      `A ${question.status} question cannot be put on an agenda${question.status === QuestionStatus.MERGED ? '; add the question it was merged into' : ''}.`,
      field,
    );
}

/**
 * The version edits go to: the open (DRAFT or CONSULTATION) one, or a new DRAFT copied from the
 * adopted one, which itself never changes. Call with the agenda locked: copying the items refers to
 * (KEY SHARE locks) each of their questions, which the domain locks after agendas (question-locks.ts).
 */
export async function editableVersion(
  manager: EntityManager,
  agenda: ResearchAgenda,
  audit: AuditService,
  actingPartyId: string | null,
): Promise<{ version: ResearchAgendaVersion; started: boolean }> {
  const latest = await latestVersion(manager, agenda.id);
  if (latest.status === AgendaStatus.DRAFT || latest.status === AgendaStatus.CONSULTATION)
    return { version: latest, started: false };
  if (latest.status === AgendaStatus.ARCHIVED)
    throw new BadUserInputError('This agenda is archived; it can no longer be edited.', 'input.agendaId', {
      allowed: [],
    });
  const draft = await manager.save(
    ResearchAgendaVersion,
    manager.create(ResearchAgendaVersion, {
      agendaId: agenda.id,
      number: latest.number + 1,
      status: AgendaStatus.DRAFT,
      note: `Started from adopted version ${latest.number}.`,
    }),
  );
  await manager.query(
    `INSERT INTO agenda_item (version_id, question_id, rank, rationale, synthetic)
     SELECT $2, question_id, rank, rationale, synthetic FROM agenda_item WHERE version_id = $1`,
    [latest.id, draft.id],
  );
  await audit.record(manager, {
    entityType: 'ResearchAgendaVersion',
    entityId: draft.id,
    action: 'CREATE',
    ownerPartyId: agenda.ownerPartyId ?? agenda.coordinatorPartyId,
    actingPartyId,
    changes: changesBetween(null, draft, ['agendaId', 'number', 'status']),
  });
  return { version: draft, started: true };
}

/** The questions on a version, by rank: what an UPDATE_ITEMS audit entry records before and after. */
export async function itemQuestionIds(manager: EntityManager, versionId: string): Promise<string[]> {
  const rows: { question_id: string }[] = await manager.query(
    'SELECT question_id FROM agenda_item WHERE version_id = $1 ORDER BY rank',
    [versionId],
  );
  return rows.map((r) => r.question_id);
}

/**
 * Puts a question on an open version at `rank` (last when omitted), moving the items from there one down:
 * adding a question to an agenda and placing a topic call's submission both do it this way.
 */
export async function insertItem(
  manager: EntityManager,
  versionId: string,
  questionId: string,
  rank: number | null | undefined,
  rationale: string | null | undefined,
): Promise<void> {
  const count = await manager.countBy(AgendaItem, { versionId });
  const at = rank ?? count + 1;
  if (at < 1 || at > count + 1) throw new BadUserInputError(`"rank" must be between 1 and ${count + 1}.`, 'input.rank');
  await manager.query('UPDATE agenda_item SET rank = rank + 1 WHERE version_id = $1 AND rank >= $2', [versionId, at]);
  await manager.insert(AgendaItem, { versionId, questionId, rank: at, rationale: rationale?.trim() || null });
}

/** The version's UPDATE_ITEMS audit entry: its questions `before` an edit of its items and after it. */
export async function recordItemsEdit(
  manager: EntityManager,
  audit: AuditService,
  agenda: Pick<ResearchAgenda, 'ownerPartyId' | 'coordinatorPartyId'>,
  versionId: string,
  actingPartyId: string | null,
  before: string[],
): Promise<void> {
  await audit.record(manager, {
    entityType: 'ResearchAgendaVersion',
    entityId: versionId,
    action: 'UPDATE_ITEMS',
    ownerPartyId: agenda.ownerPartyId ?? agenda.coordinatorPartyId,
    actingPartyId,
    changes: [{ field: 'questionIds', before, after: await itemQuestionIds(manager, versionId) }],
  });
}

/** Removes one item of an open version and closes the gap in the ranks. */
export async function removeItem(manager: EntityManager, item: AgendaItem): Promise<void> {
  await manager.delete(AgendaItem, { id: item.id });
  await manager.query('UPDATE agenda_item SET rank = rank - 1 WHERE version_id = $1 AND rank > $2', [
    item.versionId,
    item.rank,
  ]);
}

export class ResearchAgendaService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly loaders: Loaders,
    private readonly config: Config,
    private readonly policy: Policy,
    private readonly audit: AuditService,
    private readonly access: ResearchAccess,
  ) {}

  list(filter: ResearchAgendaFilter | null | undefined, page: PageArgs): Promise<Connection<ResearchAgenda>> {
    const query = this.dataSource.getRepository(ResearchAgenda).createQueryBuilder('agenda');
    const sectorIds = decodeIdListOf('Sector', filter, 'sectorIds', 'sectorId');
    if (sectorIds) query.andWhere('agenda.sectorId = ANY(:sectorIds)', { sectorIds });
    if (filter?.kind) query.andWhere('agenda.kind = :kind', { kind: filter.kind });
    if (filter?.status)
      query.andWhere(
        'EXISTS (SELECT 1 FROM research_agenda_version v WHERE v.agenda_id = agenda.id AND v.status = :status)',
        { status: filter.status },
      );
    return paginate(query, page, {
      sortKeys: [
        { expression: 'agenda.title', value: (a) => a.title },
        { expression: 'agenda.id', value: (a) => a.id },
      ],
      maxPageSize: this.config.maxPageSize,
    });
  }

  byId(globalId: string): Promise<ResearchAgenda | null> {
    return this.loaders.researchAgendaById.load(decodeIdOf('ResearchAgenda', globalId));
  }

  /** Newest first; drafts only for those who may read them. */
  async versions(agenda: ResearchAgenda): Promise<ResearchAgendaVersion[]> {
    return this.access.readableVersions(agenda, await this.loaders.versionsByAgendaId.load(agenda.id));
  }

  async adoptedVersion(agenda: ResearchAgenda): Promise<ResearchAgendaVersion | null> {
    const all = await this.loaders.versionsByAgendaId.load(agenda.id);
    return all.find((v) => v.status === AgendaStatus.ADOPTED) ?? null;
  }

  async create(input: CreateResearchAgendaInput): Promise<ResearchAgenda> {
    const sectorId = input.sectorId ? decodeIdOf('Sector', input.sectorId, 'input.sectorId') : null;
    const ownerPartyId = input.ownerPartyId ? decodeIdOf('Party', input.ownerPartyId, 'input.ownerPartyId') : null;
    let coordinatorPartyId = input.coordinatorPartyId
      ? decodeIdOf('Party', input.coordinatorPartyId, 'input.coordinatorPartyId')
      : null;
    if (input.kind === AgendaKind.SECTOR_MULTIYEAR && !sectorId)
      throw new BadUserInputError('A sector agenda needs a sector.', 'input.sectorId');
    if (input.kind === AgendaKind.CROSS_SECTOR && sectorId)
      throw new BadUserInputError('A cross-sector agenda has no sector.', 'input.sectorId');
    if (input.kind === AgendaKind.ASSOCIATION_KNOWLEDGE_AGENDA) {
      if (!ownerPartyId)
        throw new BadUserInputError('An association agenda needs its association.', 'input.ownerPartyId');
      coordinatorPartyId ??= ownerPartyId;
    } else if (!coordinatorPartyId)
      throw new BadUserInputError('Name the coordinating party.', 'input.coordinatorPartyId');
    const actingPartyId = await assertAgendaCreator(this.policy, {
      kind: input.kind,
      ownerPartyId,
      coordinatorPartyId,
      sectorId,
    });
    const period = spanFromInput(input.period, 'input.period');
    return this.dataSource.transaction(async (manager) => {
      const agenda = await manager.save(
        ResearchAgenda,
        manager.create(ResearchAgenda, {
          key: newKey(input.title, 'agenda'),
          title: input.title.trim(),
          kind: input.kind,
          sectorId,
          ownerPartyId,
          coordinatorPartyId,
          period,
          due: spanFromInput(null, 'input.due'),
          status: AgendaStatus.DRAFT,
          note: input.note?.trim() || null,
        }),
      );
      const version = await manager.save(
        ResearchAgendaVersion,
        manager.create(ResearchAgendaVersion, { agendaId: agenda.id, number: 1, status: AgendaStatus.DRAFT }),
      );
      await this.audit.record(manager, {
        entityType: 'ResearchAgenda',
        entityId: agenda.id,
        action: 'CREATE',
        ownerPartyId: ownerPartyId ?? coordinatorPartyId,
        actingPartyId,
        changes: changesBetween(null, agenda, ['title', 'kind', 'sectorId', 'ownerPartyId', 'coordinatorPartyId']),
      });
      await this.audit.record(manager, {
        entityType: 'ResearchAgendaVersion',
        entityId: version.id,
        action: 'CREATE',
        ownerPartyId: ownerPartyId ?? coordinatorPartyId,
        actingPartyId,
        changes: changesBetween(null, version, ['agendaId', 'number', 'status']),
      });
      return agenda;
    });
  }

  /** Locks the agenda, checks the version and the permission, and runs `change` on its working version. */
  private async editItems(
    ref: AgendaRefInput,
    what: string,
    change: (manager: EntityManager, version: ResearchAgendaVersion, agenda: ResearchAgenda) => Promise<unknown[]>,
    /** Whether the change would leave the newest version's items as they are: then nothing is written. */
    unchanged?: (questionIds: string[]) => boolean,
  ): Promise<ResearchAgendaVersion> {
    const agendaId = decodeIdOf('ResearchAgenda', ref.agendaId, 'input.agendaId');
    return this.dataSource.transaction(async (manager) => {
      const { current: agenda, authorized: actingPartyId } = await lockForChange(
        manager,
        ResearchAgenda,
        agendaId,
        ref.version,
        'research agenda',
        (agenda) => assertAgendaManager(this.policy, agenda, what),
      );
      if (unchanged) {
        // A change that changes nothing starts no new draft of an adopted agenda and keeps the version.
        const latest = await latestVersion(manager, agenda.id);
        if (unchanged(await itemQuestionIds(manager, latest.id))) return latest;
      }
      const { version } = await editableVersion(manager, agenda, this.audit, actingPartyId);
      const before = await itemQuestionIds(manager, version.id);
      await change(manager, version, agenda);
      await saveNewVersion(manager, ResearchAgenda, agenda, { status: version.status });
      await recordItemsEdit(manager, this.audit, agenda, version.id, actingPartyId, before);
      return version;
    });
  }

  addQuestion(input: AddQuestionToAgendaInput): Promise<ResearchAgendaVersion> {
    const questionId = decodeIdOf('KnowledgeQuestion', input.questionId, 'input.questionId');
    return this.editItems(input, 'edit this agenda', async (manager, version) => {
      // Held (FOR SHARE) until the item is in: a merge or rejection of the question waits, then sees it here.
      // Taken after the agenda, as a merge takes them (question-locks.ts): the two wait, neither deadlocks.
      const question = await manager.findOne(KnowledgeQuestion, {
        where: { id: questionId },
        lock: { mode: 'pessimistic_read' },
      });
      if (!question) throw new NotFoundError('No knowledge question with this id.');
      assertPlaceable(question, 'input.questionId');
      if (await manager.existsBy(AgendaItem, { versionId: version.id, questionId }))
        throw new BadUserInputError('The question is already on this agenda.', 'input.questionId');
      await insertItem(manager, version.id, questionId, input.rank, input.rationale);
      return [];
    });
  }

  removeQuestion(input: RemoveQuestionFromAgendaInput): Promise<ResearchAgendaVersion> {
    const questionId = decodeIdOf('KnowledgeQuestion', input.questionId, 'input.questionId');
    return this.editItems(input, 'edit this agenda', async (manager, version) => {
      const item = await manager.findOneBy(AgendaItem, { versionId: version.id, questionId });
      if (!item) throw new BadUserInputError('The question is not on this agenda.', 'input.questionId');
      await removeItem(manager, item);
      return [];
    });
  }

  reorder(input: ReorderAgendaItemsInput): Promise<ResearchAgendaVersion> {
    const questionIds = input.questionIds.map((id, i) => decodeIdOf('KnowledgeQuestion', id, `input.questionIds.${i}`));
    const sameOrder = (current: string[]) =>
      current.length === questionIds.length && current.every((id, i) => id === questionIds[i]);
    return this.editItems(
      input,
      'edit this agenda',
      async (manager, version) => {
        const current = await itemQuestionIds(manager, version.id);
        const same =
          current.length === questionIds.length &&
          new Set(questionIds).size === questionIds.length &&
          questionIds.every((id) => current.includes(id));
        if (!same)
          throw new BadUserInputError(
            'List every question of the agenda exactly once, in the new order.',
            'input.questionIds',
          );
        await manager.query(
          `UPDATE agenda_item i SET rank = o.ord
           FROM unnest($2::uuid[]) WITH ORDINALITY AS o(question_id, ord)
          WHERE i.version_id = $1 AND i.question_id = o.question_id`,
          [version.id, questionIds],
        );
        return [];
      },
      sameOrder,
    );
  }

  /** Moves the newest version one step: DRAFT → CONSULTATION → ADOPTED → ARCHIVED. */
  async transition(ref: AgendaRefInput, to: AgendaStatus): Promise<ResearchAgendaVersion> {
    const agendaId = decodeIdOf('ResearchAgenda', ref.agendaId, 'input.agendaId');
    return this.dataSource.transaction(async (manager) => {
      const { current: agenda, authorized: actingPartyId } = await lockForChange(
        manager,
        ResearchAgenda,
        agendaId,
        ref.version,
        'research agenda',
        (agenda) => assertAgendaManager(this.policy, agenda, `move this agenda to ${to}`),
      );
      // The version is locked before anything is read from it: scores sent meanwhile (which hold it FOR SHARE)
      // are in the ranking an adoption keeps, or wait and then find the version adopted. Locks go agenda,
      // version, scorecard, never the other way round.
      const latest = await latestVersion(manager, agenda.id, true);
      assertTransition('research agenda version', NEXT_AGENDA_STATUS, latest.status, to, 'input.agendaId');
      const now = new Date();
      if (to === AgendaStatus.ADOPTED) {
        await assertNoRunningRound(manager, ConsultationTargetKind.AGENDA_VERSION, latest.id, {
          message: 'A consultation round on this version has not been concluded; conclude it before adopting.',
          field: 'input.agendaId',
        });
        await recordPrioritisation(manager, latest.id);
        const previous = await manager.findBy(ResearchAgendaVersion, { agendaId, status: AgendaStatus.ADOPTED });
        for (const old of previous) {
          await manager.update(
            ResearchAgendaVersion,
            { id: old.id },
            { status: AgendaStatus.ARCHIVED, archivedAt: now },
          );
          await this.audit.record(manager, {
            entityType: 'ResearchAgendaVersion',
            entityId: old.id,
            action: 'ARCHIVE',
            ownerPartyId: agenda.ownerPartyId ?? agenda.coordinatorPartyId,
            actingPartyId,
            changes: [{ field: 'status', before: old.status, after: AgendaStatus.ARCHIVED }],
          });
        }
      }
      const stamp =
        to === AgendaStatus.CONSULTATION
          ? { submittedAt: now }
          : to === AgendaStatus.ADOPTED
            ? { adoptedAt: now }
            : { archivedAt: now };
      await manager.update(ResearchAgendaVersion, { id: latest.id }, { status: to, ...stamp });
      await saveNewVersion(manager, ResearchAgenda, agenda, { status: to, statusAsOf: null });
      await this.audit.record(manager, {
        entityType: 'ResearchAgendaVersion',
        entityId: latest.id,
        action: to === AgendaStatus.CONSULTATION ? 'SUBMIT' : to === AgendaStatus.ADOPTED ? 'ADOPT' : 'ARCHIVE',
        ownerPartyId: agenda.ownerPartyId ?? agenda.coordinatorPartyId,
        actingPartyId,
        changes: [{ field: 'status', before: latest.status, after: to }],
      });
      if (to === AgendaStatus.ADOPTED)
        await recordOutputReached(
          manager,
          this.audit,
          { userId: this.audit.actorId, partyId: actingPartyId },
          reachedArtefact(OutputTargetType.RESEARCH_AGENDA, agenda.key, { title: agenda.title, number: latest.number }),
        );
      return manager.findOneByOrFail(ResearchAgendaVersion, { id: latest.id });
    });
  }
}
