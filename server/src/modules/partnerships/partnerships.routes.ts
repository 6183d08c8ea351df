import { Router } from 'express';
import { requireAuth } from '../../http/middleware/sign-in.ts';
import { IdParams, parseParams } from '../../http/validate.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { PartnershipsService } from './partnerships.service.ts';

export function partnershipRoutes(deps: { partnerships: PartnershipsService; auth: AuthService }): Router {
  const { partnerships, auth } = deps;
  const router = Router();

  router.get('/partnerships', async (_req, res) => {
    const actor = await auth.actorFor(requireAuth(res));
    res.json({ partnerships: await partnerships.list(actor) });
  });

  router.get('/partnerships/:id', async (req, res) => {
    const actor = await auth.actorFor(requireAuth(res));
    const { id } = parseParams(IdParams, req, 'partnership');
    res.json(await partnerships.detail(id, actor));
  });

  return router;
}
