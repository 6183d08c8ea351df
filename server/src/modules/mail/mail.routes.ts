import { canReadOutbox } from '@crosswalk/shared';
import { Router } from 'express';
import { ForbiddenError } from '../../http/errors.ts';
import { requireAuth } from '../../http/middleware/sign-in.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { OutboxRepository } from './outbox.repository.ts';

export function mailRoutes(deps: { outbox: OutboxRepository; auth: AuthService }): Router {
  const router = Router();
  router.get('/admin/outbox', async (_req, res) => {
    const actor = await deps.auth.actorFor(requireAuth(res));
    if (!canReadOutbox(actor)) {
      throw ForbiddenError();
    }
    res.json({ messages: await deps.outbox.latest(100) });
  });
  return router;
}
