import { filterReadable } from '../../shared/readable';
import { In, IsNull, type DataSource } from 'typeorm';
import { recordTopicCallOrigin } from '../package/question-origin';
import { AgendaItem, KnowledgeQuestion, ResearchAgenda, TopicCall, TopicCallSubmission } from '../../../entities';
import { Capability } from '../../../entities/capability.enum';
import { TopicCallStatus } from '../../../entities/consultation.enums';
import { QuestionStatus } from '../../../entities/research.enums';
import { decodeIdOf } from '../../../schema/global-id';
import type {
  OpenTopicCallInput,
  PlaceTopicCallSubmissionInput,
  SubmitToTopicCallInput,
} from '../../../schema/inputs/consultation.input';
import type { Access } from '../../auth/access';
import type { ConsultationAccess } from '../../auth/consultation.access';
import { agendaRunningParty, assertAgendaManager } from '../../auth/research.access';
import type { Policy } from '../../auth/policy';
import { BadUserInputError, ForbiddenError, NotFoundError, UnauthenticatedError } from '../../errors';
import type { Loaders } from '../../loaders';
import { changesBetween, type AuditService } from '../identity/audit.service';
import { newKey } from '../../shared/keys';
import {
  assertPlaceable,
  editableVersion,
  insertItem,
  itemQuestionIds,
  recordItemsEdit,
} from '../research/research-agenda.service';
import { lockForChange, saveNewVersion } from '../../shared/versioning';
import { invite } from './consultation-round.service';
import type { PrioritisationService } from './prioritisation.service';

const MAX_CALL_MS = 366 * 24 * 3600 * 1000;
/** A call without a deadline runs six weeks, a usual term for an uitvraag. */
const DEFAULT_CALL_MS = 42 * 24 * 3600 * 1000;

export function callStatus(call: Pick<TopicCall, 'closesAt'>, asOf: Date): TopicCallStatus {
  return asOf < call.closesAt ? TopicCallStatus.OPEN : TopicCallStatus.CLOSED;
}

/**
 * Topic calls (uitvragen): a coordinator asks the parties for knowledge questions for an agenda; parties
 * submit questions (found or proposed first, with the duplicate search) with their first scores; after
 * the deadline the coordinator places chosen ones on the agenda's draft. Each submission keeps the call
 * and the party: where the question came from.
 */
export class TopicCallService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly loaders: Loaders,
    private readonly policy: Policy,
    private readonly audit: AuditService,
    private readonly rules: Access,
    private readonly priorities: PrioritisationService,
  ) {}

  private get access(): ConsultationAccess {
    return this.rules.consultation;
  }

  async byId(globalId: string): Promise<TopicCall | null> {
    const call = await this.loaders.topicCallById.load(decodeIdOf('TopicCall', globalId));
    return call && (await this.access.canReadCall(call)) ? call : null;
  }

  async forAgenda(agenda: ResearchAgenda): Promise<TopicCall[]> {
    const calls = await this.loaders.topicCallsByAgendaId.load(agenda.id);
    return filterReadable(calls, (c) => this.access.canReadCall(c));
  }

  /** All submissions for the coordinator's side; a party's own and the placed ones for others. */
  async submissions(call: TopicCall): Promise<TopicCallSubmission[]> {
    return this.access.readableSubmissions(call, await this.loaders.submissionsByCallId.load(call.id));
  }

  /** Where a question came from: the calls it was placed on an agenda from (public, like the agenda). */
  async origins(question: KnowledgeQuestion): Promise<TopicCallSubmission[]> {
    return (await this.loaders.submissionsByQuestionId.load(question.id)).filter((s) => s.placedAt !== null);
  }

  open(input: OpenTopicCallInput): Promise<TopicCall> {
    const agendaId = decodeIdOf('ResearchAgenda', input.agendaId, 'input.agendaId');
    const now = new Date();
    const closesAt = input.closesAt ?? new Date(now.getTime() + DEFAULT_CALL_MS);
    if (closesAt <= now) throw new BadUserInputError('"closesAt" must lie in the future.', 'input.closesAt');
    if (closesAt.getTime() - now.getTime() > MAX_CALL_MS)
      throw new BadUserInputError('"closesAt" must be within a year.', 'input.closesAt');
    const kinds = [...new Set(input.invitedPartyKinds ?? [])];
    const named = [
      ...new Set((input.invitedPartyIds ?? []).map((id, i) => decodeIdOf('Party', id, `input.invitedPartyIds.${i}`))),
    ];
    return this.dataSource.transaction(async (manager) => {
      const { current: agenda, authorized: acting } = await lockForChange(
        manager,
        ResearchAgenda,
        agendaId,
        null,
        'research agenda',
        (agenda) => assertAgendaManager(this.policy, agenda, 'open a topic call for this agenda'),
      );
      const coordinatorPartyId = agendaRunningParty(agenda) ?? agenda.ownerPartyId ?? acting;
      if (!coordinatorPartyId) throw new ForbiddenError('This agenda has no coordinator to run a topic call.');
      const { version, started } = await editableVersion(manager, agenda, this.audit, acting);
      if (started) await saveNewVersion(manager, ResearchAgenda, agenda, { status: version.status });
      const call = await manager.save(
        TopicCall,
        manager.create(TopicCall, {
          key: newKey(input.title, 'uitvraag'),
          agendaId,
          agendaVersionId: version.id,
          coordinatorPartyId,
          title: input.title.trim(),
          description: input.description?.trim() || null,
          opensAt: now,
          closesAt,
          invitedPartyKinds: kinds,
          invitesEveryIzaParty: kinds.length === 0 && named.length === 0,
          openedByUserId: this.policy.viewer.user!.id,
        }),
      );
      const invited = await invite(manager, 'topic_call_party', 'call_id', call.id, {
        kinds,
        named,
        every: call.invitesEveryIzaParty,
        except: coordinatorPartyId,
      });
      await this.audit.record(manager, {
        entityType: 'TopicCall',
        entityId: call.id,
        action: 'OPEN',
        ownerPartyId: coordinatorPartyId,
        actingPartyId: acting,
        changes: [
          ...changesBetween(null, call, ['agendaId', 'agendaVersionId', 'title', 'closesAt', 'invitedPartyKinds']),
          { field: 'invitedPartyIds', before: null, after: invited },
        ],
      });
      return call;
    });
  }

  submit(input: SubmitToTopicCallInput): Promise<TopicCallSubmission> {
    if (!this.policy.viewer.isAuthenticated) throw new UnauthenticatedError('Sign in to submit a question.');
    const callId = decodeIdOf('TopicCall', input.callId, 'input.callId');
    const questionId = decodeIdOf('KnowledgeQuestion', input.questionId, 'input.questionId');
    const requested = input.partyId ? decodeIdOf('Party', input.partyId, 'input.partyId') : null;
    return this.dataSource.transaction(async (manager) => {
      const call = await manager.findOne(TopicCall, { where: { id: callId }, lock: { mode: 'pessimistic_read' } });
      if (!call || !(await this.access.canReadCall(call))) throw new NotFoundError('No topic call with this id.');
      if (callStatus(call, new Date()) !== TopicCallStatus.OPEN)
        throw new BadUserInputError('The deadline of this call has passed.', 'input.callId');
      const invited = (await this.loaders.invitedPartiesByCallId.load(call.id))
        .map((p) => p.id)
        .filter((id) => (requested ? id === requested : true))
        .sort();
      const partyId = await this.access.actingInvitedParty(Capability.PROPOSE_QUESTIONS, invited);
      if (!partyId)
        throw new ForbiddenError(
          'Only contributors of a party invited to this call may submit to it (needs PROPOSE_QUESTIONS).',
        );
      const question = await manager.findOneBy(KnowledgeQuestion, { id: questionId });
      if (!question) throw new NotFoundError('No knowledge question with this id.');
      if (question.status === QuestionStatus.MERGED || question.status === QuestionStatus.REJECTED)
        throw new BadUserInputError(`A ${question.status} question cannot be submitted.`, 'input.questionId');
      // Per party: whether another party submitted it too is theirs and the coordinator's to know.
      if (await manager.existsBy(TopicCallSubmission, { callId, questionId, partyId }))
        throw new BadUserInputError('Your party already submitted this question to this call.', 'input.questionId');
      const submission = await manager.save(
        TopicCallSubmission,
        manager.create(TopicCallSubmission, {
          callId,
          questionId,
          partyId,
          submittedByUserId: this.policy.viewer.user!.id,
          note: input.note?.trim() || null,
        }),
      );
      await recordTopicCallOrigin(manager, this.audit, submission);
      if (input.scores?.length)
        await this.priorities.firstScores(manager, call.agendaVersionId, partyId, questionId, input.scores);
      await this.audit.record(manager, {
        entityType: 'TopicCallSubmission',
        entityId: submission.id,
        action: 'SUBMIT',
        ownerPartyId: partyId,
        actingPartyId: partyId,
        changes: changesBetween(null, submission, ['callId', 'questionId', 'partyId', 'note']),
      });
      return submission;
    });
  }

  /** Places a submitted question on the agenda's working version, after the deadline; coordinator only. */
  place(input: PlaceTopicCallSubmissionInput): Promise<TopicCallSubmission> {
    const id = decodeIdOf('TopicCallSubmission', input.submissionId, 'input.submissionId');
    return this.dataSource.transaction(async (manager) => {
      const submission = await manager.findOneBy(TopicCallSubmission, { id });
      const call = submission && (await manager.findOneBy(TopicCall, { id: submission.callId }));
      if (!submission || !call || !(await this.access.canReadSubmission(submission)))
        throw new NotFoundError('No topic call submission with this id.');
      const { current: agenda, authorized: acting } = await lockForChange(
        manager,
        ResearchAgenda,
        call.agendaId,
        null,
        'research agenda',
        (agenda) => assertAgendaManager(this.policy, agenda, 'place questions from this call'),
      );
      if (callStatus(call, new Date()) !== TopicCallStatus.CLOSED)
        throw new BadUserInputError('Questions are placed after the deadline of the call.', 'input.submissionId');
      // Read again under the agenda's lock, which every placement from its calls takes first: two placements of
      // one question's submissions then wait for each other instead of locking each other's rows.
      const together = await manager.find(TopicCallSubmission, {
        where: { callId: call.id, questionId: submission.questionId, placedAt: IsNull() },
        lock: { mode: 'pessimistic_write' },
      });
      if (!together.some((s) => s.id === id))
        throw new BadUserInputError('This submission is already placed.', 'input.submissionId');
      // The question may have been merged or rejected since it was submitted: the agenda's own rule holds here too.
      // Held (FOR SHARE) until the item is in, as addQuestion holds it: a merge or rejection under way is waited for.
      // No deadlock: taken after the agenda, as a merge takes them, and a merge never locks topic_call_submission rows.
      assertPlaceable(
        await manager.findOneOrFail(KnowledgeQuestion, {
          where: { id: submission.questionId },
          lock: { mode: 'pessimistic_read' },
        }),
        'input.submissionId',
      );
      const { version } = await editableVersion(manager, agenda, this.audit, acting);
      if (!(await manager.existsBy(AgendaItem, { versionId: version.id, questionId: submission.questionId }))) {
        // The version's own history records it as an edit of its items through the agenda does.
        const before = await itemQuestionIds(manager, version.id);
        await insertItem(manager, version.id, submission.questionId, input.rank, input.rationale);
        await recordItemsEdit(manager, this.audit, agenda, version.id, acting, before);
      }
      await saveNewVersion(manager, ResearchAgenda, agenda, { status: version.status });
      // Other parties' submissions of the same question to this call are placed with it: the question is on
      // the agenda for each of them.
      const placedAt = new Date();
      await manager.update(TopicCallSubmission, { id: In(together.map((s) => s.id)) }, { placedAt });
      await this.audit.recordMany(
        manager,
        together.map((before) => ({
          entityType: 'TopicCallSubmission',
          entityId: before.id,
          action: 'PLACE',
          ownerPartyId: call.coordinatorPartyId,
          actingPartyId: acting,
          changes: [
            ...changesBetween(before, { ...before, placedAt } as TopicCallSubmission, ['placedAt']),
            { field: 'agendaVersionId', before: null, after: version.id },
          ],
        })),
      );
      return manager.findOneByOrFail(TopicCallSubmission, { id });
    });
  }
}
