import { describe, expect, it } from 'vitest';
import { decodeFanoutMessage, encodeFanoutMessage, FanoutReceiver, FanoutSender } from './fanout.ts';

function recorder() {
  const seen: string[] = [];
  return {
    seen,
    handlers: {
      update: (update: Uint8Array) => seen.push(`update ${update.join(',')}`),
      awareness: (update: Uint8Array) => seen.push(`awareness ${update.join(',')}`),
      missed: () => seen.push('missed'),
    },
  };
}

describe('fan-out messages', () => {
  it('round-trip and refuse anything else', () => {
    const message = { sender: 'p/1', seq: 7, kind: 'awareness' as const, payload: Uint8Array.of(1, 2, 3) };
    expect(decodeFanoutMessage(encodeFanoutMessage(message))).toEqual(message);
    expect(() => decodeFanoutMessage(Uint8Array.of(1, 65, 1, 9, 0))).toThrow();
    expect(() => decodeFanoutMessage(Uint8Array.of(255))).toThrow();
  });

  it('ignore our own, deliver others in order, and report a skipped sequence number', () => {
    const { seen, handlers } = recorder();
    const receiver = new FanoutReceiver('me', handlers);
    const mine = new FanoutSender('me', 1);
    const theirs = new FanoutSender('them', 1);
    receiver.receive(mine.next('update', Uint8Array.of(9)));
    receiver.receive(theirs.next('update', Uint8Array.of(1)));
    receiver.receive(theirs.next('awareness', Uint8Array.of(2)));
    theirs.next('update', Uint8Array.of(3)); // lost on the way
    receiver.receive(theirs.next('update', Uint8Array.of(4)));
    expect(seen).toEqual(['update 1', 'awareness 2', 'missed', 'update 4']);
  });

  it('reports a first message that is not number 1 (subscribed late, or the first ones were lost)', () => {
    const { seen, handlers } = recorder();
    const receiver = new FanoutReceiver('me', handlers);
    const theirs = new FanoutSender('them', 2);
    theirs.next('update', Uint8Array.of(1));
    receiver.receive(theirs.next('update', Uint8Array.of(2)));
    expect(seen).toEqual(['missed', 'update 2']);
  });
});
