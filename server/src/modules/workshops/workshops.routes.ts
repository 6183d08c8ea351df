import { AgendaUpdateSchema } from '@crosswalk/shared';
import { Router } from 'express';
import { z } from 'zod';
import { requireAuth } from '../../http/middleware/sign-in.ts';
import { IdParams, parseBody, parseParams } from '../../http/validate.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { WorkshopsService } from './workshops.service.ts';

const GroupParams = z.object({ id: z.uuid(), groupId: z.uuid() });

/** The workshop agenda (facilitators) and the video credentials of a breakout group's own room. */
export function workshopRoutes(deps: { workshops: WorkshopsService; auth: AuthService }): Router {
  const { workshops, auth } = deps;
  const router = Router();

  router.get('/sessions/:id/workshop/agenda', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'workshop');
    res.json(await workshops.agenda(id, await auth.actorFor(requireAuth(res))));
  });

  router.put('/sessions/:id/workshop/agenda', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'workshop');
    const actor = await auth.actorFor(requireAuth(res));
    res.json(await workshops.replaceAgenda(id, actor, parseBody(AgendaUpdateSchema, req)));
  });

  router.get('/sessions/:id/workshop/breakouts/:groupId/media', async (req, res) => {
    const { id, groupId } = parseParams(GroupParams, req, 'breakout group');
    const me = requireAuth(res);
    const actor = await auth.actorFor(me);
    res.json(await workshops.breakoutMedia(id, groupId, { ...actor, displayName: me.user.displayName }));
  });

  return router;
}
