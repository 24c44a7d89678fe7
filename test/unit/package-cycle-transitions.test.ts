import {
  AssessmentStage,
  CONDITION_TRANSITIONS,
  ConditionState,
  STAGE_TRANSITIONS,
} from '../../entities/package-cycle.enums';
import { assertConditionTransition, assertStageTransition } from '../../server/services/package/package-cycle.service';

/**
 * Every (from, to) pair of the package cycle and of a condition's state, with whether docs/domain.md
 * allows it. Written out apart from the tables, so a changed table fails here.
 */
function pairs<S extends string>(states: Record<string, S>, allowed: [S, S][]): [S, S, boolean][] {
  const values = Object.values(states);
  const permitted = new Set(allowed.map(([from, to]) => `${from}>${to}`));
  return values.flatMap((from) => values.map((to) => [from, to, permitted.has(`${from}>${to}`)] as [S, S, boolean]));
}

/** What the guard does with a pair: 'ok', or the error code with the allowed states it names. */
function guard(run: () => void): string {
  try {
    run();
    return 'ok';
  } catch (error) {
    const e = error as { extensions?: { code?: string } };
    return e.extensions?.code ?? 'thrown';
  }
}

describe('package cycle: signal → scoping → assessment → consultation → decision → monitoring → re-assessment → closed', () => {
  const S = AssessmentStage;
  const cases = pairs(S, [
    [S.SIGNAL, S.SCOPING],
    [S.SIGNAL, S.CLOSED],
    [S.SCOPING, S.ASSESSMENT],
    [S.SCOPING, S.CLOSED],
    [S.ASSESSMENT, S.CONSULTATION],
    [S.ASSESSMENT, S.DECISION],
    [S.ASSESSMENT, S.CLOSED],
    [S.CONSULTATION, S.ASSESSMENT],
    [S.CONSULTATION, S.DECISION],
    [S.DECISION, S.MONITORING],
    [S.DECISION, S.REASSESSMENT],
    [S.DECISION, S.CLOSED],
    [S.MONITORING, S.REASSESSMENT],
    [S.MONITORING, S.CLOSED],
    [S.REASSESSMENT, S.CLOSED],
  ]);
  it.each(cases)('%s → %s allowed: %s', (from, to, allowed) => {
    expect(STAGE_TRANSITIONS[from].includes(to)).toBe(allowed);
    expect(guard(() => assertStageTransition(from, to, 'input.stage'))).toBe(allowed ? 'ok' : 'BAD_USER_INPUT');
  });
});

describe('condition: OPEN → MET, NOT_MET or WAIVED, and back to OPEN', () => {
  const C = ConditionState;
  const cases = pairs(C, [
    [C.OPEN, C.MET],
    [C.OPEN, C.NOT_MET],
    [C.OPEN, C.WAIVED],
    [C.MET, C.OPEN],
    [C.NOT_MET, C.OPEN],
    [C.WAIVED, C.OPEN],
  ]);
  it.each(cases)('%s → %s allowed: %s', (from, to, allowed) => {
    expect(CONDITION_TRANSITIONS[from].includes(to)).toBe(allowed);
    // Keeping the state is no transition: the guard lets it pass without a change.
    expect(guard(() => assertConditionTransition(from, to, 'input.state'))).toBe(
      allowed || from === to ? 'ok' : 'BAD_USER_INPUT',
    );
  });
});
