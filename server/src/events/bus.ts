import { EventEmitter } from 'node:events';

/** Domain events, named `noun.verb` in the past tense. Services emit; transports (sockets) subscribe. */
export interface EventMap {
  'review.state_changed': [{ reviewId: string; from: string; to: string }];
  'review.member_added': [{ reviewId: string; userId: string; role: string }];
  'review.member_removed': [{ reviewId: string; userId: string }];
  /** Any change to a workshop's state (stage, timer, lock, focus, breakouts); boards re-decide access on it. */
  'workshop.changed': [{ sessionId: string; reviewId: string }];
  /**
   * A sign-in session ended (its id: a hash of the cookie, never the cookie): every realtime connection it opened is
   * ended on every process, and its tickets open nothing more.
   */
  'auth.session_ended': [{ sessionId: string; reason: SessionEndReason }];
}

/** Why a sign-in session ended. */
export type SessionEndReason = 'signed_out' | 'expired' | 'password_changed' | 'account_removed' | 'account_disabled';

/** A typed in-process event bus; `on` returns its own unsubscribe function. */
export class EventBus {
  readonly #emitter = new EventEmitter();

  emit<K extends keyof EventMap>(name: K, ...args: EventMap[K]): void {
    this.#emitter.emit(name, ...args);
  }

  on<K extends keyof EventMap>(name: K, listener: (...args: EventMap[K]) => void): () => void {
    const wrapped = (...args: unknown[]) => {
      listener(...(args as EventMap[K]));
    };
    this.#emitter.on(name, wrapped);
    return () => this.#emitter.off(name, wrapped);
  }
}
