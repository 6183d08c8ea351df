import { CloseCode } from '@crosswalk/shared';
import { describe, expect, it } from 'vitest';
import { closeAction, reconnectsAtOnce, RETRY_AFTER_MS, StopMessage } from './close-policy.ts';

describe('closeAction', () => {
  it('sends the person to sign in when the session ended (4440)', () => {
    expect(closeAction(CloseCode.signedOut)).toEqual({ kind: 'signOut' });
  });

  it('fetches a new ticket after 4401 (expired or refused ticket)', () => {
    expect(closeAction(CloseCode.unauthorized)).toEqual({ kind: 'newTicket' });
  });

  it('stops for good when access was removed (4403) or the document is gone (4404)', () => {
    expect(closeAction(CloseCode.forbidden)).toEqual({ kind: 'stop', reason: 'forbidden' });
    expect(closeAction(CloseCode.notFound)).toEqual({ kind: 'stop', reason: 'notFound' });
  });

  it('pauses before reconnecting after a refused message, including 44xx codes it does not know', () => {
    for (const code of [CloseCode.malformedMessage, CloseCode.messageTooLarge, CloseCode.rateLimited, 4499]) {
      expect(closeAction(code)).toEqual({ kind: 'retryLater', afterMs: RETRY_AFTER_MS });
    }
  });

  it('reconnects at once when the server is going away, failing or overloaded, or the network dropped', () => {
    for (const code of [CloseCode.goingAway, CloseCode.serverError, CloseCode.tryAgainLater, 1006, 1000, 4000]) {
      expect(closeAction(code)).toEqual({ kind: 'reconnect' });
      expect(reconnectsAtOnce(code)).toBe(true);
    }
  });

  it('lets the provider reconnect by itself only when nothing else must happen first', () => {
    for (const code of [
      CloseCode.signedOut,
      CloseCode.unauthorized,
      CloseCode.forbidden,
      CloseCode.notFound,
      CloseCode.rateLimited,
    ]) {
      expect(reconnectsAtOnce(code)).toBe(false);
    }
  });
});

describe('StopMessage', () => {
  it('tells people in plain words, for documents and boards alike', () => {
    for (const subject of Object.values(StopMessage)) {
      for (const message of Object.values(subject)) {
        expect(message).toMatch(/^[A-Z].*\.$/);
        expect(message).not.toMatch(/\b(44\d\d|ticket|socket|close code)\b/i);
      }
    }
  });
});
