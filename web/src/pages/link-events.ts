// No React here: the twin test (test/e2e/web/link-action-events.test.ts) imports it under Node, next to the server
// that emits the events.

/** What a person does to a synergy link on a page (LinkTable). */
export type LinkAction = 'confirm' | 'dispute' | 'resolve';

/** A live event as the page hears it (web/src/live.tsx's LiveEvent): its type and its subject's id. */
export interface LinkEvent {
  type: 'LINK_CONFIRMATIONS_CHANGED' | 'LINK_ALIGNMENT_CHANGED';
  subjectId: string;
}

/**
 * The live events a change of `link` (as the page read it) makes, as the server derives them from its audit
 * entry (eventsForAudit in server/services/events/outbox.ts): each action changes a confirmation or the dispute,
 * and a resolution that sets another alignment than the one read (the server's, at the version sent) changes
 * that too. None when the answer is the version sent: a side that had confirmed already is answered with the link
 * as it stands. `answer` is the mutation's data, one field holding the link as saved.
 */
export function eventsOf(
  action: LinkAction,
  link: { id: string; version: number; alignment: string },
  input: Record<string, unknown>,
  answer: unknown,
): LinkEvent[] {
  const saved = Object.values((answer ?? {}) as Record<string, { version?: number } | null>);
  if (!saved.some((l) => l?.version !== undefined && l.version !== link.version)) return [];
  const events: LinkEvent[] = [{ type: 'LINK_CONFIRMATIONS_CHANGED', subjectId: link.id }];
  if (action === 'resolve' && input.alignment !== undefined && input.alignment !== link.alignment)
    events.push({ type: 'LINK_ALIGNMENT_CHANGED', subjectId: link.id });
  return events;
}
