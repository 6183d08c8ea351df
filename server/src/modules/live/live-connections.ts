import type { Realtime } from '@crosswalk/realtime';
import type { Logger } from '../../logger.ts';
import { sessionLogId } from '../auth/auth.service.ts';
import { reviewOfDocument, type DocumentGrants, type LiveAccess } from './document-grants.ts';
import type { RoomDecisions } from './room-grants.ts';

/** Where one of this process's socket.io connections is: in a video room, or waiting in its lobby. */
interface RoomPlace {
  userId: string;
  roomId: string;
  where: 'room' | 'lobby';
}

/**
 * This process's live connections (live documents, workshop boards, video rooms) and what happens to them when
 * who may hold them changes: re-deciding a review's connections, and ending a sign-in's.
 */
export class LiveConnections {
  readonly #realtime: Realtime;
  readonly #documents: Pick<DocumentGrants, 'decide'>;
  readonly #rooms: Pick<RoomDecisions, 'refusal'>;
  readonly #roomsOfReview: (reviewId: string) => Promise<string[]>;
  readonly #logger: Logger;
  /** Re-decisions under way, per review, with how many times one was asked for. */
  readonly #running = new Map<string, { asked: number; done: Promise<void> }>();

  constructor(deps: {
    realtime: Realtime;
    documents: Pick<DocumentGrants, 'decide'>;
    rooms: Pick<RoomDecisions, 'refusal'>;
    /** The video rooms of a review: its sessions and their breakout groups still meeting. */
    roomsOfReview: (reviewId: string) => Promise<string[]>;
    logger: Logger;
  }) {
    this.#realtime = deps.realtime;
    this.#documents = deps.documents;
    this.#rooms = deps.rooms;
    this.#roomsOfReview = deps.roomsOfReview;
    this.#logger = deps.logger;
  }

  /**
   * Re-decides every connection of this process to one review, fresh from the permission rules: live documents
   * (enquiry document and workshop boards) that lost access are closed and read-only ones told; people who may no
   * longer be in a video room (or its lobby) are removed from it. Asked again while running, it runs once more
   * after, so the last decision applied is one read after the last change. Never rejects (failures are logged).
   */
  redecideReview(reviewId: string): Promise<void> {
    const running = this.#running.get(reviewId);
    if (running) {
      running.asked += 1;
      return running.done;
    }
    const run = { asked: 1, done: Promise.resolve() };
    run.done = (async () => {
      try {
        let answered: number;
        do {
          answered = run.asked;
          await Promise.all([this.#redecideDocuments(reviewId), this.#redecideRooms(reviewId)]);
        } while (answered !== run.asked);
      } finally {
        this.#running.delete(reviewId);
      }
    })();
    this.#running.set(reviewId, run);
    return run.done;
  }

  /** Ends this process's connections of one sign-in (socket.io, documents and boards) at once. */
  endSignIn(signInId: string): void {
    const ended = this.#realtime.endSession(signInId);
    if (ended > 0) {
      this.#logger.info({ session: sessionLogId(signInId), connections: ended }, 'live connections of a sign-in ended');
    }
  }

  /**
   * Ends this process's connections whose sign-in is no longer live: expired (absolute or idle), or ended while the
   * event announcing it was lost (Redis unreachable), or ended while the connection was being opened. One query for
   * all of them.
   */
  async endStaleSignIns(liveAmong: (signInIds: readonly string[]) => Promise<Set<string>>): Promise<void> {
    const open = [...this.#realtime.openSessions()];
    if (open.length === 0) {
      return;
    }
    const live = await liveAmong(open);
    for (const signInId of open) {
      if (!live.has(signInId)) {
        this.endSignIn(signInId);
      }
    }
  }

  async #redecideDocuments(reviewId: string): Promise<void> {
    const collab = this.#realtime.collab;
    if (!collab) {
      return;
    }
    try {
      const open = [...collab.connections()].filter((c) => reviewOfDocument(c.documentName) === reviewId);
      const decided = new Map<string, LiveAccess>();
      for (const { userId, documentName } of open) {
        const key = `${userId} ${documentName}`;
        if (!decided.has(key)) {
          decided.set(key, await this.#documents.decide(userId, documentName));
        }
      }
      for (const connection of open) {
        collab.setAccess(connection, decided.get(`${connection.userId} ${connection.documentName}`) ?? 'none');
      }
    } catch (error) {
      this.#logger.error({ err: error, reviewId }, 'could not re-decide live-document access');
    }
  }

  async #redecideRooms(reviewId: string): Promise<void> {
    try {
      const places = this.#roomPlaces();
      if (places.length === 0) {
        return;
      }
      const rooms = new Set(await this.#roomsOfReview(reviewId));
      const decided = new Set<string>();
      for (const { userId, roomId, where } of places) {
        const key = `${userId} ${roomId} ${where}`;
        if (!rooms.has(roomId) || decided.has(key)) {
          continue;
        }
        decided.add(key);
        const refusal = await this.#rooms.refusal(userId, roomId, where);
        if (refusal !== null) {
          this.#realtime.evictFromSession(roomId, userId, refusal);
        }
      }
    } catch (error) {
      this.#logger.error({ err: error, reviewId }, 'could not re-decide video-room access');
    }
  }

  /** Where this process's socket.io connections are (read from each connection; nothing is changed). */
  #roomPlaces(): RoomPlace[] {
    const places: RoomPlace[] = [];
    for (const socket of this.#realtime.io.of('/').sockets.values()) {
      const { user, peer, sessionId, waitingFor } = socket.data;
      if (peer && sessionId !== undefined) {
        places.push({ userId: user.userId, roomId: sessionId, where: 'room' });
      }
      if (waitingFor !== undefined) {
        places.push({ userId: user.userId, roomId: waitingFor, where: 'lobby' });
      }
    }
    return places;
  }
}
