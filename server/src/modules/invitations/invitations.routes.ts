import { InvitationAcceptSchema, InvitationCreateSchema } from '@crosswalk/shared';
import { Router } from 'express';
import { z } from 'zod';
import { expectedOrigin } from '../../http/middleware/csrf.ts';
import type { OwnOrigins } from '../../http/own-origins.ts';
import { requireAuth, setSessionCookie } from '../../http/middleware/session.ts';
import { parseBody } from '../../http/validate.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { InvitationsService } from './invitations.service.ts';

const LookupSchema = z.strictObject({ token: z.string().min(20).max(200) });

export function invitationRoutes(deps: {
  invitations: InvitationsService;
  auth: AuthService;
  origins: OwnOrigins;
}): Router {
  const { invitations, auth, origins } = deps;
  const router = Router();

  router.get('/invitations/options', async (_req, res) => {
    res.json(await invitations.options(await auth.actorFor(requireAuth(res))));
  });

  router.get('/invitations', async (_req, res) => {
    res.json({ invitations: await invitations.list(await auth.actorFor(requireAuth(res))) });
  });

  router.post('/invitations', async (req, res) => {
    const actor = await auth.actorFor(requireAuth(res));
    const input = parseBody(InvitationCreateSchema, req);
    res.status(201).json(await invitations.invite(actor, input, expectedOrigin(req, origins)));
  });

  // The token travels in the body, never the URL, so it stays out of access logs.
  router.post('/invitations/lookup', async (req, res) => {
    const { token } = parseBody(LookupSchema, req);
    res.json(await invitations.preview(token));
  });

  router.post('/invitations/accept', async (req, res) => {
    const input = parseBody(InvitationAcceptSchema, req);
    const userId = await invitations.accept(input);
    const token = await auth.openSession(userId);
    setSessionCookie(req, res, token, auth.absoluteMs);
    const context = await auth.authenticate(token);
    if (!context) {
      throw new Error('a session opened just now could not be read back');
    }
    res.json(await auth.me(context));
  });

  return router;
}
