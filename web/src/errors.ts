import { CombinedGraphQLErrors, CombinedProtocolErrors, ServerError } from '@apollo/client';
import type { MessageId } from './messages';

/**
 * What the dashboard tells a person when something fails: a sentence in the page's language chosen by
 * the error's stable `extensions.code`, never the API's English `message` (that stays available as
 * detail, and a BAD_USER_INPUT's field beside it).
 */
export interface ErrorDescription {
  /** The API's code, or one read from the HTTP status; null when neither says anything. */
  code: string | null;
  id: MessageId;
  values?: Record<string, string | number>;
  /** The input field a BAD_USER_INPUT is about (`extensions.field`). */
  field: string | null;
  /** What the API or the browser said, as it said it (English). */
  detail: string | null;
}

/** Sentences a page gives some codes instead of the general ones, where it acts on them itself. */
export type Handled = Partial<Record<string, MessageId>>;

/** A failure of the dashboard's own, already worded (no detail to add). */
export class DashboardError extends Error {
  constructor(readonly id: MessageId) {
    super(id);
    this.name = 'DashboardError';
  }
}

/** A non-GraphQL endpoint (sign-in, exports) answered an error status, with its JSON body if it had one. */
export class RequestFailed extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}`);
    this.name = 'RequestFailed';
  }
}

/** Reads an error response of the API's own routes, which answer `{ errors: [{ message, extensions }] }`. */
export async function requestFailed(response: { status: number; json(): Promise<unknown> }): Promise<RequestFailed> {
  return new RequestFailed(response.status, await response.json().catch(() => null));
}

/**
 * Every code the server sends, by what the person can do about it. Codes that only a dashboard out of
 * step with the server can cause (a document the server does not know or refuses by its shape) share
 * one sentence: reloading fetches the dashboard that matches.
 */
const WORDING: Readonly<Record<string, MessageId>> = {
  UNAUTHENTICATED: 'error.UNAUTHENTICATED',
  FORBIDDEN: 'error.FORBIDDEN',
  NOT_FOUND: 'error.NOT_FOUND',
  BAD_USER_INPUT: 'error.BAD_USER_INPUT',
  CONFLICT: 'error.CONFLICT',
  INTERNAL_SERVER_ERROR: 'error.INTERNAL_SERVER_ERROR',
  SERVICE_UNAVAILABLE: 'error.SERVICE_UNAVAILABLE',
  RATE_LIMITED: 'error.RATE_LIMITED',
  TIMEOUT: 'error.tooSlow',
  DATABASE_BUDGET_EXCEEDED: 'error.tooSlow',
  QUERY_TOO_COMPLEX: 'error.tooMuch',
  TOO_MANY_HEAVY_FIELDS: 'error.tooMuch',
  RESPONSE_TOO_LARGE: 'error.tooMuch',
  TOO_MANY_SUBSCRIPTIONS: 'error.TOO_MANY_SUBSCRIPTIONS',
  EVENTS_PRUNED: 'error.EVENTS_PRUNED',
  GRAPHQL_PARSE_FAILED: 'error.request',
  GRAPHQL_VALIDATION_FAILED: 'error.request',
  PERSISTED_QUERY_NOT_FOUND: 'error.request',
  PERSISTED_QUERY_NOT_SUPPORTED: 'error.request',
  PERSISTED_QUERY_HASH_MISMATCH: 'error.request',
  PERSISTED_QUERY_VERSION_NOT_SUPPORTED: 'error.request',
  OPERATION_RESOLUTION_FAILURE: 'error.request',
  OPERATION_NOT_TRUSTED: 'error.request',
  BAD_REQUEST: 'error.request',
  INTROSPECTION_DISABLED: 'error.request',
  MAX_RECURSIVE_SELECTIONS_EXCEEDED: 'error.request',
  VARIABLES_TOO_DEEP: 'error.request',
  QUERY_TOO_DEEP: 'error.request',
  TOO_MANY_ALIASES: 'error.request',
  TOO_MANY_DIRECTIVES: 'error.request',
  QUERY_TOO_LARGE: 'error.request',
};

/** The codes the dashboard has a sentence for (a unit test holds them against the server's). */
export const WORDED_CODES: readonly string[] = Object.keys(WORDING);

/** Answers without a code (a proxy's 502, a body that is not the API's) still say something by status. */
const STATUS_CODES: Readonly<Record<number, string>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  429: 'RATE_LIMITED',
  500: 'INTERNAL_SERVER_ERROR',
  502: 'SERVICE_UNAVAILABLE',
  503: 'SERVICE_UNAVAILABLE',
  504: 'TIMEOUT',
};

interface ApiError {
  message: string;
  extensions?: Record<string, unknown>;
}

function errorsIn(body: unknown): ApiError[] {
  const errors = (body as { errors?: unknown } | null)?.errors;
  return Array.isArray(errors)
    ? errors.filter((e): e is ApiError => typeof (e as ApiError | null)?.message === 'string')
    : [];
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The API's errors inside whatever failed, and the HTTP status when there was one. */
function unpack(error: unknown): { errors: ApiError[]; status: number | null } {
  if (CombinedGraphQLErrors.is(error) || CombinedProtocolErrors.is(error))
    return { errors: errorsIn({ errors: error.errors }), status: null };
  // A non-2xx answer in plain JSON (e.g. the per-address rate limit) reaches Apollo Client as a ServerError.
  if (ServerError.is(error)) return { errors: errorsIn(parsed(error.bodyText)), status: error.statusCode };
  if (error instanceof RequestFailed) return { errors: errorsIn(error.body), status: error.status };
  return { errors: [], status: null };
}

/** The stable code in an unpacked failure: the API's, else one its HTTP status stands for. */
function codeOf({ errors, status }: { errors: ApiError[]; status: number | null }): string | null {
  const code = errors.map((e) => e.extensions?.code).find((c): c is string => typeof c === 'string');
  return code ?? (status === null ? null : (STATUS_CODES[status] ?? null));
}

/** The stable code of a failure: the API's, else one its HTTP status stands for. */
export function errorCode(error: unknown): string | null {
  return codeOf(unpack(error));
}

export function describeError(error: unknown): ErrorDescription {
  if (error instanceof DashboardError) return { code: null, id: error.id, field: null, detail: null };
  const unpacked = unpack(error);
  const { errors } = unpacked;
  const code = codeOf(unpacked);
  const first = errors.find((e) => e.extensions?.code === code) ?? errors[0];
  const messages = [...new Set(errors.map((e) => e.message))];
  const own = error instanceof Error ? error.message : typeof error === 'string' ? error : null;
  const detail = messages.length > 0 ? messages.join(' ') : own || null;
  const field = typeof first?.extensions?.field === 'string' ? first.extensions.field : null;
  const id = (code && WORDING[code]) || 'error.generic';
  const retryAfter = first?.extensions?.retryAfter;
  if (id === 'error.RATE_LIMITED' && typeof retryAfter === 'number')
    return { code, id: 'error.RATE_LIMITED.wait', values: { seconds: retryAfter }, field, detail };
  return { code, id, field, detail };
}
