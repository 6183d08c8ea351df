import { AsyncLocalStorage } from 'node:async_hooks';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ConnectionClientEvents, ConnectionServerEvents } from '@crosswalk/shared';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  attachRealtime,
  socketHandlers,
  socketRate,
  type ConnectionData,
  type HandlerFailure,
  type RealtimeSockets,
} from '../src/index.ts';
import { createRecordingLogger } from './support/silent-logger.ts';

/** A host of its own: event maps and per-connection data that realtime has never heard of. */
type Answer = { ok: true; id: number } | { ok: false; message: string };
type JoinAnswer = { ok: true } | { ok: false; reason: 'invalid' | 'not_found'; message: string };
interface ClientEvents extends ConnectionClientEvents {
  'note.add': (request: { text: string }, ack: (answer: Answer) => void) => void;
  'shelf.join': (request: { shelf: string }, ack: (answer: JoinAnswer) => void) => void;
  poke: (request: { times: number }) => void;
  'context.read': (request: Record<string, never>, ack: (answer: { ok: boolean; who?: string | null }) => void) => void;
}
interface ServerEvents extends ConnectionServerEvents {
  poked: (info: { times: number; by: string }) => void;
}
interface Data extends ConnectionData {
  shelf?: string | undefined;
}

/** The host's refusals: their words are safe to show. */
class Refusal extends Error {}

const failure = (error: unknown, fallback: string): HandlerFailure =>
  error instanceof Refusal
    ? { refused: true, kind: 'refused', message: error.message }
    : { refused: false, message: fallback };

/** The host's own context for each message (as the server keeps where a request came from). */
const context = new AsyncLocalStorage<{ who: string }>();
const { defineHandler, attachHandlers } = socketHandlers<Data, ClientEvents, ServerEvents>({
  failure,
  around: (socket, work) => context.run({ who: socket.data.user.displayName }, work),
});
const RATE_POINTS = 3;
/** A window far longer than any run of this test, so the budget is only spent by requests. */
const noteRate = socketRate({ points: RATE_POINTS, seconds: 3600, message: 'Slow down, please.' });
let nextId = 1;

const handlers = [
  defineHandler(
    'note.add',
    z.strictObject({ text: z.string().min(1).max(20) }),
    ({ text }) => {
      if (text === 'forbidden') {
        throw new Refusal('You may not write that here.');
      }
      if (text === 'crash') {
        throw new Error('disk on fire: secret detail');
      }
      return { ok: true, id: nextId++ };
    },
    { invalid: 'Write a note of up to 20 characters.', failed: 'That did not work.', rate: noteRate },
  ),
  defineHandler(
    'shelf.join',
    z.strictObject({ shelf: z.string().regex(/^[a-z]+$/) }),
    async ({ shelf }, socket) => {
      if (shelf === 'hidden') {
        return { ok: false, reason: 'not_found', message: 'No such shelf.' };
      }
      socket.data.shelf = shelf;
      await socket.join(`shelf:${shelf}`);
      return { ok: true };
    },
    {
      invalid: 'That is not a shelf.',
      failed: 'Joining failed.',
      answer: ({ message }) => ({ ok: false, reason: 'invalid', message }),
      about: ({ shelf }) => ({ shelf }),
    },
  ),
  defineHandler(
    'poke',
    z.strictObject({ times: z.number().int().min(1).max(3) }),
    ({ times }, socket) => {
      if (!socket.data.shelf) {
        throw new Refusal('Join a shelf first.');
      }
      socket.nsp.to(`shelf:${socket.data.shelf}`).emit('poked', { times, by: socket.data.user.displayName });
    },
    {},
  ),
  defineHandler(
    'context.read',
    z.strictObject({}),
    async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return { ok: true, who: context.getStore()?.who ?? null };
    },
    { invalid: 'No.', failed: 'Failed.' },
  ),
];

const logger = createRecordingLogger();
let httpServer: Server;
let realtime: RealtimeSockets<Data, ClientEvents, ServerEvents>;
let url: string;
const clients: ClientSocket<ServerEvents, ClientEvents>[] = [];

async function client(name: string): Promise<ClientSocket<ServerEvents, ClientEvents>> {
  const socket: ClientSocket<ServerEvents, ClientEvents> = connect(url, {
    transports: ['websocket'],
    extraHeaders: { 'x-user': name },
    forceNew: true,
  });
  clients.push(socket);
  await new Promise<void>((resolve) => {
    socket.once('session.ready', () => {
      resolve();
    });
  });
  return socket;
}

const lines = (msg: string) => logger.records.filter((record) => record.msg === msg);

beforeAll(async () => {
  httpServer = createServer();
  realtime = attachRealtime<Data, ClientEvents, ServerEvents>(httpServer, {
    logger,
    isAllowedOrigin: () => true,
    authenticate: (request) => {
      const name = request.headers['x-user'];
      return Promise.resolve(typeof name === 'string' ? { userId: `id-${name}`, displayName: name } : null);
    },
  });
  attachHandlers(realtime.io, handlers, { logger, name: 'shelf' });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const socket of clients) {
    socket.disconnect();
  }
  await realtime.close();
  httpServer.closeAllConnections();
  await new Promise((resolve) => httpServer.close(resolve));
});

describe('defineHandler', () => {
  it('runs each message inside the host’s context for its connection, across awaits', async () => {
    const ann = await client('ann');
    const ben = await client('ben');
    const [a, b] = await Promise.all([ann.emitWithAck('context.read', {}), ben.emitWithAck('context.read', {})]);
    expect(a).toEqual({ ok: true, who: 'ann' });
    expect(b).toEqual({ ok: true, who: 'ben' });
  });

  it('answers a valid request with what the handler returns', async () => {
    const alice = await client('alice');
    expect(await alice.emitWithAck('note.add', { text: 'hello' })).toMatchObject({ ok: true });
    expect(await alice.emitWithAck('shelf.join', { shelf: 'maths' })).toEqual({ ok: true });
  });

  it('refuses a payload the schema does not accept, with the event’s answer, and logs it without content', async () => {
    const bob = await client('bob');
    const bad = { text: 'x'.repeat(21) };
    expect(await bob.emitWithAck('note.add', bad)).toEqual({
      ok: false,
      message: 'Write a note of up to 20 characters.',
    });
    // An answer whose type needs more than a message is built by the event's `answer`.
    expect(await bob.emitWithAck('shelf.join', { shelf: 'Not A Shelf!' })).toEqual({
      ok: false,
      reason: 'invalid',
      message: 'That is not a shelf.',
    });
    const refused = lines('shelf message refused').filter(
      (record) => 'userId' in record.obj && record.obj.userId === 'id-bob',
    );
    expect(refused.map((record) => record.obj)).toEqual([
      { event: 'note.add', userId: 'id-bob', reason: 'malformed' },
      { event: 'shelf.join', userId: 'id-bob', reason: 'malformed' },
    ]);
    expect(JSON.stringify(logger.records)).not.toContain('Not A Shelf');
  });

  it('turns a refusal into the answer with its own words, and a failure into the fallback', async () => {
    const carol = await client('carol');
    expect(await carol.emitWithAck('note.add', { text: 'forbidden' })).toEqual({
      ok: false,
      message: 'You may not write that here.',
    });
    expect(await carol.emitWithAck('note.add', { text: 'crash' })).toEqual({
      ok: false,
      message: 'That did not work.',
    });
    const refused = lines('shelf message refused').find((record) => 'kind' in record.obj);
    expect(refused?.level).toBe('warn');
    expect(refused?.obj).toMatchObject({ event: 'note.add', userId: 'id-carol', kind: 'refused' });
    const failed = lines('shelf message failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.level).toBe('error');
    // The person never sees our failure's words.
    expect(JSON.stringify(await carol.emitWithAck('note.add', { text: 'crash' }))).not.toContain('secret');
  });

  it('limits each connection to its own budget, shared by the events that draw on it', async () => {
    const dave = await client('dave');
    const erin = await client('erin');
    const answers: Answer[] = [];
    for (let i = 0; i < RATE_POINTS + 2; i++) {
      answers.push(await dave.emitWithAck('note.add', { text: `note ${i}` }));
    }
    expect(answers.slice(0, RATE_POINTS).every((answer) => answer.ok)).toBe(true);
    expect(answers.slice(RATE_POINTS)).toEqual([
      { ok: false, message: 'Slow down, please.' },
      { ok: false, message: 'Slow down, please.' },
    ]);
    // One log line per spent budget, not one per refused request.
    expect(
      lines('shelf message refused').filter((record) => 'reason' in record.obj && record.obj.reason === 'rate'),
    ).toHaveLength(1);
    // Another connection has a budget of its own.
    expect(await erin.emitWithAck('note.add', { text: 'mine' })).toMatchObject({ ok: true });
  });

  it('runs events without an acknowledgement, and drops their refusals quietly for the sender', async () => {
    const frank = await client('frank');
    const grace = await client('grace');
    frank.emit('poke', { times: 1 }); // not on a shelf yet: refused, logged, nothing sent
    await frank.emitWithAck('shelf.join', { shelf: 'science' });
    await grace.emitWithAck('shelf.join', { shelf: 'science' });
    const poked = new Promise<{ times: number; by: string }>((resolve) => {
      grace.once('poked', resolve);
    });
    frank.emit('poke', { times: 2 });
    expect(await poked).toEqual({ times: 2, by: 'frank' });
    expect(lines('shelf message refused').some((record) => 'event' in record.obj && record.obj.event === 'poke')).toBe(
      true,
    );
  });

  it('drops a request that comes without the acknowledgement its event promises', async () => {
    const heidi = await client('heidi');
    (heidi as unknown as ClientSocket).emit('note.add', { text: 'no answer wanted' });
    // Messages of one connection are handled in order: once this is answered, the one before was too.
    await heidi.emitWithAck('shelf.join', { shelf: 'art' });
    expect(
      lines('shelf message refused').some(
        (record) => 'userId' in record.obj && record.obj.userId === 'id-heidi' && 'reason' in record.obj,
      ),
    ).toBe(true);
  });
});
