import type { MediaMode, ReviewActivity } from '@crosswalk/shared';

/** Plain words for each media mode, as shown beside an activity. */
export const MEDIA_MODE_LABEL: Record<MediaMode, string> = {
  video: 'video',
  audio_only: 'audio only',
  document_camera: 'document camera',
  screen_share: 'screen share',
  teacher_and_board: 'camera on the teacher and board',
};

export interface TimetableNow {
  current: ReviewActivity | null;
  next: ReviewActivity | null;
}

/**
 * The activity under way at `now` and the one after it. When activities overlap, an audio-only one counts as
 * current, so that cameras go off whenever pupils might be speaking.
 */
export function activityAt(activities: readonly ReviewActivity[], now: Date): TimetableNow {
  const t = now.getTime();
  const sorted = [...activities].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  const running = sorted.filter((a) => Date.parse(a.startsAt) <= t && t < Date.parse(a.endsAt));
  const current = running.find((a) => a.mediaMode === 'audio_only') ?? running[0] ?? null;
  const next = sorted.find((a) => Date.parse(a.startsAt) > t) ?? null;
  return { current, next };
}

/** "09:40" in UK time, for timetables. */
export function clockTime(iso: string): string {
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London' }).format(
    new Date(iso),
  );
}
