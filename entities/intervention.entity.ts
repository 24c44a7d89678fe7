import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Node, SourcedEntity } from './base.entity';
import type { Sector } from './sector.entity';

/**
 * The shared key that knowledge questions, guideline recommendations and package assessments point
 * at: the same care for the same indication. Conflict and duplicate detection match on it.
 */
@Entity()
@ObjectType({
  implements: [Node, SourcedEntity],
  description:
    'A form of care (zorgvorm / interventie), with its indication and optional codes; the shared key between questions, recommendations and assessments.',
})
export class Intervention extends SourcedEntity {
  @Field({ description: 'Name of the care, in the language of the source (Dutch).' })
  @Column({ type: 'text' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Indication or population it is for (indicatie).' })
  @Column({ type: 'text', nullable: true })
  indication!: string | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  sectorId!: string | null;

  @ManyToOne('Sector', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'sector_id' })
  sector?: Sector | null;

  @Field(() => String, { nullable: true, description: 'SNOMED CT concept id, when known.' })
  @Column({ type: 'text', nullable: true })
  snomedCode!: string | null;

  @Field(() => String, { nullable: true, description: 'ATC code for medicines, when known.' })
  @Column({ type: 'text', nullable: true })
  atcCode!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Z-index number (ZI-nummer) for medicines and devices, when known.',
  })
  @Column({ type: 'text', nullable: true })
  ziNumber!: string | null;
}
