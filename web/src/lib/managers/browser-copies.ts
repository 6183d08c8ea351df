/**
 * What Crosswalk keeps in this browser for the person signed in, and how it is all removed when their session ends
 * (they sign out, or the server ends it). A staff-room computer shared by several people is the normal case in
 * schools, so nothing confidential may outlive the sign-in that brought it here.
 */

/** Every IndexedDB database Crosswalk creates starts with this (the document copies: `crosswalk:<user>:<document>`). */
const DATABASE_PREFIX = 'crosswalk:';

/** Where the live document keeps its offline copies for one person. */
export function documentStoragePrefix(userId: string): string {
  return `${DATABASE_PREFIX}${userId}:`;
}

/** Things holding open local copies (the live document's parts): closed before their databases are deleted. */
const openCopies = new Set<() => Promise<void>>();

/** Registers a way to close an open local copy; returns the function that unregisters it. */
export function registerOpenCopy(close: () => Promise<void>): () => void {
  openCopies.add(close);
  return () => {
    openCopies.delete(close);
  };
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    // Other tabs close their connections when asked (lib0 closes on `versionchange`); then the deletion completes.
    request.onsuccess = () => {
      resolve();
    };
    request.onerror = () => {
      resolve();
    };
  });
}

/**
 * Removes everything Crosswalk keeps in this browser: open local copies are closed, every Crosswalk IndexedDB
 * database (whoever's it was) and every Cache Storage entry of this site are deleted, and so is this tab's session
 * storage. In-memory state goes with the full page load that follows (`endOfSession`).
 */
export async function clearBrowserCopies(): Promise<void> {
  const closing = [...openCopies];
  openCopies.clear();
  await Promise.all(closing.map((close) => close().catch(() => undefined)));
  const databases = await indexedDB.databases();
  await Promise.all(
    databases
      .map((database) => database.name)
      .filter((name): name is string => name?.startsWith(DATABASE_PREFIX) ?? false)
      .map(deleteDatabase),
  );
  if ('caches' in globalThis) {
    const keys = await caches.keys();
    await Promise.all(keys.map((key) => caches.delete(key)));
  }
  sessionStorage.clear();
}
