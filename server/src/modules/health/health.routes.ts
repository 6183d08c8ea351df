import type { Health } from '@crosswalk/shared';
import { Router } from 'express';
import type { DatabaseKind } from '../../db/client.ts';
import { VERSION } from '../../version.ts';
import { DatabaseProbe } from './database-probe.ts';

/** Whether this process should receive new traffic; false from the moment it starts shutting down. */
export interface Readiness {
  accepting: boolean;
  /**
   * With REDIS_URL: whether every Redis connection of this process is up. Reported, but it does not make the
   * process unready: without Redis it keeps serving (live documents catch up through PostgreSQL, rate limits are
   * counted per process) and reconnects by itself.
   */
  redisConnected?: () => boolean;
}

export interface HealthDeps {
  databaseKind: DatabaseKind;
  readiness: Readiness;
  /**
   * Live-document parts set aside as unappliable (the document store's `quarantinedCount`). It is the database
   * probe's query too: answering it means the database answers.
   */
  countQuarantined: () => Promise<number>;
}

export function healthRoutes(deps: HealthDeps): Router {
  const router = Router();
  // Never waits behind a transaction that holds the embedded database's one connection (see DatabaseProbe).
  let quarantined = 0;
  const database = new DatabaseProbe(async () => {
    quarantined = await deps.countQuarantined();
  });
  router.get('/health', async (_req, res) => {
    if ((await database.status()) === 'down') {
      res.status(503).json({ status: 'database_unavailable' });
      return;
    }
    const body: Health = {
      status: 'ok',
      database: deps.databaseKind,
      version: VERSION,
      quarantinedDocumentParts: quarantined,
    };
    res.json(body);
  });

  /** Liveness: the process answers. A load balancer restarts it when this fails. */
  router.get('/health/live', (_req, res) => {
    res.json({ status: 'ok' });
  });

  /**
   * Readiness: the database answers (or, busy, answered last time) and the process is not shutting down. A load
   * balancer routes by it.
   */
  router.get('/health/ready', async (_req, res) => {
    if (!deps.readiness.accepting) {
      res.status(503).json({ status: 'shutting_down' });
      return;
    }
    if ((await database.status()) === 'down') {
      res.status(503).json({ status: 'database_unavailable' });
      return;
    }
    const check = deps.readiness.redisConnected;
    res.json(check ? { status: 'ready', redis: check() ? 'connected' : 'unavailable' } : { status: 'ready' });
  });
  return router;
}
