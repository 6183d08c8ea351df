import { z } from '../schemas/zod.ts';
import { AgendaLimits, StageActivities, WorkshopMoves, type WorkshopStage } from './agenda.ts';
import { DocumentParts } from '../realtime/documents.ts';
import { WorkshopControlLimits } from './control-limits.ts';

/**
 * zod schemas of workshop control: the agenda a facilitator saves (REST) and every command sent over socket.io.
 * The server parses each payload with these; the web app reuses them to check the agenda editor before saving.
 */

const uuid = z.uuid();

/** One stage in `PUT /api/sessions/:id/workshop/agenda`; `id` keeps an existing stage (and the current one). */
export const AgendaStageSchema = z.strictObject({
  /** An existing stage's id, or absent for a new stage. */
  id: uuid.optional(),
  title: z.string().trim().min(1).max(AgendaLimits.titleMaxLength),
  minutes: z.number().int().min(AgendaLimits.minMinutes).max(AgendaLimits.maxMinutes),
  activity: z.enum(StageActivities),
  move: z.enum(WorkshopMoves).nullable(),
  guidance: z.string().trim().max(AgendaLimits.guidanceMaxLength).default(''),
  /** One of this workshop's main-room boards; required for `board` stages. */
  boardId: uuid.nullable().default(null),
  /** A part of the enquiry document, for `document` stages. */
  documentSection: z.enum(DocumentParts).nullable().default(null),
});
export type AgendaStageInput = z.infer<typeof AgendaStageSchema>;

export const AgendaUpdateSchema = z.strictObject({
  stages: z.array(AgendaStageSchema).min(1).max(AgendaLimits.maxStages),
});
export type AgendaUpdate = z.infer<typeof AgendaUpdateSchema>;

/** `GET`/`PUT /api/sessions/:id/workshop/agenda`: the stages and the boards a stage may use. */
export interface AgendaResponse {
  stages: WorkshopStage[];
  boards: { id: string; title: string }[];
  currentStageId: string | null;
}

export const FocusTargetSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('document'), section: z.enum(DocumentParts) }),
  z.strictObject({ kind: z.literal('board'), boardId: uuid }),
]);

export const BreakoutGroupInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(WorkshopControlLimits.groupNameMaxLength),
  memberIds: z.array(uuid).max(100),
});

/** Every facilitator command, one event (`workshop.command`), told apart by `type`. */
export const WorkshopCommandSchema = z.discriminatedUnion('type', [
  /** Start the workshop at a stage, or jump to one: everyone's screen follows and the stage's countdown starts. */
  z.strictObject({ type: z.literal('go_to_stage'), stageId: uuid }),
  /** `fromStageId` makes a double click harmless: the move happens only if that stage is still the current one. */
  z.strictObject({ type: z.literal('next'), fromStageId: uuid.nullable().optional() }),
  z.strictObject({ type: z.literal('previous'), fromStageId: uuid.nullable().optional() }),
  z.strictObject({ type: z.literal('timer_pause') }),
  z.strictObject({ type: z.literal('timer_resume') }),
  z.strictObject({
    type: z.literal('timer_add'),
    minutes: z
      .number()
      .int()
      .min(-WorkshopControlLimits.maxAddMinutes)
      .max(WorkshopControlLimits.maxAddMinutes)
      .refine((n) => n !== 0, 'Add or take away at least a minute.'),
  }),
  z.strictObject({ type: z.literal('focus'), target: FocusTargetSchema }),
  z.strictObject({ type: z.literal('lock'), locked: z.boolean() }),
  z.strictObject({ type: z.literal('finish') }),
  z.strictObject({
    type: z.literal('breakouts_open'),
    groups: z.array(BreakoutGroupInputSchema).min(1).max(WorkshopControlLimits.maxGroups),
    /** Null: no time limit. */
    minutes: z.number().int().min(1).max(WorkshopControlLimits.maxBreakoutMinutes).nullable(),
  }),
  z.strictObject({
    type: z.literal('breakouts_broadcast'),
    text: z.string().trim().min(1).max(WorkshopControlLimits.broadcastMaxLength),
  }),
  z.strictObject({ type: z.literal('breakouts_recall') }),
]);
export type WorkshopCommand = z.infer<typeof WorkshopCommandSchema>;

export const CommitmentSchema = z.strictObject({
  text: z.string().trim().min(1).max(WorkshopControlLimits.commitmentMaxLength),
});

/** `workshop.join`, `workshop.commitments`: which workshop (its session). */
export const WorkshopSessionRequestSchema = z.strictObject({ sessionId: z.uuid() });
/** `workshop.command`. */
export const WorkshopCommandRequestSchema = z.strictObject({ sessionId: z.uuid(), command: WorkshopCommandSchema });
/** `workshop.commitment`. */
export const WorkshopCommitmentRequestSchema = CommitmentSchema.extend({ sessionId: z.uuid() });
