import { LocalDateResolver } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { BaseEntity, Node, SourcedEntity } from './base.entity';
import { FuzzyDate } from './fuzzy-date';
import type { KnowledgeQuestion } from './knowledge-question.entity';
import { PartyKind } from './party-kind.enum';
import type { Party } from './party.entity';
import { AgendaKind, AgendaStatus } from './research.enums';
import type { Sector } from './sector.entity';

/**
 * A curated, versioned list of knowledge questions for a sector (or cross-sector). The agenda holds
 * what stays the same over its versions; the items live on numbered versions.
 */
@Entity()
@ObjectType({
  implements: [Node, SourcedEntity],
  description:
    'A research agenda (kennisagenda / onderzoeksagenda / pakketagenda): a versioned, ranked list of knowledge questions for a sector or across sectors.',
})
export class ResearchAgenda extends SourcedEntity {
  @Field({ description: 'Title (titel), in the language of the source.' })
  @Column({ type: 'text' })
  title!: string;

  @Field(() => AgendaKind, { description: 'Kind of agenda (soort agenda).' })
  @Column({ type: 'enum', enum: AgendaKind, enumName: 'agenda_kind' })
  kind!: AgendaKind;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  sectorId!: string | null;

  @ManyToOne('Sector', { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'sector_id' })
  sector?: Sector | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  ownerPartyId!: string | null;

  @ManyToOne('Party', { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'owner_party_id' })
  ownerParty?: Party | null;

  @Field(() => [PartyKind], {
    description:
      'Kinds of party that own the agenda together when the documents name no single owner (veldpartijen), e.g. the associations of a sector.',
  })
  @Column({ type: 'enum', enum: PartyKind, enumName: 'party_kind', array: true, default: '{}' })
  ownerPartyKinds!: PartyKind[];

  @Index()
  @Column({ type: 'uuid', nullable: true })
  coordinatorPartyId!: string | null;

  @ManyToOne('Party', { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'coordinator_party_id' })
  coordinatorParty?: Party | null;

  @Column(() => FuzzyDate, { prefix: 'period' })
  period!: FuzzyDate;

  @Column(() => FuzzyDate, { prefix: 'due' })
  due!: FuzzyDate;

  @Field(() => AgendaStatus, {
    description: 'Status of the newest version (status); its content may be visible only to the owner and coordinator.',
  })
  @Column({ type: 'enum', enum: AgendaStatus, enumName: 'agenda_status', default: AgendaStatus.DRAFT })
  status!: AgendaStatus;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'Date the seeded status was read from its source document (status per); null for platform edits.',
  })
  @Column({ type: 'date', nullable: true })
  statusAsOf!: string | null;

  @Field(() => String, { nullable: true, description: 'Editorial note (toelichting, English).' })
  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Field(() => Int, {
    description: 'Optimistic-concurrency version of the agenda; send it back with every change to its items or status.',
  })
  @Column({ type: 'int', default: 1 })
  version!: number;
}

/** A numbered version of an agenda. ADOPTED and ARCHIVED versions never change (a trigger refuses it). */
@Entity()
@Unique('research_agenda_version_number', ['agendaId', 'number'])
@ObjectType({
  implements: Node,
  description:
    'A numbered version of a research agenda (agendaversie). An adopted version is immutable; editing it starts a new draft version with the same items.',
})
export class ResearchAgendaVersion extends BaseEntity {
  @Index()
  @Column({ type: 'uuid' })
  agendaId!: string;

  @ManyToOne('ResearchAgenda', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agenda_id' })
  agenda?: ResearchAgenda;

  @Field(() => Int, { description: 'Version number (versienummer), 1 for the first.' })
  @Column({ type: 'int' })
  number!: number;

  @Field(() => AgendaStatus, { description: 'Status of this version.' })
  @Column({ type: 'enum', enum: AgendaStatus, enumName: 'agenda_status', default: AgendaStatus.DRAFT })
  status!: AgendaStatus;

  @Field(() => String, {
    nullable: true,
    description: 'Note on this version, e.g. that the documents only announce the agenda (gepland).',
  })
  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was submitted for consultation (in consultatie).' })
  @Column({ type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was adopted on the platform (vastgesteld).' })
  @Column({ type: 'timestamptz', nullable: true })
  adoptedAt!: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was archived (gearchiveerd).' })
  @Column({ type: 'timestamptz', nullable: true })
  archivedAt!: Date | null;
}

/** Places a question on a version of an agenda, with a rank and the reason. */
@Entity()
@Unique('agenda_item_version_question', ['versionId', 'questionId'])
@ObjectType({
  implements: Node,
  description: 'A knowledge question on an agenda version (agendapunt), with its rank and rationale.',
})
export class AgendaItem extends BaseEntity {
  @Index()
  @Column({ type: 'uuid' })
  versionId!: string;

  @ManyToOne('ResearchAgendaVersion', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'version_id' })
  agendaVersion?: ResearchAgendaVersion;

  @Index()
  @Column({ type: 'uuid' })
  questionId!: string;

  @ManyToOne('KnowledgeQuestion', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'question_id' })
  question?: KnowledgeQuestion;

  @Field(() => Int, { description: 'Rank on the agenda (rangorde), 1 is the highest.' })
  @Column({ type: 'int' })
  rank!: number;

  @Field(() => String, { nullable: true, description: 'Why the question is on this agenda (motivering).' })
  @Column({ type: 'text', nullable: true })
  rationale!: string | null;

  @Field({ description: 'True when the placement is demo data, not stated in the documents.' })
  @Column({ type: 'boolean', default: false })
  synthetic!: boolean;
}
