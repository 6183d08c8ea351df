import type { Redis } from 'ioredis';
import { z } from 'zod';

/** Who types a room's captions; someone removed from it. */
export interface RoomPerson {
  userId: string;
  displayName: string;
}
type Captioner = RoomPerson;

/**
 * What moderators decide about a room that outlives any one connection: whether it is locked, who was removed (and
 * may not come back until allowed) and who types the captions. In this process's memory, or in Redis when several
 * processes share the rooms (like the chat). The captions themselves are never kept.
 */
export interface RoomControlStore {
  locked(sessionId: string): Promise<boolean>;
  setLocked(sessionId: string, locked: boolean): Promise<void>;
  removed(sessionId: string, userId: string): Promise<boolean>;
  /** Everyone removed from the session and not yet allowed back. */
  removedList(sessionId: string): Promise<RoomPerson[]>;
  remove(sessionId: string, person: RoomPerson): Promise<void>;
  /** False if the person had not been removed. */
  allowBack(sessionId: string, userId: string): Promise<boolean>;
  captioner(sessionId: string): Promise<Captioner | null>;
  setCaptioner(sessionId: string, captioner: Captioner | null): Promise<void>;
  /** The room emptied: unlock it and forget its captioner (removals stay until allowed back). */
  clear(sessionId: string): Promise<void>;
}

export function createMemoryRoomControls(): RoomControlStore {
  const locks = new Set<string>();
  const removals = new Map<string, Map<string, string>>();
  const captioners = new Map<string, Captioner>();
  return {
    locked: (sessionId) => Promise.resolve(locks.has(sessionId)),
    setLocked(sessionId, locked) {
      if (locked) {
        locks.add(sessionId);
      } else {
        locks.delete(sessionId);
      }
      return Promise.resolve();
    },
    removed: (sessionId, userId) => Promise.resolve(removals.get(sessionId)?.has(userId) ?? false),
    removedList: (sessionId) =>
      Promise.resolve(
        [...(removals.get(sessionId) ?? new Map<string, string>())].map(([userId, displayName]) => ({
          userId,
          displayName,
        })),
      ),
    remove(sessionId, { userId, displayName }) {
      const removed = removals.get(sessionId) ?? new Map<string, string>();
      removed.set(userId, displayName);
      removals.set(sessionId, removed);
      return Promise.resolve();
    },
    allowBack: (sessionId, userId) => Promise.resolve(removals.get(sessionId)?.delete(userId) ?? false),
    captioner: (sessionId) => Promise.resolve(captioners.get(sessionId) ?? null),
    setCaptioner(sessionId, captioner) {
      if (captioner) {
        captioners.set(sessionId, captioner);
      } else {
        captioners.delete(sessionId);
      }
      return Promise.resolve();
    },
    clear(sessionId) {
      locks.delete(sessionId);
      captioners.delete(sessionId);
      return Promise.resolve();
    },
  };
}

const StoredCaptioner = z.strictObject({ userId: z.string(), displayName: z.string() });

/** A removal outlasts the day of the session; a lock or a captioner of an abandoned room half a day. */
const REMOVAL_TTL_SECONDS = 7 * 24 * 60 * 60;
const STATE_TTL_SECONDS = 12 * 60 * 60;

export function createRedisRoomControls(redis: Redis, keyPrefix: string): RoomControlStore {
  const state = (sessionId: string) => `${keyPrefix}room:${sessionId}`;
  const removedKey = (sessionId: string) => `${keyPrefix}room:${sessionId}:removed`;
  return {
    async locked(sessionId) {
      return (await redis.hget(state(sessionId), 'locked')) === '1';
    },
    async setLocked(sessionId, locked) {
      await redis
        .multi()
        .hset(state(sessionId), 'locked', locked ? '1' : '0')
        .expire(state(sessionId), STATE_TTL_SECONDS)
        .exec();
    },
    async removed(sessionId, userId) {
      return (await redis.hexists(removedKey(sessionId), userId)) === 1;
    },
    async removedList(sessionId) {
      const all = await redis.hgetall(removedKey(sessionId));
      return Object.entries(all).map(([userId, displayName]) => ({ userId, displayName }));
    },
    async remove(sessionId, { userId, displayName }) {
      await redis
        .multi()
        .hset(removedKey(sessionId), userId, displayName)
        .expire(removedKey(sessionId), REMOVAL_TTL_SECONDS)
        .exec();
    },
    async allowBack(sessionId, userId) {
      return (await redis.hdel(removedKey(sessionId), userId)) === 1;
    },
    async captioner(sessionId) {
      const stored = await redis.hget(state(sessionId), 'captioner');
      if (!stored) {
        return null;
      }
      try {
        const parsed = StoredCaptioner.safeParse(JSON.parse(stored));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    },
    async setCaptioner(sessionId, captioner) {
      await (captioner
        ? redis
            .multi()
            .hset(state(sessionId), 'captioner', JSON.stringify(captioner))
            .expire(state(sessionId), STATE_TTL_SECONDS)
            .exec()
        : redis.hdel(state(sessionId), 'captioner'));
    },
    async clear(sessionId) {
      await redis.del(state(sessionId));
    },
  };
}
