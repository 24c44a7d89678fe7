import { registerEnumType } from 'type-graphql';

/** What happened (soort gebeurtenis). */
export enum EventType {
  LINK_CREATED = 'LINK_CREATED',
  LINK_REMOVED = 'LINK_REMOVED',
  LINK_ALIGNMENT_CHANGED = 'LINK_ALIGNMENT_CHANGED',
  LINK_CONFIRMATIONS_CHANGED = 'LINK_CONFIRMATIONS_CHANGED',
  LINK_NEEDS_REVIEW = 'LINK_NEEDS_REVIEW',
  CONFLICT_OPENED = 'CONFLICT_OPENED',
  CONFLICT_RESOLVED = 'CONFLICT_RESOLVED',
  ASSESSMENT_PUBLISHED = 'ASSESSMENT_PUBLISHED',
  ASSESSMENT_OUTCOME_CHANGED = 'ASSESSMENT_OUTCOME_CHANGED',
  GUIDELINE_EDITION_PUBLISHED = 'GUIDELINE_EDITION_PUBLISHED',
  AGENDA_VERSION_STATUS_CHANGED = 'AGENDA_VERSION_STATUS_CHANGED',
  QUESTION_POSSIBLY_ANSWERED = 'QUESTION_POSSIBLY_ANSWERED',
  DELIVERABLE_STATUS_CHANGED = 'DELIVERABLE_STATUS_CHANGED',
  DELIVERABLE_HEALTH_CHANGED = 'DELIVERABLE_HEALTH_CHANGED',
  MILESTONE_DUE_SOON = 'MILESTONE_DUE_SOON',
  CONSULTATION_ROUND_OPENED = 'CONSULTATION_ROUND_OPENED',
  CONSULTATION_ROUND_CLOSING_SOON = 'CONSULTATION_ROUND_CLOSING_SOON',
  CONSULTATION_ROUND_CLOSED = 'CONSULTATION_ROUND_CLOSED',
  CONSULTATION_ROUND_CONCLUDED = 'CONSULTATION_ROUND_CONCLUDED',
  CONTRIBUTION_ANSWERED = 'CONTRIBUTION_ANSWERED',
  TOPIC_CALL_CLOSED = 'TOPIC_CALL_CLOSED',
  PACKAGE_SIGNAL_RAISED = 'PACKAGE_SIGNAL_RAISED',
  PACKAGE_SIGNAL_TAKEN_UP = 'PACKAGE_SIGNAL_TAKEN_UP',
  PACKAGE_SIGNAL_DECLINED = 'PACKAGE_SIGNAL_DECLINED',
  PACKAGE_SIGNAL_WITHDRAWN = 'PACKAGE_SIGNAL_WITHDRAWN',
  PERSPECTIVE_ADDED = 'PERSPECTIVE_ADDED',
  PERSPECTIVE_ANSWERED = 'PERSPECTIVE_ANSWERED',
  GUIDELINE_OWNER_INVITED = 'GUIDELINE_OWNER_INVITED',
  GUIDELINE_OWNER_INVITATION_ACCEPTED = 'GUIDELINE_OWNER_INVITATION_ACCEPTED',
  GUIDELINE_OWNER_INVITATION_DECLINED = 'GUIDELINE_OWNER_INVITATION_DECLINED',
  GUIDELINE_OWNER_INVITATION_WITHDRAWN = 'GUIDELINE_OWNER_INVITATION_WITHDRAWN',
  FUNDING_ARRANGEMENT_RECORDED = 'FUNDING_ARRANGEMENT_RECORDED',
  FUNDING_ARRANGEMENT_CHANGED = 'FUNDING_ARRANGEMENT_CHANGED',
  MINISTERIAL_DECISION_RECORDED = 'MINISTERIAL_DECISION_RECORDED',
  MINISTERIAL_DECISION_CORRECTED = 'MINISTERIAL_DECISION_CORRECTED',
  PACKAGE_SIGNAL_CO_SIGNING_ACCEPTED = 'PACKAGE_SIGNAL_CO_SIGNING_ACCEPTED',
  PACKAGE_SIGNAL_CO_SIGNING_DECLINED = 'PACKAGE_SIGNAL_CO_SIGNING_DECLINED',
  PACKAGE_SIGNAL_CO_SIGNING_WITHDRAWN = 'PACKAGE_SIGNAL_CO_SIGNING_WITHDRAWN',
}

registerEnumType(EventType, {
  name: 'EventType',
  description: 'What kind of domain event (gebeurtenis) happened.',
  valuesConfig: {
    LINK_CREATED: {
      description:
        'A guideline’s owner linked a recommendation or guideline to a package assessment (synergie-koppeling): both sides still have to confirm it.',
    },
    LINK_REMOVED: {
      description:
        'A synergy link was removed, by the guideline’s owner or with its recommendation; its subject is gone, `details` names its guideline, recommendation and assessment.',
    },
    LINK_ALIGNMENT_CHANGED: { description: 'A synergy link’s alignment (afstemming) changed.' },
    LINK_CONFIRMATIONS_CHANGED: {
      description: 'A side confirmed (bevestigd) or disputed a synergy link, or a dispute was resolved.',
    },
    LINK_NEEDS_REVIEW: {
      description: 'The platform put a synergy link on NEEDS_REVIEW (herbeoordeling nodig): a new edition or outcome.',
    },
    CONFLICT_OPENED: { description: 'A conflict (strijdigheid) between a guideline and an assessment was detected.' },
    CONFLICT_RESOLVED: { description: 'A conflict (strijdigheid) no longer holds.' },
    ASSESSMENT_PUBLISHED: { description: 'A package assessment (pakketbeoordeling) was published.' },
    ASSESSMENT_OUTCOME_CHANGED: { description: 'The outcome (uitkomst) of a package assessment changed.' },
    GUIDELINE_EDITION_PUBLISHED: { description: 'A new edition (editie) of a guideline (richtlijn) was published.' },
    AGENDA_VERSION_STATUS_CHANGED: {
      description: 'A research agenda version (kennisagenda-versie) was submitted, adopted or archived.',
    },
    QUESTION_POSSIBLY_ANSWERED: {
      description: 'A completed research project flagged a knowledge question (kennisvraag) as possibly answered.',
    },
    DELIVERABLE_STATUS_CHANGED: { description: 'A deliverable’s (opleverpunt) status changed.' },
    DELIVERABLE_HEALTH_CHANGED: {
      description:
        'A deliverable’s health (voortgang) changed: by a status update, or by time passing (a due date passed).',
    },
    MILESTONE_DUE_SOON: { description: 'An open milestone (mijlpaal) is due within 14 days.' },
    CONSULTATION_ROUND_OPENED: {
      description:
        'A consultation round (consultatieronde) opened: when it is opened, or, for a round scheduled ahead, when its opening time passes.',
    },
    CONSULTATION_ROUND_CLOSING_SOON: {
      description:
        'An open consultation round (consultatieronde) closes within 7 days (recorded once by the time sweep).',
    },
    CONSULTATION_ROUND_CLOSED: {
      description:
        'A consultation round (consultatieronde) closed: closed early by its owner, or its closing time passed.',
    },
    CONSULTATION_ROUND_CONCLUDED: {
      description:
        'A consultation round (consultatieronde) was concluded (afgerond): every contribution has a response.',
    },
    CONTRIBUTION_ANSWERED: {
      description: 'The owner of a consulted draft answered a contribution (inbreng) with a response (reactie).',
    },
    TOPIC_CALL_CLOSED: {
      description:
        'A topic call’s (uitvraag) deadline passed: no more submissions, the coordinator places questions (recorded once by the time sweep).',
    },
    PACKAGE_SIGNAL_RAISED: {
      description: 'A party raised a package signal (pakketsignaal) to the Zorginstituut: it waits for an answer.',
    },
    PACKAGE_SIGNAL_TAKEN_UP: {
      description: 'The Zorginstituut took up a package signal (opgepakt) into a package assessment.',
    },
    PACKAGE_SIGNAL_DECLINED: {
      description: 'The Zorginstituut declined a package signal (niet opgepakt), with its reasoning.',
    },
    PACKAGE_SIGNAL_WITHDRAWN: { description: 'The raising party withdrew its package signal (ingetrokken).' },
    PERSPECTIVE_ADDED: {
      description:
        'A party added a standing perspective (patiëntperspectief, impact) to a record: it waits for the owner’s response.',
    },
    PERSPECTIVE_ANSWERED: { description: 'The owner of a record responded (reactie) to a perspective on it.' },
    GUIDELINE_OWNER_INVITED: {
      description:
        'An owner of a guideline invited another association to co-own it: it waits for that association’s answer.',
    },
    GUIDELINE_OWNER_INVITATION_ACCEPTED: {
      description: 'An invited association accepted to co-own a guideline: it is an owner now.',
    },
    GUIDELINE_OWNER_INVITATION_DECLINED: { description: 'An invited association declined to co-own a guideline.' },
    GUIDELINE_OWNER_INVITATION_WITHDRAWN: {
      description: 'An owner of a guideline withdrew its invitation to another association before an answer.',
    },
    FUNDING_ARRANGEMENT_RECORDED: {
      description:
        'The NZa recorded the funding (bekostiging: Wmg-prestatie, in some cases a tariff) of care a package assessment admits.',
    },
    FUNDING_ARRANGEMENT_CHANGED: {
      description:
        'The NZa changed a funding arrangement (bekostiging): its state, prestatie, tariff or effective date.',
    },
    MINISTERIAL_DECISION_RECORDED: {
      description:
        'VWS recorded the minister’s decision on a pakketadvies (advies wel of niet overgenomen); the subject is the assessment.',
    },
    MINISTERIAL_DECISION_CORRECTED: {
      description:
        'VWS corrected the recorded decision of the minister on a pakketadvies; the subject is the assessment.',
    },
    PACKAGE_SIGNAL_CO_SIGNING_ACCEPTED: {
      description: 'A party asked to co-sign a package signal accepted: it co-signs it (coSigningParties).',
    },
    PACKAGE_SIGNAL_CO_SIGNING_DECLINED: {
      description: 'A party asked to co-sign a package signal declined: it does not co-sign, and no longer reads it.',
    },
    PACKAGE_SIGNAL_CO_SIGNING_WITHDRAWN: {
      description:
        'The raising party withdrew its invitation to co-sign a package signal, or a co-signer that accepted.',
    },
  },
});
