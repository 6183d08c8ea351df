import { ErrorId, type ApiErrorBody } from '@crosswalk/shared';
import type { ZodError } from 'zod';
import { Invalid, NotASchoolDay, RotaInfeasible, Throttled, type DomainError } from '../errors/domain-errors.ts';

/** An error whose status, id and message are safe to show to the client. */
export class HttpError extends Error {
  readonly status: number;
  readonly id: ErrorId;
  readonly fields: { path: string; message: string }[] | undefined;
  readonly headers: Record<string, string>;
  readonly reason: string | undefined;
  readonly problems: { rule: string; schoolId: string; message: string }[] | undefined;

  constructor(
    status: number,
    id: ErrorId,
    message: string,
    options: {
      fields?: { path: string; message: string }[];
      headers?: Record<string, string>;
      reason?: string;
      problems?: { rule: string; schoolId: string; message: string }[];
    } = {},
  ) {
    super(message);
    this.status = status;
    this.id = id;
    this.fields = options.fields;
    this.headers = options.headers ?? {};
    this.reason = options.reason;
    this.problems = options.problems;
  }

  toBody(): ApiErrorBody {
    return {
      error: {
        id: this.id,
        ...(this.reason ? { reason: this.reason } : {}),
        message: this.message,
        ...(this.fields ? { fields: this.fields } : {}),
        ...(this.problems ? { problems: this.problems } : {}),
      },
    };
  }
}

export const ValidationError = (message: string, fields?: { path: string; message: string }[]) =>
  new HttpError(400, ErrorId.validation, message, fields ? { fields } : {});

export const MalformedJsonError = () =>
  new HttpError(400, ErrorId.malformedJson, 'The request body is not valid JSON.');

export const PayloadTooLargeError = (limit: number) =>
  new HttpError(413, ErrorId.payloadTooLarge, `The request body is larger than ${Math.round(limit / 1024)} KB.`);

export const UnsupportedMediaTypeError = () =>
  new HttpError(415, ErrorId.unsupportedMediaType, 'Send the request body as JSON (Content-Type: application/json).');

export const UnauthenticatedError = () => new HttpError(401, ErrorId.unauthenticated, 'Please sign in to continue.');

export const InvalidCredentialsError = () =>
  new HttpError(401, ErrorId.invalidCredentials, 'The email address or password is not right. Please try again.');

export const ForbiddenError = (message = 'You do not have permission to do that.') =>
  new HttpError(403, ErrorId.forbidden, message);

export const CsrfError = () =>
  new HttpError(403, ErrorId.csrf, 'This request did not come from Crosswalk itself, so it was refused.');

export const NotFoundError = (what = 'page') =>
  new HttpError(404, ErrorId.notFound, `That ${what} could not be found.`);

export const ConflictError = (message: string) => new HttpError(409, ErrorId.conflict, message);

export const RateLimitedError = (retryAfterSeconds: number, message?: string) =>
  new HttpError(
    429,
    ErrorId.rateLimited,
    message ?? `Too many attempts. Please wait ${Math.ceil(retryAfterSeconds / 60)} minute(s) and try again.`,
    { headers: { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) } },
  );

/** Turns a zod failure into a 400 that names each field. */
export function fromZodError(error: ZodError, where: 'body' | 'query' | 'params' = 'body'): HttpError {
  const fields = error.issues.map((issue) => {
    let path = issue.path.map(String).join('.');
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      path = [path, ...issue.keys].filter(Boolean).join('.');
      message = `Unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`;
    }
    return { path: path || where, message };
  });
  const summary = fields.map((field) => `${field.path}: ${field.message}`).join('; ');
  return ValidationError(summary, fields);
}

/** The one mapping from what a service refused to the HTTP answer: status, error id and the service's own words. */
export function fromDomainError(error: DomainError): HttpError {
  switch (error.kind) {
    case 'not_found':
      return new HttpError(404, ErrorId.notFound, error.message);
    case 'refused':
      return new HttpError(403, ErrorId.forbidden, error.message);
    case 'conflict':
      return new HttpError(409, ErrorId.conflict, error.message);
    case 'invalid':
      return ValidationError(error.message, error instanceof Invalid ? error.fields : undefined);
    case 'invitation_invalid':
      return new HttpError(404, ErrorId.invitationInvalid, error.message);
    case 'reset_link_invalid':
      return new HttpError(404, ErrorId.resetLinkInvalid, error.message);
    case 'check_link_invalid':
      return new HttpError(404, ErrorId.checkLinkInvalid, error.message);
    case 'bad_credentials':
      return new HttpError(401, ErrorId.invalidCredentials, error.message);
    case 'throttled':
      return RateLimitedError(error instanceof Throttled ? error.retryAfterSeconds : 60, error.message);
    case 'unavailable':
      return new HttpError(503, ErrorId.internal, error.message);
    case 'not_a_school_day':
      return new HttpError(422, ErrorId.notASchoolDay, error.message, {
        reason: error instanceof NotASchoolDay ? error.reason : undefined,
      });
    case 'rota_infeasible': {
      const problems = error instanceof RotaInfeasible ? error.problems : [];
      return new HttpError(422, ErrorId.rotaInfeasible, error.message, {
        ...(problems[0] ? { reason: problems[0].rule } : {}),
        problems,
        // The same, as fields, so forms list each problem without knowing this error.
        fields: problems.map((p) => ({ path: `schools.${p.schoolId}`, message: p.message })),
      });
    }
  }
}
