import { registerEnumType } from 'type-graphql';

export enum CareLaw {
  ZVW = 'ZVW',
  WLZ = 'WLZ',
}

registerEnumType(CareLaw, {
  name: 'CareLaw',
  description: 'The law under which a sector’s care is insured.',
  valuesConfig: {
    ZVW: { description: 'Zorgverzekeringswet (basic health insurance).' },
    WLZ: { description: 'Wet langdurige zorg (long-term care).' },
  },
});

export enum ResearchMaturity {
  ESTABLISHED = 'ESTABLISHED',
  DEVELOPING = 'DEVELOPING',
  EARLY = 'EARLY',
}

registerEnumType(ResearchMaturity, {
  name: 'ResearchMaturity',
  description: 'How far a sector’s knowledge infrastructure (kennisinfrastructuur) has developed.',
  valuesConfig: {
    ESTABLISHED: { description: 'Joint agenda-setting and evaluation already run (e.g. msz via ZE&GG).' },
    DEVELOPING: { description: 'Building its knowledge agenda and infrastructure.' },
    EARLY: { description: 'Knowledge infrastructure is at an early stage.' },
  },
});
