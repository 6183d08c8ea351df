import type { Sql } from '../../db/client.ts';
import { BadCredentials, Invalid } from '../../errors/domain-errors.ts';
import type { Logger } from '../../logger.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import type { AuthContext, AuthService } from './auth.service.ts';
import { hashPassword } from './passwords.ts';

export interface AccountServiceDeps {
  sql: Sql;
  users: UsersRepository;
  audit: AuditRepository;
  auth: AuthService;
  logger: Logger;
}

/** "Your account": what a signed-in person changes about themselves. */
export class AccountService {
  readonly #deps: AccountServiceDeps;
  constructor(deps: AccountServiceDeps) {
    this.#deps = deps;
  }

  /**
   * Changes the password, given the current one (checked under the sign-in limits, so this is no way round
   * them), then ends every other sign-in of the account: whoever knew the old password is signed out.
   */
  async changePassword(auth: AuthContext, current: string, next: string, ip: string): Promise<void> {
    const { sql, users, audit, logger } = this.#deps;
    try {
      await this.#deps.auth.checkPassword(auth.user.email, current, ip);
    } catch (error) {
      if (error instanceof BadCredentials) {
        const message = 'Your current password is not right';
        throw new Invalid(message, [{ path: 'currentPassword', message }]);
      }
      throw error;
    }
    const passwordHash = await hashPassword(next);
    await sql.begin(async (tx) => {
      await users.setPassword(auth.user.id, passwordHash, tx);
      await audit.record({ actorUserId: auth.user.id, action: 'auth.password_changed', subjectId: auth.user.id }, tx);
    });
    const ended = await this.#deps.auth.endSignInsOf(auth.user.id, 'password_changed', auth.signInId);
    logger.info({ userId: auth.user.id, ended }, 'password changed; other sign-ins ended');
  }

  /** Changes the name colleagues see. */
  async rename(auth: AuthContext, displayName: string): Promise<void> {
    const { users, audit } = this.#deps;
    await users.setDisplayName(auth.user.id, displayName);
    await audit.record({ actorUserId: auth.user.id, action: 'account.renamed', subjectId: auth.user.id });
  }
}
