import { AgreedRatingSaveSchema, EvaluationQuerySchema, SelfRatingSaveSchema } from '@crosswalk/shared';
import { Router } from 'express';
import { requireAuth } from '../../http/middleware/sign-in.ts';
import { IdParams, parseBody, parseParams, parseQuery } from '../../http/validate.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { EvaluationsService } from './evaluations.service.ts';

/** Thin routes over the partnership evaluation: parse, identify the person, call the service, answer. */
export function evaluationRoutes(deps: { evaluations: EvaluationsService; auth: AuthService }): Router {
  const { evaluations, auth } = deps;
  const router = Router();

  router.get('/partnerships/:id/evaluation', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'partnership');
    const actor = await auth.actorFor(requireAuth(res));
    const { year } = parseQuery(EvaluationQuerySchema, req);
    res.json(await evaluations.evaluation(id, actor, year));
  });

  router.get('/partnerships/:id/evaluation/trend', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'partnership');
    res.json(await evaluations.trend(id, await auth.actorFor(requireAuth(res))));
  });

  router.put('/partnerships/:id/evaluation/self-ratings', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'partnership');
    const actor = await auth.actorFor(requireAuth(res));
    res.json(await evaluations.saveSelfRating(id, actor, parseBody(SelfRatingSaveSchema, req)));
  });

  router.put('/partnerships/:id/evaluation/agreed-ratings', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'partnership');
    const actor = await auth.actorFor(requireAuth(res));
    res.json(await evaluations.saveAgreedRating(id, actor, parseBody(AgreedRatingSaveSchema, req)));
  });

  return router;
}
