import { ArrayMaxSize, IsOptional } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: 'Narrows the audit trail. All given conditions must hold.' })
export class AuditEventFilter {
  @Field(() => ID, { nullable: true, description: 'Only changes to this record (any global id).' })
  entityId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only changes made by this user.' })
  actorId?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description:
      'Only changes to records of, or made for, one of these parties, as each reads its own trail: its records, the links it is a side of, and the deliverables it is accountable for with their milestones and status updates, and the package signals it reads (raised, co-signed or addressed to it).',
  })
  @IsOptional()
  @ArrayMaxSize(50)
  partyIds?: string[] | null;

  @Field(() => ID, {
    nullable: true,
    deprecationReason: 'Use partyIds.',
    description: 'Only changes to records of, or made for, this party, as `partyIds` counts them.',
  })
  partyId?: string | null;

  @Field(() => Date, { nullable: true, description: 'Only changes at or after this moment.' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Only changes before this moment.' })
  to?: Date | null;
}
