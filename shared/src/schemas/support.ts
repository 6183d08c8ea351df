import type { SchoolRef } from './reviews.ts';
import { z } from './zod.ts';

/**
 * School-to-school support (docs/support.md): an action of a published plan asks the partnership for support, partner
 * schools offer it, the host accepts one offer, and both schools follow it through to done.
 */

/** Where a request for support has got to. `withdrawn` is the host's; the others follow one another. */
export const SupportStatuses = ['requested', 'offered', 'matched', 'in_progress', 'done', 'withdrawn'] as const;
export type SupportStatus = (typeof SupportStatuses)[number];

/** Statuses in which partner schools may still offer support. */
export const SupportOpenStatuses: readonly SupportStatus[] = ['requested', 'offered'];
/** Statuses once a school is matched, while both schools follow it through. */
export const SupportMatchedStatuses: readonly SupportStatus[] = ['matched', 'in_progress'];
/** Statuses of a request that is over. */
export const SupportFinishedStatuses: readonly SupportStatus[] = ['done', 'withdrawn'];

/** The words for each status, for people who are not technical. */
export const SupportStatusLabel: Record<SupportStatus, string> = {
  requested: 'Requested',
  offered: 'Offered',
  matched: 'Matched',
  in_progress: 'In progress',
  done: 'Done',
  withdrawn: 'Withdrawn',
};

/** What became of one school's offer. */
export const SupportOfferStatuses = ['open', 'accepted', 'declined'] as const;
export type SupportOfferStatus = (typeof SupportOfferStatuses)[number];

export const SupportOfferStatusLabel: Record<SupportOfferStatus, string> = {
  open: 'Waiting for an answer',
  accepted: 'Accepted',
  declined: 'Not needed this time',
};

/** What either school may move a matched request to. */
export const SupportProgressStatuses = ['in_progress', 'done'] as const;
export type SupportProgressStatus = (typeof SupportProgressStatuses)[number];

export const SUPPORT_NEED_MAX = 1000;
export const SUPPORT_MESSAGE_MAX = 1000;
export const SUPPORT_WHO_MAX = 200;
export const SUPPORT_NOTE_MAX = 2000;

const isoDay = z.iso.date({ message: 'Choose a date, like 2027-02-26' });

/** `POST /api/reviews/:id/actions/:actionId/support`: what the host school needs, and by when. */
export const SupportRequestCreateSchema = z.strictObject({
  whatIsNeeded: z
    .string({ message: 'Say what support the school needs' })
    .trim()
    .min(1, { message: 'Say what support the school needs' })
    .max(SUPPORT_NEED_MAX, { message: `Keep what is needed under ${SUPPORT_NEED_MAX} characters` }),
  neededBy: isoDay,
});
export type SupportRequestCreate = z.infer<typeof SupportRequestCreateSchema>;

/** `POST /api/support-requests/:id/offers`: a partner school's offer, and who from that school would help. */
export const SupportOfferCreateSchema = z.strictObject({
  schoolId: z.uuid({ message: 'Choose the school you are offering from' }),
  message: z
    .string({ message: 'Say what your school can offer' })
    .trim()
    .min(1, { message: 'Say what your school can offer' })
    .max(SUPPORT_MESSAGE_MAX, { message: `Keep the offer under ${SUPPORT_MESSAGE_MAX} characters` }),
  offeredBy: z
    .string({ message: 'Say who from your school would help' })
    .trim()
    .min(1, { message: 'Say who from your school would help' })
    .max(SUPPORT_WHO_MAX, { message: `Keep who would help under ${SUPPORT_WHO_MAX} characters` }),
});
export type SupportOfferCreate = z.infer<typeof SupportOfferCreateSchema>;

/** `POST /api/support-requests/:id/updates`: either school moves the support on, writes a progress note, or both. */
export const SupportUpdateSchema = z
  .strictObject({
    status: z.enum(SupportProgressStatuses, { message: 'Choose a status: in progress or done' }).optional(),
    note: z
      .string({ message: 'Write the progress note as text' })
      .trim()
      .max(SUPPORT_NOTE_MAX, { message: `Keep the progress note under ${SUPPORT_NOTE_MAX} characters` })
      .optional(),
  })
  .refine((u) => u.status !== undefined || (u.note !== undefined && u.note !== ''), {
    message: 'Choose a new status or write a progress note',
    path: ['status'],
  });
export type SupportUpdate = z.infer<typeof SupportUpdateSchema>;

export const SupportRequestParamsSchema = z.object({ id: z.uuid() });
export const SupportOfferParamsSchema = z.object({ id: z.uuid(), offerId: z.uuid() });

/** One school's offer, as the host school reads it (and the offering school reads its own). */
export interface SupportOfferView {
  id: string;
  school: SchoolRef;
  message: string;
  offeredBy: string;
  status: SupportOfferStatus;
  createdAt: string;
}

/** A progress note or change of status, by either school. */
export interface SupportNoteView {
  id: string;
  at: string;
  school: SchoolRef;
  author: string | null;
  toStatus: SupportStatus | null;
  note: string | null;
}

/**
 * A request as partner schools see it: the host school, what is needed and by when, the action's label and its
 * owner's role. Never the action's own words, findings or anything else from the review.
 */
export interface SupportRequestForPartners {
  id: string;
  hostSchool: SchoolRef;
  actionLabel: string;
  ownerRole: string;
  whatIsNeeded: string;
  /** YYYY-MM-DD. */
  neededBy: string;
  status: SupportStatus;
  createdAt: string;
  /** The school matched to help, once the host accepted an offer. */
  matchedSchool: SchoolRef | null;
  /** This person's schools' offers on it. */
  ourOffers: SupportOfferView[];
  /** The schools this person may still offer from (empty once it is no longer open). */
  canOfferFrom: SchoolRef[];
  /** Progress notes, for the matched school only. */
  notes: SupportNoteView[];
  /** Whether this person may record progress on it now (the matched school). */
  canUpdate: boolean;
}

/** A request as the host school (and the review's readers) see it on the action plan. */
export interface SupportRequestForHost {
  id: string;
  actionId: string;
  actionLabel: string;
  whatIsNeeded: string;
  neededBy: string;
  status: SupportStatus;
  createdAt: string;
  requestedBy: string | null;
  offers: SupportOfferView[];
  matchedSchool: SchoolRef | null;
  notes: SupportNoteView[];
  canAccept: boolean;
  canUpdate: boolean;
  canWithdraw: boolean;
}

/** `GET /api/reviews/:id/support`: the review's requests, and on which actions this person may ask. */
export interface ReviewSupport {
  requests: SupportRequestForHost[];
  /** Action ids on which this person may ask for support now. */
  canAskOn: string[];
}

/** `GET /api/partnerships/:id/support`: the partnership's support board as this person may see it. */
export interface PartnershipSupport {
  partnership: { id: string; name: string };
  /** Open requests of other schools that this person's schools may offer to. */
  open: SupportRequestForPartners[];
  /** Requests this person's schools offered to that are no longer open (matched, done, or another school chosen). */
  offered: SupportRequestForPartners[];
  /** Requests of this person's own schools, with a link to the action plan where they are followed. */
  ours: {
    id: string;
    reviewId: string;
    hostSchool: SchoolRef;
    actionLabel: string;
    whatIsNeeded: string;
    neededBy: string;
    status: SupportStatus;
    offers: number;
    matchedSchool: SchoolRef | null;
  }[];
  /** The schools this person may offer from (headteacher or senior leader of a member school). */
  offerFrom: SchoolRef[];
  /** Whether this person reads the status-only view (the partnership lead and administrators). */
  seesStatus: boolean;
}

/**
 * `GET /api/partnerships/:id/support/status`: for the partnership lead, status only: school names, dates, statuses
 * and counts, never what is needed, what was offered or the notes.
 */
export interface SupportStatusBoard {
  partnership: { id: string; name: string };
  counts: Record<SupportStatus, number>;
  requests: {
    id: string;
    hostSchool: SchoolRef;
    academicYear: string;
    status: SupportStatus;
    /** YYYY-MM-DD. */
    requestedOn: string;
    neededBy: string;
    offers: { school: SchoolRef; status: SupportOfferStatus; offeredOn: string }[];
    matchedSchool: SchoolRef | null;
    /** YYYY-MM-DD, when an offer was accepted. */
    matchedOn: string | null;
  }[];
}
