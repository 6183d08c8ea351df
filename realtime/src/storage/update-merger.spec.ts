import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { mergeUpdatesCollectingGarbage } from '../updates/merge-updates.ts';
import { packUpdates, unpackUpdates } from '../updates/packed-updates.ts';
import { createUpdateMerger, type UpdateMerger } from './update-merger.ts';

const logger = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };
const mergers: UpdateMerger[] = [];

afterEach(async () => {
  await Promise.all(mergers.splice(0).map((merger) => merger.close()));
});

/** A merger that sends every merge to its thread (or keeps the default size limit, `inlineBelowBytes`). */
function open(idleMs?: number, inlineBelowBytes = 0): UpdateMerger {
  const merger = createUpdateMerger({ logger, inlineBelowBytes, ...(idleMs === undefined ? {} : { idleMs }) });
  mergers.push(merger);
  return merger;
}

/** A document's history as separate updates: typing, then deleting part of it. */
function history(): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const text = doc.getText('content');
  for (let index = 0; index < 200; index++) {
    text.insert(text.length, `${index} `);
  }
  text.delete(0, 100);
  doc.destroy();
  return updates;
}

function textOf(update: Uint8Array): string {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  const text = doc.getText('content').toJSON();
  doc.destroy();
  return text;
}

describe('update merger', () => {
  it('packs updates into one buffer of its own and unpacks them unchanged', () => {
    const pool = Uint8Array.of(9, 1, 2, 3, 9, 4, 5, 9);
    const updates = [pool.subarray(1, 4), pool.subarray(5, 7), new Uint8Array(0)];
    const packed = packUpdates(updates);
    expect(packed.data.buffer.byteLength).toBe(5);
    expect(unpackUpdates(packed)).toEqual(updates);
  });

  it('merges on a worker thread exactly as on this one', async () => {
    const updates = history();
    const merger = open();
    const merged = await merger.merge(updates);
    expect(merger.threadsStarted).toBe(1);
    expect(merged).toEqual(mergeUpdatesCollectingGarbage(updates));
    expect(textOf(merged)).toBe(textOf(Y.mergeUpdates(updates)));
  });

  it('merges small documents in place and large ones on the thread', async () => {
    const merger = open(undefined, 64 * 1024);
    const updates = history();
    expect(await merger.merge(updates)).toEqual(mergeUpdatesCollectingGarbage(updates));
    expect(merger.threadsStarted).toBe(0);
    const large = new Y.Doc();
    large.getText('content').insert(0, 'x'.repeat(100 * 1024));
    const snapshot = Y.encodeStateAsUpdate(large);
    large.destroy();
    expect(textOf(await merger.merge([snapshot, ...updates]))).toBe(textOf(Y.mergeUpdates([snapshot, ...updates])));
    expect(merger.threadsStarted).toBe(1);
  });

  it('answers concurrent merges each with its own result', async () => {
    const merger = open();
    const updates = history();
    const halves = [updates.slice(0, 100), updates];
    const results = await Promise.all(halves.map((part) => merger.merge(part)));
    expect(results).toEqual(halves.map((part) => mergeUpdatesCollectingGarbage(part)));
    expect(merger.threadsStarted).toBe(1);
  });

  it('refuses a malformed update with an error and keeps working', async () => {
    const merger = open();
    await expect(merger.merge([Uint8Array.of(255, 255, 255, 255, 255)])).rejects.toThrow(/merge failed/);
    const updates = history();
    expect(await merger.merge(updates)).toEqual(mergeUpdatesCollectingGarbage(updates));
  });

  it('starts a new thread after stopping an idle one', async () => {
    const merger = open(10);
    const updates = history();
    const first = await merger.merge(updates);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await merger.merge(updates)).toEqual(first);
    expect(merger.threadsStarted).toBe(2);
  });

  it('refuses merges once closed', async () => {
    const merger = open();
    await merger.close();
    await expect(merger.merge(history())).rejects.toThrow(/closed/);
  });
});
