import { randomUUID } from 'node:crypto';
import { ErrorId, Limits, type ApiErrorBody } from '@crosswalk/shared';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../../logger.ts';
import type { AuditRepository } from '../../modules/audit/audit.repository.ts';
import type { AuthContext } from '../../modules/auth/auth.service.ts';
import { DomainError } from '../../errors/domain-errors.ts';
import { fromDomainError, HttpError, MalformedJsonError, PayloadTooLargeError } from '../errors.ts';

/** Errors raised by Express's body parser carry a `type`. */
function bodyParserError(error: unknown): HttpError | undefined {
  if (typeof error !== 'object' || error === null) {
    return undefined;
  }
  if (!('type' in error)) {
    return clientErrorFrom(error);
  }
  switch (error.type) {
    case 'entity.parse.failed':
      return MalformedJsonError();
    case 'entity.too.large':
      return PayloadTooLargeError(Limits.jsonBodyBytes);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpError(415, ErrorId.unsupportedMediaType, 'Send the request body as UTF-8 JSON.');
    case 'request.aborted':
      return new HttpError(400, ErrorId.validation, 'The request was cut off before it finished.');
    default:
      return clientErrorFrom(error);
  }
}

/** Any other error a library marked as the client's fault (4xx, `expose`), e.g. a body that fails to decompress. */
function clientErrorFrom(error: object): HttpError | undefined {
  const status = 'status' in error && typeof error.status === 'number' ? error.status : undefined;
  const expose = 'expose' in error && error.expose === true;
  if (status === undefined || status < 400 || status > 499 || !expose) {
    return undefined;
  }
  if (status === 415) {
    return new HttpError(415, ErrorId.unsupportedMediaType, 'The request body is in a format Crosswalk does not read.');
  }
  return new HttpError(status, ErrorId.validation, 'The request body could not be read.');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The route a request matched, as written (`/api/reviews/:id/report`; null before any route matched), and the
 * review it names when it is under `/reviews/:id`. Express forgets the routers' mount paths by the time an error
 * arrives, so the path's leading segments stand in for them.
 */
export function matchedRoute(req: Pick<Request, 'originalUrl' | 'route'>): {
  route: string | null;
  reviewId: string | null;
} {
  const path = req.originalUrl.split('?')[0] ?? '';
  const written = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof written !== 'string') {
    // Refused before any route matched: the raw path is not recorded, as it could carry anything.
    return { route: null, reviewId: null };
  }
  const segments = path.split('/');
  const own = written.split('/').length - 1;
  const route = `${segments.slice(0, Math.max(1, segments.length - own)).join('/')}${written}`;
  const parts = route.split('/');
  const at = parts.indexOf('reviews');
  const reviewId = at >= 0 && parts[at + 1] === ':id' ? (segments[at + 1] ?? '') : '';
  return { route, reviewId: UUID.test(reviewId) ? reviewId.toLowerCase() : null };
}

/**
 * The one place errors become responses: HTTP errors keep their status and id, services' domain errors are mapped
 * by `fromDomainError`, anything else is a 500. Every refusal a service decided (a 403, or the 404 that hides what
 * the person may not see) is written to the audit log as `access.refused` before the answer goes; a request
 * refused for want of a sign-in (401) is not.
 */
export function errorHandler(logger: Logger, options: { audit?: AuditRepository } = {}) {
  const respond = answer(logger);
  return async (error: unknown, req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (options.audit && error instanceof DomainError && (error.kind === 'refused' || error.kind === 'not_found')) {
      const { route, reviewId } = matchedRoute(req);
      const status = error.kind === 'refused' ? 403 : 404;
      const actor = (res.locals.auth as AuthContext | undefined)?.user.id ?? null;
      // Written before the answer, so whoever reads the log after a refusal finds it there.
      await options.audit
        .record({
          actorUserId: actor,
          action: 'access.refused',
          reviewId,
          detail: { method: req.method, route, status },
        })
        .catch((failure: unknown) => {
          logger.warn({ err: failure, route }, 'could not record a refusal in the audit log');
        });
    }
    respond(error, req, res, next);
  };
}

/** Turns an error into the response: its status, id and words, or a 500 with a reference. */
function answer(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const known =
      error instanceof HttpError
        ? error
        : error instanceof DomainError
          ? fromDomainError(error)
          : bodyParserError(error);
    if (res.headersSent) {
      res.end();
      return;
    }
    if (known) {
      for (const [name, value] of Object.entries(known.headers)) {
        res.setHeader(name, value);
      }
      res.status(known.status).json(known.toBody());
      return;
    }
    const correlationId = randomUUID();
    logger.error({ err: error, correlationId, method: req.method, path: req.path }, 'unhandled error');
    const body: ApiErrorBody = {
      error: {
        id: ErrorId.internal,
        message: `Something went wrong on our side. If it keeps happening, quote reference ${correlationId}.`,
        correlationId,
      },
    };
    res.status(500).json(body);
  };
}
