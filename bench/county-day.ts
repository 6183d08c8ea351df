/**
 * A county's review day on one Crosswalk process: N reviews at once, each with its team of six signed in over
 * HTTP, every one of them holding the five parts of the enquiry document open (y-websocket, tickets from
 * `GET /api/reviews/:id/collab`) and sitting in the review-day video session (socket.io: join, presence pings,
 * raised hands, reactions, chat, media state and mesh signalling). In every review one person at a time types
 * into each part, 3 keystrokes a second. N rises step by step until an edit's p99 (typist → the other five)
 * passes 50 ms or a room event's p99 (sender → the others) passes 100 ms; then the same with two processes
 * behind Redis, the reviews split between them. Prints per step the latencies, the server's memory per review,
 * the load average, and a CPU profile summary of the one-process run. Numbers only; nothing passes or fails.
 *
 *   node bench/county-day.ts            # PostgreSQL on 127.0.0.1:5432, Redis on 127.0.0.1:6379
 *   BENCH_COUNTY_STEPS=10,25,50,100,150,200 BENCH_COUNTY_SECONDS=10 BENCH_COUNTY_PHASES=one,two
 *
 * Only the wire protocol is used: the load generator shares the machine with the server, PostgreSQL and Redis.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { CollabTicketAnswer } from '../shared/src/index.ts';
import { createDatabase } from '../server/src/db/client.ts';
import { createLogger } from '../server/src/logger.ts';
import { connectSessionSocket, type SessionClient } from '../tests/support/session-socket.ts';
import { signInCookie } from './lib/demo-crosswalk.ts';
import { withDatabase } from './lib/bench-database.ts';
import { connectEditor, Recorder, runLoad, type Editor } from './lib/collab-load.ts';
import { seedCountyDay, type SeededReview } from './lib/county-seed.ts';
import { areaOf, functionKey, monotonicMicros, selfTimes, type CpuProfile, type Window } from './lib/cpu-profile.ts';
import { startCrosswalkProcess, type CrosswalkProcess } from './lib/crosswalk-process.ts';
import { percentile } from './lib/stats.ts';

process.setMaxListeners(0);
const STEPS = (process.env.BENCH_COUNTY_STEPS ?? '10,25,50,100,150').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_COUNTY_SECONDS ?? 10);
const PHASES = (process.env.BENCH_COUNTY_PHASES ?? 'one,two').split(',');
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const EDIT_P99_LIMIT_MS = 50;
const ROOM_P99_LIMIT_MS = 100;
/** Keystrokes a second of the one person typing in each part (see bench/README.md). */
const KEYSTROKES_PER_SECOND = 3;
/** Each person's room activity, as mean seconds between events (see bench/README.md). */
const EVERY = { chat: 60, reaction: 60, hand: 120, media: 30, renegotiate: 120 };
const HAND_UP_MS = 10_000;
const PING_EVERY_MS = 5000;
/** ICE candidates each side sends per peer connection (about what video-join.ts counts on loopback). */
const CANDIDATES = 4;
const TICK_MS = 100;

const logger = createLogger('silent');
const load = () =>
  os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

/** Room events: when each was sent, and how long it took to reach each other person in the room. */
class RoomRecorder {
  measuring = false;
  samples: number[] = [];
  pings: number[] = [];
  next = 0;
  readonly sentAt = new Map<number, number>();
  /** Media-state changes, hands and reactions carry no id of ours: keyed by the sender's connection. */
  readonly mediaAt = new Map<string, number>();
  readonly reactionAt = new Map<string, number>();
  readonly handAt = new Map<string, { at: number; seen: Set<string> }>();

  stamp(): number {
    const id = this.next++;
    this.sentAt.set(id, performance.now());
    return id;
  }

  arrived(id: number | undefined): void {
    const at = id === undefined ? undefined : this.sentAt.get(id);
    if (this.measuring && at !== undefined) {
      this.samples.push(performance.now() - at);
    }
  }

  since(at: number | undefined): void {
    if (this.measuring && at !== undefined) {
      this.samples.push(performance.now() - at);
    }
  }

  reset(): void {
    this.samples = [];
    this.pings = [];
  }
}

interface Person {
  socket: SessionClient;
  userId: string;
  peerId: string;
  editors: Map<string, Editor>;
  writable: Set<string>;
  handUntil: number;
  audio: boolean;
  nextPing: number;
}

interface ReviewLoad {
  people: Person[];
  /** One typist per part (someone who may write it). */
  typists: Editor[];
}

const idOf = (text: string) => {
  const match = /bench-(\d+)/.exec(text);
  return match?.[1] === undefined ? undefined : Number(match[1]);
};

/** Sends an offer (or answer) to a peer, then its ICE candidates, as a browser's mesh connection does. */
function negotiate(person: Person, to: string, type: 'offer' | 'answer', room: RoomRecorder): void {
  person.socket.emit('signal', { to, payload: { type, sdp: `v=0 bench-${String(room.stamp())}` } });
  for (let c = 0; c < CANDIDATES; c++) {
    person.socket.emit('signal', {
      to,
      payload: {
        type: 'candidate',
        candidate: { candidate: `candidate:bench-${String(room.stamp())} 1 udp 2122260223 127.0.0.1 9 typ host` },
      },
    });
  }
}

/** Signs one person in, joins the review's video session and opens the five parts. */
async function enter(
  baseUrl: string,
  seeded: SeededReview,
  email: string,
  user: string,
  recorder: Recorder,
  room: RoomRecorder,
): Promise<Person> {
  const cookie = await signInCookie(baseUrl, email);
  const access = (await (
    await fetch(`${baseUrl}/api/reviews/${seeded.reviewId}/collab`, { headers: { cookie } })
  ).json()) as CollabTicketAnswer;
  const socket = await connectSessionSocket(baseUrl, cookie);
  const person: Person = {
    socket,
    userId: '',
    peerId: '',
    editors: new Map(),
    writable: new Set(access.documents.filter((d) => d.access === 'write').map((d) => d.name)),
    handUntil: 0,
    audio: true,
    nextPing: performance.now() + Math.random() * PING_EVERY_MS,
  };
  socket.on('chat.message', (message) => {
    if (message.userId !== person.userId) {
      room.arrived(idOf(message.text));
    }
  });
  socket.on('signal', ({ from, payload }) => {
    room.arrived(idOf(payload.type === 'candidate' ? payload.candidate.candidate : payload.sdp));
    if (payload.type === 'offer') {
      negotiate(person, from, 'answer', room);
    }
  });
  socket.on('media.state', ({ peerId }) => {
    if (peerId !== person.peerId) {
      room.since(room.mediaAt.get(peerId));
    }
  });
  socket.on('reaction', ({ peerId }) => {
    if (peerId !== person.peerId) {
      room.since(room.reactionAt.get(peerId));
    }
  });
  socket.on('hands', ({ queue }) => {
    for (const peerId of queue) {
      const raised = room.handAt.get(peerId);
      if (raised && peerId !== person.peerId && !raised.seen.has(person.peerId)) {
        raised.seen.add(person.peerId);
        room.since(raised.at);
      }
    }
  });
  const joined = await socket.emitWithAck('room.join', { sessionId: seeded.sessionId });
  if (!joined.ok) {
    throw new Error(`${email} could not join: ${joined.message}`);
  }
  person.peerId = joined.self.peerId;
  person.userId = joined.self.userId;
  // The newcomer's browser offers a connection to everyone already there.
  for (const peer of joined.peers) {
    negotiate(person, peer.peerId, 'offer', room);
  }
  socket.emit('media.state', { audio: true, video: true, screen: false });
  for (const document of access.documents) {
    const editor = await connectEditor(access.url, document.name, user, recorder, {
      acks: true,
      observe: true,
      ticket: access.ticket,
    });
    editor.provider.awareness.setLocalStateField('section', document.section);
    person.editors.set(document.name, editor);
  }
  return person;
}

async function enterReview(
  baseUrl: string,
  seeded: SeededReview,
  recorder: Recorder,
  room: RoomRecorder,
): Promise<ReviewLoad> {
  const people: Person[] = [];
  for (const [index, email] of seeded.emails.entries()) {
    people.push(await enter(baseUrl, seeded, email, `u${String(index)}`, recorder, room));
  }
  const typists: Editor[] = [];
  const parts = [...(people[0]?.editors.keys() ?? [])];
  for (const [index, name] of parts.entries()) {
    const writers = people.filter((p) => p.writable.has(name));
    const typist = writers[index % Math.max(1, writers.length)]?.editors.get(name);
    if (typist) {
      typists.push(typist);
    }
  }
  return { people, typists };
}

/** Each person's room activity, drawn every tick: chat, reactions, hands, media changes, renegotiation, pings. */
function roomActivity(reviews: ReviewLoad[], room: RoomRecorder): () => void {
  const chance = (everySeconds: number) => Math.random() < TICK_MS / 1000 / everySeconds;
  const timer = setInterval(() => {
    const now = performance.now();
    for (const review of reviews) {
      for (const person of review.people) {
        const { socket } = person;
        if (chance(EVERY.chat)) {
          socket.emit('chat.send', { text: `Noted for the evidence log bench-${String(room.stamp())}` });
        }
        if (chance(EVERY.reaction)) {
          room.reactionAt.set(person.peerId, performance.now());
          socket.emit('reaction', { reaction: '👍' });
        }
        if (person.handUntil === 0 && chance(EVERY.hand)) {
          person.handUntil = now + HAND_UP_MS;
          room.handAt.set(person.peerId, { at: performance.now(), seen: new Set() });
          socket.emit('hand.raise');
        } else if (person.handUntil !== 0 && now >= person.handUntil) {
          person.handUntil = 0;
          room.handAt.delete(person.peerId);
          socket.emit('hand.lower', {});
        }
        if (chance(EVERY.media)) {
          person.audio = !person.audio;
          room.mediaAt.set(person.peerId, performance.now());
          socket.emit('media.state', { audio: person.audio, video: true, screen: false });
        }
        if (chance(EVERY.renegotiate)) {
          for (const other of review.people) {
            if (other !== person) {
              negotiate(person, other.peerId, 'offer', room);
            }
          }
        }
        if (now >= person.nextPing) {
          person.nextPing = now + PING_EVERY_MS;
          const sent = performance.now();
          socket.emitWithAck('session.ping').then(
            () => {
              if (room.measuring) {
                room.pings.push(performance.now() - sent);
              }
            },
            // Disconnected at the end of the run.
            () => undefined,
          );
        }
      }
    }
  }, TICK_MS);
  return () => {
    clearInterval(timer);
  };
}

interface Step {
  reviews: number;
  editP50: number;
  editP99: number;
  edits: number;
  roomP50: number;
  roomP99: number;
  roomEvents: number;
  pingP99: number;
  /** The load generator's own event-loop delay p99: when it is large, the latencies are partly the generator's. */
  generatorLagP99: number;
  /** The server's event-loop delay p99 (the worst of the processes). */
  serverLagP99: number;
  rssMb: number;
  heapMb: number;
  rssPerReviewMb: number;
  heapPerReviewMb: number;
  load: string;
}

const mb = (bytes: number) => bytes / 1024 / 1024;

async function memoryOf(servers: CrosswalkProcess[]): Promise<{ rss: number; heap: number; lagP99: number }> {
  const all = await Promise.all(servers.map((server) => server.memory()));
  return {
    rss: all.reduce((sum, m) => sum + m.rss, 0),
    heap: all.reduce((sum, m) => sum + m.heapUsed + m.external, 0),
    lagP99: Math.max(...all.map((m) => m.lagP99)),
  };
}

/** The measured windows (not the sign-ins and joins between them), for the CPU profile. */
const measuredWindows: Window[] = [];

/** Raises the number of reviews step by step on `servers` until a limit is passed; returns every step measured. */
async function ramp(servers: CrosswalkProcess[], seeded: SeededReview[], label: string): Promise<Step[]> {
  const recorder = new Recorder();
  recorder.measuring = false;
  const room = new RoomRecorder();
  const reviews: ReviewLoad[] = [];
  const baseline = await memoryOf(servers);
  console.log(
    `\n${label}: at start rss ${mb(baseline.rss).toFixed(0)} MB, heap+external ${mb(baseline.heap).toFixed(0)} MB`,
  );
  console.log(
    'reviews  edit p50/p99 ms (n)         room event p50/p99 ms (n)   ping p99  lag p99 server/gen.  rss MB  heap MB  per review rss/heap MB  load average',
  );
  const stopActivity = roomActivity(reviews, room);
  const steps: Step[] = [];
  try {
    for (const target of STEPS) {
      const batch = seeded.slice(reviews.length, target);
      // A few reviews come in at once, each team one person after another (as people arrive at 8:30).
      for (let start = 0; start < batch.length; start += 4) {
        const entered = await Promise.all(
          batch
            .slice(start, start + 4)
            .map((review, index) =>
              enterReview(
                servers[(reviews.length + start + index) % servers.length]?.baseUrl ?? '',
                review,
                recorder,
                room,
              ),
            ),
        );
        reviews.push(...entered);
      }
      const typists = reviews.flatMap((r) => r.typists);
      // Warm-up: everyone's joins and first syncs are over before the measured window.
      await runLoad(typists, recorder, typists.length * KEYSTROKES_PER_SECOND, 2000);
      recorder.reset();
      room.reset();
      await memoryOf(servers); // resets the servers' event-loop delay
      recorder.measuring = true;
      room.measuring = true;
      const from = monotonicMicros();
      const lag = monitorEventLoopDelay({ resolution: 10 });
      lag.enable();
      const { edits } = await runLoad(typists, recorder, typists.length * KEYSTROKES_PER_SECOND, SECONDS * 1000);
      measuredWindows.push({ from, to: monotonicMicros() });
      lag.disable();
      recorder.measuring = false;
      room.measuring = false;
      const memory = await memoryOf(servers);
      const step: Step = {
        reviews: reviews.length,
        editP50: percentile(recorder.propagation, 50),
        editP99: percentile(recorder.propagation, 99),
        edits,
        roomP50: percentile(room.samples, 50),
        roomP99: percentile(room.samples, 99),
        roomEvents: room.samples.length,
        pingP99: percentile(room.pings, 99),
        generatorLagP99: lag.percentile(99) / 1e6,
        serverLagP99: memory.lagP99,
        rssMb: mb(memory.rss),
        heapMb: mb(memory.heap),
        rssPerReviewMb: mb(memory.rss - baseline.rss) / reviews.length,
        heapPerReviewMb: mb(memory.heap - baseline.heap) / reviews.length,
        load: load(),
      };
      steps.push(step);
      console.log(
        `${String(step.reviews).padStart(7)}  ${step.editP50.toFixed(1).padStart(5)} / ${step.editP99.toFixed(1).padStart(6)} (${String(recorder.propagation.length).padStart(7)})  ${step.roomP50.toFixed(1).padStart(5)} / ${step.roomP99.toFixed(1).padStart(6)} (${String(step.roomEvents).padStart(6)})  ${step.pingP99.toFixed(1).padStart(8)}  ${step.serverLagP99.toFixed(1).padStart(10)} / ${step.generatorLagP99.toFixed(1).padEnd(6)}  ${step.rssMb.toFixed(0).padStart(6)}  ${step.heapMb.toFixed(0).padStart(7)}  ${step.rssPerReviewMb.toFixed(2).padStart(10)} / ${step.heapPerReviewMb.toFixed(2).padEnd(10)}  ${step.load}`,
      );
      if (step.editP99 > EDIT_P99_LIMIT_MS || step.roomP99 > ROOM_P99_LIMIT_MS) {
        break;
      }
    }
  } finally {
    stopActivity();
    for (const review of reviews) {
      for (const person of review.people) {
        person.socket.disconnect();
        for (const editor of person.editors.values()) {
          editor.destroy();
        }
      }
    }
  }
  return steps;
}

function reached(steps: Step[]): Step | undefined {
  return steps.filter((s) => s.editP99 <= EDIT_P99_LIMIT_MS && s.roomP99 <= ROOM_P99_LIMIT_MS).at(-1);
}

/**
 * Prints where the server's main thread spent the measured windows, from the `--cpu-prof` profiles in `dir`
 * (named `CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile`; thread 0 is the main one, the others the log writer).
 */
async function printProfile(dir: string, label: string): Promise<void> {
  for (const file of (await readdir(dir)).filter((name) => /\.\d+\.0\.\d+\.cpuprofile$/.test(name))) {
    const profile = JSON.parse(await readFile(path.join(dir, file), 'utf8')) as CpuProfile;
    const byFunction = selfTimes(profile, functionKey, measuredWindows);
    const byArea = selfTimes(profile, (frame) => areaOf(frame.url, frame.functionName), measuredWindows);
    const total = byFunction.reduce((sum, entry) => sum + entry.ms, 0);
    console.log(
      `\nCPU profile of ${label}'s main thread, measured windows only (${(total / 1000).toFixed(1)} s, self time):`,
    );
    console.log('  by package or folder:');
    for (const entry of byArea.slice(0, 10)) {
      console.log(`    ${(entry.share * 100).toFixed(1).padStart(5)}%  ${entry.name}`);
    }
    console.log('  top functions:');
    for (const entry of byFunction.slice(0, 15)) {
      console.log(`    ${(entry.share * 100).toFixed(1).padStart(5)}%  ${entry.name}`);
    }
  }
}

await withDatabase(async (databaseUrl) => {
  const most = Math.max(...STEPS);
  const db = await createDatabase({ databaseUrl, dataDir: '', poolSize: 4, logger });
  const seeded = await seedCountyDay(db.sql, logger, most);
  await db.close();
  console.log(
    `Crosswalk county review day · node ${process.version} · ${String(os.cpus().length)} cores · steps ${STEPS.join(', ')} reviews · ${String(SECONDS)} s each · load average ${load()}`,
  );
  console.log(
    `each review: 6 people, 5 parts open each (30 document connections), one typist per part at ${String(KEYSTROKES_PER_SECOND)}/s; limits edit p99 ${String(EDIT_P99_LIMIT_MS)} ms, room event p99 ${String(ROOM_P99_LIMIT_MS)} ms`,
  );
  const secret = randomBytes(32).toString('hex');
  const results: Record<string, Step | undefined> = {};
  if (PHASES.includes('one')) {
    const profileDir = await mkdtemp(path.join(os.tmpdir(), 'crosswalk-county-prof-'));
    const server = await startCrosswalkProcess({ DATABASE_URL: databaseUrl, REALTIME_SECRET: secret }, [
      '--cpu-prof',
      `--cpu-prof-dir=${profileDir}`,
    ]);
    try {
      results.one = reached(await ramp([server], seeded, 'one process'));
    } finally {
      await server.stop();
    }
    await printProfile(profileDir, 'the one-process server');
    await rm(profileDir, { recursive: true, force: true });
  }
  if (PHASES.includes('two')) {
    const env = {
      DATABASE_URL: databaseUrl,
      REALTIME_SECRET: secret,
      REDIS_URL,
      REDIS_KEY_PREFIX: `bench:${randomBytes(4).toString('hex')}:`,
    };
    const profileDir = await mkdtemp(path.join(os.tmpdir(), 'crosswalk-county-prof-'));
    const flags = ['--cpu-prof', `--cpu-prof-dir=${profileDir}`];
    const servers = await Promise.all([startCrosswalkProcess(env, flags), startCrosswalkProcess(env, flags)]);
    measuredWindows.length = 0;
    try {
      results.two = reached(await ramp(servers, seeded, 'two processes + Redis (reviews split between them)'));
    } finally {
      await Promise.all(servers.map((server) => server.stop()));
    }
    await printProfile(profileDir, 'each of the two processes');
    await rm(profileDir, { recursive: true, force: true });
  }
  console.log('\nreached (every limit met):');
  for (const [phase, step] of Object.entries(results)) {
    console.log(
      step
        ? `  ${phase === 'one' ? 'one process' : 'two processes'}: ${String(step.reviews)} reviews, edit p99 ${step.editP99.toFixed(1)} ms, room event p99 ${step.roomP99.toFixed(1)} ms, ${step.rssPerReviewMb.toFixed(2)} MB rss and ${step.heapPerReviewMb.toFixed(2)} MB heap per review`
        : `  ${phase === 'one' ? 'one process' : 'two processes'}: not even the first step`,
    );
  }
  if (results.one && results.two) {
    console.log(`  two / one processes: ${(results.two.reviews / results.one.reviews).toFixed(2)}× the reviews`);
  }
});
