/**
 * A token bucket: `take()` succeeds `perSecond` times a second on average, with bursts up to `burst`. Used to
 * rate-limit what one connection may ask of the server.
 */
export interface TokenBucket {
  /** Takes a token if one is available. */
  take(): boolean;
  /** Milliseconds until a token is available (0 if one is now). */
  msUntilToken(): number;
}

/** Creates a full bucket. `now` is injectable for tests. */
export function createTokenBucket(
  perSecond: number,
  burst: number,
  now: () => number = () => performance.now(),
): TokenBucket {
  let tokens = burst;
  let updatedAt = now();
  function refill(): void {
    const time = now();
    tokens = Math.min(burst, tokens + ((time - updatedAt) * perSecond) / 1000);
    updatedAt = time;
  }
  return {
    take(): boolean {
      refill();
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      return false;
    },
    msUntilToken(): number {
      refill();
      return tokens >= 1 ? 0 : Math.ceil(((1 - tokens) * 1000) / perSecond);
    },
  };
}
