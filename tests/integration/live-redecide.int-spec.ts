import { CloseCode, type CollabTicketAnswer, type RoomJoinResult, type WorkshopBoardsAnswer } from '@crosswalk/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { connectClient, type TestClient } from '../../realtime/test/support/collab-client.ts';
import { DEMO_PASSWORD, withDemoData } from '../support/fixtures.ts';
import { HttpClient } from '../support/http-client.ts';
import { connectSessionSocket, type SessionClient } from '../support/session-socket.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { addFenbrookTeacher, FENBROOK_REVIEW, workshopSessionId } from '../support/workshop-fixtures.ts';

/**
 * The one re-decision of a review's live connections (`LiveConnections.redecideReview`), called directly after
 * changing the database behind the application's back: each kind of connection (enquiry document, workshop board,
 * video room) follows the fresh decision, and only the connections whose decision changed are touched.
 */

const FACILITATOR = 'champion@littlewaltham.demo';
const PARTICIPANT = 'link.lead@fenbrook.demo';
const HOST_HEAD = 'host.head@fenbrook.demo';
const TEACHER = 'teacher.waiting@fenbrook.demo';

let server: TestServer;
let workshop = '';
let clients: TestClient[] = [];
let sockets: SessionClient[] = [];

/** One person holding every kind of live connection to the Fenbrook review: a document, a board, the workshop room. */
interface Person {
  userId: string;
  document: TestClient;
  layout: TestClient;
  /** Reasons of the `room.removed` messages received. */
  removed: string[];
}

/** A signed-in browser with its session-control socket, and the reasons of the `room.removed` it receives. */
async function signIn(email: string): Promise<{ http: HttpClient; socket: SessionClient; removed: string[] }> {
  const http = new HttpClient(server.url);
  const me = await http.login(email, DEMO_PASSWORD);
  expect(me.status).toBe(200);
  const socket = await connectSessionSocket(server.url, http.cookieHeader);
  sockets.push(socket);
  const removed: string[] = [];
  socket.on('room.removed', ({ reason }) => removed.push(reason));
  return { http, socket, removed };
}

async function userIdOf(email: string): Promise<string> {
  const [user] = await server.crosswalk.db.sql<{ id: string }[]>`select id from users where email = ${email}`;
  return user?.id ?? '';
}

async function connectPerson(email: string): Promise<Person> {
  const { http, socket, removed } = await signIn(email);
  const joined: RoomJoinResult = await socket.emitWithAck('room.join', { sessionId: workshop });
  expect(joined).toMatchObject({ ok: true });

  const collabUrl = `${server.url.replace('http', 'ws')}/collab`;
  const access = (await http.get(`/api/reviews/${FENBROOK_REVIEW}/collab`)).body as CollabTicketAnswer;
  const document = connectClient(collabUrl, access.documents[0]?.name ?? '', { ticket: access.ticket });
  const boards = (await http.get(`/api/sessions/${workshop}/workshop/boards`)).body as WorkshopBoardsAnswer;
  const layout = connectClient(collabUrl, boards.boards[0]?.documents.layout.name ?? '', { ticket: boards.ticket });
  clients.push(document, layout);
  await Promise.all([document.synced(), layout.synced()]);
  return { userId: await userIdOf(email), document, layout, removed };
}

function redecide(): Promise<void> {
  const connections = server.crosswalk.live.connections;
  if (!connections) {
    throw new Error('this process serves no live connections');
  }
  return connections.redecideReview(FENBROOK_REVIEW);
}

function expectUntouched(person: Person): void {
  expect(person.document.closeCodes).toEqual([]);
  expect(person.layout.closeCodes).toEqual([]);
  expect(person.removed).toEqual([]);
}

// On PGlite too: it serves one connection, so decisions read a few at a time queue there rather than run together.
describe.each([
  ['PostgreSQL', false],
  ['PGlite', true],
])('re-deciding a review’s live connections on %s', (_database, embedded) => {
  let facilitator: Person;
  let participant: Person;

  // Migrating and seeding the embedded database runs on this thread: on a busy machine it takes over a minute.
  beforeAll(async () => {
    server = await startTestServer({ embedded });
    await withDemoData(server);
    workshop = await workshopSessionId(server, FENBROOK_REVIEW);
  }, 180_000);
  beforeAll(async () => {
    facilitator = await connectPerson(FACILITATOR);
    participant = await connectPerson(PARTICIPANT);
  });
  afterAll(async () => {
    for (const client of clients) {
      client.destroy();
    }
    for (const socket of sockets) {
      socket.disconnect();
    }
    clients = [];
    sockets = [];
    await server.close();
  });

  it('leaves every connection as it is while nothing changed', async () => {
    await redecide();
    expectUntouched(facilitator);
    expectUntouched(participant);
    participant.layout.edit((text) => {
      text.insert(0, 'still writable');
    });
    await vi.waitFor(() => {
      expect(facilitator.layout.text.toJSON()).toContain('still writable');
    });
    expect(participant.layout.permissionDenied).toEqual([]);
  });

  it('makes a board read-only once its workshop is locked, and leaves the document and the room alone', async () => {
    await server.crosswalk.db.sql`update workshops set editing_locked = true where session_id = ${workshop}`;
    await redecide();
    participant.layout.edit((text) => {
      text.insert(0, 'after the lock ');
    });
    await vi.waitFor(() => {
      expect(participant.layout.permissionDenied).toHaveLength(1);
    });
    expectUntouched(participant);
    expectUntouched(facilitator);
    await server.crosswalk.db.sql`update workshops set editing_locked = false where session_id = ${workshop}`;
    await redecide();
  });

  it('closes the documents and boards of someone no longer on the team and removes them from the room', async () => {
    await server.crosswalk.db.sql`
      delete from review_members where review_id = ${FENBROOK_REVIEW} and user_id = ${facilitator.userId}`;
    await redecide();
    await vi.waitFor(() => {
      expect(facilitator.document.closeCodes).toEqual([CloseCode.forbidden]);
      expect(facilitator.layout.closeCodes).toEqual([CloseCode.forbidden]);
      expect(facilitator.removed).toEqual(['You are no longer a member of this review.']);
    });
    expectUntouched(participant);
  });

  it('asks someone who may now only knock to be let in again, and takes someone who may not even knock out of the lobby', async () => {
    const [row] = await server.crosswalk.db.sql<{ id: string }[]>`
      select id from review_sessions where review_id = ${FENBROOK_REVIEW} and kind = 'review_day'`;
    const reviewDay = row?.id ?? '';
    const host = await signIn(HOST_HEAD);
    expect(await host.socket.emitWithAck('room.join', { sessionId: reviewDay })).toMatchObject({ ok: true });
    const lobby: string[][] = [];
    host.socket.on('lobby.waiting', ({ guests }) => lobby.push(guests.map((guest) => guest.userId)));
    // A member of the host school's staff who is not on the team waits in the lobby of the review day.
    const teacherId = await addFenbrookTeacher(server, TEACHER, 'Waiting Teacher (Fenbrook)');
    const teacher = await signIn(TEACHER);
    expect(await teacher.socket.emitWithAck('room.join', { sessionId: reviewDay })).toMatchObject({
      ok: false,
      reason: 'waiting',
    });
    await vi.waitFor(() => {
      expect(lobby.at(-1)).toEqual([teacherId]);
    });
    const linkLead = await signIn(PARTICIPANT);
    expect(await linkLead.socket.emitWithAck('room.join', { sessionId: reviewDay })).toMatchObject({ ok: true });

    // The link lead leaves the team (staying on the host school's staff: a guest of the review day, not let in);
    // the teacher leaves the school (and so the review).
    await server.crosswalk.db.sql`
      delete from review_members where review_id = ${FENBROOK_REVIEW} and user_id = ${await userIdOf(PARTICIPANT)}`;
    await server.crosswalk.db.sql`delete from school_members where user_id = ${teacherId}`;
    await redecide();
    await vi.waitFor(() => {
      expect(linkLead.removed).toEqual(['You need to be let in to this session again.']);
      expect(lobby.at(-1)).toEqual([]);
    });
    // The teacher waiting in the lobby is told, rather than left waiting for a door that will not open.
    expect(teacher.removed).toEqual(['You are no longer a member of this review.']);
    expect(host.removed).toEqual([]);
  });
});
