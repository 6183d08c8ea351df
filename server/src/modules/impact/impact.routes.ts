import { CheckpointParamsSchema, CheckpointScheduleSchema, HuddleRecordSchema } from '@crosswalk/shared';
import { Router, type Request } from 'express';
import type { z } from 'zod';
import { requireAuth } from '../../http/middleware/sign-in.ts';
import { IdParams, parseBody, parseParams } from '../../http/validate.ts';
import type { Logger } from '../../logger.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { ImpactService } from './impact.service.ts';

/** Thin routes for the impact review's checkpoints: parse, identify the person, call the service, answer. */
export function impactRoutes(deps: { impact: ImpactService; auth: AuthService; logger: Logger }): Router {
  const { impact, auth, logger } = deps;
  const router = Router();

  /** Parses a body; a refused one is logged (field names only, never what was written). */
  const body = <S extends z.ZodType>(schema: S, req: Request, reviewId: string): z.infer<S> => {
    try {
      return parseBody(schema, req);
    } catch (error) {
      logger.warn({ reviewId, path: req.path }, 'impact input refused');
      throw error;
    }
  };

  router.get('/reviews/:id/impact', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'review');
    res.json(await impact.overview(id, await auth.actorFor(requireAuth(res))));
  });

  router.post('/reviews/:id/impact/checkpoints', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'review');
    const actor = await auth.actorFor(requireAuth(res));
    res.status(201).json(await impact.schedule(id, actor, body(CheckpointScheduleSchema, req, id)));
  });

  router.post('/reviews/:id/impact/checkpoints/default', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'review');
    res.status(201).json(await impact.scheduleDefaults(id, await auth.actorFor(requireAuth(res))));
  });

  router.put('/reviews/:id/impact/checkpoints/:checkpointId', async (req, res) => {
    const { id, checkpointId } = parseParams(CheckpointParamsSchema, req, 'checkpoint');
    const actor = await auth.actorFor(requireAuth(res));
    res.json(await impact.move(id, checkpointId, actor, body(CheckpointScheduleSchema, req, id)));
  });

  router.delete('/reviews/:id/impact/checkpoints/:checkpointId', async (req, res) => {
    const { id, checkpointId } = parseParams(CheckpointParamsSchema, req, 'checkpoint');
    res.json(await impact.remove(id, checkpointId, await auth.actorFor(requireAuth(res))));
  });

  router.post('/reviews/:id/impact/checkpoints/:checkpointId/record', async (req, res) => {
    const { id, checkpointId } = parseParams(CheckpointParamsSchema, req, 'checkpoint');
    const actor = await auth.actorFor(requireAuth(res));
    res.status(201).json(await impact.record(id, checkpointId, actor, body(HuddleRecordSchema, req, id)));
  });

  return router;
}
