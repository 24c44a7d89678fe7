import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, JoinTable, ManyToMany, ManyToOne } from 'typeorm';
import { Node, SourcedEntity } from './base.entity';
import { PartyKind } from './party-kind.enum';
import type { Sector } from './sector.entity';

@Entity()
// Unique on lower(short_name), made by migration ShortNamesAndClientRequestIds.
@Index('party_short_name_unique', { synchronize: false })
@ObjectType({
  implements: [Node, SourcedEntity],
  description: 'An organisation (partij / IZA-partij): VWS, Zorginstituut, ZonMw, an association, an insurer, …',
})
export class Party extends SourcedEntity {
  @Field({ description: 'Full name (naam), as the documents write it.' })
  @Column({ type: 'text' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Short name or abbreviation (afkorting), e.g. VWS, ZIN, FMS.' })
  @Column({ type: 'text', nullable: true })
  shortName!: string | null;

  @Field(() => PartyKind, { description: 'Kind of party (soort partij).' })
  @Column({ type: 'enum', enum: PartyKind, enumName: 'party_kind' })
  kind!: PartyKind;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether the party signed the Integraal Zorgakkoord; null when the documents do not say.',
  })
  @Column({ type: 'boolean', nullable: true })
  izaSignatory!: boolean | null;

  @Field(() => String, { nullable: true, description: 'What the party is and does (English summary).' })
  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Field(() => String, { nullable: true, description: 'Editorial note: inferences and what the sources leave open.' })
  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Field(() => Int, { description: 'Optimistic-concurrency version; send it back with an update.' })
  @Column({ type: 'int', default: 1 })
  version!: number;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  parentId!: string | null;

  @ManyToOne('Party', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'parent_id' })
  parent?: Party | null;

  @ManyToMany('Sector')
  @JoinTable({ name: 'party_sector', joinColumn: { name: 'party_id' }, inverseJoinColumn: { name: 'sector_id' } })
  sectors?: Sector[];
}
