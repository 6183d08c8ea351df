import { randomUUID } from 'node:crypto';
import { ErrorId, Limits, type ApiErrorBody } from '@crosswalk/shared';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../../logger.ts';
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

/**
 * The one place errors become responses: HTTP errors keep their status and id, services' domain errors are mapped
 * by `fromDomainError`, anything else is a 500.
 */
export function errorHandler(logger: Logger) {
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
