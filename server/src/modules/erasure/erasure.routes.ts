import { ErasurePolicySchema, ErasureRequestSchema } from '@crosswalk/shared';
import { Router } from 'express';
import { requireAuth } from '../../http/middleware/sign-in.ts';
import { IdParams, parseBody, parseParams } from '../../http/validate.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { ErasureService } from './erasure.service.ts';

export function erasureRoutes(deps: { erasure: ErasureService; auth: AuthService }): Router {
  const { erasure, auth } = deps;
  const router = Router();

  router.post('/admin/people/:id/erase', async (req, res) => {
    const actor = await auth.actorFor(requireAuth(res));
    const { id } = parseParams(IdParams, req, 'person');
    const { confirmEmail } = parseBody(ErasureRequestSchema, req);
    res.json(await erasure.erase(id, actor, confirmEmail));
  });

  router.get('/schools/:id/erasure-policy', async (req, res) => {
    const actor = await auth.actorFor(requireAuth(res));
    const { id } = parseParams(IdParams, req, 'school');
    res.json(await erasure.policy(id, actor));
  });

  router.put('/schools/:id/erasure-policy', async (req, res) => {
    const actor = await auth.actorFor(requireAuth(res));
    const { id } = parseParams(IdParams, req, 'school');
    const { textPolicy } = parseBody(ErasurePolicySchema, req);
    res.json(await erasure.setPolicy(id, actor, textPolicy));
  });

  return router;
}
