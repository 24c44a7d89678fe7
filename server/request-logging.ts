import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from './logger';

declare module 'http' {
  interface IncomingMessage {
    /** The server's own request id, a new UUID: what the audit trail and `x-request-id` answer with. */
    id: string;
    /** The caller's `x-request-id` when well formed; logged and audited beside the server's id, never as it. */
    clientRequestId: string | undefined;
    /** The request's logger: every line carries `reqId`. */
    log: Logger;
  }
}

const REQUEST_ID = /^[\w.:-]{1,64}$/;

/**
 * Gives each request an id of its own (sent back in `x-request-id`; a client's `x-request-id` is kept beside it,
 * so no client can pass for another request) and a logger bound to both, and logs one line when the
 * response is sent (level info; error for a 5xx) or the client goes away first.
 *
 * Not pino-http: it builds a child logger with the whole request serialized (headers and all) for every
 * request, also when request lines are not logged (LOG_LEVEL warn): about 5 % of the API's CPU on a search and
 * ~7 KB per request that outlives young-generation collections (measured with the question-search benchmark).
 * Here the line is built only when it is written, and holds no headers (no tokens or cookies to redact).
 */
export function requestLogging(logger: Logger, options: { ignore(url: string): boolean }): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const incoming = req.headers['x-request-id'];
    const clientRequestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : undefined;
    const id = randomUUID();
    res.setHeader('x-request-id', id);
    req.id = id;
    req.clientRequestId = clientRequestId;
    req.log = logger.child(clientRequestId ? { reqId: id, clientReqId: clientRequestId } : { reqId: id });
    if (logger.isLevelEnabled('info') && !options.ignore(req.url)) {
      const started = performance.now();
      const done = () => {
        res.off('finish', done);
        res.off('close', done);
        const line = {
          method: req.method,
          // The path only: a GET's query string holds GraphQL variables, the OIDC callback's an authorization code.
          url: req.originalUrl.split('?')[0],
          statusCode: res.statusCode,
          responseTime: Math.round(performance.now() - started),
        };
        if (!res.writableFinished) req.log.info(line, 'request aborted');
        else if (res.statusCode >= 500) req.log.error(line, 'request failed');
        else req.log.info(line, 'request completed');
      };
      res.on('finish', done);
      res.on('close', done);
    }
    next();
  };
}
