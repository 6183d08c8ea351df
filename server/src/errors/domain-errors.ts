import type { NonSchoolDayReason, Refusal, RotaProblem } from '@crosswalk/shared';

/**
 * What services throw when they will not do something. Each says what went wrong in the domain's terms, never how
 * a transport answers it: the HTTP error handler and the socket acknowledgements each map them in one place.
 * Messages are plain words safe to show to the person.
 */
export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
}

export type DomainErrorKind =
  | 'not_found'
  | 'refused'
  | 'conflict'
  | 'invalid'
  | 'invitation_invalid'
  | 'reset_link_invalid'
  | 'check_link_invalid'
  | 'bad_credentials'
  | 'throttled'
  | 'unavailable'
  | 'not_a_school_day'
  | 'rota_infeasible';

/** The thing does not exist, or this person may not know that it does. */
export class NotFound extends DomainError {
  readonly kind = 'not_found';
  constructor(what = 'page') {
    super(`That ${what} could not be found.`);
  }
}

/** The person's role does not allow it. */
export class Refused extends DomainError {
  readonly kind = 'refused';
  constructor(reason = 'You do not have permission to do that.') {
    super(reason);
  }
}

/** Allowed in principle, but not in the state things are in now (or it clashes with what is already there). */
export class Conflict extends DomainError {
  readonly kind = 'conflict';
}

/** The request names something that does not fit (e.g. a school outside the cluster), field by field. */
export class Invalid extends DomainError {
  readonly kind = 'invalid';
  readonly fields: { path: string; message: string }[] | undefined;
  constructor(message: string, fields?: { path: string; message: string }[]) {
    super(message);
    this.fields = fields;
  }
}

/** An invitation link that has expired or has already been used. */
export class InvitationInvalid extends DomainError {
  readonly kind = 'invitation_invalid';
  constructor() {
    super(
      'This invitation link has expired or has already been used. Ask the person who invited you to send a new one.',
    );
  }
}

/** A link to choose a new password that has expired or has already been used. */
export class ResetLinkInvalid extends DomainError {
  readonly kind = 'reset_link_invalid';
  constructor() {
    super(
      'This link to choose a new password has expired or has already been used. Ask for a new one from the sign-in page.',
    );
  }
}

/** A set-up check link that has expired, or whose review or person it no longer opens the check for. */
export class CheckLinkInvalid extends DomainError {
  readonly kind = 'check_link_invalid';
  constructor() {
    super(
      'This set-up check link has expired or no longer works. Sign in to Crosswalk and open the check from the review, or ask the lead reviewer for a new link.',
    );
  }
}

/** Sign-in with an email address and password that do not match an account. */
export class BadCredentials extends DomainError {
  readonly kind = 'bad_credentials';
  constructor() {
    super('The email address or password is not right. Please try again.');
  }
}

/** Too many attempts: try again after `retryAfterSeconds`. */
export class Throttled extends DomainError {
  readonly kind = 'throttled';
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number, message: string) {
    super(message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** A part of the server this needs (e.g. live documents) is not running right now; not the person's doing. */
export class Unavailable extends DomainError {
  readonly kind = 'unavailable';
}

/** A session placed on a day the host school is not open; the person may confirm it and schedule it anyway. */
export class NotASchoolDay extends DomainError {
  readonly kind = 'not_a_school_day';
  readonly reason: NonSchoolDayReason;
  readonly day: string;
  constructor(day: string, reason: NonSchoolDayReason, message: string) {
    super(message);
    this.day = day;
    this.reason = reason;
  }
}

/** No rota keeps every rule: each problem names the rule and the school it fails for. */
export class RotaInfeasible extends DomainError {
  readonly kind = 'rota_infeasible';
  readonly problems: RotaProblem[];
  constructor(problems: RotaProblem[]) {
    super(
      problems.length > 0
        ? `No rota can keep every rule. ${problems.map((p) => p.message).join(' ')}`
        : 'No rota can keep every rule.',
    );
    this.problems = problems;
  }
}

/** The error for a rule's refusal (from `shared/src/permissions`): refused by role, or a conflict with the state. */
export function refusalOf(refusal: Refusal): Refused | Conflict {
  return refusal.kind === 'refused' ? new Refused(refusal.reason) : new Conflict(refusal.reason);
}
