import { isCalendarDay } from '../calendar/dates.ts';
import { ProgressRatings, type ProgressRating } from '../documents/enquiry.ts';
import { ImpactLimits } from '../impact/checkpoints.ts';
import type { Term } from '../rota/year.ts';
import { z } from './zod.ts';

/** `POST /api/reviews/:id/impact/checkpoints` and `PUT …/:checkpointId`: when the huddle meets, London time. */
export const CheckpointScheduleSchema = z.strictObject({
  date: z.string({ message: 'Give the date of the checkpoint' }).refine(isCalendarDay, {
    message: 'Give the checkpoint’s date as a real day, like 2027-03-08',
  }),
  time: z
    .string({ message: 'Give the time of the checkpoint' })
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'Give the checkpoint’s time like 15:45' }),
});
export type CheckpointSchedule = z.infer<typeof CheckpointScheduleSchema>;

/** `:checkpointId` in a path. */
export const CheckpointParamsSchema = z.object({
  id: z.uuid({ message: 'No such review' }),
  checkpointId: z.uuid({ message: 'No such checkpoint' }),
});

/**
 * `POST /api/reviews/:id/impact/checkpoints/:checkpointId/record`: what the huddle agreed. A rating (red, amber or
 * green) for every action in the plan, who attended, one piece of impact evidence and the plan's adjustments (may
 * be "none").
 */
export const HuddleRecordSchema = z.strictObject({
  attendees: z
    .string({ message: 'Say who attended' })
    .trim()
    .min(1, { message: 'Say who attended the huddle' })
    .max(ImpactLimits.attendeesMax, { message: `Keep who attended under ${ImpactLimits.attendeesMax} characters` }),
  ratings: z.record(z.string(), z.enum(ProgressRatings, { message: 'Rate each action red, amber or green' }), {
    message: 'Rate each action red, amber or green',
  }),
  evidence: z
    .string({ message: 'Write one piece of impact evidence' })
    .trim()
    .min(1, { message: 'Write one piece of evidence of impact on pupils' })
    .max(ImpactLimits.evidenceMax, { message: `Keep the evidence under ${ImpactLimits.evidenceMax} characters` }),
  adjustments: z
    .string({ message: 'Write the adjustments to the plan as text' })
    .trim()
    .max(ImpactLimits.adjustmentsMax, {
      message: `Keep the adjustments under ${ImpactLimits.adjustmentsMax} characters`,
    })
    .default(''),
});
export type HuddleRecord = z.infer<typeof HuddleRecordSchema>;

/** What a recorded huddle agreed. */
export interface HuddleRecordView {
  at: string;
  by: { id: string; displayName: string } | null;
  attendees: string;
  evidence: string;
  adjustments: string;
  /** In the plan's order; an action rated then but since taken out of the plan keeps its rating. */
  ratings: { actionId: string; label: string; rating: ProgressRating }[];
}

/** One checkpoint as the review page shows it. */
export interface ImpactCheckpointView {
  id: string;
  /** C01, C02 … in date order. */
  label: string;
  /** The instant it meets (ISO); `date` and `time` are the same in London. */
  scheduledAt: string;
  date: string;
  time: string;
  /** Null until the huddle is recorded. */
  record: HuddleRecordView | null;
}

/** `GET /api/reviews/:id/impact`: the checkpoints, what this person may do, and whether the review may close. */
export interface ImpactOverview {
  /** False before the action plan is published: there is nothing to review yet. */
  published: boolean;
  checkpoints: ImpactCheckpointView[];
  /** The actions in the plan, rated at each huddle. */
  actions: { id: string; label: string; text: string }[];
  canSchedule: boolean;
  canRecord: boolean;
  /** The default termly set not yet scheduled (one per remaining term), for the host headteacher to add at once. */
  suggested: { term: Term; academicYear: string; date: string; time: string }[];
  /** Whether the last recorded checkpoint lets the host close the review, and if not, what is missing. */
  close: { ready: boolean; message: string };
  /** Today in London, so the page offers to record the huddles that have met. */
  today: string;
}
