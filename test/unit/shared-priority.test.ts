import { PartyKind } from '../../entities/party-kind.enum';
import { sharedPriorities } from '../../server/services/consultation/shared-priority';

const t = (partyId: string, partyKind: PartyKind, questionId: string, total: number) => ({
  partyId,
  partyKind,
  questionId,
  total,
});

describe('sharedPriorities', () => {
  it('gives mean, population spread and count, overall and per party kind, ranked by mean', () => {
    // q-a: 10, 4, 7 → mean 7, sd √6; q-b: 8 and 8 → mean 8, sd 0 (ranks first).
    const rows = sharedPriorities([
      t('p1', PartyKind.INSURER, 'q-a', 10),
      t('p2', PartyKind.INSURER, 'q-a', 4),
      t('p3', PartyKind.PATIENT_ORGANISATION, 'q-a', 7),
      t('p1', PartyKind.INSURER, 'q-b', 8),
      t('p3', PartyKind.PATIENT_ORGANISATION, 'q-b', 8),
    ]);
    expect(rows.map((r) => [r.rank, r.questionId, r.overall.mean, r.overall.parties])).toEqual([
      [1, 'q-b', 8, 2],
      [2, 'q-a', 7, 3],
    ]);
    expect(rows[0]!.overall.spread).toBe(0);
    expect(rows[1]!.overall.spread).toBeCloseTo(Math.sqrt(6), 10);
    expect(rows[1]!.byPartyKind).toEqual([
      { partyKind: 'INSURER', mean: 7, spread: 3, parties: 2 },
      { partyKind: 'PATIENT_ORGANISATION', mean: 7, spread: 0, parties: 1 },
    ]);
  });

  it('breaks a tie in mean by the number of parties, then by question id', () => {
    const rows = sharedPriorities([
      t('p1', PartyKind.INSURER, 'q-z', 5),
      t('p1', PartyKind.INSURER, 'q-y', 5),
      t('p2', PartyKind.INSURER, 'q-y', 5),
      t('p1', PartyKind.INSURER, 'q-x', 5),
    ]);
    expect(rows.map((r) => r.questionId)).toEqual(['q-y', 'q-x', 'q-z']);
  });

  it('is empty when nobody scored', () => {
    expect(sharedPriorities([])).toEqual([]);
  });
});
