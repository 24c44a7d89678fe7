import { registerEnumType } from 'type-graphql';

/** What a standing perspective (inbreng buiten een consultatieronde) is. */
export enum PerspectiveKind {
  PATIENT_PERSPECTIVE = 'PATIENT_PERSPECTIVE',
  IMPACT = 'IMPACT',
}

registerEnumType(PerspectiveKind, {
  name: 'PerspectiveKind',
  description: 'Kind of standing perspective (soort inbreng buiten een consultatieronde).',
  valuesConfig: {
    PATIENT_PERSPECTIVE: {
      description:
        'Patiëntperspectief on a knowledge question, a research agenda (or its adopted version) or a synergy link (needs ADD_PATIENT_PERSPECTIVE: patient organisations).',
    },
    IMPACT: {
      description:
        'Organisatorische en financiële consequenties of a published guideline (needs COMMENT_IMPACT: insurers, provider associations).',
    },
  },
});

/** The kind of record a perspective is about; stored with the record's id. */
export enum PerspectiveTargetKind {
  KNOWLEDGE_QUESTION = 'KNOWLEDGE_QUESTION',
  RESEARCH_AGENDA = 'RESEARCH_AGENDA',
  AGENDA_VERSION = 'AGENDA_VERSION',
  SYNERGY_LINK = 'SYNERGY_LINK',
  GUIDELINE = 'GUIDELINE',
}

registerEnumType(PerspectiveTargetKind, {
  name: 'PerspectiveTargetKind',
  description: 'The kind of record a perspective is about.',
  valuesConfig: {
    KNOWLEDGE_QUESTION: { description: 'A knowledge question (kennisvraag).' },
    RESEARCH_AGENDA: { description: 'A research agenda (kennisagenda) as a whole.' },
    AGENDA_VERSION: { description: 'An adopted version of a research agenda.' },
    SYNERGY_LINK: { description: 'A synergy link between a guideline and a package assessment.' },
    GUIDELINE: { description: 'A published guideline (richtlijn).' },
  },
});

/** The GraphQL type of each target kind (global ids, node rules). */
export const PERSPECTIVE_TARGET_TYPES: Readonly<Record<PerspectiveTargetKind, string>> = {
  [PerspectiveTargetKind.KNOWLEDGE_QUESTION]: 'KnowledgeQuestion',
  [PerspectiveTargetKind.RESEARCH_AGENDA]: 'ResearchAgenda',
  [PerspectiveTargetKind.AGENDA_VERSION]: 'ResearchAgendaVersion',
  [PerspectiveTargetKind.SYNERGY_LINK]: 'SynergyLink',
  [PerspectiveTargetKind.GUIDELINE]: 'Guideline',
};

/** Which targets each kind may be about: the grants speak of questions, agendas and links, and of guidelines. */
export const PERSPECTIVE_TARGETS: Readonly<Record<PerspectiveKind, readonly PerspectiveTargetKind[]>> = {
  [PerspectiveKind.PATIENT_PERSPECTIVE]: [
    PerspectiveTargetKind.KNOWLEDGE_QUESTION,
    PerspectiveTargetKind.RESEARCH_AGENDA,
    PerspectiveTargetKind.AGENDA_VERSION,
    PerspectiveTargetKind.SYNERGY_LINK,
  ],
  [PerspectiveKind.IMPACT]: [PerspectiveTargetKind.GUIDELINE],
};
