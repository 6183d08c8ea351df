import { VersionCompareQuerySchema } from '@crosswalk/shared';
import { Router } from 'express';
import { z } from 'zod';
import { requireAuth } from '../../http/middleware/sign-in.ts';
import { IdParams, parseBody, parseParams, parseQuery } from '../../http/validate.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { VersionsService } from './versions.service.ts';

const VersionParams = z.object({ id: z.uuid(), versionId: z.uuid() });
export const VersionCreateSchema = z.strictObject({
  /** A name people will recognise, e.g. "Draft findings agreed 14:30". */
  label: z.string().trim().min(1, { message: 'Give the version a name' }).max(120),
});

export function versionRoutes(deps: { versions: VersionsService; auth: AuthService }): Router {
  const { versions, auth } = deps;
  const router = Router();
  const actorOf = async (res: Parameters<typeof requireAuth>[0]) => auth.actorFor(requireAuth(res));

  router.get('/reviews/:id/versions', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'review');
    res.json({ versions: await versions.list(id, await actorOf(res)) });
  });

  router.post('/reviews/:id/versions', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'review');
    const actor = await actorOf(res);
    res.status(201).json(await versions.create(id, actor, parseBody(VersionCreateSchema, req).label));
  });

  // Before `/:versionId`, which would take "compare" for a version id.
  router.get('/reviews/:id/versions/compare', async (req, res) => {
    const { id } = parseParams(IdParams, req, 'review');
    const query = parseQuery(VersionCompareQuerySchema, req);
    res.json(await versions.compare(id, await actorOf(res), query));
  });

  router.get('/reviews/:id/versions/:versionId', async (req, res) => {
    const { id, versionId } = parseParams(VersionParams, req, 'version');
    res.json(await versions.view(id, versionId, await actorOf(res)));
  });

  router.post('/reviews/:id/versions/:versionId/restore', async (req, res) => {
    const { id, versionId } = parseParams(VersionParams, req, 'version');
    res.json(await versions.restore(id, versionId, await actorOf(res)));
  });

  return router;
}
