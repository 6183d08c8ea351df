/** A version's SHA-256 fingerprint as people read it: eight groups of eight hexadecimal digits. */
export function formatFingerprint(fingerprint: string): string {
  return (fingerprint.match(/.{1,8}/g) ?? []).join(' ');
}
