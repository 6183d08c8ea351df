import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Throttled } from '../../errors/domain-errors.ts';
import { fromDomainError } from '../../http/errors.ts';
import { createRateLimiters } from '../../http/rate-limiters.ts';
import { createLogger } from '../../logger.ts';
import { LoginThrottle } from './login-throttle.ts';

const noWarning = () => undefined;

function throttle(perAccount = 30) {
  const limiters = createRateLimiters({ redisUrl: undefined, keyPrefix: '', logger: createLogger('silent') });
  return new LoginThrottle({ perAccountAndIp: 10, perIp: 50, perAccount, freeFailures: 3 }, limiters);
}

/** Seconds to wait before the next attempt, or 0 when this one was let through (and failed). */
async function failOnce(t: LoginThrottle, ip = '192.0.2.1', warn: (email: string) => void = noWarning) {
  try {
    const attempt = await t.begin('someone@school.example', ip, warn);
    await attempt.failed();
    return 0;
  } catch (error) {
    if (error instanceof Throttled) {
      const answer = fromDomainError(error);
      expect(answer.status).toBe(429);
      return Number(answer.headers['Retry-After']);
    }
    throw error;
  }
}

describe('LoginThrottle (in process, on a fake clock)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lets three failures through at once, then doubles the wait after each one, up to the ceiling', async () => {
    const t = throttle();
    const waits: number[] = [];
    for (let failure = 1; failure <= 10; failure += 1) {
      for (;;) {
        const wait = await failOnce(t);
        if (wait === 0) {
          break;
        }
        waits.push(wait);
        await vi.advanceTimersByTimeAsync(wait * 1000);
      }
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64]);
    // Ten failures from this address: refused for the rest of the window.
    expect(await failOnce(t)).toBeGreaterThan(600);
  });

  it('never refuses an address that has not failed, and warns the owner once a window', async () => {
    const t = throttle(5);
    const warn = vi.fn();
    for (let i = 0; i < 20; i += 1) {
      await failOnce(t, `203.0.113.${i}`, warn);
    }
    expect(warn).toHaveBeenCalledTimes(1);
    // Under attack, a new address still gets its first try, then waits from its first failure.
    expect(await failOnce(t, '192.0.2.99', warn)).toBe(0);
    expect(await failOnce(t, '192.0.2.99', warn)).toBe(1);
    await vi.advanceTimersByTimeAsync(15 * 60 * 1000);
    await failOnce(t, '203.0.113.200', warn);
    for (let i = 0; i < 5; i += 1) {
      await failOnce(t, `203.0.113.${100 + i}`, warn);
    }
    expect(warn).toHaveBeenCalledTimes(2);
  });
});
