import { AssessmentStage } from '../../entities/package-cycle.enums';
import { ArrayMaxSize, IsOptional, IsUrl, Length, MaxLength, Min, ValidateNested } from 'class-validator';
import { NotBlank } from './not-blank';
import { LocalDateResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { FuzzyDateInput } from '../../entities/fuzzy-date';
import {
  AssessmentKind,
  AssessmentOutcome,
  CriterionVerdict,
  EvidenceCertainty,
  GuidelineStatus,
  RecommendationKind,
  RecommendationStrength,
  SynergyAlignment,
  SynergyConflictKind,
  SynergyLinkSide,
  SynergyLinkType,
} from '../../entities/synergy.enums';

const URL_OPTIONS = { require_protocol: true, protocols: ['http', 'https'] };

// ---- guidelines and recommendations ----

@InputType({ description: 'A new guideline (richtlijn); it starts IN_DEVELOPMENT (a draft) unless said otherwise.' })
export class CreateGuidelineInput {
  @Field({ description: 'Title (titel).' })
  @Length(1, 500)
  @NotBlank()
  title!: string;

  @Field(() => [ID], {
    description:
      'Owning associations (eigenaren); you must be an editor of at least one. The first of them you edit for owns the guideline at once; each other one is invited (GuidelineOwnerInvitation) and becomes an owner only when it accepts.',
  })
  @ArrayMaxSize(20)
  ownerPartyIds!: string[];

  @Field(() => [ID], { nullable: true, description: 'Sectors (zorgsectoren) the guideline is about.' })
  @IsOptional()
  @ArrayMaxSize(20)
  sectorIds?: string[] | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Review-due date (herzieningsdatum).' })
  @IsOptional()
  reviewDueOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Where it is published (http or https URL).' })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @MaxLength(2000)
  externalUrl?: string | null;
}

@InputType({ description: 'Changes to a guideline. Omitted fields stay as they are.' })
export class UpdateGuidelineInput {
  @Field(() => ID, { description: 'The guideline.' })
  id!: string;

  @Field(() => Int, { description: 'The version you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;

  @Field(() => String, { nullable: true, description: 'Title (titel).' })
  @IsOptional()
  @Length(1, 500)
  @NotBlank()
  title?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description:
      'Owning associations (replaces the list): an association added is invited (GuidelineOwnerInvitation) and becomes an owner only when it accepts; leave out your own to give up its ownership (its confirmations of the links go with it). The other owners stay, and at least one current owner must remain (a pending invitation does not count). Pending invitations are not in this list and stay as they are.',
  })
  @IsOptional()
  @ArrayMaxSize(20)
  ownerPartyIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Sectors (replaces the list).' })
  @IsOptional()
  @ArrayMaxSize(20)
  sectorIds?: string[] | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Review-due date (herzieningsdatum).' })
  @IsOptional()
  reviewDueOn?: string | null;

  @Field(() => String, { nullable: true, description: 'Where it is published (http or https URL).' })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @MaxLength(2000)
  externalUrl?: string | null;
}

@InputType({
  description:
    'Publishes a (new) edition of a guideline (publiceren): edition +1, status PUBLISHED; its confirmed links go to NEEDS_REVIEW.',
})
export class PublishGuidelineVersionInput {
  @Field(() => ID, { description: 'The guideline.' })
  id!: string;

  @Field(() => Int, { description: 'The version you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;

  @Field(() => LocalDateResolver, { nullable: true, description: 'Publication date; today when omitted.' })
  @IsOptional()
  publishedOn?: string | null;

  @Field(() => LocalDateResolver, { nullable: true, description: 'New review-due date (herzieningsdatum).' })
  @IsOptional()
  reviewDueOn?: string | null;
}

@InputType({
  description: 'Moves a guideline to UNDER_REVISION or WITHDRAWN (publishing is `publishGuidelineVersion`).',
})
export class ChangeGuidelineStatusInput {
  @Field(() => ID, { description: 'The guideline.' })
  id!: string;

  @Field(() => Int, { description: 'The version you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;

  @Field(() => GuidelineStatus, { description: 'The next status.' })
  status!: GuidelineStatus;
}

@InputType({ description: 'A new recommendation (aanbeveling) in a guideline.' })
export class CreateRecommendationInput {
  @Field(() => ID, { description: 'The guideline.' })
  guidelineId!: string;

  @Field({ description: 'The recommendation text.' })
  @Length(1, 10000)
  @NotBlank()
  text!: string;

  @Field(() => RecommendationKind, { description: 'Doen, niet doen or overwegen.' })
  kind!: RecommendationKind;

  @Field(() => ID, { nullable: true, description: 'The intervention (zorgvorm) it is about.' })
  @IsOptional()
  interventionId?: string | null;

  @Field(() => String, { nullable: true, description: 'Population or indication.' })
  @IsOptional()
  @MaxLength(2000)
  population?: string | null;

  @Field(() => RecommendationStrength, { nullable: true, description: 'Strength (sterkte).' })
  @IsOptional()
  strength?: RecommendationStrength | null;

  @Field(() => EvidenceCertainty, { nullable: true, description: 'Certainty of the evidence (GRADE).' })
  @IsOptional()
  evidenceCertainty?: EvidenceCertainty | null;
}

@InputType({ description: 'Changes to a recommendation. Omitted fields stay as they are.' })
export class UpdateRecommendationInput {
  @Field(() => ID, { description: 'The recommendation.' })
  id!: string;

  @Field(() => Int, { description: 'The version you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;

  @Field(() => String, { nullable: true, description: 'The recommendation text.' })
  @IsOptional()
  @Length(1, 10000)
  @NotBlank()
  text?: string | null;

  @Field(() => RecommendationKind, { nullable: true, description: 'Doen, niet doen or overwegen.' })
  @IsOptional()
  kind?: RecommendationKind | null;

  @Field(() => ID, { nullable: true, description: 'The intervention (zorgvorm).' })
  @IsOptional()
  interventionId?: string | null;

  @Field(() => String, { nullable: true, description: 'Population or indication.' })
  @IsOptional()
  @MaxLength(2000)
  population?: string | null;

  @Field(() => RecommendationStrength, { nullable: true, description: 'Strength (sterkte).' })
  @IsOptional()
  strength?: RecommendationStrength | null;

  @Field(() => EvidenceCertainty, { nullable: true, description: 'Certainty of the evidence (GRADE).' })
  @IsOptional()
  evidenceCertainty?: EvidenceCertainty | null;
}

@InputType({ description: 'Removes a recommendation (and its links).' })
export class RemoveRecommendationInput {
  @Field(() => ID, { description: 'The recommendation.' })
  id!: string;

  @Field(() => Int, { description: 'The version you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;
}

// ---- package assessments ----

@InputType({ description: 'The verdict on one package criterion (oordeel per pakketcriterium).' })
export class CriterionVerdictInput {
  @Field(() => ID, { description: 'The package criterion.' })
  criterionId!: string;

  @Field(() => CriterionVerdict, { description: 'The verdict.' })
  verdict!: CriterionVerdict;

  @Field(() => String, { nullable: true, description: 'Why (motivering).' })
  @IsOptional()
  @MaxLength(4000)
  explanation?: string | null;
}

@InputType({ description: 'A new package assessment (pakketbeoordeling); a draft until published.' })
export class CreatePackageAssessmentInput {
  @Field({ description: 'Title (titel).' })
  @Length(1, 500)
  @NotBlank()
  title!: string;

  @Field(() => AssessmentKind, { description: 'Standpunt, pakketadvies or duiding.' })
  kind!: AssessmentKind;

  @Field(() => ID, { nullable: true, description: 'Assessing party; your own party when omitted.' })
  @IsOptional()
  assessorPartyId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The intervention (zorgvorm).' })
  @IsOptional()
  interventionId?: string | null;

  @Field(() => String, { nullable: true, description: 'Indication (indicatie).' })
  @IsOptional()
  @MaxLength(2000)
  indication?: string | null;

  @Field(() => ID, { nullable: true, description: 'Sector.' })
  @IsOptional()
  sectorId?: string | null;

  @Field(() => AssessmentOutcome, { nullable: true, description: 'Outcome (uitkomst).' })
  @IsOptional()
  outcome?: AssessmentOutcome | null;

  @Field(() => String, { nullable: true, description: 'Conditions (voorwaarden).' })
  @IsOptional()
  @MaxLength(4000)
  conditions?: string | null;

  @Field(() => FuzzyDateInput, { nullable: true, description: 'Decision date (besluitdatum), possibly fuzzy.' })
  @IsOptional()
  @ValidateNested()
  decisionDate?: FuzzyDateInput | null;

  @Field(() => String, { nullable: true, description: 'Where it is published (http or https URL).' })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @MaxLength(2000)
  url?: string | null;

  @Field(() => [CriterionVerdictInput], { nullable: true, description: 'Verdicts per package criterion.' })
  @IsOptional()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  verdicts?: CriterionVerdictInput[] | null;

  @Field(() => Boolean, { nullable: true, description: 'Publish at once (default false: a draft).' })
  @IsOptional()
  published?: boolean | null;
}

@InputType({
  description:
    'Changes to a package assessment. Omitted fields stay as they are. A changed outcome puts its confirmed links on NEEDS_REVIEW.',
})
export class UpdatePackageAssessmentInput {
  @Field(() => ID, { description: 'The assessment.' })
  id!: string;

  @Field(() => Int, { description: 'The version you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;

  @Field(() => String, { nullable: true, description: 'Title (titel).' })
  @IsOptional()
  @Length(1, 500)
  @NotBlank()
  title?: string | null;

  @Field(() => ID, { nullable: true, description: 'The intervention (zorgvorm).' })
  @IsOptional()
  interventionId?: string | null;

  @Field(() => String, { nullable: true, description: 'Indication (indicatie).' })
  @IsOptional()
  @MaxLength(2000)
  indication?: string | null;

  @Field(() => ID, { nullable: true, description: 'Sector.' })
  @IsOptional()
  sectorId?: string | null;

  @Field(() => AssessmentOutcome, { nullable: true, description: 'Outcome (uitkomst).' })
  @IsOptional()
  outcome?: AssessmentOutcome | null;

  @Field(() => String, { nullable: true, description: 'Conditions (voorwaarden).' })
  @IsOptional()
  @MaxLength(4000)
  conditions?: string | null;

  @Field(() => FuzzyDateInput, { nullable: true, description: 'Decision date (besluitdatum).' })
  @IsOptional()
  @ValidateNested()
  decisionDate?: FuzzyDateInput | null;

  @Field(() => String, { nullable: true, description: 'Where it is published (http or https URL).' })
  @IsOptional()
  @IsUrl(URL_OPTIONS)
  @MaxLength(2000)
  url?: string | null;

  @Field(() => [CriterionVerdictInput], { nullable: true, description: 'Verdicts per criterion (replaces them).' })
  @IsOptional()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  verdicts?: CriterionVerdictInput[] | null;
}

@InputType({ description: 'Publishes a draft package assessment (publiceren).' })
export class PublishPackageAssessmentInput {
  @Field(() => ID, { description: 'The assessment.' })
  id!: string;

  @Field(() => Int, { description: 'The version you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;
}

// ---- synergy links ----

@InputType({
  description:
    'One link in a batch. A link is identified by (recommendation, or the whole guideline when omitted; assessment; link type): when it exists it is updated (send its `version`), otherwise created; `remove: true` deletes it.',
})
export class GuidelineLinkInput {
  @Field(() => ID, { nullable: true, description: 'The recommendation; omit for a link from the whole guideline.' })
  @IsOptional()
  recommendationId?: string | null;

  @Field(() => ID, { description: 'The package assessment.' })
  assessmentId!: string;

  @Field(() => SynergyLinkType, { description: 'Kind of link.' })
  linkType!: SynergyLinkType;

  @Field(() => SynergyAlignment, {
    nullable: true,
    description: 'Alignment; required for a new link. NEEDS_REVIEW is set by the platform only.',
  })
  @IsOptional()
  alignment?: SynergyAlignment | null;

  @Field(() => String, { nullable: true, description: 'Rationale (onderbouwing).' })
  @IsOptional()
  @MaxLength(4000)
  rationale?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Version you last read; required to change or remove an existing link.',
  })
  @IsOptional()
  @Min(1)
  version?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Remove this link.' })
  @IsOptional()
  remove?: boolean | null;
}

@InputType({ description: 'A batch of link changes from one guideline, applied all together or not at all.' })
export class UpsertGuidelineLinksInput {
  @Field(() => ID, { description: 'The guideline all links start from.' })
  guidelineId!: string;

  @Field(() => [GuidelineLinkInput], { description: 'The links (at most 500).' })
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  links!: GuidelineLinkInput[];
}

@InputType({
  description: 'Changes one synergy link. Omitted fields stay as they are; any change resets both confirmations.',
})
export class UpdateSynergyLinkInput {
  @Field(() => ID, { description: 'The link.' })
  id!: string;

  @Field(() => Int, { description: 'The version you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;

  @Field(() => SynergyAlignment, { nullable: true, description: 'Alignment (not NEEDS_REVIEW).' })
  @IsOptional()
  alignment?: SynergyAlignment | null;

  @Field(() => String, { nullable: true, description: 'Rationale (onderbouwing).' })
  @IsOptional()
  @MaxLength(4000)
  rationale?: string | null;
}

@InputType({ description: 'Removes one synergy link.' })
export class RemoveSynergyLinkInput {
  @Field(() => ID, { description: 'The link.' })
  id!: string;

  @Field(() => Int, { description: 'The version you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;
}

@InputType({ description: 'Confirms a synergy link for one side (bevestigen).' })
export class ConfirmSynergyLinkInput {
  @Field(() => ID, { description: 'The link.' })
  id!: string;

  @Field(() => Int, { description: 'The version you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;

  @Field(() => SynergyLinkSide, { description: 'The side you confirm for.' })
  side!: SynergyLinkSide;
}

@InputType({ description: 'Disputes a synergy link for one side, with a reason (betwisten).' })
export class DisputeSynergyLinkInput {
  @Field(() => ID, { description: 'The link.' })
  id!: string;

  @Field(() => Int, { description: 'The version you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;

  @Field(() => SynergyLinkSide, { description: 'The side you dispute for.' })
  side!: SynergyLinkSide;

  @Field({ description: 'Why (reden).' })
  @Length(1, 4000)
  @NotBlank()
  reason!: string;
}

@InputType({ description: 'Resolves the dispute on a link (geschil beslechten; Zorginstituut).' })
export class ResolveSynergyLinkDisputeInput {
  @Field(() => ID, { description: 'The link.' })
  id!: string;

  @Field(() => Int, { description: 'The version you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;

  @Field({ description: 'How it was resolved (besluit); stored in the link history.' })
  @Length(1, 4000)
  @NotBlank()
  resolution!: string;

  @Field(() => SynergyAlignment, { nullable: true, description: 'New alignment (not NEEDS_REVIEW), if it changes.' })
  @IsOptional()
  alignment?: SynergyAlignment | null;
}

// ---- filters ----

@InputType({ description: 'Narrows a list of guidelines. All given conditions must hold.' })
export class GuidelineFilter {
  @Field(() => [ID], { nullable: true, description: 'Only guidelines for at least one of these sectors.' })
  @IsOptional()
  @ArrayMaxSize(50)
  sectorIds?: string[] | null;

  @Field(() => ID, {
    nullable: true,
    deprecationReason: 'Use sectorIds.',
    description: 'Only guidelines for this sector.',
  })
  sectorId?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Only guidelines owned by at least one of these parties.' })
  @IsOptional()
  @ArrayMaxSize(50)
  ownerPartyIds?: string[] | null;

  @Field(() => ID, {
    nullable: true,
    deprecationReason: 'Use ownerPartyIds.',
    description: 'Only guidelines owned by this party.',
  })
  ownerPartyId?: string | null;

  @Field(() => GuidelineStatus, { nullable: true, description: 'Only guidelines with this status.' })
  status?: GuidelineStatus | null;

  @Field(() => String, { nullable: true, description: 'Words in the title; case and accents are ignored.' })
  @IsOptional()
  @MaxLength(200)
  search?: string | null;
}

@InputType({ description: 'Narrows a list of package assessments. All given conditions must hold.' })
export class PackageAssessmentFilter {
  @Field(() => [ID], { nullable: true, description: 'Only assessments in one of these sectors.' })
  @IsOptional()
  @ArrayMaxSize(50)
  sectorIds?: string[] | null;

  @Field(() => ID, {
    nullable: true,
    deprecationReason: 'Use sectorIds.',
    description: 'Only assessments in this sector.',
  })
  sectorId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only assessments of this intervention.' })
  interventionId?: string | null;

  @Field(() => AssessmentOutcome, { nullable: true, description: 'Only assessments with this outcome.' })
  outcome?: AssessmentOutcome | null;

  @Field(() => AssessmentKind, { nullable: true, description: 'Only assessments of this kind.' })
  kind?: AssessmentKind | null;

  @Field(() => String, { nullable: true, description: 'Words in the title; case and accents are ignored.' })
  @IsOptional()
  @MaxLength(200)
  search?: string | null;

  @Field(() => AssessmentStage, { nullable: true, description: 'Only assessments in this stage of the cycle (fase).' })
  stage?: AssessmentStage | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Only assessments with (true) or without (false) an OPEN condition whose latest due day lies before `asOf` (achterstallige voorwaarde).',
  })
  conditionOverdue?: boolean | null;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'Only conditional admissions (vergoeding in onderzoek) whose end lies before this day.',
  })
  conditionalAdmissionEndingBefore?: string | null;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'The day `conditionOverdue` is judged on (peildatum); default today in Amsterdam.',
  })
  asOf?: string | null;
}

@InputType({ description: 'Narrows a list of synergy links. All given conditions must hold.' })
export class SynergyLinkFilter {
  @Field(() => ID, { nullable: true, description: 'Only links from this guideline (any of its recommendations).' })
  guidelineId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only links to this assessment.' })
  assessmentId?: string | null;

  @Field(() => SynergyAlignment, { nullable: true, description: 'Only links with this alignment.' })
  alignment?: SynergyAlignment | null;

  @Field(() => Boolean, { nullable: true, description: 'Only links confirmed by both sides (true) or not (false).' })
  confirmed?: boolean | null;

  @Field(() => SynergyLinkSide, { nullable: true, description: 'Only links awaiting this side’s confirmation.' })
  awaitingSide?: SynergyLinkSide | null;

  @Field(() => Boolean, { nullable: true, description: 'Only links with an open dispute (true) or without (false).' })
  disputed?: boolean | null;

  @Field(() => [ID], {
    nullable: true,
    description:
      'Only links in at least one of these sectors: their guideline’s or their assessment’s, as the sector overview counts.',
  })
  @IsOptional()
  @ArrayMaxSize(50)
  sectorIds?: string[] | null;

  @Field(() => ID, {
    nullable: true,
    deprecationReason: 'Use sectorIds.',
    description: 'Only links in this sector (their guideline’s or their assessment’s).',
  })
  sectorId?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Only links of one of these parties (guideline owner or assessor).',
  })
  @IsOptional()
  @ArrayMaxSize(50)
  partyIds?: string[] | null;

  @Field(() => ID, {
    nullable: true,
    deprecationReason: 'Use partyIds.',
    description: 'Only links of this party (guideline owner or assessor).',
  })
  partyId?: string | null;
}

@InputType({ description: 'Narrows the computed conflicts (tegenstrijdigheden). All given conditions must hold.' })
export class SynergyConflictFilter {
  @Field(() => [ID], {
    nullable: true,
    description: 'Only conflicts whose guideline or assessment is in at least one of these sectors.',
  })
  @IsOptional()
  @ArrayMaxSize(50)
  sectorIds?: string[] | null;

  @Field(() => ID, {
    nullable: true,
    deprecationReason: 'Use sectorIds.',
    description: 'Only conflicts whose guideline or assessment is in this sector.',
  })
  sectorId?: string | null;

  @Field(() => SynergyConflictKind, { nullable: true, description: 'Only conflicts of this kind.' })
  kind?: SynergyConflictKind | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Only conflicts involving one of these parties (guideline owner or assessor).',
  })
  @IsOptional()
  @ArrayMaxSize(50)
  partyIds?: string[] | null;

  @Field(() => ID, {
    nullable: true,
    deprecationReason: 'Use partyIds.',
    description: 'Only conflicts involving this party (guideline owner or assessor).',
  })
  partyId?: string | null;

  @Field(() => LocalDateResolver, {
    nullable: true,
    description: 'Reference date for “past review-due” (peildatum); today when omitted.',
  })
  asOf?: string | null;
}

@InputType({
  description:
    'Links one recommendation (or a whole guideline) to a package assessment; updates it when the same link exists (send its version then, via upsertGuidelineLinks).',
})
export class LinkRecommendationToAssessmentInput {
  @Field(() => ID, { nullable: true, description: 'The recommendation (aanbeveling).' })
  @IsOptional()
  recommendationId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The guideline, for a link from the whole guideline.' })
  @IsOptional()
  guidelineId?: string | null;

  @Field(() => ID, { description: 'The package assessment.' })
  assessmentId!: string;

  @Field(() => SynergyLinkType, { description: 'Kind of link.' })
  linkType!: SynergyLinkType;

  @Field(() => SynergyAlignment, { description: 'Alignment (not NEEDS_REVIEW).' })
  alignment!: SynergyAlignment;

  @Field(() => String, { nullable: true, description: 'Rationale (onderbouwing).' })
  @IsOptional()
  @MaxLength(4000)
  rationale?: string | null;
}
