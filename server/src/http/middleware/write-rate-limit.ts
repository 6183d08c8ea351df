import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitedError } from '../errors.ts';
import type { RateLimiters } from '../rate-limiters.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Limits state-changing requests per IP address per minute. Reads are not limited here. */
export function writeRateLimit(perMinute: number, limiters: RateLimiters): RequestHandler {
  const limiter = limiters.create({ keyPrefix: 'writes', points: perMinute, duration: 60 });
  return async (req: Request, _res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) {
      next();
      return;
    }
    try {
      await limiter.consume(req.ip ?? 'unknown');
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        throw RateLimitedError(error.msBeforeNext / 1000, 'Too many changes in a short time. Please wait a moment.');
      }
      throw error;
    }
    next();
  };
}
