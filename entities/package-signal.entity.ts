import { Field, Int, ObjectType } from 'type-graphql';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Node, PagedByCreationEntity } from './base.entity';
import { PackageSignalCoSignerStatus, PackageSignalKind, PackageSignalStatus } from './package-signal.enums';

/**
 * A package signal (pakketsignaal): a party puts a package question to the Zorginstituut (an insurer:
 * signaalfunctie, Zorg Advies Traject; an insurer, a provider association or VWS: a request for an
 * assessment), which takes it up into an assessment or declines it with its reasoning.
 */
@Entity()
@Check('package_signal_taken_up_assessment', `("status" = 'TAKEN_UP') = ("assessment_id" IS NOT NULL)`)
@Check('package_signal_declined_reasoning', `"status" <> 'DECLINED' OR "answer_reasoning" IS NOT NULL`)
@ObjectType({
  implements: Node,
  description:
    'A package signal (pakketsignaal): a party raises a package question to the Zorginstituut (signaalfunctie, a Zorg Advies Traject put forward for a duiding, or a request for an assessment); the Zorginstituut takes it up into a package assessment or declines it with its reasoning.',
})
export class PackageSignal extends PagedByCreationEntity {
  @Index()
  @Column({ type: 'uuid' })
  raisingPartyId!: string;

  @ManyToOne('Party', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'raising_party_id' })
  raisingParty?: unknown;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  raisedByUserId!: string | null;

  @ManyToOne('User', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'raised_by_user_id' })
  raisedByUser?: unknown;

  /**
   * The party it is addressed to and that answers it (the Zorginstituut): the party whose grants give its
   * members PUBLISH_ASSESSMENTS, fixed when the signal is raised (PackageSignalAccess.addressee).
   */
  @Index()
  @Column({ type: 'uuid' })
  addresseePartyId!: string;

  @ManyToOne('Party', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'addressee_party_id' })
  addresseeParty?: unknown;

  @Field(() => PackageSignalKind, {
    description: 'A signal, a Zorg Advies Traject or a request for an assessment (soort).',
  })
  @Column({ type: 'enum', enum: PackageSignalKind, enumName: 'package_signal_kind' })
  kind!: PackageSignalKind;

  @Field({ description: 'Title (onderwerp).' })
  @Column({ type: 'text' })
  title!: string;

  @Field({ description: 'The signal itself (signaal): what the party sees and asks the Zorginstituut to look at.' })
  @Column({ type: 'text' })
  description!: string;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  interventionId!: string | null;

  @ManyToOne('Intervention', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'intervention_id' })
  intervention?: unknown;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  sectorId!: string | null;

  @ManyToOne('Sector', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'sector_id' })
  sector?: unknown;

  @Field(() => PackageSignalStatus, { description: 'Where it stands (status).' })
  @Column({
    type: 'enum',
    enum: PackageSignalStatus,
    enumName: 'package_signal_status',
    default: PackageSignalStatus.OPEN,
  })
  status!: PackageSignalStatus;

  /** The assessment it was taken up into; kept while the signal is TAKEN_UP (a check says so). */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  assessmentId!: string | null;

  @ManyToOne('PackageAssessment', { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assessment_id' })
  assessment?: unknown;

  @Field(() => String, {
    nullable: true,
    description: 'The Zorginstituut’s reasoning (motivering): required when it declines, optional when it takes it up.',
  })
  @Column({ type: 'text', nullable: true })
  answerReasoning!: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When it was answered (taken up or declined) or withdrawn; null while OPEN.',
  })
  @Column({ type: 'timestamptz', nullable: true })
  answeredAt!: Date | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  answeredByUserId!: string | null;

  @ManyToOne('User', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'answered_by_user_id' })
  answeredByUser?: unknown;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  answeredByPartyId!: string | null;

  @ManyToOne('Party', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'answered_by_party_id' })
  answeredByParty?: unknown;

  @Field(() => Int, { description: 'Optimistic-concurrency version; send it back with every change.' })
  @Column({ type: 'int', default: 1 })
  version!: number;
}

/**
 * A party the raising party named to co-sign a signal (a Zorg Advies Traject is run by insurers together; a
 * request for an assessment can be made jointly). It co-signs only once an editor of it accepts: until then it is
 * PENDING and reads the signal to decide (PackageSignalAccess: CO_SIGNER_READS); declined or withdrawn, it reads
 * it no longer. The rows stay, so the raising and invited parties see the answer.
 */
@Entity()
@Check('package_signal_co_signer_decided', `("status" = 'PENDING') = ("decided_at" IS NULL)`)
@ObjectType({
  description:
    'A party named to co-sign a package signal (uitnodiging tot medeondertekening) and its answer: it co-signs only once it accepts.',
})
export class PackageSignalCoSigner {
  @PrimaryColumn({ type: 'uuid' })
  signalId!: string;

  @ManyToOne('PackageSignal', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'signal_id' })
  signal?: unknown;

  @Index()
  @PrimaryColumn({ type: 'uuid' })
  partyId!: string;

  @ManyToOne('Party', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'party_id' })
  party?: unknown;

  @Field(() => PackageSignalCoSignerStatus, { description: 'Where it stands (status).' })
  @Column({
    type: 'enum',
    enum: PackageSignalCoSignerStatus,
    enumName: 'package_signal_co_signer_status',
    default: PackageSignalCoSignerStatus.PENDING,
  })
  status!: PackageSignalCoSignerStatus;

  @Field(() => Date, { description: 'When the party was (last) named to co-sign.' })
  @Column({ type: 'timestamptz', default: () => 'now()' })
  invitedAt!: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'When it was accepted, declined or withdrawn; null while PENDING.',
  })
  @Column({ type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  decidedByUserId!: string | null;

  @ManyToOne('User', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'decided_by_user_id' })
  decidedByUser?: unknown;
}
