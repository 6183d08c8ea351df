/**
 * The STUN and TURN servers one person's browser may use for video.
 *
 * TURN credentials follow the "TURN REST API" scheme that coturn implements with `use-auth-secret`: the username is
 * `<expiry in unix seconds>:<user id>` and the password is base64(HMAC-SHA1(shared secret, username)). The TURN
 * server recomputes the password from the username with the same secret and refuses it once the expiry has
 * passed, so nothing is stored anywhere and a leaked credential is useless within the hour.
 */
import { createHmac } from 'node:crypto';
import type { IceServerConfig } from '@crosswalk/shared';
import type { Config } from '../../config.ts';

/** Credentials never live longer than an hour, whatever the configuration says. */
export const TURN_TTL_MAX_SECONDS = 60 * 60;

export interface TurnCredential {
  username: string;
  credential: string;
}

/** One person's TURN credential, valid until `expiresAt` (unix seconds). */
export function turnCredential(secret: string, userId: string, expiresAt: number): TurnCredential {
  const username = `${String(expiresAt)}:${userId}`;
  return { username, credential: createHmac('sha1', secret).update(username).digest('base64') };
}

export interface IceServerIssuer {
  /** The ICE servers for `userId`'s browser, with TURN credentials that expire at most an hour after `now`. */
  iceServersFor(userId: string, now: Date): IceServerConfig[];
}

export function createIceServerIssuer(config: Pick<Config, 'iceServers' | 'turn'>): IceServerIssuer {
  const { iceServers, turn } = config;
  if (!turn) {
    return { iceServersFor: () => iceServers };
  }
  const ttl = Math.max(1, Math.min(turn.ttlSeconds, TURN_TTL_MAX_SECONDS));
  return {
    iceServersFor(userId, now) {
      const expiresAt = Math.floor(now.getTime() / 1000) + ttl;
      return [...iceServers, { urls: turn.urls, ...turnCredential(turn.secret, userId, expiresAt) }];
    },
  };
}

/**
 * Why ICE_SERVERS holds a TURN password that never changes, or undefined. Anyone who has been in one call can copy
 * it from their browser and relay through the server for ever; the shared secret (TURN_SECRET) avoids that.
 */
export function staticTurnCredentialWarning(config: Pick<Config, 'iceServers'>): string | undefined {
  const urlsOf = (server: IceServerConfig) => (Array.isArray(server.urls) ? server.urls : [server.urls]);
  const fixed = config.iceServers.filter(
    (server) => server.credential !== undefined && urlsOf(server).some((url) => /^turns?:/.test(url)),
  );
  return fixed.length === 0
    ? undefined
    : 'ICE_SERVERS holds a TURN server with a fixed password, which every participant can read and reuse: ' +
        'set TURN_URLS and TURN_SECRET instead, so that each person gets a password that expires within the hour';
}
