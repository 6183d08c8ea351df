import type { ConnectionClientEvents, ConnectionServerEvents } from '@crosswalk/shared';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { z } from 'zod';
import type { RealtimeLogger } from '../types.ts';
import type { ConnectionData, ServerSocket, SocketServer } from './socket-server.ts';

/**
 * One idiom for every socket.io event a browser sends: `defineHandler(event, schema, handler, options)` names the
 * event (typed against the host's event map in shared/), parses its payload with a zod schema, applies a
 * per-connection rate limit, calls the handler and answers through the acknowledgement the event's type promises.
 * Nothing a handler throws reaches socket.io.
 */

/**
 * How the host tells what a thrown error means (realtime knows no domain errors): a refusal the person caused,
 * whose words are safe to show and which is logged as a warning, or a failure of ours, logged as an error and
 * answered with `message` (the handler's fallback unless the error's words are safe to show).
 */
export type HandlerFailure = { refused: true; kind: string; message: string } | { refused: false; message: string };

/** What the acknowledgement of an event carries (the last parameter, a callback), or void when it has none. */
export type AckOf<F> = F extends (...args: infer A) => unknown
  ? A extends [...unknown[], (result: infer R) => void]
    ? R
    : // eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- a handler of such an event returns nothing
      void
  : never;

/**
 * The answer an acknowledgement gives when a request fails: its `{ ok: false, … }` member, or the whole answer when
 * it is one shape (`{ ok: boolean; message?: string }`).
 */
type FailureOf<R> = [Extract<R, { ok: false }>] extends [never] ? R : Extract<R, { ok: false }>;

/** A budget of requests per connection, shared by every handler given the same object. */
export interface SocketRate {
  /** Takes one request from the connection's budget; false when it is spent (`first`: the first refusal of it). */
  take(connectionId: string): Promise<{ allowed: boolean; first: boolean }>;
  /** What an acknowledgement says to a connection over its budget. */
  readonly message: string;
}

/** At most `points` requests per connection in each window of `seconds`; `message` answers the rest. */
export function socketRate(options: { points: number; seconds: number; message: string }): SocketRate {
  const limiter = new RateLimiterMemory({ points: options.points, duration: options.seconds });
  return {
    message: options.message,
    async take(connectionId) {
      try {
        await limiter.consume(connectionId);
        return { allowed: true, first: false };
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) {
          return { allowed: false, first: rejection.consumedPoints === options.points + 1 };
        }
        throw rejection;
      }
    },
  };
}

interface CommonOptions<P> {
  /** The per-connection budget this event draws on. */
  rate?: SocketRate;
  /** Fields that say what a request was about in log lines (ids; never content). */
  about?: (payload: P) => Record<string, unknown>;
  /** Refusals answered without a log line (e.g. a command that makes no sense at this moment). */
  quiet?: (error: unknown) => boolean;
}

/** Events with an acknowledgement say what it answers when the payload is malformed and when the handler fails. */
// eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- the events without an acknowledgement (AckOf)
type AnswerOptions<R> = [R] extends [void]
  ? { invalid?: never; failed?: never; answer?: never }
  : {
      /** The answer's message when the payload does not match the schema. */
      invalid: string;
      /** The answer's message when the handler fails through no fault of the person. */
      failed: string;
    } & ({ ok: false; message: string } extends FailureOf<R>
      ? { answer?: (failure: HandlerFailure) => FailureOf<R> }
      : /** Builds the failure answer when the event's type needs more than `{ ok: false, message }`. */
        { answer: (failure: HandlerFailure) => FailureOf<R> });

export type HandlerOptions<P, R> = CommonOptions<P> & AnswerOptions<R>;

/** One event's handler, ready to be attached to each connection (`attachHandlers`). */
export interface SocketHandler<
  Data extends ConnectionData,
  ListenEvents extends ConnectionClientEvents,
  EmitEvents extends ConnectionServerEvents,
> {
  readonly event: string;
  attach(socket: ServerSocket<Data, ListenEvents, EmitEvents>, log: HandlerLog): void;
}

export interface HandlerLog {
  logger: RealtimeLogger;
  /** Names the feature in log lines: "<name> message refused". */
  name: string;
}

/**
 * The idiom bound to the host's types and its reading of errors. Each feature defines its handlers with
 * `defineHandler` and attaches them with `attachHandlers`.
 */
export function socketHandlers<
  Data extends ConnectionData,
  ListenEvents extends ConnectionClientEvents,
  EmitEvents extends ConnectionServerEvents,
>(settings: {
  failure(error: unknown, fallback: string): HandlerFailure;
  /**
   * Runs each message's handling inside the host's own context for it (e.g. where the connection came from, for
   * its audit log); by default, as it is.
   */
  around?: (socket: ServerSocket<Data, ListenEvents, EmitEvents>, work: () => Promise<void>) => Promise<void>;
}) {
  type Socket = ServerSocket<Data, ListenEvents, EmitEvents>;
  type Handler = SocketHandler<Data, ListenEvents, EmitEvents>;

  function defineHandler<Event extends keyof ListenEvents & string, Schema extends z.ZodType>(
    event: Event,
    schema: Schema,
    handler: (
      payload: z.infer<Schema>,
      socket: Socket,
    ) => AckOf<ListenEvents[Event]> | Promise<AckOf<ListenEvents[Event]>>,
    options: NoInfer<HandlerOptions<z.infer<Schema>, AckOf<ListenEvents[Event]>>>,
  ): Handler {
    const { rate, about, quiet } = options as CommonOptions<z.infer<Schema>>;
    const answers = options as { invalid?: string; failed?: string; answer?: (failure: HandlerFailure) => unknown };
    const expectsAck = answers.invalid !== undefined;

    const run = async (socket: Socket, args: unknown[], { logger, name }: HandlerLog) => {
      const last = args.at(-1);
      const ack = expectsAck && typeof last === 'function' ? (last as (result: unknown) => void) : undefined;
      const who = { event, userId: socket.data.user.userId };
      const refusedLine = `${name} message refused`;
      const fail = (failure: HandlerFailure) => {
        ack?.(answers.answer ? answers.answer(failure) : { ok: false, message: failure.message });
      };
      if (expectsAck && !ack) {
        logger.warn({ ...who, reason: 'no acknowledgement' }, refusedLine);
        return;
      }
      if (rate) {
        const { allowed, first } = await rate.take(socket.id);
        if (!allowed) {
          // One line per spent budget, so a flood does not flood the logs too.
          if (first) {
            logger.warn({ ...who, reason: 'rate' }, refusedLine);
          }
          fail({ refused: true, kind: 'throttled', message: rate.message });
          return;
        }
      }
      const parsed = schema.safeParse((ack ? args.slice(0, -1) : args)[0] ?? {});
      if (!parsed.success) {
        logger.warn({ ...who, reason: 'malformed' }, refusedLine);
        fail({ refused: true, kind: 'invalid', message: answers.invalid ?? '' });
        return;
      }
      const payload = parsed.data;
      try {
        const result = await Promise.resolve(handler(payload, socket));
        ack?.(result);
      } catch (error) {
        const failure = settings.failure(error, answers.failed ?? '');
        if (!failure.refused) {
          logger.error({ err: error, ...who, ...about?.(payload) }, `${name} message failed`);
        } else if (!quiet?.(error)) {
          logger.warn({ ...who, ...about?.(payload), kind: failure.kind, reason: failure.message }, refusedLine);
        }
        fail(failure);
      }
    };

    return {
      event,
      attach(socket, log) {
        // Typed through a plain listener: the payload is unknown until the schema has read it.
        (socket as unknown as { on(event: string, listener: (...args: unknown[]) => void): void }).on(
          event,
          (...args) => {
            const work = () => run(socket, args, log);
            (settings.around ? settings.around(socket, work) : work()).catch((error: unknown) => {
              log.logger.error({ err: error, event }, `${log.name} message failed`);
            });
          },
        );
      },
    };
  }

  /**
   * Attaches the handlers to every connection from now on, and `onDisconnect` (the feature's clean-up when a
   * connection ends; what it throws is logged); returns a function that stops attaching them.
   */
  function attachHandlers(
    io: SocketServer<Data, ListenEvents, EmitEvents>,
    handlers: readonly Handler[],
    options: HandlerLog & { onDisconnect?: (socket: Socket) => void | Promise<void> },
  ): () => void {
    const { onDisconnect, ...log } = options;
    const onConnection = (socket: Socket) => {
      for (const handler of handlers) {
        handler.attach(socket, log);
      }
      if (onDisconnect) {
        socket.on('disconnect', () => {
          Promise.resolve()
            .then(() => onDisconnect(socket))
            .catch((error: unknown) => {
              log.logger.error({ err: error }, `${log.name} clean-up after a disconnection failed`);
            });
        });
      }
    };
    io.on('connection', onConnection);
    return () => {
      io.off('connection', onConnection);
    };
  }

  return { defineHandler, attachHandlers };
}
