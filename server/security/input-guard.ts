import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import { BREAK, visit, type DocumentNode } from 'graphql';
import { BadUserInputError } from '../errors';

export const VARIABLES_TOO_DEEP = 'VARIABLES_TOO_DEEP';
/** Far beyond any input of the schema (a few levels), far below what recursive code can walk. */
export const MAX_REQUEST_NESTING = 32;

/** Whether `value` nests objects and arrays more than `max` levels deep; iterative, for any depth. */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [item, depth] = pending.pop()!;
    if (item === null || typeof item !== 'object') continue;
    if (depth > max) return true;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}

function parsedQueryParameter(value: unknown): unknown {
  if (typeof value !== 'string') return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined; // Apollo answers malformed JSON itself.
  }
}

/**
 * Refuses variables and extensions nested deeper than `MAX_REQUEST_NESTING` before anything walks them:
 * JSON.parse builds any depth, but the recursive code after it (variable coercion, cache keys, the NUL
 * check below) would overflow the stack.
 */
export function nestingGuard(): RequestHandler {
  return (req, res, next) => {
    // A GET's parameters as Apollo reads them (URLSearchParams, every key), not Express's parser, which
    // stops after 1 000 keys: a variables parameter behind a thousand others would pass unchecked.
    // Everything after the first `?`, a second `?` included, as the integration passes it on.
    const at = req.originalUrl.indexOf('?');
    const search = req.method === 'GET' ? new URLSearchParams(at >= 0 ? req.originalUrl.slice(at + 1) : '') : null;
    const parts = search
      ? [...search.getAll('variables'), ...search.getAll('extensions')].map(parsedQueryParameter)
      : [req.body as unknown];
    if (parts.some((part) => nestedDeeperThan(part, MAX_REQUEST_NESTING))) {
      res.status(400).json({
        errors: [
          {
            message: `The request's variables or extensions are nested more than ${MAX_REQUEST_NESTING} levels deep.`,
            extensions: { code: VARIABLES_TOO_DEEP },
          },
        ],
      });
      return;
    }
    next();
  };
}

const NUL = '\u0000';
// Thrown before execution: without a status Apollo would answer 500.
const BAD_REQUEST = { http: { status: 400 } };

/** Why PostgreSQL cannot store `text` (its text and json types hold neither), or undefined when it can. */
export function unstorable(text: string): string | undefined {
  if (text.includes(NUL)) return 'Text may not contain the NUL character (\\u0000).';
  // Not well formed: half of a UTF-16 surrogate pair without its other half, not a character (nor UTF-8).
  if (!text.isWellFormed())
    return 'Text may not contain half of a surrogate pair (\\uD800–\\uDFFF without its partner): it is not valid Unicode.';
  return undefined;
}

/** The path of the first string in `value` PostgreSQL cannot store, with the reason. */
function unstorablePath(value: unknown, path: string): { path: string; reason: string } | undefined {
  if (typeof value === 'string') {
    const reason = unstorable(value);
    return reason ? { path, reason } : undefined;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unstorablePath(value[i], `${path}.${i}`);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = unstorablePath(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * PostgreSQL cannot store the NUL character or a lone surrogate in text (nor in the audit trail's
 * json); refuse them up front as the client's mistake instead of failing in the database.
 */
export function inputGuardPlugin(): ApolloServerPlugin {
  // Apollo reuses the parsed document for repeated query texts; look at each document once.
  const documentProblem = new WeakMap<DocumentNode, string | null>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          // Named like a variable coercion error: `<variable>.<path>`.
          const inVariables = unstorablePath(request.variables ?? {}, '');
          if (inVariables)
            throw new BadUserInputError(inVariables.reason, inVariables.path.replace(/^\./, ''), BAD_REQUEST);
          let inDocument = documentProblem.get(document);
          if (inDocument === undefined) {
            inDocument = null;
            visit(document, {
              StringValue(node) {
                inDocument = unstorable(node.value) ?? null;
                return inDocument ? BREAK : undefined;
              },
            });
            documentProblem.set(document, inDocument);
          }
          if (inDocument) throw new BadUserInputError(inDocument, 'query', BAD_REQUEST);
        },
      };
    },
  };
}
