import { IsOptional, Length, MaxLength, Min } from 'class-validator';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { AdviceDecision } from '../../entities/package-cycle.enums';
import { NotBlank } from './not-blank';

@InputType({ description: 'The minister’s decision on a published pakketadvies (besluit over overname).' })
export class RecordMinisterialDecisionInput {
  @Field(() => ID, { description: 'The assessment: a published PAKKETADVIES at stage DECISION or later.' })
  assessmentId!: string;

  @Field(() => AdviceDecision, { description: 'Whether the advice is followed.' })
  decision!: AdviceDecision;

  @Field(() => LocalDateResolver, { description: 'The day the minister decided (besluitdatum).' })
  decidedOn!: string;

  @Field({ description: 'Why (motivering).' })
  @Length(1, 8000)
  @NotBlank()
  reasoning!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Where it is published (Staatscourant, Kamerbrief, URL). Omit it or send null for none, not blank text.',
  })
  @IsOptional()
  @MaxLength(2000)
  @NotBlank()
  reference?: string | null;
}

@InputType({ description: 'A correction of a recorded decision of the minister; omitted fields stay as they are.' })
export class CorrectMinisterialDecisionInput {
  @Field(() => ID, { description: 'The decision (MinisterialDecision).' })
  id!: string;

  @Field(() => Int, { description: 'The version you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;

  @Field(() => AdviceDecision, { nullable: true, description: 'Whether the advice is followed.' })
  decision?: AdviceDecision | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'The day the minister decided.' })
  decidedOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Why (motivering).' })
  @IsOptional()
  @Length(1, 8000)
  @NotBlank()
  reasoning?: string | null;

  @Field(() => String, { nullable: true, description: 'Where it is published; null clears it, omit to keep it.' })
  @IsOptional()
  @MaxLength(2000)
  @NotBlank()
  reference?: string | null;
}
