import { AuditActionLabel, type RoomAnswer } from '@crosswalk/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { signInPeople, withDemoData } from '../support/fixtures.ts';
import { collect, sessionSockets, type SessionClient as Socket } from '../support/session-socket.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { guestWaiting } from '../support/video-rooms.ts';
import { reviewDaySessionId } from '../support/workshop-fixtures.ts';

const REVIEW = '6b1d0000-0000-4000-8000-000000000201';
const LEAD = 'lead.reviewer@summercroft.demo';
const HOST = 'host.head@fenbrook.demo';
const HEMPSHILL = 'reviewer@hempshill.demo';
const PRINCEROCK = 'reviewer@princerock.demo';
const GUEST = 'partnership.lead@crosswalk.demo';

/** Starting the embedded database (PGlite) and loading the demo takes tens of seconds on a busy machine. */
const STARTUP_TIMEOUT_MS = 180_000;

interface AuditRow {
  actorUserId: string | null;
  action: string;
  subjectId: string | null;
  detail: { reviewId?: string; sessionId?: string; targetUserId?: string | null };
}

/**
 * Every moderator action in a video session, done over the real socket, leaves an audit entry naming who did
 * it, what, in which review and session, and to whom; an attempt by someone who may not moderate is answered with
 * the reason, logged as a warning (who and what, never any words) and leaves no entry.
 */
export function moderationAuditSuite(engine: 'postgres' | 'embedded'): void {
  describe(`moderator actions in the audit log (${engine})`, () => {
    let server: TestServer;
    let sessionId: string;
    let userIds: Record<string, string> = {};
    let cookies: Record<string, string> = {};
    const logLines: string[] = [];
    const sockets = sessionSockets();
    const idOf = (email: string): string => userIds[email] ?? '';

    beforeAll(async () => {
      server = await startTestServer({
        embedded: engine === 'embedded',
        log: (line) => logLines.push(line),
      });
      await withDemoData(server);
      sessionId = await reviewDaySessionId(server, REVIEW);
      const people = await signInPeople(server.url, [LEAD, HOST, HEMPSHILL, PRINCEROCK, GUEST]);
      userIds = people.userIds;
      cookies = Object.fromEntries(Object.entries(people.clients).map(([email, c]) => [email, c.cookieHeader]));
    }, STARTUP_TIMEOUT_MS);
    afterEach(sockets.closeAll);
    afterAll(() => server.close());

    const socketOf = (email: string): Promise<Socket> => sockets.connect(server.url, cookies[email] ?? '');
    const inRoom = async (...emails: string[]): Promise<Socket[]> => {
      const joined: Socket[] = [];
      for (const email of emails) {
        const socket = await socketOf(email);
        expect(await socket.emitWithAck('room.join', { sessionId })).toMatchObject({ ok: true });
        joined.push(socket);
      }
      return joined;
    };
    const moderationRows = async (): Promise<AuditRow[]> =>
      server.crosswalk.db.sql<AuditRow[]>`
        select actor_user_id, action, subject_id, detail from audit_events
        where action like 'session.%' and action <> 'session.scheduled_on_non_school_day' order by id`;
    /** The entry the action left: the one new row since `before`. */
    const newRows = async (before: number): Promise<AuditRow[]> => (await moderationRows()).slice(before);
    const entry = (actor: string, action: string, target?: string) => ({
      actorUserId: idOf(actor),
      action,
      subjectId: target ? idOf(target) : REVIEW,
      detail: { reviewId: REVIEW, sessionId, targetUserId: target ? idOf(target) : null },
    });

    it('records each moderator action with its actor, review, session and the person acted on', async () => {
      const [lead, host, p1, p2] = (await inRoom(LEAD, HOST, HEMPSHILL, PRINCEROCK)) as [
        Socket,
        Socket,
        Socket,
        Socket,
      ];
      // Counted before the action is sent: the server may write its entry before a count taken afterwards.
      const done = async (send: () => Promise<RoomAnswer>, expected: ReturnType<typeof entry>) => {
        const before = (await moderationRows()).length;
        expect(await send()).toEqual({ ok: true });
        expect(await newRows(before)).toEqual([expected]);
        expect(AuditActionLabel[expected.action]).toBeDefined();
      };

      await done(
        () => lead.emitWithAck('moderation.mute', { peerId: p1.id ?? '' }),
        entry(LEAD, 'session.muted', HEMPSHILL),
      );
      await done(() => lead.emitWithAck('moderation.mute_all', {}), entry(LEAD, 'session.everyone_muted'));
      await done(
        () => host.emitWithAck('moderation.ask_unmute', { peerId: p2.id ?? '' }),
        entry(HOST, 'session.unmute_asked', PRINCEROCK),
      );
      await done(() => lead.emitWithAck('hand.lower_all', {}), entry(LEAD, 'session.hands_lowered'));
      await done(() => lead.emitWithAck('moderation.lock', { locked: true }), entry(LEAD, 'session.locked'));
      await done(() => host.emitWithAck('moderation.lock', { locked: false }), entry(HOST, 'session.unlocked'));
      await done(
        () => lead.emitWithAck('captions.assign', { userId: idOf(PRINCEROCK) }),
        entry(LEAD, 'session.captioner_given', PRINCEROCK),
      );
      await done(
        () => lead.emitWithAck('captions.assign', { userId: null }),
        entry(LEAD, 'session.captioner_taken', PRINCEROCK),
      );
      await done(
        () => lead.emitWithAck('moderation.remove', { userId: idOf(HEMPSHILL) }),
        entry(LEAD, 'session.person_removed', HEMPSHILL),
      );
      await done(
        () => host.emitWithAck('moderation.allow_back', { userId: idOf(HEMPSHILL) }),
        entry(HOST, 'session.person_allowed_back', HEMPSHILL),
      );

      // Lowering someone else's hand has no answer: its entry appears once the hand is down.
      const hands = collect(lead, 'hands');
      p2.emit('hand.raise');
      await vi.waitFor(() => {
        expect(hands.at(-1)?.queue).toEqual([p2.id]);
      });
      const before = (await moderationRows()).length;
      lead.emit('hand.lower', { peerId: p2.id ?? '' });
      await vi.waitFor(() => {
        expect(hands.at(-1)?.queue).toEqual([]);
      });
      expect(await newRows(before)).toEqual([entry(LEAD, 'session.hand_lowered', PRINCEROCK)]);
    });

    it('records letting a guest in from the lobby', async () => {
      const host = await socketOf(HOST);
      const guest = await socketOf(GUEST);
      const { admitted } = await guestWaiting(host, guest, sessionId);
      const before = (await moderationRows()).length;
      expect(await host.emitWithAck('lobby.admit', { userId: idOf(GUEST) })).toEqual({ ok: true });
      await vi.waitFor(() => {
        expect(admitted).toHaveLength(1);
      });
      expect(await newRows(before)).toEqual([entry(HOST, 'session.guest_admitted', GUEST)]);
    });

    it('refuses a moderator action from someone who may not moderate, with the reason, logged and not audited', async () => {
      const [lead, p1] = (await inRoom(LEAD, HEMPSHILL)) as [Socket, Socket];
      const host = (await inRoom(HOST))[0] as Socket;
      const before = (await moderationRows()).length;
      logLines.length = 0;
      const refusals: [Promise<RoomAnswer>, string][] = [
        [
          p1.emitWithAck('moderation.mute', { peerId: lead.id ?? '' }),
          'Only the lead reviewer or the host can mute someone in this session.',
        ],
        [p1.emitWithAck('moderation.mute_all', {}), 'Only the lead reviewer or the host can mute everyone.'],
        [
          p1.emitWithAck('moderation.ask_unmute', { peerId: lead.id ?? '' }),
          'Only the lead reviewer or the host can ask people to unmute.',
        ],
        [p1.emitWithAck('hand.lower_all', {}), 'Only the lead reviewer or the host can lower everyone’s hands.'],
        [
          p1.emitWithAck('moderation.remove', { userId: idOf(LEAD) }),
          'Only the lead reviewer or the host can remove people.',
        ],
        [
          p1.emitWithAck('moderation.allow_back', { userId: idOf(LEAD) }),
          'Only the lead reviewer or the host can let people back in.',
        ],
        [p1.emitWithAck('moderation.lock', { locked: true }), 'Only the lead reviewer or the host can lock the room.'],
        [
          p1.emitWithAck('captions.assign', { userId: idOf(HEMPSHILL) }),
          'Only the lead reviewer can choose who types the captions.',
        ],
        // A moderator, but a member of the review team is the lead reviewer's to remove.
        [
          host.emitWithAck('moderation.remove', { userId: idOf(HEMPSHILL) }),
          'Only the lead reviewer can remove a member of the review team.',
        ],
      ];
      for (const [answer, reason] of refusals) {
        expect(await answer).toEqual({ ok: false, message: reason });
      }
      const hands = collect(lead, 'hands');
      lead.emit('hand.raise');
      await vi.waitFor(() => {
        expect(hands.at(-1)?.queue).toEqual([lead.id]);
      });
      p1.emit('hand.lower', { peerId: lead.id ?? '' });

      const refused = () =>
        logLines
          .map((line) => JSON.parse(line) as Record<string, unknown>)
          .filter((line) => line.msg === 'room message refused');
      await vi.waitFor(() => {
        expect(refused()).toHaveLength(refusals.length + 1);
      });
      for (const line of refused()) {
        expect(line).toMatchObject({ level: 40, kind: 'refused', userId: expect.any(String) as unknown });
        expect(typeof line.event).toBe('string');
      }
      expect(refused().find((line) => line.event === 'hand.lower')).toMatchObject({
        userId: idOf(HEMPSHILL),
        reason: 'Only the lead reviewer or the host can lower someone else’s hand.',
      });
      expect(hands.at(-1)?.queue).toEqual([lead.id]);
      expect(await moderationRows()).toHaveLength(before);
    });
  });
}
