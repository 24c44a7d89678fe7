import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ApolloServerPlugin } from '@apollo/server';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';
import { GraphQLError } from 'graphql';

export const OPERATION_NOT_TRUSTED = 'OPERATION_NOT_TRUSTED';

// Apollo refuses these persisted-query requests with HTTP 400 but no code, which would read as an internal error.
export const PERSISTED_QUERY_ERRORS: Record<string, { code: string; message: string }> = {
  'provided sha does not match query': {
    code: 'PERSISTED_QUERY_HASH_MISMATCH',
    message:
      'The persisted query hash is not the sha256 of the query sent with it. Send the hash alone, or its document.',
  },
  'Unsupported persisted query version': {
    code: 'PERSISTED_QUERY_VERSION_NOT_SUPPORTED',
    message: 'Only persisted query version 1 is supported.',
  },
};

/** The client code and message for one of Apollo's code-less persisted-query refusals, if it is one. */
export function persistedQueryError(message: string, code: unknown): { code: string; message: string } | undefined {
  return code === undefined || code === 'INTERNAL_SERVER_ERROR' ? PERSISTED_QUERY_ERRORS[message] : undefined;
}

/** sha256 hex of a document, as Apollo's automatic persisted queries and manifests use. */
export function documentHash(body: string): string {
  return createHash('sha256').update(body).digest('hex');
}

/**
 * Reads the manifests partner portals register: Apollo's persisted query manifest
 * (`{ format: "apollo-persisted-query-manifest", operations: [{ id, body }] }`) or a plain
 * `{ "<sha256>": "<document>" }` map (GraphQL Code Generator's persisted documents with sha256).
 * Every id must be the sha256 of its document.
 */
export function loadTrustedDocuments(files: readonly string[]): Map<string, string> {
  const documents = new Map<string, string>();
  for (const file of files) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new Error(`cannot read ${file}: ${(error as Error).message}`);
    }
    const entries: [string, unknown][] =
      parsed &&
      typeof parsed === 'object' &&
      'operations' in parsed &&
      Array.isArray((parsed as { operations: unknown }).operations)
        ? (parsed as { operations: { id: string; body: unknown }[] }).operations.map((o) => [o.id, o.body])
        : Object.entries(parsed as Record<string, unknown>);
    for (const [id, body] of entries) {
      if (typeof body !== 'string' || documentHash(body) !== id) {
        throw new Error(`${file}: entry ${id} is not the sha256 of its document`);
      }
      documents.set(id, body);
    }
  }
  return documents;
}

/** Apollo's persisted-query cache, answered from the manifests; clients cannot register new documents. */
export class TrustedDocumentCache implements KeyValueCache<string> {
  constructor(private readonly documents: ReadonlyMap<string, string>) {}

  async get(key: string): Promise<string | undefined> {
    // Apollo prefixes persisted-query keys with "apq:".
    return this.documents.get(key.replace(/^apq:/, ''));
  }

  async set(): Promise<void> {}

  async delete(): Promise<boolean> {
    return false;
  }
}

/** With enforcement on, any document that is not in a manifest is refused before it runs. */
export function trustedDocumentsPlugin(documents: ReadonlyMap<string, string>): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ queryHash }) {
          if (!documents.has(queryHash)) {
            throw new GraphQLError(
              'This server only runs registered operations. Send the sha256 of a registered document (persisted query).',
              { extensions: { code: OPERATION_NOT_TRUSTED, http: { status: 400 } } },
            );
          }
        },
      };
    },
  };
}
