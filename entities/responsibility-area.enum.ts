import { registerEnumType } from 'type-graphql';

export enum ResponsibilityArea {
  PACKAGE = 'PACKAGE',
  GUIDELINES = 'GUIDELINES',
  RESEARCH = 'RESEARCH',
  PURCHASING = 'PURCHASING',
  IMPLEMENTATION = 'IMPLEMENTATION',
  PATIENT_PERSPECTIVE = 'PATIENT_PERSPECTIVE',
  FRAMEWORKS = 'FRAMEWORKS',
}

registerEnumType(ResponsibilityArea, {
  name: 'ResponsibilityArea',
  description: 'Area of a documented responsibility (verantwoordelijkheid).',
  valuesConfig: {
    PACKAGE: { description: 'Pakketbeheer: what the basic package covers (standpunten, pakketadviezen).' },
    GUIDELINES: { description: 'Richtlijnen and kwaliteitsstandaarden.' },
    RESEARCH: { description: 'Onderzoek and kennisagenda’s.' },
    PURCHASING: { description: 'Zorginkoop by insurers.' },
    IMPLEMENTATION: { description: 'Implementatie in de praktijk.' },
    PATIENT_PERSPECTIVE: { description: 'Patiëntenperspectief.' },
    FRAMEWORKS: { description: '(Wettelijke) kaders: laws and policy frameworks.' },
  },
});
