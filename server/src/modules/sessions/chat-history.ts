import { RoomLimits, type ChatMessage } from '@crosswalk/shared';
import type { Redis } from 'ioredis';
import { z } from 'zod';

/**
 * The recent chat of each video session, shown to people who join late. Kept while the room has people in it:
 * in this process's memory, or in Redis (a capped list per session, expiring by itself) when several processes
 * share the rooms.
 */
export interface ChatHistory {
  append(sessionId: string, message: ChatMessage): Promise<void>;
  recent(sessionId: string): Promise<ChatMessage[]>;
  /** The room emptied: forget its chat. */
  clear(sessionId: string): Promise<void>;
}

export function createMemoryChatHistory(): ChatHistory {
  const chats = new Map<string, ChatMessage[]>();
  return {
    append(sessionId, message) {
      const chat = chats.get(sessionId) ?? [];
      chat.push(message);
      chat.splice(0, Math.max(0, chat.length - RoomLimits.chatHistory));
      chats.set(sessionId, chat);
      return Promise.resolve();
    },
    recent: (sessionId) => Promise.resolve([...(chats.get(sessionId) ?? [])]),
    clear(sessionId) {
      chats.delete(sessionId);
      return Promise.resolve();
    },
  };
}

const StoredMessage = z.strictObject({
  id: z.string(),
  userId: z.string(),
  displayName: z.string(),
  text: z.string(),
  at: z.string(),
});

/** A chat outlives an abandoned room by at most this long. */
const CHAT_TTL_SECONDS = 12 * 60 * 60;

export function createRedisChatHistory(redis: Redis, keyPrefix: string): ChatHistory {
  const key = (sessionId: string) => `${keyPrefix}chat:${sessionId}`;
  return {
    async append(sessionId, message) {
      await redis
        .multi()
        .rpush(key(sessionId), JSON.stringify(message))
        .ltrim(key(sessionId), -RoomLimits.chatHistory, -1)
        .expire(key(sessionId), CHAT_TTL_SECONDS)
        .exec();
    },
    async recent(sessionId) {
      const entries = await redis.lrange(key(sessionId), 0, -1);
      return entries.flatMap((entry) => {
        try {
          const parsed = StoredMessage.safeParse(JSON.parse(entry));
          return parsed.success ? [parsed.data] : [];
        } catch {
          return [];
        }
      });
    },
    async clear(sessionId) {
      await redis.del(key(sessionId));
    },
  };
}
