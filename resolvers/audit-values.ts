import type { FieldChange } from '../entities/audit-event.entity';
import { isUuid, toGlobalId } from '../schema/global-id';

/**
 * The type behind each audited id field. The trail stores row ids; the API shows the global ids its
 * inputs of the same name take, so a value can be passed to node(id:) or back into a mutation.
 */
export const AUDITED_ID_FIELDS: Readonly<Record<string, string>> = {
  absorbedQuestionId: 'KnowledgeQuestion',
  addresseePartyId: 'Party',
  admissionProjectId: 'ResearchProject',
  agendaId: 'ResearchAgenda',
  agendaVersionId: 'ResearchAgendaVersion',
  answeredByPartyId: 'Party',
  answeredByProjectId: 'ResearchProject',
  assessmentId: 'PackageAssessment',
  assessorConfirmedById: 'User',
  assessorConfirmedPartyId: 'Party',
  assessorPartyId: 'Party',
  callId: 'TopicCall',
  coSignerPartyId: 'Party',
  coSigningPartyIds: 'Party',
  contributorPartyIds: 'Party',
  coordinatorPartyId: 'Party',
  criterionIds: 'PackageCriterion',
  decidedByPartyId: 'Party',
  deliverableId: 'Deliverable',
  dependsOnIds: 'Deliverable',
  executingPartyId: 'Party',
  funderPartyId: 'Party',
  guidelineId: 'Guideline',
  interventionId: 'Intervention',
  invitedByPartyId: 'Party',
  invitedCoSignerPartyIds: 'Party',
  invitedPartyId: 'Party',
  invitedPartyIds: 'Party',
  leadPartyId: 'Party',
  mergedIntoId: 'KnowledgeQuestion',
  mergedQuestionId: 'KnowledgeQuestion',
  originAssessmentId: 'PackageAssessment',
  originGuidelineId: 'Guideline',
  originRecommendationId: 'Recommendation',
  originTopicCallId: 'TopicCallSubmission',
  ownerConfirmedById: 'User',
  ownerConfirmedPartyId: 'Party',
  ownerPartyId: 'Party',
  ownerPartyIds: 'Party',
  packageSignalId: 'PackageSignal',
  partnerPartyIds: 'Party',
  partyId: 'Party',
  partyIds: 'Party',
  programmeId: 'Programme',
  proposedByPartyId: 'Party',
  questionId: 'KnowledgeQuestion',
  questionIds: 'KnowledgeQuestion',
  raisingPartyId: 'Party',
  reassessmentOfId: 'PackageAssessment',
  recommendationId: 'Recommendation',
  roundId: 'ConsultationRound',
  sectorId: 'Sector',
  sectorIds: 'Sector',
  userId: 'User',
  workstreamId: 'Workstream',
};

function globalIds(type: string, value: unknown): unknown {
  if (typeof value === 'string' && isUuid(value)) return toGlobalId(type, value);
  if (Array.isArray(value)) return value.map((item) => globalIds(type, item));
  return value;
}

/** The change as the API shows it: row ids of known id fields as global ids. */
export function changeWithGlobalIds(change: FieldChange): FieldChange {
  const type = AUDITED_ID_FIELDS[change.field];
  if (!type) return change;
  return { field: change.field, before: globalIds(type, change.before), after: globalIds(type, change.after) };
}
