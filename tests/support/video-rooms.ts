import type { RoomJoinResult } from '@crosswalk/shared';
import { expect, vi } from 'vitest';
import { DEMO_PASSWORD } from './fixtures.ts';
import { HttpClient } from './http-client.ts';
import { collect, type SessionClient } from './session-socket.ts';

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
