import { Router, type Response } from 'express';
import { requireAuth } from '../../http/middleware/sign-in.ts';
import { IdParams, parseParams } from '../../http/validate.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { DataDownload, SubjectAccessService } from './subject-access.service.ts';

function sendDownload(res: Response, download: DataDownload): void {
  res
    .status(200)
    .type('application/zip')
    .set('Content-Disposition', `attachment; filename="${download.fileName}"`)
    .set('Cache-Control', 'private, no-store')
    .send(download.body);
}

/** A person's own data (a stable contract: "a ZIP of everything Crosswalk holds about the signed-in person"). */
export function subjectAccessRoutes(deps: { subjectAccess: SubjectAccessService; auth: AuthService }): Router {
  const { subjectAccess, auth } = deps;
  const router = Router();

  router.get('/me/export', async (_req, res) => {
    const actor = await auth.actorFor(requireAuth(res));
    sendDownload(res, await subjectAccess.export(actor, actor.userId));
  });

  router.get('/admin/people/:id/export', async (req, res) => {
    const actor = await auth.actorFor(requireAuth(res));
    const { id } = parseParams(IdParams, req, 'person');
    sendDownload(res, await subjectAccess.export(actor, id));
  });

  return router;
}
