import { Limits } from '@crosswalk/shared';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimiterRes } from 'rate-limiter-flexible';
import type { Sql } from '../../db/client.ts';
import { ResetLinkInvalid, Throttled } from '../../errors/domain-errors.ts';
import type { RateLimiters } from '../../http/rate-limiters.ts';
import type { Logger } from '../../logger.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import type { AuthService } from './auth.service.ts';
import { passwordResetEmail } from './password-reset-email.ts';
import type { PasswordResetsRepository } from './password-resets.repository.ts';
import { hashPassword } from './passwords.ts';
import { hashToken, newToken } from './tokens.ts';

/** Requests from one address per window, before it is told to wait (whatever the addresses asked for). */
const REQUESTS_PER_IP = 10;
/** Emails to one address per window; more requests are answered alike but send nothing (no mail bombing). */
const EMAILS_PER_ACCOUNT = 3;
const WINDOW_SECONDS = 60 * 60;

export interface PasswordResetDeps {
  sql: Sql;
  users: UsersRepository;
  resets: PasswordResetsRepository;
  audit: AuditRepository;
  mailer: Mailer;
  auth: AuthService;
  logger: Logger;
  rateLimiters: RateLimiters;
}

/**
 * "Forgot your password?": a single-use link by email, valid for an hour. The request is answered before anything
 * about the address is looked up (the lookup and the email happen afterwards), so the answer and its timing are
 * the same whether or not an account has that address.
 */
export class PasswordResetService {
  readonly #deps: PasswordResetDeps;
  readonly #perIp: RateLimiterAbstract;
  readonly #perEmail: RateLimiterAbstract;
  readonly #pending = new Set<Promise<void>>();

  constructor(deps: PasswordResetDeps) {
    this.#deps = deps;
    this.#perIp = deps.rateLimiters.create({
      keyPrefix: 'reset-ip',
      points: REQUESTS_PER_IP,
      duration: WINDOW_SECONDS,
    });
    this.#perEmail = deps.rateLimiters.create({
      keyPrefix: 'reset-email',
      points: EMAILS_PER_ACCOUNT,
      duration: WINDOW_SECONDS,
    });
  }

  /** Takes the request; the email (if there is an account) is sent in the background. `origin` starts the link. */
  async request(email: string, ip: string, origin: string): Promise<void> {
    try {
      await this.#perIp.consume(ip);
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        throw new Throttled(
          error.msBeforeNext / 1000,
          'Too many requests for a new password from this network. Please wait a while and try again.',
        );
      }
      throw error;
    }
    const work = this.#send(email, origin)
      .catch((error: unknown) => {
        this.#deps.logger.error({ err: error }, 'could not send a password reset email');
      })
      .finally(() => {
        this.#pending.delete(work);
      });
    this.#pending.add(work);
  }

  /** Resolves once every email already asked for has been written (for shutdown, and tests). */
  async settled(): Promise<void> {
    await Promise.all([...this.#pending]);
  }

  async #send(email: string, origin: string): Promise<void> {
    const { users, resets, mailer, audit, logger } = this.#deps;
    try {
      await this.#perEmail.consume(email);
    } catch (error) {
      if (error instanceof RateLimiterRes) {
        logger.warn('password reset emails to one address limited; request ignored');
        return;
      }
      throw error;
    }
    const user = await users.findByEmail(email);
    if (!user || user.disabledAt) {
      return;
    }
    const token = newToken();
    const expiresAt = new Date(Date.now() + Limits.passwordResetValidMinutes * 60_000);
    await resets.replace({ tokenHash: hashToken(token), userId: user.id, expiresAt });
    await mailer.send(passwordResetEmail(user.email, user.displayName, `${origin}/reset-password?token=${token}`));
    await audit.record({ actorUserId: null, action: 'auth.password_reset_requested', subjectId: user.id });
    logger.info({ userId: user.id }, 'password reset link sent');
  }

  /** The account a link is for, so the page can greet the person (or say at once that the link is spent). */
  async lookup(token: string): Promise<{ email: string }> {
    const reset = await this.#deps.resets.findByTokenHash(hashToken(token));
    if (!reset || !isOpen(reset)) {
      throw new ResetLinkInvalid();
    }
    return { email: reset.email };
  }

  /**
   * Sets the new password and uses up the link, then ends every sign-in of the account (anyone who knew
   * the old password is signed out, realtime connections too). Returns the account's id to sign the person in.
   */
  async reset(token: string, password: string): Promise<string> {
    const { sql, resets, users, audit, auth, logger } = this.#deps;
    const passwordHash = await hashPassword(password);
    const userId = await sql.begin(async (tx) => {
      const reset = await resets.findByTokenHash(hashToken(token), tx, true);
      if (!reset || !isOpen(reset)) {
        throw new ResetLinkInvalid();
      }
      await users.setPassword(reset.userId, passwordHash, tx);
      await resets.markUsed(reset.id, reset.userId, tx);
      await audit.record({ actorUserId: reset.userId, action: 'auth.password_reset', subjectId: reset.userId }, tx);
      return reset.userId;
    });
    const ended = await auth.endSignInsOf(userId, 'password_changed');
    logger.info({ userId, ended }, 'password reset with an emailed link');
    return userId;
  }
}

function isOpen(reset: { usedAt: Date | null; expiresAt: Date }): boolean {
  return !reset.usedAt && reset.expiresAt.getTime() > Date.now();
}
