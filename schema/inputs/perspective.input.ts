import { IsOptional, Length, MaxLength, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { ResponseKind } from '../../entities/consultation.enums';
import { PerspectiveKind } from '../../entities/perspective.enums';
import { NotBlank } from './not-blank';

@InputType({ description: 'A standing perspective (inbreng buiten een consultatieronde) for your party.' })
export class AddPerspectiveInput {
  @Field(() => ID, {
    description:
      'What it is about: a KnowledgeQuestion, ResearchAgenda, adopted ResearchAgendaVersion or SynergyLink (PATIENT_PERSPECTIVE), or a published Guideline (IMPACT).',
  })
  targetId!: string;

  @Field(() => PerspectiveKind, { description: 'Patient perspective or impact.' })
  kind!: PerspectiveKind;

  @Field({ description: 'The perspective.' })
  @Length(1, 10000)
  @NotBlank()
  text!: string;

  @Field(() => String, {
    nullable: true,
    description: 'A reference (bronvermelding). Omit it or send null for none, not blank text.',
  })
  @IsOptional()
  @MaxLength(2000)
  @NotBlank()
  reference?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The party you speak for, when several of your parties hold the capability.',
  })
  partyId?: string | null;
}

@InputType({ description: 'Changes your party’s perspective until it is answered.' })
export class UpdatePerspectiveInput {
  @Field(() => ID, { description: 'The perspective.' })
  id!: string;

  @Field(() => Int, { description: 'The `version` you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;

  @Field(() => String, { nullable: true, description: 'The new text; omit to keep it.' })
  @IsOptional()
  @Length(1, 10000)
  @NotBlank()
  text?: string | null;

  @Field(() => String, { nullable: true, description: 'The new reference; null clears it, omit to keep it.' })
  @IsOptional()
  @MaxLength(2000)
  @NotBlank()
  reference?: string | null;
}

@InputType({ description: 'A perspective and the version you last read.' })
export class PerspectiveRefInput {
  @Field(() => ID, { description: 'The perspective.' })
  id!: string;

  @Field(() => Int, { description: 'The `version` you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;
}

@InputType({ description: 'The owner’s response (reactie) to a perspective on its record; given once.' })
export class RespondToPerspectiveInput {
  @Field(() => ID, { description: 'The perspective.' })
  id!: string;

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
