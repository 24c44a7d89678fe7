import { GraphQLError } from 'graphql';

/** Stable `extensions.code` values clients may switch on. */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  CONFLICT = 'CONFLICT',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  /** One request used up its database time (DB_REQUEST_TIME_BUDGET_MS). */
  DATABASE_BUDGET_EXCEEDED = 'DATABASE_BUDGET_EXCEEDED',
  /** A socket or a user holds the most subscriptions allowed (WS_MAX_SUBSCRIPTIONS_PER_*). */
  TOO_MANY_SUBSCRIPTIONS = 'TOO_MANY_SUBSCRIPTIONS',
  /** A change feed or subscription resumed from a cursor whose next events were pruned (EVENT_RETENTION_DAYS). */
  EVENTS_PRUNED = 'EVENTS_PRUNED',
}

/** A failure the client can act on; its message and code are shown as they are. */
export class DomainError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
    this.name = 'DomainError';
  }
}

export class BadUserInputError extends DomainError {
  constructor(message: string, field?: string, extensions: Record<string, unknown> = {}) {
    super(ErrorCode.BAD_USER_INPUT, message, field ? { ...extensions, field } : extensions);
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string) {
    super(ErrorCode.NOT_FOUND, message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You are not allowed to do this.') {
    super(ErrorCode.FORBIDDEN, message);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'Sign in first: send a valid bearer token.') {
    super(ErrorCode.UNAUTHENTICATED, message);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, extensions: Record<string, unknown> = {}) {
    super(ErrorCode.CONFLICT, message, extensions);
  }
}

/** The events after a client's cursor are partly gone: reading on would leave a hole it cannot see. */
export class EventsPrunedError extends DomainError {
  constructor(field: string, prunedThrough: string) {
    super(
      ErrorCode.EVENTS_PRUNED,
      `Events after this "${field}" were removed from the outbox (it keeps EVENT_RETENTION_DAYS of them). ` +
        `Read the current state again, then follow the changes without "${field}".`,
      { field, prunedThrough },
    );
  }
}
