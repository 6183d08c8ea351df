import { CommentReplySchema, CommentThreadCreateSchema } from '@crosswalk/shared';
import { Router } from 'express';
import { z } from 'zod';
import { requireAuth } from '../../http/middleware/sign-in.ts';
import { IdParams, parseBody, parseParams } from '../../http/validate.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { CommentsService } from './comments.service.ts';

const ThreadParams = z.object({ id: z.uuid(), threadId: z.uuid() });

export function commentRoutes(deps: { comments: CommentsService; auth: AuthService }): Router {
  const { comments, auth } = deps;
  const router = Router();
  const actorOf = async (res: Parameters<typeof requireAuth>[0]) => auth.actorFor(requireAuth(res));

  router.get('/reviews/:id/comments', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'review');
    res.json(await comments.list(id, await actorOf(res)));
  });

  router.post('/reviews/:id/comments', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'review');
    const actor = await actorOf(res);
    res.status(201).json(await comments.start(id, actor, parseBody(CommentThreadCreateSchema, req)));
  });

  router.post('/reviews/:id/comments/:threadId/replies', async (req, res) => {
    const { id, threadId } = parseParams(ThreadParams, req, 'comment thread');
    const actor = await actorOf(res);
    res.status(201).json(await comments.reply(id, threadId, actor, parseBody(CommentReplySchema, req)));
  });

  router.post('/reviews/:id/comments/:threadId/resolve', async (req, res) => {
    const { id, threadId } = parseParams(ThreadParams, req, 'comment thread');
    res.json(await comments.setResolved(id, threadId, await actorOf(res), true));
  });

  router.post('/reviews/:id/comments/:threadId/reopen', async (req, res) => {
    const { id, threadId } = parseParams(ThreadParams, req, 'comment thread');
    res.json(await comments.setResolved(id, threadId, await actorOf(res), false));
  });

  return router;
}
