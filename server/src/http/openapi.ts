import {
  AgreedRatingSaveSchema,
  SelfRatingSaveSchema,
  ActionDraftSchema,
  ActionOwnerSchema,
  ActionUpdateSchema,
  CheckpointScheduleSchema,
  HuddleRecordSchema,
  SupportOfferCreateSchema,
  SupportRequestCreateSchema,
  SupportUpdateSchema,
  ActivityCreateSchema,
  AgendaUpdateSchema,
  CalendarEventInputSchema,
  CalendarImportSchema,
  CalendarScopes,
  CommentReplySchema,
  CommentThreadCreateSchema,
  FocusSchema,
  GovernorSectionsSchema,
  HealthSchema,
  InvitationAcceptSchema,
  InvitationCreateSchema,
  InvitationJoinSchema,
  LocalAuthorityInputSchema,
  LoginSchema,
  MeSchema,
  NotificationPreferencesSchema,
  NotificationSchema,
  PartnershipInputSchema,
  PartnershipSchoolLinkSchema,
  PasswordChangeSchema,
  PasswordResetLookupSchema,
  PasswordResetRequestSchema,
  PasswordResetSchema,
  ProfileUpdateSchema,
  ReadinessUpdateSchema,
  CheckResultsSchema,
  CheckTokenSchema,
  ReviewCreateSchema,
  RotaEntryEditSchema,
  RotaGenerateSchema,
  RotaPublishSchema,
  SafeguardingContactsSchema,
  SchoolCreateSchema,
  SchoolDayTimesSchema,
  SchoolImportSchema,
  SchoolInputSchema,
  SessionCreateSchema,
  SessionMoveSchema,
  SignInProviderSchema,
  SignOffCreateSchema,
  ReviewSharingSchema,
  FindingSharingSchema,
  MemberAccessWindowSchema,
  ContentRetentionSchema,
  SafeguardingRetentionSchema,
  SuggestionCreateSchema,
  StaffRoleChangeSchema,
  ErasurePolicySchema,
  ErasureRequestSchema,
  TeamMemberAddSchema,
  TransitionRequestSchema,
  TrustInputSchema,
} from '@crosswalk/shared';
import { z } from 'zod';
import { VersionCreateSchema } from '../modules/versions/versions.routes.ts';
import { VERSION } from '../version.ts';

interface RouteDoc {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  body?: z.ZodType;
  response?: z.ZodType;
  /** Sign-in required (cookie). */
  auth?: boolean;
}

/** Every API route, documented. A test compares this list with the routes Express actually serves. */
export const routeDocs: RouteDoc[] = [
  { method: 'get', path: '/api/health', summary: 'Liveness and which database is in use', response: HealthSchema },
  { method: 'get', path: '/api/openapi.json', summary: 'This document' },
  { method: 'get', path: '/api/health/live', summary: 'Liveness: the process answers' },
  {
    method: 'get',
    path: '/api/health/ready',
    summary:
      'Readiness: database reachable (or busy, having answered the last check) and not shutting down (503 otherwise); with REDIS_URL, also whether Redis is connected or unavailable (reported; not a reason to be unready)',
  },
  {
    method: 'post',
    path: '/api/auth/login',
    summary: 'Sign in; sets the session cookie',
    body: LoginSchema,
    response: MeSchema,
  },
  { method: 'post', path: '/api/auth/logout', summary: 'Sign out' },
  {
    method: 'post',
    path: '/api/auth/password-reset',
    summary: 'Ask for a link to choose a new password (202 whether or not the address has an account)',
    body: PasswordResetRequestSchema,
  },
  {
    method: 'post',
    path: '/api/auth/password-reset/lookup',
    summary: 'Which account a password reset link is for',
    body: PasswordResetLookupSchema,
  },
  {
    method: 'post',
    path: '/api/auth/password-reset/confirm',
    summary: 'Choose a new password with the emailed link; ends the account’s other sessions and signs in',
    body: PasswordResetSchema,
    response: MeSchema,
  },
  {
    method: 'get',
    path: '/api/auth/providers',
    summary: 'Single sign-on providers configured for this deployment',
    response: z.object({ providers: z.array(SignInProviderSchema) }),
  },
  {
    method: 'get',
    path: '/api/auth/oidc/{provider}/start',
    summary: 'Begin single sign-on: redirects to the provider (PKCE, state and nonce)',
  },
  {
    method: 'get',
    path: '/api/auth/oidc/{provider}/callback',
    summary: 'Return from the provider: signs in and redirects to /, or to /signin?sso=<reason>',
  },
  {
    method: 'patch',
    path: '/api/me',
    summary: 'Change the signed-in person’s name',
    body: ProfileUpdateSchema,
    response: MeSchema,
    auth: true,
  },
  {
    method: 'post',
    path: '/api/me/password',
    summary: 'Change the password (needs the current one); ends the account’s other sessions',
    body: PasswordChangeSchema,
    auth: true,
  },
  {
    method: 'get',
    path: '/api/me',
    summary: 'The signed-in person, their schools and partnerships',
    response: MeSchema,
    auth: true,
  },
  {
    method: 'get',
    path: '/api/me/export',
    summary:
      'A ZIP of everything Crosswalk holds about the signed-in person: one JSON file per kind of record, README.txt and a readable summary.txt (application/zip, as an attachment; audited; at most 10 in 10 minutes)',
    auth: true,
  },
  {
    method: 'get',
    path: '/api/invitations/options',
    summary: 'Where the signed-in person may invite people',
    auth: true,
  },
  { method: 'get', path: '/api/invitations', summary: 'Invitations the signed-in person has sent', auth: true },
  {
    method: 'post',
    path: '/api/invitations',
    summary: 'Invite someone by email',
    body: InvitationCreateSchema,
    auth: true,
  },
  {
    method: 'post',
    path: '/api/invitations/lookup',
    summary: 'What an invitation link is for',
    body: z.object({ token: z.string() }),
  },
  {
    method: 'post',
    path: '/api/invitations/accept',
    summary: 'Choose a password and sign in',
    body: InvitationAcceptSchema,
    response: MeSchema,
  },
  {
    method: 'post',
    path: '/api/invitations/join',
    summary: 'Accept an invitation to a new school or role with the account one is signed in to',
    body: InvitationJoinSchema,
    response: MeSchema,
    auth: true,
  },
  {
    method: 'get',
    path: '/api/admin/outbox',
    summary: 'Emails Crosswalk has sent or kept (administrators)',
    auth: true,
  },
  {
    method: 'get',
    path: '/api/admin/audit',
    summary:
      'The audit log, newest first, 50 a page, in plain words (administrators); query `page`, `action` (e.g. `account.deactivated`), `person` (a user id: who acted or was acted on), `review` (a review id), `fromDay` and `toDay` (dates, inclusive)',
    auth: true,
  },
  {
    method: 'get',
    path: '/api/admin/audit.csv',
    summary:
      'The audit log with the same filters as CSV (columns When, Who, Role, What, From where; administrators); the download is audited',
    auth: true,
  },
  {
    method: 'get',
    path: '/api/admin/people',
    summary:
      'Every account, 50 a page, found by name or email (`search`, `page`), with its schools and whether it is switched off (administrators)',
    auth: true,
  },
  {
    method: 'get',
    path: '/api/admin/people/{id}/export',
    summary:
      'Everything Crosswalk holds about one person, as GET /api/me/export gives it to them (administrators; 404 for anyone else; audited)',
    auth: true,
  },
  {
    method: 'get',
    path: '/api/schools/{id}/staff',
    summary: "A school's staff and their roles, open invitations, and what I may change (404 for outsiders)",
    auth: true,
  },
  {
    method: 'patch',
    path: '/api/schools/{id}/staff/{userId}',
    summary: "Give a member of the school's staff another school role (headteacher, partnership lead, administrator)",
    body: StaffRoleChangeSchema,
    auth: true,
  },
  {
    method: 'delete',
    path: '/api/schools/{id}/staff/{userId}',
    summary:
      "Remove a person from the school's staff, ending the host roles and access it gave them (the only headteacher cannot remove themselves)",
    auth: true,
  },
  {
    method: 'post',
    path: '/api/people/{id}/deactivate',
    summary:
      'Switch an account off (administrators; a headteacher for someone only on their staff): every sign-in and live connection ends at once, invitations and reset links stop working (204)',
    auth: true,
  },
  {
    method: 'post',
    path: '/api/people/{id}/reactivate',
    summary: 'Switch an account back on (administrators) (204)',
    auth: true,
  },
  {
    method: 'post',
    path: '/api/admin/people/{id}/erase',
    summary:
      "Erase a person under UK GDPR (administrators; `confirmEmail` must be their email): the account is switched off and anonymised, their words in live documents, versions, comments and updates are replaced or removed by each school's policy; answers counts only",
    body: ErasureRequestSchema,
    auth: true,
  },
  {
    method: 'get',
    path: '/api/schools/{id}/erasure-policy',
    summary: "What happens to an erased person's words in the school's reviews, and whether I may change it",
    auth: true,
  },
  {
    method: 'put',
    path: '/api/schools/{id}/erasure-policy',
    summary:
      "Choose what happens to an erased person's words (`replace`, `remove` or `keep`; the school's headteacher)",
    body: ErasurePolicySchema,
    auth: true,
  },
  {
    method: 'get',
    path: '/api/notifications',
    summary: "The signed-in person's own notifications, newest first (`?unread=1`: unread only)",
    response: z.object({ notifications: z.array(NotificationSchema) }),
    auth: true,
  },
  {
    method: 'get',
    path: '/api/notifications/unread-count',
    summary: 'How many of my notifications are unread (for the bell)',
    response: z.object({ unread: z.number().int() }),
    auth: true,
  },
  {
    method: 'post',
    path: '/api/notifications/{id}/read',
    summary: "Mark one of my notifications read (204); 404 for anyone else's",
    auth: true,
  },
  {
    method: 'post',
    path: '/api/notifications/read-all',
    summary: 'Mark all my notifications read',
    response: z.object({ marked: z.number().int() }),
    auth: true,
  },
  {
    method: 'get',
    path: '/api/me/notification-preferences',
    summary: 'How I want to hear: by email as well as in Crosswalk, or in Crosswalk only; daily digest on or off',
    response: NotificationPreferencesSchema,
    auth: true,
  },
  {
    method: 'put',
    path: '/api/me/notification-preferences',
    summary: 'Change how I want to hear',
    body: NotificationPreferencesSchema,
    response: NotificationPreferencesSchema,
    auth: true,
  },
  { method: 'get', path: '/api/partnerships', summary: 'Partnerships the signed-in person belongs to', auth: true },
  { method: 'get', path: '/api/partnerships/{id}', summary: "A cluster's schools, review rota and people", auth: true },
  {
    method: 'get',
    path: '/api/partnerships/{id}/rota',
    summary:
      "The year's draft review rota (?year=2026-27) with the rules it breaks, the schools and the trained people; for the partnership lead (or its parent's) and administrators: other members 403, outsiders 404",
    auth: true,
  },
  {
    method: 'post',
    path: '/api/partnerships/{id}/rota/generate',
    summary:
      "Generate the year's draft rota, replacing the previous draft. When the rules cannot all be kept: 422 { error: { id: 'rota_infeasible', reason: <rule>, message, problems: [{ rule, schoolId, message }] } }",
    body: RotaGenerateSchema,
    auth: true,
  },
  {
    method: 'patch',
    path: '/api/partnerships/{id}/rota/entries/{schoolId}',
    summary:
      'Change one review of the draft rota (days, lead reviewer, peer reviewers, champion); answers the rota with the rules it now breaks',
    body: RotaEntryEditSchema,
    auth: true,
  },
  {
    method: 'post',
    path: '/api/partnerships/{id}/rota/publish',
    summary:
      'Publish the draft rota: creates the draft reviews (team, host headteacher, review days) of schools not yet published and tells everyone involved; 409 while the rota breaks a rule',
    body: RotaPublishSchema,
    auth: true,
  },
  {
    method: 'get',
    path: '/api/partnerships/{id}/evaluation',
    summary:
      "The partnership's own evaluation for one year (?year=2026-27, this year by default): Crosswalk's own model, the self-ratings this person may read (their own schools'; every member school's for the partnership lead), the agreed ratings, which schools they rate for and whether they record agreed ratings; 404 for outsiders",
    auth: true,
  },
  {
    method: 'get',
    path: '/api/partnerships/{id}/evaluation/trend',
    summary:
      'The yearly trend per strand (agreed level, average self-rating this person may read) and review activity per year: reviews held, and actions completed and support matched (null while not yet recorded)',
    auth: true,
  },
  {
    method: 'put',
    path: '/api/partnerships/{id}/evaluation/self-ratings',
    summary:
      "A school's own rating of one strand for one year, with its evidence (that school's headteacher or link lead); a strand or level not in the model is refused with the reason (400) and logged; rating another school 403",
    body: SelfRatingSaveSchema,
    auth: true,
  },
  {
    method: 'put',
    path: '/api/partnerships/{id}/evaluation/agreed-ratings',
    summary:
      "The partnership's agreed rating of one strand for one year, with a note (the partnership lead); others 403; off the scale 400, logged",
    body: AgreedRatingSaveSchema,
    auth: true,
  },
  {
    method: 'get',
    path: '/api/partnerships/{id}/board',
    summary:
      "The partnership's board view for one academic year or term (?year=2025-26&term=autumn): anonymised counts of reviews by stage, enquiry themes, actions by status and support matched; a figure drawn from fewer than 5 schools is null with suppressed: true (the partnership lead, local authority or board viewers, administrators; other members 403; ?schoolId= or ?by= refused 403, logged and audited)",
    auth: true,
  },
  {
    method: 'get',
    path: '/api/partnerships/{id}/board.csv',
    summary:
      'The same board view as CSV for termly quadrant meetings: one line per figure, a hidden figure written as "Fewer than 5 schools"',
    auth: true,
  },
  {
    method: 'get',
    path: '/api/dashboard',
    summary: 'My reviews, next sessions and what is waiting for me',
    auth: true,
  },
  { method: 'get', path: '/api/reviews', summary: 'Reviews the signed-in person may see', auth: true },
  {
    method: 'post',
    path: '/api/reviews',
    summary: 'Schedule a review slot (partnership lead)',
    body: ReviewCreateSchema,
    auth: true,
  },
  {
    method: 'get',
    path: '/api/reviews/{id}',
    summary: 'A review: state, team, timetable, my access and next actions; 404 if hidden',
    auth: true,
  },
  { method: 'get', path: '/api/reviews/{id}/history', summary: "The review's state history", auth: true },
  {
    method: 'post',
    path: '/api/reviews/{id}/transitions',
    summary:
      "Take a lifecycle action; 409 with the reason if its work is not done. `override.reason` lets the lead reviewer open before the first review day; `accept_report` records the host headteacher's signature",
    body: TransitionRequestSchema,
    auth: true,
  },
  {
    method: 'post',
    path: '/api/reviews/{id}/team',
    summary: 'Add a person to the team',
    body: TeamMemberAddSchema,
    auth: true,
  },
  { method: 'delete', path: '/api/reviews/{id}/team/{userId}', summary: 'Remove a person from the team', auth: true },
  {
    method: 'get',
    path: '/api/reviews/{id}/collab',
    summary: 'A realtime ticket and the live documents this person may open; 404 if hidden',
    auth: true,
  },
  { method: 'get', path: '/api/reviews/{id}/focus', summary: 'The enquiry focus', auth: true },
  {
    method: 'put',
    path: '/api/reviews/{id}/focus',
    summary: 'Record the enquiry focus (lead reviewer, before approval)',
    body: FocusSchema,
    auth: true,
  },
  {
    method: 'patch',
    path: '/api/reviews/{id}/readiness',
    summary: 'Update the virtual-readiness checklist (host)',
    body: ReadinessUpdateSchema,
    auth: true,
  },
  {
    method: 'post',
    path: '/api/checks/open',
    summary:
      'Open the set-up check from an emailed link (no sign-in): the review, the person and the STUN/TURN servers to test. 404 check_link_invalid once the link has expired, the review has closed or the person is no longer invited',
    body: CheckTokenSchema,
  },
  {
    method: 'post',
    path: '/api/checks/results',
    summary:
      "Store the outcome of each test of a set-up check (the person's latest results are kept; the server works out the verdict). Rate limited per link",
    body: CheckResultsSchema,
  },
  {
    method: 'get',
    path: '/api/checks/download',
    summary:
      'A few hundred KB of random bytes for the set-up check to time; the link secret goes in the X-Crosswalk-Check header',
  },
  {
    method: 'post',
    path: '/api/checks/upload',
    summary:
      'Upload up to 512 KB (application/octet-stream) for the set-up check to time; the link secret goes in the X-Crosswalk-Check header. Answers { bytes }',
  },
  {
    method: 'get',
    path: '/api/reviews/{id}/check',
    summary:
      'The set-up check for a signed-in person invited to the review, with a short-lived link secret for its own requests',
    auth: true,
  },
  {
    method: 'get',
    path: '/api/reviews/{id}/checks',
    summary:
      'Who invited to the review has run the set-up check, when, and pass/warn/fail per test (lead reviewer, host link lead and headteacher)',
    auth: true,
  },
  {
    method: 'post',
    path: '/api/reviews/{id}/checks/links',
    summary:
      'Email everyone invited to the review their set-up check link again (lead reviewer or host; planned, ready or in review). Links also go out when the review becomes planned',
    auth: true,
  },
  {
    method: 'get',
    path: '/api/reviews/{id}/actions',
    summary:
      'The published action plan: { actions: [{ id, text, ownerRole, status, dueDate }] } (status not_started, on_track, at_risk or complete; dueDate YYYY-MM-DD), empty until the plan is published. 404 for anyone who may not see the action plan (the partnership lead and other schools included)',
    auth: true,
  },
  {
    method: 'get',
    path: '/api/reviews/{id}/action-plan',
    summary:
      'The published actions with owners, dates, success criteria, support needed, overdue flag and whether this person may update each; published is false before the plan is published',
    auth: true,
  },
  {
    method: 'get',
    path: '/api/reviews/{id}/previous-actions',
    summary:
      "Checking back: the host school's previous review with a published plan and its actions as they ended (label, text, owner role, due date, status, latest evidence note), or previous: null. For whoever may read this review's self-review; canOpen says whether they may open the previous review itself",
    auth: true,
  },
  {
    method: 'post',
    path: '/api/reviews/{id}/action-plan/publish',
    summary:
      'Publish the action plan again after correcting it in the document (host headteacher): words and dates follow the document, statuses, owners and history stay',
    auth: true,
  },
  {
    method: 'get',
    path: '/api/reviews/{id}/actions/{actionId}',
    summary: 'One published action and its history of status changes and evidence notes, newest first',
    auth: true,
  },
  {
    method: 'post',
    path: '/api/reviews/{id}/actions/{actionId}/updates',
    summary:
      'Record progress on an action: a new status, an evidence note (up to 2000 characters), or both (host headteacher, host link lead or the action’s owner). 201 with the action and its history',
    body: ActionUpdateSchema,
    auth: true,
  },
  {
    method: 'put',
    path: '/api/reviews/{id}/actions/{actionId}/owner',
    summary: 'Name the member of the host school’s staff who owns an action, or none (host headteacher or link lead)',
    body: ActionOwnerSchema,
    auth: true,
  },
  {
    method: 'get',
    path: '/api/reviews/{id}/impact',
    summary:
      'The impact review: checkpoints in date order with what each huddle recorded, the actions in the plan, the default termly checkpoints not yet scheduled, and whether the last recorded checkpoint lets the host close the review. 404 for anyone who may not see the action plan',
    auth: true,
  },
  {
    method: 'post',
    path: '/api/reviews/{id}/impact/checkpoints',
    summary: 'Schedule an impact checkpoint on a date and London time (host headteacher, while the plan is followed)',
    body: CheckpointScheduleSchema,
    auth: true,
  },
  {
    method: 'post',
    path: '/api/reviews/{id}/impact/checkpoints/default',
    summary:
      'Schedule the default set: one checkpoint in each remaining school term not yet covered, on a school day at 15:45 (host headteacher). 409 when every term has one',
    auth: true,
  },
  {
    method: 'put',
    path: '/api/reviews/{id}/impact/checkpoints/{checkpointId}',
    summary: 'Move a checkpoint not yet recorded (host headteacher); its reminder goes again for the new time',
    body: CheckpointScheduleSchema,
    auth: true,
  },
  {
    method: 'delete',
    path: '/api/reviews/{id}/impact/checkpoints/{checkpointId}',
    summary: 'Remove a checkpoint not yet recorded (host headteacher)',
    auth: true,
  },
  {
    method: 'post',
    path: '/api/reviews/{id}/impact/checkpoints/{checkpointId}/record',
    summary:
      'Record the impact huddle: who attended, red, amber or green for every action in the plan, one piece of impact evidence and the adjustments (host headteacher, host link lead, lead reviewer or improvement champion; on or after its day). A recorded checkpoint is kept as it was',
    body: HuddleRecordSchema,
    auth: true,
  },
  {
    method: 'get',
    path: '/api/reviews/{id}/support',
    summary:
      'School-to-school support on the review’s actions: each request with its offers, the matched school and progress notes, and the actions this person may ask for support on (whoever may read the action plan; 404 otherwise)',
    auth: true,
  },
  {
    method: 'post',
    path: '/api/reviews/{id}/actions/{actionId}/support',
    summary:
      'Ask partner schools for support on an action: what is needed and by when (host headteacher, host link lead or the action’s owner, while the plan is followed through; one open request per action). 201',
    body: SupportRequestCreateSchema,
    auth: true,
  },
  {
    method: 'get',
    path: '/api/partnerships/{id}/support',
    summary:
      'The partnership’s support board for this person: open requests of other schools their schools may offer on (host school, what is needed, by when, action label and owner role; never the action’s words or findings), requests they offered on, their own schools’ requests; 404 for outsiders',
    auth: true,
  },
  {
    method: 'get',
    path: '/api/partnerships/{id}/support/status',
    summary:
      'Status only, for the partnership lead: per request the schools, dates, statuses and offers, and counts by status; never what is needed or offered. 403 for other members, 404 for outsiders',
    auth: true,
  },
  {
    method: 'post',
    path: '/api/support-requests/{id}/offers',
    summary:
      'Offer support from a member school (its headteacher or a senior leader; not the host school) while the request is open. Refused 403 with the reason, logged and audited, for anyone else. 201',
    body: SupportOfferCreateSchema,
    auth: true,
  },
  {
    method: 'post',
    path: '/api/support-requests/{id}/offers/{offerId}/accept',
    summary:
      'Accept one offer (host headteacher or link lead): the request is matched, the other offers are declined, and each offering school is told',
    auth: true,
  },
  {
    method: 'post',
    path: '/api/support-requests/{id}/updates',
    summary:
      'Record progress on matched support: in_progress, done, a note (up to 2000 characters), or both (the host school or the matched school). 201',
    body: SupportUpdateSchema,
    auth: true,
  },
  {
    method: 'post',
    path: '/api/support-requests/{id}/withdraw',
    summary: 'Withdraw a request for support that is not done (those who may ask for it)',
    auth: true,
  },
  {
    method: 'post',
    path: '/api/reviews/{id}/sessions',
    summary:
      "Add a session to the timetable. On a day that is not a school day for the host school: 422 { error: { id: 'not_a_school_day', reason, message } } (reason: weekend, bank_holiday, half_term, holiday, inset_day or closure), unless confirmNonSchoolDay is true",
    body: SessionCreateSchema,
    auth: true,
  },
  {
    method: 'get',
    path: '/api/reviews/{id}/suggested-days',
    summary:
      '`?kind=review_day&from=YYYY-MM-DD&count=5`: the first days from `from` when the host school and the schools of everyone taking part in that kind of session are open (no KS2 test week for primaries), and none of those people has another session; with the hours all the schools are in. For those who plan the timetable',
    auth: true,
  },
  {
    method: 'get',
    path: '/api/schools/{id}/calendar',
    summary:
      "A school's calendar as it applies (its local authority's, overlaid by its trust's and its own): layers, terms and weekdays off between ?from= and ?to= (YYYY-MM-DD; default today and a year on; at most 400 days); 404 if hidden",
    auth: true,
  },
  {
    method: 'put',
    path: '/api/schools/{id}/day-times',
    summary: "When the school's day starts and ends (headteacher, partnership lead or administrator)",
    body: SchoolDayTimesSchema,
    auth: true,
  },
  {
    method: 'get',
    path: '/api/calendars/{scope}/{id}',
    summary: "One layer of calendars (a local authority's, a trust's or a school's) with its entries; 404 if hidden",
    auth: true,
  },
  {
    method: 'post',
    path: '/api/calendars/{scope}/{id}/events',
    summary:
      'Add a term, half term, holiday, INSET day or closure (administrators and partnership leads; headteachers for their own school)',
    body: CalendarEventInputSchema,
    auth: true,
  },
  {
    method: 'delete',
    path: '/api/calendars/{scope}/{id}/events/{eventId}',
    summary: 'Remove an entry from a layer',
    auth: true,
  },
  {
    method: 'post',
    path: '/api/calendars/{scope}/{id}/import',
    summary:
      'Import an iCalendar feed or a CSV file (date_from,date_to,kind,label) into a layer: all of it in one transaction, or nothing with 400 naming each bad line or event',
    body: CalendarImportSchema,
    auth: true,
  },
  {
    method: 'post',
    path: '/api/reviews/{id}/sessions/{sessionId}/activities',
    summary: 'Add an activity to a review day',
    body: ActivityCreateSchema,
    auth: true,
  },
  {
    method: 'post',
    path: '/api/reviews/{id}/sessions/{sessionId}/activities/{activityId}/end',
    summary:
      'End an activity under way now, earlier than planned (409 if it is not under way); an audio-only one stops ' +
      'applying at once in the session room',
    auth: true,
  },
  {
    method: 'patch',
    path: '/api/reviews/{id}/sessions/{sessionId}',
    summary: 'Move a session (and its activities); participants get a calendar update',
    body: SessionMoveSchema,
    auth: true,
  },
  {
    method: 'delete',
    path: '/api/reviews/{id}/sessions/{sessionId}',
    summary: 'Cancel a session nobody has joined yet (409 otherwise); participants get a calendar cancellation',
    auth: true,
  },
  {
    method: 'get',
    path: '/api/reviews/{id}/sessions/{sessionId}/invitation.ics',
    summary: 'Calendar invitation for a session',
    auth: true,
  },
  {
    method: 'get',
    path: '/api/reviews/{id}/attendance',
    summary: 'Who joined and left each session, and when',
    auth: true,
  },
  {
    method: 'get',
    path: '/api/sessions/{id}',
    summary: 'A video session: my part in it, whether I may enter and publish',
    auth: true,
  },
  {
    method: 'get',
    path: '/api/sessions/{id}/media',
    summary:
      'Media credentials: mesh ICE servers (TURN credentials of the caller’s own, valid at most an hour; ' +
      'iceTransportPolicy "relay" when every call must go through TURN) or a LiveKit token (microphone only during ' +
      'an audio-only activity); 404 for non-participants; 403 while removed from the session or while it is locked',
    auth: true,
  },
  {
    method: 'post',
    path: '/api/sessions/{id}/admissions',
    summary: 'Let a waiting guest in (moderators)',
    body: z.object({ userId: z.uuid() }),
    auth: true,
  },
  {
    method: 'post',
    path: '/api/sessions/{id}/safeguarding-concerns',
    summary: 'Raise a safeguarding concern: records only time and role, notifies the DSL or LADO',
    body: z.object({ aboutHeadteacher: z.boolean().optional() }),
    auth: true,
  },
  {
    method: 'get',
    path: '/api/sessions/{id}/workshop/agenda',
    summary: 'The improvement workshop agenda and its boards (facilitators)',
    auth: true,
  },
  {
    method: 'put',
    path: '/api/sessions/{id}/workshop/agenda',
    summary: 'Replace the workshop agenda; existing stages keep their id (facilitators)',
    body: AgendaUpdateSchema,
    auth: true,
  },
  {
    method: 'get',
    path: '/api/sessions/{id}/workshop/breakouts/{groupId}/media',
    summary: 'Media credentials for a breakout group’s own video room (its members and the facilitators)',
    auth: true,
  },
  { method: 'post', path: '/api/livekit/webhook', summary: 'LiveKit webhook (signed; attendance)' },
  {
    method: 'get',
    path: '/api/reviews/{id}/candidates',
    summary:
      'People this person may add to the team; ?role=spp_associate: the cluster’s people outside the host school, for the host headteacher',
    auth: true,
  },
  { method: 'get', path: '/api/reviews/{id}/versions', summary: 'Named versions of the enquiry document', auth: true },
  {
    method: 'post',
    path: '/api/reviews/{id}/versions',
    summary: 'Save the enquiry document as a named version',
    body: VersionCreateSchema,
    auth: true,
  },
  {
    method: 'get',
    path: '/api/reviews/{id}/versions/compare',
    summary:
      'What changed in one part between two versions, as readable lines with words added and removed; query `from`, `to` (version ids) and `part` (a part you may read)',
    auth: true,
  },
  {
    method: 'get',
    path: '/api/reviews/{id}/versions/{versionId}',
    summary: 'A version, as Yjs updates of the parts you may read',
    auth: true,
  },
  {
    method: 'post',
    path: '/api/reviews/{id}/versions/{versionId}/restore',
    summary: 'Restore a version as a new change (history is never rewritten)',
    auth: true,
  },
  {
    method: 'get',
    path: '/api/reviews/{id}/report',
    summary: 'Whether the agreed report can be downloaded yet (or why not), and which copies I may take',
    auth: true,
  },
  {
    method: 'get',
    path: '/api/reviews/{id}/audit',
    summary:
      'Who has seen and changed this review, newest first: `{"events":[{"at","actor","action","summary","from"}],"nextBefore"}` (`at` ISO 8601, `actor` the name or "Crosswalk", `action` the code); query `limit` (1–200, 50), `before` (the previous `nextBefore`), `only=report` (report views and downloads). Host headteacher and administrators; 404 for anyone else',
    auth: true,
  },
  {
    method: 'get',
    path: '/api/reviews/{id}/audit.csv',
    summary:
      'The same log as CSV (columns When, Who, Role, What, From where; `only=report` as above); the download is audited. Host headteacher and administrators; 404 for anyone else',
    auth: true,
  },
  {
    method: 'get',
    path: '/api/reviews/{id}/report.docx',
    summary:
      'The agreed report as Word (?part=briefing: the champion’s briefing pack; ?part=governors: the governors’ version); 404 without the findings, 409 before it is agreed',
    auth: true,
  },
  {
    method: 'get',
    path: '/api/reviews/{id}/report.pdf',
    summary:
      'The agreed report as a tagged, accessible PDF (same ?part= as the Word file); 404 without the findings, 409 before it is agreed',
    auth: true,
  },
  {
    method: 'put',
    path: '/api/reviews/{id}/report/governor-sections',
    summary: 'Choose the sections of the governors’ version (host headteacher only)',
    body: GovernorSectionsSchema,
    auth: true,
  },
  {
    method: 'get',
    path: '/api/reviews/{id}/sign-offs',
    summary: 'Signatures of the enquiry document, newest first, and whether I may sign now',
    auth: true,
  },
  {
    method: 'post',
    path: '/api/reviews/{id}/sign-offs',
    summary:
      'Sign off the enquiry document as myself (lead reviewer or host headteacher); saves a named version of what was signed',
    body: SignOffCreateSchema,
    auth: true,
  },
  {
    method: 'get',
    path: '/api/reviews/{id}/sharing',
    summary:
      'What the host headteacher shares: the self-review and raw evidence with the improvement champion, and (for those who read the findings) each finding\'s "may be shared beyond the school"',
    auth: true,
  },
  {
    method: 'put',
    path: '/api/reviews/{id}/sharing',
    summary:
      'Open or close the self-review and the raw evidence to the improvement champion; host headteacher only (403 for other members); audited; open live connections are re-decided at once',
    body: ReviewSharingSchema,
    auth: true,
  },
  {
    method: 'put',
    path: '/api/reviews/{id}/findings/{findingId}/sharing',
    summary: 'Mark one finding "may be shared beyond the school" (or not); host headteacher only; audited',
    body: FindingSharingSchema,
    auth: true,
  },
  {
    method: 'get',
    path: '/api/reviews/{id}/comments',
    summary: 'Comment threads on the parts of the enquiry document I may read, and where I may comment now',
    auth: true,
  },
  {
    method: 'post',
    path: '/api/reviews/{id}/comments',
    summary:
      'Start a comment thread on a passage of rich text (Yjs relative positions) or on a record; 403 with the reason if I may not comment there',
    body: CommentThreadCreateSchema,
    auth: true,
  },
  {
    method: 'post',
    path: '/api/reviews/{id}/comments/{threadId}/replies',
    summary: 'Reply to a comment thread',
    body: CommentReplySchema,
    auth: true,
  },
  {
    method: 'post',
    path: '/api/reviews/{id}/comments/{threadId}/resolve',
    summary: 'Resolve a comment thread (its author, a writer of the part or the host headteacher)',
    auth: true,
  },
  {
    method: 'post',
    path: '/api/reviews/{id}/comments/{threadId}/reopen',
    summary: 'Reopen a resolved comment thread',
    auth: true,
  },
  {
    method: 'get',
    path: '/api/reviews/{id}/suggestions',
    summary:
      'Corrections of fact proposed to the findings and feedback record, oldest first, and whether I may propose or decide now',
    auth: true,
  },
  {
    method: 'post',
    path: '/api/reviews/{id}/suggestions',
    summary:
      'Propose a correction of fact (host headteacher, once feedback is given): a passage anchored by Yjs relative positions and its replacement',
    body: SuggestionCreateSchema,
    auth: true,
  },
  {
    method: 'post',
    path: '/api/reviews/{id}/suggestions/{suggestionId}/accept',
    summary:
      'Accept a correction (lead reviewer): applied to the findings and listed in the factual corrections made; 409 and marked outdated if the text has changed',
    auth: true,
  },
  {
    method: 'post',
    path: '/api/reviews/{id}/suggestions/{suggestionId}/reject',
    summary: 'Reject a correction (lead reviewer); the text is left as it is',
    auth: true,
  },
  {
    method: 'get',
    path: '/api/sessions/{id}/workshop/boards',
    summary: 'Open an improvement workshop (created on first use): its boards, my role and a realtime ticket for them',
    auth: true,
  },
  {
    method: 'post',
    path: '/api/sessions/{id}/workshop/boards/{boardId}/actions',
    summary: 'Turn a group of notes into a row of the action plan (workshop output)',
    body: ActionDraftSchema,
    auth: true,
  },
  {
    method: 'get',
    path: '/api/local-authorities',
    summary:
      'Local authorities with their GIAS code and designated officer (LADO); administrators, partnership leads and headteachers',
    auth: true,
  },
  {
    method: 'post',
    path: '/api/local-authorities',
    summary: 'Set up a local authority (administrators)',
    body: LocalAuthorityInputSchema,
    auth: true,
  },
  {
    method: 'put',
    path: '/api/local-authorities/{id}',
    summary: 'Change a local authority and its designated officer (administrators)',
    body: LocalAuthorityInputSchema,
    auth: true,
  },
  {
    method: 'get',
    path: '/api/trusts',
    summary: 'Multi-academy trusts (a name their schools point to, for trust-wide term dates); as local authorities',
    auth: true,
  },
  {
    method: 'post',
    path: '/api/trusts',
    summary: 'Set up a trust (administrators and partnership leads); 400 when the name is taken',
    body: TrustInputSchema,
    auth: true,
  },
  {
    method: 'put',
    path: '/api/trusts/{id}',
    summary: 'Rename a trust (administrators)',
    body: TrustInputSchema,
    auth: true,
  },
  {
    method: 'post',
    path: '/api/partnerships',
    summary:
      'Set up a partnership or a cluster (administrators; partnership leads, who lead what they create, and may put a cluster only under a partnership they lead)',
    body: PartnershipInputSchema,
    auth: true,
  },
  {
    method: 'put',
    path: '/api/partnerships/{id}',
    summary:
      "Change a partnership's name, kind, SPP phase and parent (its lead, its parent's lead or an administrator)",
    body: PartnershipInputSchema,
    auth: true,
  },
  {
    method: 'get',
    path: '/api/partnerships/{id}/settings',
    summary: "A partnership's set-up: details, clusters, member schools and choices; 404 if hidden, 403 if read-only",
    auth: true,
  },
  {
    method: 'get',
    path: '/api/partnerships/{id}/shared-practice',
    summary:
      "Strengths the host headteachers chose to share beyond their school, from the partnership's agreed reports; for anyone who may see the partnership",
    auth: true,
  },
  {
    method: 'put',
    path: '/api/partnerships/{id}/access-window',
    summary:
      'How many months a closed review stays open to its reviewers and improvement champion (the host school keeps it); partnership lead or administrator',
    body: MemberAccessWindowSchema,
    auth: true,
  },
  {
    method: 'put',
    path: '/api/partnerships/{id}/retention',
    summary:
      'How many months after a review closes its content is deleted (12 to 240, at least a month longer than the access window; 72 by default); partnership lead or administrator',
    body: ContentRetentionSchema,
    auth: true,
  },
  {
    method: 'post',
    path: '/api/partnerships/{id}/schools',
    summary: 'Add a school Crosswalk already knows to the partnership, by its URN',
    body: PartnershipSchoolLinkSchema,
    auth: true,
  },
  {
    method: 'delete',
    path: '/api/partnerships/{id}/schools/{schoolId}',
    summary: 'Remove a school from the partnership (409 while it hosts a review of it that is still going)',
    auth: true,
  },
  {
    method: 'post',
    path: '/api/partnerships/{id}/schools/import',
    summary:
      'Import member schools from a CSV in the layout of the GIAS establishment export: without confirm, a preview (200); with confirm, all of it in one transaction (201), or nothing with 400 naming each bad line and its reason',
    body: SchoolImportSchema,
    auth: true,
  },
  {
    method: 'post',
    path: '/api/schools',
    summary: 'Create a school in a partnership the signed-in person may change (URN unique, six digits)',
    body: SchoolCreateSchema,
    auth: true,
  },
  {
    method: 'get',
    path: '/api/schools/{id}',
    summary:
      "A school's details and safeguarding contacts; 404 unless an administrator, a lead of its partnership or its staff",
    auth: true,
  },
  {
    method: 'put',
    path: '/api/schools/{id}',
    summary: "Change a school's name, phase, local authority and URN (partnership leads and administrators)",
    body: SchoolInputSchema,
    auth: true,
  },
  {
    method: 'put',
    path: '/api/schools/{id}/safeguarding-contacts',
    summary:
      "The school's designated safeguarding lead and deputy (headteacher, partnership lead or administrator); they receive concerns raised in sessions",
    body: SafeguardingContactsSchema,
    auth: true,
  },
  {
    method: 'put',
    path: '/api/schools/{id}/safeguarding-retention',
    summary:
      "How many months records of safeguarding concerns raised in the school's reviews are kept (12 to 1200), or null to keep them until the school decides (the default); the school's headteacher or an administrator",
    body: SafeguardingRetentionSchema,
    auth: true,
  },
];

const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        reason: { type: 'string' },
        message: { type: 'string' },
        fields: { type: 'array' },
      },
      required: ['id', 'message'],
    },
  },
};

/** The OpenAPI 3.1 description of the API, with request and response schemas generated from shared/'s zod. */
export function openApiDocument(): object {
  const paths: Record<string, Record<string, object>> = {};
  for (const route of routeDocs) {
    const parameters = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: m[1] === 'scope' ? { type: 'string', enum: [...CalendarScopes] } : { type: 'string', format: 'uuid' },
    }));
    const operations = (paths[route.path] ??= {});
    operations[route.method] = {
      summary: route.summary,
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(route.auth ? { security: [{ session: [] }] } : {}),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: {
                'application/json': { schema: z.toJSONSchema(route.body, { io: 'input', unrepresentable: 'any' }) },
              },
            },
          }
        : {}),
      responses: {
        '200': {
          description: 'Success',
          ...(route.response
            ? {
                content: {
                  'application/json': {
                    schema: z.toJSONSchema(route.response, { io: 'output', unrepresentable: 'any' }),
                  },
                },
              }
            : {}),
        },
        '4XX': {
          description: 'A client error with a stable id',
          content: { 'application/json': { schema: errorSchema } },
        },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Crosswalk API',
      version: VERSION,
      description:
        'State-changing requests need an Origin header equal to the server origin (PUBLIC_URL, or the address the server listens on). Errors are { error: { id, message, fields? } }.',
    },
    components: {
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'crosswalk_session',
          description: 'Over HTTPS the cookie is named __Host-crosswalk_session.',
        },
      },
    },
    paths,
  };
}
