import { registerEnumType } from 'type-graphql';

/** What a party puts to the Zorginstituut (signaal, Zorg Advies Traject of verzoek om beoordeling). */
export enum PackageSignalKind {
  SIGNAL = 'SIGNAL',
  ZORG_ADVIES_TRAJECT = 'ZORG_ADVIES_TRAJECT',
  ASSESSMENT_REQUEST = 'ASSESSMENT_REQUEST',
}

registerEnumType(PackageSignalKind, {
  name: 'PackageSignalKind',
  description: 'What kind of package signal (pakketsignaal) a party raises.',
  valuesConfig: {
    SIGNAL: {
      description: 'A signal (signaalfunctie) to the Zorginstituut in the interest of package management.',
    },
    ZORG_ADVIES_TRAJECT: {
      description:
        'A Zorg Advies Traject insurers ran together, put to the Zorginstituut for a duiding (agenderen voor duiding).',
    },
    ASSESSMENT_REQUEST: {
      description:
        'A request to the Zorginstituut to assess whether a specific intervention belongs in the basic package (verzoek om beoordeling; by insurers, care providers or VWS); taken up, it yields a standpunt.',
    },
  },
});

/** Where a package signal stands: open until the Zorginstituut answers it or its party withdraws it. */
export enum PackageSignalStatus {
  OPEN = 'OPEN',
  TAKEN_UP = 'TAKEN_UP',
  DECLINED = 'DECLINED',
  WITHDRAWN = 'WITHDRAWN',
}

registerEnumType(PackageSignalStatus, {
  name: 'PackageSignalStatus',
  description: 'Where a package signal (pakketsignaal) stands.',
  valuesConfig: {
    OPEN: { description: 'Waiting for the Zorginstituut’s answer (open).' },
    TAKEN_UP: { description: 'Taken up (opgepakt): linked to a package assessment.' },
    DECLINED: { description: 'Declined (niet opgepakt), with the Zorginstituut’s reasoning.' },
    WITHDRAWN: { description: 'Withdrawn by the raising party before an answer (ingetrokken).' },
  },
});

/** Allowed next statuses: only an OPEN signal moves, once. */
export const SIGNAL_TRANSITIONS: Readonly<Record<PackageSignalStatus, readonly PackageSignalStatus[]>> = {
  [PackageSignalStatus.OPEN]: [
    PackageSignalStatus.TAKEN_UP,
    PackageSignalStatus.DECLINED,
    PackageSignalStatus.WITHDRAWN,
  ],
  [PackageSignalStatus.TAKEN_UP]: [],
  [PackageSignalStatus.DECLINED]: [],
  [PackageSignalStatus.WITHDRAWN]: [],
};

/**
 * Where a party named to co-sign a signal stands: PENDING until an editor of that party accepts or declines (a
 * party is a co-signer only by its own consent), or the raising party withdraws the invitation.
 */
export enum PackageSignalCoSignerStatus {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
  WITHDRAWN = 'WITHDRAWN',
}

registerEnumType(PackageSignalCoSignerStatus, {
  name: 'PackageSignalCoSignerStatus',
  description: 'Where an invitation to co-sign a package signal (uitnodiging tot medeondertekening) stands.',
  valuesConfig: {
    PENDING: { description: 'Waiting for the invited party’s answer (openstaand): it reads the signal to decide.' },
    ACCEPTED: { description: 'Accepted (aanvaard): the party co-signs the signal.' },
    DECLINED: { description: 'Declined by the invited party (afgewezen): it no longer reads the signal.' },
    WITHDRAWN: {
      description:
        'Withdrawn by the raising party (ingetrokken), before or after an answer: it no longer reads the signal.',
    },
  },
});

/** Allowed next statuses of a co-signer: a PENDING one is answered or withdrawn; an ACCEPTED one can be withdrawn. */
export const CO_SIGNER_TRANSITIONS: Readonly<
  Record<PackageSignalCoSignerStatus, readonly PackageSignalCoSignerStatus[]>
> = {
  [PackageSignalCoSignerStatus.PENDING]: [
    PackageSignalCoSignerStatus.ACCEPTED,
    PackageSignalCoSignerStatus.DECLINED,
    PackageSignalCoSignerStatus.WITHDRAWN,
  ],
  [PackageSignalCoSignerStatus.ACCEPTED]: [PackageSignalCoSignerStatus.WITHDRAWN],
  [PackageSignalCoSignerStatus.DECLINED]: [],
  [PackageSignalCoSignerStatus.WITHDRAWN]: [],
};
