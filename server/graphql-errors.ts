import { unwrapResolverError } from '@apollo/server/errors';
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import type { ValidationError } from 'class-validator';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Context } from './context';
import { ErrorCode } from './errors';
import { LimitCode } from './security/query-limits';
import { persistedQueryError } from './security/trusted-documents';
import { firstFailingPath } from './security/validate-input';
import { sqlState } from './shared/sql-state';

// Codes whose messages are written for clients: ours and Apollo's request-level ones.
export const CLIENT_CODES: ReadonlySet<string> = new Set<string>([
  ...Object.values(ErrorCode).filter((c) => c !== ErrorCode.INTERNAL_SERVER_ERROR),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  'INTROSPECTION_DISABLED',
  'MAX_RECURSIVE_SELECTIONS_EXCEEDED',
  'RATE_LIMITED',
  'TIMEOUT',
  'OPERATION_NOT_TRUSTED',
  ...Object.values(LimitCode),
]);

const LIMIT_CODES = new Set<string>(Object.values(LimitCode));

/**
 * Backstops for what input checks let through: what the database refuses that is answered as the
 * client's error, by SQLSTATE (impossible dates, vanished references, broken checks, races on locks and keys).
 */
const DATE_REFUSED = {
  message: 'A date in the request does not exist or is out of range.',
  code: ErrorCode.BAD_USER_INPUT,
};
const RACE_LOST = {
  message: 'Another change to the same records got in the way. Try again.',
  code: ErrorCode.CONFLICT,
  retryable: true,
};
const BACKSTOPS: ReadonlyMap<string, { message: string; code: ErrorCode; retryable?: true }> = new Map([
  ['22007', DATE_REFUSED],
  ['22008', DATE_REFUSED],
  [
    '23503',
    { message: 'The request refers to a record that does not exist (any more).', code: ErrorCode.BAD_USER_INPUT },
  ],
  ['23514', { message: 'A value in the request breaks a rule on the stored record.', code: ErrorCode.BAD_USER_INPUT }],
  ['40P01', RACE_LOST],
  ['40001', RACE_LOST],
  [
    '23505',
    {
      message: 'A record with the same key was just created by someone else. Reload and try again.',
      code: ErrorCode.CONFLICT,
    },
  ],
]);

/** Errors from building the context (e.g. the viewer lookup) arrive wrapped once more. */
function causeOf(original: unknown): unknown {
  return original instanceof GraphQLError && original.originalError ? original.originalError : original;
}

/** A query limit's own code: Apollo files validation rejections under GRAPHQL_VALIDATION_FAILED. */
function limitCodeOf(formatted: GraphQLFormattedError, error: unknown): string | undefined {
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  const code = original instanceof GraphQLError ? original.extensions?.code : undefined;
  if (typeof code === 'string' && LIMIT_CODES.has(code)) return code;
  // graphql-js's own parser limit (Apollo's parseOptions.maxTokens); its message says "more that".
  if (/Document contains more th(?:an|at) \d+ tokens/.test(formatted.message)) return LimitCode.QUERY_TOO_LARGE;
  return undefined;
}

// Connection failures and server shutdowns: the client may retry; nothing internal is shown.
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08006', '53300']);
const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND']);

// Checked by shape, not instanceof: driver and socket errors may come from another realm (Jest's VM).
function isErrorLike(error: unknown): error is { message: string; code?: unknown; driverError?: { code?: unknown } } {
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}

/** PostgreSQL cancelled the statement: statement_timeout (57014 query_canceled). */
export function isStatementTimeout(error: unknown): boolean {
  return sqlState(error) === '57014';
}

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!isErrorLike(error)) return false;
  const code = sqlState(error);
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_ERRNOS.has(code))) return true;
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|not currently accepting connections|\b(?:ECONNREFUSED|ECONNRESET|ETIMEDOUT)\b/i.test(
    error.message,
  );
}

function isClientError(error: unknown): boolean {
  const code = error instanceof GraphQLError ? error.extensions?.code : undefined;
  return typeof code === 'string' && CLIENT_CODES.has(code);
}

/**
 * The field a BAD_USER_INPUT is about, when the error does not name it: a variable that does not
 * fit its type (`Variable "$input" got invalid value … at "input.title"`), or class-validator's
 * first failing property.
 */
function inputFieldOf(message: string, validationErrors: unknown): string | undefined {
  const variable = /^Variable "\$(\w+)" /.exec(message);
  if (variable) {
    // graphql-js writes list positions as `status[0]`; our fields use `status.0`.
    const at = (/ at "([\w.[\]]+)"; /.exec(message)?.[1] ?? variable[1]!).replace(/\[(\d+)\]/g, '.$1');
    const missing = /; Field "(\w+)" (?:of required type|is not defined by type)/.exec(message)?.[1];
    return missing ? `${at}.${missing}` : at;
  }
  if (Array.isArray(validationErrors)) return firstFailingPath(validationErrors as ValidationError[]);
  return undefined;
}

/** Apollo's formatError: client errors keep message and code; anything else is masked. */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const { locations, path } = formatted;
  const persisted = persistedQueryError(formatted.message, formatted.extensions?.code);
  if (persisted) return { message: persisted.message, extensions: { code: persisted.code } };
  const limitCode = limitCodeOf(formatted, error);
  if (limitCode) {
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    return {
      message: formatted.message.replace(/^Syntax Error: /, ''),
      locations,
      extensions: { ...extensions, code: limitCode },
    };
  }
  if (isClientError(original) || isClientError(error)) {
    const { stacktrace: _stack, exception: _exception, ...extensions } = formatted.extensions ?? {};
    if (extensions.code === ErrorCode.BAD_USER_INPUT && extensions.field === undefined) {
      const field = inputFieldOf(formatted.message, extensions.validationErrors);
      if (field) extensions.field = field;
    }
    return { message: formatted.message, locations, path, extensions };
  }
  const cause = causeOf(original);
  if (isStatementTimeout(cause)) {
    return {
      message: 'The database took too long to answer and the request was stopped. Try again, or ask for less.',
      locations,
      path,
      extensions: { code: 'TIMEOUT', retryable: true },
    };
  }
  const backstop = BACKSTOPS.get(sqlState(cause) ?? '');
  if (backstop) {
    const { message, ...extensions } = backstop;
    return { message, locations, path, extensions };
  }
  if (isDatabaseUnavailable(cause)) {
    return {
      message: 'The database is not reachable right now. Try again in a moment.',
      locations,
      path,
      extensions: { code: ErrorCode.SERVICE_UNAVAILABLE, retryable: true },
    };
  }
  return {
    message: 'Internal server error. Quote the x-request-id response header when you report it.',
    locations,
    path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}

/** Logs every error that is not the client's, with the request id, before it is masked. */
export function errorLoggingPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            const original = unwrapResolverError(error);
            if (isClientError(original) || isClientError(error)) continue;
            const cause = causeOf(original);
            if (isStatementTimeout(cause)) {
              // Answered as TIMEOUT ("ask for less"); worth seeing which field keeps running long, not an alarm.
              contextValue.logger?.warn(
                { sqlState: '57014', path: error.path, reqId: contextValue.requestId },
                'a statement ran past DB_STATEMENT_TIMEOUT_MS and was cancelled',
              );
              continue;
            }
            const state = sqlState(cause);
            if (state && BACKSTOPS.has(state)) {
              // Answered as the client's error, but an input check or lock order let it through: worth a look,
              // not an alarm. Where it happened by name (schema names, never the values in `detail`).
              const { constraint, table, column, routine } = cause as Record<string, unknown>;
              contextValue.logger?.warn(
                {
                  sqlState: state,
                  constraint,
                  table,
                  column,
                  routine,
                  path: error.path,
                  reqId: contextValue.requestId,
                },
                'the database refused a change an input check should have caught',
              );
              continue;
            }
            contextValue.logger?.error(
              { err: original, path: error.path, reqId: contextValue.requestId },
              'request failed',
            );
          }
        },
      };
    },
  };
}

/** Seconds a client is asked to wait before retrying when the database is unavailable. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * For failures before execution (building the context reads the viewer): Apollo takes the HTTP status of
 * such an error from its `extensions.http`, so an unreachable database is 503 + Retry-After there too.
 */
export function asUnavailable(error: unknown): unknown {
  const http = { status: 503, headers: new HeaderMap([['retry-after', String(RETRY_AFTER_SECONDS)]]) };
  // An outage the context found itself (the identity provider's keys unreachable): the same answer.
  if (error instanceof GraphQLError && error.extensions.code === ErrorCode.SERVICE_UNAVAILABLE) {
    (error.extensions as Record<string, unknown>).http = http;
    return error;
  }
  if (!isDatabaseUnavailable(error)) return error;
  const extensions: Record<string, unknown> = { code: ErrorCode.SERVICE_UNAVAILABLE, retryable: true, http };
  return new GraphQLError('The database is not reachable right now. Try again in a moment.', {
    originalError: error as Error,
    extensions,
  });
}

/**
 * An answer that failed because the database is unavailable is HTTP 503 with Retry-After, so clients,
 * proxies and load balancers see a temporary outage instead of a server bug (500).
 */
export function unavailableStatusPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const errors = response.body.singleResult.errors ?? [];
          if (!errors.some((error) => error.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE)) return;
          response.http.status = 503;
          response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
        },
      };
    },
  };
}
