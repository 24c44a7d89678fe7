import { Loader } from './loader';
import {
  ConsultationRound,
  Contribution,
  Party,
  PriorityScore,
  PriorityScorecard,
  TopicCall,
  TopicCallSubmission,
} from '../../entities';
import type { PartyKind } from '../../entities/party-kind.enum';
import { CONSULTED_TARGETS_SQL } from '../auth/consultation.access';
import { readRows } from '../db/data-source';
import {
  byColumnLoader,
  byIdLoader,
  groupBy,
  manyToManyLoader,
  pagedByColumnLoader,
  pagedManyToManyLoader,
} from './batch';
import type { LoaderFactory } from './lazy';
import { byName } from './order';

interface Shared {
  partyById: Loader<string, Party | null>;
}

/** One party's weighted total for one question on a version's scorecards (Σ score × criterion weight). */
export interface PartyQuestionTotal {
  versionId: string;
  partyId: string;
  partyKind: PartyKind;
  questionId: string;
  total: number;
}

/**
 * A question a version's scorecards may hold scores for: one of its items (`coordinatorPartyId` null), or a
 * submission to a call feeding it, with the call's coordinator, the submitting party and whether it is placed.
 */
export interface ScoreSubject {
  versionId: string;
  questionId: string;
  coordinatorPartyId: string | null;
  partyId: string | null;
  placed: boolean;
}

/** What an adopted version's priority rested on, as stored at adoption. */
export interface StoredPrioritisation {
  versionId: string;
  recordedAt: Date;
  ranking: unknown;
  participantPartyIds: string[];
}

const factory = <L>(make: LoaderFactory<L, Shared>) => make;

/**
 * Each party's weighted total per question on the scorecards of versions $1, over every score: whoever reads
 * them keeps the questions it may see (`ConsultationAccess.rankedQuestions`; at adoption, the items).
 */
export const PRIORITY_TOTALS_SQL = `
  SELECT sc.agenda_version_id AS "versionId", sc.party_id AS "partyId", p.kind AS "partyKind",
         s.question_id AS "questionId", sum(s.score * c.weight)::int AS total
    FROM priority_scorecard sc
    JOIN party p ON p.id = sc.party_id
    JOIN priority_score s ON s.scorecard_id = sc.id
    JOIN prioritisation_criterion c ON c.id = s.criterion_id
   WHERE sc.agenda_version_id = ANY($1)
   GROUP BY sc.agenda_version_id, sc.party_id, p.kind, s.question_id
   ORDER BY sc.agenda_version_id, s.question_id, sc.party_id`;

/** The items of versions $1 and the submissions to the calls feeding them (see ScoreSubject). */
const SCORE_SUBJECTS_SQL = `
  SELECT i.version_id AS "versionId", i.question_id AS "questionId", NULL::uuid AS "coordinatorPartyId",
         NULL::uuid AS "partyId", true AS placed
    FROM agenda_item i WHERE i.version_id = ANY($1)
  UNION ALL
  SELECT c.agenda_version_id, s.question_id, c.coordinator_party_id, s.party_id, s.placed_at IS NOT NULL
    FROM topic_call_submission s JOIN topic_call c ON c.id = s.call_id
   WHERE c.agenda_version_id = ANY($1)`;

const RECORD_SQL = `
  SELECT agenda_version_id AS "versionId", recorded_at AS "recordedAt", ranking,
         participant_party_ids AS "participantPartyIds"
    FROM prioritisation_record WHERE agenda_version_id = ANY($1)`;

/** Loaders of consultation rounds, contributions, topic calls and shared scores (issue 21). */
export const consultationLoaders = {
  consultationRoundById: factory((ds) => byIdLoader(ds, ConsultationRound)),
  contributionById: factory((ds) => byIdLoader(ds, Contribution)),
  topicCallById: factory((ds) => byIdLoader(ds, TopicCall)),
  topicCallSubmissionById: factory((ds) => byIdLoader(ds, TopicCallSubmission)),
  priorityScorecardById: factory((ds) => byIdLoader(ds, PriorityScorecard)),
  invitedPartiesByRoundId: factory((ds, l) =>
    manyToManyLoader(
      ds,
      Party,
      { table: 'consultation_round_party', ownerColumn: 'round_id', targetColumn: 'party_id' },
      byName,
      l.partyById,
    ),
  ),
  invitedPartiesByCallId: factory((ds, l) =>
    manyToManyLoader(
      ds,
      Party,
      { table: 'topic_call_party', ownerColumn: 'call_id', targetColumn: 'party_id' },
      byName,
      l.partyById,
    ),
  ),
  /** The rounds a party is invited to, latest closing first, a page per party (Party.consultationInvitations). */
  invitationPagesByPartyId: factory((ds) =>
    pagedManyToManyLoader(
      ds,
      ConsultationRound,
      { table: 'consultation_round_party', ownerColumn: 'party_id', targetColumn: 'round_id' },
      't.closes_at DESC, t.id DESC',
    ),
  ),
  roundsByAgendaVersionId: factory((ds) =>
    byColumnLoader(ds, ConsultationRound, 'agenda_version_id', 't.opens_at DESC, t.id'),
  ),
  roundsByAssessmentId: factory((ds) =>
    byColumnLoader(ds, ConsultationRound, 'assessment_id', 't.opens_at DESC, t.id'),
  ),
  roundsByGuidelineId: factory((ds) => byColumnLoader(ds, ConsultationRound, 'guideline_id', 't.opens_at DESC, t.id')),
  /** The comment table: a round's contributions in the order they came in. */
  contributionPagesByRoundId: factory((ds) => pagedByColumnLoader(ds, Contribution, 'round_id', 't.created_at, t.id')),
  /** Every contribution of a round, in the order they came (the comment table export). */
  contributionsByRoundId: factory((ds) => byColumnLoader(ds, Contribution, 'round_id', 't.created_at, t.id')),
  topicCallsByAgendaId: factory((ds) => byColumnLoader(ds, TopicCall, 'agenda_id', 't.opens_at DESC, t.id')),
  submissionsByCallId: factory((ds) => byColumnLoader(ds, TopicCallSubmission, 'call_id', 't.created_at, t.id')),
  submissionsByQuestionId: factory((ds) =>
    byColumnLoader(ds, TopicCallSubmission, 'question_id', 't.created_at, t.id'),
  ),
  scorecardsByVersionId: factory((ds) =>
    byColumnLoader(ds, PriorityScorecard, 'agenda_version_id', 't.created_at, t.id'),
  ),
  scoresByScorecardId: factory((ds) =>
    byColumnLoader(ds, PriorityScore, 'scorecard_id', 't.question_id, t.criterion_id'),
  ),
  priorityTotalsByVersionId: factory(
    (ds) =>
      new Loader<string, PartyQuestionTotal[]>(async (versionIds) =>
        groupBy(
          versionIds,
          await readRows<PartyQuestionTotal>(ds, PRIORITY_TOTALS_SQL, [versionIds]),
          (r) => r.versionId,
        ),
      ),
  ),
  scoreSubjectsByVersionId: factory(
    (ds) =>
      new Loader<string, ScoreSubject[]>(async (versionIds) =>
        groupBy(versionIds, await readRows<ScoreSubject>(ds, SCORE_SUBJECTS_SQL, [versionIds]), (r) => r.versionId),
      ),
  ),
  /** Per party, the drafts it reads as a consulted party (see consultation.access.ts). */
  consultedTargetsByPartyId: factory(
    (ds) =>
      new Loader<string, string[]>(async (partyIds) => {
        const rows = await readRows<{ partyId: string; targetId: string }>(ds, CONSULTED_TARGETS_SQL, [partyIds]);
        return groupBy(partyIds, rows, (r) => r.partyId).map((group) => group.map((r) => r.targetId));
      }),
  ),
  prioritisationRecordByVersionId: factory(
    (ds) =>
      new Loader<string, StoredPrioritisation | null>(async (versionIds) => {
        const rows = await readRows<StoredPrioritisation>(ds, RECORD_SQL, [versionIds]);
        return versionIds.map((id) => rows.find((r) => r.versionId === id) ?? null);
      }),
  ),
};
