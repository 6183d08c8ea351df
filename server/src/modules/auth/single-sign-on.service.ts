import type { SignInProvider, SsoRefusal } from '@crosswalk/shared';
import * as oidc from 'openid-client';
import type { OidcProviderConfig } from '../../config.ts';
import type { Sql } from '../../db/client.ts';
import { NotFound } from '../../errors/domain-errors.ts';
import type { Logger } from '../../logger.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { InvitationsRepository } from '../invitations/invitations.repository.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import type { SsoRepository } from './sso.repository.ts';
import { hashToken } from './tokens.ts';

/** How long a person has to sign in at the provider and come back. */
const SIGN_IN_VALID_MS = 10 * 60_000;

export interface SingleSignOnDeps {
  providers: OidcProviderConfig[];
  sql: Sql;
  sso: SsoRepository;
  users: UsersRepository;
  invitations: InvitationsRepository;
  audit: AuditRepository;
  logger: Logger;
}

/** The result of coming back from a provider: the Crosswalk account to sign in, or why not. */
export type SsoOutcome = { userId: string } | { refusal: SsoRefusal };

/**
 * Single sign-on with OpenID Connect (authorisation code flow with PKCE, state and nonce, by openid-client).
 * It signs in existing accounts only, found by the provider's VERIFIED email address (or by the provider account
 * once linked); it never makes an account. An invited person who has not yet chosen a password counts as existing:
 * signing in this way accepts their invitation.
 */
export class SingleSignOnService {
  readonly #deps: SingleSignOnDeps;
  readonly #configurations = new Map<string, Promise<oidc.Configuration>>();

  constructor(deps: SingleSignOnDeps) {
    this.#deps = deps;
  }

  /** The providers the sign-in page offers. */
  providers(): SignInProvider[] {
    return this.#deps.providers.map((p) => ({ id: p.id, label: p.label }));
  }

  /**
   * Begins a sign-in: the provider's address to send the browser to, and the state the browser must keep (in a
   * cookie) and bring back. Nonce and PKCE verifier stay on the server.
   */
  async start(providerId: string, origin: string): Promise<{ url: string; state: string }> {
    const provider = this.#provider(providerId);
    const config = await this.#configuration(provider);
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    await this.#deps.sso.begin(
      hashToken(state),
      { provider: provider.id, nonce, codeVerifier },
      new Date(Date.now() + SIGN_IN_VALID_MS),
    );
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: callbackUrl(origin, provider.id),
      scope: 'openid email profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, state };
  }

  /**
   * Finishes a sign-in from the provider's answer (`current`: the callback address as requested) and the state the
   * browser kept. Refuses a missing or different state, a wrong nonce, an email the provider has not verified, a
   * domain not allowed, and anyone without a Crosswalk account.
   */
  async finish(providerId: string, current: URL, browserState: string | undefined): Promise<SsoOutcome> {
    const { sso, logger } = this.#deps;
    const provider = this.#provider(providerId);
    const pending = browserState ? await sso.take(hashToken(browserState)) : undefined;
    if (!browserState || !pending || pending.provider !== provider.id) {
      return this.#refuse(provider, 'failed', 'no sign-in under way for this browser');
    }
    let claims: { sub: string; email?: unknown; email_verified?: unknown };
    try {
      const config = await this.#configuration(provider);
      const tokens = await oidc.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: browserState,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims();
      if (!idToken) {
        return await this.#refuse(provider, 'failed', 'no ID token');
      }
      claims = idToken;
      // Some providers put the email only in the userinfo answer (for the same subject).
      if (claims.email === undefined || claims.email_verified === undefined) {
        const userInfo = await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub);
        claims = { ...userInfo, sub: idToken.sub };
      }
    } catch (error) {
      if (error instanceof oidc.AuthorizationResponseError && error.error === 'access_denied') {
        return this.#refuse(provider, 'cancelled', 'cancelled at the provider');
      }
      logger.warn({ provider: provider.id, err: errorSummary(error) }, 'single sign-on answer refused');
      return this.#refuse(provider, 'failed', 'answer did not pass the checks');
    }
    if (claims.email_verified !== true || typeof claims.email !== 'string') {
      return this.#refuse(provider, 'unverified_email', 'email missing or not verified by the provider');
    }
    const email = claims.email.trim().toLowerCase();
    const domain = email.slice(email.lastIndexOf('@') + 1);
    if (provider.allowedDomains.length > 0 && !provider.allowedDomains.includes(domain)) {
      return this.#refuse(provider, 'domain_not_allowed', 'email domain not allowed for this provider');
    }
    return this.#accountFor(provider, claims.sub, email);
  }

  async #accountFor(provider: OidcProviderConfig, subject: string, email: string): Promise<SsoOutcome> {
    const { sql, sso, users, invitations, audit, logger } = this.#deps;
    const linkedId = await sso.linkedUser(provider.id, subject);
    const user = linkedId ? await users.findById(linkedId) : await users.findByEmail(email);
    if (!user) {
      return this.#refuse(provider, 'no_account', 'no Crosswalk account');
    }
    if (user.disabledAt) {
      // The provider vouched for the person, so they may be told why.
      return this.#refuse(provider, 'account_disabled', 'account switched off');
    }
    if (!linkedId) {
      const linked = await sql.begin(async (tx) => {
        // Invited but no password yet: this sign-in accepts the invitation, or there is no account to sign in to.
        if (!user.passwordHash && (await invitations.acceptOpenNewAccount(user.id, tx)) === 0) {
          return false;
        }
        await sso.link(provider.id, subject, user.id, tx);
        await audit.record(
          { actorUserId: user.id, action: 'auth.sso_linked', subjectId: user.id, detail: { provider: provider.id } },
          tx,
        );
        return true;
      });
      if (!linked) {
        return this.#refuse(provider, 'no_account', 'invitation no longer open');
      }
      logger.info({ provider: provider.id, userId: user.id }, 'single sign-on linked to an account by verified email');
    }
    return { userId: user.id };
  }

  async #refuse(provider: OidcProviderConfig, refusal: SsoRefusal, why: string): Promise<SsoOutcome> {
    this.#deps.logger.info({ provider: provider.id, refusal, why }, 'single sign-on refused');
    await this.#deps.audit.record({
      actorUserId: null,
      action: 'auth.sso_refused',
      detail: { provider: provider.id, refusal },
    });
    return { refusal };
  }

  #provider(id: string): OidcProviderConfig {
    const provider = this.#deps.providers.find((p) => p.id === id);
    if (!provider) {
      throw new NotFound('sign-in provider');
    }
    return provider;
  }

  /** The provider's metadata, discovered once (and again after a failure, so a provider down at start-up recovers). */
  #configuration(provider: OidcProviderConfig): Promise<oidc.Configuration> {
    let config = this.#configurations.get(provider.id);
    if (!config) {
      // Plain http is only accepted (by the configuration's rules) for a provider on this machine, i.e. tests;
      // the library marks the option deprecated only to make it stand out.
      // eslint-disable-next-line @typescript-eslint/no-deprecated
      const execute = provider.issuer.startsWith('http:') ? [oidc.allowInsecureRequests] : [];
      config = oidc.discovery(
        new URL(provider.issuer),
        provider.clientId,
        undefined,
        oidc.ClientSecretBasic(provider.clientSecret),
        { execute },
      );
      config.catch(() => this.#configurations.delete(provider.id));
      this.#configurations.set(provider.id, config);
    }
    return config;
  }
}

/** Where the provider sends the browser back to; registered with the provider as the redirect URI. */
export function callbackUrl(origin: string, providerId: string): string {
  return `${origin}/api/auth/oidc/${providerId}/callback`;
}

/** What logs say about a failed check: the library's error code and message, never tokens. */
function errorSummary(error: unknown): { name: string; code?: string; message: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}) };
  }
  return { name: 'unknown', message: String(error) };
}
