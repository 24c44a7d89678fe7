import { Field, Int, ObjectType } from 'type-graphql';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique } from 'typeorm';
import { BaseEntity, Node, SourcedEntity } from './base.entity';
import { ContributionAnchorKind, ConsultationTargetKind, ContributionType, ResponseKind } from './consultation.enums';
import { PartyKind } from './party-kind.enum';

/**
 * A consultation round (consultatieronde) on one draft: an agenda version, an unpublished package
 * assessment or a guideline edition in development or revision. Exactly one target column is set.
 */
@Entity()
@Check(
  'consultation_round_one_target',
  `("target_kind" = 'AGENDA_VERSION' AND "agenda_version_id" IS NOT NULL AND "assessment_id" IS NULL AND "guideline_id" IS NULL)
   OR ("target_kind" = 'PACKAGE_ASSESSMENT' AND "assessment_id" IS NOT NULL AND "agenda_version_id" IS NULL AND "guideline_id" IS NULL)
   OR ("target_kind" = 'GUIDELINE' AND "guideline_id" IS NOT NULL AND "agenda_version_id" IS NULL AND "assessment_id" IS NULL)`,
)
@Check('consultation_round_period', '"closes_at" > "opens_at"')
@ObjectType({
  implements: [Node, SourcedEntity],
  description:
    'A consultation round (consultatie): invited parties read a draft in full and contribute (inbreng); the owner answers every contribution (reactie).',
})
export class ConsultationRound extends SourcedEntity {
  @Field(() => ConsultationTargetKind, { description: 'What is consulted on (onderwerp van de consultatie).' })
  @Column({ type: 'enum', enum: ConsultationTargetKind, enumName: 'consultation_target_kind' })
  targetKind!: ConsultationTargetKind;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  agendaVersionId!: string | null;

  @ManyToOne('ResearchAgendaVersion', { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agenda_version_id' })
  agendaVersion?: unknown;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  assessmentId!: string | null;

  @ManyToOne('PackageAssessment', { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'assessment_id' })
  assessment?: unknown;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  guidelineId!: string | null;

  @ManyToOne('Guideline', { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'guideline_id' })
  guideline?: unknown;

  @Field(() => Int, {
    nullable: true,
    description:
      'For a guideline: its edition when the round opened (editie); publishing a later one makes the comment table public.',
  })
  @Column({ type: 'int', nullable: true })
  guidelineEdition!: number | null;

  /** The party that answers the contributions: the target's owner the opener acted for. */
  @Index()
  @Column({ type: 'uuid' })
  ownerPartyId!: string;

  @ManyToOne('Party', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'owner_party_id' })
  ownerParty?: unknown;

  @Field({ description: 'The question put to the consulted parties (consultatievraag).' })
  @Column({ type: 'text' })
  question!: string;

  @Field(() => Date, { description: 'When the round opens (opent).' })
  @Column({ type: 'timestamptz' })
  opensAt!: Date;

  @Field(() => Date, { description: 'When the round closes (sluit); it is CLOSED from then on.' })
  @Column({ type: 'timestamptz' })
  closesAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When the owner concluded it (afgerond); null until then.' })
  @Column({ type: 'timestamptz', nullable: true })
  concludedAt!: Date | null;

  @Field(() => [PartyKind], { description: 'Kinds of party invited (uitgenodigde soorten partijen).' })
  @Column({ type: 'enum', enum: PartyKind, enumName: 'party_kind', array: true, default: '{}' })
  invitedPartyKinds!: PartyKind[];

  @Field({
    description: 'True when no kinds or parties were named, so every IZA party is invited (alle IZA-partijen).',
  })
  @Column({ type: 'boolean', default: false })
  invitesEveryIzaParty!: boolean;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  openedByUserId!: string | null;

  @ManyToOne('User', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'opened_by_user_id' })
  openedByUser?: unknown;

  @Field(() => Int, { description: 'Optimistic-concurrency version; send it back when closing or concluding.' })
  @Column({ type: 'int', default: 1 })
  version!: number;
}

/** The parties a round invites, resolved from kinds and named parties when it opens. */
@Entity()
export class ConsultationRoundParty {
  @PrimaryColumn({ type: 'uuid' })
  roundId!: string;

  @ManyToOne('ConsultationRound', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'round_id' })
  round?: unknown;

  @Index()
  @PrimaryColumn({ type: 'uuid' })
  partyId!: string;

  @ManyToOne('Party', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'party_id' })
  party?: unknown;
}

/** One party's contribution to a round, with the owner's response on the same row. */
@Entity()
@Check('contribution_evidence_reference', `"type" <> 'EVIDENCE' OR "reference" IS NOT NULL`)
@Check('contribution_anchor', `("anchor_kind" IS NULL) = ("anchor_id" IS NULL)`)
@ObjectType({
  implements: Node,
  description:
    'A contribution (inbreng) of an invited party to a consultation round, with the owner’s response (reactie): one row of the comment table.',
})
export class Contribution extends BaseEntity {
  @Index()
  @Column({ type: 'uuid' })
  roundId!: string;

  @ManyToOne('ConsultationRound', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'round_id' })
  round?: unknown;

  @Index()
  @Column({ type: 'uuid' })
  partyId!: string;

  @ManyToOne('Party', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'party_id' })
  party?: unknown;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  authorUserId!: string | null;

  @ManyToOne('User', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'author_user_id' })
  authorUser?: unknown;

  @Field(() => ContributionType, { description: 'Kind of contribution (soort inbreng).' })
  @Column({ type: 'enum', enum: ContributionType, enumName: 'contribution_type' })
  type!: ContributionType;

  @Field({ description: 'The contribution (inbreng), in the language it was written in.' })
  @Column({ type: 'text' })
  text!: string;

  @Field(() => String, { nullable: true, description: 'Reference for EVIDENCE (bronvermelding): a citation or URL.' })
  @Column({ type: 'text', nullable: true })
  reference!: string | null;

  @Field(() => ContributionAnchorKind, {
    nullable: true,
    description: 'The kind of part it is anchored to (onderdeel); null for the target as a whole.',
  })
  @Column({ type: 'enum', enum: ContributionAnchorKind, enumName: 'contribution_anchor_kind', nullable: true })
  anchorKind!: ContributionAnchorKind | null;

  /** The agenda item, recommendation or criterion verdict; no foreign key, as items may be removed later. */
  @Column({ type: 'uuid', nullable: true })
  anchorId!: string | null;

  @Field(() => Date, { nullable: true, description: 'When its party withdrew it (ingetrokken); null while it stands.' })
  @Column({ type: 'timestamptz', nullable: true })
  withdrawnAt!: Date | null;

  @Field(() => ResponseKind, { nullable: true, description: 'The owner’s response (reactie); null while unanswered.' })
  @Column({ type: 'enum', enum: ResponseKind, enumName: 'response_kind', nullable: true })
  response!: ResponseKind | null;

  @Field(() => String, { nullable: true, description: 'Why the owner responded so (motivering).' })
  @Column({ type: 'text', nullable: true })
  responseReasoning!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'What changed in the target because of it (wat is aangepast); null when nothing changed.',
  })
  @Column({ type: 'text', nullable: true })
  responseChange!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the owner responded (datum reactie).' })
  @Column({ type: 'timestamptz', nullable: true })
  respondedAt!: Date | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  respondedByUserId!: string | null;

  @ManyToOne('User', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'responded_by_user_id' })
  respondedByUser?: unknown;

  @Field(() => Int, { description: 'Optimistic-concurrency version; send it back with every change.' })
  @Column({ type: 'int', default: 1 })
  version!: number;
}

/** A coordinator's call for topics (uitvraag) for an agenda, feeding its working version. */
@Entity()
@Check('topic_call_period', '"closes_at" > "opens_at"')
@ObjectType({
  implements: [Node, SourcedEntity],
  description:
    'A topic call (uitvraag): the coordinator asks the parties for knowledge questions for an agenda before a deadline.',
})
export class TopicCall extends SourcedEntity {
  @Index()
  @Column({ type: 'uuid' })
  agendaId!: string;

  @ManyToOne('ResearchAgenda', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agenda_id' })
  agenda?: unknown;

  /** The working version the chosen questions go to and the shared scores belong to. */
  @Index()
  @Column({ type: 'uuid' })
  agendaVersionId!: string;

  @ManyToOne('ResearchAgendaVersion', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agenda_version_id' })
  agendaVersion?: unknown;

  @Index()
  @Column({ type: 'uuid' })
  coordinatorPartyId!: string;

  @ManyToOne('Party', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'coordinator_party_id' })
  coordinatorParty?: unknown;

  @Field({ description: 'Title of the call (titel uitvraag).' })
  @Column({ type: 'text' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'What the coordinator asks for (toelichting).' })
  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Field(() => Date, { description: 'When the call opened (opent).' })
  @Column({ type: 'timestamptz' })
  opensAt!: Date;

  @Field(() => Date, { description: 'Deadline for submissions (sluitingsdatum).' })
  @Column({ type: 'timestamptz' })
  closesAt!: Date;

  @Field(() => [PartyKind], { description: 'Kinds of party invited (uitgenodigde soorten partijen).' })
  @Column({ type: 'enum', enum: PartyKind, enumName: 'party_kind', array: true, default: '{}' })
  invitedPartyKinds!: PartyKind[];

  @Field({ description: 'True when every IZA party is invited (alle IZA-partijen).' })
  @Column({ type: 'boolean', default: false })
  invitesEveryIzaParty!: boolean;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  openedByUserId!: string | null;

  @ManyToOne('User', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'opened_by_user_id' })
  openedByUser?: unknown;
}

/** The parties a topic call invites, resolved when it opens. */
@Entity()
export class TopicCallParty {
  @PrimaryColumn({ type: 'uuid' })
  callId!: string;

  @ManyToOne('TopicCall', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'call_id' })
  call?: unknown;

  @Index()
  @PrimaryColumn({ type: 'uuid' })
  partyId!: string;

  @ManyToOne('Party', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'party_id' })
  party?: unknown;
}

/**
 * A question a party submitted to a call: its origin (herkomst) stays with the question. Each party submits
 * for itself, so one party's unplaced submission neither blocks nor reveals another's of the same question.
 */
@Entity()
@Unique('topic_call_submission_call_question_party', ['callId', 'questionId', 'partyId'])
@ObjectType({
  implements: Node,
  description:
    'A knowledge question submitted to a topic call (inzending op een uitvraag): where the question came from, and whether it was placed on the agenda.',
})
export class TopicCallSubmission extends BaseEntity {
  @Index()
  @Column({ type: 'uuid' })
  callId!: string;

  @ManyToOne('TopicCall', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'call_id' })
  call?: unknown;

  @Index()
  @Column({ type: 'uuid' })
  questionId!: string;

  @ManyToOne('KnowledgeQuestion', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'question_id' })
  question?: unknown;

  @Index()
  @Column({ type: 'uuid' })
  partyId!: string;

  @ManyToOne('Party', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'party_id' })
  party?: unknown;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  submittedByUserId!: string | null;

  @ManyToOne('User', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'submitted_by_user_id' })
  submittedByUser?: unknown;

  @Field(() => String, { nullable: true, description: 'Why the party submits it (motivering).' })
  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When the coordinator placed it on the agenda’s draft (geplaatst); null when not (yet) chosen.',
  })
  @Column({ type: 'timestamptz', nullable: true })
  placedAt!: Date | null;
}

/** One party's scores of an agenda version's questions (gezamenlijke prioritering), editable until close. */
@Entity()
@Unique('priority_scorecard_version_party', ['agendaVersionId', 'partyId'])
@ObjectType({
  implements: Node,
  description:
    'A party’s scorecard (scorekaart) for the questions of an agenda version, on the prioritisation criteria (gezamenlijke prioritering).',
})
export class PriorityScorecard extends BaseEntity {
  @Index()
  @Column({ type: 'uuid' })
  agendaVersionId!: string;

  @ManyToOne('ResearchAgendaVersion', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agenda_version_id' })
  agendaVersion?: unknown;

  @Index()
  @Column({ type: 'uuid' })
  partyId!: string;

  @ManyToOne('Party', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'party_id' })
  party?: unknown;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  submittedByUserId!: string | null;

  @ManyToOne('User', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'submitted_by_user_id' })
  submittedByUser?: unknown;

  @Field(() => Int, { description: 'Optimistic-concurrency version; send it back with every change.' })
  @Column({ type: 'int', default: 1 })
  version!: number;
}

/** One score (0–5) on one criterion for one question on a scorecard. */
@Entity()
@Check('priority_score_range', 'score BETWEEN 0 AND 5')
export class PriorityScore {
  @PrimaryColumn({ type: 'uuid' })
  scorecardId!: string;

  @ManyToOne('PriorityScorecard', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'scorecard_id' })
  scorecard?: unknown;

  @Index()
  @PrimaryColumn({ type: 'uuid' })
  questionId!: string;

  @ManyToOne('KnowledgeQuestion', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'question_id' })
  question?: unknown;

  @Index()
  @PrimaryColumn({ type: 'uuid' })
  criterionId!: string;

  @ManyToOne('PrioritisationCriterion', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'criterion_id' })
  criterion?: unknown;

  @Column({ type: 'int' })
  score!: number;
}

/** What an adopted version's priority rested on: the aggregate and who took part, kept at adoption. */
@Entity()
export class PrioritisationRecord {
  @PrimaryColumn({ type: 'uuid' })
  agendaVersionId!: string;

  @ManyToOne('ResearchAgendaVersion', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agenda_version_id' })
  agendaVersion?: unknown;

  @Column({ type: 'timestamptz' })
  recordedAt!: Date;

  /** The ranking as computed at adoption (SharedPriority rows). */
  @Column({ type: 'jsonb' })
  ranking!: unknown;

  @Column({ type: 'uuid', array: true })
  participantPartyIds!: string[];
}
