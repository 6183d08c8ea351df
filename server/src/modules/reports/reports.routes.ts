import { GovernorSectionsSchema, ReportQuerySchema } from '@crosswalk/shared';
import { Router } from 'express';
import { requireAuth } from '../../http/middleware/sign-in.ts';
import { IdParams, parseBody, parseParams, parseQuery } from '../../http/validate.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { ReportFormat, ReportsService } from './reports.service.ts';

export function reportRoutes(deps: { reports: ReportsService; auth: AuthService }): Router {
  const { reports, auth } = deps;
  const router = Router();
  const actorOf = async (res: Parameters<typeof requireAuth>[0]) => auth.actorFor(requireAuth(res));

  router.get('/reviews/:id/report', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'review');
    res.json(await reports.status(id, await actorOf(res)));
  });

  router.put('/reviews/:id/report/governor-sections', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'review');
    const actor = await actorOf(res);
    const { sections } = parseBody(GovernorSectionsSchema, req);
    res.json({ sections: await reports.setGovernorSections(id, actor, sections) });
  });

  for (const format of ['docx', 'pdf'] as const satisfies ReportFormat[]) {
    router.get(`/reviews/:id/report.${format}`, async (req, res) => {
      const { id } = parseParams(IdParams, req, 'review');
      const { part } = parseQuery(ReportQuerySchema, req);
      const file = await reports.export(id, await actorOf(res), part, format);
      res
        .status(200)
        .type(file.mediaType)
        .set('Content-Disposition', `attachment; filename="${file.fileName}"`)
        .set('Cache-Control', 'private, no-store')
        .send(file.body);
    });
  }

  return router;
}
