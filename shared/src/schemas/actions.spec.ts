import { describe, expect, it } from 'vitest';
import { ACTION_NOTE_MAX, ActionOwnerSchema, ActionUpdateSchema } from './actions.ts';

const message = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.error?.issues.map((i) => i.message).join('; ') ?? '';

describe('an update to an action', () => {
  it('takes a status, an evidence note, or both', () => {
    expect(ActionUpdateSchema.parse({ status: 'at_risk' })).toEqual({ status: 'at_risk' });
    expect(ActionUpdateSchema.parse({ note: '  Seen in every class.  ' })).toEqual({ note: 'Seen in every class.' });
    expect(ActionUpdateSchema.parse({ status: 'complete', note: 'Done.' })).toEqual({
      status: 'complete',
      note: 'Done.',
    });
  });

  it('refuses an unknown status, a note too long, nothing at all and unknown fields, saying why', () => {
    expect(message(ActionUpdateSchema.safeParse({ status: 'done' }))).toMatch(
      /Choose a status: not started, on track, at risk or complete/,
    );
    expect(message(ActionUpdateSchema.safeParse({ note: 'x'.repeat(ACTION_NOTE_MAX + 1) }))).toMatch(
      /under 2000 characters/,
    );
    expect(ActionUpdateSchema.safeParse({ note: 'x'.repeat(ACTION_NOTE_MAX) }).success).toBe(true);
    expect(message(ActionUpdateSchema.safeParse({}))).toMatch(/new status or write an evidence note/);
    expect(message(ActionUpdateSchema.safeParse({ note: '   ' }))).toMatch(/new status or write an evidence note/);
    expect(ActionUpdateSchema.safeParse({ status: 'on_track', ownerUserId: 'x' }).success).toBe(false);
  });

  it('names an owner by id, or none', () => {
    expect(ActionOwnerSchema.parse({ userId: null })).toEqual({ userId: null });
    expect(ActionOwnerSchema.safeParse({ userId: 'someone' }).success).toBe(false);
  });
});
