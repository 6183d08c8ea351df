/**
 * Updates handed to a worker thread (`update-merger.ts`, `log-writer.ts`): back to back in one buffer of their own
 * (they may be views into a shared pool, which must not be cloned whole or transferred), with the length of each.
 * Kept apart from the threads' own modules so a thread loads only what it uses.
 */
/** Packs updates into one buffer of their own, to hand to a thread (as a transfer, without another copy). */
export function packUpdates(updates: readonly Uint8Array[]): { data: Uint8Array<ArrayBuffer>; lengths: number[] } {
  const lengths = updates.map((update) => update.byteLength);
  const data = new Uint8Array(lengths.reduce((sum, length) => sum + length, 0));
  let offset = 0;
  for (const update of updates) {
    data.set(update, offset);
    offset += update.byteLength;
  }
  return { data, lengths };
}

/** Unpacks what `packUpdates` made (views into its buffer). */
export function unpackUpdates({ data, lengths }: { data: Uint8Array; lengths: readonly number[] }): Uint8Array[] {
  const updates: Uint8Array[] = [];
  let offset = 0;
  for (const length of lengths) {
    updates.push(data.subarray(offset, offset + length));
    offset += length;
  }
  return updates;
}
