import type { WorkshopStage } from './agenda.ts';

/**
 * What the server tells every screen of a workshop. The server owns it (PostgreSQL), clients render it; `version`
 * grows with every change, so a client drops any state older than the one it holds (never shows a stale one).
 */
export interface WorkshopState {
  sessionId: string;
  reviewId: string;
  version: number;
  stages: WorkshopStage[];
  /** Null until the facilitator starts the first stage. */
  currentStageId: string | null;
  /** Server clock, milliseconds since the epoch. */
  stageStartedAt: number | null;
  timer: WorkshopTimer | null;
  /** While locked, only facilitators can change boards. */
  editingLocked: boolean;
  /** The latest "bring everyone here"; `seq` tells a new request from a repeat of the old one. */
  focus: (WorkshopFocusTarget & { seq: number }) | null;
  breakouts: WorkshopBreakouts;
  finishedAt: number | null;
}

/** Running: `endsAt` (server clock) is set. Paused: `remainingMs` is set instead. */
export interface WorkshopTimer {
  endsAt: number | null;
  remainingMs: number | null;
}

export type WorkshopFocusTarget = { kind: 'document'; section: string } | { kind: 'board'; boardId: string };

export interface WorkshopBreakoutGroup {
  id: string;
  name: string;
  boardId: string | null;
  memberIds: string[];
}

export interface WorkshopBreakouts {
  open: boolean;
  /** Server clock; null when the groups have no time limit. */
  endsAt: number | null;
  groups: WorkshopBreakoutGroup[];
  /** The facilitator's latest message to every group. */
  broadcast: { text: string; at: number } | null;
}

/** How a person takes part in a workshop, from the permission matrix (shared/src/permissions/workshops.ts). */
export type WorkshopRole = 'facilitator' | 'participant' | 'observer' | 'none';
