import {
  LoginSchema,
  PasswordChangeSchema,
  PasswordResetLookupSchema,
  PasswordResetRequestSchema,
  PasswordResetSchema,
  ProfileUpdateSchema,
} from '@crosswalk/shared';
import { Router } from 'express';
import { expectedOrigin } from '../../http/middleware/csrf.ts';
import { clearSignInCookie, optionalAuth, requireAuth } from '../../http/middleware/sign-in.ts';
import type { OwnOrigins } from '../../http/own-origins.ts';
import { parseBody } from '../../http/validate.ts';
import type { AccountService } from './account.service.ts';
import type { AuthService } from './auth.service.ts';
import type { PasswordResetService } from './password-reset.service.ts';
import { signInWith } from './sign-in-response.ts';

export function authRoutes(deps: {
  auth: AuthService;
  account: AccountService;
  resets: PasswordResetService;
  origins: OwnOrigins;
}): Router {
  const { auth, account, resets, origins } = deps;
  const router = Router();

  router.post('/auth/login', async (req, res) => {
    const input = parseBody(LoginSchema, req);
    const opened = await auth.login(input.email, input.password, req.ip ?? 'unknown', input.sharedComputer);
    res.json(await signInWith(req, res, auth, opened));
  });

  router.post('/auth/logout', async (req, res) => {
    const token = res.locals.signInToken as string | undefined;
    if (token && optionalAuth(res)) {
      await auth.logout(token);
    }
    clearSignInCookie(req, res);
    res.status(204).end();
  });

  // 202 whatever the address: whether an account has it is found out after the answer (see PasswordResetService).
  router.post('/auth/password-reset', async (req, res) => {
    const { email } = parseBody(PasswordResetRequestSchema, req);
    await resets.request(email, req.ip ?? 'unknown', expectedOrigin(req, origins));
    res.status(202).json({ accepted: true });
  });

  // The link's secret travels in the body from here on, so it stays out of access logs after the first visit.
  router.post('/auth/password-reset/lookup', async (req, res) => {
    const { token } = parseBody(PasswordResetLookupSchema, req);
    res.json(await resets.lookup(token));
  });

  router.post('/auth/password-reset/confirm', async (req, res) => {
    const input = parseBody(PasswordResetSchema, req);
    const userId = await resets.reset(input.token, input.password);
    res.json(await signInWith(req, res, auth, { userId }));
  });

  router.get('/me', async (_req, res) => {
    res.json(await auth.me(requireAuth(res)));
  });

  router.patch('/me', async (req, res) => {
    const context = requireAuth(res);
    const { displayName } = parseBody(ProfileUpdateSchema, req);
    await account.rename(context, displayName);
    res.json(await auth.me({ ...context, user: { ...context.user, displayName } }));
  });

  router.post('/me/password', async (req, res) => {
    const context = requireAuth(res);
    const input = parseBody(PasswordChangeSchema, req);
    await account.changePassword(context, input.currentPassword, input.newPassword, req.ip ?? 'unknown');
    res.status(204).end();
  });

  return router;
}
