import type { ReviewActivity } from '@crosswalk/shared';
import { describe, expect, it } from 'vitest';
import { activityAt, clockTime } from './timetable.ts';

const activity = (title: string, start: string, end: string, mediaMode: ReviewActivity['mediaMode'] = 'video') =>
  ({
    id: title,
    kind: 'leader_meeting',
    title,
    startsAt: `2026-11-23T${start}:00Z`,
    endsAt: `2026-11-23T${end}:00Z`,
    mediaMode,
  }) satisfies ReviewActivity;

const day = [
  activity('Walk', '10:15', '10:45', 'teacher_and_board'),
  activity('Meeting', '08:45', '09:30'),
  activity('Pupil voice', '13:15', '13:45', 'audio_only'),
];
const at = (time: string) => new Date(`2026-11-23T${time}:00Z`);

describe('the timetable in a session', () => {
  it('finds the current and next activity in time order', () => {
    expect(activityAt(day, at('09:00'))).toMatchObject({ current: { title: 'Meeting' }, next: { title: 'Walk' } });
    expect(activityAt(day, at('12:00'))).toMatchObject({ current: null, next: { title: 'Pupil voice' } });
    expect(activityAt(day, at('17:00'))).toEqual({ current: null, next: null });
  });

  it('treats an overlapping audio-only activity as current, so cameras go off', () => {
    const overlapping = [...day, activity('Staff', '13:00', '14:00')];
    expect(activityAt(overlapping, at('13:20')).current?.title).toBe('Pupil voice');
  });

  it('shows times in UK time', () => {
    expect(clockTime('2026-07-01T08:40:00Z')).toBe('09:40');
    expect(clockTime('2026-11-23T08:40:00Z')).toBe('08:40');
  });
});
