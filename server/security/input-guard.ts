import type { ApolloServerPlugin } from '@apollo/server';
import { BREAK, visit, type DocumentNode } from 'graphql';
import { BadUserInputError } from '../errors';

const NUL = '\u0000';
const NUL_MESSAGE = 'Text may not contain the NUL character (\\u0000).';
// Thrown before execution: without a status Apollo would answer 500.
const BAD_REQUEST = { http: { status: 400 } };

/** The path of the first string in `value` that holds a NUL character, if any. */
function nulPath(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes(NUL) ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nulPath(value[i], `${path}.${i}`);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = nulPath(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * PostgreSQL cannot store the NUL character in text; refuse it up front as the client's mistake
 * instead of failing in the database.
 */
export function inputGuardPlugin(): ApolloServerPlugin {
  // Apollo reuses the parsed document for repeated query texts; look at each document once.
  const documentHasNul = new WeakMap<DocumentNode, boolean>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          // Named like a variable coercion error: `<variable>.<path>`.
          const inVariables = nulPath(request.variables ?? {}, '')?.replace(/^\./, '');
          if (inVariables) throw new BadUserInputError(NUL_MESSAGE, inVariables, BAD_REQUEST);
          let inDocument = documentHasNul.get(document);
          if (inDocument === undefined) {
            inDocument = false;
            visit(document, {
              StringValue(node) {
                if (node.value.includes(NUL)) {
                  inDocument = true;
                  return BREAK;
                }
                return undefined;
              },
            });
            documentHasNul.set(document, inDocument);
          }
          if (inDocument) throw new BadUserInputError(NUL_MESSAGE, 'query', BAD_REQUEST);
        },
      };
    },
  };
}
