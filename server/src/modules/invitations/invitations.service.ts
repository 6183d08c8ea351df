import {
  Limits,
  RoleLabel,
  canInviteAnyone,
  canInviteInto,
  type Actor,
  type InvitationAccept,
  type InvitationCreate,
  type InvitationPreview,
  type InvitationSummary,
} from '@crosswalk/shared';
import type { Sql } from '../../db/client.ts';
import { Conflict, InvitationInvalid, Invalid, Refused } from '../../errors/domain-errors.ts';
import type { Logger } from '../../logger.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import { hashPassword } from '../auth/passwords.ts';
import { hashToken, newToken } from '../auth/tokens.ts';
import type { DirectoryRepository } from '../directory/directory.repository.ts';
import type { Mailer } from '../mail/mailer.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import type { InvitationsRepository } from './invitations.repository.ts';

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
        .filter((s) => canInviteInto(actor, { schoolPartnershipIds: s.partnershipIds }))
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
      schoolPartnershipIds: school?.partnershipIds,
    });
    if (!allowed) {
      throw new Refused('You can only invite people into the partnerships you lead.');
    }
    const existing = await users.findByEmail(input.email);
    if (existing?.passwordHash) {
      throw new Conflict(`${input.email} already has a Crosswalk account.`);
    }
    const token = newToken();
    const expiresAt = new Date(Date.now() + Limits.invitationValidHours * 3_600_000);
    const created = await sql.begin(async (tx) => {
      const user = existing ?? (await users.create({ email: input.email, displayName: input.displayName }, tx));
      if (input.school) {
        await users.addSchoolMembership(user.id, input.school.schoolId, input.school.role, tx);
      }
      if (input.partnership) {
        await users.addPartnershipRole(user.id, input.partnership.partnershipId, input.partnership.role, tx);
      }
      await invitations.revokeOpenFor(user.id, tx);
      const id = await invitations.create(
        { tokenHash: hashToken(token), userId: user.id, invitedBy: actor.userId, expiresAt },
        tx,
      );
      await audit.record({ actorUserId: actor.userId, action: 'invitation.created', subjectId: user.id }, tx);
      return { id, user };
    });
    const where = [
      input.school && school ? `${RoleLabel[input.school.role]} at ${school.name}` : undefined,
      input.partnership && partnership ? `${RoleLabel[input.partnership.role]} in ${partnership.name}` : undefined,
    ].filter(Boolean);
    await mailer.send({
      to: input.email,
      subject: 'You are invited to Crosswalk',
      text: [
        `Hello ${input.displayName},`,
        '',
        `You have been invited to Crosswalk, the platform for peer reviews between schools, as ${where.join(' and ')}.`,
        '',
        'To accept, open this link and choose a password:',
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
    };
  }

  /** Sets the password and uses up the invitation; returns the account's id so the caller can sign them in. */
  async accept(input: InvitationAccept): Promise<string> {
    const { sql, invitations, users, audit } = this.#deps;
    const passwordHash = await hashPassword(input.password);
    return sql.begin(async (tx) => {
      const invitation = await invitations.findByTokenHash(hashToken(input.token), tx, true);
      if (!invitation || !isOpen(invitation)) {
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

function isOpen(invitation: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }): boolean {
  return !invitation.acceptedAt && !invitation.revokedAt && invitation.expiresAt.getTime() > Date.now();
}
