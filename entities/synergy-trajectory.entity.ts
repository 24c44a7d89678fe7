import { LocalDateResolver } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, JoinTable, ManyToMany, ManyToOne } from 'typeorm';
import { Node, SourcedEntity } from './base.entity';
import type { Party } from './party.entity';
import type { Sector } from './sector.entity';
import { TrajectoryPhase } from './synergy.enums';

@Entity()
@ObjectType({
  implements: [Node, SourcedEntity],
  description:
    'A sector’s joint track to align guidelines and package assessments (synergietraject), e.g. Zorginstituut–FMS for the msz.',
})
export class SynergyTrajectory extends SourcedEntity {
  @Field({ description: 'Name (naam), in the language of the source.' })
  @Column({ type: 'text' })
  name!: string;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  sectorId!: string | null;

  @ManyToOne('Sector', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'sector_id' })
  sector?: Sector | null;

  @Field(() => TrajectoryPhase, { description: 'Phase (fase) as of `phaseAsOf`.' })
  @Column({ type: 'enum', enum: TrajectoryPhase, enumName: 'trajectory_phase' })
  phase!: TrajectoryPhase;

  @Field(() => LocalDateResolver, { nullable: true, description: 'The date the phase is known for (peildatum).' })
  @Column({ type: 'date', nullable: true })
  phaseAsOf!: string | null;

  @Field(() => [String], {
    description: 'Keys of the deliverables (opleverpunten) of this track, as in the deliverables data.',
  })
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  deliverableKeys!: string[];

  @Field(() => String, { nullable: true, description: 'Editorial note: inferences and what the sources leave open.' })
  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Field(() => Int, { description: 'Optimistic-concurrency version; send it back with an update.' })
  @Column({ type: 'int', default: 1 })
  version!: number;

  @ManyToMany('Party')
  @JoinTable({
    name: 'synergy_trajectory_party',
    joinColumn: { name: 'synergy_trajectory_id' },
    inverseJoinColumn: { name: 'party_id' },
  })
  parties?: Party[];
}
