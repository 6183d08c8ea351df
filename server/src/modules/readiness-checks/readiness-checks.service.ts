import { randomBytes } from 'node:crypto';
import {
  canSeeReadinessChecks,
  decideReadinessCheckLinks,
  londonDateTime,
  londonDay,
  readinessCheckInvitees,
  readinessVerdict,
  type Actor,
  type CheckContext,
  type CheckResults,
  type IceServerConfig,
  type ReadinessCheckSummary,
} from '@crosswalk/shared';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { CheckLinkInvalid, Conflict, NotFound, Refused, Throttled } from '../../errors/domain-errors.ts';
import type { EventBus } from '../../events/bus.ts';
import type { RateLimiters } from '../../http/rate-limiters.ts';
import type { Logger } from '../../logger.ts';
import { hashToken, newToken } from '../auth/tokens.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { ReviewsService } from '../reviews/reviews.service.ts';
import { checkEmail } from './check-email.ts';
import type { CheckLinkRow, CheckReviewFacts, ReadinessChecksRepository } from './readiness-checks.repository.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
/** An emailed link works until the end of the review's last session day, or this long when none is planned. */
export const CHECK_LINK_DAYS = 14;
/** The link a signed-in person's check runs with: enough for a check, and it opens nothing else. */
const SIGNED_IN_LINK_MS = 2 * 60 * 60 * 1000;
/** What the browser downloads to time the connection (a few hundred KB: a second or two on a slow line). */
export const CHECK_DOWNLOAD_BYTES = 384 * 1024;
/** The most the browser may upload to time the connection. */
export const CHECK_UPLOAD_MAX_BYTES = 512 * 1024;
/** Results and transfers per link per hour: a person reruns the check a few times, not hundreds. */
const USES_PER_LINK = 30;

export interface ReadinessChecksDeps {
  checks: ReadinessChecksRepository;
  reviews: Pick<ReviewsService, 'view'>;
  mailer: Mailer;
  events: EventBus;
  logger: Logger;
  rateLimiters: RateLimiters;
  /** The origin links in emails point at (PUBLIC_URL, else this server's address). */
  origin: () => string;
  /** The STUN and TURN servers a person's browser is given (the same as for a session's video). */
  iceServers: (userId: string) => Promise<IceServerConfig[]>;
  transport: 'mesh' | 'livekit';
  livekitUrl: string | null;
  now?: () => Date;
}

/**
 * The set-up check before a review (docs/deployment.md): links that open the check for one person and one review,
 * the results each browser reports, and the summary the lead reviewer and the host school read.
 */
export class ReadinessChecksService {
  readonly #deps: ReadinessChecksDeps;
  readonly #perLink: RateLimiterAbstract;
  #now: () => Date;

  constructor(deps: ReadinessChecksDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? (() => new Date());
    this.#perLink = deps.rateLimiters.create({ keyPrefix: 'check-link', points: USES_PER_LINK, duration: 3600 });
  }

  /** Sets the clock links expire by (tests never depend on the wall clock). */
  useClock(now: () => Date): void {
    this.#now = now;
  }

  /** Emails everyone invited their link when a review becomes planned; returns a function that stops it. */
  subscribe(): () => void {
    return this.#deps.events.subscribe(
      'review.state_changed',
      async (e) => {
        if (e.to === 'planned') {
          await this.#sendLinks(e.reviewId);
        }
      },
      { from: 'this-process' },
    );
  }

  /** The lead reviewer or the host school sends everyone invited their link again (e.g. after the timetable changed). */
  async sendLinks(reviewId: string, actor: Actor): Promise<{ sent: number }> {
    const view = await this.#deps.reviews.view(reviewId, actor);
    const decision = decideReadinessCheckLinks(view.roles, view.row.state);
    if (!decision.ok) {
      throw decision.kind === 'refused' ? new Refused(decision.reason) : new Conflict(decision.reason);
    }
    return { sent: await this.#sendLinks(reviewId) };
  }

  async #sendLinks(reviewId: string): Promise<number> {
    const { checks, mailer, logger } = this.#deps;
    const review = await checks.review(reviewId);
    if (!review) {
      return 0;
    }
    const invitees = await this.#invitees(review);
    const expiresAt = this.#emailedLinkExpiry(review);
    for (const person of invitees) {
      const token = await this.#issue(review.id, person.userId, expiresAt);
      await mailer.send(
        checkEmail({
          to: person.email,
          displayName: person.displayName,
          hostSchoolName: review.hostSchoolName,
          firstDay: firstDayOf(review),
          link: `${this.#deps.origin()}/check/${token}`,
          expiresOn: londonDay(new Date(expiresAt.getTime() - 1)),
        }),
      );
    }
    logger.info({ reviewId, sent: invitees.length }, 'set-up check links sent');
    return invitees.length;
  }

  /** What the check page opened from an emailed link needs. */
  async open(token: string): Promise<CheckContext> {
    const link = await this.#link(token);
    return this.#context(link.reviewId, link.userId, link.displayName, link.expiresAt);
  }

  /** The check for a signed-in person invited to the review, with a short-lived link of its own. */
  async openSignedIn(reviewId: string, actor: Actor & { displayName: string }): Promise<CheckContext> {
    await this.#deps.reviews.view(reviewId, actor);
    const review = await this.#deps.checks.review(reviewId);
    if (!review || !(await this.#invitees(review)).some((p) => p.userId === actor.userId)) {
      throw new Refused('The set-up check is for the people invited to this review’s sessions.');
    }
    const expiresAt = new Date(this.#now().getTime() + SIGNED_IN_LINK_MS);
    const token = await this.#issue(reviewId, actor.userId, expiresAt);
    return { ...(await this.#context(reviewId, actor.userId, actor.displayName, expiresAt)), token };
  }

  /** Stores what the browser found (the verdict is worked out here, not taken from the browser). */
  async record(input: CheckResults): Promise<{ verdict: string; checkedAt: string }> {
    const link = await this.#link(input.token);
    await this.#use(input.token);
    const checkedAt = this.#now();
    const verdict = readinessVerdict(
      Object.fromEntries(Object.entries(input.checks).map(([name, outcome]) => [name, outcome.status])),
    );
    await this.#deps.checks.saveResult(link.reviewId, {
      userId: link.userId,
      checkedAt,
      verdict,
      checks: input.checks,
      downloadKbps: input.downloadKbps,
      uploadKbps: input.uploadKbps,
    });
    this.#deps.logger.info({ reviewId: link.reviewId, userId: link.userId, verdict }, 'set-up check recorded');
    return { verdict, checkedAt: checkedAt.toISOString() };
  }

  /** Checks a link before the browser times a download or an upload with it. */
  async transfer(token: string): Promise<void> {
    await this.#link(token);
    await this.#use(token);
  }

  /** Random bytes (nothing a proxy could compress or cache) for the browser to time. */
  downloadBytes(): Buffer {
    return randomBytes(CHECK_DOWNLOAD_BYTES);
  }

  /** Who has checked, when and how it went, and who has not yet: for the lead reviewer and the host school. */
  async summary(reviewId: string, actor: Actor): Promise<ReadinessCheckSummary> {
    const view = await this.#deps.reviews.view(reviewId, actor);
    if (!canSeeReadinessChecks(view.roles)) {
      throw new Refused('Only the lead reviewer and the host school see the set-up checks.');
    }
    const review = await this.#deps.checks.review(reviewId);
    if (!review) {
      throw new NotFound('review');
    }
    const [invitees, results] = await Promise.all([this.#invitees(review), this.#deps.checks.results(reviewId)]);
    const byUser = new Map(results.map((r) => [r.userId, r]));
    return {
      canSend: decideReadinessCheckLinks(view.roles, view.row.state).ok,
      people: invitees.map((person) => {
        const result = byUser.get(person.userId);
        return {
          userId: person.userId,
          displayName: person.displayName,
          roles: person.roles,
          checkedAt: result?.checkedAt.toISOString() ?? null,
          verdict: result?.verdict ?? null,
          checks: Object.fromEntries(Object.entries(result?.checks ?? {}).map(([name, o]) => [name, o.status])),
          downloadKbps: result?.downloadKbps ?? null,
          uploadKbps: result?.uploadKbps ?? null,
        };
      }),
    };
  }

  async #context(reviewId: string, userId: string, displayName: string, expiresAt: Date): Promise<CheckContext> {
    const review = await this.#deps.checks.review(reviewId);
    if (!review) {
      throw new CheckLinkInvalid();
    }
    const last = (await this.#deps.checks.results(reviewId)).find((r) => r.userId === userId);
    return {
      reviewId,
      hostSchoolName: review.hostSchoolName,
      firstDay: firstDayOf(review),
      displayName,
      expiresAt: expiresAt.toISOString(),
      transport: this.#deps.transport,
      iceServers: await this.#deps.iceServers(userId),
      network: { origin: this.#deps.origin(), livekitUrl: this.#deps.livekitUrl },
      last: last ? { checkedAt: last.checkedAt.toISOString(), verdict: last.verdict } : null,
    };
  }

  /**
   * The link a secret names, if it still opens a check: not expired, the review not closed or cancelled, and the
   * person still invited to one of its sessions (someone taken off the team loses the check with the rest).
   */
  async #link(token: string): Promise<CheckLinkRow> {
    const { checks } = this.#deps;
    const link = await checks.findLink(hashToken(token));
    if (!link || link.expiresAt.getTime() <= this.#now().getTime()) {
      throw new CheckLinkInvalid();
    }
    const review = await checks.review(link.reviewId);
    if (!review || review.state === 'closed' || review.state === 'cancelled') {
      throw new CheckLinkInvalid();
    }
    if (!(await this.#invitees(review)).some((p) => p.userId === link.userId)) {
      throw new CheckLinkInvalid();
    }
    return link;
  }

  async #use(token: string): Promise<void> {
    try {
      await this.#perLink.consume(hashToken(token));
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        throw new Throttled(
          error.msBeforeNext / 1000,
          'The check has been run many times in the last hour. Please wait a while.',
        );
      }
      throw error;
    }
  }

  async #invitees(review: CheckReviewFacts) {
    const people = await this.#deps.checks.people(review.id);
    const invited = new Set(
      readinessCheckInvitees(
        review.sessions.map((s) => s.kind),
        people,
      ),
    );
    return people.filter((p) => invited.has(p.userId));
  }

  async #issue(reviewId: string, userId: string, expiresAt: Date): Promise<string> {
    const token = newToken();
    await this.#deps.checks.createLink({ tokenHash: hashToken(token), reviewId, userId, expiresAt, now: this.#now() });
    return token;
  }

  /** The end of the review's last session day (London), or CHECK_LINK_DAYS from now when that has passed. */
  #emailedLinkExpiry(review: CheckReviewFacts): Date {
    const now = this.#now();
    const last = review.sessions.at(-1);
    const endOfLastDay = last ? londonDateTime(londonDay(last.endsAt, 1), '00:00') : undefined;
    return endOfLastDay && endOfLastDay > now ? endOfLastDay : new Date(now.getTime() + CHECK_LINK_DAYS * DAY_MS);
  }
}

function firstDayOf(review: CheckReviewFacts): string | null {
  const first = review.sessions[0];
  return first ? londonDay(first.startsAt) : null;
}
