import type { Scenario } from '../scenario';
import { conflictsScenario } from './conflicts';
import { deliverablesScenario } from './deliverables';
import { linkBatchScenario } from './link-batch';
import { portalAgendaScenario } from './portal-agenda';
import { similarQuestionsScenario } from './similar-questions';

/** Every journey the benchmark drives, in order; add a file per journey and list it here. */
export const scenarios: Scenario[] = [
  portalAgendaScenario,
  similarQuestionsScenario,
  linkBatchScenario,
  conflictsScenario,
  deliverablesScenario,
];
