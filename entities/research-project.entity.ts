import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, JoinTable, ManyToMany, ManyToOne } from 'typeorm';
import { Node, SourcedEntity } from './base.entity';
import { FuzzyDate } from './fuzzy-date';
import type { KnowledgeQuestion } from './knowledge-question.entity';
import type { Party } from './party.entity';
import { ProjectStatus } from './research.enums';

@Entity()
@ObjectType({
  implements: [Node, SourcedEntity],
  description:
    'Funded research (onderzoek / project), e.g. in ZonMw’s Kaderprogramma Passende Zorg, and the knowledge questions it answers.',
})
export class ResearchProject extends SourcedEntity {
  @Field({ description: 'Title (titel).' })
  @Column({ type: 'text' })
  title!: string;

  @Index()
  @Column({ type: 'uuid' })
  funderPartyId!: string;

  @ManyToOne('Party', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'funder_party_id' })
  funderParty?: Party;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  executingPartyId!: string | null;

  @ManyToOne('Party', { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'executing_party_id' })
  executingParty?: Party | null;

  @Field(() => String, {
    nullable: true,
    description: 'Key of the programme it belongs to (programma), e.g. `kppz` for the Kaderprogramma Passende Zorg.',
  })
  @Index()
  @Column({ type: 'text', nullable: true })
  programmeKey!: string | null;

  @Field(() => String, { nullable: true, description: 'Funding round (subsidieronde), e.g. “gerichte ronde”.' })
  @Column({ type: 'text', nullable: true })
  round!: string | null;

  @Field(() => ProjectStatus, { description: 'Status of the project.' })
  @Column({ type: 'enum', enum: ProjectStatus, enumName: 'research_project_status', default: ProjectStatus.PLANNED })
  status!: ProjectStatus;

  @Column(() => FuzzyDate, { prefix: 'start' })
  start!: FuzzyDate;

  @Column(() => FuzzyDate, { prefix: 'end' })
  end!: FuzzyDate;

  @Field(() => String, { nullable: true, description: 'What the research found (resultaat), once completed.' })
  @Column({ type: 'text', nullable: true })
  resultSummary!: string | null;

  @Field(() => String, { nullable: true, description: 'Editorial note (toelichting, English).' })
  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Field(() => Int, { description: 'Optimistic-concurrency version; send it back with a change.' })
  @Column({ type: 'int', default: 1 })
  version!: number;

  @ManyToMany('KnowledgeQuestion')
  @JoinTable({
    name: 'research_project_question',
    joinColumn: { name: 'project_id' },
    inverseJoinColumn: { name: 'question_id' },
  })
  questions?: KnowledgeQuestion[];
}
