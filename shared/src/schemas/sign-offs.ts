import { z } from './zod.ts';
import type { ReviewState } from '../domain/review-states.ts';
import type { SignOffRole } from '../permissions/sign-offs.ts';

/** `POST /api/reviews/:id/sign-offs`: who signs comes from the session, never from the body. */
export const SignOffCreateSchema = z.strictObject({
  /** An optional remark kept with the signature (e.g. "Subject to the correction to E04"). */
  note: z.string().trim().max(500, { message: 'Keep the note under 500 characters' }).optional(),
});
export type SignOffCreate = z.infer<typeof SignOffCreateSchema>;

/** One signature, as the server recorded it. */
export interface SignOff {
  id: string;
  role: SignOffRole;
  signedBy: { id: string; displayName: string };
  signedAt: string;
  /** The review's state when it was signed. */
  reviewState: ReviewState;
  /** The named version saved at the moment of signing: exactly what was signed. */
  version: { id: string; label: string; fingerprint: string } | null;
  note: string | null;
}

/** `GET /api/reviews/:id/sign-offs`: every signature, newest first, and whether this person may sign now. */
export interface SignOffList {
  signOffs: SignOff[];
  /** The role this person would sign as now, or null with the reason they cannot. */
  mySignOff: { role: SignOffRole } | { role: null; reason: string };
}
