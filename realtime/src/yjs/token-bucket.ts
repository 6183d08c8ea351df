/** The clock token buckets read: monotonic milliseconds. */
const monotonicNow = () => performance.now();

/**
 * A token bucket: `take()` succeeds `perSecond` times a second on average, with bursts up to `burst`. Used to
 * rate-limit what one connection may ask of the server. A class rather than closures: there are two per
 * connection, and shared methods keep each one a few fields.
 */
export class TokenBucket {
  readonly #perSecond: number;
  readonly #burst: number;
  readonly #now: () => number;
  #tokens: number;
  #updatedAt: number;

  /** Starts full. `now` is injectable for tests. */
  constructor(perSecond: number, burst: number, now: () => number = monotonicNow) {
    this.#perSecond = perSecond;
    this.#burst = burst;
    this.#now = now;
    this.#tokens = burst;
    this.#updatedAt = now();
  }

  /** Takes a token if one is available. */
  take(): boolean {
    this.#refill();
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return true;
    }
    return false;
  }

  /** Milliseconds until a token is available (0 if one is now). */
  msUntilToken(): number {
    this.#refill();
    return this.#tokens >= 1 ? 0 : Math.ceil(((1 - this.#tokens) * 1000) / this.#perSecond);
  }

  #refill(): void {
    const time = this.#now();
    this.#tokens = Math.min(this.#burst, this.#tokens + ((time - this.#updatedAt) * this.#perSecond) / 1000);
    this.#updatedAt = time;
  }
}
