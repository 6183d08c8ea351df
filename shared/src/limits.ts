/** Numeric limits that the browser and the server both enforce. */
export const Limits = {
  /** Largest JSON body the API accepts, in bytes. */
  jsonBodyBytes: 100 * 1024,
  /**
   * Largest body of a school import: a GIAS export carries a hundred-odd columns (about 3 KB a school), so a
   * partnership's file is larger than any other request.
   */
  schoolImportBytes: 4 * 1024 * 1024,
  passwordMinLength: 12,
  passwordMaxLength: 256,
  emailMaxLength: 254,
  nameMaxLength: 120,
  /** How long an invitation link stays valid, in hours. */
  invitationValidHours: 72,
  /** How long a link to choose a new password stays valid, in minutes. */
  passwordResetValidMinutes: 60,
  /**
   * Largest WebSocket message the live-document endpoint accepts, in bytes. Bigger pastes arrive as several
   * updates; a client that sends more is closed with `messageTooLarge`.
   */
  collabMessageBytes: 1024 * 1024,
  /**
   * Largest socket.io message (video-room control, chat, workshop boards), in bytes, over WebSocket or long
   * polling. A bigger message is refused from its frame header or Content-Length and the connection closed.
   */
  sessionMessageBytes: 64 * 1024,
  /**
   * Largest live document, in stored bytes (snapshot plus update log). Past it the server refuses further updates
   * and closes the writer with `messageTooLarge`.
   */
  collabDocumentBytes: 16 * 1024 * 1024,
  /**
   * Largest clock a live document's update may reach for any client (a clock counts the characters and other
   * items one editor ever created). Real editors stay many orders of magnitude below; Yjs's arithmetic and lib0's
   * encoding break near 2^53, so an update reaching past this is refused before it touches the document.
   */
  collabMaxClock: 2 ** 32,
  /** Awareness (cursor and presence) messages per second and connection; bursts up to this many are allowed. */
  collabAwarenessPerSecond: 30,
  /** Largest single awareness state (one client's cursor and presence JSON), in bytes. */
  collabAwarenessStateBytes: 8 * 1024,
} as const;
