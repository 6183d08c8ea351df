import { canInviteAnyone, type Actor, type Me } from '@crosswalk/shared';
import type { EventBus, SignInEndReason } from '../../events/bus.ts';
import type { Logger } from '../../logger.ts';
import { BadCredentials, Refused } from '../../errors/domain-errors.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type {
  PartnershipMembershipRow,
  SchoolMembershipRow,
  UserRow,
  UsersRepository,
} from '../users/users.repository.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { LoginThrottle } from './login-throttle.ts';
import { signInWarning } from './sign-in-warning.ts';
import { verifyAgainstDummy, verifyPassword } from './passwords.ts';
import type { SignInsRepository } from './sign-ins.repository.ts';
import { hashToken, newToken } from './tokens.ts';

/** The signed-in person behind a request or socket. */
export interface AuthContext {
  signInId: string;
  /** The sign-in said "This is a shared computer" (the browser keeps no offline copy). */
  sharedComputer: boolean;
  user: { id: string; email: string; displayName: string; isAdmin: boolean };
}

export interface AuthServiceDeps {
  users: UsersRepository;
  signIns: SignInsRepository;
  audit: AuditRepository;
  throttle: LoginThrottle;
  mailer: Mailer;
  events: EventBus;
  logger: Logger;
  idleMs: number;
  absoluteMs: number;
}

/** Writes `last_seen_at` at most this often, so reading pages does not write on every request. */
const TOUCH_INTERVAL_MS = 60_000;

export class AuthService {
  readonly #deps: AuthServiceDeps;
  readonly #warnings = new Set<Promise<void>>();
  constructor(deps: AuthServiceDeps) {
    this.#deps = deps;
  }

  get absoluteMs(): number {
    return this.#deps.absoluteMs;
  }

  /**
   * Checks the credentials and opens a new sign-in (a fresh token every time, so a token planted before
   * sign-in is useless after it). Unknown email and wrong password give the same answer in the same time.
   */
  async login(
    email: string,
    password: string,
    ip: string,
    sharedComputer = false,
  ): Promise<{ token: string; user: UserRow }> {
    const user = await this.checkPassword(email, password, ip);
    const token = await this.openSignIn(user.id, sharedComputer);
    await this.recordSignIn(user.id, ip);
    return { token, user };
  }

  /** Audits a sign-in; `via` names the single sign-on provider when it was not by password. */
  async recordSignIn(userId: string, ip: string, via?: string): Promise<void> {
    await this.#deps.audit.record({
      actorUserId: userId,
      action: 'auth.login',
      detail: via === undefined ? { ip } : { ip, via },
    });
  }

  /**
   * Checks an account's password under the sign-in limits (for signing in, and for changing the password, which
   * must not become a way round them). Throws BadCredentials, or Throttled while the address must wait.
   */
  async checkPassword(email: string, password: string, ip: string): Promise<UserRow> {
    const { users, throttle, audit, logger } = this.#deps;
    // The allowance is taken before the password is checked, so attempts sent at once cannot overrun it.
    const attempt = await throttle.begin(email, ip, (address) => {
      this.#warnOwner(address);
    });
    let user: UserRow | undefined;
    let ok: boolean;
    try {
      user = await users.findByEmail(email);
      ok = user?.passwordHash ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDummy(password);
    } catch (error) {
      await attempt.abandoned();
      throw error;
    }
    if (!user || !ok) {
      await attempt.failed();
      await audit.record({ actorUserId: user?.id ?? null, action: 'auth.login_failed', detail: { ip } });
      logger.info({ userId: user?.id ?? null }, 'sign-in refused');
      throw new BadCredentials();
    }
    await attempt.succeeded();
    if (user.disabledAt) {
      // Said only to someone who knows the password, so it reveals nothing to a stranger guessing addresses.
      await audit.record({ actorUserId: user.id, action: 'auth.login_refused_disabled', detail: { ip } });
      throw new Refused(
        'Your Crosswalk account has been switched off. If you think this is a mistake, ask your headteacher or a Crosswalk administrator.',
      );
    }
    return user;
  }

  /** Resolves once every owner warning already started has been written (for shutdown, and tests). */
  async settled(): Promise<void> {
    await Promise.all([...this.#warnings]);
  }

  /**
   * Emails the owner that someone is trying to sign in to their account, without holding up the answer (so the
   * answer takes the same time whether the account exists or not). Once per window, see LoginThrottle.
   */
  #warnOwner(email: string): void {
    const { users, mailer, logger } = this.#deps;
    const warning = users
      .findByEmail(email)
      .then(async (user) => {
        if (!user || user.disabledAt) {
          return;
        }
        await mailer.send(signInWarning(user.email, user.displayName));
        logger.warn({ userId: user.id }, 'many failed sign-ins on an account; owner told by email');
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'could not tell an account owner about failed sign-ins');
      })
      .finally(() => {
        this.#warnings.delete(warning);
      });
    this.#warnings.add(warning);
  }

  async openSignIn(userId: string, sharedComputer = false): Promise<string> {
    const token = newToken();
    const expiresAt = new Date(Date.now() + this.#deps.absoluteMs);
    await this.#deps.signIns.create(hashToken(token), userId, expiresAt, sharedComputer);
    return token;
  }

  async logout(token: string): Promise<void> {
    await this.endSignIn(hashToken(token), 'signed_out');
  }

  /**
   * Ends one sign-in: it is deleted (so its cookie and its realtime tickets open nothing more) and
   * `auth.sign_in_ended` is announced, which ends every realtime connection it opened, on every process.
   */
  async endSignIn(signInId: string, reason: SignInEndReason): Promise<void> {
    await this.#deps.signIns.delete(signInId);
    this.#ended(signInId, reason);
  }

  /**
   * Ends every sign-in of a person, all at once (for a password change, the account's removal or its
   * deactivation), except `keep` (e.g. the sign-in that changed the password). Returns how many ended.
   */
  async endSignInsOf(userId: string, reason: SignInEndReason, keep?: string): Promise<number> {
    const ended = await this.#deps.signIns.deleteForUser(userId, keep);
    for (const signInId of ended) {
      this.#ended(signInId, reason);
    }
    return ended.length;
  }

  /** Ends the sign-ins past their absolute expiry or idle too long (the periodic sweep); returns how many. */
  async endExpiredSignIns(): Promise<number> {
    const ended = await this.#deps.signIns.deleteExpired(new Date(Date.now() - this.#deps.idleMs));
    for (const signInId of ended) {
      this.#ended(signInId, 'expired');
    }
    return ended.length;
  }

  /** Of these sign-in ids, those still live: not ended, not expired, not idle too long, account not disabled. */
  liveSignIns(signInIds: readonly string[]): Promise<Set<string>> {
    return this.#deps.signIns.liveAmong(signInIds, new Date(Date.now() - this.#deps.idleMs));
  }

  async isSignInLive(signInId: string): Promise<boolean> {
    return (await this.liveSignIns([signInId])).has(signInId);
  }

  #ended(signInId: string, reason: SignInEndReason): void {
    this.#deps.logger.info({ signIn: signInLogId(signInId), reason }, 'sign-in ended');
    this.#deps.events.publish('auth.sign_in_ended', { signInId, reason });
  }

  /** The sign-in's person, or null when the token is unknown, expired, idle too long or the account disabled. */
  async authenticate(token: string): Promise<AuthContext | null> {
    const { signIns, users } = this.#deps;
    const id = hashToken(token);
    const signIn = await signIns.findLive(id, new Date(Date.now() - this.#deps.idleMs));
    if (!signIn) {
      return null;
    }
    const user = await users.findById(signIn.userId);
    if (!user || user.disabledAt) {
      return null;
    }
    if (Date.now() - signIn.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
      await signIns.touch(id);
    }
    return {
      signInId: id,
      sharedComputer: signIn.sharedComputer,
      user: { id: user.id, email: user.email, displayName: user.displayName, isAdmin: user.isAdmin },
    };
  }

  /** The same facts for a person known only by id (a realtime ticket); null if the account is gone or disabled. */
  async actorForUser(userId: string): Promise<(Actor & { displayName: string }) | null> {
    const user = await this.#deps.users.findById(userId);
    if (!user || user.disabledAt) {
      return null;
    }
    const auth: AuthContext = {
      signInId: '',
      sharedComputer: false,
      user: { id: user.id, email: user.email, displayName: user.displayName, isAdmin: user.isAdmin },
    };
    return { ...toActor(auth, await this.#memberships(user.id)), displayName: user.displayName };
  }

  /** The facts the permission rules need about a signed-in person. */
  async actorFor(auth: AuthContext): Promise<Actor> {
    return toActor(auth, await this.#memberships(auth.user.id));
  }

  /** The signed-in person as the web app shows them: who they are, their schools and partnerships. */
  async me(auth: AuthContext): Promise<Me> {
    const memberships = await this.#memberships(auth.user.id);
    return {
      ...auth.user,
      canInvite: canInviteAnyone(toActor(auth, memberships)),
      ...memberships,
      sharedComputer: auth.sharedComputer,
    };
  }

  async #memberships(userId: string) {
    const [schools, partnerships] = await Promise.all([
      this.#deps.users.schoolsOf(userId),
      this.#deps.users.partnershipsOf(userId),
    ]);
    return { schools, partnerships };
  }
}

/** How logs name a sign-in: the start of its id (itself a hash of the cookie), enough to follow one through logs. */
export function signInLogId(signInId: string): string {
  return signInId.slice(0, 12);
}

function toActor(
  auth: AuthContext,
  memberships: { schools: SchoolMembershipRow[]; partnerships: PartnershipMembershipRow[] },
): Actor {
  return {
    userId: auth.user.id,
    isAdmin: auth.user.isAdmin,
    schools: memberships.schools.map((s) => ({ schoolId: s.schoolId, role: s.role })),
    partnerships: memberships.partnerships.map((p) => ({ partnershipId: p.partnershipId, role: p.role })),
  };
}
