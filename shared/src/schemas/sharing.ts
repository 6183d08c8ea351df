import { z } from './zod.ts';
import { MAX_MEMBER_ACCESS_MONTHS, MIN_MEMBER_ACCESS_MONTHS } from '../permissions/sharing.ts';

/**
 * `PUT /api/reviews/:id/sharing`: what the host headteacher opens to the improvement champion, and to an SPP
 * associate they invited (the self-review, the enquiry focus, the agreed findings). The associate's choices may be
 * left out: the ones left out stay as they were.
 */
export const ReviewSharingSchema = z.strictObject({
  selfReviewWithChampion: z.boolean(),
  evidenceWithChampion: z.boolean(),
  selfReviewWithAssociate: z.boolean().optional(),
  focusWithAssociate: z.boolean().optional(),
  findingsWithAssociate: z.boolean().optional(),
});
export type ReviewSharing = z.infer<typeof ReviewSharingSchema>;

/** `PUT /api/reviews/:id/findings/:findingId/sharing`: "may be shared beyond the school", per finding. */
export const FindingSharingSchema = z.strictObject({ shareable: z.boolean() });
export type FindingSharingInput = z.infer<typeof FindingSharingSchema>;

/** A finding's id as the enquiry document makes it (a UUID). */
export const FindingIdSchema = z.uuid({ message: 'Not a finding of this review' });

/** `GET /api/reviews/:id/sharing`: the host's choices, and whether this person may change them. */
export interface ReviewSharingView extends Required<ReviewSharing> {
  canChange: boolean;
  /** Findings the host marked (only for those who may read the findings; empty otherwise). */
  findings: { findingId: string; shareable: boolean; setAt: string }[];
}

/** `PUT /api/partnerships/:id/access-window`: months a closed review stays open to its visiting team. */
export const MemberAccessWindowSchema = z.strictObject({
  memberAccessMonths: z
    .number({ message: 'Enter a number of months' })
    .int({ message: 'Enter a whole number of months' })
    .min(MIN_MEMBER_ACCESS_MONTHS, { message: `At least ${MIN_MEMBER_ACCESS_MONTHS} month` })
    .max(MAX_MEMBER_ACCESS_MONTHS, { message: `At most ${MAX_MEMBER_ACCESS_MONTHS} months` }),
});
export type MemberAccessWindow = z.infer<typeof MemberAccessWindowSchema>;

/** One strength a host headteacher shared beyond the school, as the partnership's schools read it. */
export interface SharedPracticeItem {
  reviewId: string;
  hostSchool: { id: string; name: string };
  academicYear: string;
  findingId: string;
  /** S01, S02… as in the review's report. */
  label: string;
  text: string;
}

/** `GET /api/partnerships/:id/shared-practice`. */
export interface SharedPracticeList {
  practice: SharedPracticeItem[];
}
