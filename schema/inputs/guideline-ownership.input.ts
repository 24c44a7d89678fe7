import { Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';

@InputType({
  description:
    'An invitation to co-own a guideline and the version you read: to accept or decline it (the invited association) or withdraw it (an owner).',
})
export class DecideGuidelineOwnerInvitationInput {
  @Field(() => ID, { description: 'The invitation (GuidelineOwnerInvitation).' })
  id!: string;

  @Field(() => Int, { description: 'The version you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;
}
