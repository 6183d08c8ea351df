import type { RoomJoinResult } from '@crosswalk/shared';
import { expect, vi } from 'vitest';
import type { Sql } from '../../server/src/db/client.ts';
import { DEMO_PASSWORD } from './fixtures.ts';
import { HttpClient } from './http-client.ts';
import { collect, type SessionClient } from './session-socket.ts';

/**
 * The review's first review-day session, made a video call whatever the time of day: its audio-only activities
 * (pupil voice would turn cameras off) move three hours later. With `currentActivity`, the activity whose title
 * starts so is under way now.
 */
export async function videoSessionOf(sql: Sql, reviewId: string, currentActivity?: string): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    select id from review_sessions where review_id = ${reviewId} and kind = 'review_day' order by starts_at limit 1`;
  const sessionId = row?.id ?? '';
  await sql`update review_activities set starts_at = now() + interval '3 hours', ends_at = now() + interval '4 hours'
    where session_id = ${sessionId} and media_mode = 'audio_only'`;
  if (currentActivity) {
    await sql`update review_activities set starts_at = now() - interval '10 minutes', ends_at = now() + interval '2 hours'
      where session_id = ${sessionId} and title like ${`${currentActivity}%`}`;
  }
  return sessionId;
}

export const joinRoom = (socket: SessionClient, sessionId: string): Promise<RoomJoinResult> =>
  socket.emitWithAck('room.join', { sessionId });

/**
 * A moderator joins the room, then a guest asks to: the guest is told to wait and the moderator sees them in the
 * lobby. Returns what the moderator saw of the lobby and the guest's admissions.
 */
export async function guestWaiting(moderator: SessionClient, guest: SessionClient, sessionId: string) {
  await joinRoom(moderator, sessionId);
  const waiting = collect(moderator, 'lobby.waiting');
  const admitted = collect(guest, 'lobby.admitted');
  expect(await joinRoom(guest, sessionId)).toMatchObject({ ok: false, reason: 'waiting' });
  await vi.waitFor(() => {
    expect(waiting.at(-1)?.guests).toHaveLength(1);
  });
  return { waiting, admitted };
}

/** Takes a person off a demo review's team as the demo partnership lead, through the server at `baseUrl`. */
export async function removeFromTeam(baseUrl: string, reviewId: string, userId: string): Promise<number> {
  const lead = new HttpClient(baseUrl);
  await lead.login('partnership.lead@crosswalk.demo', DEMO_PASSWORD);
  return (await lead.request('DELETE', `/api/reviews/${reviewId}/team/${userId}`)).status;
}
