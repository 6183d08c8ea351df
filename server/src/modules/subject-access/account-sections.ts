import { ReviewRoleLabel, RoleLabel, type ReviewRole } from '@crosswalk/shared';
import { reviewName, when, type SubjectAccessSection } from './section.ts';

const roleLabel = (role: string): string => (role in RoleLabel ? RoleLabel[role as keyof typeof RoleLabel] : role);
const reviewRoleLabel = (role: string): string =>
  role in ReviewRoleLabel ? ReviewRoleLabel[role as ReviewRole] : role;

/** Name, email address, schools and jobs, when the account was made, and single sign-on links (never a secret). */
export const profileSection: SubjectAccessSection = {
  file: 'profile',
  title: 'Your account',
  explains:
    'Your name, email address, the schools you work at and your job there, when your account was made, whether it is switched off, and any single sign-on account linked to it. Your password is kept only in a scrambled form that cannot be turned back into it, so it is not included.',
  async collect({ sql, subject }) {
    const [account] = await sql<
      {
        displayName: string;
        email: string;
        isAdmin: boolean;
        createdAt: Date;
        disabledAt: Date | null;
        hasPassword: boolean;
      }[]
    >`
      select display_name, email, is_admin, created_at, disabled_at, password_hash is not null as has_password
      from users where id = ${subject.id}`;
    const schools = await sql<{ school: string; job: string; designatedSafeguardingLead: boolean }[]>`
      select s.name as school, m.role as job, m.is_dsl as designated_safeguarding_lead
      from school_members m join schools s on s.id = m.school_id
      where m.user_id = ${subject.id} order by s.name`;
    const singleSignOn = await sql<{ provider: string; accountAtProvider: string; linkedAt: Date }[]>`
      select provider, subject as account_at_provider, linked_at
      from user_identities where user_id = ${subject.id} order by linked_at`;
    const safeguardingContact = await sql<{ school: string; role: string; name: string; phone: string }[]>`
      select s.name as school, c.role, c.name, c.phone
      from school_safeguarding_contacts c join schools s on s.id = c.school_id
      where c.email = ${subject.email} order by s.name, c.role`;
    if (!account) {
      return { data: {}, lines: [] };
    }
    const lines = [
      `Name: ${account.displayName}`,
      `Email address: ${account.email}`,
      `Account made: ${when(account.createdAt)}`,
      account.disabledAt ? `Account switched off: ${when(account.disabledAt)}` : 'Account: active',
      account.hasPassword ? 'A password is set (kept scrambled, not included).' : 'No password is set.',
      ...(account.isAdmin ? ['You are a Crosswalk administrator.'] : []),
      ...schools.map(
        (s) =>
          `${roleLabel(s.job)} at ${s.school}${s.designatedSafeguardingLead ? ' (designated safeguarding lead)' : ''}`,
      ),
      ...singleSignOn.map((l) => `Single sign-on with ${l.provider}, linked ${when(l.linkedAt)}`),
      ...safeguardingContact.map(
        (c) =>
          `Listed as ${c.role === 'dsl' ? 'designated safeguarding lead' : 'deputy designated safeguarding lead'} for ${c.school}${c.phone ? `, telephone ${c.phone}` : ''}`,
      ),
    ];
    return {
      data: {
        name: account.displayName,
        email: account.email,
        administrator: account.isAdmin,
        accountMadeAt: account.createdAt,
        switchedOffAt: account.disabledAt,
        passwordSet: account.hasPassword,
        schools: schools.map((s) => ({ ...s, jobInWords: roleLabel(s.job) })),
        singleSignOn,
        safeguardingContactFor: safeguardingContact,
      },
      lines,
    };
  },
};

/** School roles, partnership roles and places on review teams, with dates. */
export const rolesSection: SubjectAccessSection = {
  file: 'roles',
  title: 'Your roles',
  explains:
    'Your roles in schools and partnerships, and every review team you are or were on, with the review’s host school, academic year and when you were added.',
  async collect({ sql, subject }) {
    const schoolRoles = await sql<{ school: string; role: string; since: Date }[]>`
      select s.name as school, m.role, m.created_at as since
      from school_members m join schools s on s.id = m.school_id
      where m.user_id = ${subject.id} order by m.created_at, s.name`;
    const partnershipRoles = await sql<{ partnership: string; role: string; since: Date }[]>`
      select p.name as partnership, m.role, m.created_at as since
      from partnership_members m join partnerships p on p.id = m.partnership_id
      where m.user_id = ${subject.id} order by m.created_at, p.name, m.role`;
    const reviews = await sql<
      {
        reviewId: string;
        hostSchool: string;
        academicYear: string;
        partnership: string;
        reviewState: string;
        role: string;
        addedAt: Date;
        addedBy: string | null;
      }[]
    >`
      select r.id as review_id, hs.name as host_school, r.academic_year, p.name as partnership, r.state as review_state,
        rm.role, rm.added_at, ab.display_name as added_by
      from review_members rm
        join reviews r on r.id = rm.review_id
        join schools hs on hs.id = r.host_school_id
        join partnerships p on p.id = r.partnership_id
        left join users ab on ab.id = rm.added_by
      where rm.user_id = ${subject.id} order by rm.added_at, hs.name`;
    return {
      data: { schoolRoles, partnershipRoles, reviewTeams: reviews },
      lines: [
        ...schoolRoles.map((r) => `${roleLabel(r.role)} at ${r.school}, since ${when(r.since)}`),
        ...partnershipRoles.map((r) => `${roleLabel(r.role)} in ${r.partnership}, since ${when(r.since)}`),
        ...reviews.map(
          (r) =>
            `${reviewRoleLabel(r.role)} on the ${reviewName(r)}, added ${when(r.addedAt)}${r.addedBy ? ` by ${r.addedBy}` : ''}`,
        ),
      ],
    };
  },
};

/** When they signed in and on which kind of computer; never the sign-in's secret or its hash. */
export const signInsSection: SubjectAccessSection = {
  file: 'sign-ins',
  title: 'Your sign-ins',
  explains:
    'Each sign-in Crosswalk still keeps (it forgets them once they end or expire): when it started, when it was last used, when it expires and whether you said it was a shared computer; and when you asked for a link to choose a new password. The secret that keeps you signed in is never kept in a readable form and is not included. Every sign-in is also in audit.json.',
  async collect({ sql, subject }) {
    const signIns = await sql<{ startedAt: Date; lastUsedAt: Date; expiresAt: Date; sharedComputer: boolean }[]>`
      select created_at as started_at, last_seen_at as last_used_at, expires_at, shared_computer
      from sign_ins where user_id = ${subject.id} order by created_at`;
    const passwordResetLinks = await sql<{ requestedAt: Date; expiresAt: Date; usedAt: Date | null }[]>`
      select created_at as requested_at, expires_at, used_at
      from password_resets where user_id = ${subject.id} order by created_at`;
    return {
      data: { signIns, passwordResetLinks },
      lines: [
        ...signIns.map(
          (s) =>
            `Signed in ${when(s.startedAt)}, last used ${when(s.lastUsedAt)}${s.sharedComputer ? ', on a shared computer' : ''}`,
        ),
        ...passwordResetLinks.map(
          (r) => `Asked for a new-password link ${when(r.requestedAt)}${r.usedAt ? `, used ${when(r.usedAt)}` : ''}`,
        ),
      ],
    };
  },
};

/** Invitations sent to them, and those they sent (the other person by name only, never their email address). */
export const invitationsSection: SubjectAccessSection = {
  file: 'invitations',
  title: 'Invitations',
  explains:
    'Invitations to join Crosswalk, a school or a partnership that were sent to you, and those you sent to other people (named, without their email addresses). The link in an invitation is never kept in a readable form and is not included.',
  async collect({ sql, subject }) {
    const columns = sql`
      i.created_at as sent_at, i.expires_at, i.accepted_at, i.revoked_at as withdrawn_at, s.name as school,
      i.school_role, p.name as partnership, i.partnership_role`;
    const joins = sql`left join schools s on s.id = i.school_id left join partnerships p on p.id = i.partnership_id`;
    type Row = {
      sentAt: Date;
      expiresAt: Date;
      acceptedAt: Date | null;
      withdrawnAt: Date | null;
      school: string | null;
      schoolRole: string | null;
      partnership: string | null;
      partnershipRole: string | null;
    };
    const toYou = await sql<(Row & { invitedBy: string | null })[]>`
      select ${columns}, ib.display_name as invited_by
      from invitations i ${joins} left join users ib on ib.id = i.invited_by
      where i.user_id = ${subject.id} order by i.created_at`;
    const byYou = await sql<(Row & { invitedPerson: string })[]>`
      select ${columns}, u.display_name as invited_person
      from invitations i ${joins} join users u on u.id = i.user_id
      where i.invited_by = ${subject.id} order by i.created_at`;
    const what = (r: Row) =>
      [
        r.school ? `${r.schoolRole ? roleLabel(r.schoolRole) : 'a member of staff'} at ${r.school}` : '',
        r.partnership ? `${r.partnershipRole ? roleLabel(r.partnershipRole) : 'a member'} in ${r.partnership}` : '',
      ]
        .filter(Boolean)
        .join(' and ') || 'Crosswalk';
    const outcome = (r: Row) =>
      r.acceptedAt
        ? `accepted ${when(r.acceptedAt)}`
        : r.withdrawnAt
          ? `withdrawn ${when(r.withdrawnAt)}`
          : 'not accepted';
    return {
      data: { sentToYou: toYou, sentByYou: byYou },
      lines: [
        ...toYou.map(
          (r) => `Invited to ${what(r)}${r.invitedBy ? ` by ${r.invitedBy}` : ''} ${when(r.sentAt)}; ${outcome(r)}`,
        ),
        ...byYou.map((r) => `You invited ${r.invitedPerson} to ${what(r)} ${when(r.sentAt)}; ${outcome(r)}`),
      ],
    };
  },
};
