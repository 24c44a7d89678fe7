import { registerEnumType } from 'type-graphql';

export enum WorkstreamKind {
  PILLAR = 'PILLAR',
  ADVICE_TOPIC = 'ADVICE_TOPIC',
  TRACK = 'TRACK',
  OTHER = 'OTHER',
}

registerEnumType(WorkstreamKind, {
  name: 'WorkstreamKind',
  description: 'What kind of part of a programme a workstream is (pijler, adviesonderwerp, spoor).',
  valuesConfig: {
    PILLAR: { description: 'A pillar (pijler) of a programme, e.g. VVTB’s “verbreden”.' },
    ADVICE_TOPIC: { description: 'A main topic (hoofdonderwerp) of an advice, e.g. “Onderzoek en agendering”.' },
    TRACK: { description: 'A track (spoor) or chapter of actions.' },
    OTHER: { description: 'Anything else, e.g. the working group’s own process.' },
  },
});

export enum DeliverableKind {
  DELIVERABLE = 'DELIVERABLE',
  MILESTONE = 'MILESTONE',
  DECISION = 'DECISION',
}

registerEnumType(DeliverableKind, {
  name: 'DeliverableKind',
  description:
    'What the documents promise (opleverpunt, mijlpaal, besluit). Milestones and decisions from the documents are deliverables of their own kind: they have owners, a date, a status and dependencies.',
  valuesConfig: {
    DELIVERABLE: { description: 'Something to be produced (opleverpunt): a report, an agenda, a framework.' },
    MILESTONE: { description: 'A moment to reach (mijlpaal): a start, a letter, a meeting.' },
    DECISION: { description: 'A decision to be taken (besluit), e.g. by the BO-IZA.' },
  },
});

export enum DeliverableStatus {
  PLANNED = 'PLANNED',
  IN_PROGRESS = 'IN_PROGRESS',
  DONE = 'DONE',
  DELAYED = 'DELAYED',
  CANCELLED = 'CANCELLED',
}

registerEnumType(DeliverableStatus, {
  name: 'DeliverableStatus',
  description: 'Where a deliverable stands (status), as its owner or the documents report it.',
  valuesConfig: {
    PLANNED: { description: 'Gepland: not started.' },
    IN_PROGRESS: { description: 'In uitvoering.' },
    DONE: { description: 'Gereed: delivered, held or decided.' },
    DELAYED: { description: 'Vertraagd: the owner reports it will be late.' },
    CANCELLED: { description: 'Vervallen: will not be delivered.' },
  },
});

/** Allowed next states; anything else is refused with BAD_USER_INPUT listing these. */
export const STATUS_TRANSITIONS: Record<DeliverableStatus, DeliverableStatus[]> = {
  PLANNED: [
    DeliverableStatus.IN_PROGRESS,
    DeliverableStatus.DELAYED,
    DeliverableStatus.DONE,
    DeliverableStatus.CANCELLED,
  ],
  IN_PROGRESS: [DeliverableStatus.DELAYED, DeliverableStatus.DONE, DeliverableStatus.CANCELLED],
  DELAYED: [DeliverableStatus.IN_PROGRESS, DeliverableStatus.DONE, DeliverableStatus.CANCELLED],
  DONE: [DeliverableStatus.IN_PROGRESS],
  CANCELLED: [DeliverableStatus.PLANNED],
};

/** Closed deliverables have no health: they are neither late nor at risk. */
export const CLOSED_STATUSES = [DeliverableStatus.DONE, DeliverableStatus.CANCELLED];

// Declared from best to worst: PostgreSQL orders enum values this way, so GREATEST() picks the worst.
export enum DeliverableHealth {
  ON_TRACK = 'ON_TRACK',
  AT_RISK = 'AT_RISK',
  OFF_TRACK = 'OFF_TRACK',
}

registerEnumType(DeliverableHealth, {
  name: 'DeliverableHealth',
  description: 'How an open deliverable is doing (voortgang): computed from its dates, dependencies and updates.',
  valuesConfig: {
    ON_TRACK: { description: 'Op schema.' },
    AT_RISK: { description: 'Risico: a dependency is late, or no status update for 60 days, or the owner says so.' },
    OFF_TRACK: { description: 'Achter op schema: overdue (the latest due day has passed), or the owner says so.' },
  },
});

export enum DateConfidence {
  HIGH = 'HIGH',
  MEDIUM = 'MEDIUM',
  LOW = 'LOW',
}

registerEnumType(DateConfidence, {
  name: 'DateConfidence',
  description: 'How sure the reading of a date is (betrouwbaarheid), e.g. LOW for the OCR-flattened planning table.',
  valuesConfig: {
    HIGH: { description: 'Stated plainly in the source.' },
    MEDIUM: { description: 'Relative (“komend jaar”) or read from a table whose rows are unreliable.' },
    LOW: { description: 'A guess from a garbled table; see the note.' },
  },
});

export enum OutputTargetType {
  RESEARCH_AGENDA = 'RESEARCH_AGENDA',
  PACKAGE_ASSESSMENT = 'PACKAGE_ASSESSMENT',
  GUIDELINE = 'GUIDELINE',
  SYNERGY_TRAJECTORY = 'SYNERGY_TRAJECTORY',
}

registerEnumType(OutputTargetType, {
  name: 'OutputTargetType',
  description: 'The kind of record a deliverable produces (resultaat).',
  valuesConfig: {
    RESEARCH_AGENDA: { description: 'A research agenda (kennisagenda / pakketagenda).' },
    PACKAGE_ASSESSMENT: { description: 'A package assessment (pakketbeoordeling).' },
    GUIDELINE: { description: 'A guideline (richtlijn).' },
    SYNERGY_TRAJECTORY: { description: 'A synergy trajectory (synergietraject).' },
  },
});
