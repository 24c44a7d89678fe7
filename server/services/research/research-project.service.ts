import type { DataSource, EntityManager } from 'typeorm';
import { KnowledgeQuestion, Party, ResearchProject } from '../../../entities';
import { ProjectStatus, QuestionStatus } from '../../../entities/research.enums';
import type { Connection } from '../../../schema/connection';
import { decodeIdOf } from '../../../schema/global-id';
import type {
  CreateResearchProjectInput,
  ProjectQuestionLinkInput,
  UpdateResearchProjectInput,
} from '../../../schema/inputs/research.input';
import type { Policy } from '../../auth/policy';
import { assertFunder, assertProjectUpdater } from '../../auth/research.access';
import type { Config } from '../../config';
import { BadUserInputError, NotFoundError } from '../../errors';
import type { Loaders } from '../../loaders';
import { changesBetween, type AuditService } from '../identity/audit.service';
import { paginate, type PageArgs } from '../../shared/pagination';
import { spanFromInput } from '../../shared/fuzzy-dates';
import { newKey } from '../../shared/keys';
import { assertTransition } from '../../shared/transitions';
import { lockForChange, NEXT_VERSION_SQL, saveNewVersion } from '../../shared/versioning';
import { lockQuestions } from './question-locks';

export const NEXT_PROJECT_STATUS: Record<ProjectStatus, ProjectStatus[]> = {
  [ProjectStatus.PLANNED]: [ProjectStatus.RUNNING, ProjectStatus.CANCELLED],
  [ProjectStatus.RUNNING]: [ProjectStatus.COMPLETED, ProjectStatus.CANCELLED],
  [ProjectStatus.COMPLETED]: [],
  [ProjectStatus.CANCELLED]: [],
};

/** Questions a completed project may have answered: those still waiting for an answer. */
const AWAITING_ANSWER = [QuestionStatus.PROPOSED, QuestionStatus.PRIORITISED, QuestionStatus.IN_RESEARCH];

const AUDITED: (keyof ResearchProject & string)[] = [
  'title',
  'funderPartyId',
  'executingPartyId',
  'programmeKey',
  'round',
  'status',
  'resultSummary',
];

export class ResearchProjectService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly loaders: Loaders,
    private readonly config: Config,
    private readonly policy: Policy,
    private readonly audit: AuditService,
  ) {}

  list(
    filter: { programmeKey?: string | null; status?: ProjectStatus | null } | null,
    page: PageArgs,
  ): Promise<Connection<ResearchProject>> {
    const query = this.dataSource.getRepository(ResearchProject).createQueryBuilder('project');
    if (filter?.programmeKey)
      query.andWhere('project.programmeKey = :programmeKey', { programmeKey: filter.programmeKey });
    if (filter?.status) query.andWhere('project.status = :status', { status: filter.status });
    return paginate(query, page, {
      sortKeys: [
        { expression: 'project.title', value: (p) => p.title },
        { expression: 'project.id', value: (p) => p.id },
      ],
      maxPageSize: this.config.maxPageSize,
    });
  }

  byId(globalId: string): Promise<ResearchProject | null> {
    return this.loaders.researchProjectById.load(decodeIdOf('ResearchProject', globalId));
  }

  async create(input: CreateResearchProjectInput): Promise<ResearchProject> {
    const funderPartyId = decodeIdOf('Party', input.funderPartyId, 'input.funderPartyId');
    const executingPartyId = input.executingPartyId
      ? decodeIdOf('Party', input.executingPartyId, 'input.executingPartyId')
      : null;
    const questionIds = [
      ...new Set(
        (input.questionIds ?? []).map((id, i) => decodeIdOf('KnowledgeQuestion', id, `input.questionIds.${i}`)),
      ),
    ];
    const actingPartyId = await assertFunder(this.policy, funderPartyId, 'register a project for this funder');
    const start = spanFromInput(input.start, 'input.start');
    const end = spanFromInput(input.end, 'input.end');
    return this.dataSource.transaction(async (manager) => {
      // The questions first and in id order, whatever the input's order (lockQuestions).
      await lockQuestions(manager, questionIds, 'SHARE');
      for (const [id, field] of [
        [funderPartyId, 'input.funderPartyId'],
        [executingPartyId, 'input.executingPartyId'],
      ] as const)
        if (id && !(await manager.existsBy(Party, { id })))
          throw new BadUserInputError('No party with this id.', field);
      const project = await manager.save(
        ResearchProject,
        manager.create(ResearchProject, {
          key: newKey(input.title, 'project'),
          title: input.title.trim(),
          funderPartyId,
          executingPartyId,
          programmeKey: input.programmeKey?.trim() || null,
          round: input.round?.trim() || null,
          status: ProjectStatus.PLANNED,
          start,
          end,
        }),
      );
      for (const questionId of questionIds) await this.link(manager, project, questionId, 'input.questionIds');
      await this.audit.record(manager, {
        entityType: 'ResearchProject',
        entityId: project.id,
        action: 'CREATE',
        ownerPartyId: funderPartyId,
        actingPartyId,
        changes: [
          ...changesBetween(null, project, AUDITED),
          { field: 'questionIds', before: null, after: questionIds },
        ],
      });
      return project;
    });
  }

  /** Links a question to the project; false when it was linked already. */
  private async link(
    manager: EntityManager,
    project: ResearchProject,
    questionId: string,
    field: string,
  ): Promise<boolean> {
    // Held (FOR SHARE, by the callers before the project) until the link is in: a merge of the question waits
    // for the link and carries it to the survivor, or the link waits for the merge and sees the question MERGED.
    const question = await manager.findOneBy(KnowledgeQuestion, { id: questionId });
    if (!question) throw new BadUserInputError('No knowledge question with this id.', field);
    // A merged question lives on in its survivor, which takes its projects at the merge; link that one.
    if (question.status === QuestionStatus.MERGED)
      throw new BadUserInputError('A MERGED question takes no projects; link the question it was merged into.', field);
    const inserted: unknown[] = await manager.query(
      'INSERT INTO research_project_question (project_id, question_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1',
      [project.id, questionId],
    );
    return inserted.length > 0;
  }

  async update(input: UpdateResearchProjectInput): Promise<ResearchProject> {
    const id = decodeIdOf('ResearchProject', input.id, 'input.id');
    const fields = (['status', 'resultSummary', 'executingPartyId'] as const).filter((f) => input[f] !== undefined);
    return this.dataSource.transaction(async (manager) => {
      // Completing flags the linked questions: they are locked before the project (lockQuestions).
      if (input.status === ProjectStatus.COMPLETED)
        await lockQuestions(manager, await linkedQuestionIds(manager, id), 'NO KEY UPDATE');
      const { current, authorized: actingPartyId } = await lockForChange(
        manager,
        ResearchProject,
        id,
        input.version,
        'research project',
        (current) =>
          assertProjectUpdater(this.policy, current, { fields, status: input.status }, 'manage this research project'),
      );
      const changes: Partial<ResearchProject> = {};
      if (input.status && input.status !== current.status) {
        assertTransition('research project', NEXT_PROJECT_STATUS, current.status, input.status, 'input.status');
        changes.status = input.status;
      }
      if (input.resultSummary !== undefined) changes.resultSummary = input.resultSummary?.trim() || null;
      if (input.executingPartyId !== undefined)
        changes.executingPartyId = input.executingPartyId
          ? decodeIdOf('Party', input.executingPartyId, 'input.executingPartyId')
          : null;
      const changed = changesBetween(current, { ...current, ...changes } as ResearchProject, AUDITED);
      // Nothing changed: no new version, so nobody else's next edit gets a CONFLICT for it.
      if (changed.length === 0) return current;
      const saved = await saveNewVersion(manager, ResearchProject, current, changes);
      await this.audit.record(manager, {
        entityType: 'ResearchProject',
        entityId: id,
        action: 'UPDATE',
        ownerPartyId: current.funderPartyId,
        actingPartyId,
        changes: changed,
      });
      if (changes.status === ProjectStatus.COMPLETED) await this.flagPossiblyAnswered(manager, saved, actingPartyId);
      return saved;
    });
  }

  /** A completed project flags the open questions it answers, for the coordinator to confirm. */
  private async flagPossiblyAnswered(manager: EntityManager, project: ResearchProject, actingPartyId: string | null) {
    // TypeORM answers an UPDATE with [rows, affected count].
    const [flagged]: [{ id: string; proposed_by_party_id: string | null }[], number] = await manager.query(
      `UPDATE knowledge_question q SET possibly_answered = true, ${NEXT_VERSION_SQL('q')}
         FROM research_project_question l
        WHERE l.project_id = $1 AND l.question_id = q.id AND q.status = ANY($2::question_status[]) AND NOT q.possibly_answered
        RETURNING q.id, q.proposed_by_party_id`,
      [project.id, AWAITING_ANSWER],
    );
    for (const q of flagged) {
      await this.audit.record(manager, {
        entityType: 'KnowledgeQuestion',
        entityId: q.id,
        action: 'FLAG_POSSIBLY_ANSWERED',
        ownerPartyId: q.proposed_by_party_id,
        actingPartyId,
        changes: [
          { field: 'possiblyAnswered', before: false, after: true },
          { field: 'answeredByProjectId', before: null, after: project.id },
        ],
      });
    }
  }

  async linkQuestion(input: ProjectQuestionLinkInput, linked: boolean): Promise<ResearchProject> {
    const id = decodeIdOf('ResearchProject', input.projectId, 'input.projectId');
    const questionId = decodeIdOf('KnowledgeQuestion', input.questionId, 'input.questionId');
    return this.dataSource.transaction(async (manager) => {
      // The question before the project (lockQuestions); link() reads it under this lock.
      await lockQuestions(manager, [questionId], 'SHARE');
      const { current, authorized: actingPartyId } = await lockForChange(
        manager,
        ResearchProject,
        id,
        input.version,
        'research project',
        (current) => assertFunder(this.policy, current.funderPartyId, 'manage this research project'),
      );
      if (linked) {
        // Linked already: nothing changes, and the version stays.
        if (!(await this.link(manager, current, questionId, 'input.questionId'))) return current;
      } else {
        const [, count] = await manager.query(
          'DELETE FROM research_project_question WHERE project_id = $1 AND question_id = $2',
          [id, questionId],
        );
        if (!count) throw new NotFoundError('The question is not linked to this project.');
      }
      const saved = await saveNewVersion(manager, ResearchProject, current, {});
      await this.audit.record(manager, {
        entityType: 'ResearchProject',
        entityId: id,
        action: linked ? 'LINK_QUESTION' : 'UNLINK_QUESTION',
        ownerPartyId: current.funderPartyId,
        actingPartyId,
        changes: [{ field: 'questionId', before: linked ? null : questionId, after: linked ? questionId : null }],
      });
      return saved;
    });
  }
}

async function linkedQuestionIds(manager: EntityManager, projectId: string): Promise<string[]> {
  const rows: { question_id: string }[] = await manager.query(
    'SELECT question_id FROM research_project_question WHERE project_id = $1',
    [projectId],
  );
  return rows.map((r) => r.question_id);
}
