import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * The pages' Content-Security-Policy lets the browser reach LiveKit when the running server is configured for it,
 * whatever was set when the web app was built: a LiveKit address set only in `.env` or the container's
 * environment used never to reach the policy, and video failed in the browser.
 */

const connectSrc = (policy: string | null) =>
  (policy ?? '')
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith('connect-src'));

describe('the LiveKit origin in the pages’ Content-Security-Policy', () => {
  let withLiveKit: TestServer;
  let without: TestServer;
  beforeAll(async () => {
    [withLiveKit, without] = await Promise.all([
      startTestServer({
        embedded: true,
        env: {
          SERVICES: 'api,web',
          LIVEKIT_URL: 'wss://video.example.org',
          LIVEKIT_API_KEY: 'key',
          LIVEKIT_API_SECRET: 'a-secret-of-at-least-thirty-two-characters',
        },
      }),
      startTestServer({ embedded: true, env: { SERVICES: 'api,web' } }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([withLiveKit.close(), without.close()]);
  });

  it('adds LiveKit’s origins to connect-src when the server is configured for LiveKit', async () => {
    for (const path of ['/', '/signin', '/reviews/00000000-0000-4000-8000-000000000000']) {
      const response = await fetch(`${withLiveKit.url}${path}`);
      expect(response.status, path).toBe(200);
      expect(connectSrc(response.headers.get('content-security-policy')), path).toBe(
        "connect-src 'self' wss://video.example.org https://video.example.org",
      );
    }
  });

  it('allows Crosswalk itself only without LiveKit', async () => {
    const response = await fetch(`${without.url}/`);
    expect(connectSrc(response.headers.get('content-security-policy'))).toBe("connect-src 'self'");
  });
});
