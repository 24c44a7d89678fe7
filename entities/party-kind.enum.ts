import { registerEnumType } from 'type-graphql';

export enum PartyKind {
  MINISTRY = 'MINISTRY',
  PACKAGE_MANAGER = 'PACKAGE_MANAGER',
  MARKET_AUTHORITY = 'MARKET_AUTHORITY',
  RESEARCH_FUNDER = 'RESEARCH_FUNDER',
  INSURER = 'INSURER',
  SCIENTIFIC_ASSOCIATION = 'SCIENTIFIC_ASSOCIATION',
  PROFESSIONAL_ASSOCIATION = 'PROFESSIONAL_ASSOCIATION',
  PROVIDER_ASSOCIATION = 'PROVIDER_ASSOCIATION',
  PATIENT_ORGANISATION = 'PATIENT_ORGANISATION',
  SUPERVISOR = 'SUPERVISOR',
  KNOWLEDGE_INSTITUTE = 'KNOWLEDGE_INSTITUTE',
  OTHER = 'OTHER',
}

registerEnumType(PartyKind, {
  name: 'PartyKind',
  description: 'Kind of party (soort partij); decides which capabilities its members get.',
  valuesConfig: {
    MINISTRY: { description: 'Ministerie, e.g. VWS (Volksgezondheid, Welzijn en Sport).' },
    PACKAGE_MANAGER: { description: 'Pakketbeheerder: Zorginstituut Nederland.' },
    MARKET_AUTHORITY: { description: 'Markttoezichthouder: Nederlandse Zorgautoriteit (NZa), ACM.' },
    RESEARCH_FUNDER: { description: 'Onderzoeksfinancier: ZonMw.' },
    INSURER: { description: 'Zorgverzekeraar or their association (Zorgverzekeraars Nederland).' },
    SCIENTIFIC_ASSOCIATION: { description: 'Wetenschappelijke vereniging (e.g. NHG, NVMO) or their federation (FMS).' },
    PROFESSIONAL_ASSOCIATION: { description: 'Beroepsvereniging (e.g. V&VN, LHV).' },
    PROVIDER_ASSOCIATION: { description: 'Brancheorganisatie of zorgaanbieders (e.g. NVZ, NFU, ZKN).' },
    PATIENT_ORGANISATION: { description: 'Patiëntenorganisatie (e.g. Patiëntenfederatie Nederland).' },
    SUPERVISOR: { description: 'Toezichthouder: Inspectie Gezondheidszorg en Jeugd (IGJ).' },
    KNOWLEDGE_INSTITUTE: { description: 'Kennisinstituut (e.g. Nivel, RIVM, Gezondheidsraad).' },
    OTHER: { description: 'Any other named body: committees, advisers, political parties, international bodies.' },
  },
});
