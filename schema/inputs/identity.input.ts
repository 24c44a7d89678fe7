import { IsEmail, IsOptional, Length, MaxLength, Min } from 'class-validator';
import { NotBlank } from './not-blank';
import { Field, ID, InputType, Int } from 'type-graphql';
import { MembershipRole } from '../../entities/membership-role.enum';

@InputType({ description: 'Changes to a party’s profile. Omitted fields stay as they are.' })
export class UpdatePartyInput {
  @Field(() => ID, { description: 'The party.' })
  id!: string;

  @Field(() => Int, { description: 'The version you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;

  @Field(() => String, { nullable: true, description: 'Short name or abbreviation.' })
  @IsOptional()
  @Length(1, 80)
  @NotBlank()
  shortName?: string | null;

  @Field(() => String, { nullable: true, description: 'What the party is and does.' })
  @IsOptional()
  @MaxLength(4000)
  description?: string | null;
}

@InputType({ description: 'Adds a person to a party; the account is created when the e-mail address is new.' })
export class AddMembershipInput {
  @Field(() => ID, { description: 'The party.' })
  partyId!: string;

  @Field({ description: 'E-mail address of the person (case is ignored).' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Display name, used when the account is new (without one: “Nieuw lid”, never the address).',
  })
  @IsOptional()
  @Length(1, 200)
  @NotBlank()
  name?: string | null;

  @Field(() => MembershipRole, { description: 'The role within the party.' })
  role!: MembershipRole;
}

@InputType({ description: 'Changes a member’s role.' })
export class UpdateMembershipInput {
  @Field(() => ID, { description: 'The membership.' })
  id!: string;

  @Field(() => Int, { description: 'The version you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;

  @Field(() => MembershipRole, { description: 'The new role.' })
  role!: MembershipRole;
}

@InputType({ description: 'Removes a member from a party.' })
export class RemoveMembershipInput {
  @Field(() => ID, { description: 'The membership.' })
  id!: string;

  @Field(() => Int, { description: 'The version you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;
}

@InputType({ description: 'Deactivates or reactivates an account (operators).' })
export class SetUserActiveInput {
  @Field(() => ID, { description: 'The user.' })
  id!: string;

  @Field(() => Int, { description: 'The version you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;

  @Field({
    description:
      'False deactivates the account: it signs in no more and its tokens stop working at once. True reactivates it.',
  })
  active!: boolean;
}
