import { z } from './zod.ts';
import type { ReviewViewerRole } from '../domain/lifecycle.ts';
import {
  ReadinessCheckNames,
  ReadinessCheckStatuses,
  type ReadinessCheckName,
  type ReadinessCheckStatus,
  type ReadinessVerdict,
} from '../readiness/check.ts';
import type { IceServerConfig } from './sessions.ts';

/** The secret of a set-up check link (`/check/<token>`): 256 bits, URL-safe. */
export const CheckTokenSchema = z.strictObject({ token: z.string().regex(/^[\w-]{20,100}$/) });

/** One test's outcome, as the browser saw it; the detail is a short note for the IT report, never a recording. */
export const CheckOutcomeSchema = z.strictObject({
  status: z.enum(ReadinessCheckStatuses),
  detail: z.string().trim().max(300).optional(),
});

/** `POST /api/checks/results`: what the browser found, test by test (the server works out the verdict). */
export const CheckResultsSchema = z.strictObject({
  token: CheckTokenSchema.shape.token,
  checks: z.partialRecord(z.enum(ReadinessCheckNames), CheckOutcomeSchema).refine((c) => Object.keys(c).length > 0, {
    message: 'At least one test result is needed',
  }),
  downloadKbps: z.number().int().min(0).max(10_000_000).nullable(),
  uploadKbps: z.number().int().min(0).max(10_000_000).nullable(),
});
export type CheckResults = z.infer<typeof CheckResultsSchema>;

/** What the check page needs to run: who and which review it is for, and the servers to test. */
export interface CheckContext {
  reviewId: string;
  hostSchoolName: string;
  /** London day of the review's first session, if any is planned. */
  firstDay: string | null;
  displayName: string;
  expiresAt: string;
  transport: 'mesh' | 'livekit';
  iceServers: IceServerConfig[];
  network: { origin: string; livekitUrl: string | null };
  /** The person's last results, if they have run the check before. */
  last: { checkedAt: string; verdict: ReadinessVerdict } | null;
  /** Given to a signed-in person (the check's own requests carry it); never shown in the page. */
  token?: string;
}

/** One person invited to a review, and how their set-up check went (null: not checked yet). */
export interface ReadinessCheckPerson {
  userId: string;
  displayName: string;
  roles: ReviewViewerRole[];
  checkedAt: string | null;
  verdict: ReadinessVerdict | null;
  checks: Partial<Record<ReadinessCheckName, ReadinessCheckStatus>>;
  downloadKbps: number | null;
  uploadKbps: number | null;
}

/** `GET /api/reviews/:id/checks`. */
export interface ReadinessCheckSummary {
  people: ReadinessCheckPerson[];
  /** Whether this person may send the check links again. */
  canSend: boolean;
}
