import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Node, PagedByCreationEntity } from './base.entity';
import type { Guideline } from './guideline.entity';
import type { PackageAssessment } from './package-assessment.entity';
import type { Party } from './party.entity';
import type { Recommendation } from './recommendation.entity';
import { SourceRef } from './source-ref';
import { SynergyAlignment, SynergyLinkSide, SynergyLinkType } from './synergy.enums';
import type { User } from './user.entity';

/**
 * A typed link between a recommendation (or a whole guideline) and a package assessment. One link per
 * (recommendation or guideline, assessment, link type): the two partial unique indexes below.
 * Confirmed when both sides confirmed; every edit resets both confirmations.
 */
@Entity()
@Index('synergy_link_recommendation_unique', ['recommendationId', 'assessmentId', 'linkType'], {
  unique: true,
  where: 'recommendation_id IS NOT NULL',
})
@Index('synergy_link_guideline_unique', ['guidelineId', 'assessmentId', 'linkType'], {
  unique: true,
  where: 'recommendation_id IS NULL',
})
@ObjectType({
  implements: Node,
  description:
    'A synergy link (synergie-koppeling) between a recommendation or whole guideline (richtlijn) and a package assessment (pakketbeoordeling), with its alignment and the confirmation of each side.',
})
export class SynergyLink extends PagedByCreationEntity {
  @Index()
  @Column({ type: 'uuid' })
  guidelineId!: string;

  @ManyToOne('Guideline', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'guideline_id' })
  guideline?: Guideline;

  /** Null for a link from the whole guideline. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  recommendationId!: string | null;

  @ManyToOne('Recommendation', { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'recommendation_id' })
  recommendation?: Recommendation | null;

  @Index()
  @Column({ type: 'uuid' })
  assessmentId!: string;

  @ManyToOne('PackageAssessment', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'assessment_id' })
  assessment?: PackageAssessment;

  @Field(() => SynergyLinkType, { description: 'How the two relate (soort koppeling).' })
  @Column({ type: 'enum', enum: SynergyLinkType, enumName: 'synergy_link_type' })
  linkType!: SynergyLinkType;

  @Field(() => SynergyAlignment, { description: 'Whether they agree (aansluiting).' })
  @Index()
  @Column({ type: 'enum', enum: SynergyAlignment, enumName: 'synergy_alignment' })
  alignment!: SynergyAlignment;

  @Field(() => String, { nullable: true, description: 'Why (onderbouwing), in words.' })
  @Column({ type: 'text', nullable: true })
  rationale!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  ownerConfirmedAt!: Date | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  ownerConfirmedById!: string | null;

  @ManyToOne('User', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'owner_confirmed_by_id' })
  ownerConfirmedBy?: User | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  ownerConfirmedPartyId!: string | null;

  @ManyToOne('Party', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'owner_confirmed_party_id' })
  ownerConfirmedParty?: Party | null;

  @Column({ type: 'timestamptz', nullable: true })
  assessorConfirmedAt!: Date | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  assessorConfirmedById!: string | null;

  @ManyToOne('User', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assessor_confirmed_by_id' })
  assessorConfirmedBy?: User | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  assessorConfirmedPartyId!: string | null;

  @ManyToOne('Party', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assessor_confirmed_party_id' })
  assessorConfirmedParty?: Party | null;

  @Column({ type: 'enum', enum: SynergyLinkSide, enumName: 'synergy_link_side', nullable: true })
  disputeSide!: SynergyLinkSide | null;

  @Column({ type: 'text', nullable: true })
  disputeReason!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  disputedAt!: Date | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  disputedById!: string | null;

  @ManyToOne('User', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'disputed_by_id' })
  disputedBy?: User | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  disputedPartyId!: string | null;

  @ManyToOne('Party', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'disputed_party_id' })
  disputedParty?: Party | null;

  /**
   * When the last dispute was resolved: the link waits for confirmation again from then (the inbox's item
   * is new, so unread), while `pendingSince` keeps the moment it began waiting.
   */
  @Column({ type: 'timestamptz', nullable: true })
  disputeResolvedAt!: Date | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'Since when the link awaits confirmation (wacht op bevestiging): set on creation, on every edit and on NEEDS_REVIEW; null once both sides confirmed.',
  })
  @Index()
  @Column({ type: 'timestamptz', nullable: true })
  pendingSince!: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'Why the platform put the link on NEEDS_REVIEW (new guideline edition, changed outcome).',
  })
  @Column({ type: 'text', nullable: true })
  reviewReason!: string | null;

  @Field(() => [SourceRef], {
    description: 'Where the documents say this (bron); empty for links made on the platform.',
  })
  @Column({ type: 'jsonb', default: () => "'[]'" })
  sources!: SourceRef[];

  @Field({ description: 'True for demo or volume records that are not taken from the documents.' })
  @Column({ type: 'boolean', default: false })
  synthetic!: boolean;

  @Field(() => Int, { description: 'Optimistic-concurrency version; send it back with an update.' })
  @Column({ type: 'int', default: 1 })
  version!: number;
}
