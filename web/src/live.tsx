import { useSubscription } from '@apollo/client/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { onSocketReconnect } from './apollo';
import { formatMoment, useT } from './format';
import { LIVE_EVENTS } from './operations.mjs';
import { onSessionChange } from './session';

/** Events often come in a burst (one change writes several): one read of the page for all of them. */
const DEBOUNCE_MS = 300;
/** How many events a page remembers having read, for an own change whose answer comes after its event. */
const REMEMBERED = 100;

export interface EventFilter {
  partyIds?: string[];
  types?: string[];
}

/** An event as a change the person makes on the page announces it: its type and its subject's id. */
export interface LiveEvent {
  type: string;
  subjectId: string;
}

const keyOf = (event: LiveEvent) => `${event.type}:${event.subjectId}`;

export interface Live {
  /** When the page was last brought up to date by events (LiveStatus). */
  updatedAt: Date | null;
  /**
   * Reads the page now, after a change the person made on it (a burst of events waiting to be read is read by
   * it too). `announced` are the events that change makes: they are in this read, which begins after the
   * change was saved, so when they come they read nothing again; and when they came first and a read began
   * after them, that read holds the change and this one waits for it instead of reading again.
   */
  readNow(announced?: LiveEvent[]): Promise<void>;
}

/**
 * Keeps a page's data live: subscribes to the events `filter` names (one subscription per page) and calls
 * `refetch` once a burst of them has passed, and when the socket is back after a drop (what happened
 * meanwhile was not delivered). No polling. `filter: null` subscribes to nothing (e.g. no party to listen
 * for). A page that changes something itself reads through `readNow`, so the change's own events do not read
 * it a second time.
 */
export function useLive(filter: EventFilter | null, refetch: () => Promise<unknown>): Live {
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const refetchRef = useRef(refetch);
  refetchRef.current = refetch;
  const state = useRef({
    timer: undefined as ReturnType<typeof setTimeout> | undefined,
    /** Events heard since the last read began. */
    heard: new Set<string>(),
    /** Events heard before a read began (that read holds them), the latest REMEMBERED. */
    read: new Set<string>(),
    /** Events of the person's own changes that a read holds before they are heard. */
    expected: new Set<string>(),
    last: Promise.resolve() as Promise<unknown>,
  });
  const read = useRef(() => {
    const s = state.current;
    clearTimeout(s.timer);
    s.timer = undefined;
    for (const key of s.heard) s.read.add(key);
    s.heard.clear();
    for (const key of s.read) if (s.read.size > REMEMBERED) s.read.delete(key);
    s.last = refetchRef.current();
    return s.last;
  });
  const schedule = useRef(() => {
    const s = state.current;
    clearTimeout(s.timer);
    s.timer = setTimeout(() => {
      // A failed read shows as the page's own query error; the next event tries again.
      read.current().then(
        () => setUpdatedAt(new Date()),
        () => undefined,
      );
    }, DEBOUNCE_MS);
  });
  const readNow = useRef(async (announced: LiveEvent[] = []) => {
    const s = state.current;
    const keys = announced.map(keyOf);
    if (keys.length > 0 && keys.every((key) => s.read.has(key))) {
      for (const key of keys) s.read.delete(key);
      await s.last.catch(() => undefined);
      return;
    }
    for (const key of keys) if (!s.heard.has(key) && !s.read.delete(key)) s.expected.add(key);
    const burst = s.timer !== undefined;
    await read.current();
    if (burst) setUpdatedAt(new Date());
  });
  useEffect(() => {
    if (!filter) return;
    const s = state.current;
    // Events missed while the socket was down are not delivered: none of them is still to come.
    const stop = onSocketReconnect(() => {
      s.expected.clear();
      schedule.current();
    });
    return () => {
      stop();
      clearTimeout(s.timer);
      s.timer = undefined;
      for (const keys of [s.heard, s.read, s.expected]) keys.clear();
    };
  }, [filter]);
  useSubscription(LIVE_EVENTS, {
    variables: { filter },
    skip: !filter,
    fetchPolicy: 'no-cache',
    ignoreResults: true,
    onData: ({ data }) => {
      const event = (data.data as { events?: LiveEvent } | undefined)?.events;
      const key = event ? keyOf(event) : null;
      if (key !== null && state.current.expected.delete(key)) return;
      if (key !== null) state.current.heard.add(key);
      schedule.current();
    },
    // Not being live is no reason to stop showing the page: it still reads its data on each visit.
    onError: () => undefined,
  });
  return { updatedAt, readNow: readNow.current };
}

/** `useLive` for a page that changes nothing itself: when it was last brought up to date by events. */
export function useLiveRefetch(filter: EventFilter | null, refetch: () => Promise<unknown>): Date | null {
  return useLive(filter, refetch).updatedAt;
}

/**
 * The signed-in person's other tabs of this browser, for a change of theirs that makes no event (an inbox read
 * mark is the person's own, so the subscription does not carry it): the returned function tells those tabs,
 * `onMessage` hears what they tell. A BroadcastChannel (same origin) named for the person and `topic`, so a tab
 * signed in as someone else hears nothing; it closes with the page, and at once when the session changes.
 */
export function useOwnTabs<T>(personId: string, topic: string, onMessage: (message: T) => void): (message: T) => void {
  const channel = useRef<BroadcastChannel | null>(null);
  const onMessageRef = useRef(onMessage);
  onMessageRef.current = onMessage;
  useEffect(() => {
    const opened = new BroadcastChannel(`iza:${topic}:${personId}`);
    opened.onmessage = (event: MessageEvent<T>) => onMessageRef.current(event.data);
    channel.current = opened;
    const close = () => {
      opened.close();
      if (channel.current === opened) channel.current = null;
    };
    const stop = onSessionChange(close);
    return () => {
      stop();
      close();
    };
  }, [personId, topic]);
  return useCallback((message: T) => channel.current?.postMessage(message), []);
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
