import { randomUUID } from 'node:crypto';

/** The Redis the tests use: TEST_REDIS_URL, or the machine's local server. */
export function testRedisUrl(): string {
  return process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
}

/** A key prefix of its own for one test, so tests sharing the Redis never see each other's channels or keys. */
export function uniqueRedisPrefix(): string {
  return `cw-test:${randomUUID()}:`;
}
