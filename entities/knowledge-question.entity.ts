import { Field, Int, ObjectType } from 'type-graphql';
import { Check, Column, Entity, Index, JoinColumn, JoinTable, ManyToMany, ManyToOne, Unique } from 'typeorm';
import { QuestionOriginKind } from './package-cycle.enums';
import type { PackageAssessment } from './package-assessment.entity';
import type { Recommendation } from './recommendation.entity';
import type { Guideline } from './guideline.entity';
import { BaseEntity, Node, SourcedEntity } from './base.entity';
import type { Intervention } from './intervention.entity';
import type { PackageCriterion } from './package-criterion.entity';
import type { Party } from './party.entity';
import { QuestionDirection, QuestionStatus } from './research.enums';
import type { Sector } from './sector.entity';

/**
 * Search columns, kept by a trigger from the title and PICO fields (migration ResearchAgendas): a Dutch
 * tsvector without accents (title weighted A) and the lower-case unaccented text for trigrams. Both have
 * a GIN index created by hand, mirrored below so the schema drift check knows them. The words of the
 * vectors are counted in knowledge_question_term for duplicate search (migration QuestionSearchTerms).
 */
export const QUESTION_TSV_SQL = (alias: string) => `${alias}.search_vector`;
export const QUESTION_TEXT_SQL = (alias: string) => `${alias}.search_text`;

@Entity()
@Index('knowledge_question_search', { synchronize: false })
@Index('knowledge_question_trigram', { synchronize: false })
@ObjectType({
  implements: [Node, SourcedEntity],
  description:
    'A knowledge question (kennisvraag / kennislacune), PICO-shaped, whose answer decides package or guideline content.',
})
export class KnowledgeQuestion extends SourcedEntity {
  @Field({ description: 'The question (titel), in the language of its source.' })
  @Column({ type: 'text' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'PICO P: population or indication (populatie).' })
  @Column({ type: 'text', nullable: true })
  population!: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'PICO I as written (interventie): the care the question is about; see `intervention` for the shared key.',
  })
  @Column({ type: 'text', nullable: true })
  interventionText!: string | null;

  @Field(() => String, { nullable: true, description: 'PICO C: what it is compared with (vergelijking).' })
  @Column({ type: 'text', nullable: true })
  comparison!: string | null;

  @Field(() => String, { nullable: true, description: 'PICO O: the outcome that matters (uitkomst).' })
  @Column({ type: 'text', nullable: true })
  outcome!: string | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  interventionId!: string | null;

  @ManyToOne('Intervention', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'intervention_id' })
  intervention?: Intervention | null;

  @Field(() => QuestionDirection, {
    nullable: true,
    description: 'In-, uitstroom or behoud; null for methodology questions where no direction applies.',
  })
  @Column({ type: 'enum', enum: QuestionDirection, enumName: 'question_direction', nullable: true })
  direction!: QuestionDirection | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  proposedByPartyId!: string | null;

  @ManyToOne('Party', { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'proposed_by_party_id' })
  proposedByParty?: Party | null;

  @Field(() => QuestionStatus, { description: 'Where the question is in its life cycle (status).' })
  @Column({ type: 'enum', enum: QuestionStatus, enumName: 'question_status', default: QuestionStatus.PROPOSED })
  status!: QuestionStatus;

  @Field(() => String, { nullable: true, description: 'Why the question has its status (e.g. what the source says).' })
  @Column({ type: 'text', nullable: true })
  statusNote!: string | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  mergedIntoId!: string | null;

  @ManyToOne('KnowledgeQuestion', { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'merged_into_id' })
  mergedInto?: KnowledgeQuestion | null;

  @Field({
    description:
      'Mogelijk beantwoord: a linked research project was completed; the coordinator confirms by moving the question to ANSWERED.',
  })
  @Column({ type: 'boolean', default: false })
  possiblyAnswered!: boolean;

  @Field(() => Int, {
    description: 'Computed priority total (prioriteitsscore): the sum of score × weight over the scored criteria.',
  })
  @Column({ type: 'int', default: 0 })
  priorityTotal!: number;

  @Field(() => String, { nullable: true, description: 'Editorial note (toelichting, English).' })
  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Field(() => Date, { description: 'When the question was proposed (or seeded).' })
  get proposedAt(): Date {
    return this.createdAt;
  }

  @Field(() => Int, { description: 'Optimistic-concurrency version; send it back with a change.' })
  @Column({ type: 'int', default: 1 })
  version!: number;

  /** Where it comes from (herkomst); read as `origin`. */
  @Column({
    type: 'enum',
    enum: QuestionOriginKind,
    enumName: 'question_origin_kind',
    default: QuestionOriginKind.FREE_PROPOSAL,
  })
  originKind!: QuestionOriginKind;

  /** For RECOMMENDATION_GAP: the recommendation whose knowledge gap it is. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  originRecommendationId!: string | null;

  @ManyToOne('Recommendation', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'origin_recommendation_id' })
  originRecommendation?: Recommendation | null;

  /**
   * For RECOMMENDATION_GAP: the recommendation's guideline, kept when the recommendation is removed so
   * that a removed recommendation can be told from one the viewer may not read.
   */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  originGuidelineId!: string | null;

  @ManyToOne('Guideline', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'origin_guideline_id' })
  originGuideline?: Guideline | null;

  /** For ASSESSMENT: the assessment that left it open. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  originAssessmentId!: string | null;

  @ManyToOne('PackageAssessment', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'origin_assessment_id' })
  originAssessment?: PackageAssessment | null;

  /** For TOPIC_CALL: the topic call submission (inzending op een uitvraag) that first brought it in. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  originTopicCallId!: string | null;

  @ManyToOne('TopicCallSubmission', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'origin_topic_call_id' })
  originTopicCall?: unknown;

  @Column({ type: 'tsvector', nullable: true, select: false, insert: false, update: false })
  searchVector?: string | null;

  @Column({ type: 'text', nullable: true, select: false, insert: false, update: false })
  searchText?: string | null;

  @ManyToMany('Sector')
  @JoinTable({
    name: 'knowledge_question_sector',
    joinColumn: { name: 'question_id' },
    inverseJoinColumn: { name: 'sector_id' },
  })
  sectors?: Sector[];

  @ManyToMany('PackageCriterion')
  @JoinTable({
    name: 'knowledge_question_criterion',
    joinColumn: { name: 'question_id' },
    inverseJoinColumn: { name: 'criterion_id' },
  })
  criteria?: PackageCriterion[];
}

@Entity()
@ObjectType({
  implements: [Node, SourcedEntity],
  description:
    'A prioritisation criterion (prioriteringscriterium) a coordinator scores questions on, e.g. impact on patients or on workforce (arbeidsinzet).',
})
export class PrioritisationCriterion extends SourcedEntity {
  @Field({ description: 'Dutch name (naam).' })
  @Column({ type: 'text' })
  nameNl!: string;

  @Field({ description: 'English name.' })
  @Column({ type: 'text' })
  nameEn!: string;

  @Field(() => String, { nullable: true, description: 'What a high score means (English).' })
  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Field(() => Int, { description: 'Weight (gewicht) of this criterion in the priority total.' })
  @Column({ type: 'int', default: 1 })
  weight!: number;

  @Field(() => Int, { description: 'Display order (volgorde).' })
  @Column({ type: 'int', default: 0 })
  position!: number;
}

/** One coordinator's score of one question on one criterion. */
@Entity()
@Unique('question_score_question_criterion', ['questionId', 'criterionId'])
@Check('question_score_range', 'score BETWEEN 0 AND 5')
@ObjectType({ implements: Node, description: 'A priority score (prioriteitsscore) of a question on one criterion.' })
export class QuestionScore extends BaseEntity {
  @Index()
  @Column({ type: 'uuid' })
  questionId!: string;

  @ManyToOne('KnowledgeQuestion', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'question_id' })
  question?: KnowledgeQuestion;

  @Index()
  @Column({ type: 'uuid' })
  criterionId!: string;

  @ManyToOne('PrioritisationCriterion', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'criterion_id' })
  criterion?: PrioritisationCriterion;

  @Field(() => Int, { description: 'Score from 0 (none) to 5 (very high).' })
  @Column({ type: 'int' })
  score!: number;

  @Field(() => String, { nullable: true, description: 'Why this score (motivering).' })
  @Column({ type: 'text', nullable: true })
  rationale!: string | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  scoredByPartyId!: string | null;

  @ManyToOne('Party', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'scored_by_party_id' })
  scoredByParty?: Party | null;
}
