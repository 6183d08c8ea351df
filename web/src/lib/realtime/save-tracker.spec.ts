import { describe, expect, it } from 'vitest';
import { isUpdateMessage, saveStatus, SaveStatusLabel, SaveTracker, type SaveState } from './save-tracker.ts';

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

describe('saveStatus', () => {
  const doc = (state: Partial<SaveState> = {}): SaveState => ({
    connection: 'connected',
    unsaved: false,
    stopped: false,
    ...state,
  });
  const label = (ready: boolean, documents: SaveState[]) => SaveStatusLabel[saveStatus(ready, documents)];

  it('says every change is saved only when every live document is connected and acknowledged', () => {
    expect(label(true, [doc(), doc()])).toBe('All changes saved');
    expect(label(true, [doc(), doc({ unsaved: true })])).toBe('Saving…');
  });

  it('keeps saying "Saving…" until the acknowledgement arrives, following the tracker', () => {
    const tracker = new SaveTracker();
    tracker.localChange(true);
    tracker.sentUpdate();
    expect(label(true, [doc({ unsaved: tracker.dirty })])).toBe('Saving…');
    tracker.ack(1);
    expect(label(true, [doc({ unsaved: tracker.dirty })])).toBe('All changes saved');
  });

  it('says changes are kept on this device while offline with unsaved changes', () => {
    expect(label(true, [doc(), doc({ connection: 'disconnected', unsaved: true })])).toBe(
      'Offline — changes kept on this device',
    );
    expect(label(true, [doc(), doc({ connection: 'disconnected' })])).toBe('Offline');
    expect(label(true, [doc(), doc({ connection: 'connecting' })])).toBe('Connecting…');
  });

  it('ignores stopped documents, and says "Not updating" once all have stopped', () => {
    expect(label(true, [doc({ stopped: true, connection: 'disconnected' }), doc()])).toBe('All changes saved');
    expect(label(true, [doc({ stopped: true }), doc({ stopped: true })])).toBe('Not updating');
  });

  it('is connecting before the documents are open', () => {
    expect(label(false, [])).toBe('Connecting…');
    expect(label(false, [doc()])).toBe('Connecting…');
    expect(label(true, [])).toBe('Connecting…');
  });
});
