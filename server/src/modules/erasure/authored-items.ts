import {
  ErasedPersonName,
  ErasedTextPlaceholder,
  readNote,
  removeNote,
  renameCluster,
  writeNote,
  type ErasureTextPolicy,
} from '@crosswalk/shared';
import * as Y from 'yjs';

/**
 * Pure functions on a Yjs document for erasure (docs/data-protection.md, "Erasure"): what a person's items hold, and
 * taking them out. A person's items are those written under the client ids recorded for them (`collab_authors`).
 * Only text is theirs to erase: characters they typed (`ContentString`, in any `Y.Text` or `Y.XmlText`). The
 * structure they made (a paragraph, a record, its id, date or tag) stays, so other people's text inside it, and the
 * document's shape, are untouched. Their name, wherever a record holds it as a value (who wrote an evidence entry, a
 * named board note), becomes `ErasedPersonName` under every policy.
 */
export interface ItemErasure {
  /** The person's Yjs client ids in this document. */
  clients: ReadonlySet<number>;
  policy: ErasureTextPolicy;
  /** Names of the person to replace where a record holds one as a whole value. */
  names: readonly string[];
}

/** A contiguous run of one person's characters in a text: its index (Yjs units), length and what it reads. */
interface Run {
  index: number;
  length: number;
  text: string;
}

/** The texts in which the clients' items still hold characters. */
function textsWritten(doc: Y.Doc, clients: ReadonlySet<number>): Y.Text[] {
  const texts = new Set<Y.Text>();
  for (const client of clients) {
    for (const struct of doc.store.clients.get(client) ?? []) {
      if (
        struct instanceof Y.Item &&
        !struct.deleted &&
        struct.content instanceof Y.ContentString &&
        struct.parent instanceof Y.Text
      ) {
        texts.add(struct.parent);
      }
    }
  }
  return [...texts];
}

/**
 * The runs of the clients' characters in one text, in order. Formatting marks (not counted in positions) do not
 * break a run; anyone else's character does.
 */
function runsIn(text: Y.Text, clients: ReadonlySet<number>): Run[] {
  const runs: Run[] = [];
  let current: Run | null = null;
  let index = 0;
  for (let item = text._start; item; item = item.right) {
    if (item.deleted || !item.countable) {
      continue;
    }
    if (clients.has(item.id.client) && item.content instanceof Y.ContentString) {
      if (current) {
        current.length += item.length;
        current.text += item.content.str;
      } else {
        current = { index, length: item.length, text: item.content.str };
      }
    } else if (current) {
      runs.push(current);
      current = null;
    }
    index += item.length;
  }
  if (current) {
    runs.push(current);
  }
  return runs;
}

/** What the person's items hold now: each contiguous run of their characters, in document order per text. */
export function authoredRuns(doc: Y.Doc, clients: ReadonlySet<number>): string[] {
  return textsWritten(doc, clients).flatMap((text) => runsIn(text, clients).map((run) => run.text));
}

/**
 * Takes the person's characters out of the document in one transaction (`remove`), or replaces each run of them
 * with `ErasedTextPlaceholder` at its place (`replace`), or leaves them (`keep`); and replaces their name where a
 * record holds it. Idempotent: run again, it finds nothing left to do. With garbage collection on (every live
 * document), the deleted characters' content is dropped from memory at the end of the transaction. Returns how
 * many runs and values it changed.
 */
export function eraseAuthoredItems(doc: Y.Doc, erasure: ItemErasure): number {
  let changed = 0;
  doc.transact(() => {
    if (erasure.policy !== 'keep') {
      for (const text of textsWritten(doc, erasure.clients)) {
        for (const run of runsIn(text, erasure.clients).reverse()) {
          text.delete(run.index, run.length);
          if (erasure.policy === 'replace') {
            text.insert(run.index, ErasedTextPlaceholder);
          }
          changed += 1;
        }
      }
    }
    changed += renameInRecords(doc, erasure.names);
    if (erasure.policy !== 'keep') {
      changed += renameBoardGroups(doc, erasure);
    }
  });
  return changed;
}

/**
 * A board layout's group names are whole values in the `clusters` map, written by the browser under its client id:
 * a group whose current name the person gave is renamed (the placeholder, or "Untitled group" when removing).
 */
function renameBoardGroups(doc: Y.Doc, erasure: ItemErasure): number {
  if (!doc.share.has('clusters')) {
    return 0;
  }
  const clusters = doc.getMap<unknown>('clusters');
  const theirs = [...clusters._map.entries()]
    .filter(([, item]) => !item.deleted && erasure.clients.has(item.id.client))
    .map(([id]) => id);
  for (const id of theirs) {
    renameCluster(doc, id, erasure.policy === 'replace' ? ErasedTextPlaceholder : 'Untitled group');
  }
  return theirs.length;
}

/** Replaces the person's name where a map holds it as its whole value (e.g. an evidence entry's reviewer name). */
function renameInRecords(doc: Y.Doc, names: readonly string[]): number {
  const wanted = new Set(names.filter((name) => name.length > 0 && name !== ErasedPersonName));
  if (wanted.size === 0) {
    return 0;
  }
  const found: { map: Y.Map<unknown>; key: string }[] = [];
  for (const structs of doc.store.clients.values()) {
    for (const struct of structs) {
      if (
        struct instanceof Y.Item &&
        !struct.deleted &&
        struct.parentSub !== null &&
        struct.parent instanceof Y.Map &&
        struct.content instanceof Y.ContentAny &&
        struct.content.getContent().some((value) => typeof value === 'string' && wanted.has(value))
      ) {
        found.push({ map: struct.parent, key: struct.parentSub });
      }
    }
  }
  for (const { map, key } of found) {
    map.set(key, ErasedPersonName);
  }
  return found.length;
}

/**
 * A board note the person wrote (the server writes notes under its own client id, so they are found by
 * `workshop_note_authors`, not by client id): its text replaced or the note removed, and the name it carries, if
 * it is a named note, taken away. Returns whether it changed anything.
 */
export function eraseBoardNote(doc: Y.Doc, noteId: string, policy: ErasureTextPolicy): boolean {
  const note = readNote(doc, noteId);
  if (!note) {
    return false;
  }
  if (policy === 'remove') {
    return removeNote(doc, noteId);
  }
  const text = policy === 'replace' ? ErasedTextPlaceholder : note.text;
  const author = note.author === null ? null : ErasedPersonName;
  if (text === note.text && author === note.author) {
    return false;
  }
  writeNote(doc, { ...note, text, author });
  return true;
}

/** Whether a stored (possibly unappliable) update holds items of the clients, or cannot even be decoded. */
export function holdsItemsOf(update: Uint8Array, clients: ReadonlySet<number>): boolean {
  try {
    return Y.decodeUpdate(update).structs.some((struct) => clients.has(struct.id.client));
  } catch {
    return true;
  }
}
