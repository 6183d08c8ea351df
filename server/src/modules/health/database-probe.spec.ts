import { describe, expect, it } from 'vitest';
import { DatabaseProbe } from './database-probe.ts';

/** A ping the test answers by hand; counts how often it was sent. */
function manualPing() {
  const pending: { resolve: () => void; reject: (error: Error) => void }[] = [];
  return {
    sent: () => pending.length,
    ping: () =>
      new Promise<void>((resolve, reject) => {
        pending.push({ resolve, reject });
      }),
    answer: (ok: boolean) => {
      const next = pending.at(-1);
      if (ok) {
        next?.resolve();
      } else {
        next?.reject(new Error('connection refused'));
      }
    },
  };
}

describe('DatabaseProbe', () => {
  it('answers from the last known state while the probe waits, sending one probe however many checks arrive', async () => {
    const db = manualPing();
    const probe = new DatabaseProbe(db.ping, 1);
    expect(await probe.status()).toBe('busy');
    expect(await probe.status()).toBe('busy');
    expect(db.sent()).toBe(1);
    db.answer(true);
    expect(await probe.status()).toBe('up');
    // The next check sends a new probe, and waits for it no longer than before.
    expect(await probe.status()).toBe('busy');
    expect(db.sent()).toBe(2);
  });

  it('reports a failed probe as down, and down while the next one waits', async () => {
    const db = manualPing();
    const probe = new DatabaseProbe(db.ping, 1);
    const first = probe.status();
    db.answer(false);
    expect(await first).toBe('down');
    expect(await probe.status()).toBe('down');
    db.answer(true);
    expect(await probe.status()).toBe('up');
  });
});
