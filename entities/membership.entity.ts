import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { BaseEntity, Node } from './base.entity';
import { MembershipRole } from './membership-role.enum';
import type { Party } from './party.entity';
import type { User } from './user.entity';

@Entity()
@Unique('membership_user_party', ['userId', 'partyId'])
@ObjectType({ implements: Node, description: 'A person’s membership of a party (lidmaatschap), with a role.' })
export class Membership extends BaseEntity {
  @Index()
  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne('User', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: User;

  @Index()
  @Column({ type: 'uuid' })
  partyId!: string;

  @ManyToOne('Party', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'party_id' })
  party?: Party;

  @Field(() => MembershipRole, { description: 'What the member may do for the party.' })
  @Column({ type: 'enum', enum: MembershipRole, enumName: 'membership_role' })
  role!: MembershipRole;

  @Field(() => Int, { description: 'Optimistic-concurrency version; send it back with an update.' })
  @Column({ type: 'int', default: 1 })
  version!: number;
}
