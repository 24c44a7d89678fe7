import { ApolloClient, ApolloLink, CombinedGraphQLErrors, HttpLink, InMemoryCache, ServerError } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { ErrorLink } from '@apollo/client/link/error';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { createClient as createSocketClient, type Client as SocketClient } from 'graphql-ws';
import { OperationTypeNode } from 'graphql';
import { possibleTypes, typePolicies } from '../../client/apollo-cache.mjs';
import { currentSession, endExpiredSession, onSessionChange } from './session';

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const reconnectListeners = new Set<() => void>();

/**
 * Called when the socket is back after it dropped (a restart, a network change, a new session): events of
 * the gap were not delivered, so a live page reads its data again.
 */
export function onSocketReconnect(listener: () => void): () => void {
  reconnectListeners.add(listener);
  return () => reconnectListeners.delete(listener);
}

/**
 * The socket for subscriptions (graphql-ws at /graphql, as the server's subscriptions.ts expects): opened
 * with the first subscription and closed after the last (lazy), signed in with the session's token in
 * connectionParams as `authorization`. A new session ends the socket at once: it reconnects with the new
 * token (or anonymously) and subscribes again, so a socket never keeps an earlier person's rights.
 */
function socketClient(): SocketClient {
  let sessionChanged = false;
  let open = false;
  const client = createSocketClient({
    url: () => `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/graphql`,
    connectionParams: () => {
      const session = currentSession();
      return session ? { authorization: `Bearer ${session.token}` } : {};
    },
    lazy: true,
    retryAttempts: Infinity,
    // At once after a session change; else backing off up to half a minute (a restart, a lost network).
    retryWait: async (retries) => {
      if (sessionChanged) {
        sessionChanged = false;
        return;
      }
      const seconds = Math.min(2 ** retries, 30);
      await new Promise((resolve) => setTimeout(resolve, seconds * 1000 + Math.random() * 1000));
    },
    on: {
      opened: () => (open = true),
      closed: () => (open = false),
      connected: (_socket, _payload, wasRetry) => {
        if (wasRetry) for (const listener of reconnectListeners) listener();
      },
    },
  });
  onSessionChange(() => {
    // A socket still connecting sends the new session's token once open (connectionParams is read then);
    // closing it before it opens would only make the browser warn.
    if (!open) return;
    sessionChanged = true;
    client.terminate();
  });
  return client;
}

const isSubscription = ({ operationType }: ApolloLink.Operation) => operationType === OperationTypeNode.SUBSCRIPTION;

/**
 * The client the README tells portals to build (possibleTypes and typePolicies from client/), sending
 * each operation as the sha256 of its document first: the build registers them (trusted documents),
 * so a server that enforces trusted documents answers them.
 */
export function createClient(): ApolloClient {
  const auth = new SetContextLink((prevContext) => {
    const session = currentSession();
    return session
      ? { headers: { ...(prevContext.headers as Record<string, string>), authorization: `Bearer ${session.token}` } }
      : {};
  });
  // An expired or revoked token is answered 401 UNAUTHENTICATED: sign out, and ask again as anonymous.
  const expiry = new ErrorLink(({ error }) => {
    const unauthenticated =
      (ServerError.is(error) && error.statusCode === 401) ||
      (CombinedGraphQLErrors.is(error) && error.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED'));
    if (unauthenticated && currentSession()) endExpiredSession();
  });
  // Subscriptions go over the socket as whole documents (the server checks their sha256 against the registered
  // ones there: the socket takes no hash alone), everything else over HTTP by hash.
  const http = ApolloLink.from([auth, new PersistedQueryLink({ sha256 }), new HttpLink({ uri: '/graphql' })]);
  return new ApolloClient({
    link: ApolloLink.from([expiry, ApolloLink.split(isSubscription, new GraphQLWsLink(socketClient()), http)]),
    cache: new InMemoryCache({ possibleTypes, typePolicies }),
  });
}
