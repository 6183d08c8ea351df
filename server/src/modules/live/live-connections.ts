import type { AppRealtime } from '../../app-sockets.ts';
import type { Logger } from '../../logger.ts';
import { signInLogId } from '../auth/auth.service.ts';
import type { LiveDecision } from '@crosswalk/shared';
import { reviewOfDocument, type DocumentGrants } from './document-grants.ts';
import type { RoomDecisions } from './room-grants.ts';

/** How many document decisions (person and document) one re-decision reads from the database at a time. */
const DECISIONS_AT_ONCE = 4;

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
  readonly #realtime: AppRealtime;
  readonly #documents: Pick<DocumentGrants, 'decide'>;
  readonly #rooms: Pick<RoomDecisions, 'refusal'>;
  readonly #evictFromRoom: (roomId: string, userId: string, reason: string) => void;
  readonly #roomsOfReview: (reviewId: string) => Promise<string[]>;
  readonly #logger: Logger;
  /** Re-decisions under way, per review, with how many times one was asked for. */
  readonly #running = new Map<string, { asked: number; done: Promise<void> }>();

  constructor(deps: {
    realtime: AppRealtime;
    documents: Pick<DocumentGrants, 'decide'>;
    rooms: Pick<RoomDecisions, 'refusal'>;
    /** Removes a person from a video room (or its lobby) that this process serves, telling them why. */
    evictFromRoom: (roomId: string, userId: string, reason: string) => void;
    /** The video rooms of a review: its sessions and their breakout groups still meeting. */
    roomsOfReview: (reviewId: string) => Promise<string[]>;
    logger: Logger;
  }) {
    this.#realtime = deps.realtime;
    this.#documents = deps.documents;
    this.#rooms = deps.rooms;
    this.#evictFromRoom = deps.evictFromRoom;
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
          const started = performance.now();
          const [documents, rooms] = await Promise.all([
            this.#redecideDocuments(reviewId),
            this.#redecideRooms(reviewId),
          ]);
          const ms = Math.round(performance.now() - started);
          this.#logger.debug({ reviewId, documents, rooms, ms }, 'live connections of a review re-decided');
        } while (answered !== run.asked);
      } finally {
        this.#running.delete(reviewId);
      }
    })();
    this.#running.set(reviewId, run);
    return run.done;
  }

  /**
   * Drops a review's live documents (enquiry document and workshop boards) from this process without writing them
   * back, closing their connections (retention deletes their rows next). Never rejects (failures are logged).
   */
  async discardReview(reviewId: string): Promise<void> {
    try {
      const discarded = await this.#realtime.collab?.discard((name) => reviewOfDocument(name) === reviewId);
      this.#logger.info({ reviewId, documents: discarded?.length ?? 0 }, 'live documents of a review discarded');
    } catch (error) {
      this.#logger.error({ err: error, reviewId }, 'could not discard the live documents of a review');
    }
  }

  /** Ends this process's connections of one sign-in (socket.io, documents and boards) at once. */
  endSignIn(signInId: string): void {
    const ended = this.#realtime.endSignIn(signInId);
    if (ended > 0) {
      this.#logger.info({ signIn: signInLogId(signInId), connections: ended }, 'live connections of a sign-in ended');
    }
  }

  /**
   * Ends this process's connections whose sign-in is no longer live: expired (absolute or idle), or ended while the
   * event announcing it was lost (Redis unreachable), or ended while the connection was being opened. One query for
   * all of them.
   */
  async endStaleSignIns(liveAmong: (signInIds: readonly string[]) => Promise<Set<string>>): Promise<void> {
    const open = [...this.#realtime.openSignIns()];
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

  /** How many document connections of the review were re-decided. */
  async #redecideDocuments(reviewId: string): Promise<number> {
    const collab = this.#realtime.collab;
    if (!collab) {
      return 0;
    }
    try {
      const open = [...collab.connections()].filter((c) => reviewOfDocument(c.documentName) === reviewId);
      const keyOf = (c: { userId: string; documentName: string }) => `${c.userId} ${c.documentName}`;
      const distinct = [...new Map(open.map((c) => [keyOf(c), c])).values()];
      const decided = new Map<string, LiveDecision>();
      // A few at a time: quicker than one by one, without taking the whole database pool from the requests.
      for (let start = 0; start < distinct.length; start += DECISIONS_AT_ONCE) {
        await Promise.all(
          distinct.slice(start, start + DECISIONS_AT_ONCE).map(async (c) => {
            decided.set(keyOf(c), await this.#documents.decide(c.userId, c.documentName));
          }),
        );
      }
      for (const connection of open) {
        collab.setAccess(connection, decided.get(keyOf(connection)) ?? 'none');
      }
      return open.length;
    } catch (error) {
      this.#logger.error({ err: error, reviewId }, 'could not re-decide live-document access');
      return 0;
    }
  }

  /** How many people's places in the review's video rooms were re-decided. */
  async #redecideRooms(reviewId: string): Promise<number> {
    try {
      const places = this.#roomPlaces();
      if (places.length === 0) {
        return 0;
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
          this.#evictFromRoom(roomId, userId, refusal);
        }
      }
      return decided.size;
    } catch (error) {
      this.#logger.error({ err: error, reviewId }, 'could not re-decide video-room access');
      return 0;
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
