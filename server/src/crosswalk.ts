import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { RetentionPass } from '@crosswalk/shared';
import type { Config } from './config.ts';
import { createDatabase, type Database } from './db/client.ts';
import { assertMigrated, migrate } from './db/migrate.ts';
import { createApi } from './http/api.ts';
import { errorHandler } from './http/middleware/error-handler.ts';
import { livekitConnectSources, loadWebHandler } from './http/web-handler.ts';
import type { Logger } from './logger.ts';
import { METRICS_PATH } from './metrics/metrics-route.ts';
import { createMetrics, type CrosswalkMetrics } from './metrics/metrics.ts';
import { hashPassword } from './modules/auth/passwords.ts';
import { requestContext } from './modules/audit/request-context.ts';
import { attachCommentSockets } from './modules/comments/comments.sockets.ts';
import { attachBoardSockets } from './modules/boards/boards.sockets.ts';
import { startLive, type Live } from './modules/live/live.ts';
import { realtimeSecret } from './modules/live/secret.ts';
import { attachSuggestionSockets } from './modules/suggestions/suggestions.sockets.ts';
import { attachWorkshopSockets } from './modules/workshops/workshops.sockets.ts';
import { createServices, type Services } from './services.ts';

export interface Crosswalk {
  httpServer: Server;
  /** The Express application behind the HTTP server (for introspection in tests). */
  app: express.Express;
  services: Services;
  /** Who holds which live connection in this process (re-decided by tests directly, too). */
  live: Live;
  db: Database;
  /** Starts listening; resolves with the bound address (useful with PORT=0). */
  listen(): Promise<AddressInfo>;
  /**
   * Ends this process's realtime connections whose sign-in is no longer live (expired, or ended while the
   * announcement was lost); runs every minute by itself.
   */
  checkRealtimeSignIns(): Promise<void>;
  /** Sends the reminders and digests due at `now` (runs every minute by itself, with the time then). */
  notificationsTick(now: Date): Promise<void>;
  /**
   * Runs the day's retention pass (docs/data-protection.md "Retention") if no process has run it for `now`'s day:
   * what it did, or null when another process has it. Runs every few minutes by itself, with the time then.
   */
  retentionTick(now: Date): Promise<RetentionPass | null>;
  /** Stops accepting work, closes realtime connections and the database. */
  close(): Promise<void>;
}

const SIGN_IN_SWEEP_MS = 60 * 60 * 1000;
/** How often reminders and digests are looked for; each goes once whichever process finds it. */
const NOTIFICATIONS_TICK_MS = 60 * 1000;
/** How often a process offers to run the day's retention pass; the first to ask each day runs it. */
const RETENTION_TICK_MS = 10 * 60 * 1000;

/**
 * Builds the whole application on one HTTP server: `/api` (Express), the realtime endpoints and the SvelteKit
 * app, each according to `config.services`. Used by `pnpm start` and by the tests (with PORT=0).
 */
export async function createCrosswalk(config: Config, logger: Logger): Promise<Crosswalk> {
  // Load the web app first: if it is missing, fail before opening the database.
  const webHandler = config.services.web
    ? await loadWebHandler({ connectSources: livekitConnectSources(config.livekit?.url) })
    : undefined;
  const db = await createDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    logger,
  });
  let services: Services;
  try {
    await (config.migrateOnStart ? migrate(db.sql, logger) : assertMigrated(db.sql));
    services = createServices(config, db, logger, {
      realtime: await realtimeSecret(config.realtimeSecret, config.dataDir),
    });
    await ensureFirstAdmin(config, services, logger);
  } catch (error) {
    await db.close();
    throw error;
  }

  // Prometheus metrics, in every process whatever SERVICES says, when METRICS_* allows someone to read them.
  const metrics: CrosswalkMetrics | undefined = config.metrics
    ? createMetrics({ policy: config.metrics, db, logger })
    : undefined;

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.set('public url', config.publicUrl ?? '');
  // Where each request came from, for the audit log (after `trust proxy`, which `req.ip` follows).
  app.use(requestContext());
  if (metrics) {
    app.use(metrics.http);
  }
  // SvelteKit sets its own Content-Security-Policy (see web/vite.config.ts).
  app.use(helmet({ contentSecurityPolicy: false }));
  app.use(
    pinoHttp({
      logger,
      // Health checks and scrapes come every few seconds; a refused scrape is logged by the metrics route.
      autoLogging: {
        ignore: (req) => req.url === '/api/health' || (metrics !== undefined && req.url === METRICS_PATH),
      },
      // Method, path and status are enough; headers may carry cookies and the query may carry anything.
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          // A set-up check link's secret is in its address: it stays out of the logs.
          path: req.url.split('?')[0]?.replace(/^\/check\/[^/]+/, '/check/…'),
        }),
        res: (res: { statusCode: number }) => ({ status: res.statusCode }),
      },
      customLogLevel: (_req, res, error) =>
        error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    }),
  );
  if (metrics) {
    app.use(metrics.route);
  }
  if (config.services.api) {
    app.use('/api', createApi(config, services));
  }
  if (webHandler) {
    app.use(webHandler);
  }
  app.use(errorHandler(logger, { audit: services.audit }));

  const httpServer = createServer(app);
  const live = startLive(httpServer, config, services, logger, { collab: metrics?.collabObserver });
  const realtime = live.realtime;
  metrics?.watchRealtime(() => live.realtime);
  if (live.connections) {
    const connections = live.connections;
    services.retention.attach((reviewId) => connections.discardReview(reviewId));
  }
  if (realtime) {
    services.versions.attach(realtime.collab);
    services.reviews.attach(realtime.collab, services.versions);
    services.reports.attach(realtime.collab);
    services.boards.attach(realtime.collab);
    services.workshopRecord.attach(realtime.collab);
    services.sharing.attach(realtime.collab);
    services.suggestions.attach(realtime.collab);
    services.actions.attach(realtime.collab);
    services.subjectAccess.attach(realtime.collab);
    services.erasure.attach(realtime.collab);
    attachBoardSockets({ io: realtime.io, boards: services.boards, auth: services.auth, logger });
    attachCommentSockets(realtime.io, {
      reviews: services.reviews,
      auth: services.auth,
      events: services.events,
      logger: logger.child({ component: 'comments' }),
    });
    attachWorkshopSockets(realtime.io, {
      workshops: services.workshops,
      auth: services.auth,
      events: services.events,
      logger: logger.child({ component: 'workshops' }),
    });
    attachSuggestionSockets(realtime.io, {
      suggestions: services.suggestions,
      auth: services.auth,
      events: services.events,
      logger: logger.child({ component: 'suggestions' }),
    });
  }
  if (config.redisUrl) {
    services.readiness.redisConnected = () => services.rateLimiters.connected && (realtime?.redisConnected() ?? true);
  }

  const sweep = setInterval(() => {
    services.auth.endExpiredSignIns().catch((error: unknown) => {
      logger.warn({ err: error }, 'could not delete expired sign-ins');
    });
  }, SIGN_IN_SWEEP_MS);
  sweep.unref();
  // Reminders and digests, then the sweep that tells owners and host headteachers of overdue actions (once each),
  // then the day-before reminders of impact huddles (once each).
  const notificationsTick = async (now: Date) => {
    await services.notifications.tick(now);
    await services.actions.sweepOverdue(now);
    await services.impact.sweepReminders(now);
  };
  // Tests run the scheduler themselves, at fixed times, so the wall clock sends nothing behind their backs.
  const notificationsTimer =
    config.services.api && config.nodeEnv !== 'test'
      ? setInterval(() => {
          notificationsTick(new Date()).catch((error: unknown) => {
            logger.warn({ err: error }, 'could not send reminders and digests');
          });
        }, NOTIFICATIONS_TICK_MS)
      : undefined;
  notificationsTimer?.unref();
  const retentionTick = (now: Date) => services.retention.tick(now);
  const retentionTimer =
    config.services.api && config.nodeEnv !== 'test'
      ? setInterval(() => {
          retentionTick(new Date()).catch((error: unknown) => {
            logger.warn({ err: error }, 'could not run the retention pass');
          });
        }, RETENTION_TICK_MS)
      : undefined;
  retentionTimer?.unref();

  return {
    httpServer,
    app,
    services,
    live,
    db,
    checkRealtimeSignIns: () => live.checkSignIns(),
    notificationsTick,
    retentionTick,
    listen: () =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.port, config.host, () => {
          httpServer.off('error', reject);
          const address = httpServer.address() as AddressInfo;
          services.origins.listening(address.port);
          resolve(address);
        });
      }),
    async close() {
      services.readiness.accepting = false;
      clearInterval(sweep);
      clearInterval(notificationsTimer);
      clearInterval(retentionTimer);
      const closed = new Promise<void>((resolve) => {
        if (!httpServer.listening) {
          resolve();
          return;
        }
        httpServer.close(() => {
          resolve();
        });
      });
      await live.close();
      httpServer.closeAllConnections();
      await closed;
      await services.auth.settled();
      await services.passwordResets.settled();
      await services.rateLimiters.close();
      await services.events.close();
      await db.close();
      metrics?.close();
    },
  };
}

/** With ADMIN_EMAIL and ADMIN_PASSWORD set, the first start creates that administrator. */
async function ensureFirstAdmin(config: Config, services: Services, logger: Logger): Promise<void> {
  if ((await services.users.countAdmins()) > 0) {
    return;
  }
  if (!config.admin) {
    logger.warn('No administrator exists yet: run "pnpm admin create --email you@example.org --name \'Your Name\'"');
    return;
  }
  const existing = await services.users.findByEmail(config.admin.email);
  if (existing) {
    logger.warn({ userId: existing.id }, 'ADMIN_EMAIL belongs to an existing account that is not an administrator');
    return;
  }
  const user = await services.users.create({
    email: config.admin.email,
    displayName: 'Administrator',
    isAdmin: true,
    passwordHash: await hashPassword(config.admin.password),
  });
  await services.audit.record({ actorUserId: null, action: 'admin.created_at_start', subjectId: user.id });
  logger.info({ userId: user.id }, 'first administrator created from ADMIN_EMAIL');
}
