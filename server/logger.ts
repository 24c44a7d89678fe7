import pino, { type DestinationStream, type Logger } from 'pino';
import type { Config } from './config';

export type { Logger };

/**
 * What a logged error never carries: a failed statement's parameters and SQL, and the database's details
 * and hints, which hold what users typed (texts, e-mail addresses, a webhook's secret). Its message, SQLSTATE
 * and the constraint, table and column it names stay, so a fault can still be found.
 */
const WITHHELD = ['parameters', 'query', 'driverError', 'detail', 'where', 'hint', 'internalQuery'];

function withheld(err: unknown): Record<string, unknown> {
  const serialized = pino.stdSerializers.err(err as Error) as unknown as Record<string, unknown>;
  for (const field of WITHHELD) delete serialized[field];
  return serialized;
}

/** JSON logs on stdout (or `destination`); one line per event, request logs carry `reqId`. */
export function createLogger(config: Pick<Config, 'logLevel'>, destination?: DestinationStream): Logger {
  return pino(
    {
      level: config.logLevel,
      base: { service: 'iza-platform' },
      serializers: { err: withheld },
      // Nothing logs these today; should a line ever carry them, they are blanked.
      redact: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', '*.secret', '*.password'],
    },
    destination,
  );
}
