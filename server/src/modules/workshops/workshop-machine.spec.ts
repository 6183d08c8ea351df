import type { WorkshopStage } from '@crosswalk/shared';
import { describe, expect, it } from 'vitest';
import { checkGroups, decide, openBreakouts, type WorkshopRecord } from './workshop-machine.ts';

const stage = (id: string, minutes: number): WorkshopStage => ({
  id,
  title: `Stage ${id}`,
  minutes,
  activity: 'discussion',
  move: null,
  guidance: '',
  boardId: null,
  documentSection: null,
});
const stages = [stage('a', 10), stage('b', 15), stage('c', 2)];
const blank: WorkshopRecord = {
  sessionId: 's',
  reviewId: 'r',
  currentStageId: null,
  stageStartedAt: null,
  timerEndsAt: null,
  timerRemainingMs: null,
  editingLocked: false,
  focus: null,
  breakoutsOpen: false,
  breakoutsEndAt: null,
  broadcast: null,
  finishedAt: null,
  version: 0,
};
const t0 = new Date('2026-11-23T09:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

function ok(decision: ReturnType<typeof decide>): WorkshopRecord {
  if (!decision.ok) {
    throw new Error(decision.message);
  }
  return decision.record;
}

describe('the workshop state machine', () => {
  it('starts at the first stage with its countdown, moves on, and refuses past either end', () => {
    const first = ok(decide(blank, stages, { type: 'next' }, t0));
    expect(first).toMatchObject({ currentStageId: 'a', stageStartedAt: t0, timerEndsAt: at(10) });
    expect(decide(first, stages, { type: 'previous' }, t0)).toMatchObject({ ok: false });
    const second = ok(decide(first, stages, { type: 'next', fromStageId: 'a' }, at(3)));
    expect(second).toMatchObject({ currentStageId: 'b', timerEndsAt: at(18) });
    // A second click on "next" from the stage already left does nothing.
    expect(decide(second, stages, { type: 'next', fromStageId: 'a' }, at(3))).toMatchObject({
      ok: true,
      changed: false,
    });
    const last = ok(decide(second, stages, { type: 'go_to_stage', stageId: 'c' }, at(4)));
    expect(decide(last, stages, { type: 'next' }, at(4))).toMatchObject({ ok: false });
    expect(decide(last, stages, { type: 'go_to_stage', stageId: 'zzz' }, at(4))).toMatchObject({ ok: false });
  });

  it('pauses, resumes and adds time to the countdown', () => {
    const running = ok(decide(blank, stages, { type: 'go_to_stage', stageId: 'a' }, t0));
    const paused = ok(decide(running, stages, { type: 'timer_pause' }, at(4)));
    expect(paused).toMatchObject({ timerEndsAt: null, timerRemainingMs: 6 * 60_000 });
    const more = ok(decide(paused, stages, { type: 'timer_add', minutes: 2 }, at(20)));
    expect(more.timerRemainingMs).toBe(8 * 60_000);
    const resumed = ok(decide(more, stages, { type: 'timer_resume' }, at(30)));
    expect(resumed).toMatchObject({ timerEndsAt: at(38), timerRemainingMs: null });
    // Taking away more time than is left ends the countdown now, never in the past.
    expect(ok(decide(resumed, stages, { type: 'timer_add', minutes: -60 }, at(31))).timerEndsAt).toEqual(at(31));
    expect(decide(blank, stages, { type: 'timer_pause' }, t0)).toMatchObject({ ok: false });
    expect(decide(blank, stages, { type: 'timer_add', minutes: 1 }, t0)).toMatchObject({ ok: false });
  });

  it('numbers each "bring everyone here", locks, and refuses to finish with groups out', () => {
    const one = ok(decide(blank, stages, { type: 'focus', target: { kind: 'document', section: 'findings' } }, t0));
    const two = ok(decide(one, stages, { type: 'focus', target: { kind: 'board', boardId: 'x' } }, t0));
    expect([one.focus?.seq, two.focus]).toEqual([1, { kind: 'board', boardId: 'x', seq: 2 }]);
    expect(ok(decide(two, stages, { type: 'lock', locked: true }, t0)).editingLocked).toBe(true);
    const open = openBreakouts(two, 10, t0);
    expect(open).toMatchObject({ ok: true, record: { breakoutsOpen: true, breakoutsEndAt: at(10) } });
    const withGroups = ok(open);
    expect(openBreakouts(withGroups, null, t0)).toMatchObject({ ok: false });
    expect(decide(withGroups, stages, { type: 'finish' }, t0)).toMatchObject({ ok: false });
    const told = ok(decide(withGroups, stages, { type: 'breakouts_broadcast', text: 'Two minutes left' }, at(8)));
    expect(told.broadcast).toEqual({ text: 'Two minutes left', at: at(8).getTime() });
    const back = ok(decide(told, stages, { type: 'breakouts_recall' }, at(9)));
    expect(back).toMatchObject({ breakoutsOpen: false, breakoutsEndAt: null, broadcast: null });
    expect(decide(back, stages, { type: 'breakouts_recall' }, at(9))).toMatchObject({ ok: false });
    expect(ok(decide(back, stages, { type: 'finish' }, at(10)))).toMatchObject({
      finishedAt: at(10),
      timerEndsAt: null,
    });
  });

  it('checks a split: one group per person, only people of the workshop, someone in a group', () => {
    const may = (id: string) => id !== 'outsider';
    expect(
      checkGroups(
        [
          { name: 'A', memberIds: ['x'] },
          { name: 'B', memberIds: ['y'] },
        ],
        may,
      ),
    ).toBeNull();
    expect(
      checkGroups(
        [
          { name: 'A', memberIds: ['x'] },
          { name: 'B', memberIds: ['x'] },
        ],
        may,
      ),
    ).toMatch(/two groups/);
    expect(checkGroups([{ name: 'A', memberIds: ['outsider'] }], may)).toMatch(/not part/);
    expect(checkGroups([{ name: 'A', memberIds: [] }], may)).toMatch(/at least one/);
  });
});
