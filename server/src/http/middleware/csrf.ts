import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { CsrfError } from '../errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The origin this server answers on: PUBLIC_URL when set, otherwise the request's own scheme and host. */
export function expectedOrigin(req: Request, publicUrl: string | undefined): string {
  if (publicUrl) {
    return new URL(publicUrl).origin;
  }
  return `${req.protocol}://${req.get('host') ?? ''}`;
}

/** The same for a raw request (WebSocket upgrades), which Express has not decorated. */
export function expectedOriginOfRequest(
  request: IncomingMessage,
  config: { publicUrl: string | undefined; trustProxy: boolean },
): string {
  if (config.publicUrl) {
    return new URL(config.publicUrl).origin;
  }
  const forwarded = config.trustProxy
    ? String(request.headers['x-forwarded-proto'] ?? '')
        .split(',')[0]
        ?.trim()
    : '';
  const encrypted = 'encrypted' in request.socket && request.socket.encrypted === true;
  const protocol = forwarded || (encrypted ? 'https' : 'http');
  return `${protocol}://${request.headers.host ?? ''}`;
}

function originOf(value: string | undefined): string | undefined {
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
 * SameSite=Lax session cookies, a page on another site cannot act as the signed-in person.
 */
export function csrfProtection(publicUrl: string | undefined): RequestHandler {
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
    if (origin === undefined || origin !== expectedOrigin(req, publicUrl)) {
      throw CsrfError();
    }
    next();
  };
}
