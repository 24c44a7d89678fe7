import { Field, ObjectType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { Node, SourcedEntity } from './base.entity';
import { CareLaw, ResearchMaturity } from './sector.enums';

@Entity()
@ObjectType({
  implements: [Node, SourcedEntity],
  description: 'A care sector (zorgsector / deelsector): msz, huisartsenzorg, wijkverpleging, ggz, …',
})
export class Sector extends SourcedEntity {
  @Field({ description: 'Dutch name (naam), e.g. “Medisch-specialistische zorg”.' })
  @Column({ type: 'text' })
  nameNl!: string;

  @Field({ description: 'English name.' })
  @Column({ type: 'text' })
  nameEn!: string;

  @Field(() => CareLaw, { description: 'The law under which this care is insured (Zvw or Wlz).' })
  @Column({ type: 'enum', enum: CareLaw, enumName: 'care_law' })
  law!: CareLaw;

  @Field(() => ResearchMaturity, { description: 'How far the sector’s knowledge infrastructure has developed.' })
  @Column({ type: 'enum', enum: ResearchMaturity, enumName: 'research_maturity' })
  maturity!: ResearchMaturity;

  @Field(() => String, { nullable: true, description: 'Why the sector has this maturity, per the documents.' })
  @Column({ type: 'text', nullable: true })
  maturityRationale!: string | null;
}
