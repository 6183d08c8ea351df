import { randomBytes } from 'node:crypto';
import { withDemoData } from './fixtures.ts';
import { testRedisUrl, uniqueRedisPrefix } from './redis.ts';
import { startTestServer, type TestServer } from './test-server.ts';

/** What every process of one deployment on Redis shares: the Redis, a key prefix of its own, the ticket secret. */
export function scaleOutEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    REDIS_URL: testRedisUrl(),
    REDIS_KEY_PREFIX: uniqueRedisPrefix(),
    REALTIME_SECRET: randomBytes(32).toString('hex'),
    ...extra,
  };
}

/** Two processes of one deployment (one database, one Redis) with the demo loaded. */
export async function startTwoProcesses(
  env: Record<string, string> = scaleOutEnv(),
): Promise<{ a: TestServer; b: TestServer; env: Record<string, string> }> {
  const a = await startTestServer({ env });
  const b = await startTestServer({ env, databaseUrl: a.databaseUrl ?? '' });
  await withDemoData(a);
  return { a, b, env };
}
