import type {
  ConsultationRound,
  PriorityScore,
  PriorityScorecard,
  TopicCall,
  TopicCallSubmission,
} from '../../entities';
import { Capability } from '../../entities/capability.enum';
import { ConsultationStatus, ConsultationTargetKind } from '../../entities/consultation.enums';
import { AgendaStatus } from '../../entities/research.enums';
import { GuidelineStatus } from '../../entities/synergy.enums';
import type { Loaders } from '../loaders';
import type { Policy } from './policy';
import { canReadAgendaDrafts } from './research.access';

/**
 * Who reads and does what in consultations (issue 21), and the one rule the draft-read rules of agendas,
 * assessments and guidelines add: while a round on a draft is live (opened and not concluded), members
 * (VIEWER and up) of the parties it invites read that draft in full. The rule is here twice, side by side:
 * as SQL for lists and aggregates, and as a per-request set for single records.
 */

/** The column of `consultation_round` that names a target of each kind. */
export const TARGET_COLUMN: Record<ConsultationTargetKind, 'agenda_version_id' | 'assessment_id' | 'guideline_id'> = {
  [ConsultationTargetKind.AGENDA_VERSION]: 'agenda_version_id',
  [ConsultationTargetKind.PACKAGE_ASSESSMENT]: 'assessment_id',
  [ConsultationTargetKind.GUIDELINE]: 'guideline_id',
};

/**
 * SQL: a live round on the target `target` (an SQL expression, e.g. `g.id`) invites one of `parties` (an
 * SQL uuid[] expression: the viewer's parties). For the WHERE clauses of lists and counts.
 */
export function CONSULTED_SQL(kind: ConsultationTargetKind, target: string, parties: string): string {
  return `EXISTS (SELECT 1 FROM consultation_round cr_v JOIN consultation_round_party crp_v ON crp_v.round_id = cr_v.id
                   WHERE cr_v.${TARGET_COLUMN[kind]} = ${target} AND cr_v.concluded_at IS NULL AND cr_v.opens_at <= now()
                     AND crp_v.party_id = ANY(${parties}))`;
}

/**
 * The same rule for single records: per party, the targets of live rounds that invite it. The loader
 * (consultation.loaders.ts) reads it for all the viewer's parties in one statement per request.
 */
export const CONSULTED_TARGETS_SQL = `
  SELECT p.party_id AS "partyId", coalesce(r.agenda_version_id, r.assessment_id, r.guideline_id) AS "targetId"
    FROM consultation_round r JOIN consultation_round_party p ON p.round_id = r.id
   WHERE p.party_id = ANY($1) AND r.concluded_at IS NULL AND r.opens_at <= now()`;

/**
 * SQL: the parties that may score agenda version $1 now (shared prioritisation): those invited to an open
 * round on it, or to an open topic call that feeds it. A party invited only to a call does not read the
 * draft (the read rule above is the round's), yet keeps a scorecard on it for what it submits.
 */
export const SCORING_PARTIES_SQL = `
  SELECT crp.party_id FROM consultation_round r JOIN consultation_round_party crp ON crp.round_id = r.id
   WHERE r.agenda_version_id = $1 AND r.concluded_at IS NULL AND r.opens_at <= now() AND r.closes_at > now()
  UNION
  SELECT tcp.party_id FROM topic_call c JOIN topic_call_party tcp ON tcp.call_id = c.id
   WHERE c.agenda_version_id = $1 AND c.opens_at <= now() AND c.closes_at > now()`;

/**
 * SQL: the questions party $2 may score on agenda version $1; $3 is whether that party reads the draft
 * (ResearchAccess.canReadAgendaVersion through the party), not whether the person scoring for it does: a
 * member of several parties scores for each what that party may see, and the party's members all read its
 * scorecard. A reader scores the version's items and the submissions to calls feeding it that it may see:
 * placed ones, its party's own, all of them for the coordinator (canReadSubmission; accepting others'
 * unplaced ones would tell that they were submitted). A party that scores through a call without reading the
 * draft scores only what it sees without it, its own submissions and the placed ones, so that a refusal tells
 * it nothing of the draft's other questions.
 */
export const SCORABLE_QUESTIONS_SQL = `
  SELECT question_id FROM agenda_item WHERE version_id = $1 AND $3::boolean
  UNION
  SELECT s.question_id FROM topic_call_submission s JOIN topic_call c ON c.id = s.call_id
   WHERE c.agenda_version_id = $1
     AND (s.placed_at IS NOT NULL OR s.party_id = $2 OR ($3::boolean AND c.coordinator_party_id = $2))`;

/** Where a round is on a moment: CONCLUDED once concluded, else by its opening and closing times. */
export function roundStatus(round: Pick<ConsultationRound, 'opensAt' | 'closesAt' | 'concludedAt'>, asOf: Date) {
  if (round.concludedAt && round.concludedAt <= asOf) return ConsultationStatus.CONCLUDED;
  if (asOf < round.opensAt) return ConsultationStatus.SCHEDULED;
  return asOf < round.closesAt ? ConsultationStatus.OPEN : ConsultationStatus.CLOSED;
}

/** Reading and acting rules of consultation rounds, topic calls and shared scores, for one request. */
export class ConsultationAccess {
  private consulted?: Promise<Set<string>>;
  private readonly ranked = new Map<string, Promise<Set<string>>>();

  constructor(
    private readonly policy: Policy,
    private readonly loaders: Loaders,
  ) {}

  /** Targets the viewer reads as a consulted party; one statement per request, none for anonymous viewers. */
  consultedTargets(): Promise<Set<string>> {
    this.consulted ??= (async () => {
      const partyIds = this.policy.viewer.partyIds;
      if (partyIds.length === 0) return new Set<string>();
      const perParty = await this.loaders.consultedTargetsByPartyId.loadMany(partyIds);
      return new Set(perParty.flatMap((ids) => (ids instanceof Error ? [] : ids)));
    })();
    return this.consulted;
  }

  /**
   * Whether a live round on this draft (agenda version, assessment or guideline id) invites the viewer; with
   * `throughPartyId`, that one of the viewer's parties.
   */
  async isConsultedOn(targetId: string, throughPartyId?: string): Promise<boolean> {
    if (throughPartyId === undefined) return (await this.consultedTargets()).has(targetId);
    if (!this.policy.viewer.membershipIn(throughPartyId)) return false;
    return (await this.loaders.consultedTargetsByPartyId.load(throughPartyId)).includes(targetId);
  }

  /** Whether the viewer is a member (any role) of a party the round invites. */
  async isInvited(round: Pick<ConsultationRound, 'id'>): Promise<boolean> {
    const mine = new Set(this.policy.viewer.partyIds);
    if (mine.size === 0) return false;
    return (await this.loaders.invitedPartiesByRoundId.load(round.id)).some((p) => mine.has(p.id));
  }

  async isInvitedToCall(call: Pick<TopicCall, 'id'>): Promise<boolean> {
    const mine = new Set(this.policy.viewer.partyIds);
    if (mine.size === 0) return false;
    return (await this.loaders.invitedPartiesByCallId.load(call.id)).some((p) => mine.has(p.id));
  }

  /**
   * Whether the consulted target has been adopted or published since: then the round and its comment
   * table are public. A guideline counts once an edition later than the consulted one is published.
   */
  async targetIsPublic(round: ConsultationRound): Promise<boolean> {
    switch (round.targetKind) {
      case ConsultationTargetKind.AGENDA_VERSION: {
        const version = await this.loaders.agendaVersionById.load(round.agendaVersionId!);
        return version !== null && [AgendaStatus.ADOPTED, AgendaStatus.ARCHIVED].includes(version.status);
      }
      case ConsultationTargetKind.PACKAGE_ASSESSMENT:
        return (await this.loaders.packageAssessmentById.load(round.assessmentId!))?.published === true;
      case ConsultationTargetKind.GUIDELINE: {
        const guideline = await this.loaders.guidelineById.load(round.guidelineId!);
        return (
          guideline !== null &&
          guideline.status !== GuidelineStatus.IN_DEVELOPMENT &&
          guideline.edition > (round.guidelineEdition ?? 0)
        );
      }
    }
  }

  /** The target's owner (members read its drafts anyway), VWS and operators. */
  canReadAsOwner(round: Pick<ConsultationRound, 'ownerPartyId'>): Promise<boolean> {
    return this.policy.canReadInternal(round.ownerPartyId);
  }

  /**
   * A round and its comment table: public once the target is adopted or published; before that for the
   * owner, VWS, operators and members of the invited parties.
   */
  async canReadRound(round: ConsultationRound): Promise<boolean> {
    if (await this.targetIsPublic(round)) return true;
    if (!this.policy.viewer.isAuthenticated) return false;
    return (await this.canReadAsOwner(round)) || this.isInvited(round);
  }

  /** The rounds a party is invited to (“what waits for us”): its own members, VWS and operators. */
  canReadInvitationsOf(partyId: string): Promise<boolean> {
    return this.policy.canReadInternal(partyId);
  }

  /**
   * A topic call: the coordinator's members, VWS, operators and the invited parties, and everyone once a
   * question from it is placed. Its submissions: all of them for the coordinator's side, each party's own
   * for the others, and the placed ones for everyone.
   */
  async canReadCall(call: TopicCall): Promise<boolean> {
    if (this.policy.viewer.isAuthenticated) {
      if (await this.policy.canReadInternal(call.coordinatorPartyId)) return true;
      if (await this.isInvitedToCall(call)) return true;
    }
    // Once a question from it is on an agenda the call is that question's public origin.
    return (await this.loaders.submissionsByCallId.load(call.id)).some((s) => s.placedAt !== null);
  }

  async seesAllSubmissions(call: Pick<TopicCall, 'coordinatorPartyId'>): Promise<boolean> {
    return this.policy.canReadInternal(call.coordinatorPartyId);
  }

  /**
   * The one submission rule: placed ones for everyone; before that the coordinator's side (seesAllSubmissions)
   * and the submitting party. Submissions, calls' lists of them and the scores on them all ask it.
   */
  private async readsSubmission(
    submission: { placed: boolean; partyId: string },
    call: Pick<TopicCall, 'coordinatorPartyId'>,
  ): Promise<boolean> {
    if (submission.placed || this.policy.viewer.partyIds.includes(submission.partyId)) return true;
    return this.seesAllSubmissions(call);
  }

  /** A submission to a topic call: public once placed on an agenda; before that the coordinator's side and its own party. */
  async canReadSubmission(submission: TopicCallSubmission): Promise<boolean> {
    if (submission.placedAt) return true;
    const call = await this.loaders.topicCallById.load(submission.callId);
    return call !== null && this.readsSubmission({ placed: false, partyId: submission.partyId }, call);
  }

  /** The submissions of `call` (all of them, as loaded) the viewer may read, in their order. */
  async readableSubmissions(call: TopicCall, submissions: TopicCallSubmission[]): Promise<TopicCallSubmission[]> {
    const readable = await Promise.all(
      submissions.map((s) => this.readsSubmission({ placed: s.placedAt !== null, partyId: s.partyId }, call)),
    );
    return submissions.filter((_, i) => readable[i]);
  }

  /**
   * The questions whose scores on a version's scorecards the viewer may see (the live ranking, others'
   * scorecards): the version's items and the submissions to calls feeding it that the viewer may read. Others'
   * unplaced submissions stay hidden, and a question taken off the draft that no call brought in drops out of
   * the ranking, though its scores stay on the scorecards (they count again if it comes back).
   */
  rankedQuestions(versionId: string): Promise<Set<string>> {
    let ranked = this.ranked.get(versionId);
    if (!ranked) {
      ranked = (async () => {
        const subjects = await this.loaders.scoreSubjectsByVersionId.load(versionId);
        const seen = await Promise.all(
          subjects.map(
            (s) =>
              s.coordinatorPartyId === null ||
              this.readsSubmission(
                { placed: s.placed, partyId: s.partyId! },
                { coordinatorPartyId: s.coordinatorPartyId },
              ),
          ),
        );
        return new Set(subjects.filter((_, i) => seen[i]).map((s) => s.questionId));
      })();
      this.ranked.set(versionId, ranked);
    }
    return ranked;
  }

  /**
   * A party's scorecard: its own members (VWS, operators), and those who read the live ranking (the agenda's
   * coordinator and owner). To the latter not when every score on it is hidden from them (rankedQuestions):
   * the card alone would tell that its party scored, say, a submission of its own not yet placed.
   */
  async canReadScorecard(scorecard: PriorityScorecard): Promise<boolean> {
    if (await this.policy.canReadInternal(scorecard.partyId)) return true;
    if (!(await this.canReadSharedPriorities(scorecard.agendaVersionId))) return false;
    const [scores, ranked] = await Promise.all([
      this.loaders.scoresByScorecardId.load(scorecard.id),
      this.rankedQuestions(scorecard.agendaVersionId),
    ]);
    return scores.length === 0 || scores.some((s) => ranked.has(s.questionId));
  }

  /** The scores on a readable scorecard the viewer may see: all for its own party, else those on rankedQuestions. */
  async visibleScores(scorecard: PriorityScorecard): Promise<PriorityScore[]> {
    const scores = await this.loaders.scoresByScorecardId.load(scorecard.id);
    if (await this.policy.canReadInternal(scorecard.partyId)) return scores;
    const ranked = await this.rankedQuestions(scorecard.agendaVersionId);
    return scores.filter((s) => ranked.has(s.questionId));
  }

  /**
   * The live shared ranking of a version: those who read its agenda's drafts (coordinator, owner, VWS,
   * operators), over the questions rankedQuestions gives them.
   */
  async canReadSharedPriorities(versionId: string): Promise<boolean> {
    const version = await this.loaders.agendaVersionById.load(versionId);
    const agenda = version && (await this.loaders.researchAgendaById.load(version.agendaId));
    return agenda !== null && canReadAgendaDrafts(this.policy, agenda);
  }

  /**
   * The party through which the viewer holds `capability` as a member of one of `partyIds` (an invited
   * party), or null: a grant over every party does not make someone a consulted party.
   */
  async actingInvitedParty(capability: Capability, partyIds: string[]): Promise<string | null> {
    for (const partyId of partyIds) {
      if (!this.policy.viewer.membershipIn(partyId)) continue;
      const { allowed, actingPartyId } = await this.policy.check(capability, partyId);
      if (allowed && actingPartyId === partyId) return partyId;
    }
    return null;
  }
}
