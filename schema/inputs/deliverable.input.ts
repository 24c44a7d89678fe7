import { OutputReachedAction } from '../../entities/artefact-ref';
import { TrajectoryPhase } from '../../entities/synergy.enums';
import { ArrayMaxSize, IsOptional, Length, MaxLength, Min, ValidateNested } from 'class-validator';
import { NotBlank } from './not-blank';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import {
  DateConfidence,
  DeliverableHealth,
  DeliverableKind,
  DeliverableStatus,
  OutputTargetType,
  WorkstreamKind,
} from '../../entities/deliverable.enums';
import { FuzzyDateInput } from '../../entities/fuzzy-date';
import { PartyKind } from '../../entities/party-kind.enum';

export enum DeliverableOrder {
  DUE_DATE_ASC = 'DUE_DATE_ASC',
  DUE_DATE_DESC = 'DUE_DATE_DESC',
  TITLE_ASC = 'TITLE_ASC',
}

registerEnumType(DeliverableOrder, {
  name: 'DeliverableOrder',
  description: 'How a list of deliverables (opleverpunten) is sorted.',
  valuesConfig: {
    DUE_DATE_ASC: { description: 'Latest due day first to come; undated last.' },
    DUE_DATE_DESC: { description: 'Latest due day last to come first; undated last.' },
    TITLE_ASC: { description: 'By title.' },
  },
});

export enum DashboardGroupBy {
  PROGRAMME = 'PROGRAMME',
  WORKSTREAM = 'WORKSTREAM',
  PARTY = 'PARTY',
  SECTOR = 'SECTOR',
}

registerEnumType(DashboardGroupBy, {
  name: 'DashboardGroupBy',
  description: 'What the deliverable dashboard (voortgangsoverzicht) rolls up by.',
  valuesConfig: {
    PROGRAMME: { description: 'Per programme (programma); deliverables without one form a group without programme.' },
    WORKSTREAM: { description: 'Per workstream (pijler, spoor, adviesonderwerp).' },
    PARTY: { description: 'Per owning party (eigenaar); a deliverable with two owners counts for both.' },
    SECTOR: { description: 'Per sector; a deliverable without sector forms a group without sector.' },
  },
});

@InputType({ description: 'Narrows a list of deliverables (opleverpunten). All given conditions must hold.' })
export class DeliverableFilter {
  @Field(() => [ID], { nullable: true, description: 'Only deliverables of one of these programmes.' })
  @IsOptional()
  @ArrayMaxSize(50)
  programmeIds?: string[] | null;

  @Field(() => ID, {
    nullable: true,
    deprecationReason: 'Use programmeIds.',
    description: 'Only deliverables of this programme.',
  })
  programmeId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only deliverables of this workstream.' })
  workstreamId?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description:
      'Only deliverables one of these parties owns (eigenaar): by name, as the lead, or as a party of an owning kind (what its dashboard group counts).',
  })
  @IsOptional()
  @ArrayMaxSize(50)
  ownerPartyIds?: string[] | null;

  @Field(() => ID, {
    nullable: true,
    deprecationReason: 'Use ownerPartyIds.',
    description: 'Only deliverables this party owns (eigenaar), as `ownerPartyIds` counts owning.',
  })
  ownerPartyId?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Only deliverables for at least one of these sectors.' })
  @IsOptional()
  @ArrayMaxSize(50)
  sectorIds?: string[] | null;

  @Field(() => ID, {
    nullable: true,
    deprecationReason: 'Use sectorIds.',
    description: 'Only deliverables for this sector.',
  })
  sectorId?: string | null;

  @Field(() => DeliverableKind, { nullable: true, description: 'Only deliverables, milestones or decisions.' })
  kind?: DeliverableKind | null;

  @Field(() => DeliverableStatus, { nullable: true, description: 'Only this status (on the `asOf` day).' })
  status?: DeliverableStatus | null;

  @Field(() => DeliverableHealth, { nullable: true, description: 'Only this computed health (on the `asOf` day).' })
  health?: DeliverableHealth | null;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'Only those due at the latest on or before this day.',
  })
  dueBefore?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Only those due at the latest on or after this day.' })
  dueAfter?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Only overdue (true) or not overdue (false) on the `asOf` day.',
  })
  overdue?: boolean | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Only open ones (lopend: neither DONE nor CANCELLED on the `asOf` day; true) or only closed ones (false). With `dueAfter`/`dueBefore` it lists what the dashboard counts as due within 90 days.',
  })
  open?: boolean | null;
}

@InputType({ description: 'Narrows the milestone timeline (tijdlijn).' })
export class MilestoneTimelineFilter {
  @Field(() => [ID], { nullable: true, description: 'Only milestones of one of these programmes.' })
  @IsOptional()
  @ArrayMaxSize(50)
  programmeIds?: string[] | null;

  @Field(() => ID, {
    nullable: true,
    deprecationReason: 'Use programmeIds.',
    description: 'Only milestones of this programme.',
  })
  programmeId?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description:
      'Only milestones of deliverables one of these parties owns (as `DeliverableFilter.ownerPartyIds` counts owning) or contributes to.',
  })
  @IsOptional()
  @ArrayMaxSize(50)
  partyIds?: string[] | null;

  @Field(() => ID, {
    nullable: true,
    deprecationReason: 'Use partyIds.',
    description: 'Only milestones of deliverables this party owns or contributes to.',
  })
  partyId?: string | null;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'Only milestones that can fall on or after this day.',
  })
  from?: string | null;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'Only milestones that can fall on or before this day.',
  })
  to?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Include reached milestones and closed checkpoints (default true); false: only what is still open.',
  })
  includeDone?: boolean | null;
}

@InputType({ description: 'Something a deliverable produces (resultaat), named by type and stable key.' })
export class DeliverableOutputInput {
  @Field(() => OutputTargetType, { description: 'Kind of record produced.' })
  targetType!: OutputTargetType;

  @Field({ description: 'The produced record’s `key`.' })
  @Length(1, 200)
  @NotBlank()
  targetKey!: string;

  @Field(() => OutputReachedAction, {
    nullable: true,
    description: 'When it reaches its goal: COMPLETE the deliverable (default) or SUGGEST it to the owners.',
  })
  onReached?: OutputReachedAction | null;

  @Field(() => TrajectoryPhase, {
    nullable: true,
    description: 'For a SYNERGY_TRAJECTORY: the phase that counts as reached (default COMPLETED).',
  })
  targetPhase?: TrajectoryPhase | null;
}

@InputType({ description: 'A new programme (programma).' })
export class CreateProgrammeInput {
  @Field(() => String, {
    nullable: true,
    description: 'Stable key (lowercase-kebab); made from the name when omitted.',
  })
  @IsOptional()
  @Length(1, 120)
  @NotBlank()
  key?: string | null;

  @Field({ description: 'Name.' })
  @Length(1, 300)
  @NotBlank()
  name!: string;

  @Field(() => String, { nullable: true, description: 'What the programme is for.' })
  @IsOptional()
  @MaxLength(4000)
  description?: string | null;

  @Field(() => ID, { nullable: true, description: 'Owning party.' })
  ownerPartyId?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Partner parties.' })
  @IsOptional()
  @ArrayMaxSize(100)
  partnerPartyIds?: string[] | null;

  @Field(() => FuzzyDateInput, { nullable: true, description: 'Period (looptijd) as a span.' })
  @IsOptional()
  @ValidateNested()
  period?: FuzzyDateInput | null;

  @Field(() => String, { nullable: true, description: 'Period as words (“2024-2028”), read when `period` is omitted.' })
  @IsOptional()
  @MaxLength(200)
  periodLabel?: string | null;
}

@InputType({ description: 'Changes to a programme. Omitted fields stay as they are.' })
export class UpdateProgrammeInput {
  @Field(() => ID, { description: 'The programme.' })
  id!: string;

  @Field(() => Int, { description: 'The version you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;

  @Field(() => String, { nullable: true, description: 'Name.' })
  @IsOptional()
  @Length(1, 300)
  @NotBlank()
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'What the programme is for.' })
  @IsOptional()
  @MaxLength(4000)
  description?: string | null;

  @Field(() => ID, { nullable: true, description: 'Owning party.' })
  ownerPartyId?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Partner parties (replaces the list).' })
  @IsOptional()
  @ArrayMaxSize(100)
  partnerPartyIds?: string[] | null;

  @Field(() => FuzzyDateInput, {
    nullable: true,
    description: 'Period as a span; null, with no `periodLabel`, clears the period.',
  })
  @IsOptional()
  @ValidateNested()
  period?: FuzzyDateInput | null;

  @Field(() => String, {
    nullable: true,
    description: 'Period as words, read when `period` is omitted; null, with no `period`, clears it.',
  })
  @IsOptional()
  @MaxLength(200)
  periodLabel?: string | null;
}

@InputType({ description: 'A new workstream (pijler, spoor, adviesonderwerp) in a programme.' })
export class CreateWorkstreamInput {
  @Field(() => ID, { description: 'The programme.' })
  programmeId!: string;

  @Field(() => String, { nullable: true, description: 'Stable key; made from the name when omitted.' })
  @IsOptional()
  @Length(1, 120)
  @NotBlank()
  key?: string | null;

  @Field({ description: 'Name.' })
  @Length(1, 300)
  @NotBlank()
  name!: string;

  @Field(() => WorkstreamKind, { description: 'Pillar, advice topic, track or other.' })
  kind!: WorkstreamKind;

  @Field(() => String, { nullable: true, description: 'What it covers.' })
  @IsOptional()
  @MaxLength(4000)
  description?: string | null;

  @Field(() => Int, { nullable: true, description: 'Order within the programme (default: last).' })
  @IsOptional()
  @Min(0)
  position?: number | null;
}

@InputType({ description: 'Changes to a workstream. Omitted fields stay as they are.' })
export class UpdateWorkstreamInput {
  @Field(() => ID, { description: 'The workstream.' })
  id!: string;

  @Field(() => Int, { description: 'The version you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;

  @Field(() => String, { nullable: true, description: 'Name.' })
  @IsOptional()
  @Length(1, 300)
  @NotBlank()
  name?: string | null;

  @Field(() => WorkstreamKind, { nullable: true, description: 'Kind.' })
  kind?: WorkstreamKind | null;

  @Field(() => String, { nullable: true, description: 'What it covers.' })
  @IsOptional()
  @MaxLength(4000)
  description?: string | null;

  @Field(() => Int, { nullable: true, description: 'Order within the programme.' })
  @IsOptional()
  @Min(0)
  position?: number | null;
}

@InputType({ description: 'Fields of a deliverable that VWS sets; lists replace what was there.' })
export class DeliverableFieldsInput {
  @Field(() => DeliverableKind, { nullable: true, description: 'Deliverable (default), milestone or decision.' })
  kind?: DeliverableKind | null;

  @Field(() => String, { nullable: true, description: 'English title.' })
  @IsOptional()
  @MaxLength(500)
  titleEn?: string | null;

  @Field(() => String, { nullable: true, description: 'What is to be delivered.' })
  @IsOptional()
  @MaxLength(4000)
  description?: string | null;

  @Field(() => ID, { nullable: true, description: 'Programme.' })
  programmeId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Workstream; must belong to the programme.' })
  workstreamId?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Owning parties (eigenaren).' })
  @IsOptional()
  @ArrayMaxSize(50)
  ownerPartyIds?: string[] | null;

  @Field(() => [PartyKind], {
    nullable: true,
    description: 'Generic owning groups (e.g. INSURER for “zorgverzekeraars”).',
  })
  @IsOptional()
  @ArrayMaxSize(20)
  ownerPartyKinds?: PartyKind[] | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'Lead party (trekker): one of the owners, named or of an owning kind, that answers for it; null clears it.',
  })
  leadPartyId?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Contributing parties (betrokken partijen).' })
  @IsOptional()
  @ArrayMaxSize(100)
  contributorPartyIds?: string[] | null;

  @Field(() => [PartyKind], { nullable: true, description: 'Generic contributing groups.' })
  @IsOptional()
  @ArrayMaxSize(20)
  contributorPartyKinds?: PartyKind[] | null;

  @Field(() => [ID], { nullable: true, description: 'Sectors.' })
  @IsOptional()
  @ArrayMaxSize(20)
  sectorIds?: string[] | null;

  @Field(() => FuzzyDateInput, {
    nullable: true,
    description:
      'Due date as a span (wins over `dueLabel`); on an update, null with no `dueLabel` clears the due date.',
  })
  @IsOptional()
  @ValidateNested()
  due?: FuzzyDateInput | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Due date as words (“Q3 2025”, “medio 2026”, “uiterlijk begin 2026”), read when `due` is omitted; on an update, null with no `due` clears the due date.',
  })
  @IsOptional()
  @MaxLength(200)
  dueLabel?: string | null;

  @Field(() => DateConfidence, { nullable: true, description: 'How sure the date is (default HIGH).' })
  confidence?: DateConfidence | null;

  @Field(() => String, { nullable: true, description: 'Editorial note.' })
  @IsOptional()
  @MaxLength(4000)
  note?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Deliverables this one depends on; a cycle is refused.' })
  @IsOptional()
  @ArrayMaxSize(100)
  dependsOnIds?: string[] | null;

  @Field(() => [DeliverableOutputInput], { nullable: true, description: 'What it produces.' })
  @IsOptional()
  @ValidateNested({ each: true })
  @ArrayMaxSize(50)
  outputs?: DeliverableOutputInput[] | null;
}

@InputType({ description: 'A new deliverable, milestone or decision (VWS).' })
export class CreateDeliverableInput extends DeliverableFieldsInput {
  @Field(() => String, { nullable: true, description: 'Stable key; made from the title when omitted.' })
  @IsOptional()
  @Length(1, 120)
  @NotBlank()
  key?: string | null;

  @Field({ description: 'Title.' })
  @Length(1, 500)
  @NotBlank()
  title!: string;
}

@InputType({ description: 'Changes to a deliverable (VWS). Omitted fields stay as they are.' })
export class UpdateDeliverableInput extends DeliverableFieldsInput {
  @Field(() => ID, { description: 'The deliverable.' })
  id!: string;

  @Field(() => Int, { description: 'The version you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;

  @Field(() => String, { nullable: true, description: 'Title.' })
  @IsOptional()
  @Length(1, 500)
  @NotBlank()
  title?: string | null;

  @Field(() => DeliverableStatus, {
    nullable: true,
    description: 'New status; only allowed transitions (e.g. CANCELLED → PLANNED, not DONE → PLANNED).',
  })
  status?: DeliverableStatus | null;
}

@InputType({ description: 'A status update (voortgangsrapportage) by an owning or contributing party.' })
export class PostStatusUpdateInput {
  @Field(() => ID, { description: 'The deliverable.' })
  deliverableId!: string;

  @Field(() => DeliverableHealth, { description: 'How it is going.' })
  health!: DeliverableHealth;

  @Field({ description: 'What happened and what comes next.' })
  @Length(1, 8000)
  @NotBlank()
  text!: string;

  @Field(() => DeliverableStatus, { nullable: true, description: 'A new status, when it changed.' })
  status?: DeliverableStatus | null;

  @Field(() => Int, {
    nullable: true,
    description: 'The deliverable’s version you last read; required with `status`.',
  })
  @IsOptional()
  @Min(1)
  version?: number | null;
}

@InputType({ description: 'A new milestone (mijlpaal) within a deliverable (VWS).' })
export class CreateMilestoneInput {
  @Field(() => ID, { description: 'The deliverable.' })
  deliverableId!: string;

  @Field({ description: 'What is reached.' })
  @Length(1, 500)
  @NotBlank()
  title!: string;

  @Field(() => FuzzyDateInput, { nullable: true, description: 'When, as a span (wins over `dueLabel`).' })
  @IsOptional()
  @ValidateNested()
  due?: FuzzyDateInput | null;

  @Field(() => String, { nullable: true, description: 'When, as words (“Q3 2025”).' })
  @IsOptional()
  @MaxLength(200)
  dueLabel?: string | null;

  @Field(() => DateConfidence, { nullable: true, description: 'How sure the date is (default HIGH).' })
  confidence?: DateConfidence | null;
}

@InputType({ description: 'Changes to a milestone (VWS). Omitted fields stay as they are.' })
export class UpdateMilestoneInput {
  @Field(() => ID, { description: 'The milestone.' })
  id!: string;

  @Field(() => Int, { description: 'The version you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;

  @Field(() => String, { nullable: true, description: 'What is reached.' })
  @IsOptional()
  @Length(1, 500)
  @NotBlank()
  title?: string | null;

  @Field(() => FuzzyDateInput, {
    nullable: true,
    description: 'When, as a span (wins over `dueLabel`); null, with no `dueLabel`, clears the due date.',
  })
  @IsOptional()
  @ValidateNested()
  due?: FuzzyDateInput | null;

  @Field(() => String, { nullable: true, description: 'When, as words; null, with no `due`, clears the due date.' })
  @IsOptional()
  @MaxLength(200)
  dueLabel?: string | null;

  @Field(() => DateConfidence, { nullable: true, description: 'How sure the date is.' })
  confidence?: DateConfidence | null;
}

@InputType({ description: 'Marks a milestone as reached (behaald).' })
export class CompleteMilestoneInput {
  @Field(() => ID, { description: 'The milestone.' })
  id!: string;

  @Field(() => Int, { description: 'The version you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;
}
