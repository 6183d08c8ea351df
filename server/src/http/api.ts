import { createPostgresStore } from '@crosswalk/realtime';
import { Limits } from '@crosswalk/shared';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { Config } from '../config.ts';
import { reviewAuditRoutes } from '../modules/audit/audit.routes.ts';
import { authRoutes } from '../modules/auth/auth.routes.ts';
import { ssoRoutes } from '../modules/auth/sso.routes.ts';
import { healthRoutes } from '../modules/health/health.routes.ts';
import { invitationRoutes } from '../modules/invitations/invitations.routes.ts';
import { collabRoutes } from '../modules/collab/collab.routes.ts';
import { mailRoutes } from '../modules/mail/mail.routes.ts';
import { actionRoutes } from '../modules/actions/actions.routes.ts';
import { impactRoutes } from '../modules/impact/impact.routes.ts';
import { supportRoutes } from '../modules/support/support.routes.ts';
import { notificationRoutes } from '../modules/notifications/notifications.routes.ts';
import { reportRoutes } from '../modules/reports/reports.routes.ts';
import { versionRoutes } from '../modules/versions/versions.routes.ts';
import { boardRoutes } from '../modules/boards/boards.routes.ts';
import { commentRoutes } from '../modules/comments/comments.routes.ts';
import { signOffRoutes } from '../modules/sign-offs/sign-offs.routes.ts';
import { sharingRoutes } from '../modules/sharing/sharing.routes.ts';
import { suggestionRoutes } from '../modules/suggestions/suggestions.routes.ts';
import { livekitWebhookRoute, sessionRoutes } from '../modules/sessions/sessions.routes.ts';
import { evaluationRoutes } from '../modules/evaluations/evaluations.routes.ts';
import { partnershipBoardRoutes } from '../modules/partnership-board/partnership-board.routes.ts';
import { partnershipRoutes } from '../modules/partnerships/partnerships.routes.ts';
import { peopleRoutes } from '../modules/people/people.routes.ts';
import { erasureRoutes } from '../modules/erasure/erasure.routes.ts';
import { checkTransferRoutes, readinessCheckRoutes } from '../modules/readiness-checks/readiness-checks.routes.ts';
import { reviewRoutes } from '../modules/reviews/reviews.routes.ts';
import { rotaRoutes } from '../modules/rota/rota.routes.ts';
import { calendarRoutes } from '../modules/calendars/calendars.routes.ts';
import { organisationRoutes } from '../modules/organisations/organisations.routes.ts';
import { workshopRoutes } from '../modules/workshops/workshops.routes.ts';
import { subjectAccessRoutes } from '../modules/subject-access/subject-access.routes.ts';
import type { Services } from '../services.ts';
import { NotFoundError, UnsupportedMediaTypeError } from './errors.ts';
import { openApiDocument } from './openapi.ts';
import { csrfProtection } from './middleware/csrf.ts';
import { signInMiddleware } from './middleware/sign-in.ts';
import { writeRateLimit } from './middleware/write-rate-limit.ts';

/** A request that carries a body must say it is JSON. */
function requireJsonBody(req: Request, _res: Response, next: NextFunction): void {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (hasBody && !req.is(['application/json', 'application/*+json'])) {
    throw UnsupportedMediaTypeError();
  }
  next();
}

/** Everything under `/api`: middleware in a fixed order, then the routes of each module. */
export function createApi(config: Config, services: Services): Router {
  const api = Router();
  api.use(writeRateLimit(config.limits.writeRequestsPerMinute, services.rateLimiters));
  // Server-to-server, verified by signature over the raw body: before the CSRF check and the JSON parser.
  api.use(
    livekitWebhookRoute({
      media: services.media,
      sessions: services.reviewSessions,
      logger: services.logger,
      sessionOfRoom: (room) => services.workshops.attendanceSessionOf(room),
    }),
  );
  api.use(csrfProtection(services.origins));
  // The set-up check times a binary download and upload: before the JSON-only rule.
  api.use(checkTransferRoutes({ checks: services.readinessChecks }));
  api.use(requireJsonBody);
  // A school import is a whole GIAS file: read with its own, larger limit before the general parser (which then
  // finds the body already read and leaves it).
  api.use(
    '/partnerships/:id/schools/import',
    express.json({ limit: Limits.schoolImportBytes, strict: true, type: ['application/json', 'application/*+json'] }),
  );
  api.use(
    express.json({ limit: Limits.jsonBodyBytes, strict: true, type: ['application/json', 'application/*+json'] }),
  );
  api.use(signInMiddleware(services.auth));
  api.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });

  const documents = createPostgresStore(services.db.sql);
  api.use(
    healthRoutes({
      databaseKind: services.db.kind,
      readiness: services.readiness,
      countQuarantined: () => documents.quarantinedCount(),
    }),
  );
  const openApi = openApiDocument();
  api.get('/openapi.json', (_req, res) => {
    res.json(openApi);
  });
  api.use(
    authRoutes({
      auth: services.auth,
      account: services.account,
      resets: services.passwordResets,
      origins: services.origins,
    }),
  );
  api.use(ssoRoutes({ sso: services.singleSignOn, auth: services.auth, origins: services.origins }));
  api.use(invitationRoutes({ invitations: services.invitations, auth: services.auth, origins: services.origins }));
  api.use(mailRoutes({ outbox: services.outbox, auth: services.auth }));
  api.use(notificationRoutes({ notifications: services.notifications }));
  api.use(partnershipRoutes({ partnerships: services.partnerships, auth: services.auth }));
  api.use(evaluationRoutes({ evaluations: services.evaluations, auth: services.auth }));
  api.use(partnershipBoardRoutes({ board: services.partnershipBoard, auth: services.auth }));
  api.use(rotaRoutes({ rota: services.rota, auth: services.auth }));
  api.use(
    organisationRoutes({
      auth: services.auth,
      localAuthorities: services.localAuthorities,
      partnershipSetup: services.partnershipSetup,
      schools: services.schools,
      trusts: services.trusts,
    }),
  );
  api.use(workshopRoutes({ workshops: services.workshops, auth: services.auth }));
  api.use(collabRoutes({ collab: services.collab, auth: services.auth, origins: services.origins }));
  api.use(versionRoutes({ versions: services.versions, auth: services.auth }));
  api.use(signOffRoutes({ signOffs: services.signOffs, auth: services.auth }));
  api.use(sharingRoutes({ sharing: services.sharing, auth: services.auth }));
  api.use(commentRoutes({ comments: services.comments, auth: services.auth }));
  api.use(suggestionRoutes({ suggestions: services.suggestions, auth: services.auth }));
  api.use(reportRoutes({ reports: services.reports, auth: services.auth }));
  api.use(sessionRoutes({ sessions: services.reviewSessions, auth: services.auth }));
  api.use(boardRoutes({ boards: services.boards, auth: services.auth, origins: services.origins }));
  api.use(readinessCheckRoutes({ checks: services.readinessChecks, auth: services.auth }));
  api.use(
    actionRoutes({
      actions: services.actions,
      carriedBack: services.carriedBack,
      auth: services.auth,
      logger: services.logger,
    }),
  );
  api.use(impactRoutes({ impact: services.impact, auth: services.auth, logger: services.logger }));
  api.use(supportRoutes({ support: services.support, auth: services.auth, logger: services.logger }));
  api.use(reviewAuditRoutes({ reviewAudit: services.reviewAudit, auth: services.auth }));
  api.use(reviewRoutes({ reviews: services.reviews, auth: services.auth, origins: services.origins }));
  api.use(erasureRoutes({ erasure: services.erasure, auth: services.auth }));
  api.use(calendarRoutes({ calendars: services.calendars, auth: services.auth }));
  api.use(peopleRoutes({ people: services.people, auth: services.auth }));
  api.use(subjectAccessRoutes({ subjectAccess: services.subjectAccess, auth: services.auth }));

  api.use(() => {
    throw NotFoundError('API route');
  });
  return api;
}
