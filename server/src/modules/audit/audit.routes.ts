import { ReviewAuditQuerySchema } from '@crosswalk/shared';
import { Router } from 'express';
import { sendCsv } from '../../http/csv-file.ts';
import { requireAuth } from '../../http/middleware/sign-in.ts';
import { IdParams, parseParams, parseQuery } from '../../http/validate.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { ReviewAuditService } from './review-audit.service.ts';

/** A review's audit log, for its host headteacher and administrators (404 for anyone else). */
export function reviewAuditRoutes(deps: { reviewAudit: ReviewAuditService; auth: AuthService }): Router {
  const { reviewAudit, auth } = deps;
  const router = Router();

  router.get('/reviews/:id/audit', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'review');
    const actor = await auth.actorFor(requireAuth(res));
    res.json(await reviewAudit.page(id, actor, parseQuery(ReviewAuditQuerySchema, req)));
  });

  router.get('/reviews/:id/audit.csv', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'review');
    const actor = await auth.actorFor(requireAuth(res));
    sendCsv(res, await reviewAudit.csv(id, actor, parseQuery(ReviewAuditQuerySchema, req)));
  });

  return router;
}
