import { CloseCode } from '@crosswalk/shared';

/** Why a live document stopped for good (reconnecting cannot help). */
export type StopKind = 'forbidden' | 'notFound' | 'signedOut';

/**
 * What a live-document client does after the server closed one of its connections:
 * - `reconnect`: at once, with the provider's own backoff (the server restarts, is busy, or the network dropped);
 * - `newTicket`: fetch a fresh ticket first, then reconnect with it (the old one expired or was refused);
 * - `retryLater`: reconnect after a pause (a message was refused: malformed, too large or too fast);
 * - `stop`: never reconnect on this page, and tell the person why;
 * - `signOut`: the sign-in session ended: clear the browser and show the sign-in page.
 */
export type CloseAction =
  | { kind: 'reconnect' }
  | { kind: 'newTicket' }
  | { kind: 'retryLater'; afterMs: number }
  | { kind: 'stop'; reason: Exclude<StopKind, 'signedOut'> }
  | { kind: 'signOut' };

/** Pause before reconnecting after a refused message. */
export const RETRY_AFTER_MS = 3000;

/** The one close-code policy of every live document in the browser (close codes: shared/src/realtime/close-codes.ts). */
export function closeAction(code: number): CloseAction {
  switch (code) {
    case CloseCode.signedOut:
      return { kind: 'signOut' };
    case CloseCode.unauthorized:
      return { kind: 'newTicket' };
    case CloseCode.forbidden:
      return { kind: 'stop', reason: 'forbidden' };
    case CloseCode.notFound:
      return { kind: 'stop', reason: 'notFound' };
    default:
      // The rest of the application's 44xx range (malformed, too large, too fast, and any code added later) means
      // the server refused what this client sent: pause rather than send it again at once.
      return code >= 4400 && code < 4500 ? { kind: 'retryLater', afterMs: RETRY_AFTER_MS } : { kind: 'reconnect' };
  }
}

/** Whether the provider may reconnect by itself after this close code (otherwise the policy decides). */
export function reconnectsAtOnce(code: number): boolean {
  return closeAction(code).kind === 'reconnect';
}

/** What the person is told when a live document stops, by what it is a part of. */
export const StopMessage = {
  document: {
    forbidden:
      'You no longer have access to this document, so it has stopped updating. Ask the Lead Reviewer if you think this is wrong.',
    notFound: 'This document could not be found, so it has stopped updating. It may have been removed.',
    signedOut: 'You have been signed out, so the document has stopped updating.',
  },
  board: {
    forbidden: 'You no longer have access to this board.',
    notFound: 'You no longer have access to this board.',
    signedOut: 'You have been signed out, so the board has stopped updating.',
  },
} as const satisfies Record<string, Record<StopKind, string>>;

export type LiveSubject = keyof typeof StopMessage;
