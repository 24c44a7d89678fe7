import type { DataSource, EntityManager } from 'typeorm';
import { PriorityScorecard, ResearchAgendaVersion } from '../../../entities';
import { AgendaStatus } from '../../../entities/research.enums';
import { Capability } from '../../../entities/capability.enum';
import { decodeIdOf } from '../../../schema/global-id';
import type { PriorityScoreInput, SubmitPriorityScorecardInput } from '../../../schema/inputs/consultation.input';
import type { Access } from '../../auth/access';
import type { Policy } from '../../auth/policy';
import { SCORABLE_QUESTIONS_SQL, SCORING_PARTIES_SQL } from '../../auth/consultation.access';
import { PRIORITY_TOTALS_SQL } from '../../loaders/consultation.loaders';
import { BadUserInputError, ForbiddenError, NotFoundError, UnauthenticatedError } from '../../errors';
import type { Loaders } from '../../loaders';
import type { AuditService } from '../identity/audit.service';
import { assertVersion } from '../../shared/versioning';
import { sharedPriorities, type PartyTotal, type SharedPriorityRow } from './shared-priority';
import { lockQuestions } from '../research/question-locks';

/** The questions on a version (its items). */
const ITEM_QUESTIONS_SQL = 'SELECT question_id FROM agenda_item WHERE version_id = $1';

async function questionIds(manager: EntityManager, sql: string, params: unknown[]): Promise<Set<string>> {
  return new Set(((await manager.query(sql, params)) as { question_id: string }[]).map((r) => r.question_id));
}

/**
 * Keeps, when a version is adopted, the shared ranking of its items and the parties that scored them, so the
 * adopted version shows them even if scorecards change later. Nothing is kept when nobody scored.
 */
export async function recordPrioritisation(manager: EntityManager, versionId: string): Promise<void> {
  // The record is public with the adopted version: it ranks the version's items only, never a submission
  // that was scored but not placed (that stays its party's and the coordinator's business).
  const items = await questionIds(manager, ITEM_QUESTIONS_SQL, [versionId]);
  const totals = ((await manager.query(PRIORITY_TOTALS_SQL, [[versionId]])) as PartyTotal[]).filter((t) =>
    items.has(t.questionId),
  );
  if (totals.length === 0) return;
  const participants = [...new Set(totals.map((t) => t.partyId))].sort();
  await manager.query(
    `INSERT INTO prioritisation_record (agenda_version_id, recorded_at, ranking, participant_party_ids)
     VALUES ($1, now(), $2, $3)
     ON CONFLICT (agenda_version_id) DO UPDATE SET recorded_at = now(), ranking = $2, participant_party_ids = $3`,
    [versionId, JSON.stringify(sharedPriorities(totals)), participants],
  );
}

/** Scorecards' scores as the audit writes them (`question/criterion=score`), per scorecard. */
export async function scoreRowsOf(manager: EntityManager, scorecardIds: string[]): Promise<Map<string, string[]>> {
  const rows: { scorecard_id: string; question_id: string; criterion_id: string; score: number }[] =
    await manager.query(
      `SELECT scorecard_id, question_id, criterion_id, score FROM priority_score
        WHERE scorecard_id = ANY($1) ORDER BY scorecard_id, question_id, criterion_id`,
      [scorecardIds],
    );
  const byCard = new Map<string, string[]>();
  for (const r of rows)
    byCard.set(r.scorecard_id, [
      ...(byCard.get(r.scorecard_id) ?? []),
      `${r.question_id}/${r.criterion_id}=${r.score}`,
    ]);
  return byCard;
}

/** Writes one party's scores for questions on a version's scorecard (creating it), replacing those questions' scores. */
export async function writeScores(
  manager: EntityManager,
  scorecard: PriorityScorecard,
  scores: readonly { questionId: string; criterionId: string; score: number }[],
  replaceAll: boolean,
): Promise<void> {
  if (replaceAll) await manager.query('DELETE FROM priority_score WHERE scorecard_id = $1', [scorecard.id]);
  else
    await manager.query('DELETE FROM priority_score WHERE scorecard_id = $1 AND question_id = ANY($2)', [
      scorecard.id,
      [...new Set(scores.map((s) => s.questionId))],
    ]);
  await manager.query(
    `INSERT INTO priority_score (scorecard_id, question_id, criterion_id, score)
     SELECT $1, q, c, s FROM unnest($2::uuid[], $3::uuid[], $4::int[]) AS t(q, c, s)`,
    [scorecard.id, scores.map((s) => s.questionId), scores.map((s) => s.criterionId), scores.map((s) => s.score)],
  );
}

/**
 * Decodes and checks a list of scores: known criteria, questions the party may score on the version
 * (SCORABLE_QUESTIONS_SQL; `readsDraft`: whether the scoring party reads the draft version), each pair once.
 */
export async function decodeScores(
  manager: EntityManager,
  versionId: string,
  partyId: string,
  readsDraft: boolean,
  input: readonly PriorityScoreInput[],
  field: string,
): Promise<{ questionId: string; criterionId: string; score: number }[]> {
  const scores = input.map((s, i) => ({
    questionId: decodeIdOf('KnowledgeQuestion', s.questionId, `${field}.${i}.questionId`),
    criterionId: decodeIdOf('PrioritisationCriterion', s.criterionId, `${field}.${i}.criterionId`),
    score: s.score,
  }));
  const pairs = new Set(scores.map((s) => `${s.questionId}:${s.criterionId}`));
  if (pairs.size !== scores.length) throw new BadUserInputError('Score each question on each criterion once.', field);
  const scorable = await questionIds(manager, SCORABLE_QUESTIONS_SQL, [versionId, partyId, readsDraft]);
  const outside = scores.findIndex((s) => !scorable.has(s.questionId));
  if (outside >= 0)
    throw new BadUserInputError(
      'Score only questions on this agenda version or your party’s submissions to a topic call for it.',
      `${field}.${outside}.questionId`,
    );
  const criteria = new Set(
    ((await manager.query('SELECT id FROM prioritisation_criterion')) as { id: string }[]).map((r) => r.id),
  );
  const unknown = scores.findIndex((s) => !criteria.has(s.criterionId));
  if (unknown >= 0)
    throw new BadUserInputError('No prioritisation criterion with this id.', `${field}.${unknown}.criterionId`);
  return scores;
}

/** Shared prioritisation (gezamenlijke prioritering): one scorecard per invited party, and the aggregate. */
export class PrioritisationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly loaders: Loaders,
    private readonly policy: Policy,
    private readonly audit: AuditService,
    private readonly access: Access,
  ) {}

  /**
   * The party the viewer scores for: a party invited to an open round on the version or an open call
   * feeding it (SCORING_PARTIES_SQL), of which the viewer holds SCORE_SHARED_PRIORITIES. Without one it
   * throws `refusal` (FORBIDDEN unless the caller must not tell that the version exists).
   */
  async scoringParty(
    manager: EntityManager,
    versionId: string,
    requested: string | null,
    field: string,
    refusal: () => Error = () =>
      new ForbiddenError(
        'Only contributors of a party invited to an open consultation round or topic call on this version may score it (needs SCORE_SHARED_PRIORITIES).',
      ),
  ): Promise<string> {
    // An adopted version keeps the ranking it was adopted with (recordPrioritisation); a call or round that
    // outlives the adoption must not change it afterwards. The version is held (FOR SHARE) until the scores
    // are in: an adoption (which locks it before it keeps the ranking) waits for them, or they for it.
    const [version]: { number: number; status: AgendaStatus }[] = await manager.query(
      'SELECT number, status FROM research_agenda_version WHERE id = $1 FOR SHARE',
      [versionId],
    );
    if (version && version.status !== AgendaStatus.DRAFT && version.status !== AgendaStatus.CONSULTATION)
      throw new BadUserInputError(
        `Version ${version.number} of this agenda is ${version.status.toLowerCase()}; its priorities are final.`,
        field,
      );
    const open = ((await manager.query(SCORING_PARTIES_SQL, [versionId])) as { party_id: string }[]).map(
      (r) => r.party_id,
    );
    const candidates = open.filter((id) => (requested ? id === requested : true)).sort();
    const party = await this.access.consultation.actingInvitedParty(Capability.SCORE_SHARED_PRIORITIES, candidates);
    if (!party) throw refusal();
    return party;
  }

  submit(input: SubmitPriorityScorecardInput): Promise<PriorityScorecard> {
    if (!this.policy.viewer.isAuthenticated) throw new UnauthenticatedError('Sign in to score.');
    const versionId = decodeIdOf('ResearchAgendaVersion', input.agendaVersionId, 'input.agendaVersionId');
    const requested = input.partyId ? decodeIdOf('Party', input.partyId, 'input.partyId') : null;
    const questionIds = input.scores.map((s, i) =>
      decodeIdOf('KnowledgeQuestion', s.questionId, `input.scores.${i}.questionId`),
    );
    return this.dataSource.transaction(async (manager) => {
      // The scored questions before the version and the scorecard, as a merge takes them (lockQuestions): a
      // merge under way moves its scores first, and the questions are checked as it left them.
      await lockQuestions(manager, questionIds, 'KEY SHARE');
      const notFound = () => new NotFoundError('No agenda version with this id.');
      const version = await manager.findOneBy(ResearchAgendaVersion, { id: versionId });
      if (!version) throw notFound();
      // A party invited only to a topic call feeding this draft scores on it without reading it (README:
      // "invited to an open round or call"); whoever neither reads nor scores it learns nothing of it.
      const readsDraft = await this.access.research.canReadAgendaVersion(version);
      const partyId = await this.scoringParty(
        manager,
        versionId,
        requested,
        'input.agendaVersionId',
        readsDraft ? undefined : notFound,
      );
      // What the party may score follows the party, not the viewer's other memberships (SCORABLE_QUESTIONS_SQL).
      const partyReadsDraft = await this.access.research.canReadAgendaVersion(version, partyId);
      const scores = await decodeScores(manager, versionId, partyId, partyReadsDraft, input.scores, 'input.scores');
      const scorecard = await manager.findOne(PriorityScorecard, {
        where: { agendaVersionId: versionId, partyId },
        lock: { mode: 'pessimistic_write' },
      });
      if (scorecard) assertVersion(scorecard.version, input.version ?? 0, 'scorecard');
      const before = scorecard ? await this.scoreRows(manager, scorecard.id) : null;
      return this.save(manager, scorecard, before, versionId, partyId, scores, true);
    });
  }

  /**
   * A submitting party's first scores for the question it submits to a topic call, on its scorecard for the
   * version the call feeds. They are first scores: if the party has scored that question there already, it
   * changes them with `submit`, which checks the scorecard's version.
   */
  async firstScores(
    manager: EntityManager,
    versionId: string,
    partyId: string,
    questionId: string,
    input: readonly PriorityScoreInput[],
  ): Promise<void> {
    await this.scoringParty(manager, versionId, partyId, 'input.scores');
    if (
      input.some((s, i) => decodeIdOf('KnowledgeQuestion', s.questionId, `input.scores.${i}.questionId`) !== questionId)
    )
      throw new BadUserInputError('Scores given with a submission are for the submitted question.', 'input.scores');
    // The submitted question is the party's own submission, scorable whether or not it reads the draft.
    const scores = await decodeScores(manager, versionId, partyId, false, input, 'input.scores');
    const scorecard = await manager.findOne(PriorityScorecard, {
      where: { agendaVersionId: versionId, partyId },
      lock: { mode: 'pessimistic_write' },
    });
    const before = scorecard ? await this.scoreRows(manager, scorecard.id) : null;
    if (before?.some((row) => row.startsWith(`${questionId}/`)))
      throw new BadUserInputError(
        `Your party has scored this question already (scorecard version ${scorecard!.version}); change those scores with submitPriorityScorecard.`,
        'input.scores',
      );
    await this.save(manager, scorecard, before, versionId, partyId, scores, false);
  }

  /**
   * Writes a party's scores on its scorecard for a version (creating it, else a new version of it) and audits
   * the change from `before` (its scores as the caller read them); `replaceAll` replaces every score,
   * otherwise those of the questions given.
   */
  private async save(
    manager: EntityManager,
    existing: PriorityScorecard | null,
    before: string[] | null,
    versionId: string,
    partyId: string,
    scores: readonly { questionId: string; criterionId: string; score: number }[],
    replaceAll: boolean,
  ): Promise<PriorityScorecard> {
    const scorecard = existing
      ? await manager.save(
          PriorityScorecard,
          manager.merge(PriorityScorecard, existing, {
            version: existing.version + 1,
            submittedByUserId: this.policy.viewer.user!.id,
          }),
        )
      : await manager.save(
          PriorityScorecard,
          manager.create(PriorityScorecard, {
            agendaVersionId: versionId,
            partyId,
            submittedByUserId: this.policy.viewer.user!.id,
          }),
        );
    await writeScores(manager, scorecard, scores, replaceAll);
    await this.audit.record(manager, {
      entityType: 'PriorityScorecard',
      entityId: scorecard.id,
      action: before ? 'UPDATE' : 'CREATE',
      ownerPartyId: partyId,
      actingPartyId: partyId,
      changes: [{ field: 'scores', before, after: await this.scoreRows(manager, scorecard.id) }],
    });
    return scorecard;
  }

  private async scoreRows(manager: EntityManager, scorecardId: string): Promise<string[]> {
    return (await scoreRowsOf(manager, [scorecardId])).get(scorecardId) ?? [];
  }

  /**
   * The live ranking of a version, for those who read the agenda's drafts (its coordinator and owner, VWS,
   * operators), over the questions they may see on it (`rankedQuestions`); null for others.
   */
  async ranking(version: ResearchAgendaVersion): Promise<SharedPriorityRow[] | null> {
    const rules = this.access.consultation;
    if (!(await rules.canReadSharedPriorities(version.id))) return null;
    const [totals, ranked] = await Promise.all([
      this.loaders.priorityTotalsByVersionId.load(version.id),
      rules.rankedQuestions(version.id),
    ]);
    return sharedPriorities(totals.filter((t) => ranked.has(t.questionId)));
  }

  /** What an adopted version's priority rested on (public with the version). */
  record(version: ResearchAgendaVersion) {
    return this.loaders.prioritisationRecordByVersionId.load(version.id);
  }
}
