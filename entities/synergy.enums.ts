import { registerEnumType } from 'type-graphql';

export enum GuidelineStatus {
  IN_DEVELOPMENT = 'IN_DEVELOPMENT',
  PUBLISHED = 'PUBLISHED',
  UNDER_REVISION = 'UNDER_REVISION',
  WITHDRAWN = 'WITHDRAWN',
}

registerEnumType(GuidelineStatus, {
  name: 'GuidelineStatus',
  description: 'Where a guideline (richtlijn) stands.',
  valuesConfig: {
    IN_DEVELOPMENT: {
      description: 'In ontwikkeling: never published yet; a draft, visible to its owners, VWS and operators.',
    },
    PUBLISHED: { description: 'Gepubliceerd (geautoriseerd): the current edition is in force.' },
    UNDER_REVISION: { description: 'In herziening: the published edition stays in force while a new one is made.' },
    WITHDRAWN: { description: 'Ingetrokken: no longer in force; kept for the record.' },
  },
});

/** Allowed next statuses; publishing (again) goes through `publishGuidelineVersion`. */
export const GUIDELINE_TRANSITIONS: Record<GuidelineStatus, GuidelineStatus[]> = {
  IN_DEVELOPMENT: [GuidelineStatus.PUBLISHED, GuidelineStatus.WITHDRAWN],
  PUBLISHED: [GuidelineStatus.PUBLISHED, GuidelineStatus.UNDER_REVISION, GuidelineStatus.WITHDRAWN],
  UNDER_REVISION: [GuidelineStatus.PUBLISHED, GuidelineStatus.WITHDRAWN],
  WITHDRAWN: [],
};

export enum RecommendationKind {
  DO = 'DO',
  DO_NOT = 'DO_NOT',
  CONSIDER = 'CONSIDER',
}

registerEnumType(RecommendationKind, {
  name: 'RecommendationKind',
  description: 'What a recommendation (aanbeveling) says about the care.',
  valuesConfig: {
    DO: { description: 'Doen: the guideline recommends the care for this population.' },
    DO_NOT: { description: 'Niet doen: the guideline advises against it (a “niet-doen”-aanbeveling; uitstroom).' },
    CONSIDER: { description: 'Overwegen: the care may be considered (conditional recommendation).' },
  },
});

export enum RecommendationStrength {
  STRONG = 'STRONG',
  WEAK = 'WEAK',
}

registerEnumType(RecommendationStrength, {
  name: 'RecommendationStrength',
  description: 'Strength of a recommendation (sterkte van de aanbeveling, GRADE).',
  valuesConfig: {
    STRONG: { description: 'Sterke aanbeveling.' },
    WEAK: { description: 'Zwakke (conditionele) aanbeveling.' },
  },
});

export enum EvidenceCertainty {
  HIGH = 'HIGH',
  MODERATE = 'MODERATE',
  LOW = 'LOW',
  VERY_LOW = 'VERY_LOW',
}

registerEnumType(EvidenceCertainty, {
  name: 'EvidenceCertainty',
  description: 'Certainty of the evidence (bewijskracht, GRADE).',
  valuesConfig: {
    HIGH: { description: 'Hoog.' },
    MODERATE: { description: 'Redelijk.' },
    LOW: { description: 'Laag.' },
    VERY_LOW: { description: 'Zeer laag.' },
  },
});

export enum AssessmentKind {
  STANDPUNT = 'STANDPUNT',
  PAKKETADVIES = 'PAKKETADVIES',
  DUIDING = 'DUIDING',
}

registerEnumType(AssessmentKind, {
  name: 'AssessmentKind',
  description: 'Kind of package assessment (pakketbeoordeling) by Zorginstituut.',
  valuesConfig: {
    STANDPUNT: { description: 'Standpunt: whether care belongs to the insured package (stand van de wetenschap).' },
    PAKKETADVIES: { description: 'Pakketadvies: advice to the minister to change the package (in- of uitstroom).' },
    DUIDING: { description: 'Duiding: clarification of what the package covers, or agreements with the profession.' },
  },
});

export enum AssessmentOutcome {
  INSURED = 'INSURED',
  NOT_INSURED = 'NOT_INSURED',
  INSURED_WITH_CONDITIONS = 'INSURED_WITH_CONDITIONS',
  CONDITIONAL_ADMISSION = 'CONDITIONAL_ADMISSION',
  UNDER_ASSESSMENT = 'UNDER_ASSESSMENT',
}

registerEnumType(AssessmentOutcome, {
  name: 'AssessmentOutcome',
  description: 'Outcome of a package assessment (uitkomst pakketbeoordeling).',
  valuesConfig: {
    INSURED: { description: 'Verzekerde zorg: part of the basic package.' },
    NOT_INSURED: { description: 'Geen verzekerde zorg (or advised to flow out, uitstroom).' },
    INSURED_WITH_CONDITIONS: { description: 'Verzekerd onder voorwaarden (e.g. indicatie, gepast gebruik).' },
    CONDITIONAL_ADMISSION: { description: 'Voorwaardelijke toelating (vergoeding in onderzoek).' },
    UNDER_ASSESSMENT: { description: 'In beoordeling: no outcome yet.' },
  },
});

export enum CriterionVerdict {
  MET = 'MET',
  NOT_MET = 'NOT_MET',
  PARTLY_MET = 'PARTLY_MET',
  NOT_ASSESSED = 'NOT_ASSESSED',
}

registerEnumType(CriterionVerdict, {
  name: 'CriterionVerdict',
  description: 'Verdict on one package criterion (oordeel per pakketcriterium).',
  valuesConfig: {
    MET: { description: 'Voldoet.' },
    NOT_MET: { description: 'Voldoet niet.' },
    PARTLY_MET: { description: 'Voldoet gedeeltelijk (e.g. only for a subgroup).' },
    NOT_ASSESSED: { description: 'Niet beoordeeld.' },
  },
});

export enum SynergyLinkType {
  SHARED_EVIDENCE = 'SHARED_EVIDENCE',
  GUIDELINE_BASIS_FOR_COVERAGE = 'GUIDELINE_BASIS_FOR_COVERAGE',
  ASSESSMENT_REQUIRES_GUIDELINE_UPDATE = 'ASSESSMENT_REQUIRES_GUIDELINE_UPDATE',
  ASSESSMENT_CHALLENGES_GUIDELINE = 'ASSESSMENT_CHALLENGES_GUIDELINE',
  AGREEMENT_WITH_PROFESSION = 'AGREEMENT_WITH_PROFESSION',
  CONDITION_OWNED_BY_PROFESSION = 'CONDITION_OWNED_BY_PROFESSION',
  DEIMPLEMENTATION = 'DEIMPLEMENTATION',
  KNOWLEDGE_GAP = 'KNOWLEDGE_GAP',
  ALTERNATIVE_TO_ASSESSMENT = 'ALTERNATIVE_TO_ASSESSMENT',
  GUIDELINE_AS_EVIDENCE_FOR_CRITERION = 'GUIDELINE_AS_EVIDENCE_FOR_CRITERION',
}

registerEnumType(SynergyLinkType, {
  name: 'SynergyLinkType',
  description: 'How a guideline or recommendation relates to a package assessment (soort synergie-koppeling).',
  valuesConfig: {
    SHARED_EVIDENCE: { description: 'Gedeelde onderbouwing: one evidence synthesis serves both.' },
    GUIDELINE_BASIS_FOR_COVERAGE: {
      description: 'De richtlijn is de basis voor vergoeding (open pakket: insurers rely on the guideline).',
    },
    ASSESSMENT_REQUIRES_GUIDELINE_UPDATE: {
      description: 'De pakketbeoordeling vraagt om aanpassing van de richtlijn (e.g. stopcriteria, gepast gebruik).',
    },
    ASSESSMENT_CHALLENGES_GUIDELINE: {
      description: 'Twijfel aan zorg die in de richtlijn staat (Zorginstituut or an insurer doubts it).',
    },
    AGREEMENT_WITH_PROFESSION: { description: 'Afspraken met de beroepsgroep instead of a normative ruling.' },
    CONDITION_OWNED_BY_PROFESSION: {
      description: 'A condition of the assessment is delivered by the association (protocol, register, indicatie).',
    },
    DEIMPLEMENTATION: { description: 'Uitstroom / de-implementatie: care leaves the guideline and the package.' },
    KNOWLEDGE_GAP: { description: 'Kennislacune: evidence is missing on one side or both.' },
    ALTERNATIVE_TO_ASSESSMENT: { description: 'A quality standard (kwaliteitsstandaard) instead of a ruling.' },
    GUIDELINE_AS_EVIDENCE_FOR_CRITERION: {
      description: 'The guideline is evidence for a package criterion (e.g. “plegen te bieden”).',
    },
  },
});

export enum SynergyAlignment {
  ALIGNED = 'ALIGNED',
  PARTIALLY_ALIGNED = 'PARTIALLY_ALIGNED',
  DIVERGENT = 'DIVERGENT',
  UNDER_REVIEW = 'UNDER_REVIEW',
  NEEDS_REVIEW = 'NEEDS_REVIEW',
}

registerEnumType(SynergyAlignment, {
  name: 'SynergyAlignment',
  description: 'Whether guideline and assessment agree (mate van aansluiting).',
  valuesConfig: {
    ALIGNED: { description: 'Sluiten op elkaar aan.' },
    PARTIALLY_ALIGNED: { description: 'Sluiten gedeeltelijk aan.' },
    DIVERGENT: { description: 'Wijken van elkaar af.' },
    UNDER_REVIEW: { description: 'Wordt beoordeeld: the parties are looking at it.' },
    NEEDS_REVIEW: {
      description:
        'Herbeoordeling nodig: set by the platform when a new guideline edition is published or the assessment outcome changed after the link was confirmed.',
    },
  },
});

export enum SynergyLinkSide {
  GUIDELINE_OWNER = 'GUIDELINE_OWNER',
  ASSESSOR = 'ASSESSOR',
}

registerEnumType(SynergyLinkSide, {
  name: 'SynergyLinkSide',
  description: 'A side of a synergy link (kant van de koppeling).',
  valuesConfig: {
    GUIDELINE_OWNER: { description: 'The association(s) owning the guideline (wetenschappelijke vereniging).' },
    ASSESSOR: { description: 'The assessing party (Zorginstituut).' },
  },
});

export enum TrajectoryPhase {
  PLANNED = 'PLANNED',
  START_AGREEMENT = 'START_AGREEMENT',
  EXECUTION = 'EXECUTION',
  EVALUATION = 'EVALUATION',
  IMPLEMENTATION = 'IMPLEMENTATION',
  COMPLETED = 'COMPLETED',
}

/**
 * A trajectory's phase only moves on (phases may be skipped): reaching a phase completes the deliverables
 * whose output it is, once, and a phase taken back would leave them done for a phase no longer held.
 */
const PHASE_ORDER = Object.values(TrajectoryPhase);
export const TRAJECTORY_TRANSITIONS = Object.fromEntries(
  PHASE_ORDER.map((phase, i) => [phase, PHASE_ORDER.slice(i + 1)]),
) as Record<TrajectoryPhase, TrajectoryPhase[]>;

registerEnumType(TrajectoryPhase, {
  name: 'TrajectoryPhase',
  description: 'Phase of a synergy trajectory (fase van het synergietraject).',
  valuesConfig: {
    PLANNED: { description: 'Gepland: agreed but not started.' },
    START_AGREEMENT: { description: 'Startovereenkomst: the parties agree how to run it.' },
    EXECUTION: { description: 'Uitvoering.' },
    EVALUATION: { description: 'Evaluatie / bestuurlijk overleg over de resultaten.' },
    IMPLEMENTATION: { description: 'Implementatie van de samenwerking.' },
    COMPLETED: { description: 'Afgerond.' },
  },
});

export enum SynergyConflictKind {
  RECOMMENDED_BUT_NOT_INSURED = 'RECOMMENDED_BUT_NOT_INSURED',
  ADVISED_AGAINST_BUT_INSURED = 'ADVISED_AGAINST_BUT_INSURED',
  LINK_NEEDS_REVIEW = 'LINK_NEEDS_REVIEW',
  GUIDELINE_REVIEW_OVERDUE = 'GUIDELINE_REVIEW_OVERDUE',
}

registerEnumType(SynergyConflictKind, {
  name: 'SynergyConflictKind',
  description: 'A computed conflict (tegenstrijdigheid) between guidelines and package assessments.',
  valuesConfig: {
    RECOMMENDED_BUT_NOT_INSURED: {
      description: 'A DO recommendation (doen) for an intervention whose published assessment says NOT_INSURED.',
    },
    ADVISED_AGAINST_BUT_INSURED: {
      description: 'A DO_NOT recommendation (niet doen) for insured care: a candidate for outflow (uitstroom).',
    },
    LINK_NEEDS_REVIEW: { description: 'A synergy link on NEEDS_REVIEW (herbeoordeling nodig).' },
    GUIDELINE_REVIEW_OVERDUE: { description: 'A published guideline past its review-due date (herziening verlopen).' },
  },
});
