import { Field, Int, ObjectType } from 'type-graphql';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Node, PagedByCreationEntity } from './base.entity';
import { GuidelineOwnerInvitationStatus } from './guideline-owner-invitation.enums';

/**
 * An owner's invitation to another association to co-own a guideline. Ownership brings duties (confirming
 * links, answering perspectives, counting in conflicts), so an association becomes an owner only by
 * accepting; at most one invitation per guideline and party is PENDING.
 */
@Entity()
@Index('guideline_owner_invitation_one_pending', ['guidelineId', 'invitedPartyId'], {
  unique: true,
  where: `"status" = 'PENDING'`,
})
@Check('guideline_owner_invitation_decided', `("status" = 'PENDING') = ("decided_at" IS NULL)`)
@ObjectType({
  implements: Node,
  description:
    'An invitation to an association to co-own a guideline (uitnodiging voor mede-eigenaarschap): it becomes an owner only when it accepts.',
})
export class GuidelineOwnerInvitation extends PagedByCreationEntity {
  @Index()
  @Column({ type: 'uuid' })
  guidelineId!: string;

  @ManyToOne('Guideline', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'guideline_id' })
  guideline?: unknown;

  @Index()
  @Column({ type: 'uuid' })
  invitedPartyId!: string;

  @ManyToOne('Party', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'invited_party_id' })
  invitedParty?: unknown;

  @Index()
  @Column({ type: 'uuid' })
  invitedByPartyId!: string;

  @ManyToOne('Party', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'invited_by_party_id' })
  invitedByParty?: unknown;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  invitedByUserId!: string | null;

  @ManyToOne('User', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'invited_by_user_id' })
  invitedByUser?: unknown;

  @Field(() => GuidelineOwnerInvitationStatus, { description: 'Where it stands (status).' })
  @Column({
    type: 'enum',
    enum: GuidelineOwnerInvitationStatus,
    enumName: 'guideline_owner_invitation_status',
    default: GuidelineOwnerInvitationStatus.PENDING,
  })
  status!: GuidelineOwnerInvitationStatus;

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

  @Index()
  @Column({ type: 'uuid', nullable: true })
  decidedByPartyId!: string | null;

  @ManyToOne('Party', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'decided_by_party_id' })
  decidedByParty?: unknown;

  @Field(() => Int, { description: 'Optimistic-concurrency version; send it back with every change.' })
  @Column({ type: 'int', default: 1 })
  version!: number;
}
