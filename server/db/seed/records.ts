import type { PartyKind } from '../../../entities/party-kind.enum';
import type { ResponsibilityArea } from '../../../entities/responsibility-area.enum';
import type { SourceRef } from '../../../entities/source-ref';

/** Shapes of the verified JSON in ./data (see data/README.md). */
export interface PartyRecord {
  key: string;
  name: string;
  shortName?: string | null;
  kind: PartyKind;
  parentKey: string | null;
  sectorKeys: string[];
  izaSignatory: boolean | null;
  description?: string;
  note?: string;
  sources: SourceRef[];
}

export interface ResponsibilityRecord {
  key: string;
  partyKind?: PartyKind;
  partyKey?: string;
  area: ResponsibilityArea;
  textNl: string;
  summaryEn: string;
  note?: string;
  sources: SourceRef[];
}
