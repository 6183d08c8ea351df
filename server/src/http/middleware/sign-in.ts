import type { IncomingMessage } from 'node:http';
import { parseCookie, stringifySetCookie } from 'cookie';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AuthContext, AuthService } from '../../modules/auth/auth.service.ts';
import { UnauthenticatedError } from '../errors.ts';

/** The sign-in cookie over plain HTTP (a laptop or a local network). */
export const SIGN_IN_COOKIE = 'crosswalk_session';
/**
 * Over HTTPS: the __Host- prefix makes browsers accept it only when Secure, with Path=/ and no Domain, so no
 * neighbouring subdomain can set or overwrite it.
 */
export const SECURE_SIGN_IN_COOKIE = `__Host-${SIGN_IN_COOKIE}`;

export function signInCookieName(secure: boolean): string {
  return secure ? SECURE_SIGN_IN_COOKIE : SIGN_IN_COOKIE;
}

/**
 * Reads the sign-in token from a raw Cookie header (used by HTTP routes and WebSocket upgrades alike). Over HTTPS
 * only the __Host- cookie counts: an unprefixed one could have been planted by another site under our domain.
 */
export function signInTokenFrom(cookieHeader: string | undefined, secure: boolean): string | undefined {
  if (!cookieHeader) {
    return undefined;
  }
  const token = parseCookie(cookieHeader)[signInCookieName(secure)];
  return token && token.length <= 100 ? token : undefined;
}

/**
 * Whether a raw request (a WebSocket upgrade) came over HTTPS, judged as for HTTP requests: an encrypted socket,
 * X-Forwarded-Proto from a trusted proxy, or an https PUBLIC_URL.
 */
export function isSecureRequest(
  request: IncomingMessage,
  config: { publicUrl: string | undefined; trustProxy: boolean },
): boolean {
  const forwarded = config.trustProxy
    ? String(request.headers['x-forwarded-proto'] ?? '')
        .split(',')[0]
        ?.trim()
    : undefined;
  const encrypted = 'encrypted' in request.socket && request.socket.encrypted === true;
  return (forwarded ? forwarded === 'https' : encrypted) || (config.publicUrl ?? '').startsWith('https:');
}

/** Resolves the sign-in cookie once per request into `res.locals.auth` (or nothing). */
export function signInMiddleware(auth: AuthService): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const token = signInTokenFrom(req.headers.cookie, isSecure(req));
    if (token) {
      const context = await auth.authenticate(token);
      if (context) {
        res.locals.auth = context;
        res.locals.signInToken = token;
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
export function isSecure(req: Request): boolean {
  return req.secure || String(req.app.get('public url') ?? '').startsWith('https:');
}

export function setSignInCookie(req: Request, res: Response, token: string, maxAgeMs: number): void {
  const secure = isSecure(req);
  res.append(
    'Set-Cookie',
    stringifySetCookie({
      name: signInCookieName(secure),
      value: token,
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: '/',
      maxAge: Math.floor(maxAgeMs / 1000),
    }),
  );
  if (secure) {
    // A cookie from before the prefix is no longer read: let the browser drop it.
    res.append('Set-Cookie', expired(SIGN_IN_COOKIE, true));
  }
}

export function clearSignInCookie(req: Request, res: Response): void {
  const secure = isSecure(req);
  res.append('Set-Cookie', expired(signInCookieName(secure), secure));
  if (secure) {
    res.append('Set-Cookie', expired(SIGN_IN_COOKIE, true));
  }
}

function expired(name: string, secure: boolean): string {
  return stringifySetCookie({ name, value: '', httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: 0 });
}
