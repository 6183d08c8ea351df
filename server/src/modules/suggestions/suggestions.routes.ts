import { SuggestionCreateSchema } from '@crosswalk/shared';
import { Router } from 'express';
import { z } from 'zod';
import { requireAuth } from '../../http/middleware/sign-in.ts';
import { IdParams, parseBody, parseParams } from '../../http/validate.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { SuggestionsService } from './suggestions.service.ts';

const SuggestionParams = IdParams.extend({ suggestionId: z.uuid() });

/** Factual-accuracy mode: corrections the host headteacher proposes and the lead reviewer decides. */
export function suggestionRoutes(deps: { suggestions: SuggestionsService; auth: AuthService }): Router {
  const { suggestions, auth } = deps;
  const router = Router();
  const actorOf = async (res: Parameters<typeof requireAuth>[0]) => {
    const signedIn = requireAuth(res);
    return { ...(await auth.actorFor(signedIn)), displayName: signedIn.user.displayName };
  };

  router.get('/reviews/:id/suggestions', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'review');
    res.json(await suggestions.list(id, await actorOf(res)));
  });

  router.post('/reviews/:id/suggestions', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'review');
    const actor = await actorOf(res);
    res.status(201).json(await suggestions.propose(id, actor, parseBody(SuggestionCreateSchema, req)));
  });

  router.post('/reviews/:id/suggestions/:suggestionId/accept', async (req, res) => {
    const { id, suggestionId } = parseParams(SuggestionParams, req, 'correction');
    res.json(await suggestions.accept(id, suggestionId, await actorOf(res)));
  });

  router.post('/reviews/:id/suggestions/:suggestionId/reject', async (req, res) => {
    const { id, suggestionId } = parseParams(SuggestionParams, req, 'correction');
    res.json(await suggestions.reject(id, suggestionId, await actorOf(res)));
  });

  return router;
}
