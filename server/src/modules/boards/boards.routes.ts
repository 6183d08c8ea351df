import { ActionDraftSchema, RealtimePaths } from '@crosswalk/shared';
import { Router } from 'express';
import { z } from 'zod';
import { expectedOrigin } from '../../http/middleware/csrf.ts';
import type { OwnOrigins } from '../../http/own-origins.ts';
import { requireAuth } from '../../http/middleware/sign-in.ts';
import { IdParams, parseBody, parseParams } from '../../http/validate.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { BoardsService } from './boards.service.ts';

const BoardParams = z.object({ id: z.uuid(), boardId: z.uuid() });

export function boardRoutes(deps: { boards: BoardsService; auth: AuthService; origins: OwnOrigins }): Router {
  const { boards, auth } = deps;
  const router = Router();

  // Opens the workshop (creating it on first use) and lists its boards with how to connect to them.
  router.get('/sessions/:id/workshop/boards', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'workshop');
    const signedIn = requireAuth(res);
    const actor = await auth.actorFor(signedIn);
    const origin = expectedOrigin(req, deps.origins).replace(/^http/, 'ws');
    const url = `${origin}${RealtimePaths.collabPrefix.replace(/\/$/, '')}`;
    res.json(await boards.list(id, actor, signedIn.signInId, url));
  });

  router.post('/sessions/:id/workshop/boards/:boardId/actions', async (req, res) => {
    const { id, boardId } = parseParams(BoardParams, req, 'board');
    const actor = await auth.actorFor(requireAuth(res));
    res.status(201).json(await boards.draftAction(id, boardId, actor, parseBody(ActionDraftSchema, req)));
  });

  return router;
}
