import { registerEnumType } from 'type-graphql';

export enum AgendaKind {
  PACKAGE_AGENDA = 'PACKAGE_AGENDA',
  SECTOR_MULTIYEAR = 'SECTOR_MULTIYEAR',
  CROSS_SECTOR = 'CROSS_SECTOR',
  ASSOCIATION_KNOWLEDGE_AGENDA = 'ASSOCIATION_KNOWLEDGE_AGENDA',
}

registerEnumType(AgendaKind, {
  name: 'AgendaKind',
  description: 'Kind of research agenda (soort agenda).',
  valuesConfig: {
    PACKAGE_AGENDA: { description: 'Package agenda (pakketagenda) coordinated by Zorginstituut.' },
    SECTOR_MULTIYEAR: {
      description: 'Multi-year research agenda of one sector (meerjarige onderzoeksagenda per deelsector).',
    },
    CROSS_SECTOR: { description: 'Cross-sector research agenda (sectoroverstijgende onderzoeksagenda).' },
    ASSOCIATION_KNOWLEDGE_AGENDA: {
      description: 'Knowledge agenda of a scientific or professional association (kennisagenda).',
    },
  },
});

export enum AgendaStatus {
  DRAFT = 'DRAFT',
  CONSULTATION = 'CONSULTATION',
  ADOPTED = 'ADOPTED',
  ARCHIVED = 'ARCHIVED',
}

registerEnumType(AgendaStatus, {
  name: 'AgendaStatus',
  description: 'Where a version of a research agenda is in its life (status agendaversie).',
  valuesConfig: {
    DRAFT: { description: 'Concept: being composed; visible to the owner, the coordinator, VWS and operators.' },
    CONSULTATION: { description: 'In consultatie: submitted to the parties for comments; not yet public.' },
    ADOPTED: { description: 'Vastgesteld: adopted and public; immutable, editing starts a new draft version.' },
    ARCHIVED: { description: 'Gearchiveerd: replaced by a later adopted version or withdrawn; public history.' },
  },
});

export enum QuestionDirection {
  INFLOW = 'INFLOW',
  OUTFLOW = 'OUTFLOW',
  RETAIN = 'RETAIN',
}

registerEnumType(QuestionDirection, {
  name: 'QuestionDirection',
  description: 'What the answer may do to the package (instroom, uitstroom of behoud).',
  valuesConfig: {
    INFLOW: { description: 'Instroom: care that may enter the package.' },
    OUTFLOW: { description: 'Uitstroom: care that may leave the package (e.g. Less is More).' },
    RETAIN: { description: 'Behoud / organisatie: care stays in, the question is how it is used or organised.' },
  },
});

export enum QuestionStatus {
  PROPOSED = 'PROPOSED',
  PRIORITISED = 'PRIORITISED',
  IN_RESEARCH = 'IN_RESEARCH',
  ANSWERED = 'ANSWERED',
  IMPLEMENTED = 'IMPLEMENTED',
  REJECTED = 'REJECTED',
  MERGED = 'MERGED',
}

registerEnumType(QuestionStatus, {
  name: 'QuestionStatus',
  description: 'Life cycle of a knowledge question (status kennisvraag).',
  valuesConfig: {
    PROPOSED: { description: 'Voorgesteld: proposed by a party, not yet weighed.' },
    PRIORITISED: { description: 'Geprioriteerd: scored and chosen by the coordinator.' },
    IN_RESEARCH: { description: 'In onderzoek: research that answers it runs.' },
    ANSWERED: { description: 'Beantwoord: the coordinator confirmed the research answered it.' },
    IMPLEMENTED: { description: 'Geïmplementeerd: the answer changed a guideline or the package.' },
    REJECTED: { description: 'Afgewezen: not taken up.' },
    MERGED: { description: 'Samengevoegd: a duplicate, merged into another question (`mergedInto`).' },
  },
});

export enum ProjectStatus {
  PLANNED = 'PLANNED',
  RUNNING = 'RUNNING',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
}

registerEnumType(ProjectStatus, {
  name: 'ProjectStatus',
  description: 'Status of a research project (status onderzoeksproject).',
  valuesConfig: {
    PLANNED: { description: 'Gepland: funded or announced, not started.' },
    RUNNING: { description: 'Lopend: in progress.' },
    COMPLETED: {
      description: 'Afgerond: finished; its questions are flagged “possibly answered” for the coordinator.',
    },
    CANCELLED: { description: 'Gestopt: stopped without result.' },
  },
});

export enum SimilarityReason {
  TEXT = 'TEXT',
  SAME_INTERVENTION = 'SAME_INTERVENTION',
}

registerEnumType(SimilarityReason, {
  name: 'SimilarityReason',
  description: 'Why a question is offered as a possible duplicate (reden mogelijke dubbeling).',
  valuesConfig: {
    TEXT: { description: 'The wording is similar (shared Dutch word stems or character trigrams).' },
    SAME_INTERVENTION: { description: 'Both questions are about the same intervention (zorgvorm).' },
  },
});

export enum KnowledgeQuestionOrderField {
  PRIORITY = 'PRIORITY',
  TITLE = 'TITLE',
  CREATED_AT = 'CREATED_AT',
  RELEVANCE = 'RELEVANCE',
}

registerEnumType(KnowledgeQuestionOrderField, {
  name: 'KnowledgeQuestionOrderField',
  description: 'What to sort knowledge questions (kennisvragen) by.',
  valuesConfig: {
    PRIORITY: { description: 'Computed priority total (prioriteitsscore), highest first.' },
    TITLE: { description: 'Title, A to Z.' },
    CREATED_AT: { description: 'When it was proposed, newest first.' },
    RELEVANCE: { description: 'Full-text relevance to `filter.search`, best first (needs a search).' },
  },
});
