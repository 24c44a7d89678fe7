import { ArrayMaxSize, IsOptional, Length, MaxLength, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { PackageSignalKind, PackageSignalStatus } from '../../entities/package-signal.enums';
import { AssessmentKind } from '../../entities/synergy.enums';
import { NotBlank } from './not-blank';

@InputType({ description: 'A package signal (pakketsignaal) to raise to the Zorginstituut.' })
export class RaisePackageSignalInput {
  @Field(() => PackageSignalKind, {
    nullable: true,
    description:
      'SIGNAL (default) or ZORG_ADVIES_TRAJECT (a Zorg Advies Traject put forward for a duiding), both SIGNAL_PACKAGE_ISSUES; or ASSESSMENT_REQUEST (a request for an assessment, REQUEST_PACKAGE_ASSESSMENT). A kind your party may not raise is FORBIDDEN.',
  })
  kind?: PackageSignalKind | null;

  @Field({ description: 'Title (onderwerp).' })
  @Length(1, 300)
  @NotBlank()
  title!: string;

  @Field({ description: 'The signal: what the party sees and asks the Zorginstituut to look at.' })
  @Length(1, 8000)
  @NotBlank()
  description!: string;

  @Field(() => ID, { nullable: true, description: 'The intervention (zorgvorm) it is about.' })
  interventionId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The sector (zorgsector) it is about.' })
  sectorId?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description:
      'Parties you ask to co-sign it: other insurers (a Zorg Advies Traject is run by insurers together), for a request for an assessment also provider associations and VWS. Each co-signs only once an editor of it accepts.',
  })
  @IsOptional()
  @ArrayMaxSize(20)
  coSigningPartyIds?: string[] | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The party you raise it for; by default your first party that may raise this kind.',
  })
  partyId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'The party you address it to, which answers it: one whose members hold PUBLISH_ASSESSMENTS for it (the Zorginstituut). By default the one party that does; needed only when several do.',
  })
  addresseePartyId?: string | null;
}

@InputType({ description: 'Changes to an OPEN package signal; omitted fields stay as they are.' })
export class UpdatePackageSignalInput {
  @Field(() => ID, { description: 'The signal.' })
  id!: string;

  @Field(() => Int, { description: 'The version you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;

  @Field(() => String, { nullable: true, description: 'Title (onderwerp).' })
  @IsOptional()
  @Length(1, 300)
  @NotBlank()
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'The signal.' })
  @IsOptional()
  @Length(1, 8000)
  @NotBlank()
  description?: string | null;

  @Field(() => ID, { nullable: true, description: 'The intervention; null clears it.' })
  interventionId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The sector; null clears it.' })
  sectorId?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description:
      'The parties you ask to co-sign, replacing the present list: new ones (and ones that declined) are asked, the ones left out are withdrawn.',
  })
  @IsOptional()
  @ArrayMaxSize(20)
  coSigningPartyIds?: string[] | null;
}

@InputType({ description: 'Withdraws an OPEN package signal (intrekken).' })
export class WithdrawPackageSignalInput {
  @Field(() => ID, { description: 'The signal.' })
  id!: string;

  @Field(() => Int, { description: 'The version you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;
}

@InputType({
  description:
    'Takes up an OPEN package signal (oppakken): links it to an assessment of yours, or to a new draft assessment at stage SIGNAL (give `assessmentTitle` instead of `assessmentId`).',
})
export class TakeUpPackageSignalInput {
  @Field(() => ID, { description: 'The signal.' })
  id!: string;

  @Field(() => Int, { description: 'The version you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;

  @Field(() => ID, { nullable: true, description: 'An existing package assessment of yours.' })
  assessmentId?: string | null;

  @Field(() => String, { nullable: true, description: 'Title of a new draft assessment (stage SIGNAL).' })
  @IsOptional()
  @Length(1, 300)
  @NotBlank()
  assessmentTitle?: string | null;

  @Field(() => AssessmentKind, {
    nullable: true,
    description:
      'Kind of the new assessment; default DUIDING for a Zorg Advies Traject, else STANDPUNT (a request for an assessment yields a standpunt).',
  })
  assessmentKind?: AssessmentKind | null;

  @Field(() => String, { nullable: true, description: 'Why, or what happens next (toelichting).' })
  @IsOptional()
  @MaxLength(4000)
  reasoning?: string | null;
}

@InputType({ description: 'Declines an OPEN package signal (niet oppakken), with the reasoning.' })
export class DeclinePackageSignalInput {
  @Field(() => ID, { description: 'The signal.' })
  id!: string;

  @Field(() => Int, { description: 'The version you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;

  @Field({ description: 'Why the Zorginstituut does not take it up (motivering).' })
  @Length(1, 4000)
  @NotBlank()
  reasoning!: string;
}

@InputType({ description: 'Only package signals matching all conditions.' })
export class PackageSignalFilter {
  @Field(() => PackageSignalStatus, { nullable: true, description: 'Only signals with this status.' })
  status?: PackageSignalStatus | null;
}

@InputType({
  description:
    'An invitation to co-sign a package signal, to accept or decline for the invited party (an editor of it), and the signal’s version.',
})
export class DecidePackageSignalCoSigningInput {
  @Field(() => ID, { description: 'The signal.' })
  id!: string;

  @Field(() => Int, { description: 'The version of the signal you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;

  @Field(() => ID, {
    nullable: true,
    description: 'The invited party you answer for; by default your first party asked to co-sign it.',
  })
  partyId?: string | null;
}

@InputType({
  description:
    'Withdraws an invitation to co-sign a package signal, or a co-signer (the raising party’s editors), with the signal’s version.',
})
export class WithdrawPackageSignalCoSigningInput {
  @Field(() => ID, { description: 'The signal.' })
  id!: string;

  @Field(() => Int, { description: 'The version of the signal you last read; a stale one returns CONFLICT.' })
  @Min(1)
  version!: number;

  @Field(() => ID, { description: 'The party asked to co-sign.' })
  partyId!: string;
}
