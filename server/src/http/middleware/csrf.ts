import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { CsrfError } from '../errors.ts';
import type { OwnOrigins } from '../own-origins.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The origin to write into links for this request: PUBLIC_URL, or the address it came to when that is ours. */
export function expectedOrigin(req: Request, origins: OwnOrigins): string {
  return origins.forRequest(`${req.protocol}://${req.get('host') ?? ''}`);
}

/** The origin of an Origin or Referer header value, or undefined when there is none or it is not a URL. */
export function originOf(value: string | undefined): string | undefined {
  if (!value || value === 'null') {
    return undefined;
  }
  try {
    return new URL(value).origin;
  } catch {
    return undefined;
  }
}

/**
 * Refuses state-changing requests unless they come from our own origin (OWASP "verify origin with standard
 * headers"). Browsers always send Origin on such requests; non-browser clients must send it too. Combined with
 * SameSite=Lax sign-in cookies, a page on another site cannot act as the signed-in person. Our own origins are
 * PUBLIC_URL or the listening address (see OwnOrigins), never the Host header.
 */
export function csrfProtection(origins: OwnOrigins): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) {
      next();
      return;
    }
    const fetchSite = req.get('sec-fetch-site');
    if (fetchSite === 'cross-site') {
      throw CsrfError();
    }
    const origin = originOf(req.get('origin')) ?? originOf(req.get('referer'));
    if (origin === undefined || !origins.includes(origin)) {
      throw CsrfError();
    }
    next();
  };
}
