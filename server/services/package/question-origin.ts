import type { EntityManager } from 'typeorm';
import {
  Guideline,
  type KnowledgeQuestion,
  PackageAssessment,
  Recommendation,
  type TopicCallSubmission,
} from '../../../entities';
import { QuestionOriginKind } from '../../../entities/package-cycle.enums';
import { decodeIdOf } from '../../../schema/global-id';
import type { QuestionOriginInput } from '../../../schema/inputs/package-cycle.input';
import { BadUserInputError } from '../../errors';
import type { SynergyAccess } from '../../auth/synergy.access';
import { changesBetween, type AuditService } from '../identity/audit.service';

export interface ResolvedOrigin {
  originKind: QuestionOriginKind;
  originRecommendationId: string | null;
  /** The recommendation's guideline, which outlives the recommendation (KnowledgeQuestion.originGuidelineId). */
  originGuidelineId: string | null;
  originAssessmentId: string | null;
  originTopicCallId: string | null;
  /** The intervention the origin is about, which the question takes over when it names none. */
  interventionId: string | null;
}

/**
 * A question's origin as the trail records it: flat fields, not one nested value, so the trail shows their
 * ids as global ids (resolvers/audit-values.ts). A question's CREATE entry and a later topic call origin both.
 */
export const ORIGIN_AUDITED: (keyof ResolvedOrigin & keyof KnowledgeQuestion & string)[] = [
  'originKind',
  'originRecommendationId',
  'originGuidelineId',
  'originAssessmentId',
  'originTopicCallId',
];

const FREE: ResolvedOrigin = {
  originKind: QuestionOriginKind.FREE_PROPOSAL,
  originRecommendationId: null,
  originGuidelineId: null,
  originAssessmentId: null,
  originTopicCallId: null,
  interventionId: null,
};

/**
 * Checks a question's origin: each kind names exactly its own record, which must exist and be readable
 * to the proposer (a draft guideline's recommendation is as unknown as a missing one).
 */
export async function resolveOrigin(
  manager: EntityManager,
  access: SynergyAccess,
  input: QuestionOriginInput | null | undefined,
): Promise<ResolvedOrigin> {
  if (!input) return FREE;
  const given = {
    [QuestionOriginKind.RECOMMENDATION_GAP]: input.recommendationId,
    [QuestionOriginKind.ASSESSMENT]: input.assessmentId,
  };
  for (const [kind, value] of Object.entries(given))
    if (value && kind !== input.kind)
      throw new BadUserInputError(`An origin of kind ${input.kind} names no ${kind} record.`, 'input.origin');
  switch (input.kind) {
    case QuestionOriginKind.FREE_PROPOSAL:
      return FREE;
    case QuestionOriginKind.RECOMMENDATION_GAP: {
      if (!input.recommendationId)
        throw new BadUserInputError('Name the recommendation.', 'input.origin.recommendationId');
      const id = decodeIdOf('Recommendation', input.recommendationId, 'input.origin.recommendationId');
      const recommendation = await manager.findOneBy(Recommendation, { id });
      const guideline = recommendation && (await manager.findOneBy(Guideline, { id: recommendation.guidelineId }));
      if (!recommendation || !guideline || !(await access.canReadGuideline(guideline)))
        throw new BadUserInputError('No recommendation with this id.', 'input.origin.recommendationId');
      return {
        ...FREE,
        originKind: input.kind,
        originRecommendationId: id,
        originGuidelineId: guideline.id,
        interventionId: recommendation.interventionId,
      };
    }
    case QuestionOriginKind.ASSESSMENT: {
      if (!input.assessmentId) throw new BadUserInputError('Name the assessment.', 'input.origin.assessmentId');
      const id = decodeIdOf('PackageAssessment', input.assessmentId, 'input.origin.assessmentId');
      const assessment = await manager.findOneBy(PackageAssessment, { id });
      if (!assessment || !(await access.canReadAssessment(assessment)))
        throw new BadUserInputError('No package assessment with this id.', 'input.origin.assessmentId');
      return { ...FREE, originKind: input.kind, originAssessmentId: id, interventionId: assessment.interventionId };
    }
    case QuestionOriginKind.TOPIC_CALL:
      throw new BadUserInputError(
        'A question gets a topic call as its origin when it is submitted to the call (submitToTopicCall).',
        'input.origin.kind',
      );
  }
}

/**
 * A question first brought in through a topic call records that submission as its origin, unless it
 * already has a more specific one (a knowledge gap, an assessment). Origin is provenance, not content
 * a client edits, so it does not move the question's version; the change is audited when there is one.
 */
export async function recordTopicCallOrigin(
  manager: EntityManager,
  audit: AuditService,
  submission: Pick<TopicCallSubmission, 'id' | 'questionId' | 'partyId'>,
): Promise<void> {
  // TypeORM answers an UPDATE with [rows, affected count].
  const [changed]: [{ id: string }[], number] = await manager.query(
    `UPDATE knowledge_question SET origin_kind = 'TOPIC_CALL', origin_topic_call_id = $2
      WHERE id = $1 AND origin_kind = 'FREE_PROPOSAL' RETURNING id`,
    [submission.questionId, submission.id],
  );
  if (changed.length === 0) return;
  await audit.record(manager, {
    entityType: 'KnowledgeQuestion',
    entityId: submission.questionId,
    action: 'RECORD_ORIGIN',
    // The submitting party's entry, as the submission's own is: until the question is placed only those who
    // read the submission may learn that it was submitted, not its proposer if another party submitted it.
    ownerPartyId: submission.partyId,
    actingPartyId: submission.partyId,
    changes: changesBetween(
      FREE,
      { ...FREE, originKind: QuestionOriginKind.TOPIC_CALL, originTopicCallId: submission.id },
      ORIGIN_AUDITED,
    ),
  });
}
