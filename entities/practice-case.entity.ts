import { GraphQLJSON } from 'graphql-scalars';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Node, SourcedEntity } from './base.entity';
import type { Sector } from './sector.entity';

export enum PracticeCaseKind {
  SCARCITY_CASE = 'SCARCITY_CASE',
  GOOD_PRACTICE = 'GOOD_PRACTICE',
}

registerEnumType(PracticeCaseKind, {
  name: 'PracticeCaseKind',
  description: 'What a case from the documents illustrates (casus).',
  valuesConfig: {
    SCARCITY_CASE: { description: 'Schaarstecasus: a choice forced by scarce staff or capacity.' },
    GOOD_PRACTICE: { description: 'Goed voorbeeld: a practice the documents hold up, e.g. a Less is More track.' },
  },
});

/** A case the documents give as an example (casus, goed voorbeeld), with the numbers they state. */
@Entity()
@ObjectType({
  implements: [Node, SourcedEntity],
  description:
    'A case from the documents (casus): a scarcity case or a good practice (goed voorbeeld), with its sources.',
})
export class PracticeCase extends SourcedEntity {
  @Field({ description: 'Title (titel), in the language of the source.' })
  @Column({ type: 'text' })
  title!: string;

  @Field(() => PracticeCaseKind, { description: 'Scarcity case or good practice (soort casus).' })
  @Column({ type: 'enum', enum: PracticeCaseKind, enumName: 'practice_case_kind' })
  kind!: PracticeCaseKind;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  sectorId!: string | null;

  @ManyToOne('Sector', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'sector_id' })
  sector?: Sector | null;

  @Field({ description: 'What happened (beschrijving), in English.' })
  @Column({ type: 'text' })
  description!: string;

  @Field(() => GraphQLJSON, { description: 'The numbers the text states (cijfers), by name.' })
  @Column({ type: 'jsonb', default: () => "'{}'" })
  figures!: Record<string, unknown>;

  /** Keys of the parties involved, resolved through the by-key loader. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  partyKeys!: string[];

  /** Keys of the guidelines it concerns, resolved through the by-key loader (drafts filtered). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  guidelineKeys!: string[];

  @Field(() => String, { nullable: true, description: 'Editorial note (toelichting).' })
  @Column({ type: 'text', nullable: true })
  note!: string | null;
}
