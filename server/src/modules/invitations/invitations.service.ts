import {
  Limits,
  RoleLabel,
  canInviteAnyone,
  canInviteInto,
  type Actor,
  type InvitationAccept,
  type InvitationCreate,
  type InvitationJoin,
  type InvitationPreview,
  type InvitationSummary,
} from '@crosswalk/shared';
import type { Queryable, Sql } from '../../db/client.ts';
import { Conflict, InvitationInvalid, Invalid, Refused } from '../../errors/domain-errors.ts';
import type { Logger } from '../../logger.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import { hashPassword } from '../auth/passwords.ts';
import { hashToken, newToken } from '../auth/tokens.ts';
import type { DirectoryRepository } from '../directory/directory.repository.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import type { InvitationsRepository, OfferedRoles } from './invitations.repository.ts';

export interface InvitationsServiceDeps {
  sql: Sql;
  users: UsersRepository;
  invitations: InvitationsRepository;
  directory: DirectoryRepository;
  audit: AuditRepository;
  mailer: Mailer;
  logger: Logger;
}

/** Invitations: the only way a new account comes into being (besides the first administrator). */
export class InvitationsService {
  readonly #deps: InvitationsServiceDeps;
  constructor(deps: InvitationsServiceDeps) {
    this.#deps = deps;
  }

  /** Schools and partnerships the person may invite others into, for the invitation form. */
  async options(actor: Actor) {
    const { directory } = this.#deps;
    const [schools, partnerships] = await Promise.all([directory.schools(), directory.partnerships()]);
    return {
      schools: schools
        .filter((s) => canInviteInto(actor, { schoolId: s.id, schoolPartnershipIds: s.partnershipIds }))
        .map((s) => ({ id: s.id, name: s.name, county: s.county })),
      partnerships: partnerships.filter((p) => canInviteInto(actor, { partnershipId: p.id })),
    };
  }

  async list(actor: Actor): Promise<InvitationSummary[]> {
    if (!canInviteAnyone(actor)) {
      throw new Refused();
    }
    return this.#deps.invitations.listSentBy(actor.isAdmin ? null : actor.userId, 100);
  }

  async invite(actor: Actor, input: InvitationCreate, origin: string): Promise<InvitationSummary> {
    const { sql, users, invitations, directory, audit, mailer } = this.#deps;
    const school = input.school ? await directory.school(input.school.schoolId) : undefined;
    if (input.school && !school) {
      throw new Invalid('school.schoolId: No such school', [{ path: 'school.schoolId', message: 'No such school' }]);
    }
    const partnership = input.partnership ? await directory.partnership(input.partnership.partnershipId) : undefined;
    if (input.partnership && !partnership) {
      throw new Invalid('partnership.partnershipId: No such partnership', [
        { path: 'partnership.partnershipId', message: 'No such partnership' },
      ]);
    }
    const allowed = canInviteInto(actor, {
      partnershipId: partnership?.id,
      schoolId: school?.id,
      schoolPartnershipIds: school?.partnershipIds,
    });
    if (!allowed) {
      throw new Refused('You can only invite people into your own school or into the partnerships you lead.');
    }
    const existing = await users.findByEmail(input.email);
    if (existing?.disabledAt) {
      throw new Conflict(`The Crosswalk account of ${input.email} is switched off.`);
    }
    // Someone who already uses Crosswalk keeps their account: the invitation offers the role, given when they
    // accept it while signed in. A new account gets its roles now and its password when the link is used.
    const joining = existing !== undefined && (await invitations.accountInUse(existing.id));
    const token = newToken();
    const expiresAt = new Date(Date.now() + Limits.invitationValidHours * 3_600_000);
    const created = await sql.begin(async (tx) => {
      const user = existing ?? (await users.create({ email: input.email, displayName: input.displayName }, tx));
      if (!joining) {
        await this.#giveRoles(user.id, input, tx);
      }
      await invitations.revokeOpenFor(user.id, tx);
      const id = await invitations.create(
        {
          tokenHash: hashToken(token),
          userId: user.id,
          invitedBy: actor.userId,
          expiresAt,
          ...(joining ? { offers: input } : {}),
        },
        tx,
      );
      await audit.record(
        {
          actorUserId: actor.userId,
          action: 'invitation.created',
          subjectId: user.id,
          detail: {
            joining,
            schoolId: school?.id ?? null,
            schoolRole: input.school?.role ?? null,
            partnershipId: partnership?.id ?? null,
            partnershipRole: input.partnership?.role ?? null,
          },
        },
        tx,
      );
      return { id, user };
    });
    const where = [
      input.school && school ? `${RoleLabel[input.school.role]} at ${school.name}` : undefined,
      input.partnership && partnership ? `${RoleLabel[input.partnership.role]} in ${partnership.name}` : undefined,
    ].filter(Boolean);
    await mailer.send({
      to: input.email,
      subject: joining ? 'You are invited to a new role on Crosswalk' : 'You are invited to Crosswalk',
      text: [
        `Hello ${created.user.displayName},`,
        '',
        joining
          ? `You have been invited to join ${where.join(' and ')} on Crosswalk, with the account you already have.`
          : `You have been invited to Crosswalk, the platform for peer reviews between schools, as ${where.join(' and ')}.`,
        '',
        joining
          ? 'To accept, open this link and sign in as you usually do:'
          : 'To accept, open this link and choose a password:',
        `${origin}/invite#${token}`,
        '',
        `The link works once and expires in ${Limits.invitationValidHours / 24} days.`,
        'If you were not expecting this, you can ignore this email.',
      ].join('\n'),
    });
    return {
      id: created.id,
      email: created.user.email,
      displayName: created.user.displayName,
      createdAt: new Date().toISOString(),
      expiresAt: expiresAt.toISOString(),
      acceptedAt: null,
    };
  }

  async preview(token: string): Promise<InvitationPreview> {
    const invitation = await this.#deps.invitations.findByTokenHash(hashToken(token));
    if (!invitation || !isOpen(invitation)) {
      throw new InvitationInvalid();
    }
    return {
      email: invitation.email,
      displayName: invitation.displayName,
      invitedBy: invitation.invitedByName ?? 'Crosswalk',
      expiresAt: invitation.expiresAt.toISOString(),
      existingAccount: offersRoles(invitation),
      offers: [
        invitation.schoolRole && invitation.schoolName
          ? `${RoleLabel[invitation.schoolRole]} at ${invitation.schoolName}`
          : undefined,
        invitation.partnershipRole && invitation.partnershipName
          ? `${RoleLabel[invitation.partnershipRole]} in ${invitation.partnershipName}`
          : undefined,
      ].filter((offer) => offer !== undefined),
    };
  }

  /**
   * Accepts an invitation to an account the person already has, while signed in to it: the roles it offers are
   * given, and no account is made. Someone signed in as another person is refused.
   */
  async join(userId: string, input: InvitationJoin): Promise<void> {
    const { sql, invitations, audit } = this.#deps;
    await sql.begin(async (tx) => {
      const invitation = await invitations.findByTokenHash(hashToken(input.token), tx, true);
      if (!invitation || !isOpen(invitation) || !offersRoles(invitation)) {
        throw new InvitationInvalid();
      }
      if (invitation.userId !== userId) {
        throw new Refused(`This invitation is for ${invitation.email}. Sign in as that person to accept it.`);
      }
      await this.#giveRoles(
        userId,
        {
          school:
            invitation.schoolId && invitation.schoolRole
              ? { schoolId: invitation.schoolId, role: invitation.schoolRole }
              : undefined,
          partnership:
            invitation.partnershipId && invitation.partnershipRole
              ? { partnershipId: invitation.partnershipId, role: invitation.partnershipRole }
              : undefined,
        },
        tx,
      );
      await invitations.markAccepted(invitation.id, tx);
      await audit.record({ actorUserId: userId, action: 'invitation.accepted', subjectId: invitation.id }, tx);
    });
  }

  async #giveRoles(userId: string, roles: OfferedRoles, tx: Queryable): Promise<void> {
    const { users } = this.#deps;
    if (roles.school) {
      await users.addSchoolMembership(userId, roles.school.schoolId, roles.school.role, tx);
    }
    if (roles.partnership) {
      await users.addPartnershipRole(userId, roles.partnership.partnershipId, roles.partnership.role, tx);
    }
  }

  /** Sets the password and uses up the invitation; returns the account's id so the caller can sign them in. */
  async accept(input: InvitationAccept): Promise<string> {
    const { sql, invitations, users, audit } = this.#deps;
    const passwordHash = await hashPassword(input.password);
    return sql.begin(async (tx) => {
      const invitation = await invitations.findByTokenHash(hashToken(input.token), tx, true);
      // An invitation to an existing account is accepted by signing in to it (`join`), never by a new password.
      if (!invitation || !isOpen(invitation) || offersRoles(invitation)) {
        throw new InvitationInvalid();
      }
      await users.setPassword(invitation.userId, passwordHash, tx);
      await invitations.markAccepted(invitation.id, tx);
      await audit.record(
        { actorUserId: invitation.userId, action: 'invitation.accepted', subjectId: invitation.id },
        tx,
      );
      return invitation.userId;
    });
  }
}

/** Whether the invitation is to an existing account (it carries the roles it gives when accepted). */
function offersRoles(invitation: { schoolId: string | null; partnershipId: string | null }): boolean {
  return invitation.schoolId !== null || invitation.partnershipId !== null;
}

function isOpen(invitation: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }): boolean {
  return !invitation.acceptedAt && !invitation.revokedAt && invitation.expiresAt.getTime() > Date.now();
}
