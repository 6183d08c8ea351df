import { CloseCode } from '@crosswalk/shared';
import * as Y from 'yjs';
import { ProtocolViolation } from '../updates/protocol-violation.ts';
import type { CollabGrant } from './types.ts';
import type { DecodedUpdate } from '../updates/update-inspection.ts';

/** Which part of the connection's identity an author field must hold. */
export type AuthorField = 'userId' | 'displayName';

/**
 * The map keys of a document that say who wrote a record (e.g. `{ reviewerId: 'userId' }`), or null for a
 * document without any. The host application supplies them: the live-document server knows no product.
 */
export type AuthorFieldsOf = (documentName: string) => Readonly<Record<string, AuthorField>> | null;

/** Where a decoded item sits: the record (map) it belongs to and its key there, as Yjs will integrate it. */
interface Placement {
  parent: Y.ID | string | null;
  key: string | null;
}

/**
 * Refuses an update that sets an author field anywhere but in a record the same update creates, or to anything
 * but the connection's own identity: who wrote a record comes from the signed-in connection, never from the
 * client's data. A record's author can therefore be written once, by its author, and never changed.
 *
 * Items the document already holds (a reconnecting client sends its earlier records again) are not looked at:
 * Yjs ignores them. An item that does not carry its key or parent (Yjs leaves them out when the item has an
 * origin) takes them from its origin, looked up in the update and then in the document, as Yjs does.
 *
 * @throws ProtocolViolation (forbidden) when the update attributes a record to someone else
 */
export function assertAuthorship(
  doc: Y.Doc,
  decoded: DecodedUpdate,
  fields: Readonly<Record<string, AuthorField>>,
  grant: Pick<CollabGrant, 'userId' | 'displayName'>,
): void {
  const store = doc.store;
  const inUpdate = new Map<number, Y.Item[]>();
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Item) {
      const items = inUpdate.get(struct.id.client) ?? [];
      items.push(struct);
      inUpdate.set(struct.id.client, items);
    }
  }
  const placements = new Map<Y.Item, Placement>();
  const itemAt = (id: Y.ID): Y.Item | null => {
    const found = findItem(inUpdate.get(id.client) ?? [], id.clock);
    if (found) {
      return found;
    }
    if (id.clock >= Y.getState(store, id.client)) {
      return null;
    }
    const item: unknown = Y.getItem(store, id);
    return item instanceof Y.Item ? item : null;
  };
  const placementOf = (item: Y.Item): Placement => {
    // Follows origins iteratively: a crafted chain of overwrites must not exhaust the stack.
    const chain: Y.Item[] = [];
    let cursor: Y.Item | null = item;
    let placement: Placement = { parent: null, key: null };
    while (cursor) {
      const known = placements.get(cursor);
      if (known) {
        placement = known;
        break;
      }
      if (cursor.parent !== null || cursor.parentSub !== null || (!cursor.origin && !cursor.rightOrigin)) {
        placement = { parent: parentOf(cursor.parent), key: cursor.parentSub };
        placements.set(cursor, placement);
        break;
      }
      chain.push(cursor);
      const next: Y.ID | null = cursor.origin ?? cursor.rightOrigin;
      cursor = next ? itemAt(next) : null;
      if (cursor && chain.includes(cursor)) {
        break;
      }
    }
    for (const link of chain) {
      placements.set(link, placement);
    }
    return placement;
  };

  for (const items of inUpdate.values()) {
    for (const item of items) {
      if (item.id.clock + item.length <= Y.getState(store, item.id.client)) {
        continue;
      }
      const { parent, key } = placementOf(item);
      const field = key === null ? undefined : fields[key];
      if (field === undefined) {
        continue;
      }
      const newRecord = parent instanceof Y.ID && parent.clock >= Y.getState(store, parent.client);
      if (!newRecord) {
        throw new ProtocolViolation(CloseCode.forbidden, 'update changes who wrote a record');
      }
      const values = item.content instanceof Y.ContentAny ? item.content.getContent() : [];
      if (values.length === 0 || values.some((value) => value !== grant[field])) {
        throw new ProtocolViolation(CloseCode.forbidden, 'update attributes a record to someone else');
      }
    }
  }
}

/** The parent as decoded: the id of the map's item, a root type's name, or nothing. */
function parentOf(parent: unknown): Y.ID | string | null {
  if (parent instanceof Y.ID || typeof parent === 'string') {
    return parent;
  }
  if (parent instanceof Y.AbstractType) {
    return parent._item ? parent._item.id : Y.findRootTypeKey(parent);
  }
  return null;
}

/** The item of one client's (clock-ordered) items that holds `clock`. */
function findItem(items: readonly Y.Item[], clock: number): Y.Item | null {
  let low = 0;
  let high = items.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const item = items[middle];
    if (!item) {
      return null;
    }
    if (clock < item.id.clock) {
      high = middle - 1;
    } else if (clock >= item.id.clock + item.length) {
      low = middle + 1;
    } else {
      return item;
    }
  }
  return null;
}
