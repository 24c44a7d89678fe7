import { DeliverableStatus, STATUS_TRANSITIONS } from '../../entities/deliverable.enums';
import { AgendaStatus, ProjectStatus, QuestionStatus } from '../../entities/research.enums';
import { GUIDELINE_TRANSITIONS, GuidelineStatus } from '../../entities/synergy.enums';
import { assertTransition } from '../../server/services/deliverables/deliverable.service';
import { NEXT_QUESTION_STATUS } from '../../server/services/research/knowledge-question.service';
import { NEXT_AGENDA_STATUS } from '../../server/services/research/research-agenda.service';
import { invalidTransition } from '../../server/shared/transitions';
import { NEXT_PROJECT_STATUS } from '../../server/services/research/research-project.service';
import { isConfirmed } from '../../server/services/synergy/synergy-link.service';

/**
 * Every (from, to) pair of each life cycle, with whether the documented model (docs/domain.md) allows
 * it. The allowed pairs are written out here, apart from the tables, so a changed table fails a test.
 */
function pairs<S extends string>(states: Record<string, S>, allowed: [S, S][]): [S, S, boolean][] {
  const values = Object.values(states);
  const permitted = new Set(allowed.map(([from, to]) => `${from}>${to}`));
  return values.flatMap((from) => values.map((to) => [from, to, permitted.has(`${from}>${to}`)] as [S, S, boolean]));
}

describe('research agenda version: DRAFT → CONSULTATION → ADOPTED → ARCHIVED', () => {
  const A = AgendaStatus;
  const cases = pairs(A, [
    [A.DRAFT, A.CONSULTATION],
    [A.CONSULTATION, A.ADOPTED],
    [A.ADOPTED, A.ARCHIVED],
  ]);
  it.each(cases)('%s → %s allowed: %s', (from, to, allowed) => {
    expect(NEXT_AGENDA_STATUS[from].includes(to)).toBe(allowed);
  });
});

describe('knowledge question: PROPOSED → PRIORITISED → IN_RESEARCH → ANSWERED → IMPLEMENTED, or REJECTED', () => {
  const Q = QuestionStatus;
  // MERGED is reached through mergeKnowledgeQuestions only, never through a status change.
  const cases = pairs(Q, [
    [Q.PROPOSED, Q.PRIORITISED],
    [Q.PROPOSED, Q.REJECTED],
    [Q.PRIORITISED, Q.IN_RESEARCH],
    [Q.PRIORITISED, Q.REJECTED],
    [Q.IN_RESEARCH, Q.ANSWERED],
    [Q.ANSWERED, Q.IMPLEMENTED],
  ]);
  it.each(cases)('%s → %s allowed: %s', (from, to, allowed) => {
    expect(NEXT_QUESTION_STATUS[from].includes(to)).toBe(allowed);
  });
});

describe('research project: PLANNED → RUNNING → COMPLETED, or CANCELLED while open', () => {
  const P = ProjectStatus;
  const cases = pairs(P, [
    [P.PLANNED, P.RUNNING],
    [P.PLANNED, P.CANCELLED],
    [P.RUNNING, P.COMPLETED],
    [P.RUNNING, P.CANCELLED],
  ]);
  it.each(cases)('%s → %s allowed: %s', (from, to, allowed) => {
    expect(NEXT_PROJECT_STATUS[from].includes(to)).toBe(allowed);
  });
});

describe('guideline: published editions, revisions and withdrawal', () => {
  const G = GuidelineStatus;
  // PUBLISHED → PUBLISHED is a new edition (publishGuidelineVersion); WITHDRAWN is final.
  const cases = pairs(G, [
    [G.IN_DEVELOPMENT, G.PUBLISHED],
    [G.IN_DEVELOPMENT, G.WITHDRAWN],
    [G.PUBLISHED, G.PUBLISHED],
    [G.PUBLISHED, G.UNDER_REVISION],
    [G.PUBLISHED, G.WITHDRAWN],
    [G.UNDER_REVISION, G.PUBLISHED],
    [G.UNDER_REVISION, G.WITHDRAWN],
  ]);
  it.each(cases)('%s → %s allowed: %s', (from, to, allowed) => {
    expect(GUIDELINE_TRANSITIONS[from].includes(to)).toBe(allowed);
  });
});

describe('deliverable status (assertTransition)', () => {
  const D = DeliverableStatus;
  // Keeping the status is no transition; DONE can be reopened, CANCELLED planned again.
  const cases = pairs(D, [
    ...Object.values(D).map((s) => [s, s] as [DeliverableStatus, DeliverableStatus]),
    [D.PLANNED, D.IN_PROGRESS],
    [D.PLANNED, D.DELAYED],
    [D.PLANNED, D.DONE],
    [D.PLANNED, D.CANCELLED],
    [D.IN_PROGRESS, D.DELAYED],
    [D.IN_PROGRESS, D.DONE],
    [D.IN_PROGRESS, D.CANCELLED],
    [D.DELAYED, D.IN_PROGRESS],
    [D.DELAYED, D.DONE],
    [D.DELAYED, D.CANCELLED],
    [D.DONE, D.IN_PROGRESS],
    [D.CANCELLED, D.PLANNED],
  ]);
  const allowedCases = cases.filter(([, , allowed]) => allowed);
  const refusedCases = cases.filter(([, , allowed]) => !allowed);

  it.each(allowedCases)('%s → %s is allowed', (from, to) => {
    expect(() => assertTransition(from, to, 'input.status')).not.toThrow();
  });

  it.each(refusedCases)('%s → %s is BAD_USER_INPUT naming the allowed next states', (from, to) => {
    expect(() => assertTransition(from, to, 'input.status')).toThrow(
      expect.objectContaining({
        extensions: { code: 'BAD_USER_INPUT', field: 'input.status', allowed: STATUS_TRANSITIONS[from] },
      }),
    );
  });
});

describe('invalidTransition (agendas, questions, projects)', () => {
  it('is BAD_USER_INPUT with the field and the allowed next states', () => {
    expect(() =>
      invalidTransition('research project', 'PLANNED', 'COMPLETED', ['RUNNING', 'CANCELLED'], 'input.status'),
    ).toThrow(
      expect.objectContaining({
        message: 'A research project cannot go from PLANNED to COMPLETED; allowed next states: RUNNING, CANCELLED.',
        extensions: { code: 'BAD_USER_INPUT', field: 'input.status', allowed: ['RUNNING', 'CANCELLED'] },
      }),
    );
  });

  it('names a final state as such', () => {
    expect(() => invalidTransition('knowledge question', 'REJECTED', 'PROPOSED', [], 'input.status')).toThrow(
      /allowed next states: none \(final state\)/,
    );
  });
});

describe('synergy link confirmation: confirmed only when both sides confirmed', () => {
  const at = new Date('2026-01-01T00:00:00Z');
  it.each<[Date | null, Date | null, boolean]>([
    [null, null, false],
    [at, null, false],
    [null, at, false],
    [at, at, true],
  ])('owner %s, assessor %s → confirmed: %s', (ownerConfirmedAt, assessorConfirmedAt, confirmed) => {
    expect(isConfirmed({ ownerConfirmedAt, assessorConfirmedAt })).toBe(confirmed);
  });
});
