import { mergeUpdates } from 'yjs';
import type { UpdateEntry } from './document-store.ts';

/**
 * One log row per document: the updates a document has in a batch, merged in order into one Yjs update (the batch
 * commits as a whole, so the rows stand for the same updates). Fewer, larger rows cost the database and later
 * compactions less. A document whose updates do not merge keeps one row per update, as they were.
 *
 * Shared by the stores that write on the event loop and by the log writer's thread, which merges off it.
 */
export function mergePerDocument(batch: readonly UpdateEntry[]): UpdateEntry[] {
  const byName = new Map<string, Uint8Array[]>();
  for (const { name, update } of batch) {
    const updates = byName.get(name);
    if (updates) {
      updates.push(update);
    } else {
      byName.set(name, [update]);
    }
  }
  if (byName.size === batch.length) {
    return [...batch];
  }
  return [...byName].flatMap(([name, updates]) => {
    const [first] = updates;
    if (updates.length === 1 && first) {
      return [{ name, update: first }];
    }
    try {
      return [{ name, update: mergeUpdates(updates) }];
    } catch {
      return updates.map((update) => ({ name, update }));
    }
  });
}
