import { LocalDateResolver } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, JoinTable, ManyToMany, ManyToOne, Unique } from 'typeorm';
import { BaseEntity, Node, SourcedEntity } from './base.entity';
import {
  DateConfidence,
  DeliverableHealth,
  DeliverableKind,
  DeliverableStatus,
  OutputTargetType,
} from './deliverable.enums';
import { OutputReachedAction } from './artefact-ref';
import { FuzzyDate } from './fuzzy-date';
import { TrajectoryPhase } from './synergy.enums';
import { PartyKind } from './party-kind.enum';
import type { Party } from './party.entity';
import type { Programme, Workstream } from './programme.entity';
import type { Sector } from './sector.entity';

@Entity()
@Index('deliverable_due_order', { synchronize: false })
@Index('deliverable_owner_party_kinds', { synchronize: false })
@ObjectType({
  implements: [Node, SourcedEntity],
  description:
    'A deliverable (opleverpunt), milestone (mijlpaal) or decision (besluit) of a programme: owners, a fuzzy due date, status and computed health.',
})
export class Deliverable extends SourcedEntity {
  @Field(() => DeliverableKind, { description: 'Deliverable, milestone or decision.' })
  @Column({ type: 'enum', enum: DeliverableKind, enumName: 'deliverable_kind', default: DeliverableKind.DELIVERABLE })
  kind!: DeliverableKind;

  @Field({ description: 'Title (titel), in the language of the source (Dutch).' })
  @Column({ type: 'text' })
  title!: string;

  @Field(() => String, { nullable: true, description: 'English title.' })
  @Column({ type: 'text', nullable: true })
  titleEn!: string | null;

  @Field(() => String, { nullable: true, description: 'What is to be delivered, in more words.' })
  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  programmeId!: string | null;

  @ManyToOne('Programme', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'programme_id' })
  programme?: Programme | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  workstreamId!: string | null;

  @ManyToOne('Workstream', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'workstream_id' })
  workstream?: Workstream | null;

  @ManyToMany('Party')
  @JoinTable({
    name: 'deliverable_owner',
    joinColumn: { name: 'deliverable_id' },
    inverseJoinColumn: { name: 'party_id' },
  })
  ownerParties?: Party[];

  @ManyToMany('Party')
  @JoinTable({
    name: 'deliverable_contributor',
    joinColumn: { name: 'deliverable_id' },
    inverseJoinColumn: { name: 'party_id' },
  })
  contributorParties?: Party[];

  @ManyToMany('Sector')
  @JoinTable({
    name: 'deliverable_sector',
    joinColumn: { name: 'deliverable_id' },
    inverseJoinColumn: { name: 'sector_id' },
  })
  sectors?: Sector[];

  @ManyToMany('Deliverable')
  @JoinTable({
    name: 'deliverable_dependency',
    joinColumn: { name: 'deliverable_id' },
    inverseJoinColumn: { name: 'depends_on_id' },
  })
  dependsOn?: Deliverable[];

  @Field(() => [PartyKind], {
    description:
      'Generic groups that own it when the documents name no single party (e.g. “zorgverzekeraars” = INSURER).',
  })
  @Column({ type: 'enum', enum: PartyKind, enumName: 'party_kind', array: true, default: '{}' })
  ownerPartyKinds!: PartyKind[];

  /** Named by VWS among the parties of an owning kind (or the named owners): the one that answers for it. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  leadPartyId!: string | null;

  @ManyToOne('Party', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'lead_party_id' })
  leadParty?: Party | null;

  @Field(() => [PartyKind], { description: 'Generic groups that contribute (e.g. “veldpartijen”).' })
  @Column({ type: 'enum', enum: PartyKind, enumName: 'party_kind', array: true, default: '{}' })
  contributorPartyKinds!: PartyKind[];

  @Column(() => FuzzyDate, { prefix: 'due' })
  due!: FuzzyDate;

  @Column(() => FuzzyDate, { prefix: 'start' })
  start!: FuzzyDate;

  @Field(() => DateConfidence, {
    description: 'How sure the reading of the date is; LOW and MEDIUM readings explain themselves in `note`.',
  })
  @Column({ type: 'enum', enum: DateConfidence, enumName: 'date_confidence', default: DateConfidence.HIGH })
  confidence!: DateConfidence;

  @Field(() => String, { nullable: true, description: 'Editorial note: inferences, uncertain readings, open points.' })
  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Field(() => DeliverableStatus, { description: 'Current status, as last reported.' })
  @Column({ type: 'enum', enum: DeliverableStatus, enumName: 'deliverable_status', default: DeliverableStatus.PLANNED })
  status!: DeliverableStatus;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'The date the documents’ status refers to (peildatum: the source document’s date).',
  })
  @Column({ type: 'date', nullable: true })
  statusAsOf!: string | null;

  @Field(() => String, { nullable: true, description: 'How often it recurs, when it does (e.g. YEARLY, PERIODIC).' })
  @Column({ type: 'text', nullable: true })
  recurrence!: string | null;

  @Column({ type: 'text', array: true, default: '{}' })
  relatedKeys!: string[];

  @Field(() => Int, { description: 'Optimistic-concurrency version; send it back with an update.' })
  @Column({ type: 'int', default: 1 })
  version!: number;

  /** When the status last changed (kept by a trigger); the state on a later day needs no lookup. */
  @Column({ type: 'timestamptz', precision: 3, nullable: true, select: false, insert: false, update: false })
  lastStatusChangeAt?: Date | null;

  /** When the last status update was posted (kept by a trigger, with its health below). */
  @Column({ type: 'timestamptz', precision: 3, nullable: true, select: false, insert: false, update: false })
  lastUpdateAt?: Date | null;

  @Column({
    type: 'enum',
    enum: DeliverableHealth,
    enumName: 'deliverable_health',
    nullable: true,
    select: false,
    insert: false,
    update: false,
  })
  lastUpdateHealth?: DeliverableHealth | null;

  /** The date a list was asked for, so nested `health` uses it too. Not stored. */
  asOfContext?: string;
}

/**
 * What a deliverable produces. The target lives in another domain; it is named by type and its
 * stable `key`, without a foreign key, and resolved through the registry in output-targets.ts.
 */
@Entity()
@Unique('deliverable_output_target', ['deliverableId', 'targetType', 'targetKey'])
@ObjectType({ description: 'A link from a deliverable to what it produces (resultaat): an agenda, assessment, …' })
export class DeliverableOutput extends BaseEntity {
  @Index()
  @Column({ type: 'uuid' })
  deliverableId!: string;

  @ManyToOne('Deliverable', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'deliverable_id' })
  deliverable?: Deliverable;

  @Field(() => OutputTargetType, { description: 'Kind of record produced.' })
  @Column({ type: 'enum', enum: OutputTargetType, enumName: 'output_target_type' })
  targetType!: OutputTargetType;

  // A field through DeliverableOutputResolver: hidden with a target the viewer may not read.
  @Index()
  @Column({ type: 'text' })
  targetKey!: string;

  @Field(() => OutputReachedAction, {
    description:
      'What happens when the output reaches its goal: complete the deliverable, or suggest it (afhandeling).',
  })
  @Column({
    type: 'enum',
    enum: OutputReachedAction,
    enumName: 'output_reached_action',
    default: OutputReachedAction.COMPLETE,
  })
  onReached!: OutputReachedAction;

  @Field(() => TrajectoryPhase, {
    nullable: true,
    description: 'For a synergy trajectory: the phase (fase) that counts as reached; default COMPLETED.',
  })
  @Column({ type: 'enum', enum: TrajectoryPhase, enumName: 'trajectory_phase', nullable: true })
  targetPhase!: TrajectoryPhase | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When the output first reached its goal (gereed op); it acts once.',
  })
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  reachedAt!: Date | null;
}
