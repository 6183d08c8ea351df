import type { Redis } from 'ioredis';

/**
 * Closes a Redis connection without failing commands still in flight: QUIT (answered after every earlier reply)
 * when connected, otherwise a plain disconnect (nothing can be in flight then).
 */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status === 'ready') {
    try {
      await client.quit();
      return;
    } catch {
      // The connection dropped meanwhile: disconnect below.
    }
  }
  client.disconnect();
}
