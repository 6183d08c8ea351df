import type { Queryable, Sql } from '../../db/client.ts';

export interface PendingSignIn {
  provider: string;
  nonce: string;
  codeVerifier: string;
}

/** Single sign-ons under way (state, nonce, PKCE verifier) and the provider accounts linked to Crosswalk accounts. */
export class SsoRepository {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async begin(stateHash: string, pending: PendingSignIn, expiresAt: Date): Promise<void> {
    await this.#sql`delete from oidc_sign_ins where expires_at <= now()`;
    await this.#sql`
      insert into oidc_sign_ins (state_hash, provider, nonce, code_verifier, expires_at)
      values (${stateHash}, ${pending.provider}, ${pending.nonce}, ${pending.codeVerifier}, ${expiresAt})`;
  }

  /** Takes (deletes and returns) the sign-in begun with this state, if it has not expired: each works once. */
  async take(stateHash: string): Promise<PendingSignIn | undefined> {
    const [row] = await this.#sql<(PendingSignIn & { expiresAt: Date })[]>`
      delete from oidc_sign_ins where state_hash = ${stateHash}
      returning provider, nonce, code_verifier, expires_at`;
    return row && row.expiresAt.getTime() > Date.now()
      ? { provider: row.provider, nonce: row.nonce, codeVerifier: row.codeVerifier }
      : undefined;
  }

  async linkedUser(provider: string, subject: string): Promise<string | undefined> {
    const [row] = await this.#sql<{ userId: string }[]>`
      select user_id from user_identities where provider = ${provider} and subject = ${subject}`;
    return row?.userId;
  }

  async link(provider: string, subject: string, userId: string, sql: Queryable = this.#sql): Promise<void> {
    await sql`
      insert into user_identities (provider, subject, user_id) values (${provider}, ${subject}, ${userId})
      on conflict (provider, subject) do nothing`;
  }
}
