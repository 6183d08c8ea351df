import type { WorkshopCommand, WorkshopFocusTarget, WorkshopStage } from '@crosswalk/shared';

/**
 * The workshop's control state machine, free of SQL and sockets: given the stored record, the agenda and a command,
 * it returns the next record or a refusal in plain words. Time is passed in, so every rule is unit-testable.
 * Breakout groups need rows of their own; the service creates them and uses `openBreakouts`/`recallBreakouts` here.
 */

/** The `workshops` row as the machine sees it. */
export interface WorkshopRecord {
  sessionId: string;
  reviewId: string;
  currentStageId: string | null;
  stageStartedAt: Date | null;
  timerEndsAt: Date | null;
  timerRemainingMs: number | null;
  editingLocked: boolean;
  focus: (WorkshopFocusTarget & { seq: number }) | null;
  breakoutsOpen: boolean;
  breakoutsEndAt: Date | null;
  broadcast: { text: string; at: number } | null;
  finishedAt: Date | null;
  version: number;
}

export type Decision = { ok: true; record: WorkshopRecord; changed: boolean } | { ok: false; message: string };

const MINUTE = 60_000;

const refuse = (message: string): Decision => ({ ok: false, message });
const change = (record: WorkshopRecord): Decision => ({ ok: true, record, changed: true });
const same = (record: WorkshopRecord): Decision => ({ ok: true, record, changed: false });

/** Starts a stage now: everyone moves there and its countdown runs for the stage's minutes. */
export function startStage(record: WorkshopRecord, stage: WorkshopStage, now: Date): WorkshopRecord {
  return {
    ...record,
    currentStageId: stage.id,
    stageStartedAt: now,
    timerEndsAt: new Date(now.getTime() + stage.minutes * MINUTE),
    timerRemainingMs: null,
    finishedAt: null,
  };
}

/** Decides every command except the breakout ones that create groups (see the service). */
export function decide(
  record: WorkshopRecord,
  stages: readonly WorkshopStage[],
  command: Exclude<WorkshopCommand, { type: 'breakouts_open' }>,
  now: Date,
): Decision {
  const index = stages.findIndex((stage) => stage.id === record.currentStageId);
  switch (command.type) {
    case 'go_to_stage': {
      const stage = stages.find((s) => s.id === command.stageId);
      return stage ? change(startStage(record, stage, now)) : refuse('That stage is not on this workshop’s agenda.');
    }
    case 'next':
    case 'previous': {
      if (command.fromStageId !== undefined && command.fromStageId !== record.currentStageId) {
        // Someone (or a second click) moved the workshop already: nothing to do.
        return same(record);
      }
      const target = command.type === 'next' ? (index === -1 ? 0 : index + 1) : index - 1;
      if (command.type === 'previous' && index <= 0) {
        return refuse('This is the first stage.');
      }
      const stage = stages[target];
      return stage
        ? change(startStage(record, stage, now))
        : refuse('This is the last stage. Finish the workshop when you are ready.');
    }
    case 'timer_pause':
      if (record.timerRemainingMs !== null) {
        return same(record);
      }
      if (!record.timerEndsAt) {
        return refuse('No countdown is running.');
      }
      return change({
        ...record,
        timerEndsAt: null,
        timerRemainingMs: Math.max(0, record.timerEndsAt.getTime() - now.getTime()),
      });
    case 'timer_resume':
      if (record.timerEndsAt) {
        return same(record);
      }
      if (record.timerRemainingMs === null) {
        return refuse('No countdown is paused.');
      }
      return change({
        ...record,
        timerEndsAt: new Date(now.getTime() + record.timerRemainingMs),
        timerRemainingMs: null,
      });
    case 'timer_add': {
      const delta = command.minutes * MINUTE;
      if (record.timerEndsAt) {
        const endsAt = Math.max(now.getTime(), record.timerEndsAt.getTime() + delta);
        return change({ ...record, timerEndsAt: new Date(endsAt) });
      }
      if (record.timerRemainingMs !== null) {
        return change({ ...record, timerRemainingMs: Math.max(0, record.timerRemainingMs + delta) });
      }
      return refuse('Start a stage first: its countdown is what you can add time to.');
    }
    case 'focus':
      return change({ ...record, focus: { ...command.target, seq: (record.focus?.seq ?? 0) + 1 } });
    case 'lock':
      return record.editingLocked === command.locked
        ? same(record)
        : change({ ...record, editingLocked: command.locked });
    case 'finish':
      if (record.breakoutsOpen) {
        return refuse('Bring the breakout groups back before finishing the workshop.');
      }
      if (record.finishedAt) {
        return same(record);
      }
      return change({ ...record, finishedAt: now, timerEndsAt: null, timerRemainingMs: null });
    case 'breakouts_broadcast':
      if (!record.breakoutsOpen) {
        return refuse('There are no breakout groups to send a message to.');
      }
      return change({ ...record, broadcast: { text: command.text, at: now.getTime() } });
    case 'breakouts_recall':
      return record.breakoutsOpen ? change(recallBreakouts(record)) : refuse('There are no breakout groups to recall.');
  }
}

/** Checks a facilitator's split: each person in at most one group, and only people who may take part. */
export function checkGroups(
  groups: readonly { name: string; memberIds: readonly string[] }[],
  mayJoin: (userId: string) => boolean,
): string | null {
  const seen = new Set<string>();
  for (const group of groups) {
    for (const userId of group.memberIds) {
      if (seen.has(userId)) {
        return 'Someone is in two groups. Put each person in one group only.';
      }
      if (!mayJoin(userId)) {
        return 'Someone in a group is not part of this workshop.';
      }
      seen.add(userId);
    }
  }
  if (seen.size === 0) {
    return 'Put at least one person in a group.';
  }
  return null;
}

export function openBreakouts(record: WorkshopRecord, minutes: number | null, now: Date): Decision {
  if (record.breakoutsOpen) {
    return refuse('Breakout groups are already meeting. Recall them before opening new ones.');
  }
  return change({
    ...record,
    breakoutsOpen: true,
    breakoutsEndAt: minutes === null ? null : new Date(now.getTime() + minutes * MINUTE),
    broadcast: null,
  });
}

export function recallBreakouts(record: WorkshopRecord): WorkshopRecord {
  return { ...record, breakoutsOpen: false, breakoutsEndAt: null, broadcast: null };
}
