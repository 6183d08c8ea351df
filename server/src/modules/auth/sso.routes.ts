import { parseCookie, stringifySetCookie } from 'cookie';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { expectedOrigin } from '../../http/middleware/csrf.ts';
import { isSecure } from '../../http/middleware/sign-in.ts';
import type { OwnOrigins } from '../../http/own-origins.ts';
import { parseParams } from '../../http/validate.ts';
import type { AuthService } from './auth.service.ts';
import { signInWith } from './sign-in-response.ts';
import type { SingleSignOnService } from './single-sign-on.service.ts';

const ProviderParams = z.object({ provider: z.string().regex(/^[a-z][a-z0-9]{0,30}$/) });

/** Holds the sign-in's state in this browser until the provider sends it back (SameSite=Lax: sent on that return). */
const STATE_COOKIE = 'crosswalk_sso';

function stateCookieName(req: Request): string {
  return isSecure(req) ? `__Host-${STATE_COOKIE}` : STATE_COOKIE;
}

function setStateCookie(req: Request, res: Response, value: string, maxAgeSeconds: number): void {
  res.append(
    'Set-Cookie',
    stringifySetCookie({
      name: stateCookieName(req),
      value,
      httpOnly: true,
      sameSite: 'lax',
      secure: isSecure(req),
      path: '/',
      maxAge: maxAgeSeconds,
    }),
  );
}

/** Single sign-on: the providers on offer, the way out to one, and the way back (see SingleSignOnService). */
export function ssoRoutes(deps: { sso: SingleSignOnService; auth: AuthService; origins: OwnOrigins }): Router {
  const { sso, auth, origins } = deps;
  const router = Router();

  router.get('/auth/providers', (_req, res) => {
    res.json({ providers: sso.providers() });
  });

  router.get('/auth/oidc/:provider/start', async (req, res) => {
    const { provider } = parseParams(ProviderParams, req, 'sign-in provider');
    const { url, state } = await sso.start(provider, expectedOrigin(req, origins));
    setStateCookie(req, res, state, 10 * 60);
    res.redirect(303, url);
  });

  router.get('/auth/oidc/:provider/callback', async (req, res) => {
    const { provider } = parseParams(ProviderParams, req, 'sign-in provider');
    const browserState = parseCookie(req.headers.cookie ?? '')[stateCookieName(req)];
    setStateCookie(req, res, '', 0);
    const current = new URL(`${expectedOrigin(req, origins)}${req.originalUrl}`);
    const outcome = await sso.finish(provider, current, browserState);
    if ('refusal' in outcome) {
      res.redirect(303, `/signin?sso=${outcome.refusal}`);
      return;
    }
    await signInWith(req, res, auth, { userId: outcome.userId });
    await auth.recordSignIn(outcome.userId, req.ip ?? 'unknown', provider);
    res.redirect(303, '/');
  });

  return router;
}
