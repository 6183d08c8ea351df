import { parseCookie, stringifySetCookie } from 'cookie';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AuthContext, AuthService } from '../../modules/auth/auth.service.ts';
import { UnauthenticatedError } from '../errors.ts';

export const SESSION_COOKIE = 'crosswalk_session';

/** Reads the session token from a raw Cookie header (used by HTTP routes and WebSocket upgrades alike). */
export function sessionTokenFrom(cookieHeader: string | undefined): string | undefined {
  if (!cookieHeader) {
    return undefined;
  }
  const token = parseCookie(cookieHeader)[SESSION_COOKIE];
  return token && token.length <= 100 ? token : undefined;
}

/** Resolves the session cookie once per request into `res.locals.auth` (or nothing). */
export function sessionMiddleware(auth: AuthService): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const token = sessionTokenFrom(req.headers.cookie);
    if (token) {
      const context = await auth.authenticate(token);
      if (context) {
        res.locals.auth = context;
        res.locals.sessionToken = token;
      }
    }
    next();
  };
}

export function optionalAuth(res: Response): AuthContext | undefined {
  return res.locals.auth as AuthContext | undefined;
}

/** The signed-in person, or a 401. */
export function requireAuth(res: Response): AuthContext {
  const auth = optionalAuth(res);
  if (!auth) {
    throw UnauthenticatedError();
  }
  return auth;
}

/** Secure when the request came over HTTPS (directly or, with TRUST_PROXY, through a proxy) or PUBLIC_URL is https. */
function isSecure(req: Request): boolean {
  return req.secure || String(req.app.get('public url') ?? '').startsWith('https:');
}

export function setSessionCookie(req: Request, res: Response, token: string, maxAgeMs: number): void {
  res.append(
    'Set-Cookie',
    stringifySetCookie({
      name: SESSION_COOKIE,
      value: token,
      httpOnly: true,
      sameSite: 'lax',
      secure: isSecure(req),
      path: '/',
      maxAge: Math.floor(maxAgeMs / 1000),
    }),
  );
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.append(
    'Set-Cookie',
    stringifySetCookie({
      name: SESSION_COOKIE,
      value: '',
      httpOnly: true,
      sameSite: 'lax',
      secure: isSecure(req),
      path: '/',
      maxAge: 0,
    }),
  );
}
