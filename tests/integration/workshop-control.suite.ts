import {
  addCluster,
  fragmentLines,
  readActions,
  workshopFragment,
  WorkshopSections,
  type AgendaResponse,
  type WorkshopCommand,
  type WorkshopCommandResult,
  type WorkshopJoinResult,
  type WorkshopSection,
  type WorkshopState,
} from '@crosswalk/shared';
import { createHash } from 'node:crypto';
import { decodeJwt } from 'jose';
import { AccessToken } from 'livekit-server-sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Config } from '../../server/src/config.ts';
import { createCrosswalk, type Crosswalk } from '../../server/src/crosswalk.ts';
import { createLogger } from '../../server/src/logger.ts';
import { DEMO_PASSWORD, signInPeople, withDemoData, type ErrorBody } from '../support/fixtures.ts';
import { HttpClient } from '../support/http-client.ts';
import { sessionSockets, type SessionClient as Socket } from '../support/session-socket.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { addFenbrookTeacher, FENBROOK_REVIEW, workshopSessionId } from '../support/workshop-fixtures.ts';

const CHAMPION = 'champion@littlewaltham.demo';
const HEAD = 'host.head@fenbrook.demo';
const LINK = 'link.lead@fenbrook.demo';
const LEAD = 'lead.reviewer@summercroft.demo';
const PEER = 'reviewer@hempshill.demo';
const OUTSIDER = 'head@northgate.demo';
const TEACHER = 'teacher.one@fenbrook.demo';
const TEACHER2 = 'teacher.two@fenbrook.demo';

/** Retries an assertion until it passes; generous, because several test runs may share the machine. */
const eventually = (check: () => void | Promise<void>) => vi.waitFor(check, { timeout: 10_000, interval: 50 });

/** Starting the embedded database (PGlite) and loading the demo takes tens of seconds on a busy machine. */
const STARTUP_TIMEOUT_MS = 180_000;

/** Which database the suite runs on: a PostgreSQL server, or the embedded PGlite (one connection). */
export type Engine = 'postgres' | 'embedded';

/**
 * Workshop control end to end, on either database. Each engine runs it from a file of its own, so the two run in
 * parallel and each file starts one database: the LiveKit and review-ending tests restart or reuse the main server.
 */
export function workshopControlSuite(engine: Engine): void {
  let server: TestServer;
  /** The running application; replaced by the restart test (same database). */
  let app: Crosswalk;
  let url: string;
  let sessionId: string;
  let clients: Record<string, HttpClient> = {};
  let userIds: Record<string, string> = {};
  const sockets = sessionSockets();
  /** Log lines of the application after the restart (the first one logs nothing). */
  const logLines: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({ embedded: engine === 'embedded' });
    app = server.crosswalk;
    url = server.url;
    await withDemoData(server);
    sessionId = await workshopSessionId(server);
    await addFenbrookTeacher(server, TEACHER, 'Teacher One (Fenbrook)');
    await addFenbrookTeacher(server, TEACHER2, 'Teacher Two (Fenbrook)');
    ({ clients, userIds } = await signInPeople(url, [CHAMPION, HEAD, LINK, LEAD, PEER, OUTSIDER, TEACHER, TEACHER2]));
  }, STARTUP_TIMEOUT_MS);
  afterEach(sockets.closeAll);
  afterAll(async () => {
    if (app !== server.crosswalk) {
      await app.close();
    }
    await server.close();
  });

  /** Restarts the application on the same database (its log lines are kept), closing every open socket first. */
  async function restart(config: Config = server.config): Promise<void> {
    sockets.closeAll();
    await app.close();
    app = await createCrosswalk(config, createLogger('info', 'crosswalk', { write: (line) => logLines.push(line) }));
    url = `http://127.0.0.1:${(await app.listen()).port}`;
  }

  const socketOf = (email: string): Promise<Socket> => sockets.connect(url, clients[email]?.cookieHeader ?? '');

  const join = (socket: Socket, id = sessionId): Promise<WorkshopJoinResult> =>
    socket.emitWithAck('workshop.join', { sessionId: id });

  const command = (socket: Socket, cmd: WorkshopCommand): Promise<WorkshopCommandResult> =>
    socket.emitWithAck('workshop.command', { sessionId, command: cmd });

  async function joined(email: string): Promise<{ socket: Socket; state: WorkshopState; states: WorkshopState[] }> {
    const socket = await socketOf(email);
    const states: WorkshopState[] = [];
    socket.on('workshop.state', (state) => states.push(state));
    const result = await join(socket);
    if (!result.ok) {
      throw new Error(result.message);
    }
    return { socket, state: result.state, states };
  }

  describe('workshop control over socket.io', () => {
    it('gives each person their workshop role and the whole state; others get "not found"', async () => {
      const expected: [string, string][] = [
        [CHAMPION, 'facilitator'],
        [HEAD, 'facilitator'],
        [LINK, 'participant'],
        [TEACHER, 'participant'],
        [LEAD, 'observer'],
      ];
      for (const [email, role] of expected) {
        const result = await join(await socketOf(email));
        expect(result).toMatchObject({ ok: true, role });
        if (result.ok) {
          expect(result.state.stages).toHaveLength(7);
          expect(result.state.currentStageId).toBeNull();
          expect(Math.abs(result.serverTime - Date.now())).toBeLessThan(60_000);
        }
      }
      for (const email of [PEER, OUTSIDER]) {
        expect(await join(await socketOf(email))).toMatchObject({ ok: false, reason: 'not_found' });
      }
      const [reviewDay] = await app.db.sql<{ id: string }[]>`
        select id from review_sessions where review_id = ${'6b1d0000-0000-4000-8000-000000000201'}
        and kind = 'review_day' limit 1`;
      // A session that is not a workshop, a malformed id, and a payload with extra fields.
      const champion = await socketOf(CHAMPION);
      expect(await join(champion, reviewDay?.id)).toMatchObject({ ok: false, reason: 'not_found' });
      expect(await join(champion, 'nope')).toMatchObject({ ok: false, reason: 'invalid' });
      const extra = await (
        champion.emitWithAck.bind(champion) as (e: string, p: unknown) => Promise<WorkshopJoinResult>
      )('workshop.join', { sessionId, role: 'facilitator' });
      expect(extra).toMatchObject({ ok: false, reason: 'invalid' });
    });

    it('moves every screen to the next stage with its countdown; versions only grow', async () => {
      const facilitator = await joined(CHAMPION);
      const participant = await joined(LINK);
      const observer = await joined(LEAD);
      const before = Date.now();
      const first = await command(facilitator.socket, { type: 'next', fromStageId: null });
      expect(first.ok).toBe(true);
      const stage0 = facilitator.state.stages[0];
      for (const follower of [facilitator, participant, observer]) {
        await eventually(() => {
          expect(follower.states.at(-1)?.currentStageId).toBe(stage0?.id);
        });
        const timer = follower.states.at(-1)?.timer;
        expect(timer?.endsAt).toBeGreaterThanOrEqual(before + (stage0?.minutes ?? 0) * 60_000 - 1000);
      }
      await command(facilitator.socket, { type: 'timer_pause' });
      await command(facilitator.socket, { type: 'timer_add', minutes: 5 });
      await command(facilitator.socket, { type: 'next', fromStageId: stage0?.id ?? null });
      await eventually(() => {
        expect(participant.states.at(-1)?.currentStageId).toBe(facilitator.state.stages[1]?.id);
      });
      const versions = participant.states.map((s) => s.version);
      expect(versions).toEqual([...versions].sort((a, b) => a - b));
      expect(new Set(versions).size).toBe(versions.length);
      // A person who joins now (or reconnects) gets the current state, never an older one.
      const late = await joined(TEACHER);
      expect(late.state.version).toBe(participant.states.at(-1)?.version);
      expect(late.state.currentStageId).toBe(facilitator.state.stages[1]?.id);
    });

    it('refuses facilitator commands from participants and observers, changing nothing', async () => {
      const participant = await joined(LINK);
      const observer = await joined(LEAD);
      const version = participant.state.version;
      for (const socket of [participant.socket, observer.socket]) {
        for (const cmd of [
          { type: 'next' },
          { type: 'lock', locked: true },
          { type: 'focus', target: { kind: 'document', section: 'findings' } },
          { type: 'breakouts_open', groups: [{ name: 'A', memberIds: [userIds[LINK] ?? ''] }], minutes: 5 },
        ] satisfies WorkshopCommand[]) {
          expect(await command(socket, cmd)).toMatchObject({ ok: false, message: 'Only the facilitator can do that.' });
        }
      }
      // Malformed commands and commands for a workshop this connection does not follow are refused too.
      const facilitator = await joined(HEAD);
      const raw = facilitator.socket.emitWithAck.bind(facilitator.socket) as (
        e: string,
        p: unknown,
      ) => Promise<WorkshopCommandResult>;
      expect(await raw('workshop.command', { sessionId, command: { type: 'explode' } })).toMatchObject({ ok: false });
      expect(await raw('workshop.command', { sessionId, command: { type: 'timer_add', minutes: 999 } })).toMatchObject({
        ok: false,
      });
      const outsider = await socketOf(OUTSIDER);
      expect(await command(outsider, { type: 'next' })).toMatchObject({ ok: false });
      const state = await join(await socketOf(LINK));
      expect(state.ok && state.state.version).toBe(version);
    });

    it('locks and unlocks editing and brings everyone to a document section or a board, announcing each change', async () => {
      const changes: string[] = [];
      const off = app.services.events.subscribe('workshop.changed', (event) => {
        changes.push(event.sessionId);
      });
      const facilitator = await joined(CHAMPION);
      const participant = await joined(TEACHER);
      expect(await command(facilitator.socket, { type: 'lock', locked: true })).toMatchObject({ ok: true });
      await eventually(() => {
        expect(participant.states.at(-1)?.editingLocked).toBe(true);
      });
      const board = facilitator.state.stages.find((s) => s.boardId)?.boardId ?? '';
      await command(facilitator.socket, { type: 'focus', target: { kind: 'board', boardId: board } });
      await eventually(() => {
        expect(participant.states.at(-1)?.focus).toMatchObject({ kind: 'board', boardId: board });
      });
      const seq = participant.states.at(-1)?.focus?.seq ?? 0;
      await command(facilitator.socket, { type: 'focus', target: { kind: 'document', section: 'findings' } });
      await eventually(() => {
        expect(participant.states.at(-1)?.focus).toEqual({ kind: 'document', section: 'findings', seq: seq + 1 });
      });
      expect(
        await command(facilitator.socket, {
          type: 'focus',
          target: { kind: 'board', boardId: '00000000-0000-4000-8000-000000000000' },
        }),
      ).toMatchObject({ ok: false });
      await command(facilitator.socket, { type: 'lock', locked: false });
      await eventually(() => {
        expect(participant.states.at(-1)?.editingLocked).toBe(false);
      });
      off();
      expect(changes).toEqual([sessionId, sessionId, sessionId, sessionId]);
    });

    it('splits people into breakout groups with their own video rooms and boards, then recalls them', async () => {
      const facilitator = await joined(CHAMPION);
      const link = await joined(LINK);
      const teacher = await joined(TEACHER);
      const teacher2 = await joined(TEACHER2);
      /** The link lead and a teacher in group 1; `second` alone in group 2. */
      const openBreakouts = (second: string) =>
        command(facilitator.socket, {
          type: 'breakouts_open',
          minutes: 10,
          groups: [
            { name: 'Group 1', memberIds: [userIds[LINK] ?? '', userIds[TEACHER] ?? ''] },
            { name: 'Group 2', memberIds: [userIds[second] ?? ''] },
          ],
        });
      expect(await openBreakouts(PEER)).toMatchObject({
        ok: false,
        message: 'Someone in a group is not part of this workshop.',
      });
      expect(await openBreakouts(TEACHER2)).toMatchObject({ ok: true });
      await eventually(() => {
        expect(teacher2.states.at(-1)?.breakouts.open).toBe(true);
      });
      const breakouts = teacher2.states.at(-1)?.breakouts;
      expect(breakouts?.groups.map((g) => [g.name, g.members.map((m) => m.displayName).sort()])).toEqual([
        ['Group 1', ['Deputy Head and Link Lead (Fenbrook)', 'Teacher One (Fenbrook)']],
        ['Group 2', ['Teacher Two (Fenbrook)']],
      ]);
      const [group1, group2] = breakouts?.groups ?? [];
      expect(group1?.boardId).toBeTruthy();
      expect(group1?.boardId).not.toBe(group2?.boardId);

      // Each group's id is a video room: members and facilitators may enter; others are told it does not exist.
      expect(await link.socket.emitWithAck('room.join', { sessionId: group1?.id ?? '' })).toMatchObject({ ok: true });
      expect(await teacher2.socket.emitWithAck('room.join', { sessionId: group1?.id ?? '' })).toMatchObject({
        ok: false,
        reason: 'not_found',
      });
      expect(await facilitator.socket.emitWithAck('room.join', { sessionId: group1?.id ?? '' })).toMatchObject({
        ok: true,
        self: { moderator: true },
      });
      const media = `/api/sessions/${sessionId}/workshop/breakouts/${group1?.id ?? ''}/media`;
      expect((await clients[TEACHER]?.get(media))?.body).toMatchObject({ transport: 'mesh' });
      expect((await clients[TEACHER2]?.get(media))?.status).toBe(404);
      expect((await clients[OUTSIDER]?.get(media))?.status).toBe(404);
      await eventually(async () => {
        const rows = await app.db.sql`
          select 1 from session_attendance where session_id = ${sessionId} and user_id = ${userIds[LINK] ?? ''}`;
        expect(rows.length).toBeGreaterThan(0);
      });

      expect(
        await command(facilitator.socket, { type: 'breakouts_broadcast', text: 'Two minutes left' }),
      ).toMatchObject({
        ok: true,
      });
      await eventually(() => {
        expect(teacher.states.at(-1)?.breakouts.broadcast?.text).toBe('Two minutes left');
      });
      expect(await command(facilitator.socket, { type: 'breakouts_recall' })).toMatchObject({ ok: true });
      await eventually(() => {
        expect(teacher.states.at(-1)?.breakouts.open).toBe(false);
      });
      const after = teacher.states.at(-1)?.breakouts;
      expect(after?.groups.map((g) => g.id)).toEqual([group1?.id, group2?.id]);
      expect(after?.groups.every((g) => g.recalledAt !== null)).toBe(true);
      // A recalled group's room is closed.
      expect(await teacher.socket.emitWithAck('room.join', { sessionId: group1?.id ?? '' })).toMatchObject({
        ok: false,
        reason: 'not_found',
      });
      expect((await clients[TEACHER]?.get(media))?.status).toBe(404);
    });

    it('records personal commitments; facilitators see everyone’s, observers cannot commit', async () => {
      const facilitator = await joined(HEAD);
      const seen: string[][] = [];
      facilitator.socket.on('workshop.commitments', ({ all }) => seen.push(all.map((c) => c.text)));
      const teacher = await joined(TEACHER);
      const first = await teacher.socket.emitWithAck('workshop.commitment', {
        sessionId,
        text: 'Try 5 whys in year 3',
      });
      expect(first).toMatchObject({ ok: true, mine: { text: 'Try 5 whys in year 3' }, all: [] });
      await teacher.socket.emitWithAck('workshop.commitment', { sessionId, text: 'Visit Little Waltham’s year 3' });
      await eventually(() => {
        expect(seen.at(-1)).toEqual(['Visit Little Waltham’s year 3']);
      });
      const all = await facilitator.socket.emitWithAck('workshop.commitments', { sessionId });
      expect(all).toMatchObject({ ok: true, all: [{ displayName: 'Teacher One (Fenbrook)' }] });
      const observer = await joined(LEAD);
      expect(await observer.socket.emitWithAck('workshop.commitment', { sessionId, text: 'x' })).toMatchObject({
        ok: false,
      });
      expect(await teacher.socket.emitWithAck('workshop.commitment', { sessionId, text: '   ' })).toMatchObject({
        ok: false,
      });
    });
  });

  describe('the agenda over REST', () => {
    it('lets facilitators read and edit it, keeping the current stage; others are refused', async () => {
      const path = `/api/sessions/${sessionId}/workshop/agenda`;
      expect((await clients[LINK]?.get(path))?.status).toBe(403);
      expect((await clients[OUTSIDER]?.get(path))?.status).toBe(404);
      const agenda = (await clients[CHAMPION]?.get(path))?.body as {
        stages: { id: string; title: string; minutes: number; boardId: string | null }[];
        boards: { id: string }[];
        currentStageId: string | null;
      };
      expect(agenda.currentStageId).toBeTruthy();
      const current = agenda.stages.find((s) => s.id === agenda.currentStageId);
      const reordered = [...agenda.stages].reverse().map((stage) => ({ ...stage, minutes: stage.minutes + 1 }));
      const added = [...reordered, { title: 'Gallery walk', minutes: 5, activity: 'board', move: null, guidance: '' }];
      const put = await clients[CHAMPION]?.request('PUT', path, { stages: added });
      expect(put?.status).toBe(200);
      const saved = put?.body as typeof agenda;
      expect(saved.stages.map((s) => s.title)).toEqual(added.map((s) => s.title));
      expect(saved.currentStageId).toBe(current?.id);
      // A board stage without a board gets a new one.
      expect(saved.stages.at(-1)?.boardId).toBeTruthy();
      expect(saved.boards).toHaveLength(agenda.boards.length + 1);

      const bad = await clients[CHAMPION]?.request('PUT', path, {
        stages: [{ title: '', minutes: 0, activity: 'dance', move: null }],
      });
      expect(bad?.status).toBe(400);
      expect((bad?.body as ErrorBody).error.fields?.map((f) => f.path).sort()).toEqual([
        'stages.0.activity',
        'stages.0.minutes',
        'stages.0.title',
      ]);
      const tooMany = Array.from({ length: 21 }, () => ({
        title: 'x',
        minutes: 1,
        activity: 'discussion',
        move: null,
      }));
      expect((await clients[CHAMPION]?.request('PUT', path, { stages: tooMany }))?.status).toBe(400);
      expect((await clients[LINK]?.request('PUT', path, { stages: added }))?.status).toBe(403);
    });
  });

  describe('the workshop record', () => {
    it('is written with the actions when the facilitator finishes, once however often it is finished', async () => {
      const { services, live } = app;
      const collab = live.realtime?.collab;
      if (!collab) {
        throw new Error('this test needs the realtime server');
      }
      const agenda = (await clients[CHAMPION]?.get(`/api/sessions/${sessionId}/workshop/agenda`))
        ?.body as AgendaResponse;
      const rootBoard = agenda.stages.find((s) => s.move === 'five_whys')?.boardId ?? '';
      const ideasBoard = agenda.stages.find((s) => s.move === 'dot_vote')?.boardId ?? '';
      const contextOf = async (email: string, boardId: string) => {
        const actor = await services.auth.actorForUser(userIds[email] ?? '');
        if (!actor) {
          throw new Error(`no actor for ${email}`);
        }
        return { ctx: await services.boards.context(sessionId, boardId, actor), name: actor.displayName };
      };
      const note = async (email: string, boardId: string, text: string) => {
        const { ctx, name } = await contextOf(email, boardId);
        return services.boards.createNote(ctx, name, text, true);
      };
      await note(TEACHER, rootBoard, 'Little time to plan writing together');
      const journals = await note(TEACHER, ideasBoard, 'Writing journals every week');
      const editing = await note(TEACHER2, ideasBoard, 'Peer editing in pairs');
      await note(LINK, ideasBoard, 'A visiting author');
      // People group notes on the layout document themselves (their browsers write it).
      const cluster = await collab.withDocument(`${FENBROOK_REVIEW}.board.${ideasBoard}.layout`, (doc) =>
        addCluster(doc, 'Writing journals', [journals]),
      );
      for (const [email, target] of [
        [TEACHER, cluster],
        [TEACHER2, cluster],
        [LINK, cluster],
        [TEACHER2, editing],
      ] as const) {
        const { ctx } = await contextOf(email, ideasBoard);
        await services.boards.vote(ctx, target ?? '', 1);
      }
      for (const [email, text] of [
        [TEACHER, 'Model writing daily'],
        [TEACHER2, 'Try peer editing'],
      ] as const) {
        const committed = await (await joined(email)).socket.emitWithAck('workshop.commitment', { sessionId, text });
        expect(committed).toMatchObject({ ok: true });
      }

      const facilitator = await joined(CHAMPION);
      await command(facilitator.socket, { type: 'lock', locked: false });
      const actionsBefore = await collab.withDocument(`${FENBROOK_REVIEW}.actions`, (doc) => readActions(doc).length);
      expect(await command(facilitator.socket, { type: 'finish' })).toMatchObject({ ok: true });

      const section = (name: WorkshopSection) =>
        collab.withDocument(`${FENBROOK_REVIEW}.workshop`, (doc) => fragmentLines(workshopFragment(doc, name)));
      expect((await section('attendees'))[0]).toBe('Facilitator: Improvement Champion (Little Waltham)');
      expect(await section('attendees')).toEqual(
        expect.arrayContaining(['Host school staff: 2', 'Host link lead: 1', 'Improvement champion: 1']),
      );
      expect(await section('rootCauses')).toEqual(['Little time to plan writing together']);
      expect(await section('ideas')).toEqual(['Writing journals']);
      expect(await section('priorities')).toEqual(['Writing journals (3 votes)', 'Peer editing in pairs (1 vote)']);
      expect(await section('commitments')).toEqual(['2 people recorded a personal commitment.']);
      expect((await section('focus')).length).toBeGreaterThan(0);
      const record = JSON.stringify(await Promise.all(WorkshopSections.map(section)));
      expect(record).not.toContain('Teacher One');

      const added = async () =>
        (await collab.withDocument(`${FENBROOK_REVIEW}.actions`, (doc) => readActions(doc))).slice(actionsBefore);
      expect((await added()).map((a) => [a.action, a.status])).toEqual([
        ['Writing journals', 'not_started'],
        ['Peer editing in pairs', 'not_started'],
      ]);

      // Back to a stage and finished again: the same record, no second row of either action.
      await command(facilitator.socket, { type: 'go_to_stage', stageId: agenda.stages[0]?.id ?? '' });
      expect(await command(facilitator.socket, { type: 'finish' })).toMatchObject({ ok: true });
      expect(await added()).toHaveLength(2);
      expect(await section('priorities')).toEqual(['Writing journals (3 votes)', 'Peer editing in pairs (1 vote)']);
    });
  });

  describe('persistence', () => {
    it(
      'resumes the same stage and countdown after a server restart on the same database',
      async () => {
        const facilitator = await joined(CHAMPION);
        const target = facilitator.state.stages[2];
        await command(facilitator.socket, { type: 'go_to_stage', stageId: target?.id ?? '' });
        await command(facilitator.socket, { type: 'lock', locked: true });
        const before = await join(await socketOf(LINK));
        expect(before.ok).toBe(true);
        await restart();

        const after = await join(await socketOf(LINK));
        expect(after.ok && before.ok).toBe(true);
        if (after.ok && before.ok) {
          expect(after.state.currentStageId).toBe(target?.id);
          expect(after.state.timer).toEqual(before.state.timer);
          expect(after.state.editingLocked).toBe(true);
          expect(after.state.version).toBe(before.state.version);
        }
      },
      STARTUP_TIMEOUT_MS,
    );

    it('logs a refused command with who and where, never its content', async () => {
      const participant = await joined(TEACHER);
      const refused = await command(participant.socket, { type: 'breakouts_broadcast', text: 'Private words here' });
      expect(refused).toMatchObject({ ok: false });
      const warnings = logLines.filter((line) => line.includes('workshop message refused'));
      expect(warnings).toHaveLength(1);
      expect(JSON.parse(warnings[0] ?? '{}')).toMatchObject({
        level: 40,
        userId: userIds[TEACHER],
        sessionId,
        event: 'workshop.command',
      });
      expect(logLines.join('\n')).not.toContain('Private words here');
    });
  });

  describe('breakout rooms with LiveKit (configured; no LiveKit server runs here)', () => {
    const KEY = 'APIcrosswalktest';
    const SECRET = 'a-livekit-secret-for-tests-only-0123456789';

    // The same database, restarted with LiveKit configured (a second database would cost the embedded run seconds).
    beforeAll(
      () => restart({ ...server.config, livekit: { url: 'wss://livekit.invalid', apiKey: KEY, apiSecret: SECRET } }),
      STARTUP_TIMEOUT_MS,
    );

    it('mints tokens for the group’s own room and counts its attendance towards the workshop session', async () => {
      const workshopId = sessionId;
      const teacherId = userIds[TEACHER] ?? '';
      const { services } = app;
      const champion = await services.auth.actorForUser(userIds[CHAMPION] ?? '');
      if (!champion) {
        throw new Error('the demo champion is missing');
      }
      await services.workshops.command(workshopId, champion, {
        type: 'breakouts_open',
        minutes: null,
        groups: [{ name: 'Group 1', memberIds: [teacherId] }],
      });
      const [group] = (await services.workshops.state(workshopId)).breakouts.groups;
      const teacher = new HttpClient(url);
      await teacher.login(TEACHER, DEMO_PASSWORD);
      const answer = (await teacher.get(`/api/sessions/${workshopId}/workshop/breakouts/${group?.id ?? ''}/media`))
        .body as { transport: string; token: string };
      expect(answer.transport).toBe('livekit');
      expect((decodeJwt(answer.token) as { video: { room: string } }).video.room).toBe(group?.id);

      const body = JSON.stringify({
        event: 'participant_joined',
        room: { name: group?.id },
        participant: { identity: teacherId },
        id: 'EV_1',
        createdAt: '1',
      });
      const token = new AccessToken(KEY, SECRET);
      token.sha256 = createHash('sha256').update(body).digest('base64');
      const webhook = new HttpClient(url);
      webhook.origin = null;
      const response = await webhook.request('POST', '/api/livekit/webhook', undefined, {
        rawBody: body,
        headers: { 'content-type': 'application/webhook+json', authorization: await token.toJwt() },
      });
      expect(response.status).toBe(204);
      const rows = await app.db.sql`
        select 1 from session_attendance where session_id = ${workshopId} and user_id = ${teacherId}`;
      expect(rows).toHaveLength(1);
    });
  });

  // Last, on the same database: it ends the demo review every test above uses.
  describe('a review that ends during the workshop', () => {
    it('turns every follower into an observer at once; their commands are refused from then on', async () => {
      const id = sessionId;
      const head = new HttpClient(url);
      await head.login(HEAD, DEMO_PASSWORD);
      const champion = new HttpClient(url);
      await champion.login(CHAMPION, DEMO_PASSWORD);
      const roles: string[] = [];
      const socket = await sockets.connect(url, champion.cookieHeader, {
        onCreated: (created) => created.on('workshop.role', ({ role }) => roles.push(role)),
      });
      expect(await socket.emitWithAck('workshop.join', { sessionId: id })).toMatchObject({ role: 'facilitator' });

      const cancelled = await head.post(`/api/reviews/${FENBROOK_REVIEW}/transitions`, { action: 'cancel' });
      expect(cancelled.status).toBe(200);
      await eventually(() => {
        expect(roles).toEqual(['observer']);
      });
      expect(
        await socket.emitWithAck('workshop.command', { sessionId: id, command: { type: 'lock', locked: true } }),
      ).toMatchObject({ ok: false });
    });
  });
}
