import { RotaEntryEditSchema, RotaGenerateSchema, RotaPublishSchema, RotaYearQuerySchema } from '@crosswalk/shared';
import { Router } from 'express';
import { z } from 'zod';
import { requireAuth } from '../../http/middleware/sign-in.ts';
import { IdParams, parseBody, parseParams, parseQuery } from '../../http/validate.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { RotaService } from './rota.service.ts';

const EntryParams = z.object({ id: z.uuid(), schoolId: z.uuid() });

/** The year's review rota of a partnership: read, generate, edit one review, publish. */
export function rotaRoutes(deps: { rota: RotaService; auth: AuthService }): Router {
  const { rota, auth } = deps;
  const router = Router();

  router.get('/partnerships/:id/rota', async (req, res) => {
    const actor = await auth.actorFor(requireAuth(res));
    const { id } = parseParams(IdParams, req, 'partnership');
    const { year } = parseQuery(RotaYearQuerySchema, req);
    res.json(await rota.view(id, actor, year));
  });

  router.post('/partnerships/:id/rota/generate', async (req, res) => {
    const actor = await auth.actorFor(requireAuth(res));
    const { id } = parseParams(IdParams, req, 'partnership');
    res.json(await rota.generate(id, actor, parseBody(RotaGenerateSchema, req)));
  });

  router.patch('/partnerships/:id/rota/entries/:schoolId', async (req, res) => {
    const actor = await auth.actorFor(requireAuth(res));
    const { id, schoolId } = parseParams(EntryParams, req, 'review in this rota');
    res.json(await rota.editEntry(id, actor, schoolId, parseBody(RotaEntryEditSchema, req)));
  });

  router.post('/partnerships/:id/rota/publish', async (req, res) => {
    const actor = await auth.actorFor(requireAuth(res));
    const { id } = parseParams(IdParams, req, 'partnership');
    const { academicYear } = parseBody(RotaPublishSchema, req);
    res.json(await rota.publish(id, actor, academicYear));
  });

  return router;
}
