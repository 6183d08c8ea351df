import { CloseCode } from '@crosswalk/shared';

/**
 * Thrown while handling a client's message when the client broke the protocol or a limit; the connection is
 * closed with `code`. The message says what was wrong and never includes document content.
 */
export class ProtocolViolation extends Error {
  readonly code: CloseCode;

  constructor(code: CloseCode, message: string) {
    super(message);
    this.name = 'ProtocolViolation';
    this.code = code;
  }
}

/** The usual case: bytes that do not decode as the protocol says. */
export function malformed(message: string): ProtocolViolation {
  return new ProtocolViolation(CloseCode.malformedMessage, message);
}
