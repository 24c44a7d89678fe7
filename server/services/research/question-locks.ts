import type { EntityManager } from 'typeorm';

/*
 * The research domain takes its row locks in one order: agendas (by id), then knowledge questions (by id), then
 * the rest (versions, items, projects, scorecards). An agenda edit locks its agenda before the questions it places
 * or copies into a new draft; a merge locks the agendas holding either question before both questions; a project
 * link, a project's completion and a scorecard lock their questions before the project or scorecard. Two writes
 * that took two of these the other way round each held what the other waited for, and one ended as a deadlock.
 */

/**
 * Locks research agendas FOR UPDATE, in id order: a write that needs several (a merge rewriting every agenda that
 * holds its question) waits for another such write instead of each taking one of two shared agendas first.
 */
export async function lockAgendas(manager: EntityManager, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await manager.query('SELECT id FROM research_agenda WHERE id = ANY($1) ORDER BY id FOR UPDATE', [[...new Set(ids)]]);
}

/**
 * Locks knowledge questions, in id order, after any agenda the write needs (see above). `mode` is the weakest
 * the write needs: KEY SHARE to refer to a question, SHARE to read it unchanged until commit, NO KEY UPDATE to
 * change it, UPDATE to merge it.
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
