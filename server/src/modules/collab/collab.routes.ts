import { RealtimePaths } from '@crosswalk/shared';
import { Router } from 'express';
import { expectedOrigin } from '../../http/middleware/csrf.ts';
import type { OwnOrigins } from '../../http/own-origins.ts';
import { requireAuth } from '../../http/middleware/sign-in.ts';
import { IdParams, parseParams } from '../../http/validate.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { CollabService } from './collab.service.ts';

export function collabRoutes(deps: { collab: CollabService; auth: AuthService; origins: OwnOrigins }): Router {
  const router = Router();
  router.get('/reviews/:id/collab', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'review');
    const auth = requireAuth(res);
    const actor = await deps.auth.actorFor(auth);
    const origin = expectedOrigin(req, deps.origins).replace(/^http/, 'ws');
    const url = `${origin}${RealtimePaths.collabPrefix.replace(/\/$/, '')}`;
    res.json(await deps.collab.access(id, actor, auth.signInId, url));
  });
  return router;
}
