/**
 * Thrown by a `CollabAuthorize` function to refuse an upgrade with a specific HTTP status, e.g. 403 for a valid
 * ticket to a document the person may not open (returning null always means 401).
 */
export class CollabRefusal extends Error {
  readonly status: 401 | 403 | 404;

  constructor(status: 401 | 403 | 404, message = 'Refused') {
    super(message);
    this.name = 'CollabRefusal';
    this.status = status;
  }
}
