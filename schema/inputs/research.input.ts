import { QuestionOriginInput } from './package-cycle.input';
import {
  ArrayMaxSize,
  IsInt,
  IsOptional,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
  ArrayMinSize,
} from 'class-validator';
import { NotBlank } from './not-blank';
import { Field, Float, ID, InputType, Int } from 'type-graphql';
import { FuzzyDateInput } from '../../entities/fuzzy-date';
import {
  AgendaKind,
  AgendaStatus,
  ProjectStatus,
  QuestionDirection,
  QuestionStatus,
} from '../../entities/research.enums';

@InputType({ description: 'Narrows a list of research agendas (kennisagenda’s). All given conditions must hold.' })
export class ResearchAgendaFilter {
  @Field(() => [ID], { nullable: true, description: 'Only agendas of one of these sectors.' })
  @IsOptional()
  @ArrayMaxSize(50)
  sectorIds?: string[] | null;

  @Field(() => ID, {
    nullable: true,
    deprecationReason: 'Use sectorIds.',
    description: 'Only agendas of this sector.',
  })
  sectorId?: string | null;

  @Field(() => AgendaKind, { nullable: true, description: 'Only agendas of this kind.' })
  kind?: AgendaKind | null;

  @Field(() => AgendaStatus, {
    nullable: true,
    description: 'Only agendas that have a version in this status (ADOPTED: agendas with an adopted version).',
  })
  status?: AgendaStatus | null;
}

@InputType({ description: 'Narrows a list of knowledge questions (kennisvragen). All given conditions must hold.' })
export class KnowledgeQuestionFilter {
  @Field(() => [ID], { nullable: true, description: 'Only questions in at least one of these sectors.' })
  @IsOptional()
  @ArrayMaxSize(20)
  sectorIds?: string[] | null;

  @Field(() => [QuestionStatus], { nullable: true, description: 'Only questions in one of these statuses.' })
  @IsOptional()
  @ArrayMaxSize(10)
  status?: QuestionStatus[] | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Only questions that address this package criterion (pakketcriterium).',
  })
  criterionId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only questions proposed by this party.' })
  proposedByPartyId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only questions about this intervention (zorgvorm).' })
  interventionId?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Only questions flagged (true) or not flagged (false) “possibly answered”.',
  })
  possiblyAnswered?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Dutch words in the title or PICO fields: word forms (controle/controles), accents and small typing errors are tolerated.',
  })
  @IsOptional()
  @MaxLength(200)
  search?: string | null;
}

@InputType({ description: 'Starts a research agenda with an empty first draft version.' })
export class CreateResearchAgendaInput {
  @Field({ description: 'Title (titel).' })
  @Length(3, 300)
  @NotBlank(3)
  title!: string;

  @Field(() => AgendaKind, { description: 'Kind of agenda.' })
  kind!: AgendaKind;

  @Field(() => ID, {
    nullable: true,
    description: 'The sector; required for SECTOR_MULTIYEAR, absent for CROSS_SECTOR.',
  })
  sectorId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Owning party; for an association knowledge agenda, the association itself.',
  })
  ownerPartyId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'Coordinating party (Zorginstituut, or ZE&GG for msz); defaults to the owner of an association agenda.',
  })
  coordinatorPartyId?: string | null;

  @Field(() => FuzzyDateInput, { nullable: true, description: 'The period the agenda covers, e.g. 2026-2028.' })
  @IsOptional()
  @ValidateNested()
  period?: FuzzyDateInput | null;

  @Field(() => String, { nullable: true, description: 'Editorial note.' })
  @IsOptional()
  @MaxLength(4000)
  note?: string | null;
}

@InputType({ description: 'Identifies an agenda and the version of it you last read.' })
export class AgendaRefInput {
  @Field(() => ID, { description: 'The agenda.' })
  agendaId!: string;

  @Field(() => Int, { description: 'The agenda’s `version` you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;
}

@InputType({ description: 'Places a question on an agenda (in its working version; an adopted one gets a new draft).' })
export class AddQuestionToAgendaInput extends AgendaRefInput {
  @Field(() => ID, { description: 'The knowledge question.' })
  questionId!: string;

  @Field(() => Int, { nullable: true, description: 'Rank to insert at (1 = top); default: at the end.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  rank?: number | null;

  @Field(() => String, { nullable: true, description: 'Why it is on this agenda (motivering).' })
  @IsOptional()
  @MaxLength(4000)
  rationale?: string | null;
}

@InputType({ description: 'Takes a question off an agenda (off its working version).' })
export class RemoveQuestionFromAgendaInput extends AgendaRefInput {
  @Field(() => ID, { description: 'The knowledge question.' })
  questionId!: string;
}

@InputType({ description: 'Sets the order of an agenda’s questions.' })
export class ReorderAgendaItemsInput extends AgendaRefInput {
  @Field(() => [ID], { description: 'Every question of the working version, in the new order (first = rank 1).' })
  @ArrayMaxSize(1000)
  questionIds!: string[];
}

@InputType({ description: 'Proposes a knowledge question (kennisvraag) on behalf of a party.' })
export class ProposeKnowledgeQuestionInput {
  @Field(() => ID, {
    nullable: true,
    description: 'The party proposing it (yours); may be left out when you propose for one party only.',
  })
  proposedByPartyId?: string | null;

  @Field({ description: 'The question.' })
  @Length(10, 500)
  @NotBlank(10)
  title!: string;

  @Field(() => String, { nullable: true, description: 'PICO P: population (populatie).' })
  @IsOptional()
  @MaxLength(2000)
  population?: string | null;

  @Field(() => String, { nullable: true, description: 'PICO I: the intervention as you would write it.' })
  @IsOptional()
  @MaxLength(2000)
  interventionText?: string | null;

  @Field(() => String, { nullable: true, description: 'PICO C: comparison (vergelijking).' })
  @IsOptional()
  @MaxLength(2000)
  comparison?: string | null;

  @Field(() => String, { nullable: true, description: 'PICO O: outcome (uitkomst).' })
  @IsOptional()
  @MaxLength(2000)
  outcome?: string | null;

  @Field(() => ID, { nullable: true, description: 'The intervention (zorgvorm) it is about, when it exists here.' })
  interventionId?: string | null;

  @Field(() => [ID], { description: 'Sectors it concerns (at least one).' })
  @ArrayMinSize(1)
  @ArrayMaxSize(12)
  sectorIds!: string[];

  @Field(() => [ID], { nullable: true, description: 'Package criteria (pakketcriteria) it addresses.' })
  @IsOptional()
  @ArrayMaxSize(12)
  criterionIds?: string[] | null;

  @Field(() => QuestionDirection, { nullable: true, description: 'In-, uitstroom or behoud.' })
  direction?: QuestionDirection | null;

  @Field(() => QuestionOriginInput, {
    nullable: true,
    description:
      'Where it comes from (herkomst): a recommendation’s knowledge gap, an assessment, a topic call; default a free proposal. A question from a recommendation or assessment takes over its intervention when none is given.',
  })
  @IsOptional()
  @ValidateNested()
  origin?: QuestionOriginInput | null;
}

@InputType({ description: 'One score of a question on a prioritisation criterion.' })
export class CriterionScoreInput {
  @Field(() => ID, { description: 'The prioritisation criterion.' })
  criterionId!: string;

  @Field(() => Int, { description: 'Score from 0 (none) to 5 (very high).' })
  @Min(0)
  @Max(5)
  score!: number;

  @Field(() => String, { nullable: true, description: 'Why (motivering).' })
  @IsOptional()
  @MaxLength(2000)
  rationale?: string | null;
}

@InputType({ description: 'Scores a question on prioritisation criteria; the priority total is recomputed.' })
export class ScoreKnowledgeQuestionInput {
  @Field(() => ID, { description: 'The question.' })
  questionId!: string;

  @Field(() => Int, { description: 'The question’s `version` you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;

  @Field(() => [CriterionScoreInput], { description: 'Scores to set; criteria not listed keep their score.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  scores!: CriterionScoreInput[];
}

@InputType({ description: 'Moves a question to its next status in the life cycle.' })
export class TransitionKnowledgeQuestionInput {
  @Field(() => ID, { description: 'The question.' })
  questionId!: string;

  @Field(() => Int, { description: 'The question’s `version` you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;

  @Field(() => QuestionStatus, { description: 'The new status; MERGED only through mergeKnowledgeQuestions.' })
  status!: QuestionStatus;

  @Field(() => String, { nullable: true, description: 'Why (toelichting).' })
  @IsOptional()
  @MaxLength(2000)
  note?: string | null;
}

@InputType({ description: 'Merges a duplicate question into the one that stays.' })
export class MergeKnowledgeQuestionsInput {
  @Field(() => ID, { description: 'The duplicate; it becomes MERGED and keeps its history.' })
  questionId!: string;

  @Field(() => Int, { description: 'The duplicate’s `version` you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;

  @Field(() => ID, {
    description: 'The question that stays (survivor); it takes over agenda places, sectors and criteria.',
  })
  intoQuestionId!: string;

  @Field(() => String, { nullable: true, description: 'Why (toelichting).' })
  @IsOptional()
  @MaxLength(2000)
  note?: string | null;
}

@InputType({ description: 'What to find possible duplicates of: an existing question or text being typed.' })
export class SimilarQuestionsInput {
  @Field(() => ID, { nullable: true, description: 'An existing question (give this or `text`).' })
  questionId?: string | null;

  @Field(() => String, { nullable: true, description: 'Text being typed (give this or `questionId`).' })
  @IsOptional()
  @MaxLength(2000)
  text?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'With `text`: the intervention the new question is about, to find questions on the same care.',
  })
  interventionId?: string | null;

  @Field(() => Int, { nullable: true, description: 'How many candidates (default 10, at most 50).' })
  @IsOptional()
  @Min(1)
  @Max(50)
  first?: number | null;

  @Field(() => Float, { nullable: true, description: 'Lowest score to return, 0–1 (default 0.3).' })
  @IsOptional()
  @Min(0)
  @Max(1)
  minScore?: number | null;
}

@InputType({ description: 'Registers a research project (onderzoeksproject) of a funder.' })
export class CreateResearchProjectInput {
  @Field({ description: 'Title.' })
  @Length(3, 500)
  @NotBlank(3)
  title!: string;

  @Field(() => ID, { description: 'The funding party (financier), e.g. ZonMw.' })
  funderPartyId!: string;

  @Field(() => ID, { nullable: true, description: 'The party that carries it out (uitvoerder).' })
  executingPartyId?: string | null;

  @Field(() => String, { nullable: true, description: 'Programme key, e.g. `kppz`.' })
  @IsOptional()
  @Length(1, 100)
  @NotBlank()
  programmeKey?: string | null;

  @Field(() => String, { nullable: true, description: 'Funding round (ronde).' })
  @IsOptional()
  @MaxLength(200)
  round?: string | null;

  @Field(() => FuzzyDateInput, { nullable: true, description: 'Start.' })
  @IsOptional()
  @ValidateNested()
  start?: FuzzyDateInput | null;

  @Field(() => FuzzyDateInput, { nullable: true, description: 'Planned end.' })
  @IsOptional()
  @ValidateNested()
  end?: FuzzyDateInput | null;

  @Field(() => [ID], { nullable: true, description: 'Knowledge questions it answers.' })
  @IsOptional()
  @ArrayMaxSize(100)
  questionIds?: string[] | null;
}

@InputType({ description: 'Changes a research project; COMPLETED flags its questions “possibly answered”.' })
export class UpdateResearchProjectInput {
  @Field(() => ID, { description: 'The project.' })
  id!: string;

  @Field(() => Int, { description: 'The `version` you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;

  @Field(() => ProjectStatus, {
    nullable: true,
    description: 'New status (PLANNED → RUNNING → COMPLETED, or CANCELLED).',
  })
  status?: ProjectStatus | null;

  @Field(() => String, { nullable: true, description: 'What the research found.' })
  @IsOptional()
  @MaxLength(8000)
  resultSummary?: string | null;

  @Field(() => ID, { nullable: true, description: 'The executing party.' })
  executingPartyId?: string | null;
}

@InputType({ description: 'Links or unlinks a project and a question it answers.' })
export class ProjectQuestionLinkInput {
  @Field(() => ID, { description: 'The project.' })
  projectId!: string;

  @Field(() => Int, { description: 'The project’s `version` you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;

  @Field(() => ID, { description: 'The knowledge question.' })
  questionId!: string;
}
