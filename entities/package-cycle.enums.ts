import { registerEnumType } from 'type-graphql';

/** Where a package question stands in the cycle (cyclisch pakketbeheer). */
export enum AssessmentStage {
  SIGNAL = 'SIGNAL',
  SCOPING = 'SCOPING',
  ASSESSMENT = 'ASSESSMENT',
  CONSULTATION = 'CONSULTATION',
  DECISION = 'DECISION',
  MONITORING = 'MONITORING',
  REASSESSMENT = 'REASSESSMENT',
  CLOSED = 'CLOSED',
}

registerEnumType(AssessmentStage, {
  name: 'AssessmentStage',
  description: 'Stage of a package question in the package cycle (fase in cyclisch pakketbeheer).',
  valuesConfig: {
    SIGNAL: { description: 'Signaal: a party signals that care may (not) belong in the package.' },
    SCOPING: { description: 'Verkenning / scoping: what exactly is to be assessed.' },
    ASSESSMENT: { description: 'Beoordeling: Zorginstituut assesses against the package criteria.' },
    CONSULTATION: { description: 'Consultatie: parties respond to the draft.' },
    DECISION: { description: 'Besluit / standpunt: the outcome is published.' },
    MONITORING: { description: 'Monitoring: conditions and conditional admission are followed.' },
    REASSESSMENT: { description: 'Herbeoordeling: a new assessment re-examines this one.' },
    CLOSED: { description: 'Afgesloten.' },
  },
});

/**
 * Allowed next stages; anything else is BAD_USER_INPUT naming these. The cycle may stop (CLOSED) before
 * a decision when a signal or scoping leads nowhere; a consultation can send the draft back to assessment.
 */
export const STAGE_TRANSITIONS: Record<AssessmentStage, AssessmentStage[]> = {
  SIGNAL: [AssessmentStage.SCOPING, AssessmentStage.CLOSED],
  SCOPING: [AssessmentStage.ASSESSMENT, AssessmentStage.CLOSED],
  ASSESSMENT: [AssessmentStage.CONSULTATION, AssessmentStage.DECISION, AssessmentStage.CLOSED],
  CONSULTATION: [AssessmentStage.ASSESSMENT, AssessmentStage.DECISION],
  DECISION: [AssessmentStage.MONITORING, AssessmentStage.REASSESSMENT, AssessmentStage.CLOSED],
  MONITORING: [AssessmentStage.REASSESSMENT, AssessmentStage.CLOSED],
  REASSESSMENT: [AssessmentStage.CLOSED],
  CLOSED: [],
};

/**
 * The stages at which the minister decides on a pakketadvies or has decided: from DECISION on. Recording the
 * decision moves no stage (what follows it, MONITORING, REASSESSMENT or CLOSED, is the assessor's call); it
 * needs the assessor to have put the advice to a decision first.
 */
export const MINISTERIAL_DECISION_STAGES: readonly AssessmentStage[] = [
  AssessmentStage.DECISION,
  AssessmentStage.MONITORING,
  AssessmentStage.REASSESSMENT,
  AssessmentStage.CLOSED,
];

/** Whether the minister takes over a pakketadvies (overnemen); answers [003 B§2.5]. */
export enum AdviceDecision {
  FOLLOWED = 'FOLLOWED',
  PARTLY_FOLLOWED = 'PARTLY_FOLLOWED',
  NOT_FOLLOWED = 'NOT_FOLLOWED',
}

registerEnumType(AdviceDecision, {
  name: 'AdviceDecision',
  description: 'Whether the minister follows the Zorginstituut’s pakketadvies (advies wel of niet overnemen).',
  valuesConfig: {
    FOLLOWED: { description: 'Overgenomen: the advice is followed.' },
    PARTLY_FOLLOWED: { description: 'Deels overgenomen: the advice is followed in part.' },
    NOT_FOLLOWED: { description: 'Niet overgenomen: the advice is not followed.' },
  },
});

export enum ConditionState {
  OPEN = 'OPEN',
  MET = 'MET',
  NOT_MET = 'NOT_MET',
  WAIVED = 'WAIVED',
}

registerEnumType(ConditionState, {
  name: 'ConditionState',
  description: 'Whether a condition (voorwaarde) of an assessment has been met.',
  valuesConfig: {
    OPEN: { description: 'Open: not yet met.' },
    MET: { description: 'Voldaan.' },
    NOT_MET: { description: 'Niet voldaan: the due date passed without it.' },
    WAIVED: { description: 'Vervallen: Zorginstituut no longer requires it.' },
  },
});

/** A condition's state is decided by the assessor; MET, NOT_MET and WAIVED can be reopened to OPEN. */
export const CONDITION_TRANSITIONS: Record<ConditionState, ConditionState[]> = {
  OPEN: [ConditionState.MET, ConditionState.NOT_MET, ConditionState.WAIVED],
  MET: [ConditionState.OPEN],
  NOT_MET: [ConditionState.OPEN],
  WAIVED: [ConditionState.OPEN],
};

/** Where a knowledge question comes from (herkomst). */
export enum QuestionOriginKind {
  RECOMMENDATION_GAP = 'RECOMMENDATION_GAP',
  ASSESSMENT = 'ASSESSMENT',
  TOPIC_CALL = 'TOPIC_CALL',
  FREE_PROPOSAL = 'FREE_PROPOSAL',
}

registerEnumType(QuestionOriginKind, {
  name: 'QuestionOriginKind',
  description: 'Where a knowledge question comes from (herkomst van een kennisvraag).',
  valuesConfig: {
    RECOMMENDATION_GAP: {
      description: 'Kennishiaat: a knowledge gap a guideline recommendation names.',
    },
    ASSESSMENT: {
      description:
        'Pakketbeoordeling: an assessment left it open, e.g. a conditional admission (kennislacune neerleggen bij ZE&GG / ZonMw).',
    },
    TOPIC_CALL: { description: 'Uitvraag: a coordinator’s call for questions (a topic call submission).' },
    FREE_PROPOSAL: { description: 'Vrij voorstel: proposed by a party on its own initiative.' },
  },
});

/** How a dependant depends on the record before it on its path (relatie). */
export enum ImpactRelation {
  RECOMMENDATION = 'RECOMMENDATION',
  ASSESSMENT = 'ASSESSMENT',
  QUESTION = 'QUESTION',
  LINK = 'LINK',
  CONFLICT = 'CONFLICT',
  CONDITION = 'CONDITION',
  REASSESSMENT = 'REASSESSMENT',
  PROJECT = 'PROJECT',
  DELIVERABLE = 'DELIVERABLE',
  DEPENDENT_DELIVERABLE = 'DEPENDENT_DELIVERABLE',
  CONDITIONAL_ADMISSION = 'CONDITIONAL_ADMISSION',
}

registerEnumType(ImpactRelation, {
  name: 'ImpactRelation',
  description: 'How a record depends on the one before it on an impact path (afhankelijkheid).',
  valuesConfig: {
    RECOMMENDATION: { description: 'A recommendation (aanbeveling) of the guideline, or about the intervention.' },
    ASSESSMENT: { description: 'A package assessment (pakketbeoordeling) of the intervention.' },
    QUESTION: {
      description: 'A knowledge question (kennisvraag) raised by it (its origin) or about the intervention.',
    },
    LINK: { description: 'A synergy link (synergielink) from or to it.' },
    CONFLICT: { description: 'A conflict (tegenstrijdigheid) it is part of.' },
    CONDITION: { description: 'A condition (voorwaarde) of the assessment.' },
    REASSESSMENT: { description: 'A re-assessment (herbeoordeling) of the assessment.' },
    PROJECT: { description: 'A research project (onderzoek) answering the question.' },
    DELIVERABLE: { description: 'A deliverable (opleverpunt) that has it as output (resultaat).' },
    DEPENDENT_DELIVERABLE: { description: 'A deliverable that depends on this deliverable (afhankelijkheid).' },
    CONDITIONAL_ADMISSION: {
      description: 'An assessment whose conditional admission (vergoeding in onderzoek) waits for this project.',
    },
  },
});
