import { ReviewStateLabel, type ReviewState } from '../domain/review-states.ts';
import { RoleLabel } from '../roles.ts';

/**
 * The actions the audit log page offers as filters, with their names in plain words. Other actions are still
 * listed and described, more generally.
 */
export const AuditActionLabel: Record<string, string> = {
  'invitation.created': 'Invited someone',
  'invitation.accepted': 'Accepted an invitation',
  'staff.role_changed': 'Changed a school role',
  'staff.removed': 'Removed someone from a school',
  'account.deactivated': 'Switched an account off',
  'account.reactivated': 'Switched an account back on',
  'account.erased': 'Erased a person’s account',
  'school.erasure_policy_changed': 'Changed what happens to an erased person’s words',
  'account.renamed': 'Changed their name',
  'account.data_exported': 'Downloaded everything Crosswalk holds about a person',
  'auth.login': 'Signed in',
  'auth.login_failed': 'Failed to sign in',
  'auth.login_refused_disabled': 'Tried to sign in to a switched-off account',
  'auth.password_changed': 'Changed their password',
  'auth.password_reset_requested': 'Asked to reset a password',
  'auth.password_reset': 'Reset their password',
  'auth.sso_linked': 'Linked a single sign-on account',
  'review.created': 'Created a review',
  'review.member_added': 'Added someone to a review team',
  'review.member_removed': 'Removed someone from a review team',
  'review.signed_off': 'Signed off a review',
  'review.self_review_submitted': 'Submitted the self-review',
  'review.opened_early': 'Opened a review before its first review day',
  'review.sharing_changed': 'Changed what a review shares with the improvement champion or SPP associate',
  'review.finding_sharing_changed': 'Changed whether a finding may be shared beyond the school',
  'partnership.access_window_changed': 'Changed how long reviewers keep a closed review',
  'partnership.retention_changed': "Changed how long a closed review's content is kept",
  'school.safeguarding_retention_changed': 'Changed how long records of safeguarding concerns are kept',
  'retention.deletion_notice_sent': "Crosswalk told the host headteacher when a review's content will be deleted",
  'retention.review_content_deleted': "Crosswalk deleted a closed review's content at the end of its retention",
  'retention.safeguarding_records_deleted':
    "Crosswalk deleted records of safeguarding concerns at the end of the school's retention",
  'comment.refused': 'Was refused a comment',
  'evaluation.self_rating_saved': 'Saved a school’s own partnership evaluation rating',
  'evaluation.agreed_rating_saved': 'Recorded the partnership’s agreed evaluation rating',
  'evaluation.rating_refused': 'Was refused a partnership evaluation rating',
  'support.requested': 'Asked partner schools for support on an action',
  'support.offered': 'Offered support to another school',
  'support.offer_refused': 'Was refused an offer of support',
  'support.accepted': 'Accepted a school’s offer of support',
  'support.status_changed': 'Changed the status of school-to-school support',
  'support.note_added': 'Added a progress note to school-to-school support',
  'support.withdrawn': 'Withdrew a request for support',
  'support.update_refused': 'Was refused a change to school-to-school support',
  'board.school_data_refused': 'Was refused one school’s data as a local authority or board viewer',
  'board.view_refused': 'Was refused the partnership’s board view',
  'review.correction_proposed': 'Proposed a correction of fact',
  'review.correction_accepted': 'Accepted a correction of fact',
  'review.correction_rejected': 'Rejected a correction of fact',
  'review.correction_refused': 'Was refused a correction of fact',
  'report.exported': 'Downloaded the agreed report',
  'report.governor_sections_set': 'Chose what the governors’ version of the report holds',
  'admin.created_at_start': 'Became the first administrator',
  'auth.sso_refused': 'Was refused single sign-on',
  'calendar.day_times_set': 'Set the school day times',
  'calendar.event_added': 'Added a calendar date',
  'calendar.event_removed': 'Removed a calendar date',
  'calendar.imported': 'Imported calendar dates',
  'local_authority.created': 'Set up a local authority',
  'local_authority.updated': 'Changed a local authority',
  'partnership.created': 'Set up a partnership',
  'partnership.updated': 'Changed a partnership',
  'partnership.school_added': 'Added a school to a partnership',
  'partnership.school_removed': 'Removed a school from a partnership',
  'partnership.schools_imported': 'Imported schools into a partnership',
  'rota.generated': 'Proposed a review rota',
  'rota.entry_edited': 'Changed the review rota',
  'rota.published': 'Published the review rota',
  'school.created': 'Set up a school',
  'school.updated': 'Changed a school',
  'school.safeguarding_contacts_updated': "Changed a school's safeguarding contacts",
  'trust.created': 'Set up a trust',
  'trust.renamed': 'Renamed a trust',
  'session.scheduled_on_non_school_day': 'Scheduled a session on a day the school is closed',
  'action_plan.published': 'Published an action plan',
  'action.status_changed': 'Changed the status of an action',
  'action.note_added': 'Added an evidence note to an action',
  'action.owner_set': 'Named who owns an action',
  'action.update_refused': 'Was refused an update to an action',
  'impact.checkpoint_scheduled': 'Scheduled an impact checkpoint',
  'impact.checkpoints_scheduled': 'Scheduled the termly impact checkpoints',
  'impact.checkpoint_moved': 'Moved an impact checkpoint',
  'impact.checkpoint_removed': 'Removed an impact checkpoint',
  'impact.huddle_recorded': 'Recorded an impact huddle',
  'impact.update_refused': 'Was refused a change to the impact review',
  'session.muted': 'Muted someone in a video session',
  'session.everyone_muted': 'Muted everyone in a video session',
  'session.unmute_asked': 'Asked someone to unmute in a video session',
  'session.hand_lowered': 'Lowered someone’s hand in a video session',
  'session.hands_lowered': 'Lowered everyone’s hands in a video session',
  'session.person_removed': 'Removed someone from a video session',
  'session.person_allowed_back': 'Let someone back into a video session',
  'session.locked': 'Locked a video session',
  'session.unlocked': 'Unlocked a video session',
  'session.captioner_given': 'Chose who types the captions in a video session',
  'session.captioner_taken': 'Took back the captioner role in a video session',
  'session.guest_admitted': 'Let a guest into a video session',
  'access.refused': 'Was refused something their role does not allow',
  'report.viewed': 'Opened a review’s report',
  'review.state_changed': 'Moved a review to its next stage',
  'safeguarding.concern_raised': 'Raised a safeguarding concern',
  'review.audit_exported': 'Downloaded a review’s audit log',
  'audit.exported': 'Downloaded the audit log',
};

export type AuditDetail = Record<string, unknown>;

function text(detail: AuditDetail, key: string): string | undefined {
  const value = detail[key];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function stage(detail: AuditDetail, key: string): string {
  const value = text(detail, key);
  return value !== undefined && value in ReviewStateLabel ? ReviewStateLabel[value as ReviewState] : 'another stage';
}

/** Each copy of the agreed report, as a download names it. */
const ReportCopy: Record<string, string> = {
  full: 'the agreed report',
  briefing: 'the improvement champion’s briefing pack of the agreed report',
  governors: 'the governors’ version of the agreed report',
};

/** What a refused request asked for, in words where the channel has a name. */
function refusedWhat(detail: AuditDetail): string {
  switch (text(detail, 'channel')) {
    case 'live_document':
      return 'the live document';
    case 'video_room':
      return 'entry to a video session';
    default: {
      const route = text(detail, 'route');
      return route === undefined ? 'access' : `access (${text(detail, 'method') ?? 'GET'} ${route})`;
    }
  }
}

function role(detail: AuditDetail, key: string): string {
  const value = text(detail, key);
  return value !== undefined && value in RoleLabel ? RoleLabel[value as keyof typeof RoleLabel] : 'a member of staff';
}

/**
 * One audit event as a sentence for an administrator: who did what to whom. Names come from the accounts as they
 * are now (`actor`, `subject`); the detail adds the school and roles recorded at the time.
 */
export function describeAuditEvent(event: {
  action: string;
  actor: string | null;
  subject: string | null;
  detail: AuditDetail;
}): string {
  const who = event.actor ?? 'Crosswalk';
  const whom = event.subject ?? 'someone';
  const at = text(event.detail, 'schoolName');
  const atSchool = at === undefined ? '' : ` at ${at}`;
  switch (event.action) {
    case 'invitation.created':
      return text(event.detail, 'schoolRole') !== undefined
        ? `${who} invited ${whom} as ${role(event.detail, 'schoolRole')}${atSchool}`
        : `${who} invited ${whom}`;
    case 'invitation.accepted':
      return `${who} accepted an invitation`;
    case 'staff.role_changed':
      return `${who} changed ${whom}’s role${atSchool} from ${role(event.detail, 'from')} to ${role(event.detail, 'to')}`;
    case 'staff.removed':
      return `${who} removed ${whom} from the staff${atSchool}`;
    case 'account.deactivated':
      return `${who} switched off ${whom}’s account`;
    case 'account.reactivated':
      return `${who} switched ${whom}’s account back on`;
    case 'account.erased':
      return `${who} erased ${whom}’s account at their request`;
    case 'school.erasure_policy_changed':
      return `${who} changed what happens to an erased person’s words${atSchool}`;
    case 'account.renamed':
      return `${who} changed their name`;
    case 'account.data_exported':
      return `${who} downloaded the data Crosswalk holds about ${whom}`;
    case 'auth.login':
      return `${who} signed in`;
    case 'auth.login_failed':
      return event.actor === null
        ? 'Someone failed to sign in with an unknown email address'
        : `${who} failed to sign in`;
    case 'auth.login_refused_disabled':
      return `${who} tried to sign in, but their account is switched off`;
    case 'auth.password_changed':
      return `${who} changed their password`;
    case 'auth.password_reset_requested':
      return `${whom} asked for a link to reset their password`;
    case 'auth.password_reset':
      return `${whom} chose a new password with a reset link`;
    case 'session.muted':
      return `${who} muted ${whom} in a video session`;
    case 'session.unmute_asked':
      return `${who} asked ${whom} to unmute in a video session`;
    case 'session.hand_lowered':
      return `${who} lowered ${whom}’s hand in a video session`;
    case 'session.person_removed':
      return `${who} removed ${whom} from a video session`;
    case 'session.person_allowed_back':
      return `${who} let ${whom} back into a video session`;
    case 'session.captioner_given':
      return `${who} asked ${whom} to type the captions in a video session`;
    case 'session.guest_admitted':
      return `${who} let ${whom} into a video session`;
    case 'access.refused':
      return `${who} was refused ${refusedWhat(event.detail)}`;
    case 'report.viewed':
      return text(event.detail, 'versionId') === undefined
        ? `${who} opened the review’s report`
        : `${who} opened a saved version of the review’s report`;
    case 'report.exported':
      return `${who} downloaded ${ReportCopy[text(event.detail, 'kind') ?? 'full'] ?? ReportCopy.full}`;
    case 'review.state_changed':
      return `${who} moved the review from “${stage(event.detail, 'from')}” to “${stage(event.detail, 'to')}”`;
    case 'safeguarding.concern_raised':
      return `A safeguarding concern was raised by someone in the role of ${text(event.detail, 'role') ?? 'a member of the review'}`;
    case 'review.audit_exported':
      return `${who} downloaded this review’s audit log`;
    default: {
      const label = AuditActionLabel[event.action];
      return label === undefined
        ? `${who}: ${event.action.replace(/[._]/g, ' ')}`
        : `${who}: ${label.charAt(0).toLowerCase()}${label.slice(1)}`;
    }
  }
}
