import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import type { Logger } from './logger.ts';
import { AuditLogRepository } from './modules/audit/audit-log.repository.ts';
import { AuditRepository } from './modules/audit/audit.repository.ts';
import { ReviewAuditService } from './modules/audit/review-audit.service.ts';
import { AuthService } from './modules/auth/auth.service.ts';
import { createOwnOrigins } from './http/own-origins.ts';
import { createRateLimiters } from './http/rate-limiters.ts';
import type { Readiness } from './modules/health/health.routes.ts';
import { LoginThrottle } from './modules/auth/login-throttle.ts';
import { SignInsRepository } from './modules/auth/sign-ins.repository.ts';
import { AccountService } from './modules/auth/account.service.ts';
import { PasswordResetService } from './modules/auth/password-reset.service.ts';
import { PasswordResetsRepository } from './modules/auth/password-resets.repository.ts';
import { SingleSignOnService } from './modules/auth/single-sign-on.service.ts';
import { SsoRepository } from './modules/auth/sso.repository.ts';
import { DirectoryRepository } from './modules/directory/directory.repository.ts';
import { InvitationsRepository } from './modules/invitations/invitations.repository.ts';
import { InvitationsService } from './modules/invitations/invitations.service.ts';
import { createMailer } from './modules/mail/mailer.ts';
import { OutboxRepository } from './modules/mail/outbox.repository.ts';
import { UsersRepository } from './modules/users/users.repository.ts';
import { WorkshopsRepository } from './modules/workshops/workshops.repository.ts';
import { WorkshopsService } from './modules/workshops/workshops.service.ts';
import { WorkshopRecordWriter } from './modules/workshops/workshop-record.ts';
import { createEventBus } from './events/bus.ts';
import { ReportsRepository } from './modules/reports/reports.repository.ts';
import { ReportsService } from './modules/reports/reports.service.ts';
import { VersionsRepository } from './modules/versions/versions.repository.ts';
import { VersionsService } from './modules/versions/versions.service.ts';
import { saveVersionAtEveryTransition } from './modules/versions/automatic-versions.ts';
import { CommentsRepository } from './modules/comments/comments.repository.ts';
import { CommentsService } from './modules/comments/comments.service.ts';
import { SignOffsRepository } from './modules/sign-offs/sign-offs.repository.ts';
import { SignOffsService } from './modules/sign-offs/sign-offs.service.ts';
import { SharingRepository } from './modules/sharing/sharing.repository.ts';
import { SharingService } from './modules/sharing/sharing.service.ts';
import { SuggestionsRepository } from './modules/suggestions/suggestions.repository.ts';
import { SuggestionsService } from './modules/suggestions/suggestions.service.ts';
import { createIceServerIssuer, staticTurnCredentialWarning } from './modules/sessions/ice-servers.ts';
import { createMediaProvider } from './modules/sessions/media-provider.ts';
import { ReviewSessionsRepository } from './modules/sessions/sessions.repository.ts';
import { SessionsService } from './modules/sessions/sessions.service.ts';
import { CollabService } from './modules/collab/collab.service.ts';
import { DocumentGrants } from './modules/live/document-grants.ts';
import { upgradeAddress } from './modules/audit/request-context.ts';
import { Tickets } from './modules/live/tickets.ts';
import { PartnershipsService } from './modules/partnerships/partnerships.service.ts';
import { EvaluationsRepository } from './modules/evaluations/evaluations.repository.ts';
import { EvaluationsService } from './modules/evaluations/evaluations.service.ts';
import { PartnershipBoardRepository } from './modules/partnership-board/partnership-board.repository.ts';
import { PartnershipBoardService } from './modules/partnership-board/partnership-board.service.ts';
import { PeopleRepository } from './modules/people/people.repository.ts';
import { PeopleService } from './modules/people/people.service.ts';
import { CollabAuthors } from './modules/erasure/collab-authors.ts';
import { ErasureRepository } from './modules/erasure/erasure.repository.ts';
import { ErasureService } from './modules/erasure/erasure.service.ts';
import { ReviewsRepository } from './modules/reviews/reviews.repository.ts';
import { ReviewsService } from './modules/reviews/reviews.service.ts';
import { BoardsRepository } from './modules/boards/boards.repository.ts';
import { BoardsService } from './modules/boards/boards.service.ts';
import { ReadinessChecksRepository } from './modules/readiness-checks/readiness-checks.repository.ts';
import { ReadinessChecksService } from './modules/readiness-checks/readiness-checks.service.ts';
import { ActionsRepository } from './modules/actions/actions.repository.ts';
import { ActionsService } from './modules/actions/actions.service.ts';
import { readImpactFacts, readReportImpact } from './modules/impact/impact-facts.ts';
import { ImpactRepository } from './modules/impact/impact.repository.ts';
import { ImpactService } from './modules/impact/impact.service.ts';
import { RetentionRepository } from './modules/retention/retention.repository.ts';
import { RetentionService } from './modules/retention/retention.service.ts';
import { CarriedBackRepository, CarriedBackService } from './modules/actions/carried-back.ts';
import { SupportRepository } from './modules/support/support.repository.ts';
import { SupportService } from './modules/support/support.service.ts';
import { NotificationsRepository } from './modules/notifications/notifications.repository.ts';
import { NotificationsService } from './modules/notifications/notifications.service.ts';
import { CalendarsRepository } from './modules/calendars/calendars.repository.ts';
import { CalendarsService } from './modules/calendars/calendars.service.ts';
import { RotaRepository } from './modules/rota/rota.repository.ts';
import { RotaService } from './modules/rota/rota.service.ts';
import { OrganisationsRepository } from './modules/organisations/organisations.repository.ts';
import { LocalAuthoritiesService } from './modules/organisations/local-authorities.service.ts';
import { PartnershipSetupService } from './modules/organisations/partnership-setup.service.ts';
import { SchoolsService } from './modules/organisations/schools.service.ts';
import { TrustsService } from './modules/organisations/trusts.service.ts';
import { SubjectAccessService } from './modules/subject-access/subject-access.service.ts';

export type Services = ReturnType<typeof createServices>;

/** Wires repositories into services. The only place that knows every dependency. */
export function createServices(config: Config, db: Database, logger: Logger, secrets: { realtime: Buffer }) {
  const { sql } = db;
  const origins = createOwnOrigins(config);
  const rateLimiters = createRateLimiters({ redisUrl: config.redisUrl, keyPrefix: config.redisKeyPrefix, logger });
  const events = createEventBus({ redisUrl: config.redisUrl, keyPrefix: config.redisKeyPrefix, logger });
  const users = new UsersRepository(sql);
  const signIns = new SignInsRepository(sql);
  const audit = new AuditRepository(sql);
  const outbox = new OutboxRepository(sql);
  const directory = new DirectoryRepository(sql);
  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, outbox, logger });
  const throttle = new LoginThrottle(
    {
      perAccountAndIp: config.limits.loginFailuresPerAccountAndIp,
      perIp: config.limits.loginFailuresPerIp,
      perAccount: config.limits.loginFailuresPerAccount,
      freeFailures: config.limits.loginFailuresBeforeDelay,
    },
    rateLimiters,
  );
  const auth = new AuthService({
    users,
    signIns,
    audit,
    mailer,
    events,
    logger,
    throttle,
    idleMs: config.signInIdleMs,
    absoluteMs: config.signInAbsoluteMs,
  });
  const account = new AccountService({ sql, users, audit, auth, logger });
  const passwordResets = new PasswordResetService({
    sql,
    users,
    resets: new PasswordResetsRepository(sql),
    audit,
    mailer,
    auth,
    logger,
    rateLimiters,
  });
  const invitationsRepository = new InvitationsRepository(sql);
  const singleSignOn = new SingleSignOnService({
    providers: config.oidcProviders,
    sql,
    sso: new SsoRepository(sql),
    users,
    invitations: invitationsRepository,
    audit,
    logger,
  });
  const invitations = new InvitationsService({
    sql,
    users,
    invitations: invitationsRepository,
    directory,
    audit,
    mailer,
    logger,
  });
  const calendarsRepository = new CalendarsRepository(sql);
  const calendars = new CalendarsService({ sql, calendars: calendarsRepository, audit, logger });
  const reviewsRepository = new ReviewsRepository(sql);
  const signOffsRepository = new SignOffsRepository(sql);
  const suggestionsRepository = new SuggestionsRepository(sql);
  const actionsRepository = new ActionsRepository(sql);
  const impactRepository = new ImpactRepository(sql);
  const reviews = new ReviewsService({
    sql,
    reviews: reviewsRepository,
    actions: actionsRepository,
    directory,
    audit,
    events,
    calendars,
    signOffs: signOffsRepository,
    pendingCorrections: (reviewId) => suggestionsRepository.pendingCount(reviewId),
    impactFacts: (reviewId) => readImpactFacts({ impact: impactRepository, actions: actionsRepository }, reviewId),
    logger: logger.child({ component: 'reviews' }),
  });
  const partnerships = new PartnershipsService({ directory, reviews: reviewsRepository });
  const evaluations = new EvaluationsService({
    sql,
    evaluations: new EvaluationsRepository(sql),
    directory,
    audit,
    logger: logger.child({ component: 'evaluations' }),
    actionsCompleted: (partnershipId) => actionsRepository.completedPerYear(partnershipId),
    // Support is made further down; the evaluation asks for its figure only when a page is read.
    supportMatched: (partnershipId) => support.matchedPerYear(partnershipId),
  });
  const supportRepository = new SupportRepository(sql);
  const partnershipBoard = new PartnershipBoardService({
    board: new PartnershipBoardRepository(sql),
    directory,
    audit,
    logger: logger.child({ component: 'partnership-board' }),
    supportMatched: (_partnershipId, reviewIds) => supportRepository.matchedOn(reviewIds),
  });
  const rota = new RotaService({
    sql,
    rota: new RotaRepository(sql),
    directory,
    reviews: reviewsRepository,
    calendarsRepository,
    calendars,
    audit,
    events,
    logger,
  });
  const organisations = new OrganisationsRepository(sql);
  const localAuthorities = new LocalAuthoritiesService({ sql, organisations, audit });
  const partnershipSetup = new PartnershipSetupService({
    sql,
    organisations,
    directory,
    audit,
    logger: logger.child({ component: 'partnership-setup' }),
  });
  const schools = new SchoolsService({ sql, organisations, directory, audit });
  const trusts = new TrustsService({ sql, organisations, audit });
  const iceServers = createIceServerIssuer(config);
  const staticTurnWarning = staticTurnCredentialWarning(config);
  if (staticTurnWarning) {
    logger.warn(staticTurnWarning);
  }
  const media = createMediaProvider(config, iceServers);
  const sessionsService = new SessionsService({
    sessions: new ReviewSessionsRepository(sql),
    reviews,
    media,
    mailer,
    events,
    audit,
    logger,
  });
  const workshopsRepository = new WorkshopsRepository(sql);
  const boardsRepository = new BoardsRepository(sql);
  const workshopRecord = new WorkshopRecordWriter({
    workshops: workshopsRepository,
    boards: boardsRepository,
    reviews: reviewsRepository,
    logger: logger.child({ component: 'workshop-record' }),
  });
  const workshops = new WorkshopsService({
    sql,
    workshops: workshopsRepository,
    record: workshopRecord,
    sessions: sessionsService,
    reviews: reviewsRepository,
    media,
    events,
    logger,
  });
  const versions = new VersionsService({ reviews, versions: new VersionsRepository(sql), audit });
  saveVersionAtEveryTransition({ events, versions, logger: logger.child({ component: 'versions' }) });
  const signOffs = new SignOffsService({
    sql,
    reviews,
    versions,
    signOffs: signOffsRepository,
    audit,
    logger,
  });
  const sharing = new SharingService({
    sql,
    reviews,
    sharing: new SharingRepository(sql),
    audit,
    events,
    directory,
    reviewRows: reviewsRepository,
    logger: logger.child({ component: 'sharing' }),
  });
  const comments = new CommentsService({
    sql,
    reviews,
    comments: new CommentsRepository(sql),
    audit,
    events,
    logger: logger.child({ component: 'comments' }),
  });
  const suggestions = new SuggestionsService({
    reviews,
    suggestions: suggestionsRepository,
    audit,
    events,
    logger: logger.child({ component: 'suggestions' }),
  });
  const reports = new ReportsService({
    reviews,
    reviewRows: reviewsRepository,
    versions: new VersionsRepository(sql),
    signOffs: new SignOffsRepository(sql),
    reports: new ReportsRepository(sql),
    shareableFindingIds: (reviewId) => sharing.shareableFindingIds(reviewId),
    fingerprintOf: (versionId) => versions.fingerprintOfVersion(versionId),
    impactRecords: (reviewId) => readReportImpact({ impact: impactRepository, actions: actionsRepository }, reviewId),
    audit,
    logger: logger.child({ component: 'reports' }),
  });
  const tickets = new Tickets(secrets.realtime);
  const collab = new CollabService({ reviews, auth, tickets, audit });
  const boards = new BoardsService({
    sql,
    boards: boardsRepository,
    sessions: sessionsService,
    auth,
    tickets,
  });
  const documentGrants = new DocumentGrants({
    tickets,
    isSignInLive: (signInId) => auth.isSignInLive(signInId),
    enquiry: collab,
    boards,
    refused: ({ userId, reviewId, request }) =>
      audit.record({
        actorUserId: userId,
        action: 'access.refused',
        reviewId,
        detail: { channel: 'live_document' },
        from: upgradeAddress(request, config.trustProxy),
      }),
  });
  const notifications = new NotificationsService({
    notifications: new NotificationsRepository(sql),
    mailer,
    events,
    logger: logger.child({ component: 'notifications' }),
    origin: () => origins.forRequest(''),
    organizer: config.mailFrom,
  });
  notifications.subscribe();
  const actions = new ActionsService({
    sql,
    actions: actionsRepository,
    reviews,
    audit,
    notifications,
    logger: logger.child({ component: 'actions' }),
  });
  const impact = new ImpactService({
    sql,
    impact: impactRepository,
    actions: actionsRepository,
    reviews,
    calendars: calendarsRepository,
    audit,
    notifications,
    logger: logger.child({ component: 'impact' }),
  });
  const retention = new RetentionService({
    sql,
    retention: new RetentionRepository(sql),
    audit,
    notifications,
    events,
    logger: logger.child({ component: 'retention' }),
  });
  events.subscribe('review.state_changed', async ({ reviewId, to }) => {
    if (to === 'action_plan_published') {
      await actions.announcePublished(reviewId);
    }
  });
  const carriedBack = new CarriedBackService({ reviews, repository: new CarriedBackRepository(sql) });
  const support = new SupportService({
    sql,
    support: supportRepository,
    actions: actionsRepository,
    reviews,
    directory,
    audit,
    notifications,
    logger: logger.child({ component: 'support' }),
  });
  const readinessChecks = new ReadinessChecksService({
    checks: new ReadinessChecksRepository(sql),
    reviews,
    mailer,
    events,
    logger: logger.child({ component: 'readiness-checks' }),
    rateLimiters,
    origin: () => origins.forRequest(''),
    // The servers a session's video would use, with the person's own time-limited TURN credential: the set-up
    // check tests exactly what the review day will.
    iceServers: (userId) => Promise.resolve(iceServers.iceServersFor(userId, new Date())),
    transport: media.kind,
    livekitUrl: config.livekit?.url ?? null,
  });
  readinessChecks.subscribe();
  const auditLog = new AuditLogRepository(sql);
  const reviewAudit = new ReviewAuditService({ reviews, log: auditLog, audit });
  const people = new PeopleService({
    sql,
    people: new PeopleRepository(sql),
    auditLog,
    users,
    audit,
    auth,
    events,
    logger: logger.child({ component: 'people' }),
  });
  const collabAuthors = new CollabAuthors(sql, logger.child({ component: 'collab-authors' }));
  const erasure = new ErasureService({
    sql,
    erasure: new ErasureRepository(sql),
    authors: collabAuthors,
    audit,
    auth,
    logger: logger.child({ component: 'erasure' }),
  });
  const subjectAccess = new SubjectAccessService({
    sql,
    users,
    audit,
    rateLimiters,
    authoredText: (userId) => erasure.authoredDocumentText(userId),
    logger: logger.child({ component: 'subject-access' }),
  });
  /** Flipped to false when the process starts shutting down (readiness probe). */
  const readiness: Readiness = { accepting: true };
  return {
    db,
    readiness,
    origins,
    rateLimiters,
    logger,
    /** A person's STUN/TURN servers, with TURN credentials made for them (the mesh answer, the readiness check). */
    iceServers,
    media,
    reviewSessions: sessionsService,
    workshops,
    workshopRecord,
    versions,
    signOffs,
    sharing,
    comments,
    suggestions,
    reports,
    collab,
    boards,
    documentGrants,
    events,
    users,
    signIns,
    audit,
    reviewAudit,
    outbox,
    directory,
    mailer,
    auth,
    account,
    passwordResets,
    singleSignOn,
    invitations,
    reviews,
    partnerships,
    evaluations,
    partnershipBoard,
    rota,
    notifications,
    actions,
    impact,
    retention,
    carriedBack,
    support,
    readinessChecks,
    calendars,
    localAuthorities,
    partnershipSetup,
    schools,
    trusts,
    people,
    subjectAccess,
    collabAuthors,
    erasure,
  };
}
