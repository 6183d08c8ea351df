import type { IncomingMessage } from 'node:http';
import { CollabQuery } from '@crosswalk/shared';
import { CollabRefusal } from '../../src/yjs/collab-refusal.ts';
import type { CollabGrant } from '../../src/yjs/types.ts';

/** The colour the test authorization gives everyone, so tests can see the server's rewrite. */
export const TEST_COLOUR = '#1f6f8b';

/**
 * The tests' stand-in for ticket checking: `write:<user>` and `read:<user>` open any document with that
 * access, `forbidden:<user>` is refused with 403, anything else (or nothing) with 401.
 */
export function testAuthorize(request: IncomingMessage): Promise<CollabGrant | null> {
  const ticket = new URL(request.url ?? '/', 'http://localhost').searchParams.get(CollabQuery.ticket) ?? '';
  const match = /^(write|read|forbidden):([a-z0-9-]+)$/.exec(ticket);
  if (!match?.[2]) {
    return Promise.resolve(null);
  }
  const [, kind, userId] = match;
  if (kind === 'forbidden') {
    return Promise.reject(new CollabRefusal(403));
  }
  return Promise.resolve({
    userId,
    displayName: `Test ${userId}`,
    colour: TEST_COLOUR,
    access: kind === 'write' ? 'write' : 'read',
  });
}
