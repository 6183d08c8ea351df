import {
  ActionParamsSchema,
  SupportOfferCreateSchema,
  SupportOfferParamsSchema,
  SupportRequestCreateSchema,
  SupportRequestParamsSchema,
  SupportUpdateSchema,
} from '@crosswalk/shared';
import { Router, type Request } from 'express';
import type { z } from 'zod';
import { requireAuth } from '../../http/middleware/sign-in.ts';
import { IdParams, parseBody, parseParams } from '../../http/validate.ts';
import type { Logger } from '../../logger.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { SupportService } from './support.service.ts';

/** Thin routes for school-to-school support: parse, identify the person, call the service, answer. */
export function supportRoutes(deps: { support: SupportService; auth: AuthService; logger: Logger }): Router {
  const { support, auth, logger } = deps;
  const router = Router();

  /** Parses a body; a refused one is logged (field names only, never what was written). */
  const body = <S extends z.ZodType>(schema: S, req: Request): z.infer<S> => {
    try {
      return parseBody(schema, req);
    } catch (error) {
      logger.warn({ path: req.path }, 'support input refused');
      throw error;
    }
  };

  router.get('/reviews/:id/support', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'review');
    res.json(await support.forReview(id, await auth.actorFor(requireAuth(res))));
  });

  router.post('/reviews/:id/actions/:actionId/support', async (req, res) => {
    const { id, actionId } = parseParams(ActionParamsSchema, req, 'action');
    const actor = await auth.actorFor(requireAuth(res));
    res.status(201).json(await support.ask(id, actionId, actor, body(SupportRequestCreateSchema, req)));
  });

  router.get('/partnerships/:id/support', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'partnership');
    res.json(await support.board(id, await auth.actorFor(requireAuth(res))));
  });

  router.get('/partnerships/:id/support/status', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'partnership');
    res.json(await support.statusBoard(id, await auth.actorFor(requireAuth(res))));
  });

  router.post('/support-requests/:id/offers', async (req, res) => {
    const { id } = parseParams(SupportRequestParamsSchema, req, 'request for support');
    const actor = await auth.actorFor(requireAuth(res));
    res.status(201).json(await support.offer(id, actor, body(SupportOfferCreateSchema, req)));
  });

  router.post('/support-requests/:id/offers/:offerId/accept', async (req, res) => {
    const { id, offerId } = parseParams(SupportOfferParamsSchema, req, 'offer');
    res.json(await support.accept(id, offerId, await auth.actorFor(requireAuth(res))));
  });

  router.post('/support-requests/:id/updates', async (req, res) => {
    const { id } = parseParams(SupportRequestParamsSchema, req, 'request for support');
    const actor = await auth.actorFor(requireAuth(res));
    res.status(201).json(await support.update(id, actor, body(SupportUpdateSchema, req)));
  });

  router.post('/support-requests/:id/withdraw', async (req, res) => {
    const { id } = parseParams(SupportRequestParamsSchema, req, 'request for support');
    res.json(await support.withdraw(id, await auth.actorFor(requireAuth(res))));
  });

  return router;
}
