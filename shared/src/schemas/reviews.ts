import { isCalendarDay } from '../calendar/dates.ts';
import type { CommonDay } from '../calendar/common-days.ts';
import { z } from './zod.ts';
import { ReviewActions, SessionKinds, type NextAction, type ReviewAction } from '../domain/lifecycle.ts';
import { AllReviewStates, ReviewRoles, type ReviewRole, type ReviewState } from '../domain/review-states.ts';
import type { Access, ReviewArtefact } from '../permissions/reviews.ts';
import {
  ActivityKinds,
  FrameworkThemes,
  MediaModes,
  ReviewModes,
  type ActivityKind,
  type MediaMode,
} from '../domain/review-terms.ts';

const uuid = z.uuid({ message: 'Must be an id' });
const isoDate = z.iso.date({ message: 'Use a date like 2026-11-23' });
const isoDateTime = z.iso.datetime({ offset: true, message: 'Use a date and time like 2026-11-23T09:00:00Z' });
const line = (max: number) => z.string().trim().min(1, { message: 'Cannot be empty' }).max(max);

export const ReviewCreateSchema = z
  .strictObject({
    /** The cluster the review belongs to. */
    partnershipId: uuid,
    /** The school being reviewed. */
    hostSchoolId: uuid,
    /** Academic year, e.g. 2026-27. */
    academicYear: z.string().regex(/^\d{4}-\d{2}$/, { message: 'Use the form 2026-27' }),
    mode: z.enum(ReviewModes).default('virtual'),
    /** First and last review day. */
    startsOn: isoDate.optional(),
    endsOn: isoDate.optional(),
  })
  .refine((v) => !v.startsOn || !v.endsOn || v.endsOn >= v.startsOn, {
    message: 'The last day cannot be before the first',
    path: ['endsOn'],
  });
export type ReviewCreate = z.infer<typeof ReviewCreateSchema>;

export const TransitionRequestSchema = z.strictObject({
  action: z.enum(ReviewActions),
  /** Optional note kept in the review's history. */
  note: z.string().trim().max(500).optional(),
  /** Opening the review before its first review day: the lead reviewer's reason, kept in the history and audit. */
  override: z.strictObject({ reason: line(500) }).optional(),
});
export type TransitionRequest = z.infer<typeof TransitionRequestSchema>;

export const TeamMemberAddSchema = z.strictObject({
  userId: uuid,
  role: z.enum(ReviewRoles),
});
export type TeamMemberAdd = z.infer<typeof TeamMemberAddSchema>;

/**
 * `GET /api/reviews/:id/candidates?role=spp_associate`: whom the person may add in that role. Without a role, the
 * team's usual pool (the cluster for the partnership lead, the host school's staff for the host headteacher).
 */
export const CandidatesQuerySchema = z.strictObject({ role: z.enum(ReviewRoles).optional() });

export const FocusSchema = z.strictObject({
  /** The enquiry question, usually "To what extent …?". */
  question: line(500),
  /** Why now, and what evidence prompted it. */
  rationale: z.string().trim().max(2000).default(''),
  themes: z.array(z.enum(FrameworkThemes)).max(4).default([]),
  /** Two to five lines of enquiry. */
  subQuestions: z.array(line(300)).max(5, { message: 'Use at most five sub-questions' }).default([]),
  /** What good would look like (a picture of success, not a grade). */
  successDescriptors: z.string().trim().max(2000).default(''),
  outOfScope: z.array(line(200)).max(20).default([]),
});
export type Focus = z.infer<typeof FocusSchema>;

export const ReadinessUpdateSchema = z.strictObject({
  consentConfirmed: z.boolean().optional(),
  optOutListConfirmed: z.boolean().optional(),
  safeguardingBriefingDone: z.boolean().optional(),
  devicesTested: z.boolean().optional(),
});

export const SessionCreateSchema = z
  .strictObject({
    kind: z.enum(SessionKinds),
    title: line(120),
    startsAt: isoDateTime,
    endsAt: isoDateTime,
    /** Schedule it even on a day that is not a school day for the host school (otherwise 422 not_a_school_day). */
    confirmNonSchoolDay: z.boolean().optional(),
  })
  .refine((v) => new Date(v.endsAt) > new Date(v.startsAt), { message: 'Must end after it starts', path: ['endsAt'] });
export type SessionCreate = z.infer<typeof SessionCreateSchema>;

/** `GET /api/reviews/:id/suggested-days`: days from `from` when everyone taking part in that kind of session can. */
export const SuggestedDaysQuerySchema = z.strictObject({
  kind: z.enum(SessionKinds),
  from: z.string().refine(isCalendarDay, { message: 'Use a date like 2026-11-23' }),
  count: z.coerce.number().int().min(1).max(10).default(5),
});
export type SuggestedDaysQuery = z.infer<typeof SuggestedDaysQuerySchema>;

export interface SuggestedDays {
  /** The schools whose calendars were asked: the host's and those of everyone taking part. */
  schools: string[];
  days: CommonDay[];
}

export const ActivityCreateSchema = z
  .strictObject({
    kind: z.enum(ActivityKinds),
    title: line(120),
    startsAt: isoDateTime,
    endsAt: isoDateTime,
    /** Pupil voice is always audio only, whatever is asked. */
    mediaMode: z.enum(MediaModes).optional(),
  })
  .refine((v) => new Date(v.endsAt) > new Date(v.startsAt), { message: 'Must end after it starts', path: ['endsAt'] });
export type ActivityCreate = z.infer<typeof ActivityCreateSchema>;

export interface SchoolRef {
  id: string;
  name: string;
}

export interface ReviewSummary {
  id: string;
  state: ReviewState;
  hostSchool: SchoolRef & { county: string | null };
  partnership: { id: string; name: string };
  academicYear: string;
  startsOn: string | null;
  endsOn: string | null;
  myRoles: string[];
}

export interface ReviewActivity {
  id: string;
  kind: ActivityKind;
  title: string;
  startsAt: string;
  endsAt: string;
  mediaMode: MediaMode;
}

export interface ReviewSession {
  id: string;
  kind: (typeof SessionKinds)[number];
  title: string;
  startsAt: string;
  endsAt: string;
  activities: ReviewActivity[];
}

export interface ReviewTeamMember {
  userId: string;
  role: ReviewRole;
  displayName: string;
  schoolName: string | null;
  county: string | null;
}

export interface ReviewDetail extends ReviewSummary {
  mode: (typeof ReviewModes)[number];
  team: ReviewTeamMember[];
  sessions: ReviewSession[];
  access: Record<ReviewArtefact, Access>;
  nextActions: NextAction[];
  /** When the host headteacher submitted the self-review, or null. */
  selfReviewSubmittedAt: string | null;
  assignableRoles: ReviewRole[];
  readiness: {
    consentConfirmed: boolean;
    optOutListConfirmed: boolean;
    safeguardingBriefingDone: boolean;
    devicesTested: boolean;
  };
  hasFocus: boolean;
  /** Retention (docs/data-protection.md "Retention"), as London days. */
  retention: {
    /** When the content will be deleted: for the host headteacher, once they were told; else null. */
    deletesOn: string | null;
    /** When the content was deleted (the review is then a tombstone), or null. */
    contentDeletedOn: string | null;
  };
}

export interface ReviewHistoryEntry {
  id: string;
  from: ReviewState | null;
  to: ReviewState;
  action: string;
  actor: { id: string; displayName: string } | null;
  note: string | null;
  at: string;
}

export interface Dashboard {
  reviews: ReviewSummary[];
  nextSessions: {
    reviewId: string;
    hostSchoolName: string;
    sessionId: string;
    kind: string;
    title: string;
    startsAt: string;
    endsAt: string;
  }[];
  waiting: {
    reviewId: string;
    hostSchoolName: string;
    action: ReviewAction;
    label: string;
    blockedBy: string | null;
  }[];
}

export interface PartnershipDetail {
  id: string;
  name: string;
  kind: 'local' | 'cross_regional_virtual';
  sppPhase: 'build' | 'embed' | 'sustain' | null;
  schools: { id: string; name: string; county: string | null; localAuthority: string | null }[];
  /** The year's review rota: metadata for every cluster member; `canOpen` when the review itself is visible. */
  rota: {
    reviewId: string;
    hostSchool: SchoolRef;
    academicYear: string;
    state: ReviewState;
    startsOn: string | null;
    endsOn: string | null;
    canOpen: boolean;
  }[];
  canSchedule: boolean;
  /** Whether this person plans the year's rota (the lead, or an administrator): `mayPlanRota`. */
  canPlanRota: boolean;
  /** May change the partnership's set-up (details, member schools). */
  canEdit: boolean;
  /** The partnership this cluster belongs to, if any. */
  parentId: string | null;
  /** Whether this person opens the board view (the lead, local authority or board viewers, administrators). */
  canSeeBoard: boolean;
  /** The board view is all this person has of the partnership: no rota, no shared practice (docs/board-view.md). */
  boardOnly: boolean;
  people: { userId: string; displayName: string; schoolName: string | null; roles: string[] }[];
}

export const ReviewStateSchema = z.enum(AllReviewStates as [ReviewState, ...ReviewState[]]);

/** Moving a session to another time (its participants get the calendar update). */
export const SessionMoveSchema = z
  .strictObject({
    startsAt: isoDateTime,
    endsAt: isoDateTime,
    /** Move it even onto a day that is not a school day for the host school (otherwise 422 not_a_school_day). */
    confirmNonSchoolDay: z.boolean().optional(),
  })
  .refine((v) => new Date(v.endsAt) > new Date(v.startsAt), { message: 'Must end after it starts', path: ['endsAt'] });
export type SessionMove = z.infer<typeof SessionMoveSchema>;
