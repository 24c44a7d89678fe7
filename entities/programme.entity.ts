import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, JoinTable, ManyToMany, ManyToOne } from 'typeorm';
import { Node, SourcedEntity } from './base.entity';
import { WorkstreamKind } from './deliverable.enums';
import { FuzzyDate } from './fuzzy-date';
import type { Party } from './party.entity';

@Entity()
@ObjectType({
  implements: [Node, SourcedEntity],
  description:
    'A programme (programma) with workstreams and deliverables: VVTB, IZA-advies Beter pakketbeheer, KPPZ, …',
})
export class Programme extends SourcedEntity {
  @Field({ description: 'Name (naam), as the documents write it.' })
  @Column({ type: 'text' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'What the programme is for (English summary).' })
  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Field(() => String, { nullable: true, description: 'Editorial note: inferences and what the sources leave open.' })
  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  ownerPartyId!: string | null;

  @ManyToOne('Party', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'owner_party_id' })
  ownerParty?: Party | null;

  @ManyToMany('Party')
  @JoinTable({
    name: 'programme_partner',
    joinColumn: { name: 'programme_id' },
    inverseJoinColumn: { name: 'party_id' },
  })
  partnerParties?: Party[];

  @Column(() => FuzzyDate, { prefix: 'period' })
  period!: FuzzyDate;

  @Field(() => Int, { description: 'Optimistic-concurrency version; send it back with an update.' })
  @Column({ type: 'int', default: 1 })
  version!: number;
}

@Entity()
@ObjectType({
  implements: [Node, SourcedEntity],
  description: 'A part of a programme (pijler, adviesonderwerp, spoor) that groups deliverables.',
})
export class Workstream extends SourcedEntity {
  @Index()
  @Column({ type: 'uuid' })
  programmeId!: string;

  @ManyToOne('Programme', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'programme_id' })
  programme?: Programme;

  @Field({ description: 'Name (naam), e.g. “Verbreden (H1)”.' })
  @Column({ type: 'text' })
  name!: string;

  @Field(() => WorkstreamKind, { description: 'Pillar, advice topic, track or other.' })
  @Column({ type: 'enum', enum: WorkstreamKind, enumName: 'workstream_kind' })
  kind!: WorkstreamKind;

  @Field(() => String, { nullable: true, description: 'What the workstream covers.' })
  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Field(() => Int, { description: 'Order within the programme, as the documents list them.' })
  @Column({ type: 'int', default: 0 })
  position!: number;

  @Field(() => Int, { description: 'Optimistic-concurrency version; send it back with an update.' })
  @Column({ type: 'int', default: 1 })
  version!: number;
}
