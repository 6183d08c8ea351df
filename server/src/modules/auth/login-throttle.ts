import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { Throttled } from '../../errors/domain-errors.ts';
import type { RateLimiters } from '../../http/rate-limiters.ts';

/** Every sign-in limit counts over this window. */
export const LOGIN_WINDOW_SECONDS = 15 * 60;
/** How long one address's attempt holds the account+address gate while its password is checked. */
const IN_FLIGHT_SECONDS = 60;

export interface LoginLimits {
  /** Failed sign-ins allowed per account from one address per window (the hard ceiling of that pair). */
  perAccountAndIp: number;
  /** Failed sign-ins allowed per address, whatever the account, per window. */
  perIp: number;
  /**
   * Failed or refused sign-ins on one account from all addresses per window before the account counts as under
   * attack: the owner is told by email (once per window), and every address then waits from its first failure.
   * It never refuses an address that has not failed itself.
   */
  perAccount: number;
  /** Failures per account+address without delay; after those, the wait doubles with each failure (1 s, 2 s, 4 s…). */
  freeFailures: number;
}

/** A sign-in attempt that was let through to the password check; say how it went. */
export interface LoginAttempt {
  /** The password was right: the address's record for this account is cleared. */
  succeeded(): Promise<void>;
  /** The password was wrong (or the account unknown): the failure stays counted and the next wait begins. */
  failed(): Promise<void>;
  /** The check did not happen (an error before it): the allowance is given back. */
  abandoned(): Promise<void>;
}

interface Taken {
  consumed: number;
  msBeforeNext: number;
}

/**
 * Sign-in limits that hold under concurrency and that a stranger cannot use to lock the owner out.
 *
 * Every attempt takes its allowance atomically (rate-limiter-flexible: an INCR in Redis when REDIS_URL is set,
 * otherwise in this process's memory) BEFORE the password is checked, so N attempts sent at once are numbered
 * 1..N and only those within the limits reach the check. Limits are per account+address (with a growing wait
 * after a few failures, and a ceiling) and per address. Across addresses, an account only counts attempts: past
 * `perAccount` in a window every address waits from its first failure, and the owner gets one email; an address
 * that has not failed on the account is never refused because others did.
 */
export class LoginThrottle {
  readonly #limits: LoginLimits;
  readonly #pair: RateLimiterAbstract;
  readonly #gate: RateLimiterAbstract;
  readonly #ip: RateLimiterAbstract;
  readonly #account: RateLimiterAbstract;
  readonly #notice: RateLimiterAbstract;

  constructor(limits: LoginLimits, limiters: RateLimiters) {
    this.#limits = limits;
    const window = LOGIN_WINDOW_SECONDS;
    this.#pair = limiters.create({ keyPrefix: 'login-pair', points: limits.perAccountAndIp, duration: window });
    // One attempt at a time once the free failures are used; `block` sets the wait after each failure.
    this.#gate = limiters.create({ keyPrefix: 'login-gate', points: 1, duration: IN_FLIGHT_SECONDS });
    this.#ip = limiters.create({ keyPrefix: 'login-ip', points: limits.perIp, duration: window });
    this.#account = limiters.create({ keyPrefix: 'login-account', points: limits.perAccount, duration: window });
    this.#notice = limiters.create({ keyPrefix: 'login-notice', points: 1, duration: window });
  }

  /**
   * Takes this attempt's allowance, or throws 429 (with Retry-After) without the password being checked.
   * The answer depends only on the email as typed and the address, never on whether the account exists.
   * `warnOwner` is called (and not awaited) by the one attempt per window that finds the account under attack.
   */
  async begin(email: string, ip: string, warnOwner: (email: string) => void): Promise<LoginAttempt> {
    const pairKey = `${ip} ${email}`;
    const [pair, address, account] = await Promise.all([
      take(this.#pair, pairKey),
      take(this.#ip, ip),
      take(this.#account, email),
    ]);
    const underAttack = account.consumed > this.#limits.perAccount;
    if (underAttack && (await take(this.#notice, email)).consumed === 1) {
      warnOwner(email);
    }
    const giveBack = () => Promise.all([this.#pair.reward(pairKey, 1), this.#ip.reward(ip, 1)]);

    const overCeiling = [
      pair.consumed > this.#limits.perAccountAndIp ? pair.msBeforeNext : 0,
      address.consumed > this.#limits.perIp ? address.msBeforeNext : 0,
    ];
    // Under attack, every address waits from its first failure.
    const free = underAttack ? 1 : this.#limits.freeFailures;
    // `pair.consumed - 1` failures (or attempts in flight) came before this one.
    const gated = pair.consumed - 1 >= free;
    let gateWait = 0;
    if (Math.max(...overCeiling) === 0 && gated) {
      const gate = await take(this.#gate, pairKey);
      gateWait = gate.consumed > 1 ? gate.msBeforeNext : 0;
    }
    const waitMs = Math.max(...overCeiling, gateWait);
    if (waitMs > 0) {
      await giveBack();
      throw tooManyAttempts(waitMs);
    }

    return {
      succeeded: async () => {
        await Promise.all([
          this.#pair.delete(pairKey),
          this.#gate.delete(pairKey),
          this.#ip.reward(ip, 1),
          this.#account.reward(email, 1),
        ]);
      },
      failed: async () => {
        const failures = pair.consumed;
        if (failures >= free) {
          const seconds = Math.min(LOGIN_WINDOW_SECONDS, 2 ** Math.min(failures - free, 20));
          await this.#gate.block(pairKey, seconds);
        }
      },
      abandoned: async () => {
        await giveBack();
        if (gated) {
          await this.#gate.delete(pairKey);
        }
      },
    };
  }
}

/** Consumes one point; a refusal is an answer (how many were taken, how long until the window ends), not an error. */
async function take(limiter: RateLimiterAbstract, key: string): Promise<Taken> {
  try {
    const res = await limiter.consume(key, 1);
    return { consumed: res.consumedPoints, msBeforeNext: res.msBeforeNext };
  } catch (error) {
    if (error instanceof RateLimiterRes) {
      return { consumed: error.consumedPoints, msBeforeNext: Math.max(1000, error.msBeforeNext) };
    }
    throw error;
  }
}

function tooManyAttempts(waitMs: number) {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  const wait =
    seconds < 60
      ? `${seconds} second${seconds === 1 ? '' : 's'}`
      : `${Math.ceil(seconds / 60)} minute${Math.ceil(seconds / 60) === 1 ? '' : 's'}`;
  return new Throttled(seconds, `Too many unsuccessful sign-in attempts. Please wait ${wait} and try again.`);
}
