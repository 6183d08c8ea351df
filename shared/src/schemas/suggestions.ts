import { z } from './zod.ts';
import { SuggestionTextMax, type SuggestionStatus } from '../documents/suggestion-terms.ts';

/** An encoded Yjs relative position (base64): small, and checked again against the document by the server. */
const Anchor = z
  .string()
  .min(1)
  .max(500)
  .regex(/^[A-Za-z0-9+/]+=*$/, { message: 'Not an anchor' });

/**
 * Which text a correction is proposed to. Any field of the feedback record is accepted here so that a correction
 * aimed at one the host may not change is refused by the rule (403, logged), not passed off as bad input.
 */
export const SuggestionTargetSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('finding'), findingId: z.string().min(1).max(100) }),
  z.strictObject({ kind: z.literal('feedback'), field: z.string().min(1).max(50) }),
]);

/** `POST /api/reviews/:id/suggestions`: the passage (anchors and the text it read), and what to put instead. */
export const SuggestionCreateSchema = z
  .strictObject({
    target: SuggestionTargetSchema,
    start: Anchor,
    end: Anchor,
    original: z.string().max(SuggestionTextMax, { message: `Select up to ${SuggestionTextMax} characters` }),
    replacement: z
      .string()
      .max(SuggestionTextMax, { message: `Keep the correction under ${SuggestionTextMax} characters` }),
  })
  .refine((s) => s.original !== s.replacement, {
    message: 'The correction is the same as the text it replaces',
    path: ['replacement'],
  });
export type SuggestionCreate = z.infer<typeof SuggestionCreateSchema>;

/** socket.io `suggestions.follow`: the review whose corrections to hear about. */
export const SuggestionsFollowSchema = z.strictObject({ reviewId: z.uuid() });

export interface Suggestion {
  id: string;
  target: z.infer<typeof SuggestionTargetSchema>;
  /** What people call the target, e.g. "Finding S01" (as it was when last proposed or decided). */
  targetLabel: string;
  start: string;
  end: string;
  original: string;
  replacement: string;
  status: SuggestionStatus;
  proposedBy: { id: string; displayName: string };
  proposedAt: string;
  decidedBy: { id: string; displayName: string } | null;
  decidedAt: string | null;
  /** The whole field's text just before and after an accepted correction. */
  textBefore: string | null;
  textAfter: string | null;
}

/** `GET /api/reviews/:id/suggestions`: every suggestion, oldest first, and what this person may do now. */
export interface SuggestionList {
  suggestions: Suggestion[];
  mayPropose: { ok: true } | { ok: false; reason: string };
  mayDecide: { ok: true } | { ok: false; reason: string };
}
