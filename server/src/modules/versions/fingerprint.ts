import { createHash } from 'node:crypto';
import { DocumentParts, type DocumentPart } from '@crosswalk/shared';

/**
 * The SHA-256 fingerprint of a saved version: the exact bytes stored for each part, in the fixed order of
 * `DocumentParts`, each preceded by its name and length so no two different versions can hash alike by
 * shifting bytes between parts. Printed on the agreed report and beside each sign-off, so a reader can tell
 * that the report in their hands is the one that was signed.
 */
export function versionFingerprint(parts: readonly { part: DocumentPart; state: Uint8Array }[]): string {
  const hash = createHash('sha256');
  for (const name of DocumentParts) {
    const found = parts.find((p) => p.part === name);
    const state = found?.state ?? new Uint8Array();
    hash.update(`${name}\n${state.byteLength}\n`);
    hash.update(state);
  }
  return hash.digest('hex');
}

/** Kept here too for callers on the server; the browser formats fingerprints the same way. */
export { formatFingerprint } from '@crosswalk/shared';
