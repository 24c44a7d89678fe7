import { registerEnumType } from 'type-graphql';

export enum ConsultationTargetKind {
  AGENDA_VERSION = 'AGENDA_VERSION',
  PACKAGE_ASSESSMENT = 'PACKAGE_ASSESSMENT',
  GUIDELINE = 'GUIDELINE',
}

registerEnumType(ConsultationTargetKind, {
  name: 'ConsultationTargetKind',
  description: 'What a consultation round (consultatieronde) is about.',
  valuesConfig: {
    AGENDA_VERSION: { description: 'A draft or consultation version of a research agenda (agendaversie).' },
    PACKAGE_ASSESSMENT: { description: 'A package assessment before publication (concept-standpunt of -advies).' },
    GUIDELINE: { description: 'A guideline edition in development or revision (conceptrichtlijn).' },
  },
});

export enum ConsultationStatus {
  SCHEDULED = 'SCHEDULED',
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
  CONCLUDED = 'CONCLUDED',
}

registerEnumType(ConsultationStatus, {
  name: 'ConsultationStatus',
  description: 'Where a consultation round is (status consultatie), evaluated on a moment (`asOf`).',
  valuesConfig: {
    SCHEDULED: { description: 'Gepland: `opensAt` has not come yet.' },
    OPEN: { description: 'Open: invited parties read the draft and contribute until `closesAt`.' },
    CLOSED: { description: 'Gesloten: `closesAt` has passed; the owner answers every contribution.' },
    CONCLUDED: { description: 'Afgerond: every contribution answered; the draft is the owner’s again.' },
  },
});

export enum ContributionType {
  GENERAL = 'GENERAL',
  IMPACT = 'IMPACT',
  PATIENT_PERSPECTIVE = 'PATIENT_PERSPECTIVE',
  EVIDENCE = 'EVIDENCE',
  PROPOSED_CHANGE = 'PROPOSED_CHANGE',
}

registerEnumType(ContributionType, {
  name: 'ContributionType',
  description: 'Kind of contribution (soort inbreng).',
  valuesConfig: {
    GENERAL: { description: 'Algemene inbreng: any comment.' },
    IMPACT: {
      description:
        'Organisatorische en financiële consequenties: impact on organisation and costs (needs COMMENT_IMPACT: insurers, providers).',
    },
    PATIENT_PERSPECTIVE: {
      description: 'Patiëntperspectief: the patients’ view (needs ADD_PATIENT_PERSPECTIVE: patient organisations).',
    },
    EVIDENCE: { description: 'Bewijs: evidence, with a reference (bronvermelding).' },
    PROPOSED_CHANGE: { description: 'Wijzigingsvoorstel: a concrete change to the text.' },
  },
});

export enum ContributionAnchorKind {
  AGENDA_ITEM = 'AGENDA_ITEM',
  RECOMMENDATION = 'RECOMMENDATION',
  CRITERION_VERDICT = 'CRITERION_VERDICT',
}

registerEnumType(ContributionAnchorKind, {
  name: 'ContributionAnchorKind',
  description: 'The part of the consulted target a contribution is about (onderdeel).',
  valuesConfig: {
    AGENDA_ITEM: { description: 'An item of the consulted agenda version (agendapunt).' },
    RECOMMENDATION: { description: 'A recommendation of the consulted guideline (aanbeveling).' },
    CRITERION_VERDICT: {
      description: 'A criterion verdict of the consulted assessment (oordeel per pakketcriterium).',
    },
  },
});

export enum ResponseKind {
  ACCEPTED = 'ACCEPTED',
  PARTLY_ACCEPTED = 'PARTLY_ACCEPTED',
  NOT_ACCEPTED = 'NOT_ACCEPTED',
  NOTED = 'NOTED',
}

registerEnumType(ResponseKind, {
  name: 'ResponseKind',
  description: 'The owner’s response to a contribution (reactie).',
  valuesConfig: {
    ACCEPTED: { description: 'Overgenomen.' },
    PARTLY_ACCEPTED: { description: 'Deels overgenomen.' },
    NOT_ACCEPTED: { description: 'Niet overgenomen.' },
    NOTED: { description: 'Voor kennisgeving aangenomen.' },
  },
});

export enum TopicCallStatus {
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}

registerEnumType(TopicCallStatus, {
  name: 'TopicCallStatus',
  description: 'Whether a topic call (uitvraag) still takes submissions, on a moment (`asOf`).',
  valuesConfig: {
    OPEN: { description: 'Open: parties submit questions until `closesAt`.' },
    CLOSED: { description: 'Gesloten: the coordinator places chosen questions on the draft.' },
  },
});
