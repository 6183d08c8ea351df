import { SignOffCreateSchema } from '@crosswalk/shared';
import { Router } from 'express';
import { requireAuth } from '../../http/middleware/sign-in.ts';
import { IdParams, parseBody, parseParams } from '../../http/validate.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { SignOffsService } from './sign-offs.service.ts';

export function signOffRoutes(deps: { signOffs: SignOffsService; auth: AuthService }): Router {
  const { signOffs, auth } = deps;
  const router = Router();
  const actorOf = async (res: Parameters<typeof requireAuth>[0]) => auth.actorFor(requireAuth(res));

  router.get('/reviews/:id/sign-offs', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'review');
    res.json(await signOffs.list(id, await actorOf(res)));
  });

  router.post('/reviews/:id/sign-offs', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'review');
    const actor = await actorOf(res);
    res.status(201).json(await signOffs.sign(id, actor, parseBody(SignOffCreateSchema, req)));
  });

  return router;
}
