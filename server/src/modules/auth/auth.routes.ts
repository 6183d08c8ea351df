import { LoginSchema } from '@crosswalk/shared';
import { Router } from 'express';
import { clearSessionCookie, optionalAuth, requireAuth, setSessionCookie } from '../../http/middleware/session.ts';
import { parseBody } from '../../http/validate.ts';
import type { AuthService } from './auth.service.ts';

export function authRoutes(auth: AuthService): Router {
  const router = Router();

  router.post('/auth/login', async (req, res) => {
    const input = parseBody(LoginSchema, req);
    const { token } = await auth.login(input.email, input.password, req.ip ?? 'unknown', input.sharedComputer);
    const previous = res.locals.sessionToken as string | undefined;
    if (previous) {
      await auth.logout(previous);
    }
    setSessionCookie(req, res, token, auth.absoluteMs);
    const context = await auth.authenticate(token);
    if (!context) {
      throw new Error('a session opened just now could not be read back');
    }
    res.json(await auth.me(context));
  });

  router.post('/auth/logout', async (req, res) => {
    const token = res.locals.sessionToken as string | undefined;
    if (token && optionalAuth(res)) {
      await auth.logout(token);
    }
    clearSessionCookie(req, res);
    res.status(204).end();
  });

  router.get('/me', async (_req, res) => {
    res.json(await auth.me(requireAuth(res)));
  });

  return router;
}
