import { IsOptional, Length, MaxLength, Min, ValidateNested } from 'class-validator';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { FuzzyDateInput } from '../../entities/fuzzy-date';
import { AssessmentStage, ConditionState, QuestionOriginKind } from '../../entities/package-cycle.enums';
import { NotBlank } from './not-blank';

@InputType({ description: 'Moves an assessment to another stage of the package cycle (faseovergang).' })
export class MoveAssessmentStageInput {
  @Field(() => ID, { description: 'The assessment.' })
  id!: string;

  @Field(() => Int, { description: 'The version you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;

  @Field(() => AssessmentStage, { description: 'The next stage; only allowed transitions (fase).' })
  stage!: AssessmentStage;

  @Field(() => String, { nullable: true, description: 'Why (toelichting).' })
  @IsOptional()
  @MaxLength(2000)
  note?: string | null;
}

@InputType({ description: 'A new condition (voorwaarde) on an assessment.' })
export class AddAssessmentConditionInput {
  @Field(() => ID, { description: 'The assessment.' })
  assessmentId!: string;

  @Field({ description: 'What must be done (voorwaarde).' })
  @Length(1, 4000)
  @NotBlank()
  text!: string;

  @Field(() => ID, { nullable: true, description: 'The party that must meet it (eigenaar).' })
  ownerPartyId?: string | null;

  @Field(() => FuzzyDateInput, { nullable: true, description: 'Due date as a span (wins over `dueLabel`).' })
  @IsOptional()
  @ValidateNested()
  due?: FuzzyDateInput | null;

  @Field(() => String, { nullable: true, description: 'Due date as words (“Q4 2027”, “eind 2026”).' })
  @IsOptional()
  @MaxLength(200)
  dueLabel?: string | null;
}

@InputType({
  description:
    'Changes to a condition (voorwaarde); omitted fields stay as they are. The owning party may send `evidence` alone, while the condition is OPEN.',
})
export class UpdateAssessmentConditionInput {
  @Field(() => ID, { description: 'The condition.' })
  id!: string;

  @Field(() => Int, { description: 'The version you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;

  @Field(() => ConditionState, { nullable: true, description: 'New state (stand); only allowed transitions.' })
  state?: ConditionState | null;

  @Field(() => String, { nullable: true, description: 'Evidence (onderbouwing).' })
  @IsOptional()
  @MaxLength(4000)
  evidence?: string | null;

  @Field(() => String, { nullable: true, description: 'What must be done (voorwaarde).' })
  @IsOptional()
  @Length(1, 4000)
  @NotBlank()
  text?: string | null;

  @Field(() => FuzzyDateInput, {
    nullable: true,
    description: 'Due date as a span (wins over `dueLabel`); null, with no `dueLabel`, clears the due date.',
  })
  @IsOptional()
  @ValidateNested()
  due?: FuzzyDateInput | null;

  @Field(() => String, {
    nullable: true,
    description: 'Due date as words; null, with no `due`, clears the due date.',
  })
  @IsOptional()
  @MaxLength(200)
  dueLabel?: string | null;
}

@InputType({
  description: 'Sets the conditional admission (voorwaardelijke toelating, vergoeding in onderzoek) of an assessment.',
})
export class SetConditionalAdmissionInput {
  @Field(() => ID, { description: 'The assessment; its outcome must be CONDITIONAL_ADMISSION.' })
  id!: string;

  @Field(() => Int, { description: 'The version you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;

  @Field(() => LocalDateResolver, { description: 'First day covered (start).' })
  start!: string;

  @Field(() => LocalDateResolver, { description: 'Last day covered (einde); on or after `start`.' })
  end!: string;

  @Field(() => ID, { nullable: true, description: 'The research project that must deliver (onderzoek).' })
  researchProjectId?: string | null;
}

@InputType({ description: 'Starts a re-assessment (herbeoordeling) of an assessment as a new assessment.' })
export class ReassessPackageAssessmentInput {
  @Field(() => ID, { description: 'The assessment to re-assess.' })
  id!: string;

  @Field(() => Int, { description: 'The version you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;

  @Field({ description: 'Title of the re-assessment (titel).' })
  @Length(1, 500)
  @NotBlank()
  title!: string;
}

@InputType({ description: 'An evaluation (evaluatie) of a decision in practice.' })
export class AddAssessmentEvaluationInput {
  @Field(() => ID, { description: 'The assessment.' })
  assessmentId!: string;

  @Field(() => LocalDateResolver, { description: 'When it was evaluated (evaluatiedatum).' })
  evaluatedOn!: string;

  @Field({ description: 'What was found (bevindingen).' })
  @Length(1, 8000)
  @NotBlank()
  findings!: string;
}

@InputType({
  description:
    'Where a new knowledge question comes from (herkomst); default a free proposal. TOPIC_CALL is set by submitting the question to a call (submitToTopicCall).',
})
export class QuestionOriginInput {
  @Field(() => QuestionOriginKind, { description: 'Kind of origin (soort herkomst).' })
  kind!: QuestionOriginKind;

  @Field(() => ID, {
    nullable: true,
    description: 'For RECOMMENDATION_GAP: the recommendation (aanbeveling) whose knowledge gap it is.',
  })
  recommendationId?: string | null;

  @Field(() => ID, { nullable: true, description: 'For ASSESSMENT: the package assessment that left it open.' })
  assessmentId?: string | null;
}
