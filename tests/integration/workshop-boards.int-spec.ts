import {
  addCluster,
  placeOnGrid,
  readActions,
  readClusters,
  readGrid,
  readNotes,
  readOutputs,
  writeNote,
  type BoardJoinResult,
  type CollabTicketAnswer,
  type WorkshopBoardsAnswer,
  type WorkshopJoinResult,
} from '@crosswalk/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { connectClient, type TestClient } from '../../realtime/test/support/collab-client.ts';
import { HttpClient } from '../support/http-client.ts';
import { signInAll, withDemoData } from '../support/fixtures.ts';
import { sessionSockets, type SessionClient as Socket } from '../support/session-socket.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { upgradeStatus } from '../support/upgrade.ts';
import { addFenbrookTeacher, FENBROOK_REVIEW, workshopSessionId } from '../support/workshop-fixtures.ts';

/**
 * Workshop boards through the whole application: notes written by the server (anonymous authors never on the wire),
 * dot votes with an allowance and a reveal, the layout document under the workshop lock, and outputs into the
 * action plan. Real server, real PostgreSQL, real socket.io and y-websocket clients.
 */

const FACILITATOR = 'champion@littlewaltham.demo';
const HOST_HEAD = 'host.head@fenbrook.demo';
const LINK_LEAD = 'link.lead@fenbrook.demo';
const TEACHER = 'teacher.anon@fenbrook.demo';
const TEACHER_NAME = 'Year 4 Teacher Quietly (Fenbrook)';
const OBSERVER = 'lead.reviewer@summercroft.demo';
const OUTSIDER = 'head@northgate.demo';
const OTHER_TEACHER_EMAIL = 'teacher.busy@fenbrook.demo';

let server: TestServer;
let http: Record<string, HttpClient> = {};
let sessionId = '';
let teacherId = '';
let otherTeacherId = '';
let boards: WorkshopBoardsAnswer;
let ideas = '';
let rootCauses = '';
const sockets = sessionSockets();
let docs: TestClient[] = [];

beforeAll(async () => {
  server = await startTestServer();
  await withDemoData(server);
  teacherId = await addFenbrookTeacher(server, TEACHER, TEACHER_NAME);
  otherTeacherId = await addFenbrookTeacher(server, OTHER_TEACHER_EMAIL, 'Busy Teacher (Fenbrook)');
  sessionId = await workshopSessionId(server);
  http = await signInAll(server, [FACILITATOR, HOST_HEAD, LINK_LEAD, TEACHER, OBSERVER, OUTSIDER, OTHER_TEACHER_EMAIL]);
  boards = await boardsOf(FACILITATOR);
  rootCauses = boards.boards.find((b) => b.title === 'Root causes')?.id ?? '';
  ideas = boards.boards.find((b) => b.title === 'Ideas and priorities')?.id ?? '';
});
afterEach(() => {
  sockets.closeAll();
  for (const doc of docs) {
    doc.destroy();
  }
  docs = [];
});
afterAll(() => server.close());

async function boardsOf(email: string): Promise<WorkshopBoardsAnswer> {
  const response = await (http[email] as HttpClient).get(`/api/sessions/${sessionId}/workshop/boards`);
  expect(response.status).toBe(200);
  return response.body as WorkshopBoardsAnswer;
}

/** A socket.io client that records every packet it receives (events and acknowledgements alike). */
async function socketOf(email: string): Promise<{ socket: Socket; received: string[] }> {
  const received: string[] = [];
  const socket = await sockets.connect(server.url, (http[email] as HttpClient).cookieHeader, {
    onCreated: (created) => created.io.on('packet', (packet) => received.push(JSON.stringify(packet))),
  });
  return { socket, received };
}

async function joined(email: string, boardId = ideas) {
  const client = await socketOf(email);
  const result: BoardJoinResult = await client.socket.emitWithAck('board.join', { sessionId, boardId });
  if (!result.ok) {
    throw new Error(result.message);
  }
  return { ...client, state: result };
}

/** A real y-websocket client on a board document that keeps every frame the server sent it. */
async function openBoardDoc(email: string, boardId: string, kind: 'notes' | 'layout'): Promise<TestClient> {
  const answer = await boardsOf(email);
  const board = answer.boards.find((b) => b.id === boardId);
  if (!board) {
    throw new Error(`${email} cannot see board ${boardId}`);
  }
  const client = connectClient(answer.url, board.documents[kind].name, { ticket: answer.ticket, keepFrames: true });
  // As the board page does: no presence on boards, so nothing ties a person to the moment a note appears.
  client.provider.awareness.setLocalState(null);
  docs.push(client);
  await client.synced();
  return client;
}

const containsAny = (haystacks: readonly (string | Buffer)[], needles: readonly string[]) =>
  haystacks.some((h) => needles.some((n) => (typeof h === 'string' ? h : h.toString('utf8')).includes(n)));

describe('opening a workshop’s boards', () => {
  it('lists the two default boards with each person’s access, and hides them from outsiders', async () => {
    expect(boards).toMatchObject({ sessionId, reviewId: FENBROOK_REVIEW, role: 'facilitator', locked: false });
    expect(boards.boards.map((b) => b.title).sort()).toEqual(['Ideas and priorities', 'Root causes']);
    expect(boards.boards[0]?.documents.notes.access).toBe('read');
    expect(boards.boards[0]?.documents.layout.access).toBe('write');
    const observer = await boardsOf(OBSERVER);
    expect(observer.role).toBe('observer');
    expect(observer.boards[0]?.documents.layout.access).toBe('read');
    expect((await boardsOf(TEACHER)).role).toBe('participant');
    expect((await (http[OUTSIDER] as HttpClient).get(`/api/sessions/${sessionId}/workshop/boards`)).status).toBe(404);

    const outsider = await socketOf(OUTSIDER);
    expect(await outsider.socket.emitWithAck('board.join', { sessionId, boardId: ideas })).toMatchObject({ ok: false });
    const name = boards.boards[0]?.documents.notes.name ?? '';
    const url = `${server.url}/collab/${name}`;
    expect(await upgradeStatus(`${url}?ticket=${encodeURIComponent(boards.ticket)}`)).toBe(101);
    expect(await upgradeStatus(`${url}?ticket=${boards.ticket.slice(0, -4)}AAAA`)).toBe(401);
    expect(await upgradeStatus(url)).toBe(401);
    // A ticket for the review does not open a board of another review.
    const elsewhere = name.replace(FENBROOK_REVIEW, '6b1d0000-0000-4000-8000-0000000002ff');
    expect(await upgradeStatus(`${server.url}/collab/${elsewhere}?ticket=${encodeURIComponent(boards.ticket)}`)).toBe(
      401,
    );
  });
});

describe('sticky notes', () => {
  it('never put an anonymous author on the wire, yet let the author alone edit and delete the note', async () => {
    const facilitator = await joined(FACILITATOR, rootCauses);
    const linkLead = await joined(LINK_LEAD, rootCauses);
    const observer = await joined(OBSERVER, rootCauses);
    const watchers = [
      await openBoardDoc(FACILITATOR, rootCauses, 'notes'),
      await openBoardDoc(LINK_LEAD, rootCauses, 'notes'),
      await openBoardDoc(OBSERVER, rootCauses, 'notes'),
    ];
    const teacher = await joined(TEACHER, rootCauses);
    const teacherDoc = await openBoardDoc(TEACHER, rootCauses, 'notes');
    const teacherLayout = await openBoardDoc(TEACHER, rootCauses, 'layout');

    const created = await teacher.socket.emitWithAck('board.note.create', {
      boardId: rootCauses,
      text: 'Reading books are not matched to phonics phases',
      anonymous: true,
    });
    expect(created.ok).toBe(true);
    const noteId = created.ok ? created.noteId : '';
    const named = await linkLead.socket.emitWithAck('board.note.create', {
      boardId: rootCauses,
      text: 'Guided reading time is often cut',
      anonymous: false,
    });
    expect(named.ok).toBe(true);

    for (const watcher of [...watchers, teacherDoc]) {
      await vi.waitFor(() => {
        expect(readNotes(watcher.doc).map((n) => [n.text, n.author])).toEqual([
          ['Reading books are not matched to phonics phases', null],
          ['Guided reading time is often cut', 'Deputy Head and Link Lead (Fenbrook)'],
        ]);
      });
    }
    // The author learns which note is theirs privately; nobody else hears of it.
    await vi.waitFor(() => {
      expect(teacher.received.some((p) => p.includes('board.notes.mine') && p.includes(noteId))).toBe(true);
    });
    const joinedAgain = await teacher.socket.emitWithAck('board.join', { sessionId, boardId: rootCauses });
    expect(joinedAgain.ok && joinedAgain.myNoteIds).toEqual([noteId]);

    // Edits and deletion: the author may, nobody else (the facilitator included).
    for (const other of [facilitator, linkLead, observer]) {
      expect(
        await other.socket.emitWithAck('board.note.update', { boardId: rootCauses, noteId, text: 'changed' }),
      ).toMatchObject({ ok: false });
      expect(await other.socket.emitWithAck('board.note.delete', { boardId: rootCauses, noteId })).toMatchObject({
        ok: false,
      });
    }
    expect(
      await teacher.socket.emitWithAck('board.note.update', {
        boardId: rootCauses,
        noteId,
        text: 'Reading books do not match the phonics phase taught',
      }),
    ).toEqual({ ok: true });
    await vi.waitFor(() => {
      expect(readNotes(watchers[0]?.doc ?? new Y.Doc())[0]).toMatchObject({
        text: 'Reading books do not match the phonics phase taught',
        author: null,
      });
    });

    // Every frame the others received — socket.io and Yjs — is free of the author's identity.
    const secrets = [teacherId, TEACHER_NAME, TEACHER];
    for (const watcher of watchers) {
      expect(watcher.frames.length).toBeGreaterThan(0);
      expect(containsAny(watcher.frames, secrets)).toBe(false);
    }
    for (const other of [facilitator, linkLead, observer]) {
      expect(other.received.length).toBeGreaterThan(0);
      expect(containsAny(other.received, [...secrets, noteId].slice(0, 3))).toBe(false);
      expect(other.received.some((p) => p.includes('board.notes.mine') && p.includes(noteId))).toBe(false);
    }
    // Both notes' Yjs items were created by one client: the server's, not any person's.
    const clients = new Set(
      Y.decodeUpdate(Y.encodeStateAsUpdate(watchers[0]?.doc ?? new Y.Doc())).structs.map((s) => s.id.client),
    );
    expect(clients.size).toBe(1);
    const peopleClients = [...watchers, teacherDoc, teacherLayout].map((w) => w.doc.clientID);
    expect(peopleClients.some((id) => clients.has(id))).toBe(false);

    expect(await teacher.socket.emitWithAck('board.note.delete', { boardId: rootCauses, noteId })).toEqual({
      ok: true,
    });
    await vi.waitFor(() => {
      expect(readNotes(watchers[1]?.doc ?? new Y.Doc()).map((n) => n.text)).toEqual([
        'Guided reading time is often cut',
      ]);
    });
    const rows = await server.crosswalk.db.sql`select 1 from workshop_note_authors where note_id = ${noteId}`;
    expect(rows).toHaveLength(0);
  });

  it('drops a participant’s direct write to the notes document', async () => {
    const writer = await openBoardDoc(LINK_LEAD, rootCauses, 'notes');
    writeNote(writer.doc, {
      id: globalThis.crypto.randomUUID(),
      text: 'forged note',
      author: 'Someone else',
      createdAt: 0,
    });
    await vi.waitFor(() => {
      expect(writer.permissionDenied.length).toBeGreaterThan(0);
    });
    const fresh = await openBoardDoc(FACILITATOR, rootCauses, 'notes');
    expect(readNotes(fresh.doc).some((n) => n.text === 'forged note')).toBe(false);
  });

  it('refuses malformed, oversized and unjoined requests without disconnecting', async () => {
    const { socket } = await joined(LINK_LEAD, rootCauses);
    const refused = [
      await socket.emitWithAck('board.note.create', { boardId: rootCauses, text: 'x'.repeat(501), anonymous: false }),
      await socket.emitWithAck('board.note.create', { boardId: rootCauses, text: '   ', anonymous: false }),
      await socket.emitWithAck('board.note.create', { boardId: 'nope', text: 'hello', anonymous: false }),
      await socket.emitWithAck('board.note.create', 'junk' as never),
      await socket.emitWithAck('board.note.create', { boardId: ideas, text: 'not joined', anonymous: false }),
      await socket.emitWithAck('board.vote', { boardId: rootCauses, targetId: rootCauses, change: 5 } as never),
    ];
    for (const result of refused) {
      expect(result).toMatchObject({ ok: false });
    }
    expect(socket.connected).toBe(true);
  });
  it('slows down a connection that floods the board with requests', async () => {
    const { socket } = await joined(OTHER_TEACHER_EMAIL, rootCauses);
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        socket.emitWithAck('board.note.update', {
          boardId: rootCauses,
          noteId: globalThis.crypto.randomUUID(),
          text: 'spam',
        }),
      ),
    );
    expect(results.some((r) => !r.ok && r.message.includes('a lot of changes at once'))).toBe(true);
    expect(socket.connected).toBe(true);
  });
});

describe('dot voting', () => {
  it('keeps to each person’s allowance, hides totals from everyone until the reveal, then shows them to all', async () => {
    const facilitator = await joined(FACILITATOR);
    const linkLead = await joined(LINK_LEAD);
    const teacher = await joined(TEACHER);
    const a = await linkLead.socket.emitWithAck('board.note.create', {
      boardId: ideas,
      text: 'Daily story time',
      anonymous: false,
    });
    const b = await teacher.socket.emitWithAck('board.note.create', {
      boardId: ideas,
      text: 'Reading buddies',
      anonymous: true,
    });
    const noteA = a.ok ? a.noteId : '';
    const noteB = b.ok ? b.noteId : '';

    expect(
      await linkLead.socket.emitWithAck('board.votes.settings', { boardId: ideas, votesPerPerson: 2 }),
    ).toMatchObject({
      ok: false,
    });
    expect(await facilitator.socket.emitWithAck('board.votes.settings', { boardId: ideas, votesPerPerson: 2 })).toEqual(
      {
        ok: true,
      },
    );

    expect(
      await linkLead.socket.emitWithAck('board.vote', { boardId: ideas, targetId: noteA, change: 1 }),
    ).toMatchObject({
      ok: true,
      remaining: 1,
    });
    expect(await linkLead.socket.emitWithAck('board.vote', { boardId: ideas, targetId: noteA, change: 1 })).toEqual({
      ok: true,
      myVotes: { [noteA]: 2 },
      remaining: 0,
    });
    const third = await linkLead.socket.emitWithAck('board.vote', { boardId: ideas, targetId: noteB, change: 1 });
    expect(third).toMatchObject({ ok: false, message: expect.stringContaining('all 2 of your votes') as unknown });
    // Several at once cannot beat the allowance either.
    const burst = await Promise.all(
      [1, 2, 3, 4].map(() => teacher.socket.emitWithAck('board.vote', { boardId: ideas, targetId: noteB, change: 1 })),
    );
    expect(burst.filter((r) => r.ok)).toHaveLength(2);
    expect(
      await teacher.socket.emitWithAck('board.vote', { boardId: ideas, targetId: noteB, change: -1 }),
    ).toMatchObject({
      ok: true,
      remaining: 1,
    });
    expect(
      await teacher.socket.emitWithAck('board.vote', { boardId: ideas, targetId: noteA, change: 1 }),
    ).toMatchObject({
      ok: true,
      myVotes: { [noteA]: 1, [noteB]: 1 },
    });
    expect(
      await teacher.socket.emitWithAck('board.vote', {
        boardId: ideas,
        targetId: globalThis.crypto.randomUUID(),
        change: 1,
      }),
    ).toMatchObject({ ok: false });

    // Before the reveal: the facilitator knows how many have voted, never the totals; a participant cannot reveal.
    await vi.waitFor(() => {
      expect(facilitator.received.some((p) => p.includes('board.votes.progress') && p.includes('"voters":2'))).toBe(
        true,
      );
    });
    const before = await facilitator.socket.emitWithAck('board.join', { sessionId, boardId: ideas });
    expect(before).toMatchObject({ ok: true, totals: null, voters: 2, myVotes: {} });
    expect(facilitator.received.some((p) => p.includes('board.votes.revealed') || p.includes('"votes":'))).toBe(false);
    expect(linkLead.received.some((p) => p.includes(`"${noteB}"`) && p.includes('votes'))).toBe(false);
    expect(await linkLead.socket.emitWithAck('board.votes.reveal', { boardId: ideas })).toMatchObject({ ok: false });
    // Coming back on a new connection gives the current state: their own votes, the count, still no totals.
    const again = await joined(LINK_LEAD);
    expect(again.state).toMatchObject({ myVotes: { [noteA]: 2 }, voters: 2, totals: null, votesPerPerson: 2 });

    expect(await facilitator.socket.emitWithAck('board.votes.reveal', { boardId: ideas })).toEqual({ ok: true });
    const expected = [
      { targetId: noteA, votes: 3 },
      { targetId: noteB, votes: 1 },
    ];
    for (const person of [facilitator, linkLead, teacher]) {
      await vi.waitFor(() => {
        const revealed = person.received.find((p) => p.includes('board.votes.revealed'));
        expect(revealed && (JSON.parse(revealed) as { data: [string, { totals: unknown }] }).data[1].totals).toEqual(
          expected,
        );
      });
    }
    const late = await joined(OBSERVER);
    expect(late.state.totals).toEqual(expected);
    expect(
      await teacher.socket.emitWithAck('board.vote', { boardId: ideas, targetId: noteA, change: 1 }),
    ).toMatchObject({
      ok: false,
      message: expect.stringContaining('revealed') as unknown,
    });
  });
});

describe('layout: clusters and the impact/effort grid', () => {
  it('is writable for participants until the facilitator locks editing, and read-only for observers', async () => {
    const participant = await openBoardDoc(TEACHER, rootCauses, 'layout');
    const facilitator = await openBoardDoc(FACILITATOR, rootCauses, 'layout');
    const observer = await openBoardDoc(OBSERVER, rootCauses, 'layout');
    const itemId = globalThis.crypto.randomUUID();
    addCluster(participant.doc, 'Books and phonics');
    await vi.waitFor(() => {
      expect(readClusters(facilitator.doc).map((c) => c.name)).toContain('Books and phonics');
    });
    addCluster(observer.doc, 'observer cluster');
    await vi.waitFor(() => {
      expect(observer.permissionDenied.length).toBeGreaterThan(0);
    });

    // The control console locks editing (state in PostgreSQL + workshop.changed): open connections turn read-only.
    const { sql } = server.crosswalk.db;
    await sql`update workshops set editing_locked = true where session_id = ${sessionId}`;
    server.crosswalk.services.events.publish('workshop.changed', { sessionId, reviewId: FENBROOK_REVIEW });
    await vi.waitFor(async () => {
      placeOnGrid(participant.doc, globalThis.crypto.randomUUID(), { impact: 'low', effort: 'low' });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(participant.permissionDenied.length).toBeGreaterThan(0);
    });
    const refusals = participant.permissionDenied.length;
    placeOnGrid(participant.doc, itemId, { impact: 'high', effort: 'low' });
    await vi.waitFor(() => {
      expect(participant.permissionDenied.length).toBeGreaterThan(refusals);
    });
    const placedByFacilitator = globalThis.crypto.randomUUID();
    placeOnGrid(facilitator.doc, placedByFacilitator, { impact: 'low', effort: 'high' });
    const teacher = await joined(TEACHER, rootCauses);
    const note = await teacher.socket.emitWithAck('board.note.create', {
      boardId: rootCauses,
      text: 'locked',
      anonymous: false,
    });
    expect(note).toMatchObject({ ok: false, message: expect.stringContaining('paused editing') as unknown });
    expect((await boardsOf(TEACHER)).boards[0]?.documents.layout.access).toBe('read');

    // (The refused edits stay on that client only; it leaves before editing opens again.)
    participant.destroy();
    await sql`update workshops set editing_locked = false where session_id = ${sessionId}`;
    server.crosswalk.services.events.publish('workshop.changed', { sessionId, reviewId: FENBROOK_REVIEW });
    const fresh = await openBoardDoc(HOST_HEAD, rootCauses, 'layout');
    await vi.waitFor(() => {
      expect(readGrid(fresh.doc).get(placedByFacilitator)).toEqual({ impact: 'low', effort: 'high' });
    });
    expect(readGrid(fresh.doc).has(itemId)).toBe(false);
  });
});

describe('outputs', () => {
  it('turns a cluster into an action plan row in the enquiry document, under the workshop-output rule', async () => {
    const layout = await openBoardDoc(LINK_LEAD, ideas, 'layout');
    const clusterId = addCluster(layout.doc, 'Reading for pleasure') ?? '';
    const facilitatorLayout = await openBoardDoc(FACILITATOR, ideas, 'layout');
    await vi.waitFor(
      () => {
        expect(readClusters(facilitatorLayout.doc).map((c) => c.id)).toContain(clusterId);
      },
      { timeout: 10_000 },
    );
    const path = `/api/sessions/${sessionId}/workshop/boards/${ideas}/actions`;
    const draft = {
      clusterId,
      action: 'Daily 20-minute story time in every class',
      ownerRole: 'English lead',
      startsOn: '2026-01-05',
      dueOn: '2026-07-17',
      successCriteria: 'Pupil voice shows more children reading at home',
      support: 'Visit to Little Waltham’s reading café',
    };
    expect((await (http[OBSERVER] as HttpClient).post(path, draft)).status).toBe(403);
    expect((await (http[FACILITATOR] as HttpClient).post(path, { ...draft, ownerRole: '' })).status).toBe(400);
    expect((await (http[FACILITATOR] as HttpClient).post(path, { ...draft, dueOn: '2025-01-01' })).status).toBe(400);
    expect(
      (await (http[FACILITATOR] as HttpClient).post(path, { ...draft, clusterId: globalThis.crypto.randomUUID() }))
        .status,
    ).toBe(404);
    // The champion facilitates, so may draft actions although the action plan itself is read-only for them: the 404
    // above for an unknown group came after the permission check, which refuses with 403.
    // Two people submit the same group at once: one row, one refusal, whoever comes first.
    const answers = await Promise.all([
      (http[FACILITATOR] as HttpClient).post(path, draft),
      (http[LINK_LEAD] as HttpClient).post(path, draft),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    const created = answers.find((answer) => answer.status === 201);
    const { actionId } = created?.body as { actionId: string; label: string };

    const collab = (await (http[HOST_HEAD] as HttpClient).get(`/api/reviews/${FENBROOK_REVIEW}/collab`))
      .body as CollabTicketAnswer;
    const actions = connectClient(collab.url, `${FENBROOK_REVIEW}.actions`, { ticket: collab.ticket });
    docs.push(actions);
    const rowsWith = (text: string) => readActions(actions.doc).filter((row) => row.action === text);
    await vi.waitFor(
      () => {
        expect(rowsWith(draft.action)).toHaveLength(1);
        expect(readActions(actions.doc).find((row) => row.id === actionId)).toMatchObject({
          action: draft.action,
          ownerRole: 'English lead',
          startsOn: '2026-01-05',
          dueOn: '2026-07-17',
          successCriteria: draft.successCriteria,
          support: draft.support,
        });
      },
      { timeout: 10_000 },
    );
    const notes = await openBoardDoc(TEACHER, ideas, 'notes');
    expect(readOutputs(notes.doc).get(clusterId)).toBe(actionId);
  });
});

describe('breakout boards', () => {
  it('are changed by their group’s members and the facilitators, and come back read-only after recall', async () => {
    const facilitator = await socketOf(FACILITATOR);
    const control = (command: unknown) =>
      (facilitator.socket.emitWithAck as (event: string, payload: unknown) => Promise<{ ok: boolean }>)(
        'workshop.command',
        { sessionId, command },
      );
    const start: WorkshopJoinResult = await facilitator.socket.emitWithAck('workshop.join', { sessionId });
    expect(start.ok).toBe(true);
    expect(
      await control({
        type: 'breakouts_open',
        minutes: 10,
        groups: [
          { name: 'Quiet corner', memberIds: [teacherId] },
          { name: 'Busy corner', memberIds: [otherTeacherId] },
        ],
      }),
    ).toMatchObject({ ok: true });
    const state: WorkshopJoinResult = await facilitator.socket.emitWithAck('workshop.join', { sessionId });
    const groups = state.ok ? state.state.breakouts.groups : [];
    const quietBoard = groups.find((g) => g.name === 'Quiet corner')?.boardId ?? '';
    const busyBoard = groups.find((g) => g.name === 'Busy corner')?.boardId ?? '';
    expect(quietBoard).not.toBe('');

    const layoutAccess = async (email: string, boardId: string) =>
      (await boardsOf(email)).boards.find((b) => b.id === boardId)?.documents.layout.access;
    expect(await layoutAccess(TEACHER, quietBoard)).toBe('write');
    expect(await layoutAccess(OTHER_TEACHER_EMAIL, quietBoard)).toBe('read');
    expect(await layoutAccess(OTHER_TEACHER_EMAIL, busyBoard)).toBe('write');
    expect(await layoutAccess(FACILITATOR, quietBoard)).toBe('write');

    const member = await joined(TEACHER, quietBoard);
    const stranger = await joined(OTHER_TEACHER_EMAIL, quietBoard);
    const host = await joined(FACILITATOR, quietBoard);
    const add = (who: typeof member, text: string) =>
      who.socket.emitWithAck('board.note.create', { boardId: quietBoard, text, anonymous: false });
    expect(await add(member, 'Phonics catch-up in small groups')).toMatchObject({ ok: true });
    expect(await add(stranger, 'A note from another group')).toMatchObject({
      ok: false,
      message: 'Only the members of this breakout group can change its board.',
    });
    expect(await add(host, 'Facilitator prompt: what would help most?')).toMatchObject({ ok: true });

    expect(await control({ type: 'breakouts_recall' })).toMatchObject({ ok: true });
    expect(await add(member, 'Too late for this one')).toMatchObject({
      ok: false,
      message: 'The breakout groups have finished, so this board can be read but not changed.',
    });
    expect(await layoutAccess(TEACHER, quietBoard)).toBe('read');
    const notes = await openBoardDoc(OTHER_TEACHER_EMAIL, quietBoard, 'notes');
    expect(
      readNotes(notes.doc)
        .map((n) => n.text)
        .sort(),
    ).toEqual(['Facilitator prompt: what would help most?', 'Phonics catch-up in small groups']);
  });
});

describe('deleting a voted-for note', () => {
  it('gives the votes back to their owners at once and updates everyone’s progress', async () => {
    const author = await joined(TEACHER, rootCauses);
    const voter = await joined(LINK_LEAD, rootCauses);
    const watcher = await joined(OTHER_TEACHER_EMAIL, rootCauses);
    const mine: { boardId: string; myVotes: Record<string, number> }[] = [];
    voter.socket.on('board.votes.mine', (info) => mine.push(info));
    const progress: { voters: number }[] = [];
    watcher.socket.on('board.votes.progress', (info) => progress.push(info));

    const created = await author.socket.emitWithAck('board.note.create', {
      boardId: rootCauses,
      text: 'Too many initiatives at once',
      anonymous: true,
    });
    const noteId = created.ok ? created.noteId : '';
    expect(
      await voter.socket.emitWithAck('board.vote', { boardId: rootCauses, targetId: noteId, change: 1 }),
    ).toMatchObject({ ok: true, myVotes: { [noteId]: 1 } });
    await vi.waitFor(() => {
      expect(progress.at(-1)?.voters).toBeGreaterThan(0);
    });
    const votersBefore = progress.at(-1)?.voters ?? 0;

    expect(await author.socket.emitWithAck('board.note.delete', { boardId: rootCauses, noteId })).toEqual({ ok: true });
    await vi.waitFor(() => {
      expect(mine.at(-1)).toEqual({ boardId: rootCauses, myVotes: {} });
      expect(progress.at(-1)?.voters).toBe(votersBefore - 1);
    });
  });
});
