import { Field, Int, ObjectType } from 'type-graphql';
import { Check, Column, Entity } from 'typeorm';
import { BaseEntity, Node } from './base.entity';

@Entity()
@Check('user_email_lower_case', 'email = lower(email)')
@ObjectType({
  implements: Node,
  description: 'A person who uses the platform (gebruiker), member of one or more parties.',
})
export class User extends BaseEntity {
  /** Stored lower-case; unique. Shown only to the person, operators and admins of their parties. */
  @Column({ type: 'text', unique: true })
  email!: string;

  @Field({ description: 'Display name.' })
  @Column({ type: 'text' })
  name!: string;

  @Field({ description: 'Platform operator (beheerder van het platform): manages users and every party’s members.' })
  @Column({ type: 'boolean', default: false })
  isOperator!: boolean;

  /** Subject (`sub`) at the OpenID Connect provider, once linked. */
  @Column({ type: 'text', unique: true, nullable: true })
  externalSubject!: string | null;

  @Field({ description: 'False for deactivated accounts, which cannot sign in.' })
  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Field({ description: 'True for demo accounts that are not real people.' })
  @Column({ type: 'boolean', default: false })
  synthetic!: boolean;

  @Field(() => Int, { description: 'Optimistic-concurrency version; send it back with an update.' })
  @Column({ type: 'int', default: 1 })
  version!: number;
}
