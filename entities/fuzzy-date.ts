import { IsOptional, MaxLength } from 'class-validator';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, InputType, ObjectType, registerEnumType } from 'type-graphql';
import { Column } from 'typeorm';

export enum DatePrecision {
  DAY = 'DAY',
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
  HALF = 'HALF',
  SEASON = 'SEASON',
  YEAR = 'YEAR',
  RANGE = 'RANGE',
}

registerEnumType(DatePrecision, {
  name: 'DatePrecision',
  description: 'How exact a fuzzy date (vage datum) is, as the documents state it.',
  valuesConfig: {
    DAY: { description: 'A day: “1 juli 2025”.' },
    MONTH: { description: 'A month: “september 2024”; “medio” is read as June–July.' },
    QUARTER: { description: 'A quarter: “Q3 2025”; “begin” is read as the first quarter.' },
    HALF: { description: 'A half year: “tweede helft 2023”.' },
    SEASON: { description: 'A season: “zomer 2025” is June–August.' },
    YEAR: { description: 'A year: “in 2026”.' },
    RANGE: { description: 'A span, e.g. a deadline (“uiterlijk begin 2026”) from the document’s date.' },
  },
});

/**
 * A date as the documents give it: “medio 2025”, “Q3 2025”, “uiterlijk begin 2026”. Stored as the
 * earliest and latest day it can mean, the precision and the original words. Embedded in the tables
 * that use it (columns `<prefix>_label`, `<prefix>_earliest`, …).
 */
@ObjectType({
  description: 'A fuzzy date (vage datum): earliest and latest day it can mean, its precision and the original label.',
})
export class FuzzyDate {
  @Field(() => String, { nullable: true, description: 'The original words, e.g. “medio 2025” or “Q3 2025”.' })
  @Column({ type: 'text', nullable: true })
  label!: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'First day the date can mean.' })
  @Column({ type: 'date', nullable: true })
  earliest!: string | null;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'Last day the date can mean; “overdue” means this has passed.',
  })
  @Column({ type: 'date', nullable: true })
  latest!: string | null;

  @Field(() => DatePrecision, { nullable: true, description: 'How exact the date is.' })
  @Column({ type: 'enum', enum: DatePrecision, enumName: 'date_precision', nullable: true })
  precision!: DatePrecision | null;
}

@InputType({ description: 'A fuzzy date: the label as people write it, and the span it means.' })
export class FuzzyDateInput {
  @Field(() => String, { nullable: true, description: 'The words, e.g. “Q3 2025”.' })
  @IsOptional()
  @MaxLength(200)
  label?: string | null;

  @Field(() => LocalDateResolver, { description: 'First day it can mean.' })
  earliest!: string;

  @Field(() => LocalDateResolver, { description: 'Last day it can mean (on or after `earliest`).' })
  latest!: string;

  @Field(() => DatePrecision, { description: 'How exact it is.' })
  precision!: DatePrecision;
}
