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
