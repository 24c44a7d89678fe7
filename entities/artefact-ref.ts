import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column } from 'typeorm';
import { OutputTargetType } from './deliverable.enums';

/**
 * The record whose progress a status update or status change reports (bron): an agenda that was
 * adopted, an assessment that was published, … Embedded as `source_type`, `source_key`, `source_label`.
 */
@ObjectType({
  description:
    'The record a derived report cites (bron): its kind, stable key and what happened to it, e.g. “versie 2 vastgesteld”.',
})
export class ArtefactRef {
  @Field(() => OutputTargetType, { description: 'Kind of record (soort).' })
  @Column({ type: 'enum', enum: OutputTargetType, enumName: 'output_target_type', nullable: true })
  type!: OutputTargetType | null;

  @Field(() => String, { description: 'Its stable `key` (sleutel).' })
  @Column({ type: 'text', nullable: true })
  key!: string | null;

  @Field(() => String, { description: 'What happened to it (gebeurtenis), in words.' })
  @Column({ type: 'text', nullable: true })
  label!: string | null;
}

export enum OutputReachedAction {
  COMPLETE = 'COMPLETE',
  SUGGEST = 'SUGGEST',
}

registerEnumType(OutputReachedAction, {
  name: 'OutputReachedAction',
  description: 'What a deliverable does when one of its outputs reaches its goal (bij gereedkomen van het resultaat).',
  valuesConfig: {
    COMPLETE: { description: 'Afronden: the deliverable becomes DONE, citing the output.' },
    SUGGEST: {
      description: 'Voorstellen: a derived status update suggests DONE to the owners, who decide.',
    },
  },
});
