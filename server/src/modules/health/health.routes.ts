import type { Health } from '@crosswalk/shared';
import { Router } from 'express';
import type { DatabaseKind, Sql } from '../../db/client.ts';
import { VERSION } from '../../version.ts';

export function healthRoutes(deps: { sql: Sql; databaseKind: DatabaseKind }): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    await deps.sql`select 1`;
    const body: Health = { status: 'ok', database: deps.databaseKind, version: VERSION };
    res.json(body);
  });
  return router;
}
