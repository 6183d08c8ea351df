import type { RoomJoinResult } from '@crosswalk/shared';
import { expect, vi } from 'vitest';
import type { Sql } from '../../server/src/db/client.ts';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { DEMO_PASSWORD, signInPeople, withDemoData } from './fixtures.ts';
import { HttpClient } from './http-client.ts';
import { collect, sessionSockets, type SessionClient } from './session-socket.ts';
import { startTestServer, type TestServer } from './test-server.ts';
import { reviewDaySessionId } from './workshop-fixtures.ts';

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

/** A server of a test file's own with the demo loaded, the review's first review-day session and people signed in. */
export interface ReviewDayRoom {
  readonly server: TestServer;
  readonly sessionId: string;
  /** Every socket connected through it; each is closed after each test. */
  readonly sockets: ReturnType<typeof sessionSockets>;
  client: (email: string) => HttpClient;
  idOf: (email: string) => string;
  /** A socket.io connection signed in as `email`. */
  socketOf: (email: string) => Promise<SessionClient>;
}

/** Starts the room's server before the file's tests and closes it after them. */
export function useReviewDayRoom(reviewId: string, emails: readonly string[]): ReviewDayRoom {
  let server: TestServer | undefined;
  let sessionId = '';
  let signedIn: Awaited<ReturnType<typeof signInPeople>> = { clients: {}, userIds: {} };
  const sockets = sessionSockets();
  beforeAll(async () => {
    server = await startTestServer();
    await withDemoData(server);
    sessionId = await reviewDaySessionId(server, reviewId);
    signedIn = await signInPeople(server.url, emails);
  });
  afterEach(sockets.closeAll);
  afterAll(() => server?.close());
  const room: ReviewDayRoom = {
    get server() {
      if (!server) {
        throw new Error('the review-day room is used before its server started (outside a test or hook)');
      }
      return server;
    },
    get sessionId() {
      return sessionId;
    },
    sockets,
    client: (email) => {
      const client = signedIn.clients[email];
      if (!client) {
        throw new Error(`${email} is not signed in on the review-day room's server`);
      }
      return client;
    },
    idOf: (email) => signedIn.userIds[email] ?? '',
    socketOf: (email) => sockets.connect(room.server.url, room.client(email).cookieHeader),
  };
  return room;
}

/** Runs `during` while a pupil-voice activity (audio only) is under way in the session, then removes the activity. */
export async function duringAudioOnlyActivity<T>(sql: Sql, sessionId: string, during: () => Promise<T>): Promise<T> {
  const [activity] = await sql<{ id: string }[]>`
    insert into review_activities (session_id, kind, title, starts_at, ends_at, media_mode)
    values (${sessionId}, 'pupil_voice', ${AUDIO_ONLY_ACTIVITY}, now() - interval '5 minutes', now() + interval '1 hour',
            'audio_only')
    returning id`;
  try {
    return await during();
  } finally {
    await sql`delete from review_activities where id = ${activity?.id ?? ''}`;
  }
}

/** The title of the activity `duringAudioOnlyActivity` adds. */
export const AUDIO_ONLY_ACTIVITY = 'Pupil voice (test)';
