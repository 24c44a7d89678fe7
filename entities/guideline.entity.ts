import { LocalDateResolver } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinTable, ManyToMany } from 'typeorm';
import { Node, SourcedEntity } from './base.entity';
import type { Party } from './party.entity';
import type { Sector } from './sector.entity';
import { GuidelineStatus } from './synergy.enums';

/** A professional standard owned by one or more associations; its recommendations are the atomic unit. */
@Entity()
@ObjectType({
  implements: [Node, SourcedEntity],
  description:
    'A guideline (richtlijn, or kwaliteitsstandaard) owned by scientific or professional associations (wetenschappelijke verenigingen).',
})
export class Guideline extends SourcedEntity {
  @Field({ description: 'Title (titel), in the language of the source.' })
  @Column({ type: 'text' })
  title!: string;

  @Field(() => GuidelineStatus, { description: 'Status (in ontwikkeling, gepubliceerd, in herziening, ingetrokken).' })
  @Index()
  @Column({
    type: 'enum',
    enum: GuidelineStatus,
    enumName: 'guideline_status',
    default: GuidelineStatus.IN_DEVELOPMENT,
  })
  status!: GuidelineStatus;

  @Field(() => Int, {
    description:
      'Edition number (versie van de richtlijn): 0 until first published, raised by each `publishGuidelineVersion`.',
  })
  @Column({ type: 'int', default: 0 })
  edition!: number;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'When the current edition was published (publicatiedatum).',
  })
  @Column({ type: 'date', nullable: true })
  publishedOn!: string | null;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'When the guideline is due for review (herzieningsdatum); past it, the guideline is a conflict.',
  })
  @Column({ type: 'date', nullable: true })
  reviewDueOn!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Where the guideline is published, e.g. the Richtlijnendatabase.',
  })
  @Column({ type: 'text', nullable: true })
  externalUrl!: string | null;

  @Field(() => String, { nullable: true, description: 'Editorial note: inferences and what the sources leave open.' })
  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Field(() => Int, { description: 'Optimistic-concurrency version; send it back with an update.' })
  @Column({ type: 'int', default: 1 })
  version!: number;

  @ManyToMany('Party')
  @JoinTable({ name: 'guideline_owner', joinColumn: { name: 'guideline_id' }, inverseJoinColumn: { name: 'party_id' } })
  owners?: Party[];

  @ManyToMany('Sector')
  @JoinTable({
    name: 'guideline_sector',
    joinColumn: { name: 'guideline_id' },
    inverseJoinColumn: { name: 'sector_id' },
  })
  sectors?: Sector[];
}
