import { ActionStatuses, type ActionStatus, type ProgressRating } from '../documents/enquiry.ts';
import type { ReviewState } from '../domain/review-states.ts';
import { z } from './zod.ts';

/** The longest evidence note kept with a progress update (a paragraph or two, never a document). */
export const ACTION_NOTE_MAX = 2000;

/** "not started, on track, at risk or complete", for messages. */
const STATUS_WORDS = 'not started, on track, at risk or complete';

/** `POST /api/reviews/:id/actions/:actionId/updates`: a new status, an evidence note, or both. */
export const ActionUpdateSchema = z
  .strictObject({
    status: z.enum(ActionStatuses, { message: `Choose a status: ${STATUS_WORDS}` }).optional(),
    note: z
      .string({ message: 'Write the evidence note as text' })
      .trim()
      .max(ACTION_NOTE_MAX, { message: `Keep the evidence note under ${ACTION_NOTE_MAX} characters` })
      .optional(),
  })
  .refine((u) => u.status !== undefined || (u.note !== undefined && u.note !== ''), {
    message: 'Choose a new status or write an evidence note',
    path: ['status'],
  });
export type ActionUpdate = z.infer<typeof ActionUpdateSchema>;

/** `PUT /api/reviews/:id/actions/:actionId/owner`: the member of the host school's staff who owns it, or none. */
export const ActionOwnerSchema = z.strictObject({
  userId: z.uuid({ message: 'Choose a person from the host school' }).nullable(),
});
export type ActionOwner = z.infer<typeof ActionOwnerSchema>;

/** `:actionId` in a path: the id of the action's row in the action plan. */
export const ActionParamsSchema = z.object({
  id: z.uuid({ message: 'No such review' }),
  actionId: z.uuid({ message: 'No such action' }),
});

/** One action as `GET /api/reviews/:id/actions` lists it (a stable external contract: these keys only). */
export interface ActionSummary {
  id: string;
  text: string;
  ownerRole: string;
  status: ActionStatus;
  /** YYYY-MM-DD. */
  dueDate: string;
}

/** One published action with everything the review page shows. */
export interface ActionRecordView {
  id: string;
  /** A01, A02 … by its place in the plan when it was published. */
  label: string;
  text: string;
  ownerRole: string;
  owner: { id: string; displayName: string } | null;
  /** YYYY-MM-DD. */
  startDate: string;
  /** YYYY-MM-DD. */
  dueDate: string;
  successCriteria: string;
  supportNeeded: string;
  status: ActionStatus;
  /** Due date passed and not complete, on the server's London day. */
  overdue: boolean;
  /** False when a later publication of the plan no longer had this action (kept with its history). */
  inPlan: boolean;
  /** Whether this person may record progress on it now. */
  canUpdate: boolean;
  updatedAt: string;
}

/** One entry of an action's history: a change of status, an evidence note, or both. */
export interface ActionHistoryEntry {
  id: string;
  at: string;
  author: { id: string; displayName: string } | null;
  fromStatus: ActionStatus | null;
  toStatus: ActionStatus | null;
  note: string | null;
}

/** `GET /api/reviews/:id/action-plan`: the published actions, or none yet. */
export interface ActionPlanRecords {
  published: boolean;
  /** Whether this person may name owners (the host headteacher and link lead). */
  canNameOwners: boolean;
  actions: ActionRecordView[];
}

/** `GET /api/reviews/:id/actions/:actionId`: one action and its history, newest first. */
export interface ActionDetail {
  action: ActionRecordView;
  history: ActionHistoryEntry[];
}

/** One action of the previous review, as carried into the next review's self-review (read-only). */
export interface CarriedAction {
  id: string;
  label: string;
  text: string;
  ownerRole: string;
  successCriteria: string;
  /** YYYY-MM-DD. */
  dueDate: string;
  /** Where it ended up (or stands now, if the previous review is still following its plan). */
  status: ActionStatus;
  /** The latest evidence note recorded on it, if any. */
  lastNote: { at: string; text: string } | null;
  /** Red, amber or green at the last impact huddle that rated it, if any. */
  lastRating: ProgressRating | null;
}

/** One recorded impact huddle of the previous review: its impact evidence and the adjustments made. */
export interface CarriedImpact {
  /** When the huddle met (ISO instant). */
  at: string;
  evidence: string;
  adjustments: string;
}

/**
 * `GET /api/reviews/:id/previous-actions`: the host school's previous review with a published action plan, its
 * actions and impact notes, or `previous: null` when there is none (a school's first review).
 */
export interface CarriedActions {
  previous: {
    reviewId: string;
    /** 2025-26. */
    academicYear: string;
    state: ReviewState;
    /** Whether this person may open the previous review itself (the link is shown only then). */
    canOpen: boolean;
    actions: CarriedAction[];
    /** The impact huddles recorded, oldest first. */
    impact: CarriedImpact[];
  } | null;
}
