import { describe, expect, it } from 'vitest';
import { timeProblems } from './form-errors.ts';

describe('start and end times', () => {
  it('ask for each missing time', () => {
    expect(timeProblems('session', '', '')).toEqual([
      { path: 'startsAt', message: 'Enter the time the session starts' },
      { path: 'endsAt', message: 'Enter the time the session ends' },
    ]);
  });

  it('want the end after the start', () => {
    expect(timeProblems('activity', '10:00', '10:00')).toEqual([
      { path: 'endsAt', message: 'The activity must end after it starts' },
    ]);
    expect(timeProblems('activity', '10:00', '09:30')).toHaveLength(1);
  });

  it('accept an end after the start', () => {
    expect(timeProblems('session', '09:05', '10:00')).toEqual([]);
  });
});
