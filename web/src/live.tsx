import { useSubscription } from '@apollo/client/react';
import { useEffect, useRef, useState } from 'react';
import { onSocketReconnect } from './apollo';
import { formatMoment, useT } from './format';
import { LIVE_EVENTS } from './operations.mjs';

/** Events often come in a burst (one change writes several): one read of the page for all of them. */
const DEBOUNCE_MS = 300;

export interface EventFilter {
  partyIds?: string[];
  types?: string[];
}

/**
 * Keeps a page's data live: subscribes to the events `filter` names (one subscription per page) and calls
 * `refetch` once a burst of them has passed, and when the socket is back after a drop (what happened
 * meanwhile was not delivered). No polling. Answers when the page was last brought up to date this way.
 * `filter: null` subscribes to nothing (e.g. no party to listen for).
 */
export function useLiveRefetch(filter: EventFilter | null, refetch: () => Promise<unknown>): Date | null {
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const refetchRef = useRef(refetch);
  refetchRef.current = refetch;
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const schedule = useRef(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      // A failed read shows as the page's own query error; the next event tries again.
      refetchRef.current().then(
        () => setUpdatedAt(new Date()),
        () => undefined,
      );
    }, DEBOUNCE_MS);
  });
  useEffect(() => {
    if (!filter) return;
    const stop = onSocketReconnect(schedule.current);
    return () => {
      stop();
      clearTimeout(timer.current);
    };
  }, [filter]);
  useSubscription(LIVE_EVENTS, {
    variables: { filter },
    skip: !filter,
    fetchPolicy: 'no-cache',
    ignoreResults: true,
    onData: () => schedule.current(),
    // Not being live is no reason to stop showing the page: it still reads its data on each visit.
    onError: () => undefined,
  });
  return updatedAt;
}

/** A quiet line for screen readers and eyes alike: when the page last took in a change without reload. */
export function LiveStatus({ updatedAt }: { updatedAt: Date | null }) {
  const t = useT();
  return (
    <p role="status" className="muted live" data-live={updatedAt ? 'updated' : 'waiting'}>
      {updatedAt && t('live.updated', { time: formatMoment(updatedAt.toISOString()) })}
    </p>
  );
}
