import { HeaderMap } from '@apollo/server';
import type { NextFunction, Request, Response } from 'express';
import { GraphQLError } from 'graphql';
import Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { clientKey } from './client-address';

export const RATE_LIMITED = 'RATE_LIMITED';

export interface RateLimits {
  /** Express middleware: limits requests per client IP address. */
  perIp(req: Request, res: Response, next: NextFunction): void;
  /** Throws RATE_LIMITED (HTTP 429 with Retry-After) when a signed-in user is over the limit. */
  consumeUser(userId: string): Promise<void>;
  close(): Promise<void>;
}

function retryAfterSeconds(result: RateLimiterRes): number {
  return Math.max(1, Math.ceil(result.msBeforeNext / 1000));
}

function limiter(kind: 'ip' | 'user', points: number, duration: number, redis: Redis | undefined): RateLimiterAbstract {
  const options = { keyPrefix: `iza-rate-${kind}`, points, duration };
  if (!redis) return new RateLimiterMemory(options);
  // Several API instances share the limit through Redis; if Redis fails, each falls back to memory.
  return new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: new RateLimiterMemory(options) });
}

/** Per IP and per user, per window (a minute by default): in memory, or in Redis when REDIS_URL is set. */
export function createRateLimits(config: Config, logger: Logger): RateLimits {
  const redis = config.rateLimit.redisUrl
    ? new Redis(config.rateLimit.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false })
    : undefined;
  redis?.on('error', (error: Error) =>
    logger.warn({ err: error.message }, 'Redis for rate limits unavailable; limiting in memory'),
  );
  const { ipPerMinute, userPerMinute, windowSeconds } = config.rateLimit;
  const ip = limiter('ip', ipPerMinute, windowSeconds, redis);
  const user = limiter('user', userPerMinute, windowSeconds, redis);
  return {
    perIp(req, res, next) {
      ip.consume(clientKey(req.ip)).then(
        () => next(),
        (rejection: unknown) => {
          if (!(rejection instanceof RateLimiterRes)) return next(rejection);
          const seconds = retryAfterSeconds(rejection);
          res
            .status(429)
            .set('Retry-After', String(seconds))
            .json({
              errors: [
                {
                  message: `Too many requests from this address; try again in ${seconds} s.`,
                  extensions: { code: RATE_LIMITED, retryAfter: seconds },
                },
              ],
            });
        },
      );
    },
    async consumeUser(userId) {
      try {
        await user.consume(userId);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const seconds = retryAfterSeconds(rejection);
        // Apollo turns extensions.http into the response status and headers.
        const extensions: Record<string, unknown> = {
          code: RATE_LIMITED,
          retryAfter: seconds,
          http: { status: 429, headers: new HeaderMap([['retry-after', String(seconds)]]) },
        };
        throw new GraphQLError(`Too many requests for this account; try again in ${seconds} s.`, { extensions });
      }
    },
    async close() {
      redis?.disconnect();
    },
  };
}
