import { Field, ObjectType } from 'type-graphql';

/** A pointer into a source document; stored as JSON on the record that cites it. */
@ObjectType({ description: 'A source (bron) for a record: the document and the verbatim quote that supports it.' })
export class SourceRef {
  @Field({ description: 'File name of the source document (Dutch policy document), e.g. `004_92bfb9aff6124d7a.txt`.' })
  document!: string;

  @Field({ description: 'Verbatim quote from the document, in its original language (Dutch), typing errors kept.' })
  quote!: string;

  @Field(() => String, { nullable: true, description: 'Where in the document, when known (section, page).' })
  locator?: string | null;
}
