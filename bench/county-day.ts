/**
 * A county's review day on one Crosswalk process: N reviews at once, each with its team of six signed in over
 * HTTP, every one of them holding the five parts of the enquiry document open (y-websocket, tickets from
 * `GET /api/reviews/:id/collab`) and sitting in the review-day video session (socket.io: join, presence pings,
 * raised hands, reactions, chat, media state and mesh signalling). In every review one person at a time types
 * into each part, 3 keystrokes a second. N rises step by step until an edit's p99 (typist → the other five)
 * passes 50 ms or a room event's p99 (sender → the others) passes 100 ms; then the same with two processes
 * behind Redis, the reviews split between them. Prints per step the latencies, the server's memory per review,
 * the CPU time of the server(s) and of this load generator over the measured window, the load average, and a CPU
 * profile summary of the server(s). Numbers only; nothing passes or fails.
 *
 *   node bench/county-day.ts            # PostgreSQL on 127.0.0.1:5432, Redis on 127.0.0.1:6379
 *   BENCH_COUNTY_STEPS=10,25,50,100,150,200 BENCH_COUNTY_SECONDS=10 BENCH_COUNTY_PHASES=one,two
 *   BENCH_COUNTY_PROFILE_GENERATOR=1    # also a CPU profile summary of the load generator itself
 *   BENCH_COUNTY_EVERY_STEP=1           # every step, even past the limits
 *
 * Only the wire protocol is used: the load generator shares the machine with the server, PostgreSQL and Redis,
 * so it is kept lean (lib/lean-document-client.ts, one timer for everyone).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { CollabTicketAnswer } from '../shared/src/index.ts';
import { createDatabase } from '../server/src/db/client.ts';
import { createLogger } from '../server/src/logger.ts';
import { connectSessionSocket, type SessionClient } from '../tests/support/session-socket.ts';
import { signInCookie } from './lib/demo-crosswalk.ts';
import { withDatabase } from './lib/bench-database.ts';
import { Recorder } from './lib/collab-load.ts';
import { seedCountyDay, type SeededReview } from './lib/county-seed.ts';
import { areaOf, functionKey, monotonicMicros, selfTimes, type CpuProfile, type Window } from './lib/cpu-profile.ts';
import { startCrosswalkProcess, type CrosswalkProcess } from './lib/crosswalk-process.ts';
import { LeanDocumentClient } from './lib/lean-document-client.ts';
import { percentile } from './lib/stats.ts';

process.setMaxListeners(0);
const STEPS = (process.env.BENCH_COUNTY_STEPS ?? '10,25,50,100,150').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_COUNTY_SECONDS ?? 10);
const PHASES = (process.env.BENCH_COUNTY_PHASES ?? 'one,two').split(',');
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** `1` measures every step even past the limits (on a busy machine, for the CPU time per edit at every size). */
const EVERY_STEP = process.env.BENCH_COUNTY_EVERY_STEP === '1';
/** `1` also profiles the load generator itself (its main thread, measured windows only). */
const PROFILE_GENERATOR = process.env.BENCH_COUNTY_PROFILE_GENERATOR === '1';
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
  documents: Map<string, LeanDocumentClient>;
  writable: Set<string>;
  handUntil: number;
  audio: boolean;
  nextPing: number;
}

interface ReviewLoad {
  people: Person[];
  /** One typist per part (someone who may write it). */
  typists: LeanDocumentClient[];
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
    documents: new Map(),
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
    const client = await LeanDocumentClient.open(access.url, document.name, access.ticket, recorder, {
      mayType: document.access === 'write',
      section: document.section,
    });
    person.documents.set(document.name, client);
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
  for (const email of seeded.emails) {
    people.push(await enter(baseUrl, seeded, email, recorder, room));
  }
  const typists: LeanDocumentClient[] = [];
  const parts = [...(people[0]?.documents.keys() ?? [])];
  for (const [index, name] of parts.entries()) {
    const writers = people.filter((p) => p.writable.has(name));
    const writer = writers[index % Math.max(1, writers.length)];
    const typist = writer?.documents.get(name);
    if (writer && typist) {
      // Each typist writes a paragraph of their own, at its end, as someone typing at their cursor.
      typist.startTyping(`p-u${String(people.indexOf(writer))}`);
      typists.push(typist);
    }
  }
  for (const person of people) {
    for (const client of person.documents.values()) {
      if (!typists.includes(client)) {
        client.watchOnly();
      }
    }
  }
  return { people, typists };
}

/**
 * The one timer of the load generator: typing (open loop, at a fixed total rate, round-robin over the typists),
 * and every `TICK_MS` each person's room activity (chat, reactions, hands, media changes, renegotiation, pings)
 * and the renewal of each document connection's awareness. One timer for everyone rather than a few per
 * connection, so that the generator's own CPU stays small next to the server's.
 */
class Scheduler {
  readonly #reviews: ReviewLoad[];
  readonly #room: RoomRecorder;
  readonly #timer: NodeJS.Timeout;
  #nextRoomTick = 0;
  #typing: {
    typists: LeanDocumentClient[];
    ratePerSecond: number;
    durationMs: number;
    started: number;
    made: number;
    turn: number;
    done: (made: number) => void;
  } | null = null;

  constructor(reviews: ReviewLoad[], room: RoomRecorder) {
    this.#reviews = reviews;
    this.#room = room;
    this.#timer = setInterval(() => {
      this.#tick();
    }, 1);
  }

  /** Types at `ratePerSecond` in total over `typists` for `durationMs`; resolves with the number of edits. */
  type(typists: LeanDocumentClient[], ratePerSecond: number, durationMs: number): Promise<number> {
    return new Promise((resolve) => {
      this.#typing = {
        typists,
        ratePerSecond,
        durationMs,
        started: performance.now(),
        made: 0,
        turn: 0,
        done: resolve,
      };
    });
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  #tick(): void {
    const now = performance.now();
    const typing = this.#typing;
    if (typing) {
      const elapsed = now - typing.started;
      const due = Math.floor((Math.min(elapsed, typing.durationMs) * typing.ratePerSecond) / 1000);
      while (typing.made < due) {
        typing.typists[typing.turn % typing.typists.length]?.type();
        typing.turn += 1;
        typing.made += 1;
      }
      if (elapsed >= typing.durationMs) {
        this.#typing = null;
        typing.done(typing.made);
      }
    }
    if (now >= this.#nextRoomTick) {
      this.#nextRoomTick = now + TICK_MS;
      for (const review of this.#reviews) {
        for (const person of review.people) {
          this.#roomActivity(review, person, now);
          for (const client of person.documents.values()) {
            if (now >= client.nextAwarenessAt) {
              client.renewAwareness(now);
            }
          }
        }
      }
    }
  }

  #roomActivity(review: ReviewLoad, person: Person, now: number): void {
    const room = this.#room;
    const chance = (everySeconds: number) => Math.random() < TICK_MS / 1000 / everySeconds;
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
  /** CPU time over the measured window, as a share of one core: the server(s), the generator, the whole machine. */
  serverCpu: number;
  /** The servers' main threads alone (the rest: the log writer, garbage collection and libuv threads). */
  serverMainCpu: number;
  /** The share of the server's and of the generator's CPU time spent in the kernel (socket reads and writes). */
  serverSystemShare: number;
  generatorSystemShare: number;
  generatorCpu: number;
  /** The machine's busy share of all its cores (other work on it included). */
  machineBusy: number;
  /** The server's CPU time over the window (all of its work, room events included) per edit, in microseconds. */
  serverCpuPerEditMicros: number;
  durableP99: number;
  load: string;
}

const mb = (bytes: number) => bytes / 1024 / 1024;
const pct = (share: number) => `${(share * 100).toFixed(0)}%`;

interface ServersNow {
  rss: number;
  heap: number;
  lagP99: number;
  /** CPU microseconds of all the servers (and of their main threads): up to the probe's collection, after it. */
  cpuBeforeGc: number;
  cpuAfterGc: number;
  mainBeforeGc: number;
  mainAfterGc: number;
  systemBeforeGc: number;
  systemAfterGc: number;
}

const cpuMicros = (usage: NodeJS.CpuUsage) => usage.user + usage.system;

async function memoryOf(servers: CrosswalkProcess[]): Promise<ServersNow> {
  const all = await Promise.all(servers.map((server) => server.memory()));
  return {
    rss: all.reduce((sum, m) => sum + m.rss, 0),
    heap: all.reduce((sum, m) => sum + m.heapUsed + m.external, 0),
    lagP99: Math.max(...all.map((m) => m.lagP99)),
    cpuBeforeGc: all.reduce((sum, m) => sum + m.cpuBeforeGc.process, 0),
    cpuAfterGc: all.reduce((sum, m) => sum + m.cpuAfterGc.process, 0),
    mainBeforeGc: all.reduce((sum, m) => sum + m.cpuBeforeGc.mainThread, 0),
    mainAfterGc: all.reduce((sum, m) => sum + m.cpuAfterGc.mainThread, 0),
    systemBeforeGc: all.reduce((sum, m) => sum + m.cpuBeforeGc.system, 0),
    systemAfterGc: all.reduce((sum, m) => sum + m.cpuAfterGc.system, 0),
  };
}

/** Busy and total CPU time of the whole machine so far (all cores, every process), in milliseconds. */
function machineTimes(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const { times } of os.cpus()) {
    const all = times.user + times.nice + times.sys + times.irq + times.idle;
    total += all;
    busy += all - times.idle;
  }
  return { busy, total };
}

/** The measured windows (not the sign-ins and joins between them), for the CPU profile. */
const measuredWindows: Window[] = [];
/** CPU time of the servers' main threads over those windows (their thread CPU clocks), in microseconds. */
const measuredMainCpu = { micros: 0 };

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
  const scheduler = new Scheduler(reviews, room);
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
      await scheduler.type(typists, typists.length * KEYSTROKES_PER_SECOND, 2000);
      recorder.reset();
      room.reset();
      const before = await memoryOf(servers); // also resets the servers' event-loop delay
      recorder.measuring = true;
      room.measuring = true;
      const from = monotonicMicros();
      const generatorFrom = process.cpuUsage();
      const machineFrom = machineTimes();
      const lag = monitorEventLoopDelay({ resolution: 10 });
      lag.enable();
      const edits = await scheduler.type(typists, typists.length * KEYSTROKES_PER_SECOND, SECONDS * 1000);
      const windowMicros = monotonicMicros() - from;
      measuredWindows.push({ from, to: from + windowMicros });
      const generatorUsage = process.cpuUsage(generatorFrom);
      const generatorMicros = cpuMicros(generatorUsage);
      const machineTo = machineTimes();
      lag.disable();
      recorder.measuring = false;
      room.measuring = false;
      const memory = await memoryOf(servers);
      const serverMicros = memory.cpuBeforeGc - before.cpuAfterGc;
      const serverMainMicros = memory.mainBeforeGc - before.mainAfterGc;
      measuredMainCpu.micros += serverMainMicros;
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
        serverCpu: serverMicros / windowMicros,
        serverMainCpu: serverMainMicros / windowMicros,
        serverSystemShare: (memory.systemBeforeGc - before.systemAfterGc) / Math.max(1, serverMicros),
        generatorSystemShare: generatorUsage.system / Math.max(1, generatorMicros),
        generatorCpu: generatorMicros / windowMicros,
        machineBusy: (machineTo.busy - machineFrom.busy) / (machineTo.total - machineFrom.total),
        serverCpuPerEditMicros: serverMicros / Math.max(1, edits),
        durableP99: percentile(recorder.durable, 99),
        load: load(),
      };
      steps.push(step);
      console.log(
        `${String(step.reviews).padStart(7)}  ${step.editP50.toFixed(1).padStart(5)} / ${step.editP99.toFixed(1).padStart(6)} (${String(recorder.propagation.length).padStart(7)})  ${step.roomP50.toFixed(1).padStart(5)} / ${step.roomP99.toFixed(1).padStart(6)} (${String(step.roomEvents).padStart(6)})  ${step.pingP99.toFixed(1).padStart(8)}  ${step.serverLagP99.toFixed(1).padStart(10)} / ${step.generatorLagP99.toFixed(1).padEnd(6)}  ${step.rssMb.toFixed(0).padStart(6)}  ${step.heapMb.toFixed(0).padStart(7)}  ${step.rssPerReviewMb.toFixed(2).padStart(10)} / ${step.heapPerReviewMb.toFixed(2).padEnd(10)}  ${step.load}`,
      );
      console.log(
        `         cpu: server ${pct(step.serverCpu)} of a core (main thread ${pct(step.serverMainCpu)}, kernel ${pct(step.serverSystemShare)} of it; ${step.serverCpuPerEditMicros.toFixed(0)} µs per edit), generator ${pct(step.generatorCpu)} (kernel ${pct(step.generatorSystemShare)}), machine ${pct(step.machineBusy)} of ${String(os.cpus().length)} cores busy; edit → durable p99 ${step.durableP99.toFixed(1)} ms`,
      );
      const lost = reviews
        .flatMap((r) => r.people.flatMap((p) => [...p.documents.values()]))
        .filter((client) => client.closedUnexpectedly).length;
      if (lost > 0) {
        console.log(
          `         ${String(lost)} document connections were closed by the server: their arrivals are missing`,
        );
      }
      if (!EVERY_STEP && (step.editP99 > EDIT_P99_LIMIT_MS || step.roomP99 > ROOM_P99_LIMIT_MS)) {
        break;
      }
    }
  } finally {
    scheduler.stop();
    for (const review of reviews) {
      for (const person of review.people) {
        person.socket.disconnect();
        for (const client of person.documents.values()) {
          client.close();
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
  let notIdle = 0;
  const files = (await readdir(dir)).filter((name) => /\.\d+\.0\.\d+\.cpuprofile$/.test(name));
  for (const file of files) {
    notIdle += printSummary(JSON.parse(await readFile(path.join(dir, file), 'utf8')) as CpuProfile, label);
  }
  // The profiler samples by the clock on the wall: a thread waiting for a core is counted in whatever it was
  // doing (often `writev`, as a write to a local socket wakes the reader), so compare with its CPU clock.
  const onCore = measuredMainCpu.micros / 1000;
  console.log(
    `\n${files.length > 1 ? 'the main threads together' : 'the main thread'}: ${(notIdle / 1000).toFixed(1)} s not idle in the samples, ${(onCore / 1000).toFixed(1)} s on a core by the thread's CPU clock${notIdle > onCore * 1.2 ? '; the rest it waited for a core, so read the shares above as of wall time' : ''}`,
  );
}

/** Prints a profile's self time over the measured windows; returns its milliseconds not idle. */
function printSummary(profile: CpuProfile, label: string): number {
  const byFunction = selfTimes(profile, functionKey, measuredWindows);
  const byArea = selfTimes(profile, (frame) => areaOf(frame.url, frame.functionName), measuredWindows);
  const total = byFunction.reduce((sum, entry) => sum + entry.ms, 0);
  console.log(
    `\nCPU profile of the main thread of ${label}, measured windows only (${(total / 1000).toFixed(1)} s, self time):`,
  );
  console.log('  by package or folder:');
  for (const entry of byArea.slice(0, 10)) {
    console.log(`    ${(entry.share * 100).toFixed(1).padStart(5)}%  ${entry.name}`);
  }
  console.log('  top functions:');
  for (const entry of byFunction.slice(0, 15)) {
    console.log(`    ${(entry.share * 100).toFixed(1).padStart(5)}%  ${entry.name}`);
  }
  return total - (byFunction.find((entry) => entry.name === '(idle)')?.ms ?? 0);
}

/** Profiles the load generator's own main thread (`BENCH_COUNTY_PROFILE_GENERATOR=1`) around `run`. */
async function withGeneratorProfile<T>(label: string, run: () => Promise<T>): Promise<T> {
  if (!PROFILE_GENERATOR) {
    return run();
  }
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await run();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    printSummary(profile as unknown as CpuProfile, label);
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
      results.one = reached(
        await withGeneratorProfile('the load generator', () => ramp([server], seeded, 'one process')),
      );
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
    measuredMainCpu.micros = 0;
    try {
      results.two = reached(
        await withGeneratorProfile('the load generator', () =>
          ramp(servers, seeded, 'two processes + Redis (reviews split between them)'),
        ),
      );
    } finally {
      await Promise.all(servers.map((server) => server.stop()));
    }
    await printProfile(profileDir, 'one of the two processes');
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
