import { FindingIdSchema, FindingSharingSchema, ReviewSharingSchema } from '@crosswalk/shared';
import { Router } from 'express';
import { z } from 'zod';
import { requireAuth } from '../../http/middleware/sign-in.ts';
import { IdParams, parseBody, parseParams } from '../../http/validate.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { SharingService } from './sharing.service.ts';

const FindingParams = z.object({ id: z.uuid(), findingId: FindingIdSchema });

export function sharingRoutes(deps: { sharing: SharingService; auth: AuthService }): Router {
  const { sharing, auth } = deps;
  const router = Router();
  const actorOf = async (res: Parameters<typeof requireAuth>[0]) => auth.actorFor(requireAuth(res));

  router.get('/reviews/:id/sharing', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'review');
    res.json(await sharing.view(id, await actorOf(res)));
  });

  router.put('/reviews/:id/sharing', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'review');
    const actor = await actorOf(res);
    res.json(await sharing.setReviewSharing(id, actor, parseBody(ReviewSharingSchema, req)));
  });

  router.put('/reviews/:id/findings/:findingId/sharing', async (req, res) => {
    const { id, findingId } = parseParams(FindingParams, req, 'finding');
    const actor = await actorOf(res);
    res.json(await sharing.setFindingSharing(id, findingId, actor, parseBody(FindingSharingSchema, req)));
  });

  router.get('/partnerships/:id/shared-practice', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'partnership');
    res.json({ practice: await sharing.sharedPractice(id, await actorOf(res)) });
  });

  return router;
}
