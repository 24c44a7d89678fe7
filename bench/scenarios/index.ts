import type { Scenario } from '../scenario';
import { portalAgendaScenario } from './portal-agenda';
import { similarQuestionsScenario } from './similar-questions';

/** Every journey the benchmark drives, in order; add a file per journey and list it here. */
export const scenarios: Scenario[] = [similarQuestionsScenario, portalAgendaScenario];
