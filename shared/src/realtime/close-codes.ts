/**
 * WebSocket close codes used by the realtime endpoints (4000–4999 is the application range).
 * Clients read the code to decide whether to reconnect.
 */
export const CloseCode = {
  /** No valid ticket or session: sign in again. */
  unauthorized: 4401,
  /**
   * The sign-in session ended (signed out here or in another tab, password changed, account removed, or the session
   * expired): clear what the browser holds and show the sign-in page. Like HTTP's unofficial 440 "login time-out".
   */
  signedOut: 4440,
  /** Signed in, but not a member of this review (or no longer). */
  forbidden: 4403,
  /** The document or room does not exist. */
  notFound: 4404,
  /** A message could not be decoded. */
  malformedMessage: 4400,
  /** A message was larger than allowed. */
  messageTooLarge: 4413,
  /** The client sent too much, too fast. */
  rateLimited: 4429,
  /** The server is shutting down; reconnect to another process. */
  goingAway: 1001,
  /** The server could not serve the document (e.g. storage unavailable); reconnect later. */
  serverError: 1011,
  /** The client fell too far behind reading what the server sent; reconnect and resynchronise. */
  tryAgainLater: 1013,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];
