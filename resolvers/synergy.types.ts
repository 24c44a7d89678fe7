import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Guideline, Party, SynergyLink, SynergyTrajectory, Sector, User } from '../entities';
import { SynergyAlignment, SynergyConflictKind, SynergyLinkSide } from '../entities/synergy.enums';
import { PageInfo } from '../schema/connection';
import type { SynergyConflictRow } from '../server/services/synergy/synergy-conflict.service';
import type { OverviewCounts } from '../server/services/synergy/synergy-conflict.service';

@ObjectType({
  description:
    'A conflict (tegenstrijdigheid) between guidelines and package assessments, kept up to date at every commit and explained in words.',
})
export class SynergyConflict {
  @Field({
    description: 'Stable key of this conflict (kind and the records involved); also its sort key. Not a node id.',
  })
  key!: string;

  @Field(() => SynergyConflictKind, { description: 'Which rule found it.' })
  kind!: SynergyConflictKind;

  /** Formatted when read (SynergyConflictResolver.explanation). */
  @Field({ description: 'What is wrong, in words.' })
  explanation?: string;

  @Field(() => LocalDateResolver, { nullable: true, description: 'For GUIDELINE_REVIEW_OVERDUE: the review-due date.' })
  reviewDueOn!: string | null;

  row!: SynergyConflictRow;
}

@ObjectType({ description: 'A page of computed conflicts (tegenstrijdigheden).' })
export class SynergyConflictConnection {
  @Field(() => [SynergyConflict], { description: 'The conflicts of this page, by kind.' })
  nodes!: SynergyConflict[];

  @Field(() => PageInfo, { description: 'Where this page starts and ends.' })
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'Number of conflicts matching the filter, over all pages.' })
  totalCount!: number;
}

@ObjectType({ description: 'How many links have one alignment (aansluiting).' })
export class AlignmentCount {
  @Field(() => SynergyAlignment, { description: 'The alignment.' })
  alignment!: SynergyAlignment;

  @Field(() => Int, { description: 'Number of links.' })
  count!: number;
}

@ObjectType({ description: 'How many open conflicts of one kind (soort tegenstrijdigheid).' })
export class ConflictKindCount {
  @Field(() => SynergyConflictKind, { description: 'The kind.' })
  kind!: SynergyConflictKind;

  @Field(() => Int, { description: 'Number of conflicts.' })
  count!: number;
}

@ObjectType({
  description: 'Counts of synergy links and conflicts (stand van de synergie) for a sector or trajectory.',
})
export class SynergyCounts {
  @Field(() => Int, { description: 'Links the viewer can see.' })
  totalLinks!: number;

  @Field(() => Int, { description: 'Links confirmed by both sides (bevestigd).' })
  confirmedLinks!: number;

  @Field(() => Int, { description: 'Links awaiting the guideline owner’s confirmation.' })
  awaitingGuidelineOwnerConfirmation!: number;

  @Field(() => Int, { description: 'Links awaiting the assessor’s (Zorginstituut) confirmation.' })
  awaitingAssessorConfirmation!: number;

  @Field(() => Int, { description: 'Links with an open dispute (betwist).' })
  disputedLinks!: number;

  @Field(() => [AlignmentCount], { description: 'Links per alignment, every alignment listed.' })
  linksByAlignment!: AlignmentCount[];

  @Field(() => Int, { description: 'Open conflicts (published records only).' })
  openConflicts!: number;

  @Field(() => [ConflictKindCount], { description: 'Open conflicts per kind, every kind listed.' })
  conflictsByKind!: ConflictKindCount[];

  @Field(() => SynergyLink, {
    nullable: true,
    description: 'The link that has waited longest for confirmation (oudste onbevestigde koppeling).',
  })
  oldestUnreviewedLink!: SynergyLink | null;

  static from(counts: OverviewCounts, oldest: SynergyLink | null): SynergyCounts {
    return Object.assign(new SynergyCounts(), {
      totalLinks: counts.totalLinks,
      confirmedLinks: counts.confirmedLinks,
      awaitingGuidelineOwnerConfirmation: counts.awaitingGuidelineOwner,
      awaitingAssessorConfirmation: counts.awaitingAssessor,
      disputedLinks: counts.disputedLinks,
      linksByAlignment: counts.byAlignment,
      openConflicts: counts.openConflicts,
      conflictsByKind: counts.conflictsByKind,
      oldestUnreviewedLink: oldest,
    });
  }
}

@ObjectType({ description: 'The counts of one synergy trajectory (synergietraject).' })
export class SynergyTrajectoryOverview {
  @Field(() => SynergyTrajectory, { description: 'The trajectory.' })
  trajectory!: SynergyTrajectory;

  @Field(() => SynergyCounts, { description: 'Its links and conflicts.' })
  counts!: SynergyCounts;
}

@ObjectType({ description: 'Overview of synergy (synergie-overzicht) for a sector, or for all sectors.' })
export class SynergyOverview {
  @Field(() => Sector, { nullable: true, description: 'The sector; null for all sectors.' })
  sector!: Sector | null;

  @Field(() => SynergyCounts, { description: 'Links and conflicts in the sector.' })
  counts!: SynergyCounts;

  @Field(() => [SynergyTrajectoryOverview], { description: 'The same per trajectory of the sector.' })
  trajectories!: SynergyTrajectoryOverview[];
}

@ObjectType({ description: 'One side’s confirmation of a link (bevestiging).' })
export class SynergyLinkConfirmation {
  @Field(() => SynergyLinkSide, { description: 'Which side confirmed.' })
  side!: SynergyLinkSide;

  @Field({ description: 'When.' })
  confirmedAt!: Date;

  @Field(() => User, { nullable: true, description: 'Who; null when the viewer may not see that person.' })
  confirmedBy!: User | null;

  @Field(() => Party, { nullable: true, description: 'For which party.' })
  party!: Party | null;
}

@ObjectType({ description: 'An open dispute on a link (bezwaar / geschil), until Zorginstituut resolves it.' })
export class SynergyLinkDispute {
  @Field(() => SynergyLinkSide, { description: 'Which side disputes.' })
  side!: SynergyLinkSide;

  @Field({ description: 'Why (reden).' })
  reason!: string;

  @Field({ description: 'When.' })
  disputedAt!: Date;

  @Field(() => User, { nullable: true, description: 'Who; null when the viewer may not see that person.' })
  disputedBy!: User | null;

  @Field(() => Party, { nullable: true, description: 'For which party.' })
  party!: Party | null;
}

@ObjectType({ description: 'Result of a batch of link changes (upsertGuidelineLinks), all applied together.' })
export class UpsertGuidelineLinksPayload {
  @Field(() => Guideline, { description: 'The guideline.' })
  guideline!: Guideline;

  @Field(() => [SynergyLink], {
    nullable: 'items',
    description: 'Per input item, in order: the stored link, or null for a removed one.',
  })
  links!: (SynergyLink | null)[];

  @Field(() => Int, { description: 'Links created.' })
  created!: number;

  @Field(() => Int, { description: 'Links changed (their confirmations were reset).' })
  updated!: number;

  @Field(() => Int, { description: 'Links removed.' })
  removed!: number;

  @Field(() => Int, { description: 'Items that matched the stored link exactly (nothing changed).' })
  unchanged!: number;
}

@ObjectType({ description: 'Result of removing a recommendation.' })
export class RemoveRecommendationPayload {
  @Field(() => ID, { description: 'Global id of the removed recommendation.' })
  removedRecommendationId!: string;
}

@ObjectType({ description: 'Result of removing a synergy link.' })
export class RemoveSynergyLinkPayload {
  @Field(() => ID, { description: 'Global id of the removed link.' })
  removedSynergyLinkId!: string;
}
