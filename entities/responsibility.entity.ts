import { Field, ObjectType } from 'type-graphql';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Node, SourcedEntity } from './base.entity';
import { PartyKind } from './party-kind.enum';
import { ResponsibilityArea } from './responsibility-area.enum';
import type { Party } from './party.entity';

@Entity()
@Check('responsibility_holder', '"party_kind" IS NOT NULL OR "party_id" IS NOT NULL')
@ObjectType({
  implements: [Node, SourcedEntity],
  description:
    'A documented duty (verantwoordelijkheid) of a kind of party, or of one named party, with the quote that states it.',
})
export class Responsibility extends SourcedEntity {
  @Field(() => PartyKind, {
    nullable: true,
    description: 'The kind of party that holds this duty, when it is stated per kind.',
  })
  @Column({ type: 'enum', enum: PartyKind, enumName: 'party_kind', nullable: true })
  partyKind!: PartyKind | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  partyId!: string | null;

  @ManyToOne('Party', { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'party_id' })
  party?: Party | null;

  @Field(() => ResponsibilityArea, { description: 'Area of the duty (pakket, richtlijnen, onderzoek, …).' })
  @Column({ type: 'enum', enum: ResponsibilityArea, enumName: 'responsibility_area' })
  area!: ResponsibilityArea;

  @Field({ description: 'The duty in Dutch, as the documents state it.' })
  @Column({ type: 'text' })
  textNl!: string;

  @Field({ description: 'English summary of the duty.' })
  @Column({ type: 'text' })
  summaryEn!: string;

  @Field(() => String, { nullable: true, description: 'Editorial note: inferences and open points.' })
  @Column({ type: 'text', nullable: true })
  note!: string | null;
}
