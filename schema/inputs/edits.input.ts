import { ArrayMaxSize, IsOptional, Length, MaxLength, Min, ValidateNested } from 'class-validator';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { FuzzyDateInput } from '../../entities/fuzzy-date';
import { TrajectoryPhase } from '../../entities/synergy.enums';
import { NotBlank } from './not-blank';

@InputType({ description: 'Changes to a research agenda (kennisagenda); omitted fields stay as they are.' })
export class UpdateResearchAgendaInput {
  @Field(() => ID, { description: 'The agenda.' })
  agendaId!: string;

  @Field(() => Int, { description: 'The version you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;

  @Field(() => String, { nullable: true, description: 'Title (titel); by the coordinating (or owning) party.' })
  @IsOptional()
  @Length(1, 500)
  @NotBlank()
  title?: string | null;

  @Field(() => FuzzyDateInput, {
    nullable: true,
    description: 'The period it covers (looptijd), e.g. 2026–2028; by the coordinating (or owning) party.',
  })
  @IsOptional()
  @ValidateNested()
  period?: FuzzyDateInput | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The coordinating party (regievoerder); only VWS and operators (ASSIGN_AGENDA_COORDINATORS).',
  })
  coordinatorPartyId?: string | null;
}

@InputType({ description: 'New text of a knowledge question (kennisvraag) that has not been prioritised yet.' })
export class UpdateKnowledgeQuestionInput {
  @Field(() => ID, { description: 'The question.' })
  id!: string;

  @Field(() => Int, { description: 'The version you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;

  @Field(() => String, { nullable: true, description: 'The question (vraag).' })
  @IsOptional()
  @Length(10, 500)
  @NotBlank(10)
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'PICO P: population (populatie); empty clears it.' })
  @IsOptional()
  @MaxLength(2000)
  population?: string | null;

  @Field(() => String, { nullable: true, description: 'PICO I: the intervention as written (interventie).' })
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
}

@InputType({ description: 'Fields of a synergy trajectory (synergietraject); lists replace what was there.' })
export class SynergyTrajectoryFieldsInput {
  @Field(() => TrajectoryPhase, {
    nullable: true,
    description: 'Phase (fase); it only moves on (phases may be skipped).',
  })
  phase?: TrajectoryPhase | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'The day the phase is known for (peildatum).' })
  phaseAsOf?: string | null;

  @Field(() => [ID], { nullable: true, description: 'The parties in it (deelnemende partijen).' })
  @IsOptional()
  @ArrayMaxSize(50)
  partyIds?: string[] | null;

  @Field(() => [String], {
    nullable: true,
    description: 'Keys of its deliverables (opleverpunten); each must be an existing deliverable’s key.',
  })
  @IsOptional()
  @ArrayMaxSize(100)
  @MaxLength(200, { each: true })
  deliverableKeys?: string[] | null;

  @Field(() => String, { nullable: true, description: 'Editorial note (toelichting).' })
  @IsOptional()
  @MaxLength(4000)
  note?: string | null;
}

@InputType({ description: 'A new synergy trajectory (synergietraject), by Zorginstituut or a partner association.' })
export class CreateSynergyTrajectoryInput extends SynergyTrajectoryFieldsInput {
  @Field({ description: 'Name (naam).' })
  @Length(1, 500)
  @NotBlank()
  name!: string;

  @Field(() => ID, { nullable: true, description: 'The sector; none for a track across sectors.' })
  sectorId?: string | null;
}

@InputType({ description: 'Changes to a synergy trajectory; omitted fields stay as they are.' })
export class UpdateSynergyTrajectoryInput extends SynergyTrajectoryFieldsInput {
  @Field(() => ID, { description: 'The trajectory.' })
  id!: string;

  @Field(() => Int, { description: 'The version you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;

  @Field(() => String, { nullable: true, description: 'Name (naam).' })
  @IsOptional()
  @Length(1, 500)
  @NotBlank()
  name?: string | null;
}

@InputType({ description: 'Reopens a reached milestone (mijlpaal heropenen).' })
export class ReopenMilestoneInput {
  @Field(() => ID, { description: 'The milestone.' })
  id!: string;

  @Field(() => Int, { description: 'The version you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;

  @Field({ description: 'Why it is reopened (reden).' })
  @Length(1, 2000)
  @NotBlank()
  reason!: string;
}
