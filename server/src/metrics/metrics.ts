import type { CollabObserver } from '@crosswalk/realtime';
import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AppRealtime } from '../app-sockets.ts';
import type { Database } from '../db/client.ts';
import type { Logger } from '../logger.ts';
import { VERSION } from '../version.ts';
import type { MetricsAccessPolicy } from './access.ts';
import { httpMetrics, type HttpLabels } from './http-metrics.ts';
import { metricsRoute } from './metrics-route.ts';

/** Latencies of the live document, in seconds: from a millisecond (a commit on a quiet server) to ten seconds. */
const COLLAB_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** One Crosswalk instance's metrics: its own registry, so several instances in one process never collide. */
export interface CrosswalkMetrics {
  readonly registry: Registry;
  /** Times every request; mount first. */
  readonly http: RequestHandler;
  /** `GET /metrics`, for the requests the policy allows; others pass on as to an unknown address. */
  readonly route: RequestHandler;
  /** Given to the live-document server: group-commit latency and acknowledgement lag. */
  readonly collabObserver: CollabObserver;
  /** Where the live-connection gauges read their counts (undefined: this process serves no realtime endpoints). */
  watchRealtime(realtime: () => AppRealtime | undefined): void;
  close(): void;
}

/**
 * Creates the registry and every metric. Nothing here carries a document's content, a person's name, email or id,
 * or an address asked for: labels are methods, route templates, status classes and the kind of database.
 */
export function createMetrics(options: {
  policy: MetricsAccessPolicy;
  db: Database;
  logger: Logger;
}): CrosswalkMetrics {
  const { db } = options;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  let realtime: () => AppRealtime | undefined = () => undefined;

  new Gauge({
    name: 'crosswalk_build_info',
    help: 'Always 1; the version label says which Crosswalk this process runs.',
    labelNames: ['version'],
    registers: [registry],
  }).set({ version: VERSION }, 1);

  const httpDuration = new Histogram<HttpLabels>({
    name: 'http_request_duration_seconds',
    help: 'Time from a request arriving to its response finishing, by method, route template and status class.',
    labelNames: ['method', 'route', 'status_class'],
    registers: [registry],
  });

  new Gauge({
    name: 'crosswalk_collab_connections',
    help: 'Live-document WebSocket connections this process holds.',
    registers: [registry],
    collect() {
      const collab = realtime()?.collab;
      let count = 0;
      if (collab) {
        for (const _connection of collab.connections()) {
          count += 1;
        }
      }
      this.set(count);
    },
  });
  new Gauge({
    name: 'crosswalk_socketio_clients',
    help: 'Signed-in socket.io connections (video rooms, workshops, comments) this process holds.',
    registers: [registry],
    collect() {
      this.set(realtime()?.io.of('/').sockets.size ?? 0);
    },
  });
  new Gauge({
    name: 'crosswalk_collab_documents_loaded',
    help: 'Live documents held in memory by this process.',
    registers: [registry],
    collect() {
      this.set(realtime()?.collab?.loadedDocuments().length ?? 0);
    },
  });

  const groupCommit = new Histogram({
    name: 'crosswalk_collab_group_commit_seconds',
    help: 'Per group commit: time from its oldest update being queued to the batch being durable, retries included.',
    buckets: COLLAB_BUCKETS,
    registers: [registry],
  });
  const committedUpdates = new Counter({
    name: 'crosswalk_collab_committed_updates_total',
    help: 'Live-document updates the group commit made durable.',
    registers: [registry],
  });
  const ackLag = new Histogram({
    name: 'crosswalk_collab_ack_lag_seconds',
    help: "Per acknowledged update: time from the editor's update arriving to the server acknowledging it durable.",
    buckets: COLLAB_BUCKETS,
    registers: [registry],
  });

  const kind = { database: db.kind };
  new Gauge({
    name: 'crosswalk_db_pool_size',
    help: 'Connections the database pool may open (1 for the embedded database, which runs one statement at a time).',
    labelNames: ['database'],
    registers: [registry],
    collect() {
      this.set(kind, db.poolSize);
    },
  });
  new Gauge({
    name: 'crosswalk_db_queries_in_flight',
    help: 'Statements sent through the pool and not yet answered, those waiting for a connection included (not those inside transactions).',
    labelNames: ['database'],
    registers: [registry],
    collect() {
      this.set(kind, db.activity().queriesInFlight);
    },
  });
  new Gauge({
    name: 'crosswalk_db_transactions_open',
    help: 'Transactions under way; each holds a connection of the pool until it ends.',
    labelNames: ['database'],
    registers: [registry],
    collect() {
      this.set(kind, db.activity().transactionsOpen);
    },
  });

  return {
    registry,
    http: httpMetrics(httpDuration),
    route: metricsRoute({ policy: options.policy, registry, logger: options.logger.child({ component: 'metrics' }) }),
    collabObserver: {
      groupCommitted({ updates, waitedMs }) {
        groupCommit.observe(waitedMs / 1000);
        committedUpdates.inc(updates);
      },
      acknowledged(lagMs) {
        ackLag.observe(lagMs / 1000);
      },
    },
    watchRealtime(source) {
      realtime = source;
    },
    close() {
      registry.clear();
    },
  };
}
