import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.ts';

describe('parseConfig', () => {
  it('has working defaults for a laptop', () => {
    const config = parseConfig({});
    expect(config.port).toBe(3000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toMatch(/data$/);
    expect(config.services).toEqual({ api: true, web: true, realtime: true });
  });

  it('reads how long a sign-in lasts under its own names, and still under the old SESSION_* names', () => {
    expect(parseConfig({})).toMatchObject({ signInIdleMs: 720 * 60_000, signInAbsoluteMs: 168 * 3_600_000 });
    expect(parseConfig({ SESSION_IDLE_MINUTES: '30', SESSION_ABSOLUTE_HOURS: '2' })).toMatchObject({
      signInIdleMs: 30 * 60_000,
      signInAbsoluteMs: 2 * 3_600_000,
    });
    expect(
      parseConfig({ SIGN_IN_IDLE_MINUTES: '45', SESSION_IDLE_MINUTES: '30', SIGN_IN_ABSOLUTE_HOURS: '3' }),
    ).toMatchObject({ signInIdleMs: 45 * 60_000, signInAbsoluteMs: 3 * 3_600_000 });
    expect(() => parseConfig({ SIGN_IN_IDLE_MINUTES: '1' })).toThrow(ConfigError);
  });

  it('lists every bad variable at once', () => {
    let caught: unknown;
    try {
      parseConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        SMTP_URL: 'not a url',
        SERVICES: 'api,nonsense',
        LOG_LEVEL: 'loud',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'DATABASE_URL', 'SMTP_URL', 'SERVICES', 'LOG_LEVEL']) {
      expect(problems).toContain(name);
    }
  });

  it('reads each single sign-on provider named in OIDC_PROVIDERS, and lists every missing or bad part', () => {
    const config = parseConfig({
      OIDC_PROVIDERS: 'microsoft, google',
      OIDC_MICROSOFT_ISSUER: 'https://login.microsoftonline.com/tenant/v2.0',
      OIDC_MICROSOFT_CLIENT_ID: 'id-1',
      OIDC_MICROSOFT_CLIENT_SECRET: 'secret-1',
      OIDC_MICROSOFT_LABEL: 'Microsoft 365',
      OIDC_MICROSOFT_ALLOWED_DOMAINS: 'Fenbrook.sch.uk, summercroft.org.uk',
      OIDC_GOOGLE_ISSUER: 'https://accounts.google.com',
      OIDC_GOOGLE_CLIENT_ID: 'id-2',
      OIDC_GOOGLE_CLIENT_SECRET: 'secret-2',
    });
    expect(config.oidcProviders).toEqual([
      {
        id: 'microsoft',
        label: 'Microsoft 365',
        issuer: 'https://login.microsoftonline.com/tenant/v2.0',
        clientId: 'id-1',
        clientSecret: 'secret-1',
        allowedDomains: ['fenbrook.sch.uk', 'summercroft.org.uk'],
      },
      expect.objectContaining({ id: 'google', label: 'Google', allowedDomains: [] }),
    ]);
    expect(parseConfig({}).oidcProviders).toEqual([]);

    let caught: unknown;
    try {
      parseConfig({
        OIDC_PROVIDERS: 'microsoft,google',
        OIDC_MICROSOFT_ISSUER: 'http://login.example.org',
        OIDC_MICROSOFT_CLIENT_ID: 'id',
        OIDC_MICROSOFT_CLIENT_SECRET: 'secret',
        OIDC_GOOGLE_ISSUER: 'https://accounts.google.com',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).problems).toEqual([
      expect.stringContaining('OIDC_MICROSOFT_ISSUER: must start with https://'),
      'OIDC_GOOGLE_CLIENT_ID: required',
      'OIDC_GOOGLE_CLIENT_SECRET: required',
    ]);
    expect(() => parseConfig({ OIDC_PROVIDERS: 'Not Valid' })).toThrow(ConfigError);
    // A provider on this machine (the tests' own) may use plain http.
    expect(
      parseConfig({
        OIDC_PROVIDERS: 'test',
        OIDC_TEST_ISSUER: 'http://127.0.0.1:4000',
        OIDC_TEST_CLIENT_ID: 'id',
        OIDC_TEST_CLIENT_SECRET: 'secret',
      }).oidcProviders,
    ).toHaveLength(1);
  });

  it('treats empty values as unset', () => {
    expect(parseConfig({ DATABASE_URL: '', PORT: '' }).databaseUrl).toBeUndefined();
  });

  it('wants ADMIN_EMAIL and ADMIN_PASSWORD together', () => {
    expect(() => parseConfig({ ADMIN_EMAIL: 'a@b.co' })).toThrow(ConfigError);
    expect(parseConfig({ ADMIN_EMAIL: 'A@B.co', ADMIN_PASSWORD: 'long enough password' }).admin?.email).toBe('a@b.co');
  });

  it('scales out only on a shared PostgreSQL', () => {
    expect(() => parseConfig({ REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(/DATABASE_URL[\s\S]*REALTIME_SECRET/);
    const config = parseConfig({
      REDIS_URL: 'redis://127.0.0.1:6379',
      DATABASE_URL: 'postgres://db/crosswalk',
      REALTIME_SECRET: 'x'.repeat(32),
    });
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.redisKeyPrefix).toBe('crosswalk:');
    expect(() => parseConfig({ REDIS_KEY_PREFIX: 'has space' })).toThrow(ConfigError);
  });

  it('runs only the services asked for', () => {
    expect(parseConfig({ SERVICES: 'realtime' }).services).toEqual({ api: false, web: false, realtime: true });
  });

  it('refuses production without PUBLIC_URL, naming it', () => {
    expect(() => parseConfig({ NODE_ENV: 'production' })).toThrow(/PUBLIC_URL/);
    expect(parseConfig({ NODE_ENV: 'production', PUBLIC_URL: 'https://crosswalk.example.org/' }).publicUrl).toBe(
      'https://crosswalk.example.org',
    );
  });
  it('serves metrics only to a token of 32 characters or more, or to the private network when asked', () => {
    expect(parseConfig({}).metrics).toBeUndefined();
    expect(() => parseConfig({ METRICS_TOKEN: 'too short' })).toThrow(/METRICS_TOKEN: must be at least 32 characters/);
    expect(() => parseConfig({ METRICS_FROM_PRIVATE_NETWORK: 'perhaps' })).toThrow(/METRICS_FROM_PRIVATE_NETWORK/);
    expect(parseConfig({ METRICS_TOKEN: 'm'.repeat(32) }).metrics).toEqual({
      token: 'm'.repeat(32),
      fromPrivateNetwork: false,
    });
    expect(parseConfig({ METRICS_FROM_PRIVATE_NETWORK: 'true' }).metrics).toEqual({
      token: undefined,
      fromPrivateNetwork: true,
    });
    expect(parseConfig({ METRICS_FROM_PRIVATE_NETWORK: 'false' }).metrics).toBeUndefined();
  });
});
