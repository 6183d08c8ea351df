import { BoardQuerySchema } from '@crosswalk/shared';
import { Router } from 'express';
import { sendCsv } from '../../http/csv-file.ts';
import { requireAuth } from '../../http/middleware/sign-in.ts';
import { IdParams, parseParams, parseQuery } from '../../http/validate.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { PartnershipBoardService } from './partnership-board.service.ts';

/** Thin routes over the partnership board view: parse, identify the person, call the service, answer. */
export function partnershipBoardRoutes(deps: { board: PartnershipBoardService; auth: AuthService }): Router {
  const { board, auth } = deps;
  const router = Router();

  router.get('/partnerships/:id/board', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'partnership');
    const actor = await auth.actorFor(requireAuth(res));
    res.json(await board.board(id, actor, parseQuery(BoardQuerySchema, req)));
  });

  router.get('/partnerships/:id/board.csv', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'partnership');
    const actor = await auth.actorFor(requireAuth(res));
    const file = await board.csv(id, actor, parseQuery(BoardQuerySchema, req));
    sendCsv(res, file);
  });

  return router;
}
