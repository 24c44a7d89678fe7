// Writes the dashboard's trusted-document manifest: every operation in web/src/operations.mjs exactly
// as Apollo Client sends it (after its cache adds __typename), keyed by the sha256 the dashboard's
// PersistedQueryLink sends. TRUSTED_DOCUMENTS can name this file (server/security/trusted-documents.ts).
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { ApolloClient, ApolloLink, InMemoryCache } from '@apollo/client';
import { print } from 'graphql';
import { Observable } from 'rxjs';
import { possibleTypes, typePolicies } from '../client/apollo-cache.mjs';
import * as operations from './src/operations.mjs';

export async function operationsManifest() {
  const sent = new Map();
  // The same cache settings as the dashboard, so the documents are transformed the same way; the link
  // records what would go over the wire and answers nothing.
  const client = new ApolloClient({
    cache: new InMemoryCache({ possibleTypes, typePolicies }),
    link: new ApolloLink((operation) => {
      sent.set(operation.operationName, print(operation.query));
      return new Observable((observer) => {
        observer.next({ data: null });
        observer.complete();
      });
    }),
  });
  for (const document of Object.values(operations)) {
    const definition = document.definitions.find((d) => d.kind === 'OperationDefinition');
    if (!definition) continue;
    const run =
      definition.operation === 'mutation'
        ? client.mutate({ mutation: document, errorPolicy: 'all' })
        : definition.operation === 'subscription'
          ? new Promise((resolve) => {
              // As the dashboard subscribes (web/src/live.tsx): the socket link is sent the same printed document.
              client
                .subscribe({ query: document, fetchPolicy: 'no-cache', errorPolicy: 'all' })
                .subscribe({ next: resolve, error: resolve, complete: resolve });
            })
          : client.query({ query: document, fetchPolicy: 'network-only', errorPolicy: 'all' });
    await run.catch(() => undefined);
  }
  return {
    format: 'apollo-persisted-query-manifest',
    version: 1,
    operations: [...sent].map(([name, body]) => ({
      id: createHash('sha256').update(body).digest('hex'),
      name,
      type: /^\s*(mutation|subscription)\b/.exec(body)?.[1] ?? 'query',
      body,
    })),
  };
}

export async function writeOperationsManifest(file) {
  writeFileSync(file, `${JSON.stringify(await operationsManifest(), null, 2)}\n`);
}
