import { ApolloClient, ApolloLink, CombinedGraphQLErrors, HttpLink, InMemoryCache, ServerError } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { ErrorLink } from '@apollo/client/link/error';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { possibleTypes, typePolicies } from '../../client/apollo-cache.mjs';
import { currentSession, endExpiredSession } from './session';

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

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
  return new ApolloClient({
    link: ApolloLink.from([expiry, auth, new PersistedQueryLink({ sha256 }), new HttpLink({ uri: '/graphql' })]),
    cache: new InMemoryCache({ possibleTypes, typePolicies }),
  });
}
