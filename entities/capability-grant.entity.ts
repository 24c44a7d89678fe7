import { Field, ObjectType } from 'type-graphql';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { Node, SourcedEntity } from './base.entity';
import { Capability, CapabilityScope, Grantee } from './capability.enum';
import { MembershipRole } from './membership-role.enum';
import { PartyKind } from './party-kind.enum';
import type { Party } from './party.entity';
import type { Responsibility } from './responsibility.entity';
import type { Sector } from './sector.entity';

/** One row of the capability matrix: who gets a capability, from which role, over whose records. */
@Entity()
@Check('capability_grant_one_sector_binding', `"sector_id" IS NULL OR "excluded_sector_id" IS NULL`)
@Check(
  'capability_grant_grantee',
  `("grantee" = 'PARTY_KIND') = ("party_kind" IS NOT NULL) AND ("grantee" = 'PARTY') = ("party_id" IS NOT NULL)`,
)
@ObjectType({
  implements: [Node, SourcedEntity],
  description:
    'A row of the capability matrix (bevoegdhedenmatrix): which members get a capability, from which role, over whose records, and the documented responsibility it derives from. Changing policy is changing these rows.',
})
export class CapabilityGrant extends SourcedEntity {
  @Field(() => Capability, { description: 'The capability granted.' })
  @Column({ type: 'enum', enum: Capability, enumName: 'capability' })
  capability!: Capability;

  @Field(() => Grantee, { description: 'Who receives it.' })
  @Column({ type: 'enum', enum: Grantee, enumName: 'grantee' })
  grantee!: Grantee;

  @Field(() => PartyKind, { nullable: true, description: 'The kind of party, when granted per kind.' })
  @Column({ type: 'enum', enum: PartyKind, enumName: 'party_kind', nullable: true })
  partyKind!: PartyKind | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  partyId!: string | null;

  @ManyToOne('Party', { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'party_id' })
  party?: Party | null;

  /** The one sector whose records the grant reaches (ZE&GG coordinates msz agendas only); null for every sector. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  sectorId!: string | null;

  @ManyToOne('Sector', { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'sector_id' })
  sector?: Sector | null;

  /**
   * The one sector whose records the grant does not reach (Zorginstituut coordinates the agendas of every sector
   * but msz, which ZE&GG coordinates); null for none. Never together with `sectorId`.
   */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  excludedSectorId!: string | null;

  @ManyToOne('Sector', { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'excluded_sector_id' })
  excludedSector?: Sector | null;

  @Field(() => MembershipRole, { description: 'The least role a member needs (ignored for operators).' })
  @Column({ type: 'enum', enum: MembershipRole, enumName: 'membership_role' })
  minRole!: MembershipRole;

  @Field(() => CapabilityScope, { description: 'Whose records it reaches.' })
  @Column({ type: 'enum', enum: CapabilityScope, enumName: 'capability_scope' })
  scope!: CapabilityScope;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  responsibilityId!: string | null;

  @ManyToOne('Responsibility', { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'responsibility_id' })
  responsibility?: Responsibility | null;

  @Field({ description: 'Why this grant follows from the responsibility (docs/domain.md, “Who may do what”).' })
  @Column({ type: 'text' })
  rationale!: string;
}
