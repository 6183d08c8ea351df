import { ActionOwnerSchema, ActionParamsSchema, ActionUpdateSchema } from '@crosswalk/shared';
import { Router, type Request } from 'express';
import type { z } from 'zod';
import { requireAuth } from '../../http/middleware/sign-in.ts';
import { IdParams, parseBody, parseParams } from '../../http/validate.ts';
import type { Logger } from '../../logger.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { ActionsService } from './actions.service.ts';
import type { CarriedBackService } from './carried-back.ts';

/** Thin routes for the published action plan: parse, identify the person, call the service, answer. */
export function actionRoutes(deps: {
  actions: ActionsService;
  carriedBack: CarriedBackService;
  auth: AuthService;
  logger: Logger;
}): Router {
  const { actions, carriedBack, auth, logger } = deps;
  const router = Router();

  /** Parses a body; a refused one is logged (field names only, never what was written). */
  const body = <S extends z.ZodType>(schema: S, req: Request, reviewId: string): z.infer<S> => {
    try {
      return parseBody(schema, req);
    } catch (error) {
      logger.warn({ reviewId, path: req.path }, 'action input refused');
      throw error;
    }
  };

  router.get('/reviews/:id/actions', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'review');
    res.json(await actions.summaries(id, await auth.actorFor(requireAuth(res))));
  });

  router.get('/reviews/:id/action-plan', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'review');
    res.json(await actions.plan(id, await auth.actorFor(requireAuth(res))));
  });

  router.get('/reviews/:id/previous-actions', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'review');
    res.json(await carriedBack.forReview(id, await auth.actorFor(requireAuth(res))));
  });

  router.post('/reviews/:id/action-plan/publish', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'review');
    res.json(await actions.republish(id, await auth.actorFor(requireAuth(res))));
  });

  router.get('/reviews/:id/actions/:actionId', async (req, res) => {
    const { id, actionId } = parseParams(ActionParamsSchema, req, 'action');
    res.json(await actions.detail(id, actionId, await auth.actorFor(requireAuth(res))));
  });

  router.post('/reviews/:id/actions/:actionId/updates', async (req, res) => {
    const { id, actionId } = parseParams(ActionParamsSchema, req, 'action');
    const actor = await auth.actorFor(requireAuth(res));
    res.status(201).json(await actions.update(id, actionId, actor, body(ActionUpdateSchema, req, id)));
  });

  router.put('/reviews/:id/actions/:actionId/owner', async (req, res) => {
    const { id, actionId } = parseParams(ActionParamsSchema, req, 'action');
    const actor = await auth.actorFor(requireAuth(res));
    res.json(await actions.setOwner(id, actionId, actor, body(ActionOwnerSchema, req, id)));
  });

  return router;
}
