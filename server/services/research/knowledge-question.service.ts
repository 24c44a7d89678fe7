import { In, type DataSource, type EntityManager } from 'typeorm';
import { ORIGIN_AUDITED, resolveOrigin } from '../package/question-origin';
import type { SynergyAccess } from '../../auth/synergy.access';
import {
  AgendaItem,
  Intervention,
  KnowledgeQuestion,
  PackageCriterion,
  PrioritisationCriterion,
  QuestionScore,
  ResearchAgenda,
  Sector,
} from '../../../entities';
import { Capability } from '../../../entities/capability.enum';
import { KnowledgeQuestionOrderField, QuestionStatus } from '../../../entities/research.enums';
import { QUESTION_TEXT_SQL, QUESTION_TSV_SQL } from '../../../entities/knowledge-question.entity';
import type { Connection } from '../../../schema/connection';
import { decodeIdOf } from '../../../schema/global-id';
import type {
  KnowledgeQuestionFilter,
  MergeKnowledgeQuestionsInput,
  ProposeKnowledgeQuestionInput,
  ScoreKnowledgeQuestionInput,
  TransitionKnowledgeQuestionInput,
} from '../../../schema/inputs/research.input';
import type { Policy } from '../../auth/policy';
import { assertAgendaManager, assertQuestionCoordinator } from '../../auth/research.access';
import type { Config } from '../../config';
import { BadUserInputError, ConflictError, NotFoundError } from '../../errors';
import type { Loaders } from '../../loaders';
import { changesBetween, type AuditService } from '../identity/audit.service';
import { paginate, type PageArgs } from '../../shared/pagination';
import { editableVersion, removeItem } from './research-agenda.service';
import { scoreRowsOf } from '../consultation/prioritisation.service';
import { newKey } from '../../shared/keys';
import { assertTransition, invalidTransition } from '../../shared/transitions';
import { lockForChange, NEXT_VERSION_SQL, saveNewVersion } from '../../shared/versioning';
import { lockAgendas, lockQuestions } from './question-locks';

/** The question life cycle (docs/domain.md, “Status transitions”). MERGED is reached through a merge only. */
export const NEXT_QUESTION_STATUS: Record<QuestionStatus, QuestionStatus[]> = {
  [QuestionStatus.PROPOSED]: [QuestionStatus.PRIORITISED, QuestionStatus.REJECTED],
  [QuestionStatus.PRIORITISED]: [QuestionStatus.IN_RESEARCH, QuestionStatus.REJECTED],
  [QuestionStatus.IN_RESEARCH]: [QuestionStatus.ANSWERED],
  [QuestionStatus.ANSWERED]: [QuestionStatus.IMPLEMENTED],
  [QuestionStatus.IMPLEMENTED]: [],
  [QuestionStatus.REJECTED]: [],
  [QuestionStatus.MERGED]: [],
};

/** A question can be merged away while it is still open. */
const MERGEABLE: QuestionStatus[] = [QuestionStatus.PROPOSED, QuestionStatus.PRIORITISED, QuestionStatus.IN_RESEARCH];

const AUDITED: (keyof KnowledgeQuestion & string)[] = [
  'title',
  'population',
  'interventionText',
  'comparison',
  'outcome',
  'interventionId',
  'direction',
  'proposedByPartyId',
  'status',
  'statusNote',
  'mergedIntoId',
  'possiblyAnswered',
  'priorityTotal',
];

export class KnowledgeQuestionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly loaders: Loaders,
    private readonly config: Config,
    private readonly policy: Policy,
    private readonly audit: AuditService,
    private readonly synergyAccess: SynergyAccess,
  ) {}

  list(
    filter: KnowledgeQuestionFilter | null | undefined,
    orderBy: KnowledgeQuestionOrderField | null | undefined,
    page: PageArgs,
  ): Promise<Connection<KnowledgeQuestion>> {
    const query = this.dataSource.getRepository(KnowledgeQuestion).createQueryBuilder('q');
    // A list narrows to what it names; an empty one names nothing (as in every other filter).
    if (filter?.sectorIds) {
      const sectorIds = filter.sectorIds.map((id, i) => decodeIdOf('Sector', id, `filter.sectorIds.${i}`));
      query.andWhere(
        'EXISTS (SELECT 1 FROM knowledge_question_sector qs WHERE qs.question_id = q.id AND qs.sector_id = ANY(:sectorIds))',
        { sectorIds },
      );
    }
    if (filter?.status) query.andWhere('q.status = ANY(:statuses)', { statuses: filter.status });
    if (filter?.criterionId) {
      const criterionId = decodeIdOf('PackageCriterion', filter.criterionId, 'filter.criterionId');
      query.andWhere(
        'EXISTS (SELECT 1 FROM knowledge_question_criterion qc WHERE qc.question_id = q.id AND qc.criterion_id = :criterionId)',
        { criterionId },
      );
    }
    if (filter?.proposedByPartyId)
      query.andWhere('q.proposedByPartyId = :partyId', {
        partyId: decodeIdOf('Party', filter.proposedByPartyId, 'filter.proposedByPartyId'),
      });
    if (filter?.interventionId)
      query.andWhere('q.interventionId = :interventionId', {
        interventionId: decodeIdOf('Intervention', filter.interventionId, 'filter.interventionId'),
      });
    if (filter?.possiblyAnswered !== undefined && filter?.possiblyAnswered !== null)
      query.andWhere('q.possiblyAnswered = :possiblyAnswered', { possiblyAnswered: filter.possiblyAnswered });
    const search = filter?.search?.trim();
    if (search) {
      // Dutch stems without accents, or (for typing errors) a close trigram match on a word.
      query.andWhere(
        `(${QUESTION_TSV_SQL('q')} @@ websearch_to_tsquery('pg_catalog.dutch', iza_unaccent(:search))
          OR lower(iza_unaccent(:search)) <% ${QUESTION_TEXT_SQL('q')})`,
        { search },
      );
    }
    const order = orderBy ?? KnowledgeQuestionOrderField.PRIORITY;
    return paginate(query, page, {
      sortKeys:
        order === KnowledgeQuestionOrderField.TITLE
          ? [
              { expression: 'q.title', value: (q) => q.title },
              { expression: 'q.id', value: (q) => q.id },
            ]
          : [
              { expression: 'q.priorityTotal', value: (q) => q.priorityTotal },
              { expression: 'q.id', value: (q) => q.id },
            ],
      direction: order === KnowledgeQuestionOrderField.TITLE ? 'ASC' : 'DESC',
      maxPageSize: this.config.maxPageSize,
    });
  }

  criteria(): Promise<PrioritisationCriterion[]> {
    return this.dataSource.getRepository(PrioritisationCriterion).find({ order: { position: 'ASC', key: 'ASC' } });
  }

  byId(globalId: string): Promise<KnowledgeQuestion | null> {
    return this.loaders.knowledgeQuestionById.load(decodeIdOf('KnowledgeQuestion', globalId));
  }

  async propose(input: ProposeKnowledgeQuestionInput): Promise<KnowledgeQuestion> {
    const requestedParty = input.proposedByPartyId
      ? decodeIdOf('Party', input.proposedByPartyId, 'input.proposedByPartyId')
      : undefined;
    if (requestedParty === undefined) {
      const reach = await this.policy.reach(Capability.PROPOSE_QUESTIONS);
      if (reach.partyIds.length > 1)
        throw new BadUserInputError(
          'You belong to several parties: say which one proposes.',
          'input.proposedByPartyId',
        );
    }
    const actingPartyId = await this.policy.assert(
      Capability.PROPOSE_QUESTIONS,
      requestedParty,
      'propose questions for this party',
    );
    const proposedByPartyId = requestedParty ?? actingPartyId;
    const sectorIds = [...new Set(input.sectorIds.map((id, i) => decodeIdOf('Sector', id, `input.sectorIds.${i}`)))];
    const criterionIds = [
      ...new Set(
        (input.criterionIds ?? []).map((id, i) => decodeIdOf('PackageCriterion', id, `input.criterionIds.${i}`)),
      ),
    ];
    const interventionId = input.interventionId
      ? decodeIdOf('Intervention', input.interventionId, 'input.interventionId')
      : null;
    return this.dataSource.transaction(async (manager) => {
      if ((await manager.countBy(Sector, { id: In(sectorIds) })) !== sectorIds.length)
        throw new BadUserInputError('One of the sectors does not exist.', 'input.sectorIds');
      if (
        criterionIds.length &&
        (await manager.countBy(PackageCriterion, { id: In(criterionIds) })) !== criterionIds.length
      )
        throw new BadUserInputError('One of the criteria does not exist.', 'input.criterionIds');
      if (interventionId && !(await manager.existsBy(Intervention, { id: interventionId })))
        throw new BadUserInputError('No intervention with this id.', 'input.interventionId');
      const origin = await resolveOrigin(manager, this.synergyAccess, input.origin);
      const text = (value: string | null | undefined) => value?.trim() || null;
      const question = await manager.save(
        KnowledgeQuestion,
        manager.create(KnowledgeQuestion, {
          key: newKey(input.title, 'vraag'),
          title: input.title.trim(),
          population: text(input.population),
          interventionText: text(input.interventionText),
          comparison: text(input.comparison),
          outcome: text(input.outcome),
          interventionId: interventionId ?? origin.interventionId,
          direction: input.direction ?? null,
          proposedByPartyId,
          status: QuestionStatus.PROPOSED,
          originKind: origin.originKind,
          originRecommendationId: origin.originRecommendationId,
          originGuidelineId: origin.originGuidelineId,
          originAssessmentId: origin.originAssessmentId,
          originTopicCallId: origin.originTopicCallId,
        }),
      );
      await linkAll(manager, 'knowledge_question_sector', 'sector_id', question.id, sectorIds);
      await linkAll(manager, 'knowledge_question_criterion', 'criterion_id', question.id, criterionIds);
      await this.audit.record(manager, {
        entityType: 'KnowledgeQuestion',
        entityId: question.id,
        action: 'CREATE',
        ownerPartyId: proposedByPartyId,
        actingPartyId,
        changes: [
          ...changesBetween(null, question, AUDITED),
          { field: 'sectorIds', before: null, after: sectorIds },
          { field: 'criterionIds', before: null, after: criterionIds },
          ...changesBetween(null, question, ORIGIN_AUDITED),
        ],
      });
      return question;
    });
  }

  async score(input: ScoreKnowledgeQuestionInput): Promise<KnowledgeQuestion> {
    const questionId = decodeIdOf('KnowledgeQuestion', input.questionId, 'input.questionId');
    const scores = input.scores.map((s, i) => ({
      ...s,
      criterionId: decodeIdOf('PrioritisationCriterion', s.criterionId, `input.scores.${i}.criterionId`),
    }));
    if (new Set(scores.map((s) => s.criterionId)).size !== scores.length)
      throw new BadUserInputError('Score each criterion once.', 'input.scores');
    return this.dataSource.transaction(async (manager) => {
      const { current, authorized: actingPartyId } = await lockForChange(
        manager,
        KnowledgeQuestion,
        questionId,
        input.version,
        'knowledge question',
        () => assertQuestionCoordinator(this.policy, manager, questionId, 'score this question'),
      );
      if (current.status === QuestionStatus.MERGED || current.status === QuestionStatus.REJECTED)
        throw new BadUserInputError(`A ${current.status} question is not scored.`, 'input.questionId');
      const known = await manager.countBy(PrioritisationCriterion, { id: In(scores.map((s) => s.criterionId)) });
      if (known !== scores.length) throw new BadUserInputError('One of the criteria does not exist.', 'input.scores');
      const before = await manager.findBy(QuestionScore, { questionId });
      for (const s of scores) {
        await manager.query(
          `INSERT INTO question_score (question_id, criterion_id, score, rationale, scored_by_party_id)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (question_id, criterion_id)
           DO UPDATE SET score = EXCLUDED.score, rationale = EXCLUDED.rationale,
                         scored_by_party_id = EXCLUDED.scored_by_party_id, updated_at = now()`,
          [questionId, s.criterionId, s.score, s.rationale?.trim() || null, actingPartyId],
        );
      }
      const saved = await saveNewVersion(manager, KnowledgeQuestion, current, {
        priorityTotal: await priorityTotalOf(manager, questionId),
      });
      await this.audit.record(manager, {
        entityType: 'KnowledgeQuestion',
        entityId: questionId,
        action: 'SCORE',
        ownerPartyId: current.proposedByPartyId,
        actingPartyId,
        changes: [
          {
            field: 'scores',
            before: Object.fromEntries(before.map((s) => [s.criterionId, s.score])),
            after: Object.fromEntries(scores.map((s) => [s.criterionId, s.score])),
          },
          ...changesBetween(current, saved, ['priorityTotal']),
        ],
      });
      return saved;
    });
  }

  async transition(input: TransitionKnowledgeQuestionInput): Promise<KnowledgeQuestion> {
    const questionId = decodeIdOf('KnowledgeQuestion', input.questionId, 'input.questionId');
    return this.dataSource.transaction(async (manager) => {
      const { current, authorized: actingPartyId } = await lockForChange(
        manager,
        KnowledgeQuestion,
        questionId,
        input.version,
        'knowledge question',
        () => assertQuestionCoordinator(this.policy, manager, questionId, 'change the status of this question'),
      );
      assertTransition('knowledge question', NEXT_QUESTION_STATUS, current.status, input.status, 'input.status');
      const saved = await saveNewVersion(manager, KnowledgeQuestion, current, {
        status: input.status,
        statusNote: input.note?.trim() || null,
        // Confirming (or moving on from) the answer settles the "possibly answered" flag.
        possiblyAnswered: input.status === QuestionStatus.ANSWERED ? false : current.possiblyAnswered,
      });
      await this.audit.record(manager, {
        entityType: 'KnowledgeQuestion',
        entityId: questionId,
        action: 'TRANSITION',
        ownerPartyId: current.proposedByPartyId,
        actingPartyId,
        changes: changesBetween(current, saved, AUDITED),
      });
      return saved;
    });
  }

  /**
   * The duplicate's scores go to the survivor where the survivor has none on that criterion: the
   * coordinator's, and the parties' on versions still being prioritised (an adopted version's priorities are
   * final) that now hold the survivor. On open versions the duplicate's other scores go, since it left them:
   * its place in their ranking would be a question no longer there. Each scorecard changed gets a new version
   * and an audit entry, as a change through submitPriorityScorecard would. Returns what moved and went.
   */
  private async moveScores(
    manager: EntityManager,
    duplicateId: string,
    survivorId: string,
    actingPartyId: string | null,
  ): Promise<{ coordinator: number; parties: number; dropped: number }> {
    const [, coordinator] = await manager.query(
      `UPDATE question_score d SET question_id = $2, updated_at = now()
        WHERE d.question_id = $1
          AND NOT EXISTS (SELECT 1 FROM question_score s WHERE s.question_id = $2 AND s.criterion_id = d.criterion_id)`,
      [duplicateId, survivorId],
    );
    const cards: { id: string; party_id: string }[] = await manager.query(
      `SELECT c.id, c.party_id FROM priority_scorecard c
        WHERE c.id IN (SELECT p.scorecard_id FROM priority_score p WHERE p.question_id = $1)
          AND c.agenda_version_id IN (SELECT v.id FROM research_agenda_version v WHERE v.status IN ('DRAFT', 'CONSULTATION'))
        ORDER BY c.id FOR UPDATE`,
      [duplicateId],
    );
    if (cards.length === 0) return { coordinator: coordinator as number, parties: 0, dropped: 0 };
    const ids = cards.map((c) => c.id);
    const before = await scoreRowsOf(manager, ids);
    const [, parties] = await manager.query(
      `UPDATE priority_score d SET question_id = $2
        WHERE d.question_id = $1 AND d.scorecard_id = ANY($3)
          AND EXISTS (SELECT 1 FROM priority_scorecard c JOIN agenda_item i ON i.version_id = c.agenda_version_id
                       WHERE c.id = d.scorecard_id AND i.question_id = $2)
          AND NOT EXISTS (SELECT 1 FROM priority_score s
                           WHERE s.scorecard_id = d.scorecard_id AND s.question_id = $2 AND s.criterion_id = d.criterion_id)`,
      [duplicateId, survivorId, ids],
    );
    const [, dropped] = await manager.query(
      'DELETE FROM priority_score WHERE question_id = $1 AND scorecard_id = ANY($2)',
      [duplicateId, ids],
    );
    const after = await scoreRowsOf(manager, ids);
    await manager.query(`UPDATE priority_scorecard c SET ${NEXT_VERSION_SQL('c')} WHERE c.id = ANY($1)`, [ids]);
    for (const card of cards)
      await this.audit.record(manager, {
        entityType: 'PriorityScorecard',
        entityId: card.id,
        action: 'UPDATE',
        ownerPartyId: card.party_id,
        actingPartyId,
        changes: [
          { field: 'scores', before: before.get(card.id) ?? [], after: after.get(card.id) ?? [] },
          { field: 'mergedQuestionId', before: duplicateId, after: survivorId },
        ],
      });
    return { coordinator: coordinator as number, parties: parties as number, dropped: dropped as number };
  }

  /**
   * The duplicate becomes MERGED and points to the survivor; nothing of it is deleted but its scores on
   * versions still being prioritised (moveScores). The survivor takes its places on open agenda versions (an
   * adopted version gets a new draft), its sectors, criteria, projects and scores.
   */
  async merge(input: MergeKnowledgeQuestionsInput): Promise<KnowledgeQuestion> {
    const duplicateId = decodeIdOf('KnowledgeQuestion', input.questionId, 'input.questionId');
    const survivorId = decodeIdOf('KnowledgeQuestion', input.intoQuestionId, 'input.intoQuestionId');
    if (duplicateId === survivorId)
      throw new BadUserInputError('A question cannot be merged into itself.', 'input.intoQuestionId');
    return this.dataSource.transaction(async (manager) => {
      // Agendas, then both questions, in id order (question-locks.ts): merges A→B and B→A at once, and an agenda
      // edit placing either question, wait for each other.
      const rewritten = await lockForMerge(manager, duplicateId, survivorId);
      const { current: duplicate, authorized: actingPartyId } = await lockForChange(
        manager,
        KnowledgeQuestion,
        duplicateId,
        input.version,
        'knowledge question',
        () => assertQuestionCoordinator(this.policy, manager, duplicateId, 'merge this question'),
        'UPDATE',
      );
      const survivor = await manager.findOne(KnowledgeQuestion, {
        where: { id: survivorId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!survivor) throw new NotFoundError('No knowledge question with the id in intoQuestionId.');
      // The survivor changes too (scores, sectors, projects, its version): its coordinator's right as well.
      await assertQuestionCoordinator(this.policy, manager, survivorId, 'merge into this question');
      if (!MERGEABLE.includes(duplicate.status))
        invalidTransition('knowledge question', duplicate.status, QuestionStatus.MERGED, [], 'input.questionId');
      if (survivor.status === QuestionStatus.MERGED || survivor.status === QuestionStatus.REJECTED)
        throw new BadUserInputError(
          `Merge into an open question, not a ${survivor.status} one.`,
          'input.intoQuestionId',
        );

      // Agenda places: each agenda holding the duplicate, locked by lockForMerge.
      for (const agendaId of rewritten) {
        const agenda = await manager.findOneByOrFail(ResearchAgenda, { id: agendaId });
        // Each agenda that holds the duplicate gets a new version: only one whose manager may edit it.
        await assertAgendaManager(this.policy, agenda, 'change this agenda by a merge');
        const { version } = await editableVersion(manager, agenda, this.audit, actingPartyId);
        const item = await manager.findOneByOrFail(AgendaItem, { versionId: version.id, questionId: duplicateId });
        const survivorThere = await manager.existsBy(AgendaItem, { versionId: version.id, questionId: survivorId });
        if (survivorThere) await removeItem(manager, item);
        else await manager.update(AgendaItem, { id: item.id }, { questionId: survivorId });
        await saveNewVersion(manager, ResearchAgenda, agenda, { status: version.status });
        await this.audit.record(manager, {
          entityType: 'ResearchAgendaVersion',
          entityId: version.id,
          action: 'MOVE_MERGED_ITEM',
          ownerPartyId: agenda.ownerPartyId ?? agenda.coordinatorPartyId,
          actingPartyId,
          changes: [{ field: 'questionId', before: duplicateId, after: survivorThere ? null : survivorId }],
        });
      }
      for (const [table, column] of [
        ['knowledge_question_sector', 'sector_id'],
        ['knowledge_question_criterion', 'criterion_id'],
      ] as const) {
        await manager.query(
          `INSERT INTO ${table} (question_id, ${column})
           SELECT $2, ${column} FROM ${table} WHERE question_id = $1 ON CONFLICT DO NOTHING`,
          [duplicateId, survivorId],
        );
      }
      await manager.query(
        `INSERT INTO research_project_question (project_id, question_id)
         SELECT project_id, $2 FROM research_project_question WHERE question_id = $1 ON CONFLICT DO NOTHING`,
        [duplicateId, survivorId],
      );
      const scores = await this.moveScores(manager, duplicateId, survivorId, actingPartyId);
      const survivorSaved = await saveNewVersion(manager, KnowledgeQuestion, survivor, {
        priorityTotal: await priorityTotalOf(manager, survivorId),
      });
      const saved = await saveNewVersion(manager, KnowledgeQuestion, duplicate, {
        priorityTotal: await priorityTotalOf(manager, duplicateId),
        status: QuestionStatus.MERGED,
        mergedIntoId: survivorId,
        statusNote: input.note?.trim() || null,
      });
      await this.audit.record(manager, {
        entityType: 'KnowledgeQuestion',
        entityId: duplicateId,
        action: 'MERGE',
        ownerPartyId: duplicate.proposedByPartyId,
        actingPartyId,
        changes: changesBetween(duplicate, saved, AUDITED),
      });
      await this.audit.record(manager, {
        entityType: 'KnowledgeQuestion',
        entityId: survivorId,
        action: 'ABSORB',
        ownerPartyId: survivor.proposedByPartyId,
        actingPartyId,
        changes: [
          { field: 'absorbedQuestionId', before: null, after: duplicateId },
          { field: 'movedScores', before: null, after: scores },
          ...changesBetween(survivor, survivorSaved, ['version', 'priorityTotal']),
        ],
      });
      return saved;
    });
  }
}

/**
 * Agendas whose newest version, not archived, holds one of the questions, by id, and whether it holds the
 * duplicate ($1). The merge rewrites those; the others hold the survivor, to which it moves the duplicate's scores
 * on their open versions, and stay locked so that their items are still as the merge read them.
 */
const HOLDING_AGENDAS_SQL = `SELECT v.agenda_id, bool_or(i.question_id = $1) AS holds_duplicate
   FROM agenda_item i JOIN research_agenda_version v ON v.id = i.version_id
  WHERE i.question_id = ANY($2) AND v.status <> 'ARCHIVED'
    AND v.number = (SELECT max(number) FROM research_agenda_version w WHERE w.agenda_id = v.agenda_id)
  GROUP BY v.agenda_id ORDER BY v.agenda_id`;

/** Rounds of lockForMerge before it gives up: each needs another write to place a question in a few milliseconds. */
const MERGE_LOCK_ATTEMPTS = 3;

/**
 * Locks a merge's rows in the domain's order (question-locks.ts): the agendas holding either question, then both
 * questions. Returns the agendas holding the duplicate, which the merge rewrites; with the questions locked, no
 * agenda can take either of them until the merge ends, so that list holds.
 */
async function lockForMerge(manager: EntityManager, duplicateId: string, survivorId: string): Promise<string[]> {
  const holding = async () =>
    (await manager.query(HOLDING_AGENDAS_SQL, [duplicateId, [duplicateId, survivorId]])) as {
      agenda_id: string;
      holds_duplicate: boolean;
    }[];
  for (let attempt = 1; attempt <= MERGE_LOCK_ATTEMPTS; attempt++) {
    const read = (await holding()).map((a) => a.agenda_id);
    await manager.query('SAVEPOINT merge_locks');
    await lockAgendas(manager, read);
    await lockQuestions(manager, [duplicateId, survivorId], 'UPDATE');
    const held = await holding();
    if (held.every((a) => read.includes(a.agenda_id))) {
      await manager.query('RELEASE SAVEPOINT merge_locks');
      return held.filter((a) => a.holds_duplicate).map((a) => a.agenda_id);
    }
    // An agenda took a question before the questions were locked. Locking it now, after them, could deadlock with
    // its next edit, so the locks are let go (a rollback to the savepoint releases them) and taken again in order.
    await manager.query('ROLLBACK TO SAVEPOINT merge_locks');
  }
  throw new ConflictError('The agendas holding these questions kept changing during the merge. Try again.', {
    retryable: true,
  });
}

/** A question's priority total: the coordinator's scores weighted by their criteria (kept on the question). */
async function priorityTotalOf(manager: EntityManager, questionId: string): Promise<number> {
  const [{ total }] = await manager.query(
    `SELECT coalesce(sum(s.score * c.weight), 0)::int AS total
       FROM question_score s JOIN prioritisation_criterion c ON c.id = s.criterion_id
      WHERE s.question_id = $1`,
    [questionId],
  );
  return total as number;
}

async function linkAll(
  manager: EntityManager,
  table: string,
  column: string,
  questionId: string,
  ids: string[],
): Promise<void> {
  if (!ids.length) return;
  await manager.query(
    `INSERT INTO ${table} (question_id, ${column}) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
    [questionId, ids],
  );
}
