import { Field, ID, InputType } from 'type-graphql';
import { MaxLength } from 'class-validator';
import { PartyKind } from '../../entities/party-kind.enum';

@InputType({ description: 'Narrows a list of parties (partijen). All given conditions must hold.' })
export class PartyFilter {
  @Field(() => PartyKind, { nullable: true, description: 'Only parties of this kind.' })
  kind?: PartyKind | null;

  @Field(() => ID, { nullable: true, description: 'Only parties active in this sector (id of a Sector).' })
  sectorId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Words in the name or short name; case and accents are ignored (“patienten” finds “Patiënten”).',
  })
  @MaxLength(200)
  search?: string | null;
}
