import { describe, expect, it } from 'vitest';
import { londonDateTime, londonDay, londonOffsetMinutes } from './time.ts';

describe('London time', () => {
  it('is UTC in winter and UTC+1 in summer', () => {
    expect(londonDateTime('2026-11-23', '09:00').toISOString()).toBe('2026-11-23T09:00:00.000Z');
    expect(londonDateTime('2026-06-15', '09:00').toISOString()).toBe('2026-06-15T08:00:00.000Z');
    expect(londonOffsetMinutes(new Date('2026-07-01T12:00:00Z'))).toBe(60);
  });

  it('handles the days the clocks change', () => {
    expect(londonDateTime('2026-03-29', '12:00').toISOString()).toBe('2026-03-29T11:00:00.000Z');
    expect(londonDateTime('2026-10-25', '12:00').toISOString()).toBe('2026-10-25T12:00:00.000Z');
  });

  it('counts calendar days in London', () => {
    expect(londonDay(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(londonDay(new Date('2026-11-23T10:00:00Z'), 2)).toBe('2026-11-25');
  });
});
