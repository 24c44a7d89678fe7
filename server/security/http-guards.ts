import cors from 'cors';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import type { Config } from '../config';

/**
 * Security headers. The CSP allows scripts and styles from the API's own files only (the explorer is a
 * bundle served from /explorer, with no inline script or style) and nothing from other origins.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        workerSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
}

/** Browsers may call the API only from the configured origins (CORS_ORIGINS); none by default. */
export function corsAllowlist(config: Config): RequestHandler {
  const allowed = new Set(config.corsOrigins);
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'POST'],
    allowedHeaders: ['content-type', 'authorization', 'x-request-id', 'apollo-require-preflight'],
    exposedHeaders: ['x-request-id', 'retry-after'],
    maxAge: 600,
  });
}

/**
 * Answers 503 TIMEOUT when a request runs longer than REQUEST_TIMEOUT_MS. The database's statement
 * timeout stops the work behind it; a late answer from GraphQL is then dropped.
 */
export function requestTimeout(ms: number): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction) => {
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      res
        .status(503)
        .set('Retry-After', '1')
        // The GraphQL work may still finish later on this socket; do not let the client reuse it.
        .set('Connection', 'close')
        .json({
          errors: [
            {
              message: `The request took longer than ${ms} ms and was stopped.`,
              extensions: { code: 'TIMEOUT', retryable: true },
            },
          ],
        });
    }, ms);
    const clear = () => clearTimeout(timer);
    res.on('finish', clear);
    res.on('close', clear);
    next();
  };
}

/**
 * The dashboard's pages get a stricter policy than the API: nothing is allowed unless named (no
 * workers, fonts, frames, objects, plugins or <base>), scripts and styles come only from the built
 * files, and the only other origin is the OpenID Connect issuer, which the sign-in talks to (discovery,
 * token exchange). Trusted Types: no script may turn text into markup.
 */
export function dashboardContentSecurityPolicy(oidcIssuer: string | undefined): RequestHandler {
  const issuerOrigin = oidcIssuer ? new URL(oidcIssuer).origin : undefined;
  return helmet.contentSecurityPolicy({
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'", ...(issuerOrigin ? [issuerOrigin] : [])],
      manifestSrc: ["'self'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
      objectSrc: ["'none'"],
      requireTrustedTypesFor: ["'script'"],
      trustedTypes: ["'none'"],
    },
  });
}
