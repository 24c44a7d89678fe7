import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { possibleTypes, typePolicies } from '../../client/apollo-cache.mjs';
import { currentSession } from './session';

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
  return new ApolloClient({
    link: ApolloLink.from([auth, new PersistedQueryLink({ sha256 }), new HttpLink({ uri: '/graphql' })]),
    cache: new InMemoryCache({ possibleTypes, typePolicies }),
  });
}
