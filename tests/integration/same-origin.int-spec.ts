import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, withDemoData, type ErrorBody } from '../support/fixtures.ts';
import { HttpClient } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { upgradeStatus } from '../support/upgrade.ts';

/**
 * Same-origin without PUBLIC_URL: the server's own origin is the address it was asked to
 * listen on (or localhost), never what the request's Host header claims. Production needs PUBLIC_URL, and over
 * HTTPS the session cookie carries the __Host- prefix.
 */

const MAIN = fileURLToPath(new URL('../../server/src/main.ts', import.meta.url));

/** A POST with exactly these headers (fetch would not let the Host header be chosen). */
function rawPost(url: string, path: string, headers: Record<string, string>, body: unknown) {
  const payload = JSON.stringify(body);
  return new Promise<{ status: number; body: unknown }>((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)), ...headers },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body: text ? (JSON.parse(text) as unknown) : undefined });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

describe('without PUBLIC_URL', () => {
  let server: TestServer;
  let port: string;
  beforeAll(async () => {
    server = await startTestServer();
    await withDemoData(server);
    port = new URL(server.url).port;
  });
  afterAll(() => server.close());

  it('refuses a request whose Host header and Origin both name another site', async () => {
    const response = await rawPost(
      server.url,
      '/api/auth/login',
      { host: 'evil.example', origin: 'http://evil.example' },
      { email: 'host.head@fenbrook.demo', password: DEMO_PASSWORD },
    );
    expect(response.status).toBe(403);
    expect((response.body as ErrorBody).error.id).toBe('csrf_origin_mismatch');
  });

  it('refuses a WebSocket whose Host header and Origin both name another site', async () => {
    const headers = { host: `evil.example:${port}`, origin: `http://evil.example:${port}` };
    expect(await upgradeStatus(`${server.url}/collab/anything`, headers)).toBe(403);
    expect(await upgradeStatus(`${server.url}/socket.io/?EIO=4&transport=websocket`, headers)).not.toBe(101);
  });

  it('accepts its own listening address and localhost', async () => {
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`]) {
      const response = await rawPost(
        server.url,
        '/api/auth/login',
        { host: new URL(origin).host, origin },
        { email: 'host.head@fenbrook.demo', password: DEMO_PASSWORD },
      );
      expect(response.status).toBe(200);
    }
    expect(await upgradeStatus(`${server.url}/socket.io/?EIO=4&transport=websocket`, { origin: server.url })).toBe(101);
  });
});

describe('start-up in production', () => {
  it('refuses to run without PUBLIC_URL, and says so', async () => {
    const child = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => {
      child.once('exit', (exitCode) => {
        resolve(exitCode);
      });
    });
    expect(code).toBe(1);
    expect(stderr).toMatch(/Invalid configuration:[\s\S]*PUBLIC_URL/);
  });
});

describe('over HTTPS', () => {
  const publicUrl = 'https://crosswalk.example.org';
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { PUBLIC_URL: publicUrl } });
    await withDemoData(server);
  });
  afterAll(() => server.close());

  it('names the session cookie __Host-crosswalk_session (Secure, Path=/, no Domain) and reads only that name', async () => {
    const client = new HttpClient(server.url);
    client.origin = publicUrl;
    const response = await client.login('host.head@fenbrook.demo', DEMO_PASSWORD);
    expect(response.status).toBe(200);
    const cookies = response.headers.getSetCookie();
    const cookie = cookies.find((c) => c.startsWith('__Host-crosswalk_session='));
    expect(cookie).toBeDefined();
    expect(cookie).toMatch(/;\s*Secure/i);
    expect(cookie).toMatch(/;\s*Path=\/(;|$)/);
    expect(cookie).not.toMatch(/Domain=/i);
    expect(cookies.some((c) => c.startsWith('crosswalk_session=') && !/Max-Age=0/i.test(c))).toBe(false);
    expect((await client.get('/api/me')).status).toBe(200);

    // The same token under the unprefixed name (which a neighbouring site could set) is not read over HTTPS.
    const token = /^__Host-crosswalk_session=([^;]*)/.exec(cookie ?? '')?.[1] ?? '';
    const tossed = await new HttpClient(server.url).request('GET', '/api/me', undefined, {
      headers: { cookie: `crosswalk_session=${token}` },
    });
    expect(tossed.status).toBe(401);

    const out = await client.post('/api/auth/logout');
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().some((c) => /^__Host-crosswalk_session=;.*Max-Age=0/i.test(c))).toBe(true);
  });
});
