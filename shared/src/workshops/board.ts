import * as Y from 'yjs';

/**
 * A workshop board is two Yjs documents (names in shared/src/realtime/documents.ts):
 *
 * - **notes** (`<review>.board.<board>.notes`): the sticky notes and which clusters became actions. Read-only for every
 *   client connection: only the server writes it, with its own Yjs client id, so neither the items nor the awareness
 *   protocol can tell who wrote an anonymous note. People add, edit and delete notes over socket.io.
 * - **layout** (`<review>.board.<board>.layout`): what participants arrange directly: clusters (name, which notes
 *   belong) and impact/effort placements. Writable by facilitators, and by participants unless the workshop is locked.
 *
 * The layout is written by browsers, so every reader here is defensive: malformed entries are skipped, never trusted.
 */

export const BoardLimits = {
  noteMaxLength: 500,
  notesPerBoard: 300,
  clusterNameMaxLength: 120,
  clustersPerBoard: 60,
  minVotesPerPerson: 1,
  maxVotesPerPerson: 20,
  /** Note and vote requests per connection per ten seconds (a burst of clicks is fine; a script is not). */
  requestsPer10s: 40,
} as const;

/** One sticky note as every screen sees it. `author` is null for an anonymous note: nothing else names the author. */
export interface BoardNote {
  id: string;
  text: string;
  author: string | null;
  createdAt: number;
}

/** A cluster of notes (a theme, an idea, a priority). */
export interface BoardCluster {
  id: string;
  name: string;
  createdAt: number;
  noteIds: string[];
}

export const GridLevels = ['high', 'low'] as const;
export type GridLevel = (typeof GridLevels)[number];

/** Where an item (note or cluster) sits on the impact/effort grid. */
export interface GridPlacement {
  impact: GridLevel;
  effort: GridLevel;
}

/** The four quadrants, in reading order, with the plain words facilitators use. */
export const GridQuadrants: readonly (GridPlacement & { label: string })[] = [
  { impact: 'high', effort: 'low', label: 'High impact, low effort: quick wins' },
  { impact: 'high', effort: 'high', label: 'High impact, high effort: major projects' },
  { impact: 'low', effort: 'low', label: 'Low impact, low effort: fill-ins' },
  { impact: 'low', effort: 'high', label: 'Low impact, high effort: not now' },
];

export function quadrantLabel(placement: GridPlacement): string {
  return (
    GridQuadrants.find((q) => q.impact === placement.impact && q.effort === placement.effort)?.label ?? 'Not placed'
  );
}

const notesMap = (doc: Y.Doc) => doc.getMap<unknown>('notes');
/** Clusters that became rows of the action plan: cluster id → action id (written by the server). */
const outputsMap = (doc: Y.Doc) => doc.getMap<unknown>('actions');
const clustersMap = (doc: Y.Doc) => doc.getMap<unknown>('clusters');
/** Note id → cluster id: a note belongs to at most one cluster, and concurrent moves resolve to one. */
const membershipMap = (doc: Y.Doc) => doc.getMap<unknown>('membership');
const gridMap = (doc: Y.Doc) => doc.getMap<unknown>('grid');

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Y.AbstractType);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const isBoardItemId = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

// ── Notes document (server writes, everyone reads) ─────────────────────────────────────────────────────────

/** Server only: writes a new note. */
export function writeNote(doc: Y.Doc, note: BoardNote): void {
  notesMap(doc).set(note.id, { id: note.id, text: note.text, author: note.author, createdAt: note.createdAt });
}

/** Server only: replaces a note's text; false if there is no such note. */
export function rewriteNote(doc: Y.Doc, id: string, text: string): boolean {
  const existing = readNote(doc, id);
  if (!existing) {
    return false;
  }
  writeNote(doc, { ...existing, text });
  return true;
}

/** Server only. */
export function removeNote(doc: Y.Doc, id: string): boolean {
  if (!notesMap(doc).has(id)) {
    return false;
  }
  notesMap(doc).delete(id);
  return true;
}

export function readNote(doc: Y.Doc, id: string): BoardNote | null {
  const value = notesMap(doc).get(id);
  if (!isRecord(value) || value.id !== id || typeof value.text !== 'string') {
    return null;
  }
  return {
    id,
    text: value.text.slice(0, BoardLimits.noteMaxLength),
    author: typeof value.author === 'string' ? value.author : null,
    createdAt: typeof value.createdAt === 'number' ? value.createdAt : 0,
  };
}

/** Every note, oldest first. */
export function readNotes(doc: Y.Doc): BoardNote[] {
  return [...notesMap(doc).keys()]
    .map((id) => readNote(doc, id))
    .filter((note): note is BoardNote => note !== null)
    .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

/** Server only: records that a cluster became an action plan row. */
export function recordOutput(doc: Y.Doc, clusterId: string, actionId: string): void {
  outputsMap(doc).set(clusterId, actionId);
}

/** Cluster id → action id of the clusters already in the action plan. */
export function readOutputs(doc: Y.Doc): Map<string, string> {
  const outputs = new Map<string, string>();
  for (const [clusterId, actionId] of outputsMap(doc).entries()) {
    if (typeof actionId === 'string') {
      outputs.set(clusterId, actionId);
    }
  }
  return outputs;
}

// ── Layout document (participants write) ───────────────────────────────────────────────────────────────────

function cleanName(name: string): string {
  return name.trim().slice(0, BoardLimits.clusterNameMaxLength);
}

/** Groups notes into a new cluster (taking them out of any other). Returns its id, or null at the limit. */
export function addCluster(doc: Y.Doc, name: string, noteIds: readonly string[] = []): string | null {
  if (clustersMap(doc).size >= BoardLimits.clustersPerBoard) {
    return null;
  }
  const id = globalThis.crypto.randomUUID();
  doc.transact(() => {
    clustersMap(doc).set(id, { id, name: cleanName(name) || 'Untitled group', createdAt: Date.now() });
    for (const noteId of noteIds) {
      membershipMap(doc).set(noteId, id);
    }
  });
  return id;
}

export function renameCluster(doc: Y.Doc, id: string, name: string): void {
  const existing = clustersMap(doc).get(id);
  if (isRecord(existing) && cleanName(name)) {
    clustersMap(doc).set(id, { ...existing, id, name: cleanName(name) });
  }
}

/** Removes a cluster; its notes go back to the ungrouped notes. */
export function removeCluster(doc: Y.Doc, id: string): void {
  doc.transact(() => {
    clustersMap(doc).delete(id);
    for (const [noteId, clusterId] of [...membershipMap(doc).entries()]) {
      if (clusterId === id) {
        membershipMap(doc).delete(noteId);
      }
    }
    gridMap(doc).delete(id);
  });
}

/** Puts a note in a cluster, or takes it out (null). */
export function setNoteCluster(doc: Y.Doc, noteId: string, clusterId: string | null): void {
  if (clusterId === null) {
    membershipMap(doc).delete(noteId);
  } else {
    membershipMap(doc).set(noteId, clusterId);
  }
}

/**
 * Every cluster with its notes, oldest first. Notes that are not on the board any more are left out when `noteIds`
 * (the notes that exist) is given.
 */
export function readClusters(doc: Y.Doc, existingNotes?: Iterable<string>): BoardCluster[] {
  const noteIds = existingNotes ? new Set(existingNotes) : null;
  const clusters = new Map<string, BoardCluster>();
  for (const [id, value] of clustersMap(doc).entries()) {
    if (isBoardItemId(id) && isRecord(value) && typeof value.name === 'string') {
      clusters.set(id, {
        id,
        name: value.name.slice(0, BoardLimits.clusterNameMaxLength),
        createdAt: typeof value.createdAt === 'number' ? value.createdAt : 0,
        noteIds: [],
      });
    }
  }
  for (const [noteId, clusterId] of membershipMap(doc).entries()) {
    const cluster = typeof clusterId === 'string' ? clusters.get(clusterId) : undefined;
    if (cluster && (!noteIds || noteIds.has(noteId))) {
      cluster.noteIds.push(noteId);
    }
  }
  return [...clusters.values()].sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

export function hasCluster(doc: Y.Doc, id: string): boolean {
  return readClusters(doc).some((cluster) => cluster.id === id);
}

/** Places an item (note or cluster) on the impact/effort grid, or takes it off (null). */
export function placeOnGrid(doc: Y.Doc, itemId: string, placement: GridPlacement | null): void {
  if (placement === null) {
    gridMap(doc).delete(itemId);
  } else {
    gridMap(doc).set(itemId, { impact: placement.impact, effort: placement.effort });
  }
}

const isLevel = (value: unknown): value is GridLevel => value === 'high' || value === 'low';

/** Item id → placement, valid entries only. */
export function readGrid(doc: Y.Doc): Map<string, GridPlacement> {
  const grid = new Map<string, GridPlacement>();
  for (const [itemId, value] of gridMap(doc).entries()) {
    if (isRecord(value) && isLevel(value.impact) && isLevel(value.effort)) {
      grid.set(itemId, { impact: value.impact, effort: value.effort });
    }
  }
  return grid;
}
