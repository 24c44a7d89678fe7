import { registerEnumType } from 'type-graphql';

export enum CriterionStatus {
  LEGAL = 'LEGAL',
  ESTABLISHED = 'ESTABLISHED',
  CANDIDATE = 'CANDIDATE',
}

registerEnumType(CriterionStatus, {
  name: 'CriterionStatus',
  description: 'Standing of a package criterion (pakketcriterium).',
  valuesConfig: {
    LEGAL: { description: 'Laid down in law (wettelijk), e.g. stand van de wetenschap en praktijk.' },
    ESTABLISHED: { description: 'Established in the practice of package management.' },
    CANDIDATE: { description: 'Proposed as a new criterion (e.g. arbeidsinzet, ecologische duurzaamheid).' },
  },
});

export enum CriterionType {
  PACKAGE_CRITERION = 'PACKAGE_CRITERION',
  LEGAL_REQUIREMENT = 'LEGAL_REQUIREMENT',
}

registerEnumType(CriterionType, {
  name: 'CriterionType',
  description: 'Whether the criterion is one of the pakketcriteria or a legal requirement of the Zvw.',
  valuesConfig: {
    PACKAGE_CRITERION: {
      description: 'Pakketcriterium (effectiviteit, kosteneffectiviteit, noodzakelijkheid, uitvoerbaarheid, …).',
    },
    LEGAL_REQUIREMENT: { description: 'Wettelijke eis (e.g. “plegen te bieden”, “redelijkerwijs aangewezen”).' },
  },
});
