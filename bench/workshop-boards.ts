/**
 * Workshop board benchmark: one facilitator and BENCH_PARTICIPANTS host staff on one board, each with a socket.io
 * connection and the board's notes document open (as the board page has). Measures, on the embedded database or
 * on BENCH_DATABASE_URL:
 *
 * - note written → acknowledged to its author (the server checks, records the author and writes the Yjs document,
 *   durably, before it answers);
 * - note written → visible in every other participant's copy of the board;
 * - a vote → acknowledged, with everyone voting at once (one transaction each, board row locked).
 *
 *   node bench/workshop-boards.ts        # BENCH_PARTICIPANTS=15, BENCH_NOTES=5 notes each
 */
import * as Y from 'yjs';
import type { BoardJoinResult, WorkshopBoardsAnswer } from '../shared/src/index.ts';
import { DEMO_PASSWORD } from '../server/src/demo/demo-data.ts';
import { DEMO_REVIEW_ID } from '../server/src/demo/demo-review.ts';
import { hashPassword } from '../server/src/modules/auth/passwords.ts';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { connectSessionSocket, type SessionClient } from '../tests/support/session-socket.ts';
import { BENCH_LIMITS, signInCookie, startDemoCrosswalk } from './lib/demo-crosswalk.ts';
import { percentile } from './lib/stats.ts';

const PARTICIPANTS = Number(process.env.BENCH_PARTICIPANTS ?? 15);
const NOTES = Number(process.env.BENCH_NOTES ?? 5);

const { crosswalk, baseUrl: base, stop } = await startDemoCrosswalk({ SERVICES: 'api,realtime', ...BENCH_LIMITS });
const { sql } = crosswalk.db;
const [session] = await sql<{ id: string }[]>`
  select id from review_sessions where review_id = ${DEMO_REVIEW_ID} and kind = 'improvement_workshop'`;
const sessionId = session?.id ?? '';
const [school] = await sql<{ id: string }[]>`select id from schools where name = 'Fenbrook Primary'`;
const hash = await hashPassword(DEMO_PASSWORD);
const emails = ['champion@littlewaltham.demo'];
for (let i = 0; i < PARTICIPANTS; i++) {
  const email = `bench.teacher${i}@fenbrook.demo`;
  const [user] = await sql<{ id: string }[]>`
    insert into users (email, display_name, password_hash) values (${email}, ${`Teacher ${i}`}, ${hash})
    on conflict (email) do update set display_name = excluded.display_name returning id`;
  await sql`insert into school_members (school_id, user_id, role) values (${school?.id ?? ''}, ${user?.id ?? ''}, 'teacher')
    on conflict do nothing`;
  emails.push(email);
}

interface Person {
  socket: SessionClient;
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** When each note arrived in this person's copy. */
  arrivals: Map<string, number>;
}

async function person(email: string, boardId: string | null): Promise<{ person: Person; boardId: string }> {
  const cookie = await signInCookie(base, email);
  const answer = (await (
    await fetch(`${base}/api/sessions/${sessionId}/workshop/boards`, { headers: { cookie } })
  ).json()) as WorkshopBoardsAnswer;
  const board = answer.boards.find((b) => (boardId ? b.id === boardId : b.title === 'Ideas and priorities'));
  if (!board) {
    throw new Error('no board');
  }
  const socket = await connectSessionSocket(base, cookie);
  const joined: BoardJoinResult = await socket.emitWithAck('board.join', { sessionId, boardId: board.id });
  if (!joined.ok) {
    throw new Error(joined.message);
  }
  const doc = new Y.Doc();
  const arrivals = new Map<string, number>();
  doc.getMap('notes').observe((event) => {
    const now = performance.now();
    for (const key of event.keysChanged as Set<string>) {
      if (!arrivals.has(key)) {
        arrivals.set(key, now);
      }
    }
  });
  const provider = new WebsocketProvider(answer.url, board.documents.notes.name, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params: { ticket: answer.ticket },
    disableBc: true,
  });
  provider.awareness.setLocalState(null);
  await new Promise<void>((resolve) => {
    provider.once('sync', () => {
      resolve();
    });
  });
  return { person: { socket, doc, provider, arrivals }, boardId: board.id };
}

const first = await person(emails[0] ?? '', null);
const boardId = first.boardId;
const people = [first.person];
for (const email of emails.slice(1)) {
  people.push((await person(email, boardId)).person);
}
await first.person.socket.emitWithAck('board.votes.settings', { boardId, votesPerPerson: 20 });

// Notes: everyone writes NOTES notes, all at once.
const acks: number[] = [];
const sent = new Map<string, { at: number; author: Person }>();
const begin = performance.now();
await Promise.all(
  people.map(async (author, index) => {
    for (let n = 0; n < NOTES; n++) {
      const t0 = performance.now();
      const result = await author.socket.emitWithAck('board.note.create', {
        boardId,
        text: `Idea ${n} from person ${index}`,
        anonymous: n % 2 === 0,
      });
      acks.push(performance.now() - t0);
      if (result.ok) {
        sent.set(result.noteId, { at: t0, author });
      }
    }
  }),
);
const notesElapsed = performance.now() - begin;
await new Promise((resolve) => setTimeout(resolve, 500));
const visible: number[] = [];
for (const [noteId, { at }] of sent) {
  const times = people.map((p) => p.arrivals.get(noteId)).filter((t): t is number => t !== undefined);
  if (times.length === people.length) {
    visible.push(Math.max(...times) - at);
  }
}

// Votes: everyone spends their 20 votes at once on random notes.
const noteIds = [...sent.keys()];
const voteAcks: number[] = [];
const voteBegin = performance.now();
await Promise.all(
  people.map(async (voter) => {
    for (let v = 0; v < 20; v++) {
      const t0 = performance.now();
      await voter.socket.emitWithAck('board.vote', {
        boardId,
        targetId: noteIds[Math.floor(Math.random() * noteIds.length)] ?? '',
        change: 1,
      });
      voteAcks.push(performance.now() - t0);
    }
  }),
);
const votesElapsed = performance.now() - voteBegin;

const line = (label: string, samples: number[]) =>
  `${label.padEnd(44)} n=${String(samples.length).padStart(4)}  p50=${percentile(samples, 50).toFixed(1)} ms  p99=${percentile(samples, 99).toFixed(1)} ms`;
console.log(
  `Workshop board: 1 facilitator + ${PARTICIPANTS} participants, ${crosswalk.db.kind === 'postgres' ? 'PostgreSQL' : 'embedded'}`,
);
console.log(
  line('note → acknowledged to its author', acks),
  ` ${((acks.length / notesElapsed) * 1000).toFixed(0)} notes/s`,
);
console.log(line('note → visible to everyone', visible), ` (${sent.size - visible.length} not seen by all)`);
console.log(
  line('vote → acknowledged (everyone at once)', voteAcks),
  ` ${((voteAcks.length / votesElapsed) * 1000).toFixed(0)} votes/s`,
);

for (const p of people) {
  p.socket.disconnect();
  p.provider.destroy();
}
await stop();
