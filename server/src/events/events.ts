import { z } from 'zod';

/** An identifier carried by an event (a UUID or a hash); never document content. */
const Id = z.string().min(1).max(200);

/** Why a sign-in ended. */
export const SignInEndReason = z.enum([
  'signed_out',
  'expired',
  'password_changed',
  'account_removed',
  'account_disabled',
]);
export type SignInEndReason = z.infer<typeof SignInEndReason>;

/**
 * Where an event is delivered:
 * - `local`: to the handlers of the process that published it, only (what that process does with it, e.g.
 *   announcing a wider event, happens once per deployment);
 * - `everywhere`: to the handlers of every process of the deployment, this one included, once each (over Redis
 *   with `REDIS_URL`): for decisions taken by the process that handled a request that concern sockets any
 *   process may hold. A handler that must act once per deployment (a write, a call to another service)
 *   subscribes with `{ from: 'this-process' }`.
 */
export type EventScope = 'local' | 'everywhere';

/**
 * Every domain event, named `noun.verb` in the past tense: its scope and its payload. Payloads of `everywhere`
 * events are validated with these schemas when they arrive from another process.
 */
export const Events = {
  'review.state_changed': {
    scope: 'local',
    payload: z.strictObject({
      reviewId: Id,
      from: z.string().max(100),
      to: z.string().max(100),
      /** Who made the change (null: Crosswalk itself), so they are not told of their own action. */
      actorUserId: Id.nullable().optional(),
    }),
  },
  'review.member_added': {
    scope: 'local',
    payload: z.strictObject({
      reviewId: Id,
      userId: Id,
      role: z.string().max(100),
      actorUserId: Id.nullable().optional(),
    }),
  },
  /** A session was added to a review's timetable. */
  'review.session_scheduled': {
    scope: 'local',
    payload: z.strictObject({ reviewId: Id, sessionId: Id }),
  },
  /** A session moved to another time (its iCalendar sequence went up by one). */
  'review.session_moved': {
    scope: 'local',
    payload: z.strictObject({ reviewId: Id, sessionId: Id }),
  },
  /** A session was called off and removed: the payload keeps what its cancellation notice needs. */
  'review.session_cancelled': {
    scope: 'local',
    payload: z.strictObject({
      reviewId: Id,
      sessionId: Id,
      kind: z.string().max(100),
      title: z.string().max(200),
      startsAt: z.date(),
      endsAt: z.date(),
      sequence: z.number().int(),
    }),
  },
  /** The safeguarding button was pressed: when, and whether it was about the headteacher; never any detail. */
  'review.safeguarding_concern_raised': {
    scope: 'local',
    payload: z.strictObject({ reviewId: Id, sessionId: Id, raisedAt: z.date(), aboutHeadteacher: z.boolean() }),
  },
  /** Publishing the year's rota created this review with its team and review days: everyone on it is told. */
  'rota.review_published': {
    scope: 'local',
    payload: z.strictObject({ reviewId: Id, actorUserId: Id.nullable() }),
  },
  /** Someone left a review's team: each process ends their video sessions and workshop following. */
  'review.member_removed': {
    scope: 'everywhere',
    /** `role`: the one they held, so what it invited them to can be called off. */
    payload: z.strictObject({ reviewId: Id, userId: Id, role: z.string().max(100).optional() }),
  },
  /** Who may do what in a review may have changed (membership, lifecycle): each process re-decides its sockets. */
  'review.access_changed': {
    scope: 'everywhere',
    payload: z.strictObject({ reviewId: Id }),
  },
  /**
   * A review's content is being deleted (retention): every process drops the review's live documents from memory
   * without writing them back, before its rows are deleted.
   */
  'review.content_deleting': {
    scope: 'everywhere',
    payload: z.strictObject({ reviewId: Id }),
  },
  /** A comment thread of a review was started, answered, resolved or reopened: open document pages fetch again. */
  'review.comments_changed': {
    scope: 'everywhere',
    payload: z.strictObject({ reviewId: Id }),
  },
  /** A correction of fact was proposed or decided: open pages of the review fetch the list again. */
  'review.suggestions_changed': {
    scope: 'everywhere',
    payload: z.strictObject({ reviewId: Id }),
  },
  /**
   * A session's activities changed (one added, ended early, or moved with the session): what the current activity
   * allows may have changed, so each process tells its connections in that room (audio-only or video again).
   */
  'session.activities_changed': {
    scope: 'everywhere',
    payload: z.strictObject({ sessionId: Id, reviewId: Id }),
  },
  /** Any change to a workshop's state (stage, timer, lock, focus, breakouts); boards re-decide access on it. */
  'workshop.changed': {
    scope: 'everywhere',
    payload: z.strictObject({ sessionId: Id, reviewId: Id }),
  },
  /**
   * A sign-in ended (its id: a hash of the cookie, never the cookie): every realtime connection it opened is
   * ended on every process, and its tickets open nothing more.
   */
  'auth.sign_in_ended': {
    scope: 'everywhere',
    payload: z.strictObject({ signInId: Id, reason: SignInEndReason }),
  },
} as const satisfies Record<string, { scope: EventScope; payload: z.ZodType }>;

export type EventName = keyof typeof Events;

/** The payload of one event. */
export type EventPayload<K extends EventName> = z.infer<(typeof Events)[K]['payload']>;

/** The events that go to every process. */
export type EverywhereEventName = {
  [K in EventName]: (typeof Events)[K]['scope'] extends 'everywhere' ? K : never;
}[EventName];

const Origin = z.string().min(1).max(64);

function envelopeOf<K extends EverywhereEventName>(name: K) {
  return z.strictObject({ name: z.literal(name), payload: Events[name].payload, origin: Origin.optional() });
}

/**
 * How an `everywhere` event travels between processes: its name, its payload and the process that published it
 * (which has delivered its own copy already). Validated once, on arrival.
 */
export const Envelope = z.discriminatedUnion('name', [
  envelopeOf('review.member_removed'),
  envelopeOf('review.access_changed'),
  envelopeOf('review.content_deleting'),
  envelopeOf('review.comments_changed'),
  envelopeOf('workshop.changed'),
  envelopeOf('session.activities_changed'),
  envelopeOf('review.suggestions_changed'),
  envelopeOf('auth.sign_in_ended'),
]);
export type Envelope = z.infer<typeof Envelope>;

type WithoutEnvelope = Exclude<EverywhereEventName, Envelope['name']>;
/** `true`, or a compile error naming the `everywhere` events missing from the envelope above. */
export const everyEventHasAnEnvelope: [WithoutEnvelope] extends [never] ? true : WithoutEnvelope = true;
