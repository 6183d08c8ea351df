import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * How long a ticket opens connections for. Connections stay open after; reconnecting needs a fresh ticket. A ticket
 * also stops opening anything the moment its sign-in ends (see `DocumentGrants.authorize`).
 */
export const TICKET_TTL_SECONDS = 10 * 60;

export interface TicketClaims {
  /** The person. */
  userId: string;
  /** The review whose documents (or video session) the ticket opens. */
  reviewId: string;
  /** The sign-in it was issued to (its id, a hash of the cookie, never the cookie itself). */
  signInId: string;
  /** Expiry, seconds since the epoch. */
  exp: number;
}

/** What a service hands the browser to open live documents (enquiry document or workshop boards) with. */
export interface MintedTicket {
  ticket: string;
  /** Seconds. */
  expiresIn: number;
}

/**
 * Short-lived, signed realtime tickets (HMAC-SHA256): `base64url(claims).base64url(signature)`, one format for every
 * live document. A ticket proves who the person is, which review they asked for and from which sign-in; what they
 * may do is decided afresh at every connection (`DocumentGrants`).
 */
export class Tickets {
  readonly #secret: Buffer;
  constructor(secret: Buffer) {
    this.#secret = secret;
  }

  /** A ticket for the live documents of one review, bound to the sign-in `signInId`. */
  mint(userId: string, reviewId: string, signInId: string): MintedTicket {
    return { ticket: this.issue(userId, reviewId, signInId), expiresIn: TICKET_TTL_SECONDS };
  }

  issue(userId: string, reviewId: string, signInId: string, now = Date.now()): string {
    const claims: TicketClaims = { userId, reviewId, signInId, exp: Math.floor(now / 1000) + TICKET_TTL_SECONDS };
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${payload}.${this.#sign(payload)}`;
  }

  /** The claims of a genuine, unexpired ticket, or null. */
  verify(ticket: string | null | undefined, now = Date.now()): TicketClaims | null {
    if (!ticket || ticket.length > 1000) {
      return null;
    }
    const [payload, signature, extra] = ticket.split('.');
    if (!payload || !signature || extra !== undefined) {
      return null;
    }
    const expected = Buffer.from(this.#sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      return null;
    }
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<TicketClaims>;
      if (
        typeof claims.userId !== 'string' ||
        typeof claims.reviewId !== 'string' ||
        typeof claims.signInId !== 'string' ||
        typeof claims.exp !== 'number'
      ) {
        return null;
      }
      const { userId, reviewId, signInId, exp } = claims;
      return exp * 1000 > now ? { userId, reviewId, signInId, exp } : null;
    } catch {
      return null;
    }
  }

  #sign(payload: string): string {
    return createHmac('sha256', this.#secret).update(payload).digest('base64url');
  }
}
