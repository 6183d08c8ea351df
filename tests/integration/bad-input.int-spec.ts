import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../support/http-client.ts';
import { DEMO_PASSWORD, withDemoData, type ErrorBody } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let admin: HttpClient;

beforeAll(async () => {
  server = await startTestServer();
  await withDemoData(server);
  admin = new HttpClient(server.url);
  await admin.login('admin@crosswalk.demo', DEMO_PASSWORD);
});
afterAll(() => server.close());

function expectError(response: { status: number; body: unknown }, status: number, id: string): ErrorBody['error'] {
  expect(response.status).toBe(status);
  const { error } = response.body as ErrorBody;
  expect(error.id).toBe(id);
  expect(error.message.length).toBeGreaterThan(5);
  return error;
}

describe('bad input never produces a 500', () => {
  it('answers malformed JSON with 400', async () => {
    const response = await admin.request('POST', '/api/auth/login', undefined, {
      rawBody: '{"email": "a@b.c", "password": ',
      headers: { 'content-type': 'application/json' },
    });
    expectError(response, 400, 'malformed_json');
  });

  it('names a field of the wrong type', async () => {
    const error = expectError(
      await admin.post('/api/auth/login', { email: 42, password: 'x' }),
      400,
      'validation_failed',
    );
    expect(error.fields?.map((f) => f.path)).toContain('email');
  });

  it('names a missing field', async () => {
    const error = expectError(await admin.post('/api/auth/login', { email: 'a@b.co' }), 400, 'validation_failed');
    expect(error.fields?.map((f) => f.path)).toEqual(['password']);
  });

  it('names an unknown field', async () => {
    const error = expectError(
      await admin.post('/api/auth/login', { email: 'a@b.co', password: 'x', isAdmin: true }),
      400,
      'validation_failed',
    );
    expect(error.fields?.[0]?.path).toBe('isAdmin');
    expect(error.message).toContain('isAdmin');
  });

  it('names nested fields', async () => {
    const error = expectError(
      await admin.post('/api/invitations', {
        email: 'new@school.demo',
        displayName: 'New Person',
        school: { schoolId: 'not-a-uuid', role: 'janitor' },
      }),
      400,
      'validation_failed',
    );
    expect(error.fields?.map((f) => f.path).sort()).toEqual(['school.role', 'school.schoolId']);
  });

  it('answers a body over the limit with 413', async () => {
    const response = await admin.request('POST', '/api/auth/login', undefined, {
      rawBody: JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(200 * 1024) }),
      headers: { 'content-type': 'application/json' },
    });
    expectError(response, 413, 'payload_too_large');
  });

  it('answers a body that is not JSON with 415', async () => {
    const response = await admin.request('POST', '/api/auth/login', undefined, {
      rawBody: 'email=a@b.co&password=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectError(response, 415, 'unsupported_media_type');
  });

  it('answers a body that claims a compression it does not have with 400', async () => {
    const response = await admin.request('POST', '/api/auth/login', undefined, {
      rawBody: '{"email":"a@b.co","password":"x"}',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    });
    expectError(response, 400, 'validation_failed');
  });

  it('answers a JSON array or scalar where an object is expected with 400', async () => {
    for (const rawBody of ['[]', '"text"', 'null', '12']) {
      const response = await admin.request('POST', '/api/auth/login', undefined, {
        rawBody,
        headers: { 'content-type': 'application/json' },
      });
      expect(response.status).toBe(400);
    }
  });

  it('answers an unknown API route with a JSON 404', async () => {
    expectError(await admin.get('/api/no-such-thing'), 404, 'not_found');
  });

  it('answers a request that needs a session with 401', async () => {
    expectError(await new HttpClient(server.url).get('/api/me'), 401, 'unauthenticated');
  });
});
