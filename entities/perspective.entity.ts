import { Field, Int, ObjectType } from 'type-graphql';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Node, PagedByCreationEntity } from './base.entity';
import { ResponseKind } from './consultation.enums';
import { PerspectiveKind, PerspectiveTargetKind } from './perspective.enums';

/**
 * A standing perspective (inbreng buiten een consultatieronde): a patient organisation's view on a
 * knowledge question, an agenda or a synergy link, or an insurer's or provider association's comment on the
 * organisational and financial impact of a published guideline, answered once by the target's owner.
 */
@Entity()
@Index(['targetKind', 'targetId'])
@Check('perspective_response_reasoning', `"response" IS NULL OR "response_reasoning" IS NOT NULL`)
@ObjectType({
  implements: Node,
  description:
    'A standing perspective (inbreng buiten een consultatieronde): patiëntperspectief on a knowledge question, research agenda or synergy link, or impact (organisatorische en financiële consequenties) of a published guideline; answered once by the owner of what it is about.',
})
export class Perspective extends PagedByCreationEntity {
  @Field(() => PerspectiveKind, { description: 'Kind of perspective (soort inbreng).' })
  @Column({ type: 'enum', enum: PerspectiveKind, enumName: 'perspective_kind' })
  kind!: PerspectiveKind;

  @Field(() => PerspectiveTargetKind, { description: 'The kind of record it is about.' })
  @Column({ type: 'enum', enum: PerspectiveTargetKind, enumName: 'perspective_target_kind' })
  targetKind!: PerspectiveTargetKind;

  /** The question, agenda, agenda version, link or guideline; no foreign key across five tables. */
  @Column({ type: 'uuid' })
  targetId!: string;

  @Index()
  @Column({ type: 'uuid' })
  partyId!: string;

  @ManyToOne('Party', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'party_id' })
  party?: unknown;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  authorUserId!: string | null;

  @ManyToOne('User', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'author_user_id' })
  authorUser?: unknown;

  @Field({ description: 'The perspective itself, in the language it was written in.' })
  @Column({ type: 'text' })
  text!: string;

  @Field(() => String, { nullable: true, description: 'A reference (bronvermelding): a citation or URL.' })
  @Column({ type: 'text', nullable: true })
  reference!: string | null;

  @Field(() => Date, { nullable: true, description: 'When its party withdrew it (ingetrokken); null while it stands.' })
  @Column({ type: 'timestamptz', nullable: true })
  withdrawnAt!: Date | null;

  @Field(() => ResponseKind, { nullable: true, description: 'The owner’s response (reactie); null while unanswered.' })
  @Column({ type: 'enum', enum: ResponseKind, enumName: 'response_kind', nullable: true })
  response!: ResponseKind | null;

  @Field(() => String, { nullable: true, description: 'Why the owner responded so (motivering).' })
  @Column({ type: 'text', nullable: true })
  responseReasoning!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'What changed in the target because of it (wat is aangepast); null when nothing changed.',
  })
  @Column({ type: 'text', nullable: true })
  responseChange!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the owner responded (datum reactie).' })
  @Column({ type: 'timestamptz', nullable: true })
  respondedAt!: Date | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  respondedByUserId!: string | null;

  @ManyToOne('User', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'responded_by_user_id' })
  respondedByUser?: unknown;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  respondedByPartyId!: string | null;

  @ManyToOne('Party', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'responded_by_party_id' })
  respondedByParty?: unknown;

  @Field(() => Int, { description: 'Optimistic-concurrency version; send it back with every change.' })
  @Column({ type: 'int', default: 1 })
  version!: number;
}
