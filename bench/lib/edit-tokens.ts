/**
 * How the benchmark's editors mark their edits: each edit inserts `~<id>~`, and whoever sees a sync update message
 * (y-websocket type 0, step 2) can tell which edits it carries. Shared by the load generator (arrival at another
 * editor) and the server probe (time inside the server).
 */
const TILDE = 0x7e;
const ZERO = 0x30;
const NINE = 0x39;

/** The text an edit with this id inserts. */
export function editToken(id: number): string {
  return `~${String(id)}~`;
}

/** Calls `each` with the id of every edit a sync update message carries; ignores every other message. */
export function forEachEditToken(bytes: Uint8Array, each: (id: number) => void): void {
  if (bytes[0] !== 0 || bytes[1] !== 2) {
    return;
  }
  // A byte scan rather than a regular expression over a string, to keep its cost small next to the server's.
  for (let start = bytes.indexOf(TILDE, 2); start !== -1; start = bytes.indexOf(TILDE, start + 1)) {
    let id = 0;
    let index = start + 1;
    for (let byte = bytes[index] ?? 0; byte >= ZERO && byte <= NINE; byte = bytes[index] ?? 0) {
      id = id * 10 + byte - ZERO;
      index += 1;
    }
    if (index > start + 1 && bytes[index] === TILDE) {
      each(id);
      start = index;
    }
  }
}
