import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, withDemoData } from '../support/fixtures.ts';
import { FormBrowser } from '../support/form-browser.ts';
import { HttpClient } from '../support/http-client.ts';
import { startTestOidcProvider, type TestOidcProvider } from '../support/oidc-test-provider.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/** Starting the embedded database (PGlite) and loading the demo takes tens of seconds on a busy machine. */
const STARTUP_TIMEOUT_MS = 180_000;
const FENBROOK = '6b1d0000-0000-4000-8000-000000000105';

/**
 * Single sign-on against a real OpenID provider (oidc-provider on 127.0.0.1), driven over plain HTTP like a
 * browser: Crosswalk's start address, the provider's sign-in and consent forms, and back to Crosswalk's callback.
 * Two providers are configured on the same issuer: `test` (any domain) and `school` (only fenbrook.demo).
 */
export function singleSignOnSuite(engine: 'postgres' | 'embedded'): void {
  let provider: TestOidcProvider;
  let server: TestServer;

  beforeAll(async () => {
    provider = await startTestOidcProvider();
    server = await startTestServer({
      embedded: engine === 'embedded',
      env: {
        OIDC_PROVIDERS: 'test,school',
        OIDC_TEST_ISSUER: provider.issuer,
        OIDC_TEST_CLIENT_ID: 'crosswalk-test',
        OIDC_TEST_CLIENT_SECRET: 'a client secret for the test provider',
        OIDC_TEST_LABEL: 'Test Workspace',
        OIDC_SCHOOL_ISSUER: provider.issuer,
        OIDC_SCHOOL_CLIENT_ID: 'crosswalk-school',
        OIDC_SCHOOL_CLIENT_SECRET: 'another client secret for the test provider',
        OIDC_SCHOOL_ALLOWED_DOMAINS: 'fenbrook.demo',
      },
    });
    provider.register(
      ['test', 'school'].map((id) => ({
        client_id: `crosswalk-${id}`,
        client_secret:
          id === 'test' ? 'a client secret for the test provider' : 'another client secret for the test provider',
        redirect_uris: [`${server.url}/api/auth/oidc/${id}/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      })),
    );
    await withDemoData(server);
  }, STARTUP_TIMEOUT_MS);
  afterAll(async () => {
    await server.close();
    await provider.close();
  });

  const isCallback = (url: URL) => url.origin === server.url && url.pathname.endsWith('/callback');
  const isWebPage = (url: URL) => url.origin === server.url && !url.pathname.startsWith('/api/');

  /**
   * Signs in at the provider as `login` and returns the callback address the provider sent the browser to
   * (not yet opened), and the browser.
   */
  async function throughProvider(providerId: string, login: string): Promise<{ browser: FormBrowser; callback: URL }> {
    const browser = new FormBrowser();
    let page = await browser.open(`${server.url}/api/auth/oidc/${providerId}/start`, { stopAt: isCallback });
    expect(page.body).toContain('name="login"');
    page = await browser.submit(page, { login, password: 'any password' }, isCallback);
    // The provider asks for consent to share the email address, then sends the browser back.
    for (let step = 0; step < 3 && page.status !== 0; step += 1) {
      page = await browser.submit(page, {}, isCallback);
    }
    expect(page.status).toBe(0);
    return { browser, callback: page.url };
  }

  /** Opens the callback (as is, or as given) and returns where Crosswalk sent the browser, and who it signed in. */
  async function back(browser: FormBrowser, callback: URL): Promise<{ landed: string; me: unknown }> {
    const landed = await browser.open(callback.href, { stopAt: isWebPage });
    const me = await browser.open(`${server.url}/api/me`);
    return {
      landed: `${landed.url.pathname}${landed.url.search}`,
      me: me.status === 200 ? JSON.parse(me.body) : me.status,
    };
  }

  describe(`single sign-on with OpenID Connect (${engine})`, () => {
    it('offers the configured providers on the sign-in page', async () => {
      const answer = await new HttpClient(server.url).get('/api/auth/providers');
      expect(answer.body).toEqual({
        providers: [
          { id: 'test', label: 'Test Workspace' },
          { id: 'school', label: 'School' },
        ],
      });
    });

    it('signs in the existing account with the verified email, with the same session cookie as a password', async () => {
      const { browser, callback } = await throughProvider('test', 'host.head@fenbrook.demo');
      expect(callback.searchParams.get('state')).toBeTruthy();
      const { landed, me } = await back(browser, callback);
      expect(landed).toBe('/');
      expect(me).toMatchObject({ email: 'host.head@fenbrook.demo' });
      expect(browser.cookie('crosswalk_session')).toBeTruthy();
      expect(browser.cookie('crosswalk_sso')).toBeUndefined();
      const { sql } = server.crosswalk.db;
      const linked = await sql<{ provider: string; subject: string }[]>`
        select provider, subject from user_identities
        where user_id = (select id from users where email = 'host.head@fenbrook.demo')`;
      expect(linked).toEqual([{ provider: 'test', subject: 'host.head@fenbrook.demo' }]);
      const [audit] = await sql<{ detail: { via?: string } }[]>`
        select detail from audit_events where action = 'auth.login' order by id desc limit 1`;
      expect(audit?.detail.via).toBe('test');
      // The password still works too.
      expect((await new HttpClient(server.url).login('host.head@fenbrook.demo', DEMO_PASSWORD)).status).toBe(200);
    });

    it('refuses an email the provider has not verified', async () => {
      const { browser, callback } = await throughProvider('test', 'unverified:link.lead@fenbrook.demo');
      const { landed, me } = await back(browser, callback);
      expect(landed).toBe('/signin?sso=unverified_email');
      expect(me).toBe(401);
    });

    it('refuses an answer whose state is not the one this browser holds', async () => {
      const { browser, callback } = await throughProvider('test', 'link.lead@fenbrook.demo');
      const tampered = new URL(callback);
      tampered.searchParams.set('state', 'a-state-from-somewhere-else');
      expect(await back(browser, tampered)).toEqual({ landed: '/signin?sso=failed', me: 401 });
    });

    it('refuses an answer brought to another browser (no state cookie there)', async () => {
      const { callback } = await throughProvider('test', 'link.lead@fenbrook.demo');
      expect(await back(new FormBrowser(), callback)).toEqual({ landed: '/signin?sso=failed', me: 401 });
    });

    it('checks the nonce in the ID token against the one this sign-in sent', async () => {
      const { browser, callback } = await throughProvider('test', 'link.lead@fenbrook.demo');
      await server.crosswalk.db.sql`update oidc_sign_ins set nonce = 'not-the-nonce-that-was-sent'`;
      expect(await back(browser, callback)).toEqual({ landed: '/signin?sso=failed', me: 401 });
    });

    it('refuses an email outside the provider’s allowed domains', async () => {
      const outside = await throughProvider('school', 'head@northgate.demo');
      expect(await back(outside.browser, outside.callback)).toEqual({
        landed: '/signin?sso=domain_not_allowed',
        me: 401,
      });
      const inside = await throughProvider('school', 'link.lead@fenbrook.demo');
      expect((await back(inside.browser, inside.callback)).landed).toBe('/');
    });

    it('makes no account for a verified email that has none', async () => {
      const { browser, callback } = await throughProvider('test', 'stranger@fenbrook.demo');
      expect(await back(browser, callback)).toEqual({ landed: '/signin?sso=no_account', me: 401 });
      const { sql } = server.crosswalk.db;
      expect(await sql`select 1 from users where email = 'stranger@fenbrook.demo'`).toHaveLength(0);
    });

    it('tells a person whose account is switched off, and signs them in again once it is back on', async () => {
      const { sql } = server.crosswalk.db;
      await sql`update users set disabled_at = now() where email = 'reviewer@princerock.demo'`;
      const off = await throughProvider('test', 'reviewer@princerock.demo');
      expect(await back(off.browser, off.callback)).toEqual({ landed: '/signin?sso=account_disabled', me: 401 });
      await sql`update users set disabled_at = null where email = 'reviewer@princerock.demo'`;
      const on = await throughProvider('test', 'reviewer@princerock.demo');
      expect((await back(on.browser, on.callback)).landed).toBe('/');
    });

    it('lets an invited person sign in instead of choosing a password, which accepts the invitation', async () => {
      const admin = new HttpClient(server.url);
      await admin.login('admin@crosswalk.demo', DEMO_PASSWORD);
      const invited = await admin.post('/api/invitations', {
        email: 'new.deputy@fenbrook.demo',
        displayName: 'New Deputy',
        school: { schoolId: FENBROOK, role: 'senior_leader' },
      });
      expect(invited.status).toBe(201);
      const { browser, callback } = await throughProvider('test', 'new.deputy@fenbrook.demo');
      const { landed, me } = await back(browser, callback);
      expect(landed).toBe('/');
      expect(me).toMatchObject({ email: 'new.deputy@fenbrook.demo', schools: [{ role: 'senior_leader' }] });
      const { sql } = server.crosswalk.db;
      const [invitation] = await sql<{ acceptedAt: Date | null }[]>`
        select accepted_at from invitations
        where user_id = (select id from users where email = 'new.deputy@fenbrook.demo')`;
      expect(invitation?.acceptedAt).not.toBeNull();
    });
  });
}
