/** Schools work in Europe/London time: every date a person sees or types is London time. */
export const SCHOOL_TIME_ZONE = 'Europe/London';

/** The instant at which the wall clock in London reads `date` (YYYY-MM-DD) `time` (HH:MM). */
export function londonDateTime(date: string, time: string): Date {
  const guess = new Date(`${date}T${time}:00Z`);
  const offsetMinutes = londonOffsetMinutes(guess);
  const adjusted = new Date(guess.getTime() - offsetMinutes * 60_000);
  // Near a clock change the offset at the adjusted instant can differ; one correction settles it.
  const settled = londonOffsetMinutes(adjusted);
  return settled === offsetMinutes ? adjusted : new Date(guess.getTime() - settled * 60_000);
}

/** Minutes London is ahead of UTC at an instant (0 in winter, 60 in summer). */
export function londonOffsetMinutes(at: Date): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: SCHOOL_TIME_ZONE,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((asUtc - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

/** YYYY-MM-DD of the London calendar day `days` after the one containing `from`. */
export function londonDay(from: Date, days = 0): string {
  const shifted = new Date(from.getTime() + days * 86_400_000);
  return new Intl.DateTimeFormat('en-CA', { timeZone: SCHOOL_TIME_ZONE }).format(shifted);
}
