import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { BaseEntity, Node, SourcedEntity } from './base.entity';
import { FuzzyDate } from './fuzzy-date';
import { AssessmentStage } from './package-cycle.enums';
import type { ResearchProject } from './research-project.entity';
import type { Intervention } from './intervention.entity';
import type { PackageCriterion } from './package-criterion.entity';
import type { Party } from './party.entity';
import type { Sector } from './sector.entity';
import { AssessmentKind, AssessmentOutcome, CriterionVerdict } from './synergy.enums';

@Entity()
@ObjectType({
  implements: [Node, SourcedEntity],
  description:
    'A package assessment (pakketbeoordeling: standpunt, pakketadvies or duiding) on whether an intervention for an indication is insured.',
})
export class PackageAssessment extends SourcedEntity {
  @Field({ description: 'Title (titel), in the language of the source.' })
  @Column({ type: 'text' })
  title!: string;

  @Field(() => AssessmentKind, { description: 'Standpunt, pakketadvies or duiding.' })
  @Column({ type: 'enum', enum: AssessmentKind, enumName: 'assessment_kind' })
  kind!: AssessmentKind;

  @Index()
  @Column({ type: 'uuid' })
  assessorPartyId!: string;

  @ManyToOne('Party', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assessor_party_id' })
  assessorParty?: Party;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  interventionId!: string | null;

  @ManyToOne('Intervention', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'intervention_id' })
  intervention?: Intervention | null;

  @Field(() => String, { nullable: true, description: 'Indication (indicatie) the assessment is about.' })
  @Column({ type: 'text', nullable: true })
  indication!: string | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  sectorId!: string | null;

  @ManyToOne('Sector', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'sector_id' })
  sector?: Sector | null;

  @Field(() => AssessmentOutcome, {
    nullable: true,
    description: 'Outcome (uitkomst); null when the documents do not state it.',
  })
  @Index()
  @Column({ type: 'enum', enum: AssessmentOutcome, enumName: 'assessment_outcome', nullable: true })
  outcome!: AssessmentOutcome | null;

  @Field(() => String, { nullable: true, description: 'Conditions (voorwaarden) attached to coverage.' })
  @Column({ type: 'text', nullable: true })
  conditions!: string | null;

  @Column(() => FuzzyDate, { prefix: 'decision_date' })
  decisionDate!: FuzzyDate;

  @Field(() => String, {
    nullable: true,
    description: 'Where the assessment is published (zorginstituutnederland.nl).',
  })
  @Column({ type: 'text', nullable: true })
  url!: string | null;

  @Field({ description: 'Published (gepubliceerd); drafts are visible to the assessing party, VWS and operators.' })
  @Column({ type: 'boolean', default: false })
  published!: boolean;

  @Field(() => String, { nullable: true, description: 'Editorial note: inferences and what the sources leave open.' })
  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Field(() => Int, { description: 'Optimistic-concurrency version; send it back with an update.' })
  @Column({ type: 'int', default: 1 })
  version!: number;

  @Field(() => AssessmentStage, { description: 'Stage in the package cycle (fase), see `stageHistory`.' })
  @Column({ type: 'enum', enum: AssessmentStage, enumName: 'assessment_stage', default: AssessmentStage.ASSESSMENT })
  stage!: AssessmentStage;

  /** The earlier assessment this one re-assesses (herbeoordeling van). */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  reassessmentOfId!: string | null;

  @ManyToOne('PackageAssessment', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'reassessment_of_id' })
  reassessmentOf?: PackageAssessment | null;

  /** Conditional admission (voorwaardelijke toelating, vergoeding in onderzoek): first day covered. */
  @Column({ type: 'date', nullable: true })
  admissionStart!: string | null;

  /** Last day of the conditional admission: by then the research must have delivered. */
  @Index()
  @Column({ type: 'date', nullable: true })
  admissionEnd!: string | null;

  /** The research project that must deliver the evidence. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  admissionProjectId!: string | null;

  @ManyToOne('ResearchProject', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'admission_project_id' })
  admissionProject?: ResearchProject | null;
}

@Entity()
@Unique('assessment_criterion_verdict_unique', ['assessmentId', 'criterionId'])
@ObjectType({
  implements: Node,
  description: 'The verdict of a package assessment on one package criterion (oordeel per pakketcriterium).',
})
export class AssessmentCriterionVerdict extends BaseEntity {
  @Index()
  @Column({ type: 'uuid' })
  assessmentId!: string;

  @ManyToOne('PackageAssessment', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'assessment_id' })
  assessment?: PackageAssessment;

  @Index()
  @Column({ type: 'uuid' })
  criterionId!: string;

  @ManyToOne('PackageCriterion', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'criterion_id' })
  criterion?: PackageCriterion;

  @Field(() => CriterionVerdict, { description: 'Voldoet, voldoet niet, gedeeltelijk, niet beoordeeld.' })
  @Column({ type: 'enum', enum: CriterionVerdict, enumName: 'criterion_verdict' })
  verdict!: CriterionVerdict;

  @Field(() => String, { nullable: true, description: 'Why (motivering).' })
  @Column({ type: 'text', nullable: true })
  explanation!: string | null;
}
