import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimitedError } from '../../http/errors.ts';
import type { RateLimiters } from '../../http/rate-limiters.ts';

const WINDOW_SECONDS = 15 * 60;

/**
 * Counts failed sign-ins per account and per IP address over a 15-minute window. Success clears the account's
 * count. Once either limit is reached, further attempts are refused until the window passes, whatever the password.
 */
export class LoginThrottle {
  readonly #perAccount: RateLimiterAbstract;
  readonly #perIp: RateLimiterAbstract;
  readonly #maxPerAccount: number;
  readonly #maxPerIp: number;

  constructor(limits: { perAccount: number; perIp: number }, limiters: RateLimiters) {
    this.#maxPerAccount = limits.perAccount;
    this.#maxPerIp = limits.perIp;
    this.#perAccount = limiters.create({
      keyPrefix: 'login-account',
      points: limits.perAccount,
      duration: WINDOW_SECONDS,
    });
    this.#perIp = limiters.create({ keyPrefix: 'login-ip', points: limits.perIp, duration: WINDOW_SECONDS });
  }

  /** Throws 429 when the account or the address has used up its failures. */
  async assertAllowed(email: string, ip: string): Promise<void> {
    const [account, address] = await Promise.all([this.#perAccount.get(email), this.#perIp.get(ip)]);
    const blocked = [
      account && account.consumedPoints >= this.#maxPerAccount ? account.msBeforeNext : 0,
      address && address.consumedPoints >= this.#maxPerIp ? address.msBeforeNext : 0,
    ];
    const waitMs = Math.max(...blocked);
    if (waitMs > 0) {
      throw RateLimitedError(
        waitMs / 1000,
        `Too many unsuccessful sign-in attempts. Please wait ${Math.ceil(waitMs / 60_000)} minute(s) and try again.`,
      );
    }
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    await Promise.all([this.#perAccount.penalty(email, 1), this.#perIp.penalty(ip, 1)]);
  }

  async recordSuccess(email: string): Promise<void> {
    await this.#perAccount.delete(email);
  }
}
