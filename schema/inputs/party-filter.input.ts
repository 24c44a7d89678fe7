import { Field, ID, InputType } from 'type-graphql';
import { ArrayMaxSize, IsOptional, MaxLength } from 'class-validator';
import { PartyKind } from '../../entities/party-kind.enum';

@InputType({ description: 'Narrows a list of parties (partijen). All given conditions must hold.' })
export class PartyFilter {
  @Field(() => PartyKind, { nullable: true, description: 'Only parties of this kind.' })
  kind?: PartyKind | null;

  @Field(() => [ID], {
    nullable: true,
    description:
      'Only parties active in at least one of these sectors (ids of Sectors), and the cross-sector parties (`crossSector`: no sector of their own, such as VWS or the Patiëntenfederatie), which work in every sector.',
  })
  @IsOptional()
  @ArrayMaxSize(20)
  sectorIds?: string[] | null;

  @Field(() => ID, {
    nullable: true,
    deprecationReason: 'Use sectorIds.',
    description: 'Only parties active in this sector, and the cross-sector parties.',
  })
  sectorId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Words in the name or short name; case and accents are ignored (“patienten” finds “Patiënten”).',
  })
  @MaxLength(200)
  search?: string | null;
}
