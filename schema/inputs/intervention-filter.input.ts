import { ArrayMaxSize, IsOptional, MaxLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: 'Narrows a list of interventions (zorgvormen). All given conditions must hold.' })
export class InterventionFilter {
  @Field(() => [ID], { nullable: true, description: 'Only interventions in one of these sectors.' })
  @IsOptional()
  @ArrayMaxSize(50)
  sectorIds?: string[] | null;

  @Field(() => ID, {
    nullable: true,
    deprecationReason: 'Use sectorIds.',
    description: 'Only interventions in this sector.',
  })
  sectorId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Words in the name or indication; case and accents are ignored.',
  })
  @MaxLength(200)
  search?: string | null;
}
