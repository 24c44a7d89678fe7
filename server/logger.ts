import pino, { type Logger } from 'pino';
import type { Config } from './config';

export type { Logger };

/** JSON logs on stdout; one line per event, request logs carry `reqId`. */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({ level: config.logLevel, base: { service: 'iza-platform' } });
}
