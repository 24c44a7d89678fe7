import { ArrayMaxSize, IsOptional } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { EventType } from '../../entities/domain-event.enums';

/** Narrows the change feed, a subscription or a webhook to what a client wants (gebeurtenisfilter). */
@InputType({ description: 'Which domain events (gebeurtenissen) to include; all given conditions must hold.' })
export class EventFilter {
  @Field(() => [EventType], { nullable: true, description: 'Only these kinds of event.' })
  @IsOptional()
  @ArrayMaxSize(50)
  types?: EventType[] | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Only events whose subject is in one of these sectors (at most 20).',
  })
  @IsOptional()
  @ArrayMaxSize(20)
  sectorIds?: string[] | null;

  @Field(() => [ID], {
    nullable: true,
    description:
      'Only events whose subject belongs to one of these parties (partijen) (at most 20); for a party of yours, also the events of a guideline it is invited to co-own while the invitation is PENDING.',
  })
  @IsOptional()
  @ArrayMaxSize(20)
  partyIds?: string[] | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Only events about these records (onderwerpen), by global id (at most 100).',
  })
  @IsOptional()
  @ArrayMaxSize(100)
  subjectIds?: string[] | null;
}
