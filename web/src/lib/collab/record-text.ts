import * as Y from 'yjs';

/** The shared text in one field of a list record (an action, a finding…), or null if the record or field is gone. */
export function recordText(record: Y.Map<unknown> | undefined, field: string): Y.Text | null {
  const value = record?.get(field);
  return value instanceof Y.Text ? value : null;
}
