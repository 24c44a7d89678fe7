import type { DataSource } from 'typeorm';
import { KnowledgeQuestion } from '../../../entities';
import { QuestionStatus } from '../../../entities/research.enums';
import { decodeIdOf } from '../../../schema/global-id';
import type { UpdateKnowledgeQuestionInput } from '../../../schema/inputs/edits.input';
import type { Policy } from '../../auth/policy';
import { assertQuestionEditor } from '../../auth/research.access';
import { BadUserInputError } from '../../errors';
import { changesBetween, type AuditService } from '../identity/audit.service';
import { lockForChange, saveNewVersion } from '../../shared/versioning';

const TEXT_FIELDS = ['title', 'population', 'interventionText', 'comparison', 'outcome'] as const;

/**
 * A question's text may change until it is prioritised: after that its scores and place on an agenda
 * were given to these words. The proposing party changes it (or a coordinator with an ANY_PARTY grant).
 * The duplicate search stays current without a step here: the database's triggers rewrite the search
 * columns and move the question index's version on, so the API reloads its index on the next search.
 */
export class QuestionEditService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policy: Policy,
    private readonly audit: AuditService,
  ) {}

  async update(input: UpdateKnowledgeQuestionInput): Promise<KnowledgeQuestion> {
    const id = decodeIdOf('KnowledgeQuestion', input.id, 'input.id');
    return this.dataSource.transaction(async (manager) => {
      const { current, authorized: actingPartyId } = await lockForChange(
        manager,
        KnowledgeQuestion,
        id,
        input.version,
        'knowledge question',
        (question) => assertQuestionEditor(this.policy, manager, question, 'edit the text of this question'),
      );
      if (current.status !== QuestionStatus.PROPOSED)
        throw new BadUserInputError(
          `Only a PROPOSED question's text can change; this one is ${current.status}.`,
          'input.id',
          { status: current.status },
        );
      // An adopted agenda is what the partners agreed on: a question it holds keeps the words it was adopted with.
      // The versions that hold it are read held (FOR SHARE): an adoption under way finishes before the check,
      // and one that starts after it waits for this edit.
      const holding: { number: number; title: string; status: string }[] = await manager.query(
        `SELECT v.number, a.title, v.status FROM agenda_item i JOIN research_agenda_version v ON v.id = i.version_id
           JOIN research_agenda a ON a.id = v.agenda_id
          WHERE i.question_id = $1 ORDER BY a.title, v.number FOR SHARE OF v`,
        [id],
      );
      const adopted = holding.filter((v) => v.status === 'ADOPTED' || v.status === 'ARCHIVED');
      if (adopted[0])
        throw new BadUserInputError(
          `The text is fixed: the question is on the adopted agenda “${adopted[0].title}” (version ${adopted[0].number}).`,
          'input.id',
          { status: current.status },
        );
      const changes: Partial<KnowledgeQuestion> = {};
      if (input.title) changes.title = input.title.trim();
      for (const field of TEXT_FIELDS.slice(1)) {
        const value = input[field];
        if (value !== undefined) (changes as Record<string, unknown>)[field] = value?.trim() || null;
      }
      const changed = changesBetween(current, { ...current, ...changes } as KnowledgeQuestion, [...TEXT_FIELDS]);
      // Nothing changed: no new version, so nobody else's next edit gets a CONFLICT for it.
      if (changed.length === 0) return current;
      const saved = await saveNewVersion(manager, KnowledgeQuestion, current, changes);
      await this.audit.record(manager, {
        entityType: 'KnowledgeQuestion',
        entityId: id,
        action: 'UPDATE',
        ownerPartyId: current.proposedByPartyId,
        actingPartyId,
        changes: changed,
      });
      return saved;
    });
  }
}
