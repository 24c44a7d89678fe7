import { Field, ObjectType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { Node, SourcedEntity } from './base.entity';
import { CriterionStatus, CriterionType } from './package-criterion.enums';

@Entity()
@ObjectType({
  implements: [Node, SourcedEntity],
  description:
    'A package criterion (pakketcriterium) Zorginstituut weighs, or a legal requirement of the Zvw: effectiviteit, kosteneffectiviteit, noodzakelijkheid, uitvoerbaarheid, and candidates.',
})
export class PackageCriterion extends SourcedEntity {
  @Field({ description: 'Dutch name, e.g. “Effectiviteit (stand van de wetenschap en praktijk, SWP)”.' })
  @Column({ type: 'text' })
  nameNl!: string;

  @Field({ description: 'English name.' })
  @Column({ type: 'text' })
  nameEn!: string;

  @Field(() => CriterionStatus, { description: 'Legal, established in practice, or candidate.' })
  @Column({ type: 'enum', enum: CriterionStatus, enumName: 'criterion_status' })
  status!: CriterionStatus;

  @Field(() => CriterionType, { description: 'Package criterion or legal requirement.' })
  @Column({ type: 'enum', enum: CriterionType, enumName: 'criterion_type' })
  type!: CriterionType;

  @Field(() => String, { nullable: true, description: 'What the criterion means (English).' })
  @Column({ type: 'text', nullable: true })
  description!: string | null;
}
