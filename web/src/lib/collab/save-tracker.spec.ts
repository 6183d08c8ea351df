import { describe, expect, it } from 'vitest';
import { isUpdateMessage, SaveTracker } from './save-tracker.ts';

describe('SaveTracker', () => {
  it('is saved once the seq of the latest local change is acknowledged', () => {
    const tracker = new SaveTracker();
    tracker.sentUpdate(); // sync step 2 of the handshake
    tracker.ack(1);
    expect(tracker.dirty).toBe(false);
    tracker.sentUpdate();
    tracker.localChange(true);
    tracker.sentUpdate();
    tracker.localChange(true);
    tracker.ack(2);
    expect(tracker.dirty).toBe(true);
    tracker.ack(3);
    expect(tracker.dirty).toBe(false);
  });

  it('keeps an unsaved change across a reconnect until the resent handshake is acknowledged', () => {
    const tracker = new SaveTracker();
    tracker.sentUpdate();
    tracker.localChange(true);
    tracker.newSocket();
    expect(tracker.dirty).toBe(true);
    tracker.ack(1);
    expect(tracker.dirty).toBe(true);
    tracker.sentUpdate();
    tracker.ack(1);
    expect(tracker.dirty).toBe(false);
  });

  it('waits for a change made offline to be sent before it can be saved', () => {
    const tracker = new SaveTracker();
    tracker.localChange(false);
    tracker.ack(5);
    expect(tracker.dirty).toBe(true);
  });

  it('recognises sync step 2 and update frames only', () => {
    expect(isUpdateMessage(Uint8Array.from([0, 1, 0]))).toBe(true);
    expect(isUpdateMessage(Uint8Array.from([0, 2, 0]))).toBe(true);
    expect(isUpdateMessage(Uint8Array.from([0, 0, 0]))).toBe(false);
    expect(isUpdateMessage(Uint8Array.from([1, 2, 0]))).toBe(false);
    expect(isUpdateMessage('text')).toBe(false);
  });
});
