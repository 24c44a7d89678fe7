import {
  ArrayMaxSize,
  ArrayMinSize,
  IsInt,
  IsOptional,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { ContributionType, ResponseKind } from '../../entities/consultation.enums';
import { PartyKind } from '../../entities/party-kind.enum';
import { NotBlank } from './not-blank';

@InputType({ description: 'Opens a consultation round (consultatie) on a draft.' })
export class OpenConsultationRoundInput {
  @Field(() => ID, {
    description:
      'The draft consulted on: the id of a ResearchAgendaVersion (DRAFT or CONSULTATION), of an unpublished PackageAssessment, or of a Guideline in development or revision.',
  })
  targetId!: string;

  @Field({ description: 'The question put to the consulted parties (consultatievraag).' })
  @Length(1, 4000)
  @NotBlank()
  question!: string;

  @Field(() => Date, { nullable: true, description: 'When the round opens (default now).' })
  opensAt?: Date | null;

  @Field(() => Date, { description: 'When it closes; after `opensAt`, at most a year ahead.' })
  closesAt!: Date;

  @Field(() => [PartyKind], {
    nullable: true,
    description: 'Kinds of party invited. With `invitedPartyIds` both count; neither: every IZA party.',
  })
  @IsOptional()
  @ArrayMaxSize(12)
  invitedPartyKinds?: PartyKind[] | null;

  @Field(() => [ID], { nullable: true, description: 'Parties invited by name.' })
  @IsOptional()
  @ArrayMaxSize(200)
  invitedPartyIds?: string[] | null;
}

@InputType({ description: 'A consultation round and the version you last read.' })
export class ConsultationRoundRefInput {
  @Field(() => ID, { description: 'The round.' })
  roundId!: string;

  @Field(() => Int, { description: 'The round’s `version` you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;
}

@InputType({ description: 'A contribution (inbreng) to an open round, for your party.' })
export class AddContributionInput {
  @Field(() => ID, { description: 'The round.' })
  roundId!: string;

  @Field(() => ContributionType, { description: 'Kind of contribution.' })
  type!: ContributionType;

  @Field({ description: 'The contribution.' })
  @Length(1, 10000)
  @NotBlank()
  text!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Reference (bronvermelding); required for EVIDENCE. Omit it or send null for none, not blank text.',
  })
  @IsOptional()
  @MaxLength(2000)
  @NotBlank()
  reference?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'The part it is about: an AgendaItem of the consulted version, a Recommendation of the guideline, or an AssessmentCriterionVerdict of the assessment.',
  })
  anchorId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The party you contribute for, when you are a member of several invited parties.',
  })
  partyId?: string | null;
}

@InputType({ description: 'Changes your party’s contribution while the round is open.' })
export class UpdateContributionInput {
  @Field(() => ID, { description: 'The contribution.' })
  contributionId!: string;

  @Field(() => Int, { description: 'The `version` you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;

  @Field(() => String, { nullable: true, description: 'New text.' })
  @IsOptional()
  @Length(1, 10000)
  @NotBlank()
  text?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'New reference; null removes it (refused for EVIDENCE, which needs one), blank text is refused.',
  })
  @IsOptional()
  @MaxLength(2000)
  @NotBlank()
  reference?: string | null;
}

@InputType({ description: 'A contribution and the version you last read.' })
export class ContributionRefInput {
  @Field(() => ID, { description: 'The contribution.' })
  contributionId!: string;

  @Field(() => Int, { description: 'The `version` you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;
}

@InputType({ description: 'The owner’s response (reactie) to a contribution.' })
export class RespondToContributionInput {
  @Field(() => ID, { description: 'The contribution.' })
  contributionId!: string;

  @Field(() => Int, { description: 'The `version` you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;

  @Field(() => ResponseKind, { description: 'Accepted, partly accepted, not accepted or noted.' })
  response!: ResponseKind;

  @Field({ description: 'Why (motivering).' })
  @Length(1, 10000)
  @NotBlank()
  reasoning!: string;

  @Field(() => String, { nullable: true, description: 'What changed in the target because of it (wat is aangepast).' })
  @IsOptional()
  @MaxLength(10000)
  change?: string | null;
}

@InputType({ description: 'Opens a topic call (uitvraag) for an agenda you coordinate.' })
export class OpenTopicCallInput {
  @Field(() => ID, { description: 'The agenda; chosen questions go to its working (draft) version.' })
  agendaId!: string;

  @Field({ description: 'Title of the call.' })
  @Length(1, 500)
  @NotBlank()
  title!: string;

  @Field(() => String, { nullable: true, description: 'What you ask for (toelichting).' })
  @IsOptional()
  @MaxLength(10000)
  description?: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Deadline for submissions (sluitingsdatum), at most a year ahead; default six weeks from now.',
  })
  closesAt?: Date | null;

  @Field(() => [PartyKind], { nullable: true, description: 'Kinds of party invited; none named: every IZA party.' })
  @IsOptional()
  @ArrayMaxSize(12)
  invitedPartyKinds?: PartyKind[] | null;

  @Field(() => [ID], { nullable: true, description: 'Parties invited by name.' })
  @IsOptional()
  @ArrayMaxSize(200)
  invitedPartyIds?: string[] | null;
}

@InputType({ description: 'One score (0–5) of a question on a prioritisation criterion.' })
export class PriorityScoreInput {
  @Field(() => ID, { description: 'The question.' })
  questionId!: string;

  @Field(() => ID, { description: 'The prioritisation criterion.' })
  criterionId!: string;

  @Field(() => Int, { description: 'Score from 0 to 5.' })
  @IsInt()
  @Min(0)
  @Max(5)
  score!: number;
}

@InputType({
  description: 'Submits a knowledge question to a topic call for your party (search for duplicates first).',
})
export class SubmitToTopicCallInput {
  @Field(() => ID, { description: 'The call.' })
  callId!: string;

  @Field(() => ID, { description: 'The question: one you proposed, or an existing one your party supports.' })
  questionId!: string;

  @Field(() => String, { nullable: true, description: 'Why your party submits it (motivering).' })
  @IsOptional()
  @MaxLength(4000)
  note?: string | null;

  @Field(() => [PriorityScoreInput], {
    nullable: true,
    description: 'Your party’s first scores of this question; they go to your scorecard for the agenda version.',
  })
  @IsOptional()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  scores?: PriorityScoreInput[] | null;

  @Field(() => ID, { nullable: true, description: 'The party you submit for, when you are a member of several.' })
  partyId?: string | null;
}

@InputType({
  description: 'Places a submitted question on the agenda’s draft version (coordinator, after the deadline).',
})
export class PlaceTopicCallSubmissionInput {
  @Field(() => ID, { description: 'The submission.' })
  submissionId!: string;

  @Field(() => Int, { nullable: true, description: 'Rank on the draft (default: last).' })
  @IsOptional()
  @Min(1)
  rank?: number | null;

  @Field(() => String, { nullable: true, description: 'Why it is on the agenda (motivering).' })
  @IsOptional()
  @MaxLength(2000)
  rationale?: string | null;
}

@InputType({
  description: 'Your party’s scorecard for an agenda version you are consulted on; replaces the previous one.',
})
export class SubmitPriorityScorecardInput {
  @Field(() => ID, { description: 'The agenda version.' })
  agendaVersionId!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'The scorecard’s `version` you last read; omit for your party’s first scorecard.',
  })
  @IsOptional()
  @Min(1)
  version?: number | null;

  @Field(() => [PriorityScoreInput], { description: 'Every score of the scorecard (at most 500).' })
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  scores!: PriorityScoreInput[];

  @Field(() => ID, { nullable: true, description: 'The party you score for, when you are a member of several.' })
  partyId?: string | null;
}
