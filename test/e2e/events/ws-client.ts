import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export const EVENTS = `subscription($after: String, $filter: EventFilter) {
  events(after: $after, filter: $filter) { cursor type subjectId before after }
}`;

export interface Received {
  cursor: string;
  type: string;
  subjectId: string;
  before: unknown;
  after: unknown;
}

/** A real graphql-ws client over `ws`, as a portal would open it; it records how the socket closed. */
export function wsClient(httpUrl: string, token?: string | (() => string), options: { retry?: boolean } = {}) {
  const closes: number[] = [];
  const client: Client = createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: () => {
      const value = typeof token === 'function' ? token() : token;
      return value ? { authorization: `Bearer ${value}` } : {};
    },
    retryAttempts: options.retry ? 5 : 0,
    retryWait: () => new Promise((resolve) => setTimeout(resolve, 50)),
    shouldRetry: () => options.retry === true,
    lazy: true,
    on: { closed: (event) => closes.push((event as { code: number }).code) },
  });
  return { client, closes };
}

/** Subscribes and collects what arrives; `next(n)` waits until n events (or fails after a timeout). */
export function collect(client: Client, variables: Record<string, unknown> = {}, query = EVENTS) {
  const events: Received[] = [];
  const errors: unknown[] = [];
  let waiters: (() => void)[] = [];
  let completed = false;
  const wake = () => {
    const current = waiters;
    waiters = [];
    for (const w of current) w();
  };
  const dispose = client.subscribe<{ events: Received }>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors) errors.push(...result.errors);
        if (result.data?.events) events.push(result.data.events);
        wake();
      },
      error: (error) => {
        // An `error` message carries the GraphQL errors as an array; a closed socket, the close event.
        if (Array.isArray(error)) errors.push(...error);
        else errors.push(error);
        wake();
      },
      complete: () => {
        completed = true;
        wake();
      },
    },
  );
  const until = async (done: () => boolean, what: string, timeoutMs = 8_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(events)}`);
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  };
  return {
    events,
    errors,
    dispose,
    get completed() {
      return completed;
    },
    next: (n: number, timeoutMs?: number) => until(() => events.length >= n, `${n} events`, timeoutMs),
    failed: (timeoutMs?: number) => until(() => errors.length > 0, 'an error', timeoutMs),
  };
}

/** Waits a little for events that should not come. */
export const settle = (ms = 400) => new Promise((resolve) => setTimeout(resolve, ms));
