import type { PartyKind } from '../../../entities/party-kind.enum';

/** One party's weighted total for one question (Σ score × criterion weight over its scorecard). */
export interface PartyTotal {
  partyId: string;
  partyKind: PartyKind;
  questionId: string;
  total: number;
}

export interface Aggregate {
  /** Mean of the parties' totals. */
  mean: number;
  /** Population standard deviation of the parties' totals: 0 when they agree. */
  spread: number;
  /** How many parties scored the question. */
  parties: number;
}

export interface SharedPriorityRow {
  questionId: string;
  rank: number;
  overall: Aggregate;
  byPartyKind: (Aggregate & { partyKind: PartyKind })[];
}

function aggregate(values: number[]): Aggregate {
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length;
  return { mean, spread: Math.sqrt(variance), parties: values.length };
}

/**
 * The shared ranking of an agenda version (gezamenlijke prioritering): per question the mean, spread and
 * number of the parties' totals, overall and per kind of party; highest mean first, then the question
 * more parties scored, then by id so the order is stable.
 */
export function sharedPriorities(totals: readonly PartyTotal[]): SharedPriorityRow[] {
  const byQuestion = new Map<string, PartyTotal[]>();
  for (const t of totals) byQuestion.set(t.questionId, [...(byQuestion.get(t.questionId) ?? []), t]);
  const rows = [...byQuestion.entries()].map(([questionId, scored]) => {
    const kinds = new Map<PartyKind, number[]>();
    for (const t of scored) kinds.set(t.partyKind, [...(kinds.get(t.partyKind) ?? []), t.total]);
    return {
      questionId,
      rank: 0,
      overall: aggregate(scored.map((t) => t.total)),
      byPartyKind: [...kinds.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([partyKind, values]) => ({ partyKind, ...aggregate(values) })),
    };
  });
  rows.sort(
    (a, b) =>
      b.overall.mean - a.overall.mean ||
      b.overall.parties - a.overall.parties ||
      a.questionId.localeCompare(b.questionId),
  );
  rows.forEach((row, i) => (row.rank = i + 1));
  return rows;
}
