import type { EntityManager } from 'typeorm';

/**
 * Locks knowledge questions, in id order. A merge locks its two questions first and then what hangs off them
 * (agendas, projects, scorecards); a project link, a project's completion and a scorecard lock their questions
 * first too. Taking the project or scorecard first, they held what the merge takes next while they waited for
 * its question, and one of the two ended as a deadlock. `mode` is the weakest the write needs: KEY SHARE to
 * refer to a question, SHARE to read it unchanged until commit, NO KEY UPDATE to change it, UPDATE to merge it.
 */
export async function lockQuestions(
  manager: EntityManager,
  ids: readonly string[],
  mode: 'KEY SHARE' | 'SHARE' | 'NO KEY UPDATE' | 'UPDATE',
): Promise<void> {
  if (ids.length === 0) return;
  await manager.query(`SELECT id FROM knowledge_question WHERE id = ANY($1) ORDER BY id FOR ${mode}`, [
    [...new Set(ids)],
  ]);
}
