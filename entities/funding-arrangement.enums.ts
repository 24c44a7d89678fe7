import { registerEnumType } from 'type-graphql';
import { AssessmentOutcome } from './synergy.enums';

/** Where the NZa's funding (bekostiging) for admitted care stands. */
export enum FundingArrangementState {
  IN_PREPARATION = 'IN_PREPARATION',
  ESTABLISHED = 'ESTABLISHED',
  WITHDRAWN = 'WITHDRAWN',
}

registerEnumType(FundingArrangementState, {
  name: 'FundingArrangementState',
  description: 'Where the funding (bekostiging) of care admitted to the package stands.',
  valuesConfig: {
    IN_PREPARATION: { description: 'In voorbereiding: the NZa is working out the funding.' },
    ESTABLISHED: {
      description: 'Vastgesteld: the Wmg-prestatie (and, where set, its tariff) is established from `effectiveFrom`.',
    },
    WITHDRAWN: { description: 'Ingetrokken: no longer in force; kept for the record.' },
  },
});

/** Allowed next states; a withdrawn arrangement may be prepared again (keeping the state is no transition). */
export const FUNDING_TRANSITIONS: Record<FundingArrangementState, FundingArrangementState[]> = {
  IN_PREPARATION: [FundingArrangementState.ESTABLISHED, FundingArrangementState.WITHDRAWN],
  ESTABLISHED: [FundingArrangementState.WITHDRAWN],
  WITHDRAWN: [FundingArrangementState.IN_PREPARATION],
};

/**
 * The kind of tariff (tariefsoort), in the words of the documents: a maximum tariff the NZa sets (“Er geldt één
 * maximumtarief”), a fixed tariff (“een vast tarief”), or a free tariff, agreed between insurer and provider
 * (“vrij onderhandelbare tarieven”), for which the NZa sets none.
 */
export enum TariffKind {
  MAXIMUM = 'MAXIMUM',
  FIXED = 'FIXED',
  FREE = 'FREE',
}

registerEnumType(TariffKind, {
  name: 'TariffKind',
  description: 'Kind of tariff (tariefsoort) that goes with a Wmg-prestatie.',
  valuesConfig: {
    MAXIMUM: { description: 'Maximumtarief: the NZa sets a maximum tariff.' },
    FIXED: { description: 'Vast tarief: the NZa sets a fixed tariff.' },
    FREE: { description: 'Vrij tarief: the NZa sets no tariff; insurer and provider agree it (vrij onderhandelbaar).' },
  },
});

/** The tariff kinds that mean the NZa sets a tariff (`tariffSet`); FREE means it sets none. */
export const TARIFF_KINDS_SET: readonly TariffKind[] = [TariffKind.MAXIMUM, TariffKind.FIXED];

/**
 * The outcomes that admit care to the package, for which the NZa works out matching funding (nza-bijpassende-
 * bekostiging): insured, insured under conditions, and conditional admission (covered while research runs).
 */
export const OUTCOMES_ADMITTING_CARE: readonly AssessmentOutcome[] = [
  AssessmentOutcome.INSURED,
  AssessmentOutcome.INSURED_WITH_CONDITIONS,
  AssessmentOutcome.CONDITIONAL_ADMISSION,
];
