import { toGlobalId } from '../schema/global-id';
import { Column, CreateDateColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Field, ID, InterfaceType } from 'type-graphql';
import { SourceRef } from './source-ref';

/** Relay's Node interface: every object type has an opaque global id that `node(id:)` resolves. */
@InterfaceType('Node', {
  description:
    'An object with an opaque, globally unique identifier (Relay Node). Pass the id to `node(id:)` to fetch it again.',
})
export abstract class Node {
  @Field(() => ID, { name: 'id', description: 'Opaque global identifier of this object.' })
  globalId!: string;
}

/** The uuid key every table has, and its global id. */
abstract class KeyedEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The GraphQL type name is the class name; the global id encodes both. */
  get globalId(): string {
    return toGlobalId(this.constructor.name, this.id);
  }
}

/** Columns every table has: a uuid key and timestamps kept by the database. */
export abstract class BaseEntity extends KeyedEntity {
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/**
 * BaseEntity for records a list pages through by `createdAt`: created at millisecond precision, as a
 * JavaScript Date and a page's cursor hold it, so the last row of a page does not sort after its own
 * cursor (see `paginate`). A TypeORM subclass cannot redeclare a column of BaseEntity.
 */
export abstract class PagedByCreationEntity extends KeyedEntity {
  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** A record taken from the policy documents (or marked synthetic when it is not). */
@InterfaceType('Sourced', {
  implements: Node,
  description:
    'A record taken from the policy documents (bronnen), with the quotes that support it; demo records are marked synthetic.',
})
export abstract class SourcedEntity extends BaseEntity {
  @Field({ description: 'Stable human-readable key from the source data (lowercase-kebab), unique per type.' })
  @Column({ type: 'text', unique: true })
  key!: string;

  @Field(() => [SourceRef], {
    description:
      'Where the documents say this (bron): document and verbatim quote. Empty for synthetic records and for platform rules that no document states.',
  })
  @Column({ type: 'jsonb', default: () => "'[]'" })
  sources!: SourceRef[];

  @Field({ description: 'True for demo or volume records that are not taken from the documents.' })
  @Column({ type: 'boolean', default: false })
  synthetic!: boolean;
}
