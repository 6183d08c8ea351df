import { InvitationAcceptSchema, InvitationCreateSchema, InvitationJoinSchema } from '@crosswalk/shared';
import { Router } from 'express';
import { z } from 'zod';
import { expectedOrigin } from '../../http/middleware/csrf.ts';
import type { OwnOrigins } from '../../http/own-origins.ts';
import { requireAuth } from '../../http/middleware/sign-in.ts';
import { parseBody } from '../../http/validate.ts';
import type { AuthService } from '../auth/auth.service.ts';
import { signInWith } from '../auth/sign-in-response.ts';
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
    res.json(await signInWith(req, res, auth, { userId }));
  });

  // An invitation to an account the person already has: accepted while signed in to it.
  router.post('/invitations/join', async (req, res) => {
    const context = requireAuth(res);
    await invitations.join(context.user.id, parseBody(InvitationJoinSchema, req));
    res.json(await auth.me(context));
  });

  return router;
}
